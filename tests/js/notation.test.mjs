// One notation, the lecture's, in the backprop panels' equations (www/panels/backprop/equations.js):
// g for the sigmoid (the lecture's g(z) = 1/(1+e^-z)), points numbered from 1 as the sums over
// i = 1..N, the loss beside the loop's (1/N)·L, and class y's output written a_y.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Network, dataset } from "./load.mjs";
import { equationsFor } from "../../www/panels/backprop/equations.js";
import { translate } from "../../www/model/i18n.js";
import { describe as describeInDiagram } from "../../www/panels/backprop/diagram.js";

/** The equations of point k of the lecture's 20 points, as the panel builds them. */
function equations({ output = "sigmoid", classes = 2, k = 0, label, lang = "en" } = {}) {
  const { xs, labels } = dataset("lecture", 20, 0, 1);
  const spec = { layers: [2, 3, 3, output === "sigmoid" ? 1 : classes], hidden: "sigmoid", output, seed: 1, inputs: ["x1", "x2"] };
  const net = new Network(spec);
  const x = /** @type {[number, number]} */ ([xs[2 * k], xs[2 * k + 1]]);
  const y = label ?? labels[k];
  const view = {
    spec, params: net.params(), pointIndex: k, x, label: y, a0: net.features(x), forward: net.forward(x),
    backward: net.gradients(x, y), batch: net.batchGradients(xs, labels), trainCount: 20, alpha: 0.4,
  };
  const out = equationsFor(view, (key, values) => translate(lang, key, values));
  net.free();
  return { out, view };
}

test("the sigmoid is g, as in the lecture and the captions (a = g(z)), never σ", () => {
  const { out } = equations();
  assert.ok(out.every((e) => !/\\sigma/.test(e.tex)), "no σ in the formulas");
  const a1 = out.find((e) => e.phase === "forward-1" && /a\[1\] = g\(z\[1\]\)/.test(e.caption));
  assert.ok(a1 && /\\mathbf\{a\}\^\{\[1\]\}=g\(\\mathbf\{z\}\^\{\[1\]\}\)/.test(a1.tex), a1?.tex);
});

test("points are numbered from 1 where the student reads them, as the sums run over i = 1..20", () => {
  for (const lang of ["en", "vi"]) {
    const { out } = equations({ k: 0, lang });
    assert.match(out[0].caption, lang === "en" ? /^Input: point 1$/ : /^Đầu vào: điểm 1$/);
    const sum = out.find((e) => e.phase === "sum");
    assert.ok(sum && / 1\b/.test(sum.caption) && /\\text\{ \(1\)\}/.test(sum.tex) && /\\sum_\{i=1\}\^\{20\}/.test(sum.tex), sum?.tex);
  }
  const { out } = equations({ k: 19 });
  assert.match(out[0].caption, /point 20$/);
});

test("the Loss phase shows L and the loop's (1.0/20)·L, the share of the loss the page shows", () => {
  const { out, view } = equations({ k: 3 });
  const loss = out.find((e) => e.phase === "loss");
  const m = /\\tfrac\{1\}\{20\}L=([0-9.e\\cdot{}^-]+)$/.exec(loss.tex);
  assert.ok(m, loss.tex);
  assert.ok(Math.abs(Number(m[1]) - view.backward.loss / 20) <= 1e-3 * view.backward.loss / 20, `${m[1]} vs ${view.backward.loss / 20}`);
  assert.match(loss.caption, /\(1\/20\) L/);
  assert.match(equations({ k: 3, lang: "vi" }).out.find((e) => e.phase === "loss").caption, /\(1\/20\) L/);
});

test("with three classes, class y's output is a_y: label 2 is a_2, the sum runs over j = 0..2", () => {
  const { out } = equations({ output: "softmax", classes: 3, label: 2 });
  const loss = out.find((e) => e.phase === "loss");
  assert.match(loss.tex, /-\\log a_\{2\}\^\{\[3\]\}/);
  assert.doesNotMatch(loss.tex, /a_\{3\}/);
  assert.match(loss.tex, /\\sum_\{j=0\}\^\{2\}/);
});

test("the diagram's details name the point as the student reads it: point 1 for the first", () => {
  const { view } = equations({ k: 0 });
  const v = { spec: view.spec, params: view.params, forward: view.forward, backward: view.backward.layers,
    batch: view.batch.layers, trainCount: 20, pointIndex: 0, a0: view.a0, editable: true, reveal: null };
  const lines = describeInDiagram(v, { kind: "edge", l: 1, i: 0, j: 0 }, (key, values) => translate("en", key, values));
  assert.ok(lines.some((line) => line.includes("(point 1)")), lines.join(" | "));
});
