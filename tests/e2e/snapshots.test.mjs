// Snapshots keep the optimizer's state (issue 15): train with Adam, keep a snapshot while the run
// goes on (in the worker), train on, go back to it, take one epoch: the screen's loss and the
// page's weights are those of the contract's Network trained from the same start without a
// break, computed here in the page's own wasm module; the list says "Adam, t = …".

import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, snapshot, frames, settled, assertLossText, maxDiff, screenshot, whenReady } from "./harness.mjs";

const env = useBrowser();

/** The epoch the page is at, once it is at least `epoch` (a state to wait for, not a time). */
function atLeast(page, epoch) {
  return page.waitForFunction((e) => window.backpropLab.snapshot().epoch >= e, epoch, { timeout: 30000, polling: "raf" });
}

/**
 * The contract's Network from `start`, Adam with the page's settings without a break: after
 * `epochs` epochs (the snapshot's weights), one more (what One epoch should give), and that one
 * more from a fresh Adam (what it gives when the state is lost), each with its training loss.
 */
function independent(page, start, epochs, opts) {
  return page.evaluate(async ({ start, epochs, opts }) => {
    const m = await import("./pkg/backprop_lab.js");
    const xs = new Float64Array(start.points.flatMap((p) => [p.x1, p.x2]));
    const labels = new Uint32Array(start.points.map((p) => p.label));
    const net = new m.Network(start.spec);
    net.setParams(start.params);
    net.train(xs, labels, { ...opts, epochs });
    const atSnapshot = net.params();
    const t = net.optimizerState().t;
    const fresh = new m.Network(start.spec);
    fresh.setParams(atSnapshot);
    fresh.train(xs, labels, { ...opts, epochs: 1 });
    net.train(xs, labels, { ...opts, epochs: 1 });
    const out = { atSnapshot, t, next: net.params(), nextLoss: net.loss(xs, labels), freshLoss: fresh.loss(xs, labels) };
    net.free();
    fresh.free();
    return out;
  }, { start, epochs, opts });
}

test("a snapshot taken while training with Adam keeps its state: going back and One epoch continue the run", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await page.getByRole("combobox", { name: "Optimizer" }).selectOption("adam");
  await page.getByRole("slider", { name: /Learning rate α/ }).fill("-2"); // α = 0.01: no stop within the run
  await frames(page);
  const start = await snapshot(page);
  assert.equal(start.epoch, 0);
  await page.getByText("Snapshots: go back and compare").click();

  await page.getByRole("button", { name: "Train", exact: true }).click();
  await atLeast(page, 20);
  await page.getByRole("textbox", { name: "Snapshot name" }).fill("A");
  await page.getByRole("button", { name: "Keep a snapshot" }).click(); // while the worker trains
  const item = page.getByRole("listitem").filter({ hasText: /^A: epoch/ });
  const words = await item.textContent();
  const m = /^A: epoch (\d+), Adam, t = (\d+)/.exec(words ?? "");
  assert.ok(m, `the list says the snapshot holds Adam's state: "${words}"`);
  const [epoch, t] = [Number(m[1]), Number(m[2])];
  assert.equal(t, epoch, "full batch: one Adam step per epoch");

  await atLeast(page, epoch + 30);
  await page.getByRole("button", { name: "Pause" }).click();
  await settled(page);
  await page.getByRole("button", { name: "Go back to A" }).click();
  await settled(page);
  const back = await snapshot(page);
  assert.equal(back.epoch, epoch);

  const opts = { learningRate: 0.01, batchSize: 0, reduction: "sum", optimizer: "adam" };
  const expected = await independent(page, start, epoch, opts);
  assert.equal(expected.t, t);
  assert.ok(maxDiff(back.params, expected.atSnapshot) < 1e-12, `the snapshot's weights: ${maxDiff(back.params, expected.atSnapshot)}`);

  await page.getByRole("button", { name: "One epoch" }).click();
  await settled(page);
  const after = await snapshot(page);
  assert.equal(after.epoch, epoch + 1);
  assert.ok(maxDiff(after.params, expected.next) < 1e-12, `One epoch after going back: ${maxDiff(after.params, expected.next)}`);
  const shown = await page.getByRole("status", { name: "Train loss", exact: true }).textContent();
  assertLossText(shown, expected.nextLoss, "Train loss after going back and One epoch");
  // A fresh Adam would show another loss: the readout tells the two apart.
  assert.throws(() => assertLossText(shown, expected.freshLoss, "fresh"), undefined, `${shown} vs a fresh Adam's ${expected.freshLoss}`);
  await screenshot(page, "snapshot-adam-state");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a share link with the weights carries the snapshots and their optimizer state: the opened page goes back and continues alike", async () => {
  const a = await openPage(env.browser, env.server.url);
  await a.page.getByRole("combobox", { name: "Optimizer" }).selectOption("adam");
  await a.page.getByRole("slider", { name: /Learning rate α/ }).fill("-2");
  await frames(a.page);
  for (let i = 0; i < 3; i++) await a.page.getByRole("button", { name: "One epoch" }).click();
  await settled(a.page);
  await a.page.getByText("Snapshots: go back and compare").click();
  await a.page.getByRole("textbox", { name: "Snapshot name" }).fill("S");
  await a.page.getByRole("button", { name: "Keep a snapshot" }).click();
  for (let i = 0; i < 2; i++) await a.page.getByRole("button", { name: "One epoch" }).click();
  await settled(a.page);
  await a.page.getByRole("checkbox", { name: "include the weights" }).check();
  await a.page.getByRole("button", { name: "Make a share link" }).click();
  const url = await a.page.getByRole("textbox", { name: "Share link" }).inputValue();
  assert.match(url, /#s3\./);
  assert.match(await a.page.getByRole("status", { name: "Files and links" }).textContent(), /and weights, with 1 snapshots/);

  const b = await openPage(env.browser, env.server.url);
  await b.page.goto("about:blank");
  await b.page.goto(url.replace(/\?[^#]*/, "?lang=en"));
  await whenReady(b.page);
  await b.page.getByText("Snapshots: go back and compare").click();
  assert.equal(await b.page.getByRole("listitem").filter({ hasText: /^S: epoch/ }).textContent().then((s) => s?.match(/^S: epoch 3, Adam, t = 3/)?.[0]),
    "S: epoch 3, Adam, t = 3");
  for (const { page } of [a, b]) {
    await page.getByRole("button", { name: "Go back to S" }).click();
    await settled(page);
    await page.getByRole("button", { name: "One epoch" }).click();
    await settled(page);
  }
  const [sa, sb] = [await snapshot(a.page), await snapshot(b.page)];
  assert.equal(sb.epoch, 4);
  assert.ok(maxDiff(sa.params, sb.params) === 0, `the two pages differ by ${maxDiff(sa.params, sb.params)}`);
  const loss = (page) => page.getByRole("status", { name: "Train loss", exact: true }).textContent();
  assert.equal(await loss(b.page), await loss(a.page));
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.context.close();
  await b.context.close();
});
