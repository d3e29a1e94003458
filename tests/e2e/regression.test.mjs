// Regression mode (issue 15): the Task select switches the page to fitting a curve y = f(x₁);
// a click adds a point (x₁, y); training fits the curve; the MSE readouts, read from the screen,
// equal the mean squared error computed without the page's code (a fresh Network of the package
// with the snapshot's spec and weights); the curve drawn on the canvas passes where that network
// puts it and near the points; the equations show L = ½(a − y)² and dz = a − y; each task keeps
// its points; a reload keeps the regression; the words are Vietnamese with ?lang=vi; and the page
// works at a phone's 390 px.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  useBrowser, openPage, snapshot, frames, settled, clickPlane, screenshot, assertLossText, whenReady, WWW,
} from "./harness.mjs";

const env = useBrowser();

/** The mean squared error of the snapshot's network on its training and test points, by a fresh Network. */
function independentMse(page) {
  return page.evaluate(async () => {
    const lab = await import("/pkg/backprop_lab.js");
    await lab.default();
    const s = window.backpropLab.snapshot();
    const net = new lab.Network(s.spec);
    net.setParams(s.params);
    const sums = { train: [0, 0], test: [0, 0] };
    for (const p of s.points) {
      const a = net.forward([p.x1, p.x2]).at(-1).a[0];
      const which = sums[p.test ? "test" : "train"];
      which[0] += (a - p.label) ** 2;
      which[1] += 1;
    }
    net.free();
    const mean = ([sum, n]) => (n > 0 ? sum / n : null);
    return { train: mean(sums.train), test: mean(sums.test) };
  });
}

/** Presses Train and waits until the run stops by itself. */
async function trainToStop(page, stopped = /^Stopped at epoch/, train = "Train", status = "Training status") {
  await page.getByRole("button", { name: train, exact: true }).click();
  await page.getByRole("status", { name: status }).filter({ hasText: stopped }).waitFor({ timeout: 60000 });
  await settled(page);
}

/**
 * Where the canvas draws the curve in the column of x1: the mean height (in plane units) of the
 * pixels of the curve's colour in that column of the plot, or null when none.
 */
function curveHeightAt(page, x1) {
  return page.evaluate(async (x1) => {
    const { geometry } = await import("./views/plane.js");
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById("plane"));
    const css = Math.floor(c.getBoundingClientRect().width);
    const dpr = c.width / css;
    const g = geometry(css);
    const [px] = g.toPx(x1, 0);
    const x = Math.round(px * dpr);
    const top = Math.round(g.top * dpr);
    const h = Math.round(g.plot * dpr);
    const d = c.getContext("2d").getImageData(x, top, 1, h).data;
    let sum = 0;
    let n = 0;
    for (let i = 0; i < h; i++) {
      const [r, gr, b] = [d[4 * i], d[4 * i + 1], d[4 * i + 2]];
      // The curve's orange, rgb(230, 110, 0), and its antialiased edge on white
      if (r > 200 && gr > 80 && gr < 170 && b < 90) {
        sum += i;
        n += 1;
      }
    }
    if (n === 0) return null;
    const py = top / dpr + sum / n / dpr;
    return g.toPlane(px, py)?.[1] ?? null;
  }, x1);
}

/** The network's output at x1, by a fresh Network with the snapshot's weights. */
function independentCurve(page, xs) {
  return page.evaluate(async (xs) => {
    const lab = await import("/pkg/backprop_lab.js");
    await lab.default();
    const s = window.backpropLab.snapshot();
    const net = new lab.Network(s.spec);
    net.setParams(s.params);
    const ys = xs.map((x1) => net.forward([x1, 0]).at(-1).a[0]);
    net.free();
    return ys;
  }, xs);
}

test("regression: two clicked points, trained; the MSE on the screen, the curve on the canvas, the equations", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  const task = page.getByRole("combobox", { name: "Task" });
  await task.selectOption("regress");
  await frames(page, 3);
  let s = await snapshot(page);
  assert.equal(s.spec.output, "linear");
  assert.deepEqual(s.spec.layers, [1, 8, 1]);
  assert.deepEqual(s.spec.inputs, ["x1"]);
  assert.equal(s.points.length, 12, "the default points on a sine");
  for (const p of s.points) assert.equal(p.label, p.x2, "a regression point's label is its y");
  // No accuracy in regression: its readouts are gone, with words saying why.
  assert.equal(await page.getByRole("status", { name: "Train accuracy", exact: true }).isVisible(), false);
  assert.match(await page.locator("#mse-note").textContent(), /mean squared error/);
  assert.equal(await page.getByRole("img", { name: "Accuracy against epochs" }).isVisible(), false, "no accuracy chart");
  await page.getByRole("heading", { name: "Points and the curve y = f(x₁)" }).waitFor();
  assert.equal(await page.getByRole("checkbox", { name: "Discretise the boundary" }).isVisible(), false, "no boundary to discretise");
  assert.equal(await page.getByRole("img", { name: "Loss against epochs" }).isVisible(), true, "the loss chart");

  // Two points of the student's own.
  await page.getByRole("button", { name: "Clear all points" }).click();
  await clickPlane(page, -0.8, 0.6);
  await clickPlane(page, 0.7, -0.5);
  await frames(page, 3);
  s = await snapshot(page);
  assert.equal(s.points.length, 2);
  const near = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
  near(s.points[0].x1, -0.8, 0.02, "first x1");
  near(s.points[0].label, 0.6, 0.02, "first y");
  near(s.points[1].label, -0.5, 0.02, "second y");
  for (const p of s.points) assert.equal(p.label, p.x2);

  await trainToStop(page);
  s = await snapshot(page);
  assert.ok(s.epoch > 0 && s.trainLoss < 0.0005, `epoch ${s.epoch}, loss ${s.trainLoss}`);
  assert.ok(s.history.epochs.length > 1, "the loss chart has the run");

  // Half the points held out, so train and test MSE differ; both read from the screen.
  const split = page.getByRole("slider", { name: /Test split/ });
  await split.fill("50");
  await frames(page, 3);
  await settled(page);
  const exact = await independentMse(page);
  assert.ok(exact.train !== null && exact.test !== null && Math.abs(exact.train - exact.test) > 1e-4, JSON.stringify(exact));
  const trainText = await page.getByRole("status", { name: "Train MSE", exact: true }).textContent();
  const testText = await page.getByRole("status", { name: "Test MSE", exact: true }).textContent();
  assertLossText(trainText, exact.train, "Train MSE");
  assertLossText(testText, exact.test, "Test MSE");
  // The loss shown is half the MSE: (1/N) Σ ½(a − y)².
  assertLossText(await page.getByRole("status", { name: "Train loss", exact: true }).textContent(), exact.train / 2, "Train loss");
  await split.fill("0");
  await frames(page, 3);

  // The curve on the canvas: where the contract's network puts it, and through the points.
  const xs = [-1.2, -0.9, -0.3, 0.2, 0.6, 1.1];
  const fx = await independentCurve(page, xs);
  const pixel = 3 / 150; // about a plane unit's share of three CSS pixels at the plane's size here
  for (let i = 0; i < xs.length; i++) {
    if (Math.abs(fx[i]) > 1.4) continue; // off the plane
    const drawn = await curveHeightAt(page, xs[i]);
    assert.ok(drawn !== null, `the curve is drawn at x1 = ${xs[i]}`);
    near(drawn, fx[i], 2 * pixel, `the curve at x1 = ${xs[i]}`);
  }
  for (const p of s.points) {
    // Beside the dot (not on it): the curve passes within a few pixels of the point's height.
    const drawn = await curveHeightAt(page, p.x1 + 0.08);
    assert.ok(drawn !== null);
    near(drawn, p.label, 0.08, `the curve beside the point (${p.x1}, ${p.label})`);
  }
  await screenshot(page, "regression-1280x800");

  // The equations: L = ½(a − y)² and dz = a − y with the point's numbers.
  await page.getByRole("combobox", { name: "Selected point" }).selectOption("1");
  const region = page.getByRole("region", { name: "Equations", exact: true });
  await region.waitFor();
  await page.waitForFunction((el) => el.getAttribute("aria-busy") === "false", await region.elementHandle(), { timeout: 10000 });
  const [a] = await independentCurve(page, [s.points[1].x1]);
  const lossTex = await page.getByRole("group", { name: /Loss \(squared error\)/ }).locator('annotation[encoding="application/x-tex"]').textContent();
  assert.match(lossTex, /^(\\displaystyle )?L=\\tfrac\{1\}\{2\}\\big\(a\^\{\[2\]\}-y\\big\)\^2=/);
  const lossShown = Number(lossTex.split("=")[3].split(",")[0].replace(/\\times10\^\{(-?\d+)\}/, "e$1"));
  const lossExact = 0.5 * (a - s.points[1].label) ** 2;
  assert.ok(Math.abs(lossShown - lossExact) <= 0.005 * lossExact + 1e-12, `L shown ${lossShown}, by hand ${lossExact}`);
  const dzTex = await page.getByRole("group", { name: /dz = a − y/ }).locator('annotation[encoding="application/x-tex"]').textContent();
  assert.match(dzTex, /^(\\displaystyle )?d\\mathbf\{z\}\^\{\[2\]\}=\\mathbf\{a\}\^\{\[2\]\}-y=/);

  // Back to classification: its points as they were; then regression again: the two points.
  await task.selectOption("classify");
  await frames(page, 3);
  s = await snapshot(page);
  assert.equal(s.spec.output, "sigmoid");
  assert.equal(s.points.length, 20, "the lecture's 20 points");
  assert.ok(s.points.every((p) => p.label === 0 || p.label === 1));
  await task.selectOption("regress");
  await frames(page, 3);
  s = await snapshot(page);
  assert.equal(s.points.length, 2, "regression's points kept");
  // Undo still works within the task: the second click is undone.
  await page.getByRole("button", { name: "Undo" }).click();
  await frames(page, 3);
  assert.equal((await snapshot(page)).points.length, 1);
  await page.getByRole("button", { name: "Redo" }).click();
  await frames(page, 3);

  // A lesson is the lecture's classification, whatever the task; back from it, the regression again.
  await page.getByRole("button", { name: /^1\. / }).click();
  await frames(page, 3);
  s = await snapshot(page);
  assert.deepEqual([s.lesson, s.spec.output, s.points.length], [1, "sigmoid", 20]);
  await page.getByRole("button", { name: "Back to my work" }).click();
  await frames(page, 3);
  s = await snapshot(page);
  assert.deepEqual([s.lesson, s.spec.output, s.points.length], [null, "linear", 2]);

  // A reload keeps the work (autosave): regression, its points and weights.
  const before = await snapshot(page);
  await page.reload();
  await whenReady(page);
  const after = await snapshot(page);
  assert.equal(after.spec.output, "linear");
  assert.deepEqual(after.points, before.points);
  assert.deepEqual(after.params, before.params);
  assert.equal(await page.getByRole("combobox", { name: "Task" }).inputValue(), "regress");
  assert.deepEqual(errors, []);
  await context.close();
});

test("regression in Vietnamese, and at a phone's 390 px", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url, { query: "lang=vi", width: 390, height: 844 });
  const task = page.getByRole("combobox", { name: "Bài toán" });
  assert.equal(await task.locator('option[value="regress"]').textContent(), "Hồi quy (đường cong y = f(x₁))");
  // By keyboard: the Task select, then a point added on the plane with the arrow keys and Enter.
  await task.focus();
  await page.keyboard.press("ArrowDown");
  await frames(page, 3);
  assert.equal((await snapshot(page)).spec.output, "linear");
  await page.locator("#plane").focus();
  for (const key of ["Shift+ArrowRight", "Shift+ArrowUp", "Shift+ArrowUp", "Enter"]) await page.keyboard.press(key);
  await frames(page, 3);
  const added = (await snapshot(page)).points.at(-1);
  assert.deepEqual([added.x1, added.x2, added.label], [0.25, 0.5, 0.5], "Enter adds (x₁, y) at the cross");
  assert.match(await page.locator("#plane").getAttribute("aria-label"), /^Mặt phẳng: 13 điểm \(x₁, y\) và đường cong y = f\(x₁\)/);
  await page.getByRole("status", { name: "MSE huấn luyện", exact: true }).waitFor();
  assert.equal(await page.getByRole("status", { name: "MSE kiểm tra", exact: true }).textContent(), "—");
  assert.match(await page.locator("#task-note").textContent(), /^Hồi quy: mỗi cú nhấp thêm một điểm/);
  await page.getByRole("heading", { name: "Các điểm và đường cong y = f(x₁)" }).waitFor();
  assert.match(await page.locator("#mse-note").textContent(), /sai số bình phương trung bình/);
  assert.match(await page.getByRole("status", { name: "Trạng thái huấn luyện" }).textContent(), /^Hồi quy: 1-8-1/);
  await trainToStop(page, /^Dừng ở epoch/, "Huấn luyện", "Trạng thái huấn luyện");
  const exact = await independentMse(page);
  assertLossText(await page.getByRole("status", { name: "MSE huấn luyện", exact: true }).textContent(), exact.train, "MSE huấn luyện");
  // The plane fits the phone's width.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling: ${width}`);
  await page.locator("#plane").scrollIntoViewIfNeeded();
  await screenshot(page, "regression-vi-390x844");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a regression share link opens as regression, with its targets and weights, and the other task's points", async () => {
  const a = await openPage(env.browser, env.server.url);
  await clickPlane(a.page, -0.7, 0.6, { modifiers: ["Shift"] }); // the student's own classification point
  const classified = (await snapshot(a.page)).points;
  assert.equal(classified.length, 21);
  await a.page.getByRole("combobox", { name: "Task" }).selectOption("regress");
  await clickPlane(a.page, 0.3, 1.1);
  for (let i = 0; i < 3; i++) await a.page.getByRole("button", { name: "One epoch" }).click();
  await a.page.getByRole("checkbox", { name: "include the weights" }).check();
  await a.page.getByRole("button", { name: "Make a share link" }).click();
  const url = await a.page.getByRole("textbox", { name: "Share link" }).inputValue();
  // The classification points wait as the other task: the link is version 3 (sharelink.js), which carries them.
  assert.match(url, /#s3\./);
  const shared = await snapshot(a.page);

  const b = await openPage(env.browser, env.server.url);
  await b.page.goto("about:blank"); // a new document, not a jump within the open one
  await b.page.goto(url.replace(/\?[^#]*/, "?lang=en"));
  await whenReady(b.page);
  const opened = await snapshot(b.page);
  assert.equal(opened.spec.output, "linear");
  assert.equal(opened.points.length, 13);
  opened.points.forEach((p, i) => {
    assert.ok(Math.abs(p.x1 - shared.points[i].x1) <= 2.5e-4 && Math.abs(p.label - shared.points[i].label) <= 2.5e-4);
    assert.equal(p.label, p.x2);
  });
  assert.deepEqual(opened.params, shared.params);
  assert.equal(await b.page.getByRole("combobox", { name: "Task" }).inputValue(), "regress");
  // Switching the opened page to classification gives the other task's points of the link.
  await b.page.getByRole("combobox", { name: "Task" }).selectOption("classify");
  const other = (await snapshot(b.page)).points;
  assert.equal(other.length, classified.length);
  other.forEach((p, i) => {
    assert.ok(Math.abs(p.x1 - classified[i].x1) <= 2.5e-4 && Math.abs(p.x2 - classified[i].x2) <= 2.5e-4);
    assert.equal(p.label, classified[i].label);
  });
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.context.close();
  await b.context.close();
});

test("axe: the regression view has no serious or critical violation, in both languages", async () => {
  // The page's CSP refuses an injected script: this context alone bypasses it (as a11y.test.mjs does).
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  const page = await context.newPage();
  for (const [lang, task] of [["en", "Task"], ["vi", "Bài toán"]]) {
    await page.goto(`${env.server.url}?lang=${lang}`);
    await whenReady(page);
    await page.addScriptTag({ path: join(WWW, "../node_modules/axe-core/axe.min.js") });
    await page.getByRole("combobox", { name: task }).selectOption("regress");
    await page.getByRole("button", { name: lang === "en" ? "One epoch" : "Một epoch" }).click();
    await frames(page, 3);
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => ({ id: v.id, where: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
    });
    assert.deepEqual(violations, [], `${lang}: ${JSON.stringify(violations)}`);
  }
  await context.close();
});
