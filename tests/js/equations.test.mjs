// The equations panel's update step follows the chosen optimizer and regularization: with L2 its
// numbers are W − α(ΣdW + λW), computed here independently from the core's gradients.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lab from "./load.mjs";
import { equationsFor, texMatrix } from "../../www/panels/backprop/equations.js";
import { translate } from "../../www/model/i18n.js";

const t = (key, values) => translate("en", key, values);
const spec = { layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 1 };

function view(update) {
  const net = new lab.Network(spec);
  const { xs, labels } = lab.dataset("lecture", 20, 0, 1);
  const x = [xs[0], xs[1]];
  return {
    spec: net.spec(), params: net.params(), pointIndex: 0, x, label: labels[0], a0: net.features(x),
    forward: net.forward(x), backward: net.gradients(x, labels[0]), batch: net.batchGradients(xs, labels),
    trainCount: 20, alpha: 0.4, update,
  };
}

test("plain descent: W ← W − α ΣdW, as in the lecture", () => {
  const v = view(undefined);
  const eqs = equationsFor(v, t).filter((e) => e.phase === "update");
  const W = v.params[2].W;
  const dW = v.batch.layers[2].dW;
  const Wn = W.map((r, i) => r.map((w, j) => w - 0.4 * dW[i][j]));
  assert.ok(eqs.some((e) => e.tex.endsWith(`=${texMatrix(Wn)}`)));
});

test("L2: the step's gradient is ΣdW + λW and the new weights are W − α g, in numbers", () => {
  const v = view({ regularization: "l2", regularizationRate: 0.05 });
  const eqs = equationsFor(v, t).filter((e) => e.phase === "update");
  const W = v.params[2].W;
  const dW = v.batch.layers[2].dW;
  const g = dW.map((r, i) => r.map((d, j) => d + 0.05 * W[i][j]));
  const Wn = W.map((r, i) => r.map((w, j) => w - 0.4 * g[i][j]));
  assert.ok(eqs.some((e) => e.tex.includes(`+\\lambda W^{[3]}=${texMatrix(g)}`)), "g with the λW term");
  assert.ok(eqs.some((e) => e.tex.endsWith(`=${texMatrix(Wn)}`)), "W − α g");
  assert.ok(eqs.some((e) => /λ = 0.05/.test(e.caption)));
});

test("momentum and Adam show their rules, and say their state lives in the network", () => {
  const m = equationsFor(view({ optimizer: "momentum", momentum: 0.8 }), t).filter((e) => e.phase === "update");
  assert.ok(m.some((e) => e.tex.includes("v^{[2]}\\leftarrow\\mu\\,v^{[2]}+g^{[2]}") && /μ = 0.8/.test(e.caption)));
  const a = equationsFor(view({ optimizer: "adam" }), t).filter((e) => e.phase === "update");
  assert.ok(a.some((e) => e.tex.includes("\\frac{\\hat m}{\\sqrt{\\hat v}+\\varepsilon}") && /kept by the network/.test(e.caption)));
});
