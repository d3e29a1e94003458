// The store (www/app/store.js): the app state and its actions, driven here as the page's
// pointer, keyboard, panels, files and lessons drive them, against independent values from
// the core.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lab from "./load.mjs";
import { createStore } from "../../www/app/store.js";
import { createSession } from "../../www/app/session.js";
import { createTraining } from "../../www/app/training.js";
import { defaultSettings, FASTEST, WATCH_SPEED, LINEAR_ALPHA } from "../../www/model/settings.js";
import { SPEEDS } from "../../www/model/trainer.js";
import { specFor } from "../../www/model/spec.js";
import * as pts from "../../www/model/points.js";

const core = { Network: lab.Network, dataset: lab.dataset, limits: lab.limits };

/** A store as the page makes it, training on this thread (Node has no Web Worker). */
function makeStore(training = createTraining(core, { worker: false })) {
  const settings = defaultSettings();
  const session = createSession(core, specFor(settings, 2));
  return { store: createStore({ core, session, training, lang: "en", settings }), session };
}

/** The lecture's network with the page's seed, made independently of the store. */
function lectureNet() {
  return new lab.Network({ layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 1 });
}

/** Runs Train at the fastest speed until the run stops, as the frame loop would. */
async function trainToTheEnd(store) {
  if (store.state.settings.speed !== FASTEST) store.act("fastest");
  store.act("train");
  for (let frames = 0; store.state.running && frames < 100000; frames++) {
    store.trainFrame(performance.now(), 0);
    await store.settled();
  }
}

test("the first view: the lecture's 20 points, measured by the network the session holds", () => {
  const { store } = makeStore();
  const s = store.state;
  const { xs, labels } = lab.dataset("lecture", 20, 0, 1);
  const net = lectureNet();
  assert.equal(store.points().length, 20);
  assert.equal(s.epoch, 0);
  assert.equal(s.trainLoss, net.loss(xs, labels));
  assert.equal(s.trainAcc, net.accuracy(xs, labels));
  assert.equal(s.testLoss, null, "no test split in the lecture's settings");
  assert.deepEqual(store.archText(), "2-3-3-1, sigmoid → sigmoid");
});

test("One epoch is one epoch of the core's train(), logged in the history", () => {
  const { store } = makeStore();
  const { xs, labels } = lab.dataset("lecture", 20, 0, 1);
  const net = lectureNet();
  const before = net.loss(xs, labels);
  net.train(xs, labels, { epochs: 1, learningRate: 0.4, batchSize: 0, reduction: "sum" });
  store.act("oneEpoch");
  assert.equal(store.state.epoch, 1);
  lab.assertClose(store.params(), net.params(), 1e-15);
  assert.deepEqual(store.snapshot(null).history, { epochs: [1], trainLoss: [before] });
  assert.equal(store.state.trainLoss, net.loss(xs, labels));
});

test("Train runs the lecture's loop to its stop rule, one history entry per epoch", async () => {
  const { store } = makeStore();
  await trainToTheEnd(store);
  const s = store.state;
  assert.equal(s.status.key, "status.stoppedLoss");
  assert.equal(s.epoch, 933, "the page's seed stops at epoch 933");
  assert.ok(s.trainLoss < 0.005);
  const h = store.snapshot(null).history;
  assert.equal(h.epochs.length, 933);
  assert.deepEqual(h.epochs.slice(0, 3), [1, 2, 3]);
  assert.ok(h.trainLoss[932] < 0.005 && h.trainLoss[931] >= 0.005, "the last epoch's loss is the first below 0.005");
});

test("a point added by a click is undone and redone; a third class makes the output softmax", () => {
  const { store } = makeStore();
  store.addPoint([0.5, 0.5], 1);
  assert.equal(store.points().length, 21);
  assert.deepEqual(store.points()[20], { ...store.points()[20], x1: 0.5, x2: 0.5, label: 1 });
  store.act("undo");
  assert.equal(store.points().length, 20);
  store.act("redo");
  assert.equal(store.points().length, 21);
  store.addPoint([-1, -1], 2);
  assert.deepEqual(store.state.spec.layers, [2, 3, 3, 3]);
  assert.equal(store.state.spec.output, "softmax");
  assert.equal(store.state.status.key, "status.reinit");
});

test("a drag paints several points and one undo takes them all back", () => {
  const { store } = makeStore();
  store.startDrag([0, 0], "add", 0);
  store.dragTo([0.2, 0]);
  store.dragTo([0.4, 0]);
  assert.equal(store.points().length, 23, "the points show while the drag goes on");
  store.endDrag();
  assert.equal(store.state.history.past.length, 1);
  store.act("undo");
  assert.equal(store.points().length, 20);
});

test("removing by the keyboard takes the nearest point within reach, and nothing farther", () => {
  const { store } = makeStore();
  const p = store.points()[3];
  store.removeNear([p.x1 + 0.01, p.x2]);
  assert.equal(store.points().length, 19);
  assert.ok(!store.points().includes(p));
  store.removeNear([50, 50]);
  assert.equal(store.points().length, 19);
});

test("Lecture defaults train on every point again (the test split goes back to 0)", () => {
  const { store } = makeStore();
  store.change({ testFraction: 0.5, learningRate: 2 });
  assert.ok(store.state.testLoss !== null);
  store.act("defaults");
  assert.equal(store.state.settings.testFraction, 0);
  assert.equal(store.state.settings.learningRate, 0.4);
  assert.equal(store.state.testLoss, null);
  assert.equal(store.samples().train.labels.length, 20);
});

test("divergence pauses with an alert, and Restore brings back the last good weights", async () => {
  const { store } = makeStore();
  store.change({ learningRate: 10 });
  await trainToTheEnd(store);
  const s = store.state;
  assert.equal(s.running, false);
  assert.ok(s.alert && s.alert.key.startsWith("error.diverg"), `alert: ${JSON.stringify(s.alert)}`);
  const good = s.lastGood;
  assert.ok(good, "the weights before the blow-up were kept");
  assert.ok(s.series.log.epochs.at(-1) > good.epoch, "the diverged epochs were logged");
  store.restoreLastGood();
  assert.equal(s.alert, null);
  assert.equal(s.epoch, good.epoch);
  assert.deepEqual(store.params(), good.params);
  assert.ok(s.series.log.epochs.every((e) => e <= good.epoch), "the charts forget the diverged epochs");
  assert.ok(s.series.epoch.every((e) => e <= good.epoch));
});

test("a file whose weights do not fit is refused and nothing changes", () => {
  const { store } = makeStore();
  store.act("oneEpoch");
  const before = { points: store.points(), settings: store.state.settings, params: store.params(), epoch: store.state.epoch };
  const doc = {
    format: "backprop-lab", version: 1, lesson: null, settings: { ...defaultSettings(), hidden: [4] },
    points: [{ x1: 0, x2: 0, label: 0 }, { x1: 1, x2: 1, label: 1 }], params: before.params,
  };
  assert.throws(() => store.applyDocument(doc), /weights/i);
  assert.equal(store.points(), before.points);
  assert.equal(store.state.settings, before.settings);
  assert.deepEqual(store.params(), before.params);
  assert.equal(store.state.epoch, before.epoch);
});

test("a file that fits replaces the work, and Undo gives the points before it back", () => {
  const { store } = makeStore();
  const settings = { ...defaultSettings(), hidden: [4] };
  const net = new lab.Network({ ...specFor(settings, 2), seed: 9 });
  store.applyDocument({ format: "backprop-lab", version: 1, lesson: null, settings, epoch: 12,
    points: [{ x1: 0, x2: 0, label: 0 }, { x1: 1, x2: 1, label: 1 }], params: net.params() });
  assert.equal(store.points().length, 2);
  assert.deepEqual(store.state.spec.layers, [2, 4, 1]);
  assert.deepEqual(store.params(), net.params());
  assert.equal(store.state.epoch, 12);
  store.act("undo");
  assert.equal(store.points().length, 20);
});

test("a lesson's set-up and the way back give the student's work back exactly", () => {
  const { store } = makeStore();
  store.addPoint([0.3, 0.3], 1);
  store.act("oneEpoch");
  const kept = store.keepWork();
  const params = store.params();
  store.setUpLesson({ ...defaultSettings(), hidden: [] }, [{ x1: 0, x2: 0, label: 0 }, { x1: 1, x2: 0, label: 1 }]);
  assert.deepEqual(store.state.spec.layers, [2, 1]);
  store.restoreWork(kept);
  assert.equal(store.points(), kept.history.points);
  assert.deepEqual(store.params(), params);
  assert.equal(store.state.epoch, 1);
  assert.deepEqual(store.state.spec.layers, [2, 3, 3, 1]);
});

test("a reply from the worker for a page that changed meanwhile is dropped", async () => {
  /** A training whose replies come when the test says. */
  const waiting = [];
  const host = createTraining(core, { worker: false });
  const training = {
    backend: "worker",
    start() {},
    request(req) {
      return new Promise((resolve) => waiting.push(() => host.request(req).then(resolve)));
    },
  };
  const { store } = makeStore(training);
  store.act("fastest");
  store.act("train");
  store.trainFrame(performance.now(), 0);
  assert.equal(waiting.length, 1, "one request on its way");
  const params = store.params();
  store.addPoint([0.1, 0.1], 0); // the points change while the worker trains
  waiting.shift()();
  await store.settled();
  assert.deepEqual(store.params(), params, "the stale reply did not overwrite the weights");
  assert.equal(store.state.epoch, 0);
  store.trainFrame(performance.now(), 0);
  assert.equal(waiting.length, 1, "the next frame asks again, with the new points");
  waiting.shift()();
  await store.settled();
  assert.ok(store.state.epoch > 0);
  assert.notDeepEqual(store.params(), params);
});

test("an action that fails becomes an alert in words and leaves the network as it was", () => {
  const { store } = makeStore();
  const params = store.params();
  store.changeNeurons(7, 1); // there is no hidden layer 7
  assert.equal(store.state.alert?.key, "error.generic");
  assert.deepEqual(store.params(), params);
  assert.deepEqual(store.state.spec.layers, [2, 3, 3, 1]);
});

test("the points and the history never change outside the actions", () => {
  const { store } = makeStore();
  const history = store.state.history;
  store.snapshot(null);
  store.currentDocument(null);
  store.keepWork();
  store.archText();
  store.plainPoints();
  assert.equal(store.state.history, history);
  assert.equal(pts.classesNeeded(store.points()), 2);
});

test("a run starts at a speed a student can watch (the lecture's run takes seconds); Fastest is one click", () => {
  const { store } = makeStore();
  assert.equal(SPEEDS[store.state.settings.speed], 300);
  assert.ok(933 / SPEEDS[WATCH_SPEED] >= 3, "the lecture's 933 epochs take at least three seconds");
  store.act("train");
  const t0 = store.state.lastFrame;
  store.trainFrame(t0 + 100, 0); // a tenth of a second later
  assert.ok(store.state.epoch <= 30, `at most 30 epochs in 0.1 s, got ${store.state.epoch}`);
  store.act("fastest");
  assert.equal(store.state.settings.speed, FASTEST);
  store.act("fastest");
  assert.equal(store.state.settings.speed, WATCH_SPEED, "a second click goes back to watching");
});

test("switching to linear activations lowers α and says why; the run then does not diverge", async () => {
  const { store } = makeStore();
  store.change({ activation: "linear" });
  assert.equal(store.state.settings.learningRate, LINEAR_ALPHA);
  assert.equal(store.state.status.key, "status.linearAlpha");
  assert.match(store.t(store.state.status.key, store.state.status.values), /from 0.4 to 0.1/);
  store.change({ maxEpochs: 300 });
  const start = store.state.trainLoss;
  await trainToTheEnd(store);
  assert.equal(store.state.alert, null, `no divergence: ${JSON.stringify(store.state.alert)}`);
  assert.equal(store.state.epoch, 300);
  assert.ok(store.state.trainLoss <= start, "the loss went down, to the best a straight line can do");
  // The mean reduction keeps α as the student set it.
  const other = makeStore().store;
  other.change({ reduction: "mean" });
  other.change({ activation: "linear" });
  assert.equal(other.state.settings.learningRate, 0.4);
});

test("a file whose weights overflow on its points (1e308) is refused, and nothing of the work changes", () => {
  const { store } = makeStore();
  const before = { points: store.points(), settings: store.state.settings, params: store.params(), history: store.state.history };
  const settings = { ...defaultSettings(), learningRate: 2 };
  const huge = before.params.map((l) => ({ W: l.W.map((r) => r.map(() => 1e308)), b: l.b.map(() => 1e308) }));
  const doc = { format: "backprop-lab", version: 1, lesson: null, settings, params: huge,
    points: [0, 1, 2, 3, 4].map((i) => ({ x1: i / 5, x2: -i / 5, label: i % 2 })) };
  assert.throws(() => store.applyDocument(doc), /overflow/);
  assert.equal(store.points(), before.points);
  assert.equal(store.state.settings, before.settings);
  assert.equal(store.state.history, before.history, "not even the undo history changed");
  assert.deepEqual(store.params(), before.params);
});

test("the confusion matrix counts each true class against the network's class, training and test points apart", async () => {
  const { confusion } = await import("../../www/model/confusion.js");
  assert.deepEqual(confusion([0, 1, 1, 2, 0], [
    { label: 0, test: false }, { label: 0, test: false }, { label: 1, test: false }, { label: 2, test: true }, { label: 2, test: true },
  ], 3), { train: [[1, 1, 0], [0, 1, 0], [0, 0, 0]], test: [[0, 0, 0], [0, 0, 0], [1, 0, 1]] });

  const { store } = makeStore();
  store.addPoint([1.5, 1.5], 2); // three classes: softmax
  store.change({ testFraction: 0.4 });
  store.act("oneEpoch");
  const m = store.confusionMatrix();
  // Independently: the core's outputs for every point, the largest wins.
  const net = new lab.Network(store.state.spec);
  net.setParams(store.params());
  const points = store.plainPoints();
  const out = net.predict(Float64Array.from(points.flatMap((p) => [p.x1, p.x2])));
  const want = { train: [[0, 0, 0], [0, 0, 0], [0, 0, 0]], test: [[0, 0, 0], [0, 0, 0], [0, 0, 0]] };
  points.forEach((p, i) => {
    const o = [out[3 * i], out[3 * i + 1], out[3 * i + 2]];
    want[p.test ? "test" : "train"][p.label][o.indexOf(Math.max(...o))] += 1;
  });
  assert.deepEqual(m, want);
  const right = (c) => c.reduce((s, row, k) => s + row[k], 0) / c.flat().reduce((a, b) => a + b, 0);
  assert.equal(right(m.train), store.state.trainAcc, "its diagonal is the train accuracy");
  assert.equal(right(m.test), store.state.testAcc);
});

test("snapshots: keep the weights, train, go back to them exactly; the run left behind is kept to compare", () => {
  const { store } = makeStore();
  store.act("oneEpoch");
  store.takeSnapshot("start");
  const start = store.params();
  for (let i = 0; i < 4; i++) store.act("oneEpoch");
  assert.equal(store.state.epoch, 5);
  store.restoreSnapshot(0);
  assert.equal(store.state.epoch, 1);
  assert.deepEqual(store.params(), start);
  assert.deepEqual(store.state.series.log.epochs, [1], "the charts go back to the snapshot's epoch");
  assert.deepEqual(store.state.kept?.epochs, [1, 2, 3, 4, 5], "the run left behind is kept");
  assert.match(store.state.kept?.label ?? "", /α = 0\.4, Gradient descent/);
  // B: another optimizer from the same start differs from A.
  store.change({ optimizer: "adam" });
  for (let i = 0; i < 4; i++) store.act("oneEpoch");
  assert.notDeepEqual(store.state.series.log.trainLoss.slice(1), store.state.kept?.trainLoss.slice(1));
  store.forgetKept();
  assert.equal(store.state.kept, null);
  store.deleteSnapshot(0);
  assert.deepEqual(store.state.snapshots, []);
});

test("a snapshot of another architecture is not loaded into this network", () => {
  const { store } = makeStore();
  store.takeSnapshot("");
  assert.match(store.state.snapshots[0].name, /Snapshot 1 \(epoch 0\)/);
  store.act("addLayer");
  const params = store.params();
  store.restoreSnapshot(0);
  assert.equal(store.state.status.key, "snap.otherNetwork");
  assert.deepEqual(store.params(), params);
});

test("opening points alone (a CSV) keeps the network, its weights and settings; Undo brings the points back", () => {
  const { store } = makeStore();
  store.change({ learningRate: 1.2, activation: "tanh" });
  store.act("oneEpoch");
  const before = { params: store.params(), spec: store.state.spec, points: store.points() };
  store.applyDocument({ format: "backprop-lab", version: 1, lesson: null, settings: {}, params: null,
    points: [{ x1: 0, x2: 0, label: 0 }, { x1: 1, x2: 1, label: 1 }, { x1: -1, x2: 1, label: 1 }] });
  assert.equal(store.points().length, 3);
  assert.equal(store.state.settings.learningRate, 1.2);
  assert.equal(store.state.settings.activation, "tanh");
  assert.equal(store.state.settings.dataset, "own");
  assert.deepEqual(store.params(), before.params, "the weights stay");
  assert.equal(store.state.epoch, 1);
  store.act("undo");
  assert.equal(store.points(), before.points);
  assert.deepEqual(store.params(), before.params);
});

test("keeping 10 000 own points and generating a set stays within the page's limit, and says so", () => {
  const { store } = makeStore();
  const many = Array.from({ length: 10000 }, (_, i) => ({ x1: (i % 100) / 50 - 1, x2: Math.floor(i / 100) / 50 - 1, label: i % 2 }));
  store.applyDocument({ format: "backprop-lab", version: 1, lesson: null, settings: {}, params: null, points: many });
  assert.equal(store.points().length, 10000);
  store.change({ keepOwn: true });
  store.change({ dataset: "circle" });
  assert.equal(store.points().length, 10000, "never more than the page's 10 000");
  assert.equal(store.state.status.key, "status.trimmed");
});

test("undo across a rebuild: a third class makes the output softmax, Undo brings the sigmoid output back", () => {
  const { store } = makeStore();
  store.addPoint([1, -1], 2);
  assert.equal(store.state.spec.output, "softmax");
  store.act("undo");
  assert.equal(store.state.spec.output, "sigmoid");
  assert.deepEqual(store.state.spec.layers, [2, 3, 3, 1]);
  assert.equal(store.points().length, 20);
  assert.equal(store.state.trainLoss, (() => {
    const net = new lab.Network(store.state.spec);
    net.setParams(store.params());
    const { xs, labels } = lab.dataset("lecture", 20, 0, 1);
    return net.loss(xs, labels);
  })());
});

test("the maximum-epochs rule stops a run exactly there, and Train afterwards starts again from new weights", async () => {
  const { store } = makeStore();
  store.change({ maxEpochs: 37, stopLoss: 0 });
  await trainToTheEnd(store);
  assert.equal(store.state.epoch, 37);
  assert.equal(store.state.status.key, "status.stoppedMax");
  store.act("train");
  assert.equal(store.state.epoch, 0, "a finished run starts afresh");
  assert.equal(store.state.status.key, "status.restart");
});

test("snapshots travel in state files and autosave: saved, read back and gone back to exactly", async () => {
  const { stateToJson, stateFromJson } = await import("../../www/model/statefile.js");
  const { store } = makeStore();
  store.act("oneEpoch");
  store.takeSnapshot("after one");
  const kept = store.params();
  for (let i = 0; i < 3; i++) store.act("oneEpoch");
  const text = stateToJson(store.currentDocument(null));
  const other = makeStore().store;
  other.applyDocument(stateFromJson(text));
  assert.deepEqual(other.state.snapshots.map((s) => [s.name, s.epoch]), [["after one", 1]]);
  other.restoreSnapshot(0);
  assert.deepEqual(other.params(), kept);
  assert.equal(other.state.epoch, 1);
  // A damaged snapshot refuses the file, with words.
  const bad = JSON.parse(text);
  bad.snapshots[0].params = [{ W: [[1]], b: "x" }];
  assert.throws(() => stateFromJson(JSON.stringify(bad)));
  bad.snapshots = [{ name: 5, epoch: 1, params: kept }];
  assert.throws(() => stateFromJson(JSON.stringify(bad)), (e) => e.reason?.key === "refuse.snapshots");
});

test("two tabs' points merge: the other's are added once, what is already here is not doubled, and the limit holds", async () => {
  const { mergePoints } = await import("../../www/model/points.js");
  const mine = [{ x1: 0, x2: 0, label: 0 }, { x1: 1, x2: 1, label: 1 }];
  const theirs = [{ x1: 1, x2: 1, label: 1 }, { x1: 1, x2: 1, label: 0 }, { x1: -1, x2: 0.5, label: 2 }, { x1: -1, x2: 0.5, label: 2 }];
  const merged = mergePoints(mine, theirs, 10);
  assert.deepEqual(merged.points, [...mine, theirs[1], theirs[2]]);
  assert.equal(merged.added, 2);
  assert.equal(merged.left, 0);
  const capped = mergePoints(mine, theirs, 3);
  assert.deepEqual(capped.points, [...mine, theirs[1]]);
  assert.deepEqual([capped.added, capped.left], [1, 1]);
});

test("fuzzing: every accepted file and link, opened in the store, comes back exactly from its save; a refused one changes nothing", async () => {
  const { readFile, stateToJson, stateFromJson, pointsToCsv } = await import("../../www/model/statefile.js");
  const { encodeLink, decodeLink } = await import("../../www/model/sharelink.js");
  const { mulberry32, mutate } = await import("../fuzz.mjs");
  const { store } = makeStore();
  store.act("oneEpoch");
  const doc = store.currentDocument(null);
  const seeds = [
    { kind: "file", name: "state.json", text: stateToJson(doc) },
    { kind: "file", name: "points.csv", text: pointsToCsv(doc.points) },
    { kind: "link", text: encodeLink({ points: doc.points, settings: doc.settings, params: doc.params, lesson: null }) },
  ];
  const rand = mulberry32(14);
  const counts = { tried: 0, refused: 0, accepted: 0, lost: 0 };
  for (let i = 0; i < 240; i++) {
    const seed = seeds[i % seeds.length];
    const text = i < seeds.length ? seed.text : mutate(seed.text, rand);
    const before = stateToJson(store.currentDocument(null));
    counts.tried++;
    try {
      const opened = seed.kind === "link" ? { format: "backprop-lab", version: 1, ...decodeLink(text) } : readFile(seed.name, text);
      store.applyDocument(/** @type {any} */ (opened));
    } catch (e) {
      counts.refused++;
      assert.ok(e instanceof Error && e.message.length > 0);
      assert.equal(stateToJson(store.currentDocument(null)), before, `input ${i}: a refusal leaves the work as it was`);
      continue;
    }
    counts.accepted++;
    // The save the page writes, read back by a page opened afresh, gives the same work.
    const saved = stateToJson(store.currentDocument(null));
    const { store: reloaded, session } = makeStore();
    reloaded.applyDocument(stateFromJson(saved));
    if (stateToJson(reloaded.currentDocument(null)) !== saved) counts.lost++;
    session.net.free?.();
  }
  console.log(`fuzzing through the store: ${JSON.stringify(counts)}`);
  assert.equal(counts.lost, 0, "nothing accepted is lost by a save and a reload");
  assert.ok(counts.accepted >= 3 && counts.refused > 0, JSON.stringify(counts));
});
