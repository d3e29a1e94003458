// The playground's data sets, network editor and training controls, each
// checked by its effect on what the page shows and on the network itself.

import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, snapshot, planePixels, frames, checkReadouts, assertStraightBoundary, settled, pauseIfRunning, maxDiff } from "./harness.mjs";

const env = useBrowser();

/**
 * Trains a copy of the network from `start` (a snapshot) in the page's own wasm
 * module, on the snapshot's training points only, and returns its params.
 */
function replicate(page, start, opts) {
  return page.evaluate(async ({ start, opts }) => {
    const m = await import("./pkg/backprop_lab.js");
    const net = new m.Network(start.spec);
    net.setParams(start.params);
    const train = start.points.filter((p) => !p.test);
    const xs = new Float64Array(train.flatMap((p) => [p.x1, p.x2]));
    const labels = new Uint32Array(train.map((p) => p.label));
    net.train(xs, labels, opts);
    const params = net.params();
    net.free();
    return params;
  }, { start, opts });
}

/** Sets a range or number input the way a person does, firing input and change. */
async function setValue(page, role, name, value) {
  const el = page.getByRole(role, { name });
  await el.fill(String(value));
  if (role === "spinbutton") await el.press("Enter");
  await frames(page);
}

test("data sets: each generator, count and noise sliders, new seed, keeping own points", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  const dataset = page.getByRole("combobox", { name: "Data set" });
  for (const name of ["xor", "circle", "gaussians", "spiral", "moons", "linear"]) {
    await dataset.selectOption(name);
    const s = await snapshot(page);
    assert.equal(s.points.length, 200, name);
    assert.ok(s.points.some((p) => p.label === 0) && s.points.some((p) => p.label === 1), name);
    assert.ok(s.points.every((p) => Math.abs(p.x1) <= 1.5 && Math.abs(p.x2) <= 1.5), name);
  }
  await setValue(page, "slider", /Number of points/, 50);
  const fifty = (await snapshot(page)).points;
  assert.equal(fifty.length, 50);
  await setValue(page, "slider", /Noise/, 0.6);
  const noisy = (await snapshot(page)).points;
  assert.equal(noisy.length, 50);
  assert.notDeepEqual(noisy, fifty);
  await page.getByRole("button", { name: "New data (new seed)" }).click();
  const reseeded = (await snapshot(page)).points;
  assert.equal(reseeded.length, 50);
  assert.notDeepEqual(reseeded, noisy);
  // Undo brings back the previous data set exactly.
  await page.getByRole("button", { name: "Undo" }).click();
  assert.deepEqual((await snapshot(page)).points, noisy);

  // Own points: replaced by default, kept when asked.
  await page.getByRole("radio", { name: "Green (label 1)" }).check();
  const { clickPlane } = await import("./harness.mjs");
  await clickPlane(page, 1.4, 1.4);
  await dataset.selectOption("circle");
  let s = await snapshot(page);
  assert.ok(!s.points.some((p) => Math.abs(p.x1 - 1.4) < 0.02 && Math.abs(p.x2 - 1.4) < 0.02));
  await page.getByRole("button", { name: "Undo" }).click();
  await page.getByRole("checkbox", { name: "Keep my own points when the data set changes" }).check();
  await dataset.selectOption("moons");
  s = await snapshot(page);
  assert.equal(s.points.length, 51);
  assert.ok(s.points.some((p) => Math.abs(p.x1 - 1.4) < 0.02 && Math.abs(p.x2 - 1.4) < 0.02 && p.label === 1));
  await dataset.selectOption("own");
  s = await snapshot(page);
  assert.equal(s.points.length, 1);
  await dataset.selectOption("lecture");
  assert.equal((await snapshot(page)).points.length, 21);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the test split: hollow test points, never trained on, with their own loss", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await page.getByRole("combobox", { name: "Data set" }).selectOption("circle");
  await setValue(page, "slider", /Test split/, 50);
  const start = await snapshot(page);
  const testCount = start.points.filter((p) => p.test).length;
  assert.ok(testCount > 60 && testCount < 140, `${testCount} test points`);
  assert.notEqual(start.testLoss, null);
  await frames(page);
  assert.match(await page.getByRole("status", { name: "Points per class" }).textContent(), new RegExp(`\\(${testCount} for testing\\)`));

  // One epoch through the page equals one epoch on the training points alone.
  await page.getByRole("button", { name: "One epoch" }).click();
  const after = await snapshot(page);
  // The screen's readouts, the test loss and accuracy included, are the contract's on the two sets.
  const { exact } = await checkReadouts(page, "one epoch, test split 50 %");
  assert.ok(exact.test.n === testCount && Math.abs(exact.test.loss - exact.train.loss) > 1e-4);
  assert.equal(after.epoch, 1);
  const expected = await replicate(page, start, { epochs: 1, learningRate: 0.4, batchSize: 0, reduction: "sum" });
  assert.ok(maxDiff(after.params, expected) < 1e-12, `params differ by ${maxDiff(after.params, expected)}`);
  // ...and not to one epoch on all points.
  const withTest = await replicate(page, { ...start, points: start.points.map((p) => ({ ...p, test: false })) },
    { epochs: 1, learningRate: 0.4, batchSize: 0, reduction: "sum" });
  assert.ok(maxDiff(after.params, withTest) > 1e-6);
  // The split does not change the points themselves.
  assert.deepEqual(after.points.map(({ x1, x2, label }) => [x1, x2, label]), start.points.map(({ x1, x2, label }) => [x1, x2, label]));
  await setValue(page, "slider", /Test split/, 0);
  const none = await snapshot(page);
  assert.equal(none.points.filter((p) => p.test).length, 0);
  assert.equal(none.testLoss, null);
  assert.deepEqual(errors, []);
  await context.close();
});

test("network editor: 0 hidden layers is logistic regression with a straight 0.5 contour", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  const points = (await snapshot(page)).points;
  await page.getByRole("button", { name: "Remove hidden layer" }).click();
  await page.getByRole("button", { name: "Remove hidden layer" }).click();
  await frames(page); // the controls show the new state on the next frame
  assert.equal(await page.getByRole("button", { name: "Remove hidden layer" }).isDisabled(), true);
  const s = await snapshot(page);
  assert.deepEqual(s.spec.layers, [2, 1]);
  assert.deepEqual(s.points, points, "an architecture change never touches the points");
  await frames(page);
  assert.match(await page.getByRole("status", { name: "Training status" }).textContent(), /architecture changed \(2-1/);
  assert.match(await page.locator("#net-note").textContent(), /logistic regression/);
  // Trained to its maximum (500 epochs), then compared with the core's own run from the same start.
  await setValue(page, "spinbutton", "Maximum number of epochs", 500);
  const start = await snapshot(page);
  await page.getByRole("button", { name: "Train" }).click();
  await page.getByRole("status", { name: "Training status" }).filter({ hasText: /^Stopped at epoch 500/ }).waitFor({ timeout: 30000 });
  const trained = await snapshot(page);
  const expected = await replicate(page, start, { epochs: 500, learningRate: 0.4, batchSize: 0, reduction: "sum" });
  assert.ok(maxDiff(trained.params, expected) < 1e-9, `params differ from the core's run by ${maxDiff(trained.params, expected)}`);
  assert.ok(maxDiff(trained.params, start.params) > 0.1, "training moved the weights");

  // What is drawn: the 0.5 contour's pixels lie on the weights' straight line, and each side of it is
  // tinted with its class (the line may lie anywhere, even outside the plot: then one tint fills it).
  await assertStraightBoundary(page, "2-1 after 500 epochs", { mustCross: false });
  // The lecture's data is not linearly separable: logistic regression cannot get it all right. The
  // screen's accuracy is that of the trained weights (the contract's), so this needs training to work.
  const { exact } = await checkReadouts(page, "2-1 after 500 epochs");
  assert.ok(exact.train.acc < 1, `train accuracy ${exact.train.acc}`);
  assert.ok(exact.train.loss < (await replicateLoss(page, start)), "the loss fell");
  assert.deepEqual(errors, []);
  await context.close();
});

/** The loss of the snapshot's own weights on its training points, by the contract. */
function replicateLoss(page, snap) {
  return page.evaluate(async (snap) => {
    const m = await import("./pkg/backprop_lab.js");
    const net = new m.Network(snap.spec);
    net.setParams(snap.params);
    const train = snap.points.filter((p) => !p.test);
    const loss = net.loss(new Float64Array(train.flatMap((p) => [p.x1, p.x2])), new Uint32Array(train.map((p) => p.label)));
    net.free();
    return loss;
  }, snap);
}

test("network editor: layers, neurons, activation, input features, lecture preset", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await page.getByRole("button", { name: "Add hidden layer" }).click();
  assert.deepEqual((await snapshot(page)).spec.layers, [2, 3, 3, 3, 1]);
  await page.getByRole("button", { name: "Add a neuron to hidden layer 1" }).click();
  await page.getByRole("button", { name: "Add a neuron to hidden layer 1" }).click();
  await page.getByRole("button", { name: "Remove a neuron from hidden layer 3" }).click();
  assert.deepEqual((await snapshot(page)).spec.layers, [2, 5, 3, 2, 1]);
  assert.equal(await page.getByRole("status", { name: "Neurons in hidden layer 1" }).textContent(), "5");
  // Every neuron has a thumbnail; hovering one shows it in the main view.
  assert.equal(await page.getByRole("button", { name: /^Show neuron \d+ of Hidden layer 1 in the plane$/ }).count(), 5);
  const pixels = await planePixels(page);
  await page.getByRole("button", { name: "Show neuron 2 of Hidden layer 1 in the plane" }).hover();
  await frames(page, 2);
  assert.match(await page.locator("#view-note").textContent(), /Showing neuron 2 of Hidden layer 1/);
  const shown = await planePixels(page);
  assert.notDeepEqual(shown, pixels);
  await page.mouse.move(5, 5);
  await frames(page, 2);
  assert.equal(await page.locator("#view-note").isHidden(), true);

  for (const act of ["tanh", "relu", "linear", "sigmoid"]) {
    const seedBefore = (await snapshot(page)).spec.seed;
    await page.getByRole("combobox", { name: "Hidden activation function" }).selectOption(act);
    const s = await snapshot(page);
    assert.equal(s.spec.hidden, act);
    assert.equal(s.spec.seed, seedBefore);
    assert.equal(s.epoch, 0);
  }
  await page.getByRole("checkbox", { name: "x1 squared" }).check();
  await page.getByRole("checkbox", { name: "sin x2" }).check();
  let s = await snapshot(page);
  assert.deepEqual(s.spec.inputs, ["x1", "x2", "x1sq", "sinx2"]);
  assert.equal(s.spec.layers[0], 4);
  await page.getByRole("checkbox", { name: "x1", exact: true }).uncheck();
  assert.deepEqual((await snapshot(page)).spec.inputs, ["x2", "x1sq", "sinx2"]);

  await page.getByRole("button", { name: "Lecture network (2-3-3-1 sigmoid)" }).click();
  s = await snapshot(page);
  assert.deepEqual(s.spec.layers, [2, 3, 3, 1]);
  assert.deepEqual(s.spec.inputs, ["x1", "x2"]);
  assert.equal(s.spec.hidden, "sigmoid");
  assert.deepEqual(errors, []);
  await context.close();
});

test("training controls: α, mini-batch, one sample, mean; each epoch matches the core's train", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await setValue(page, "slider", /Learning rate/, -1);
  assert.equal(await page.getByRole("slider", { name: /Learning rate/ }).getAttribute("aria-valuetext"), "α = 0.1");
  const cases = [
    ["mini", 6, "sum", { batchSize: 6, reduction: "sum" }],
    ["mini", 7, "mean", { batchSize: 7, reduction: "mean" }],
    ["one", null, "sum", { batchSize: 1, reduction: "sum" }],
    ["full", null, "mean", { batchSize: 0, reduction: "mean" }],
  ];
  for (const [batch, size, reduction, opts] of cases) {
    await page.getByRole("combobox", { name: "Batch" }).selectOption(batch);
    if (size !== null) await setValue(page, "spinbutton", "Mini-batch size", size);
    await page.getByRole("combobox", { name: "Gradients" }).selectOption(reduction);
    const start = await snapshot(page);
    await page.getByRole("button", { name: "One epoch" }).click();
    const after = await snapshot(page);
    assert.equal(after.epoch, start.epoch + 1);
    const expected = await replicate(page, start, { epochs: 1, learningRate: 0.1, ...opts });
    assert.ok(maxDiff(after.params, expected) < 1e-12, `${batch} ${size} ${reduction}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("speed, maximum epochs, reset weights and the lecture's defaults", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await setValue(page, "slider", /Speed/, 1);
  assert.equal(await page.getByRole("slider", { name: /Speed/ }).getAttribute("aria-valuetext"), "3 epochs per second");
  // Slow motion: every epoch is shown (the epoch never jumps by more than one between frames), and
  // three take at least 0.75 s: a second at 3 a second, less the quarter second of credit a first
  // frame may bring (trainer.js caps a frame's time at 250 ms); a busy machine only makes it slower. Each frame's epoch is
  // recorded in the page from just before Train is pressed until the third epoch.
  await page.evaluate(() => {
    const seen = [{ t: performance.now(), epoch: window.backpropLab.snapshot().epoch }];
    window.__seen = seen;
    const tick = () => {
      seen.push({ t: performance.now(), epoch: window.backpropLab.snapshot().epoch });
      if (seen.at(-1).epoch < 3) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.getByRole("button", { name: "Train" }).click();
  await page.waitForFunction(() => window.__seen.at(-1).epoch >= 3, null, { timeout: 20000 });
  await page.getByRole("button", { name: "Pause" }).click();
  const seen = await page.evaluate(() => window.__seen);
  const epochs = seen.map((f) => f.epoch);
  for (let i = 1; i < epochs.length; i++) assert.ok(epochs[i] - epochs[i - 1] <= 1, `epochs by frame: ${epochs.join(",")}`);
  assert.deepEqual([...new Set(epochs)], [0, 1, 2, 3], "each epoch shown in turn");
  const ms = seen.at(-1).t - seen[0].t;
  assert.ok(ms >= 700, `3 epochs at 3 epochs per second took ${ms} ms`);
  await settled(page);
  const slow = (await snapshot(page)).epoch;
  assert.ok(slow >= 3, `paused at epoch ${slow}`);
  await frames(page);
  assert.match(await page.getByRole("status", { name: "Training status" }).textContent(), /Paused at epoch/);

  await setValue(page, "slider", /Speed/, 8);
  await setValue(page, "spinbutton", "Maximum number of epochs", 150);
  await page.getByRole("button", { name: "Train" }).click();
  await page.getByRole("status", { name: "Training status" }).filter({ hasText: /Stopped/ }).waitFor();
  assert.equal((await snapshot(page)).epoch, 150);
  assert.match(await page.getByRole("status", { name: "Training status" }).textContent(),
    /Stopped at epoch 150 because it reached the maximum of 150 epochs/);

  const before = await snapshot(page);
  await page.getByRole("button", { name: "Reset weights" }).click();
  const reset = await snapshot(page);
  assert.equal(reset.epoch, 0);
  assert.notEqual(reset.spec.seed, before.spec.seed);
  assert.ok(maxDiff(reset.params, before.params) > 1e-3);
  assert.deepEqual(reset.points, before.points);

  await page.getByRole("combobox", { name: "Gradients" }).selectOption("mean");
  await page.getByRole("button", { name: "Remove hidden layer" }).click();
  await page.getByRole("button", { name: "Lecture defaults" }).click();
  const d = await snapshot(page);
  assert.deepEqual(d.spec.layers, [2, 3, 3, 1]);
  assert.equal(d.spec.seed, 1);
  // The controls show the new settings on the page's next frame (all of them at once), not at the click.
  await page.waitForFunction(() => /** @type {HTMLSelectElement} */ (document.getElementById("reduction")).value === "sum", null, { timeout: 10000 }).catch(() => {});
  assert.equal(await page.getByRole("combobox", { name: "Gradients" }).inputValue(), "sum");
  assert.equal(await page.getByRole("spinbutton", { name: "Maximum number of epochs" }).inputValue(), "20000");
  assert.equal(await page.getByRole("slider", { name: /Learning rate/ }).getAttribute("aria-valuetext"), "α = 0.4");
  assert.deepEqual(errors, []);
  await context.close();
});

test("divergence (linear hidden, α = 10) is shown in words; training pauses, weights stay finite, nothing is lost", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await page.getByRole("combobox", { name: "Hidden activation function" }).selectOption("linear");
  await setValue(page, "slider", /Learning rate/, 1);
  const before = await snapshot(page);
  await page.getByRole("button", { name: "Train" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor({ timeout: 10000 });
  assert.match(await alert.textContent(), /diverg.*learning rate α/i);
  await page.getByRole("button", { name: "Train" }).waitFor();
  const s = await snapshot(page);
  assert.ok(s.params.every((l) => l.W.flat().concat(l.b).every(Number.isFinite)));
  assert.deepEqual(s.points, before.points);
  assert.equal(s.spec.hidden, "linear");
  assert.equal(await page.getByRole("slider", { name: /Learning rate/ }).getAttribute("aria-valuetext"), "α = 10");
  // New weights and a smaller α train again, and the alert goes away.
  await page.getByRole("button", { name: "Reset weights" }).click();
  await setValue(page, "slider", /Learning rate/, -1);
  await page.getByRole("button", { name: "Train" }).click();
  // 200 epochs at α 0.1: far past where α 10 diverged (it was reported within a few epochs).
  await page.waitForFunction(() => window.backpropLab.snapshot().epoch >= 200, null, { timeout: 30000 });
  assert.equal(await page.getByRole("alert").count(), 0);
  const calm = await snapshot(page);
  assert.ok(Number.isFinite(calm.trainLoss) && calm.trainLoss < calm.history.trainLoss[0], `loss ${calm.history.trainLoss[0]} -> ${calm.trainLoss}`);
  await pauseIfRunning(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test("boundary discretise toggle and the charts' scale toggle", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await page.getByRole("button", { name: "Train" }).click();
  await page.getByRole("status", { name: "Training status" }).filter({ hasText: /Stopped/ }).waitFor();
  await frames(page);
  const smooth = await planePixels(page);
  await page.getByRole("checkbox", { name: "Discretise the boundary" }).check();
  await frames(page);
  assert.notDeepEqual(await planePixels(page), smooth);
  // uPlot draws both charts, with their series in the legend (uPlot loads after the first boundary:
  // wait for its charts, then for a frame in which they show the finished run).
  await page.waitForFunction(() => document.querySelector("#loss-chart canvas") && document.querySelector("#acc-chart canvas"), null, { timeout: 30000 });
  await frames(page, 2);
  assert.equal(await page.locator("#loss-chart canvas").count(), 1);
  assert.equal(await page.locator("#acc-chart canvas").count(), 1);
  assert.ok((await page.locator("#loss-chart .u-legend").textContent()).includes("train"));

  // The loss chart's y scale, read from its pixels: where the drawn train line is flat, its height
  // is an affine function of log(loss) with the log scale on (the default), and of the loss itself
  // with it off; the other fit is far worse each time.
  const log = await lossLineFits(page);
  assert.ok(log.columns >= 30, `${log.columns} flat columns of the line`);
  assert.ok(log.rmsLog < 2 && log.rmsLin > 4 * log.rmsLog, `log scale: ${JSON.stringify(log)}`);
  const canvas = await page.locator("#loss-chart canvas").elementHandle();
  await page.getByRole("checkbox", { name: "Logarithmic loss scale" }).uncheck();
  await page.waitForFunction((old) => !old.isConnected && document.querySelector("#loss-chart canvas"), canvas);
  await frames(page, 2);
  const lin = await lossLineFits(page);
  assert.ok(lin.columns >= 30, `${lin.columns} flat columns of the line`);
  assert.ok(lin.rmsLin < 2 && lin.rmsLog > 4 * lin.rmsLin, `linear scale: ${JSON.stringify(lin)}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a run starts at a speed a student can watch: the lecture's run takes seconds, Fastest is one click", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  const speed = page.getByRole("slider", { name: /Speed/ });
  assert.equal(await speed.getAttribute("aria-valuetext"), "300 epochs per second");
  const fastest = page.getByRole("button", { name: "Fastest" });
  assert.equal(await fastest.getAttribute("aria-pressed"), "false");
  // Every Epoch value the student sees, with when it was shown (read from the screen).
  await page.evaluate(() => {
    const el = /** @type {HTMLElement} */ (document.getElementById("r-epoch"));
    const seen = [];
    window.__epochsSeen = seen;
    new MutationObserver(() => seen.push([performance.now(), Number(el.textContent)]))
      .observe(el, { childList: true, characterData: true, subtree: true });
  });
  await page.getByRole("button", { name: "Train" }).click();
  await page.getByRole("status", { name: "Training status" }).filter({ hasText: /Stopped/ }).waitFor({ timeout: 60000 });
  const seen = await page.evaluate(() => window.__epochsSeen);
  const last = seen[seen.length - 1];
  assert.equal(last[1], 933, "the lecture's run stops at epoch 933");
  // 933 epochs at 300 per second cannot take less than about 3 s (a busy machine only makes it longer).
  assert.ok(last[0] - seen[0][0] >= 2500, `the run took ${Math.round(last[0] - seen[0][0])} ms`);
  // Many values on the way, not a jump to the end: at 300 epochs/s a frame shows at most 75 new
  // epochs (its time counts up to 250 ms), so even at 4 frames a second there are 12 or more.
  assert.ok(new Set(seen.map((s) => s[1])).size >= 10, `the student saw ${seen.length} epoch values`);
  await fastest.click();
  await page.waitForFunction(() => document.getElementById("fastest")?.getAttribute("aria-pressed") === "true");
  assert.equal(await speed.getAttribute("aria-valuetext"), "as fast as possible");
  assert.deepEqual(errors, []);
  await context.close();
});

test("linear hidden activations with the lecture's settings: α is lowered and said, and the run does not diverge", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await page.getByRole("combobox", { name: "Hidden activation function" }).selectOption("linear");
  await frames(page);
  const status = page.getByRole("status", { name: "Training status" });
  assert.match(await status.textContent(), /learning rate α was lowered from 0\.4 to 0\.1/);
  assert.equal(await page.getByRole("slider", { name: /Learning rate/ }).getAttribute("aria-valuetext"), "α = 0.1");
  await page.getByRole("button", { name: "Fastest" }).click();
  await setValue(page, "spinbutton", "Maximum number of epochs", 300);
  await page.getByRole("button", { name: "Train" }).click();
  await status.filter({ hasText: /Stopped at epoch 300/ }).waitFor({ timeout: 60000 });
  assert.equal(await page.getByRole("alert").count(), 0, "no divergence alert");
  assert.ok(Number.isFinite(Number(await page.getByRole("status", { name: "Train loss", exact: true }).textContent())));
  assert.deepEqual(errors, []);
  await context.close();
});

test("optimizer and regularization: the page's step is the core's Adam / momentum with L2 / L1, and Lecture defaults put plain descent back", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  const optimizer = page.getByRole("combobox", { name: "Optimizer" });
  const regularization = page.getByRole("combobox", { name: "Regularization" });
  const note = page.locator("#update-note");
  assert.match(await note.textContent(), /W ← W − α dW/);
  assert.ok(await page.getByRole("spinbutton", { name: "Momentum μ" }).isHidden(), "μ only shows for momentum");
  for (const [opt, reg, words] of [["adam", "l2", /m̂ \/ \(√v̂ \+ ε\).*λ W \(λ = 0\.01\)/], ["momentum", "l1", /v ← μ v \+ dW.*λ sign\(W\) \(λ = 0\.01\)/]]) {
    await optimizer.selectOption(opt);
    await regularization.selectOption(reg);
    await setValue(page, "spinbutton", "Regularization rate λ", 0.01);
    await page.waitForFunction((source) => new RegExp(source).test(document.getElementById("update-note")?.textContent ?? ""), words.source);
    const start = await snapshot(page);
    await page.getByRole("button", { name: "One epoch" }).click();
    await page.waitForFunction((e) => window.backpropLab.snapshot().epoch === e + 1, start.epoch);
    const after = await snapshot(page);
    const expected = await replicate(page, start, {
      epochs: 1, learningRate: 0.4, batchSize: 0, reduction: "sum", optimizer: opt, regularization: reg, regularizationRate: 0.01,
      ...(opt === "momentum" ? { momentum: 0.9 } : {}),
    });
    assert.ok(maxDiff(after.params, expected) < 1e-12, `${opt} + ${reg}: the page's step is the core's`);
    const plain = await replicate(page, start, { epochs: 1, learningRate: 0.4, batchSize: 0, reduction: "sum" });
    assert.ok(maxDiff(after.params, plain) > 1e-6, `${opt} + ${reg} differs from plain descent`);
  }
  assert.ok(await page.getByRole("spinbutton", { name: "Momentum μ" }).isVisible());
  await page.getByRole("button", { name: "Lecture defaults" }).click();
  await page.waitForFunction(() => /** @type {HTMLSelectElement} */ (document.getElementById("optimizer")).value === "gd");
  assert.equal(await regularization.inputValue(), "none");
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * Reads the loss chart's canvas: for each pixel column of the plot where the train line (its
 * colour, #1f4e9c) is nearly flat, the line's height, paired with the logged loss at that
 * column's epoch (the x axis spans the first to the last logged epoch). Fits height = a + b·loss
 * and height = a + b·log(loss) by least squares and returns both fits' RMS residuals in pixels.
 * @param {import("playwright-core").Page} page
 */
async function lossLineFits(page) {
  const { columns, plot, first, last } = await page.evaluate(() => {
    const canvas = /** @type {HTMLCanvasElement} */ (document.querySelector("#loss-chart canvas"));
    const over = /** @type {HTMLElement} */ (document.querySelector("#loss-chart .u-over"));
    const cr = canvas.getBoundingClientRect();
    const or = over.getBoundingClientRect();
    const dpr = canvas.width / cr.width;
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    const x0 = Math.round((or.left - cr.left) * dpr);
    const y0 = Math.round((or.top - cr.top) * dpr);
    const w = Math.round(or.width * dpr);
    const h = Math.round(or.height * dpr);
    const cols = [];
    let first = null;
    let last = null;
    for (let x = x0; x < x0 + w; x++) {
      const ys = [];
      for (let y = y0; y < y0 + h; y++) {
        const i = 4 * (y * canvas.width + x);
        if (Math.abs(data[i] - 31) < 40 && Math.abs(data[i + 1] - 78) < 40 && Math.abs(data[i + 2] - 156) < 40 && data[i + 3] > 200) ys.push(y);
      }
      if (ys.length === 0) continue;
      first ??= x - x0;
      last = x - x0;
      cols.push({ x: x - x0, lo: ys[0], hi: ys.at(-1), mean: ys.reduce((a, b) => a + b, 0) / ys.length });
    }
    return { columns: cols, plot: { w, h }, first, last };
  });
  const { history } = await snapshot(page);
  const { epochs, trainLoss } = history;
  const e0 = epochs[0];
  const eN = epochs.at(-1);
  // The line starts and ends at the plot's edges: the x axis is the logged epochs' range.
  assert.ok(first <= 2 && last >= plot.w - 3, `line from column ${first} to ${last} of ${plot.w}`);
  const lossAt = (e) => {
    const k = Math.min(epochs.length - 2, Math.max(0, Math.floor(((e - e0) / (eN - e0)) * (epochs.length - 1))));
    const t = (e - epochs[k]) / (epochs[k + 1] - epochs[k]);
    return trainLoss[k] + t * (trainLoss[k + 1] - trainLoss[k]);
  };
  const flat = columns.filter((c) => c.hi - c.lo <= 5 && c.x > 3 && c.x < plot.w - 4);
  const pairs = flat.map((c) => [lossAt(e0 + ((c.x + 0.5) / plot.w) * (eN - e0)), c.mean]);
  const rms = (f) => {
    const xs = pairs.map(([l]) => f(l));
    const ys = pairs.map(([, y]) => y);
    const n = xs.length;
    const mx = xs.reduce((a, b) => a + b, 0) / n;
    const my = ys.reduce((a, b) => a + b, 0) / n;
    const b = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    const a = my - b * mx;
    return Math.sqrt(xs.reduce((s, x, i) => s + (a + b * x - ys[i]) ** 2, 0) / n);
  };
  return { columns: pairs.length, rmsLin: rms((l) => l), rmsLog: rms(Math.log) };
}
