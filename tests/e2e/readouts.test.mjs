// What the student reads: every readout of the training panel (Epoch, Train loss, Test loss,
// Train accuracy, Test accuracy) and a selected point's probabilities, read from the screen
// as text and compared with values computed without the page's code: a fresh Network of the
// package with the snapshot's spec and weights (the contract, pinned by the reference cases).

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useBrowser, openPage, snapshot, frames, checkReadouts, settled, checkSelected, fileHandled,
} from "./harness.mjs";

const env = useBrowser();

/** Sets a range or number input the way a person does, firing input and change. */
async function setValue(page, role, name, value) {
  const el = page.getByRole(role, { name });
  await el.fill(String(value));
  if (role === "spinbutton") await el.press("Enter");
  await frames(page);
}

/** Presses Train and waits until the run stops by itself. */
async function trainToStop(page) {
  await page.getByRole("button", { name: "Train", exact: true }).click();
  await page.getByRole("status", { name: "Training status" }).filter({ hasText: /^Stopped at epoch/ }).waitFor({ timeout: 60000 });
  await settled(page);
}

/** Opens a file through the page's file picker. */
async function openFile(page, name, text) {
  await page.getByLabel("Open a file (CSV or JSON)").setInputFiles({ name, mimeType: "text/plain", buffer: Buffer.from(text) });
  await fileHandled(page);
}

test("every readout, read from the screen, equals the contract's value: lecture data, then a test split", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  // Epoch 0, no test points: the test readouts say "—".
  let r = await checkReadouts(page, "epoch 0");
  assert.equal(r.shown.epoch, "0");
  assert.equal(r.shown.testLoss, "—");
  assert.equal(r.exact.test.n, 0);
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "One epoch" }).click();
  r = await checkReadouts(page, "three epochs");
  assert.equal(r.shown.epoch, "3");

  // The circle with half its points held out: the test readouts are numbers of their own.
  await page.getByRole("combobox", { name: "Data set" }).selectOption("circle");
  await setValue(page, "slider", /Test split/, 50);
  r = await checkReadouts(page, "circle, test split 50 %");
  assert.ok(r.exact.test.n > 50 && r.exact.train.n > 50, `${r.exact.train.n} train, ${r.exact.test.n} test points`);
  // The two losses differ, so a readout showing one for the other is caught.
  assert.ok(Math.abs(r.exact.test.loss - r.exact.train.loss) > 1e-4, `train ${r.exact.train.loss}, test ${r.exact.test.loss}`);

  await page.getByRole("combobox", { name: "Hidden activation function" }).selectOption("tanh");
  await page.getByRole("combobox", { name: "Gradients" }).selectOption("mean");
  await setValue(page, "spinbutton", "Maximum number of epochs", 400);
  const before = r.exact;
  await trainToStop(page);
  r = await checkReadouts(page, "trained 400 epochs");
  assert.equal(r.shown.epoch, "400");
  assert.ok(Math.abs(r.exact.test.loss - r.exact.train.loss) > 1e-4, `train ${r.exact.train.loss}, test ${r.exact.test.loss}`);
  // Training did its work: both losses fell and both accuracies rose well above chance.
  assert.ok(r.exact.train.loss < before.train.loss / 2 && r.exact.test.loss < before.test.loss / 2,
    `losses ${before.train.loss} / ${before.test.loss} -> ${r.exact.train.loss} / ${r.exact.test.loss}`);
  assert.ok(r.exact.train.acc > 0.9 && r.exact.test.acc > 0.85, `accuracies ${r.exact.train.acc} / ${r.exact.test.acc}`);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Three overlapping clusters (red left, green right, blue on top), 90 points, from a fixed generator. */
function threeClusters() {
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centres = [[-0.6, -0.4], [0.6, -0.4], [0, 0.6]];
  const rows = ["x1,x2,label"];
  for (let i = 0; i < 90; i++) {
    const label = i % 3;
    const [cx, cy] = centres[label];
    const x1 = Math.max(-1.4, Math.min(1.4, cx + 0.35 * normal()));
    const x2 = Math.max(-1.4, Math.min(1.4, cy + 0.35 * normal()));
    rows.push(`${x1.toFixed(3)},${x2.toFixed(3)},${label}`);
  }
  return rows.join("\n");
}

test("three classes (softmax): accuracies and a point's three probabilities, read from the screen, equal the contract's", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await openFile(page, "three.csv", threeClusters());
  assert.match(await page.getByRole("status", { name: "Files and links" }).textContent(), /Opened three\.csv: 90 points/);
  await setValue(page, "slider", /Test split/, 30);
  const s = await snapshot(page);
  assert.equal(s.spec.output, "softmax");
  assert.equal(s.spec.layers.at(-1), 3);
  let r = await checkReadouts(page, "softmax, epoch 0");
  assert.equal(r.exact.classes, 3);
  assert.ok(r.exact.test.n > 10, `${r.exact.test.n} test points`);

  await page.getByRole("combobox", { name: "Gradients" }).selectOption("mean");
  await setValue(page, "spinbutton", "Maximum number of epochs", 600);
  await trainToStop(page);
  r = await checkReadouts(page, "softmax, trained");
  // The trained network tells the three apart (the clusters overlap a little, so not every point):
  // every class, blue included, is predicted for some points, so an accuracy that skips a class is caught.
  assert.ok(r.exact.train.acc > 0.75 && r.exact.train.acc < 1, `train accuracy ${r.exact.train.acc}`);
  assert.ok(r.exact.test.acc > 0.6, `test accuracy ${r.exact.test.acc}`);
  const predicted = await page.evaluate(async () => {
    const lab = await import("/pkg/backprop_lab.js");
    const snap = window.backpropLab.snapshot();
    const net = new lab.Network(snap.spec);
    net.setParams(snap.params);
    const counts = [0, 0, 0];
    for (const p of snap.points) {
      const out = Array.from(net.forward([p.x1, p.x2]).at(-1).a);
      counts[out.indexOf(Math.max(...out))] += 1;
    }
    net.free();
    return counts;
  });
  assert.ok(predicted.every((n) => n >= 15), `points predicted per class: ${predicted}`);

  // A blue point selected: all three probabilities, each to its three digits.
  const blue = (await snapshot(page)).points.findIndex((p) => p.label === 2);
  await page.getByRole("combobox", { name: "Selected point" }).selectOption(String(blue));
  const sel = await checkSelected(page, ["red", "green", "blue"]);
  assert.ok(Math.abs(sel.out.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a selected point's P(green), read from the screen, is the contract's output for it", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "One epoch" }).click();
  await page.getByRole("radio", { name: "Select", exact: true }).check();
  const { clickPlane } = await import("./harness.mjs");
  for (const k of [3, 14]) {
    const p = (await snapshot(page)).points[k];
    await clickPlane(page, p.x1 + 0.03, p.x2);
    assert.equal((await snapshot(page)).selected, k);
    await checkSelected(page, ["green"]);
  }
  // After the lecture's run the number follows the new weights.
  await trainToStop(page);
  const { out } = await checkSelected(page, ["green"]);
  assert.ok(out[0] > 0.5, `point 14 is green and trained: P(green) ${out[0]}`);
  assert.deepEqual(errors, []);
  await context.close();
});
