// Regression mode (issue 15), its pure parts and the store's actions: the default points and
// network, the mean squared error, the curve against the core's forward(), state files (version 2,
// real targets, the other task kept; version 1 files as before) and share links ("s2."), and the
// store switching tasks, adding points (x₁, y) and measuring, against values computed by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lab from "./load.mjs";
import {
  defaultRegressionPoints, regressionSettings, meanSquaredError, sampleCurve, curveSamples, REGRESSION_TRAINING,
} from "../../www/model/regression.js";
import { defaultSettings } from "../../www/model/settings.js";
import { specFor } from "../../www/model/spec.js";
import * as pts from "../../www/model/points.js";
import { stateToJson, stateFromJson, pointsToCsv, readFile } from "../../www/model/statefile.js";
import { encodeLink, decodeLink, isShareLink } from "../../www/model/sharelink.js";
import { createStore } from "../../www/app/store.js";
import { createSession } from "../../www/app/session.js";
import { createTraining } from "../../www/app/training.js";

const core = { Network: lab.Network, dataset: lab.dataset, limits: lab.limits };

test("the default points lie on y = 0.9 sin(2.2 x₁) inside the plane, label = x2 = y", () => {
  const points = defaultRegressionPoints();
  assert.equal(points.length, 12);
  for (const p of points) {
    assert.equal(p.label, p.x2);
    assert.ok(Math.abs(p.x1) <= 1.5 && Math.abs(p.x2) <= 1.5);
    assert.ok(Math.abs(p.label - 0.9 * Math.sin(2.2 * p.x1)) <= 0.0005 + 1e-12, `${p.x1}, ${p.label}`);
  }
  assert.deepEqual(defaultRegressionPoints(), points, "the same every time");
});

test("the regression network: 1-8-1 tanh → linear on x₁; an x₂ input is never taken (x₂ is the target)", () => {
  const s = regressionSettings(defaultSettings());
  assert.equal(s.task, "regress");
  assert.deepEqual(specFor(s, 2), { layers: [1, 8, 1], hidden: "tanh", output: "linear", seed: 1, inputs: ["x1"] });
  assert.deepEqual(specFor({ ...s, inputs: ["x1", "x2", "sinx1"] }, 2).inputs, ["x1", "sinx1"]);
  assert.deepEqual(specFor({ ...s, inputs: ["x2"] }, 2).inputs, ["x1"]);
  // Classification is as before.
  assert.deepEqual(specFor(defaultSettings(), 2).output, "sigmoid");
});

test("the default training fits the default points below its stop loss", () => {
  const s = regressionSettings(defaultSettings());
  const points = defaultRegressionPoints().map((p) => ({ ...p, key: 0.5, own: true }));
  const { train } = pts.toSamples(points, 0, true);
  assert.ok(train.labels instanceof Float64Array, "real targets");
  assert.deepEqual([...train.labels], points.map((p) => p.label));
  const net = new lab.Network(specFor(s, 2));
  const r = net.train(train.xs, train.labels, { epochs: s.maxEpochs, learningRate: s.learningRate, batchSize: 0,
    reduction: s.reduction, optimizer: s.optimizer, stopLoss: s.stopLoss });
  // The stop rule tests the loss measured during the last epoch, before its update.
  assert.ok(r.losses.at(-1) < REGRESSION_TRAINING.stopLoss && r.epochs < 2000, `${r.epochs} epochs, loss ${r.losses.at(-1)}`);
  net.free();
});

test("meanSquaredError is (1/N) Σ (a − y)² over the points chosen, twice the core's loss", () => {
  const points = [{ label: 0.5 }, { label: -1 }, { label: 2 }];
  const out = [0.25, -0.5, 2.5];
  assert.equal(meanSquaredError(out, points, () => true), (0.0625 + 0.25 + 0.25) / 3);
  assert.equal(meanSquaredError(out, points, (i) => i === 1), 0.25);
  assert.equal(meanSquaredError(out, points, () => false), null);
  const net = new lab.Network({ layers: [1, 3, 1], hidden: "tanh", output: "linear", inputs: ["x1"], seed: 4 });
  const xs = Float64Array.from([-0.5, 0.2, 0.3, -0.7, 1.1, 0]);
  const ys = Float64Array.from([0.1, -0.4, 0.9]);
  const mse = meanSquaredError(net.predict(xs), [...ys].map((label) => ({ label })), () => true);
  lab.assertClose(mse, 2 * net.loss(xs, ys), 1e-15);
  net.free();
});

test("the curve is the core's forward() along x₁ from lo to hi", () => {
  const net = new lab.Network({ layers: [1, 8, 1], hidden: "tanh", output: "linear", inputs: ["x1"], seed: 9 });
  const curve = sampleCurve(net, 61, -1.5, 1.5);
  assert.equal(curve.x1.length, 61);
  assert.equal(curve.x1[0], -1.5);
  assert.equal(curve.x1[60], 1.5);
  for (let i = 0; i < 61; i++) {
    assert.ok(Math.abs(curve.x1[i] - (-1.5 + 0.05 * i)) < 1e-12);
    // predict() is the fast path, held to the plain forward() within 1e-12.
    lab.assertClose(curve.y[i], net.forward([curve.x1[i], 0.3]).at(-1).a[0], 1e-12, `at x1 = ${curve.x1[i]}`);
  }
  assert.deepEqual([...curveSamples(3, 0, 1)], [0, 0, 0.5, 0, 1, 0]);
  net.free();
});

test("state files: a regression file (version 2) keeps its real targets and the other task; version 1 files open as before", () => {
  const settings = regressionSettings(defaultSettings());
  const points = [{ x1: -0.8, x2: 0.6137, label: 0.6137, key: 0.25, own: true }, { x1: 0.7, x2: -0.5, label: -0.5, key: 0.75, own: true }];
  const away = { settings: defaultSettings(), points: [{ x1: 0.1, x2: 0.2, label: 1, key: 0.5, own: true }] };
  const text = stateToJson({ points, settings, params: null, lesson: null, epoch: 3, away });
  const doc = stateFromJson(text);
  assert.equal(JSON.parse(text).version, 2);
  assert.deepEqual(doc.points, points);
  assert.equal(doc.settings.task, "regress");
  assert.deepEqual(doc.away, away);
  assert.equal(doc.epoch, 3);
  // A classification file without the other task is written as version 1, as before.
  assert.equal(JSON.parse(stateToJson({ points: away.points, settings: defaultSettings() })).version, 1);
  // An old file (version 1, no task) still opens: classification, integer labels.
  const old = stateFromJson(JSON.stringify({ format: "backprop-lab", version: 1, points: [{ x1: 0, x2: 0, label: 1 }], settings: { hidden: [3] }, params: null }));
  assert.deepEqual(old.points, [{ x1: 0, x2: 0, label: 1 }]);
  assert.equal(old.settings.task, undefined);
  // Real labels are refused for classification; a target beyond the coordinates' range for regression.
  assert.throws(() => stateFromJson(JSON.stringify({ format: "backprop-lab", version: 2, points: [{ x1: 0, x2: 0, label: 0.5 }], settings: {} })), /label/);
  assert.throws(() => stateFromJson(JSON.stringify({ format: "backprop-lab", version: 2, points: [{ x1: 0, x2: 0, label: 99 }], settings: { task: "regress" } })), /label/);
  assert.throws(() => stateFromJson(JSON.stringify({ format: "backprop-lab", version: 2, points: [], settings: { task: "fit" } })), /task/);
  assert.throws(() => stateFromJson(JSON.stringify({ format: "backprop-lab", version: 3, points: [], settings: {} })), /newer|version/i);
});

test("share links: regression writes s2. with y = x2; s1. links decode as before; a mismatched task is refused", () => {
  const settings = regressionSettings(defaultSettings());
  const points = [{ x1: -0.8, x2: 0.6137, label: 0.6137 }, { x1: 0.7, x2: -0.5, label: -0.5 }];
  const link = encodeLink({ points, settings, params: null });
  assert.ok(link.startsWith("#s2."), link);
  const back = decodeLink(link);
  assert.equal(back.settings.task, "regress");
  assert.equal(back.points.length, 2);
  back.points.forEach((p, i) => {
    assert.equal(p.label, p.x2);
    assert.ok(Math.abs(p.x2 - points[i].x2) <= 1 / 4000 + 1e-12);
  });
  const classify = encodeLink({ points: [{ x1: 0.5, x2: -0.25, label: 1 }], settings: defaultSettings(), params: null });
  assert.ok(classify.startsWith("#s1."), classify);
  assert.deepEqual(decodeLink(classify).points, [{ x1: 0.5, x2: -0.25, label: 1 }]);
  assert.ok(isShareLink(link) && isShareLink(classify) && !isShareLink("#x1.abc"), "both prefixes open at load");
  // The same parts under the other prefix: the task and the prefix disagree.
  assert.throws(() => decodeLink(`#s1.${link.slice(4)}`), /settings/i);
  assert.throws(() => decodeLink(`#s2.${classify.slice(4)}`), /settings/i);
});

test("the store: Task switches to regression and back, each task keeps its points; clicks add (x₁, y); MSE measured", async () => {
  const settings = defaultSettings();
  const session = createSession(core, specFor(settings, 2));
  const store = createStore({ core, session, training: createTraining(core, { worker: false }), lang: "en", settings });
  const lecture = store.points();
  store.change({ task: "regress" });
  const s = store.state;
  assert.equal(s.spec.output, "linear");
  assert.equal(store.points().length, 12);
  assert.equal(s.trainAcc, null, "no accuracy in regression");
  store.act("clear");
  store.addPoint([-0.8, 0.6], 0);
  store.addPoint([0.7, -0.5], 0);
  assert.deepEqual(store.snapshot(null).points, [{ x1: -0.8, x2: 0.6, label: 0.6, test: false }, { x1: 0.7, x2: -0.5, label: -0.5, test: false }]);
  store.act("oneEpoch");
  assert.equal(s.epoch, 1);
  const net = new lab.Network(session.net.spec());
  net.setParams(store.params());
  const a = [net.forward([-0.8, 0]).at(-1).a[0], net.forward([0.7, 0]).at(-1).a[0]];
  lab.assertClose(s.trainMse, ((a[0] - 0.6) ** 2 + (a[1] + 0.5) ** 2) / 2, 1e-14);
  lab.assertClose(s.trainLoss, s.trainMse / 2, 1e-14);
  assert.equal(s.testMse, null);
  net.free();
  // The document carries the task, the real targets and the classification points.
  const doc = stateFromJson(stateToJson(store.currentDocument(null)));
  assert.equal(doc.settings.task, "regress");
  assert.equal(doc.away?.points.length, 20);

  store.change({ task: "classify" });
  assert.equal(s.spec.output, "sigmoid");
  assert.deepEqual(store.points(), lecture, "classification's points given back");
  assert.ok(s.trainAcc !== null);
  store.change({ task: "regress" });
  assert.equal(store.points().length, 2, "regression's points given back");
  store.act("undo");
  assert.equal(store.points().length, 1, "undo works within the task");

  // A saved regression document opens into a fresh store as it was.
  store.act("redo");
  const saved = stateFromJson(stateToJson(store.currentDocument(null)));
  const other = createStore({ core, session: createSession(core, specFor(defaultSettings(), 2)), training: createTraining(core, { worker: false }), lang: "en" });
  other.applyDocument(saved);
  assert.equal(other.state.settings.task, "regress");
  assert.deepEqual(other.snapshot(null).points, store.snapshot(null).points);
  lab.assertClose(other.params(), store.params(), 0);
  other.change({ task: "classify" });
  assert.equal(other.points().length, 20, "the other task came along in the file");
});

test("the store: an old classification file opened during regression keeps the regression work as the other task", () => {
  const settings = defaultSettings();
  const store = createStore({ core, session: createSession(core, specFor(settings, 2)), training: createTraining(core, { worker: false }), lang: "en", settings });
  store.change({ task: "regress" });
  store.addPoint([0.2, -0.3], 0);
  const regression = store.snapshot(null).points;
  const old = stateFromJson(JSON.stringify({ format: "backprop-lab", version: 1, points: [{ x1: 0.5, x2: 0.5, label: 1 }, { x1: -0.5, x2: -0.5, label: 0 }],
    settings: { hidden: [4], activation: "tanh" }, params: null }));
  store.applyDocument(old);
  assert.equal(store.state.settings.task, "classify");
  assert.equal(store.state.spec.output, "sigmoid");
  assert.deepEqual(store.points().map((p) => p.label), [1, 0]);
  store.change({ task: "regress" });
  assert.deepEqual(store.snapshot(null).points, regression, "the regression work came back");
  store.act("addLayer");
  store.change({ learningRate: 0.5, activation: "relu" });
  store.act("defaults");
  assert.deepEqual(store.state.spec.layers, [1, 8, 1], "the defaults of regression, not the lecture's network");
  assert.equal(store.state.settings.learningRate, 0.03);
  assert.match(store.t(store.state.status.key), /^Regression's defaults are back/);
  store.resetAll();
  assert.equal(store.state.settings.task, "classify");
  assert.equal(store.state.away, null, "Reset everything: a first visit");
});

test("CSV in regression: the points as written (x2 = label = y) read back with their real targets; classification refuses them", () => {
  const points = [{ x1: -0.8, x2: 0.6137, label: 0.6137 }, { x1: 0.7, x2: -0.5, label: -0.5 }];
  const csv = pointsToCsv(points);
  assert.deepEqual(readFile("points.csv", csv, true).points, points);
  assert.throws(() => readFile("points.csv", csv), /label/);
  assert.throws(() => readFile("points.csv", "x1,x2,label\n0,0,NaN\n", true), /label/);
  // In regression the CSV's points open as the targets they carry.
  const settings = defaultSettings();
  const store = createStore({ core, session: createSession(core, specFor(settings, 2)), training: createTraining(core, { worker: false }), lang: "en", settings });
  store.change({ task: "regress" });
  store.applyDocument(readFile("points.csv", csv, true));
  assert.equal(store.state.settings.task, "regress");
  assert.deepEqual(store.snapshot(null).points.map(({ x1, x2, label }) => ({ x1, x2, label })), points);
  assert.ok(store.state.trainMse !== null);
});
