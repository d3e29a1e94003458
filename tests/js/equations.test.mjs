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
  assert.ok(a.some((e) => e.tex.includes("\\frac{\\hat m^{[2]}}{\\sqrt{\\hat v^{[2]}}+\\varepsilon}")));
  assert.ok(a.some((e) => e.tex.includes("m^{[2]}\\leftarrow\\beta_1 m^{[2]}+(1-\\beta_1)g^{[2]}") && /kept by the network/.test(e.caption)));
});

test("momentum and Adam: the equations' v, m and new W are the core's step(), from the state the network keeps", async () => {
  const { optimizerStep } = await import("../../www/panels/backprop/equations.js");
  const { xs, labels } = lab.dataset("lecture", 20, 0, 1);
  for (const [opts, warm] of [
    [{ optimizer: "momentum", momentum: 0.8 }, { optimizer: "momentum", momentum: 0.8 }], // v carried over
    [{ optimizer: "adam" }, { optimizer: "adam" }],                                        // m, v and t carried over
    [{ optimizer: "momentum", momentum: 0.8 }, { optimizer: "adam" }],                     // another optimizer: v starts at 0
    [{ optimizer: "momentum", momentum: 0.8 }, { optimizer: "momentum", momentum: 0.5 }],  // another μ: v starts at 0
    [{ optimizer: "adam", regularization: "l2", regularizationRate: 0.01 }, null],          // nothing kept yet
  ]) {
    const net = new lab.Network(spec);
    if (warm) net.train(xs, labels, { epochs: 3, learningRate: 0.1, batchSize: 0, reduction: "sum", ...warm });
    const state = net.optimizerState();
    const params = net.params();
    // The step as the step-through makes it: every training point's gradient accumulated, then step().
    const batch = net.batchGradients(xs, labels);
    for (let i = 0; i < labels.length; i++) net.backward([xs[2 * i], xs[2 * i + 1]], labels[i]);
    net.step(0.1, opts);
    const after = net.params();
    for (let l = 1; l <= 3; l++) {
      const W = params[l - 1].W;
      const lambda = opts.regularizationRate ?? 0;
      const g = batch.layers[l - 1].dW.map((r, i) => r.map((d, j) => d + lambda * W[i][j]));
      const s = optimizerStep(opts.optimizer, opts, state, l, W, g, 0.1);
      lab.assertClose(s.Wn, after[l - 1].W, 1e-12, `${JSON.stringify(opts)} after ${JSON.stringify(warm)}: W[${l}]`);
      const kept = net.optimizerState();
      lab.assertClose(s.first, kept.first[l - 1].W, 1e-12, `v or m of layer ${l}`);
      if (s.kind === "adam") {
        lab.assertClose(s.second, kept.second[l - 1].W, 1e-12, `Adam's v of layer ${l}`);
        assert.equal(s.t, kept.t);
      }
    }
    // The equations show these numbers.
    const v = { ...view(opts), params, batch, alpha: 0.1, optimizer: state };
    const eqs = equationsFor(v, t).filter((e) => e.phase === "update").map((e) => e.tex).join("\n");
    const s3 = optimizerStep(opts.optimizer, opts, state, 3, params[2].W, batch.layers[2].dW.map((r, i) => r.map((d, j) => d + (opts.regularizationRate ?? 0) * params[2].W[i][j])), 0.1);
    assert.ok(eqs.includes(texMatrix(s3.first)), "v or m in numbers");
    assert.ok(eqs.includes(texMatrix(s3.Wn)), "the new W in numbers");
    net.free();
  }
});
