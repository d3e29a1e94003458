// The first page (issue 2): the lecture's data, clicks add points, Train runs
// the lecture's settings, the loss falls and the boundary changes.

import { test } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { useBrowser, openPage, snapshot, readNumber, screenshot, planePixels, clickPlane, frames, epochsOverFrames, checkReadouts, WWW, SHOTS } from "./harness.mjs";

const env = useBrowser();

test("the lecture's default: 20 points, 2-3-3-1 sigmoid, epoch 0", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  const s = await snapshot(page);
  assert.deepEqual(s.spec.layers, [2, 3, 3, 1]);
  assert.equal(s.spec.hidden, "sigmoid");
  assert.equal(s.spec.output, "sigmoid");
  assert.equal(s.points.length, 20);
  assert.equal(s.points.filter((p) => p.label === 0).length, 10);
  assert.equal(s.points.filter((p) => p.label === 1).length, 10);
  assert.ok(s.points.every((p) => !p.test));
  assert.equal(s.epoch, 0);
  assert.equal(s.selected, null);
  assert.equal(s.params.length, 3);
  assert.equal(await readNumber(page, "Epoch"), 0);
  await checkReadouts(page, "epoch 0");
  const counts = await page.getByRole("status", { name: "Points per class" }).textContent();
  assert.match(counts, /red 10, green 10/);
  assert.equal(await page.getByRole("slider", { name: /Learning rate/ }).getAttribute("aria-valuetext"), "α = 0.4");
  assert.equal(await page.getByRole("spinbutton", { name: "Stop when the loss is below" }).inputValue(), "0.005");
  assert.equal(await page.getByRole("spinbutton", { name: "Maximum number of epochs" }).inputValue(), "20000");
  assert.deepEqual(errors, []);
  await context.close();
});

test("opened as a file the page says, in both languages, to run make serve; served, it does not", async () => {
  for (const width of [1280, 390]) {
    const context = await env.browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(WWW, "index.html")).href);
    const alert = page.getByRole("alert");
    await alert.waitFor({ state: "visible", timeout: 10000 });
    const texts = await alert.locator("p").allTextContents();
    assert.equal(texts.length, 2);
    assert.match(texts[0], /must be served.*make serve/);
    assert.match(texts[1], /chạy make serve/);
    // Nothing else of the page shows (it cannot work from a file).
    assert.equal(await page.locator("main").isVisible(), false);
    await page.screenshot({ path: join(SHOTS, `file-protocol-${width}.png`) });
    await context.close();
  }
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  assert.equal(await page.locator(".not-served-msg").isVisible(), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test("click adds red, shift-click and the class toggle add green", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await clickPlane(page, 1.2, 1.3);
  let s = await snapshot(page);
  assert.equal(s.points.length, 21);
  let p = s.points[20];
  assert.equal(p.label, 0);
  assert.ok(Math.abs(p.x1 - 1.2) < 0.02 && Math.abs(p.x2 - 1.3) < 0.02, `point at ${p.x1}, ${p.x2}`);
  await frames(page);
  assert.match(await page.getByRole("status", { name: "Points per class" }).textContent(), /red 11, green 10/);

  await clickPlane(page, -1.3, 1.3, { modifiers: ["Shift"] });
  s = await snapshot(page);
  assert.equal(s.points.length, 22);
  assert.equal(s.points[21].label, 1);

  await page.getByRole("radio", { name: "Green (label 1)" }).check();
  await clickPlane(page, 0, -1.4);
  s = await snapshot(page);
  assert.equal(s.points.length, 23);
  assert.equal(s.points[22].label, 1);
  await frames(page);
  assert.match(await page.getByRole("status", { name: "Points per class" }).textContent(), /red 11, green 12/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("Train runs the lecture's settings: the loss falls below 0.005, the boundary changes", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await frames(page, 3);
  const lossBefore = await readNumber(page, "Train loss");
  const pixelsBefore = await planePixels(page);
  assert.ok(lossBefore > 0.3, `initial loss ${lossBefore}`);

  await page.getByRole("button", { name: "Train" }).click();
  await page.getByRole("status", { name: "Training status" }).filter({ hasText: /Stopped at epoch/ })
    .waitFor({ timeout: 20000 });
  await frames(page, 2);
  const s = await snapshot(page);
  const lossAfter = await readNumber(page, "Train loss");
  assert.ok(lossAfter < lossBefore / 10, `loss ${lossBefore} → ${lossAfter}`);
  assert.ok(s.trainLoss < 0.005, `snapshot loss ${s.trainLoss}`);
  assert.ok(s.epoch > 0 && s.epoch < 20000, `epoch ${s.epoch}`);
  assert.equal(await readNumber(page, "Epoch"), s.epoch);
  const status = await page.getByRole("status", { name: "Training status" }).textContent();
  assert.match(status, new RegExp(`Stopped at epoch ${s.epoch} because the loss .* fell below 0\\.005`));
  assert.equal(await readNumber(page, "Train accuracy"), 100);
  // Every readout, as text, is the contract's value for the final weights (test ones "—": no test points).
  const { shown } = await checkReadouts(page, "after the lecture's run");
  assert.equal(shown.testLoss, "—");
  assert.equal(shown.testAcc, "—");
  // The page stops at the same epoch as the core's own run of the lecture's loop.
  const core = await page.evaluate(async (spec) => {
    const m = await import("./pkg/backprop_lab.js");
    const net = new m.Network(spec);
    const d = m.dataset("lecture", 20, 0, 1);
    const r = net.train(d.xs, d.labels, { epochs: 20000, learningRate: 0.4, batchSize: 0, reduction: "sum", stopLoss: 0.005 });
    return { epochs: r.epochs, loss: r.loss, losses: [...r.losses] };
  }, s.spec);
  assert.equal(s.epoch, core.epochs);
  assert.ok(Math.abs(s.trainLoss - core.loss) < 1e-12);
  // The loss chart holds every epoch of the run (not one point per frame), each the loss the
  // core measured during that epoch, however the worker split the run into requests.
  assert.equal(s.history.epochs.length, core.epochs);
  assert.deepEqual(s.history.epochs, Array.from({ length: core.epochs }, (_, i) => i + 1));
  for (let i = 0; i < core.epochs; i++) {
    assert.ok(Math.abs(s.history.trainLoss[i] - core.losses[i]) <= 1e-12, `epoch ${i + 1}: ${s.history.trainLoss[i]} vs ${core.losses[i]}`);
  }

  const pixelsAfter = await planePixels(page);
  let changed = 0;
  for (let i = 0; i < pixelsAfter.length; i++) if (Math.abs(pixelsAfter[i] - pixelsBefore[i]) > 8) changed++;
  assert.ok(changed > pixelsAfter.length * 0.05, `${changed} of ${pixelsAfter.length} samples changed`);
  // The button says Train again once stopped.
  await page.getByRole("button", { name: "Train" }).waitFor();
  await screenshot(page, "first-page-trained-1280x800");
  assert.deepEqual(errors, []);
  await context.close();
});

test("training is time-sliced: the page keeps drawing frames while it trains", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  // A bigger job than the lecture's, so it lasts many frames.
  await page.getByRole("combobox", { name: "Data set" }).selectOption("spiral");
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "Add a neuron to hidden layer 1" }).click();
  // lessons: mean gradients; summed over 200 points α 0.4 diverges (0.74 → 13) and divergence.js pauses it.
  await page.getByRole("combobox", { name: "Gradients" }).selectOption("mean");
  await page.getByRole("button", { name: "Train" }).click();
  // Behaviour, not time: training advances a slice per frame, so successive frames
  // see different epochs (no single call runs the whole job).
  const epochs = await epochsOverFrames(page, 3);
  const distinct = new Set(epochs).size;
  assert.ok(epochs[epochs.length - 1] > 0, "trained some epochs");
  assert.ok(distinct >= 3, `training should progress over several frames, saw epochs ${epochs.join(",")}`);
  await page.getByRole("button", { name: "Pause" }).click();
  assert.deepEqual(errors, []);
  await context.close();
});
