// The lessons' pure parts in Node: the collapse of linear hidden layers against the
// wasm network itself, the line clipping, the divergence rule, per-point losses,
// and every lesson's settings being accepted by the core and by the state-file schema.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Network, dataset } from "./load.mjs";
import { collapse, lineInSquare, matMul } from "../../www/panels/lessons/collapse.js";
import { isDiverging } from "../../www/model/divergence.js";
import { pointLosses, unsureLoss } from "../../www/panels/lessons/lossbars.js";
import { specFor } from "../../www/model/spec.js";
import { translate } from "../../www/model/i18n.js";
import { LESSONS, lessonSettings, threeClassPoints, findLesson } from "../../www/model/lessons.js";
import { defaultSettings } from "../../www/model/settings.js";
import { SETTINGS_SCHEMA } from "../../www/model/statefile.js";

test("collapse: a network with linear hidden layers is g(W x + b), W and b from params()", () => {
  for (const layers of [[2, 3, 3, 1], [2, 5, 1], [2, 4, 2, 3, 1]]) {
    const net = new Network({ layers, hidden: "linear", output: "sigmoid", seed: 3 });
    const params = net.params();
    const { W, b } = collapse(params);
    assert.equal(W.length, 1);
    assert.equal(W[0].length, 2);
    const xs = new Float64Array([0.3, -1.2, 1.4, 0.9, -0.7, -0.2, 0, 0]);
    const out = net.predict(xs);
    for (let i = 0; i < 4; i++) {
      const z = W[0][0] * xs[2 * i] + W[0][1] * xs[2 * i + 1] + b[0];
      assert.ok(Math.abs(out[i] - 1 / (1 + Math.exp(-z))) < 1e-12, `${layers}: sample ${i}`);
    }
    // W is the product of the layers' matrices, last first.
    let M = params[params.length - 1].W;
    for (let l = params.length - 2; l >= 0; l--) M = matMul(M, params[l].W);
    assert.deepEqual(W, M);
    net.free();
  }
});

test("lineInSquare clips a line to the plane, or says it misses", () => {
  assert.deepEqual(lineInSquare(1, 0, 0, -1.5, 1.5).map((x) => x + 0), [0, -1.5, 0, 1.5]);
  const d = lineInSquare(1, -1, 0, -1.5, 1.5);
  assert.deepEqual(d, [-1.5, -1.5, 1.5, 1.5]);
  assert.equal(lineInSquare(1, 1, 10, -1.5, 1.5), null);
  assert.equal(lineInSquare(0, 0, 1, -1.5, 1.5), null);
});

test("divergence: far above the run's start and above 2, or not finite", () => {
  assert.equal(isDiverging(0.7977, 28.27), true); // α 10 on the lecture's network
  assert.equal(isDiverging(0.7977, 0.69), false);
  assert.equal(isDiverging(0.7977, 3.5), false); // not yet 5× the start
  assert.equal(isDiverging(0.1, 1.5), false); // 15× but tiny
  assert.equal(isDiverging(0.5, Infinity), true);
  assert.equal(isDiverging(null, 100), false);
  assert.equal(isDiverging(0.5, null), false);
});

test("the lecture's network with α 10 diverges by the rule, with α 0.4 it does not", () => {
  const { xs, labels } = dataset("lecture", 0, 0, 1);
  for (const [alpha, expected] of [[10, true], [0.4, false]]) {
    const net = new Network({ layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 1 });
    const start = net.loss(xs, labels);
    let diverged = false;
    for (let i = 0; i < 20 && !diverged; i++) {
      const r = net.train(xs, labels, { epochs: 50, learningRate: alpha, batchSize: 0, reduction: "sum" });
      diverged = isDiverging(start, r.loss);
    }
    assert.equal(diverged, expected, `α ${alpha}`);
    net.free();
  }
});

test("pointLosses: BCE and CE per sample, their mean is the core's loss", () => {
  const { xs, labels } = dataset("lecture", 0, 0, 1);
  const net = new Network({ layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 1 });
  const L = pointLosses(net.predict(xs), labels, 1);
  assert.ok(Math.abs(L.reduce((s, x) => s + x, 0) / L.length - net.loss(xs, labels)) < 1e-12);
  net.free();
  const pts = threeClassPoints();
  const xs3 = new Float64Array(pts.flatMap((p) => [p.x1, p.x2]));
  const labels3 = new Uint32Array(pts.map((p) => p.label));
  const soft = new Network({ layers: [2, 3, 3, 3], hidden: "sigmoid", output: "softmax", seed: 1 });
  const L3 = pointLosses(soft.predict(xs3), labels3, 3);
  assert.ok(Math.abs(L3.reduce((s, x) => s + x, 0) / L3.length - soft.loss(xs3, labels3)) < 1e-12);
  soft.free();
});

test("every lesson and variant gives settings the core and the state file accept", () => {
  const defaults = defaultSettings();
  for (const lesson of LESSONS) {
    for (const variant of [null, ...lesson.variants]) {
      const s = lessonSettings(defaults, defaults, lesson, variant);
      const where = `${lesson.id}/${variant?.id ?? "-"}`;
      for (const [key, rule] of Object.entries(SETTINGS_SCHEMA)) {
        const v = s[key];
        if (key === "dataset" && v === "own") continue; // own points travel as points, not as a generator
        if (Array.isArray(rule) && typeof rule[0] === "number") {
          assert.ok(typeof v === "number" && v >= rule[0] && v <= rule[1], `${where}: ${key} = ${v}`);
        } else if (Array.isArray(rule) && rule[0] === "numbers") {
          assert.ok(Array.isArray(v) && v.length <= rule[3] && v.every((x) => x >= rule[1] && x <= rule[2]), `${where}: ${key}`);
        } else if (Array.isArray(rule) && rule[0] === "strings") {
          assert.ok(Array.isArray(v) && v.every((x) => rule[1].includes(x)), `${where}: ${key}`);
        } else if (Array.isArray(rule)) {
          assert.ok(rule.includes(v), `${where}: ${key} = ${v}`);
        } else {
          assert.equal(typeof v, "boolean", `${where}: ${key}`);
        }
      }
      const net = new Network({ layers: [s.inputs.length, ...s.hidden, 1], hidden: s.activation, output: "sigmoid", seed: s.netSeed });
      net.free();
    }
  }
  // The lesson's patch wins over the student's settings, except display preferences.
  const own = { ...defaults, learningRate: 3, logScale: false };
  const s6 = lessonSettings(defaults, own, findLesson("descent"), null);
  assert.equal(s6.learningRate, 0.4);
  assert.equal(s6.logScale, false);
  // Lessons never share arrays with each other or with the defaults.
  const a = lessonSettings(defaults, defaults, findLesson("network"), null);
  a.hidden.push(9);
  assert.deepEqual(lessonSettings(defaults, defaults, findLesson("network"), null).hidden, [3, 3]);
});

test("lesson 4's question says what the bars show before training, on every seed the lesson can use", () => {
  const lesson = findLesson("loss");
  const s = lessonSettings(defaultSettings(), defaultSettings(), lesson, null);
  const { xs, labels } = dataset(s.dataset, s.count, s.noise, s.dataSeed);
  const everyNearLog2 = /every L is close to log 2/.test(lesson.question.en);
  for (let seed = 1; seed <= 1000; seed++) {
    const net = new Network({ ...specFor({ ...s, netSeed: seed }, 2) });
    const a = net.predict(xs);
    const L = pointLosses(a, labels, 1);
    net.free();
    // "a[3] differs little from point to point" (it spans 0.14 at most on these seeds): so each
    // class's bars have similar heights.
    assert.ok(Math.max(...a) - Math.min(...a) < 0.15, `seed ${seed}: a[3] from ${Math.min(...a)} to ${Math.max(...a)}`);
    // "both would be log 2 only if a[3] were 0.5": L of a red point is -log(1 - a[3]), of a green one -log a[3].
    labels.forEach((y, i) => assert.ok(Math.abs(L[i] - -Math.log(y === 1 ? a[i] : 1 - a[i])) < 1e-12));
    if (everyNearLog2) {
      for (const l of L) assert.ok(Math.abs(l - Math.log(2)) < 0.1, `seed ${seed}: the question says every L is near log 2, one is ${l}`);
    }
  }
  for (const lang of ["en", "vi"]) assert.match(lesson.question[lang], /log 2 ≈ 0\.69/);
  assert.match(lesson.question.en, /only if a\[3\] were 0\.5/);
});

test("the loss bars' dotted line is log C: log 2 for two classes, log 3 for three", () => {
  assert.equal(unsureLoss(2), Math.log(2));
  assert.equal(unsureLoss(3), Math.log(3));
  // A softmax that is unsure about three classes (every a_j = 1/3) has L = log 3.
  assert.ok(Math.abs(pointLosses(new Float64Array([1 / 3, 1 / 3, 1 / 3]), new Uint32Array([2]), 3)[0] - unsureLoss(3)) < 1e-15);
  for (const lang of ["en", "vi"]) {
    assert.match(translate(lang, "lossbars.guideC", { C: 3, v: unsureLoss(3).toFixed(2) }), /log 3 ≈ 1\.10.*1\/3/);
    assert.match(translate(lang, "lossbars.guide2"), /log 2 ≈ 0\.69/);
  }
});
