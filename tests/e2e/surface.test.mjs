// The loss surface and the confusion matrix, read from the screen and compared with values the
// test computes itself in the page's own wasm module (a fresh Network from the snapshot).

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useBrowser, openPage, snapshot, frames, screenshot, SHOTS, whenReady } from "./harness.mjs";

const env = useBrowser();

/** The surface computed independently: same spec, weights, training points, parameters, n and span. */
function independentSurface(page, snap, n, span) {
  return page.evaluate(async ({ snap, n, span }) => {
    const m = await import("./pkg/backprop_lab.js");
    const net = new m.Network(snap.spec);
    net.setParams(snap.params);
    const train = snap.points.filter((p) => !p.test);
    const xs = new Float64Array(train.flatMap((p) => [p.x1, p.x2]));
    const labels = new Uint32Array(train.map((p) => p.label));
    const last = snap.spec.layers.length - 2;
    const losses = net.lossSurface(xs, labels, {
      first: { layer: last, param: "W", row: 0, col: 0 }, second: { layer: last, param: "W", row: 0, col: 1 }, n, span,
    });
    net.free();
    return { lo: Math.min(...losses), hi: Math.max(...losses) };
  }, { snap, n, span });
}

/** The page's loss format (5 decimals below 1000, as the readouts). */
const loss5 = (v) => v.toFixed(5);

test("the loss surface: around the current weights, the path follows each step, the red dot is where the weights are", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url, { width: 1280, height: 900 });
  const section = page.locator("#surface");
  await section.scrollIntoViewIfNeeded();
  const note = page.locator("#surface-note");
  await note.filter({ hasText: /Around W\[3\]₁₁/ }).waitFor();
  const snap = await snapshot(page);
  const [w1, w2] = snap.params[2].W[0];
  const num3 = (x) => String(Number(x.toPrecision(3))); // the page's fmtNum
  assert.ok((await note.textContent()).startsWith(`Around W[3]₁₁ = ${num3(w1)}, W[3]₁₂ = ${num3(w2)}, ± 2, 41 × 41 cells.`),
    await note.textContent());
  const want = await independentSurface(page, snap, 41, 2);
  const legend = await page.locator(".surface-legend").textContent();
  assert.ok(legend.includes(`from ${loss5(want.lo)}`) && legend.includes(`to ${loss5(want.hi)}`),
    `legend "${legend}" vs lowest ${want.lo}, highest ${want.hi}`);

  for (let i = 0; i < 5; i++) await page.getByRole("button", { name: "One epoch" }).click();
  await section.scrollIntoViewIfNeeded();
  await note.filter({ hasText: /after 5 steps/ }).waitFor();
  const after = await snapshot(page);
  const [u, v] = after.params[2].W[0];
  // The red dot sits where the weights are now: read the canvas pixel there.
  const red = await page.evaluate(({ u, v, w1, w2 }) => {
    const canvas = /** @type {HTMLCanvasElement} */ (document.getElementById("surface-canvas"));
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    const x = Math.round(((u - w1 + 2) / 4) * canvas.width);
    const y = Math.round(((w2 + 2 - v) / 4) * canvas.height);
    return [...ctx.getImageData(x, y, 1, 1).data];
  }, { u, v, w1, w2 });
  assert.ok(red[0] > 180 && red[1] < 90 && red[2] < 90, `the pixel at the weights is the red dot: ${red}`);
  await screenshot(page, "surface-en");
  await section.screenshot({ path: join(SHOTS, "surface-panel-en.png") });

  // Another parameter pair recomputes around the same weights; the other language says the same.
  await page.getByRole("combobox", { name: "Loss surface: up" }).selectOption({ label: "b[3]₁" });
  await note.filter({ hasText: /Around W\[3\]₁₁ = .*, b\[3\]₁ =/ }).waitFor();
  await page.getByRole("combobox", { name: "Language" }).selectOption("vi");
  await page.getByRole("heading", { name: "Mặt hàm mất mát" }).waitFor();
  await page.locator("#surface-note").filter({ hasText: /Quanh W\[3\]₁₁/ }).waitFor();
  await screenshot(page, "surface-vi");
  await page.locator("#confusion").scrollIntoViewIfNeeded();
  await page.locator(".charts-panel").screenshot({ path: join(SHOTS, "confusion-vi.png") });
  assert.deepEqual(errors, []);
  await context.close();
});

test("the confusion matrix shows what the network predicts for each class, train and test apart", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await page.getByRole("slider", { name: /Test split/ }).fill("40");
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "One epoch" }).click();
  await page.waitForFunction(() => window.backpropLab.snapshot().epoch === 3);
  await frames(page, 3);
  const snap = await snapshot(page);
  const want = await page.evaluate(async (snap) => {
    const m = await import("./pkg/backprop_lab.js");
    const net = new m.Network(snap.spec);
    net.setParams(snap.params);
    const out = net.predict(new Float64Array(snap.points.flatMap((p) => [p.x1, p.x2])));
    const c = { train: [[0, 0], [0, 0]], test: [[0, 0], [0, 0]] };
    snap.points.forEach((p, i) => (c[p.test ? "test" : "train"][p.label][out[i] >= 0.5 ? 1 : 0] += 1));
    return c;
  }, snap);
  const tables = await page.locator(".confusion-table").evaluateAll((ts) => ts.map((t) =>
    [...t.querySelectorAll("tbody tr")].map((r) => [...r.querySelectorAll("td")].map((d) => Number(d.textContent)))));
  assert.deepEqual(tables, [want.train, want.test]);
  const captions = await page.locator(".confusion-table caption").allTextContents();
  const right = (c) => c[0][0] + c[1][1];
  assert.equal(captions[0], `Training points: ${right(want.train)} of ${want.train.flat().reduce((a, b) => a + b)} right`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("snapshots: keep, train, go back exactly, and the run left behind stays on the loss chart beside the new one", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await page.getByText("Snapshots: go back and compare").click();
  await page.getByRole("textbox", { name: "Snapshot name" }).fill("start");
  await page.getByRole("button", { name: "Keep a snapshot" }).click();
  await page.getByRole("button", { name: "Go back to start" }).waitFor();
  const start = await snapshot(page);
  // Autosave keeps it: after a reload the snapshot is still there to go back to.
  await page.waitForFunction(() => (localStorage.getItem("backprop-lab/state/v1") ?? "").includes('"name":"start"'));
  await page.reload();
  await whenReady(page);
  await page.getByText("Snapshots: go back and compare").click();
  await page.getByRole("button", { name: "Go back to start" }).waitFor();
  for (let i = 0; i < 4; i++) await page.getByRole("button", { name: "One epoch" }).click();
  await page.waitForFunction(() => window.backpropLab.snapshot().epoch === 4);
  await page.getByRole("button", { name: "Go back to start" }).click();
  await page.getByRole("status", { name: "Training status" }).filter({ hasText: /Back at “start” \(epoch 0\)/ }).waitFor();
  const back = await snapshot(page);
  assert.deepEqual(back.params, start.params, "the weights are the snapshot's, number for number");
  assert.equal(await page.getByRole("status", { name: "Epoch", exact: true }).textContent(), "0");
  // B from the same start, with momentum: the chart's legend names the kept run.
  await page.getByRole("combobox", { name: "Optimizer" }).selectOption("momentum");
  for (let i = 0; i < 4; i++) await page.getByRole("button", { name: "One epoch" }).click();
  await page.waitForFunction(() => window.backpropLab.snapshot().epoch === 4);
  // The chart is rebuilt with the kept run on a later frame (and only once uPlot has loaded).
  await page.locator("#loss-chart .u-legend").filter({ hasText: /kept run \(/ }).waitFor({ timeout: 30000 }).catch(() => {});
  const legend = await page.locator("#loss-chart .u-legend").textContent();
  assert.match(legend, /kept run \(α = 0\.4, Gradient descent \(the lecture\)\)/);
  await page.getByRole("button", { name: /Remove the kept run/ }).click();
  await page.waitForFunction(() => !document.querySelector("#loss-chart .u-legend")?.textContent?.includes("kept run ("));
  await page.getByRole("button", { name: /Remove the kept run/ }).waitFor({ state: "hidden" });
  await page.locator(".snapshots").screenshot({ path: join(SHOTS, "snapshots-en.png") });
  assert.deepEqual(errors, []);
  await context.close();
});
