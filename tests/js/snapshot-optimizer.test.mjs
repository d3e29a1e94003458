// A snapshot keeps the optimizer's state (issue 15): going back to it restores the weights and
// what momentum or Adam remembered, so the next epoch is the one the run would have taken.
// Driven through the store's actions (training through the training host, as in the worker),
// compared with a Network of the core given the same weights and state.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lab from "./load.mjs";
import { createStore } from "../../www/app/store.js";
import { createSession } from "../../www/app/session.js";
import { createTraining } from "../../www/app/training.js";
import { defaultSettings } from "../../www/model/settings.js";
import { specFor } from "../../www/model/spec.js";
import { stateToJson, stateFromJson } from "../../www/model/statefile.js";

const core = { Network: lab.Network, dataset: lab.dataset, limits: lab.limits };

for (const optimizer of ["adam", "momentum"]) {
  test(`${optimizer}: Train, keep a snapshot, train on, go back, One epoch = the core continuing from the snapshot`, async () => {
    const settings = { ...defaultSettings(), optimizer, learningRate: 0.05 };
    const session = createSession(core, specFor(settings, 2));
    const store = createStore({ core, session, training: createTraining(core, { worker: false }), lang: "en", settings });
    store.act("fastest");
    store.act("train");
    while (store.state.epoch < 40) {
      store.trainFrame(performance.now(), 0);
      await store.settled();
    }
    store.takeSnapshot("A");
    const snap = store.state.snapshots[0];
    assert.equal(snap.optimizer?.optimizer, optimizer);
    assert.ok(snap.optimizer.t >= 40, "the worker's state came back with the weights");
    while (store.state.epoch < snap.epoch + 30) {
      store.trainFrame(performance.now(), 0);
      await store.settled();
    }
    store.pauseTraining();
    store.restoreSnapshot(0);
    assert.deepEqual(lab.plain(session.net.optimizerState()), lab.plain(snap.optimizer), "the state is back");
    store.act("oneEpoch");
    // The core, given the snapshot's weights and state (through a state file and back), one epoch.
    const saved = stateFromJson(stateToJson(store.currentDocument(null))).snapshots?.[0];
    assert.ok(saved?.optimizer, "the state file carries the snapshot's optimizer state");
    const net = new lab.Network(session.net.spec());
    net.setParams(saved.params);
    net.setOptimizerState(saved.optimizer);
    const { train } = store.samples();
    net.train(train.xs, train.labels, { ...store.trainOptions(), epochs: 1 });
    assert.deepEqual(lab.plain(store.params()), lab.plain(net.params()), "the same weights");
    // Without the state, the epoch would have gone elsewhere.
    const fresh = new lab.Network(session.net.spec());
    fresh.setParams(saved.params);
    fresh.train(train.xs, train.labels, { ...store.trainOptions(), epochs: 1 });
    assert.notDeepEqual(lab.plain(fresh.params()), lab.plain(net.params()));
    net.free();
    fresh.free();
  });
}

test("a state file's snapshot without an optimizer state still opens; a damaged one is refused", () => {
  const doc = { format: "backprop-lab", version: 1, points: [{ x1: 0, x2: 0, label: 0 }], settings: {}, params: null, lesson: null,
    snapshots: [{ name: "old", epoch: 3, params: [{ W: [[1, 2]], b: [0] }] }] };
  assert.equal(stateFromJson(JSON.stringify(doc)).snapshots?.[0].optimizer, undefined);
  const bad = structuredClone(doc);
  bad.snapshots[0].optimizer = { optimizer: "adam", momentum: null, t: -1, first: [], second: [] };
  assert.throws(() => stateFromJson(JSON.stringify(bad)), /snapshots/);
});

test("a share link with the weights carries the snapshots and their optimizer state, and the other task's points", async () => {
  const { encodeLink, decodeLink } = await import("../../www/model/sharelink.js");
  const make = () => {
    const settings = { ...defaultSettings(), optimizer: "momentum", learningRate: 0.05 };
    const session = createSession(core, specFor(settings, 2));
    return { session, store: createStore({ core, session, training: createTraining(core, { worker: false }), lang: "en", settings }) };
  };
  const a = make();
  a.store.change({ task: "regress" }); // the regression task's own points ...
  a.store.change({ task: "classify" }); // ... kept aside as the other task
  for (let i = 0; i < 5; i++) a.store.act("oneEpoch");
  a.store.takeSnapshot("five");
  for (let i = 0; i < 3; i++) a.store.act("oneEpoch");
  const doc = a.store.currentDocument(null);
  assert.ok(doc.away, "the other task is part of the work");
  const shared = decodeLink(encodeLink(doc));
  const b = make();
  b.store.applyDocument({ format: "backprop-lab", version: 1, ...shared });
  assert.equal(b.store.state.snapshots.length, 1);
  assert.deepEqual(lab.plain(b.store.state.snapshots[0].optimizer), lab.plain(a.store.state.snapshots[0].optimizer));
  assert.deepEqual(b.store.state.away?.history.points.map((p) => [p.label]), doc.away.points.map((p) => [Math.round(p.x2 * 2000) / 2000]));
  for (const { store } of [a, b]) {
    store.restoreSnapshot(0);
    store.act("oneEpoch");
  }
  assert.deepEqual(lab.plain(b.store.params()), lab.plain(a.store.params()), "both continue alike from the linked snapshot");
});
