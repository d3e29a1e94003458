// The loss chart draws every epoch logged (thinned only for display, extremes kept).
import { test } from "node:test";
import assert from "node:assert/strict";
import { emptySeries, logEpochs, record } from "../../www/model/series.js";
import { lossData, thinLog, tick, MAX_DRAWN } from "../../www/views/charts.js";

test("axis ticks use the lecture's dot and no grouping, in any browser language", () => {
  assert.deepEqual([0.1, 0.5, 1000, 20000, 0, 0.005, 1e-5, 1e7].map(tick), ["0.1", "0.5", "1000", "20000", "0", "0.005", "1e-5", "1e7"]);
});

test("every logged epoch is drawn when the log is short", () => {
  const s = emptySeries();
  logEpochs(s, 1, [0.9, 0.8, 0.7]);
  record(s, 3, 0.6, 0.65, 0.5, 0.5);
  logEpochs(s, 4, [0.6, 0.5]);
  record(s, 5, 0.45, 0.55, 0.5, 0.5);
  const [x, train, test] = lossData(s);
  assert.deepEqual(x, [1, 2, 3, 4, 5]);
  assert.deepEqual(train, [0.9, 0.8, 0.7, 0.6, 0.5]);
  assert.deepEqual(test, [null, null, 0.65, null, 0.55]);
});

test("a long log is thinned for display, keeping a one-epoch spike and the last epoch", () => {
  const epochs = Array.from({ length: 20000 }, (_, i) => i + 1);
  const losses = epochs.map((e) => 1 / e);
  losses[6800] = 5; // a jump, as near epoch 680 of the lecture's run (scaled)
  const thin = thinLog(epochs, losses, MAX_DRAWN);
  assert.ok(thin.epochs.length <= MAX_DRAWN + 1, `${thin.epochs.length} points`);
  assert.ok(thin.losses.includes(5), "the spike is drawn");
  assert.equal(thin.epochs.at(-1), 20000);
  assert.deepEqual(thin.epochs, [...thin.epochs].sort((a, b) => a - b), "in epoch order");
  const s = emptySeries();
  logEpochs(s, 1, losses);
  assert.equal(s.log.epochs.length, 20000, "the log itself keeps every epoch (snapshot().history)");
});

test("going back to an epoch's weights forgets the epochs after it, in the charts and the log", async () => {
  const { truncateSeries } = await import("../../www/model/series.js");
  const s = emptySeries();
  logEpochs(s, 1, [0.9, 0.8, 5, 50]);
  record(s, 2, 0.8, null, 0.5, null);
  record(s, 4, 50, null, 0.5, null);
  truncateSeries(s, 2);
  assert.deepEqual(s.log, { epochs: [1, 2], trainLoss: [0.9, 0.8] });
  assert.deepEqual(s.epoch, [2]);
  assert.deepEqual(s.trainLoss, [0.8]);
});

test("a kept run is drawn beside the current one on the same epoch axis", () => {
  const s = emptySeries();
  logEpochs(s, 1, [0.9, 0.8]);
  const [x, train, test, kept] = lossData(s, { label: "A", epochs: [1, 2, 3], trainLoss: [0.9, 0.7, 0.5] });
  assert.deepEqual(x, [1, 2, 3]);
  assert.deepEqual(train, [0.9, 0.8, null]);
  assert.deepEqual(test, [null, null, null]);
  assert.deepEqual(kept, [0.9, 0.7, 0.5]);
});
