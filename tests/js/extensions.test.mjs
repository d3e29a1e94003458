// The training extensions (DESIGN.md, "Training extensions") and the extras the page uses:
// exact JS names, values against the update rules written out here, every bad input refused
// with the network unchanged.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Network, limits, cases, flatX, u32, assertClose, plain, netFromCase } from "./load.mjs";

const lecture = cases.find((c) => c.name.startsWith("lecture"));
const xs = flatX(lecture.X);
const labels = u32(lecture.y);

/** Every weight and bias of params(), flat. */
const flat = (params) => params.flatMap(({ W, b }) => [...W.flat(), ...b]);
/** The summed gradient of the data loss at the network's weights, flat (dW then db per layer). */
const summedGradient = (net) => net.batchGradients(xs, labels).layers.flatMap(({ dW, db }) => [...dW.flat(), ...db]);
/** params() with its flat values replaced. */
function unflat(like, values) {
  let k = 0;
  return like.map(({ W, b }) => ({ W: W.map((row) => row.map(() => values[k++])), b: b.map(() => values[k++]) }));
}
const isWeight = (params) => params.flatMap(({ W, b }) => [...W.flat().map(() => true), ...b.map(() => false)]);
const state = (net) => JSON.stringify({ params: plain(net.params()), acc: plain(net.accumulated()) });

/** fn must throw an Error (not a trap) matching pattern, and leave the network as it was. */
function expectRejected(net, fn, pattern, what) {
  const before = state(net);
  let err;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof Error, `${what}: did not throw an Error (${err})`);
  assert.ok(!(err instanceof WebAssembly.RuntimeError), `${what}: trapped`);
  assert.match(err.message, pattern, `${what}: "${err.message}"`);
  assert.equal(state(net), before, `${what}: the network changed`);
}

describe("train(): losses", () => {
  test("one entry per epoch run: the fixture's per-epoch losses", () => {
    const t = lecture.train;
    const net = netFromCase(lecture);
    const r = net.train(xs, labels, { epochs: t.epochs, learningRate: t.lr, batchSize: 0, reduction: "sum" });
    assert.ok(r.losses instanceof Float64Array, "losses is a Float64Array");
    assert.equal(r.losses.length, r.epochs);
    assertClose(r.losses, t.losses, 1e-7, "losses");
    assertClose(r.loss, t.final_loss, 1e-7, "loss");
    assert.equal(r.stopped, false);
  });

  test("with stopLoss the last entry is the first below it", () => {
    const net = new Network({ layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 7 });
    const r = net.train(xs, labels, { epochs: 20000, learningRate: 0.4, batchSize: 0, reduction: "sum", stopLoss: 0.3 });
    assert.equal(r.stopped, true);
    assert.equal(r.losses.length, r.epochs);
    assert.ok(r.losses.at(-1) < 0.3 && Array.from(r.losses.slice(0, -1)).every((l) => l >= 0.3));
  });
});

describe("optimizers", () => {
  const opts = { epochs: 1, learningRate: 0.05, batchSize: 0, reduction: "sum" };

  test('"momentum": v ← μv + g; θ ← θ − αv, state kept between calls', () => {
    const net = netFromCase(lecture);
    const probe = netFromCase(lecture);
    const mu = 0.8;
    let theta = flat(net.params());
    let v = theta.map(() => 0);
    for (let step = 0; step < 3; step++) {
      probe.setParams(unflat(net.params(), theta));
      const g = summedGradient(probe);
      v = v.map((vk, k) => mu * vk + g[k]);
      theta = theta.map((t, k) => t - opts.learningRate * v[k]);
      net.train(xs, labels, { ...opts, optimizer: "momentum", momentum: mu });
    }
    assertClose(flat(net.params()), theta, 1e-12, "momentum after 3 calls");
  });

  test('"adam": bias-corrected moments, defaults β₁ 0.9, β₂ 0.999, ε 1e-8', () => {
    const net = netFromCase(lecture);
    const probe = netFromCase(lecture);
    const [b1, b2, eps, alpha] = [0.9, 0.999, 1e-8, 0.01];
    let theta = flat(net.params());
    let m = theta.map(() => 0);
    let v = theta.map(() => 0);
    for (let t = 1; t <= 4; t++) {
      probe.setParams(unflat(net.params(), theta));
      const g = summedGradient(probe);
      m = m.map((mk, k) => b1 * mk + (1 - b1) * g[k]);
      v = v.map((vk, k) => b2 * vk + (1 - b2) * g[k] * g[k]);
      theta = theta.map((th, k) => th - (alpha * (m[k] / (1 - b1 ** t))) / (Math.sqrt(v[k] / (1 - b2 ** t)) + eps));
    }
    net.train(xs, labels, { ...opts, epochs: 4, learningRate: alpha, optimizer: "adam" });
    assertClose(flat(net.params()), theta, 1e-12, "adam, 4 epochs");
  });

  test("step(learningRate, opts) steps with the accumulated gradient; resetOptimizer() starts afresh", () => {
    const a = netFromCase(lecture);
    const b = netFromCase(lecture);
    for (let e = 0; e < 2; e++) {
      for (let i = 0; i < lecture.X.length; i++) a.backward(lecture.X[i], lecture.y[i]);
      a.step(0.02, { optimizer: "adam", beta1: 0.8 });
    }
    b.train(xs, labels, { ...opts, epochs: 2, learningRate: 0.02, optimizer: "adam", beta1: 0.8 });
    assertClose(flat(a.params()), flat(b.params()), 1e-12, "step() twice = train() 2 epochs");
    // resetOptimizer: the next Adam step is a first step again (it moves the largest parameter by ≈ α).
    const before = flat(a.params());
    a.resetOptimizer();
    a.train(xs, labels, { ...opts, learningRate: 0.02, optimizer: "adam" });
    const moved = Math.max(...flat(a.params()).map((p, k) => Math.abs(p - before[k])));
    assertClose(moved, 0.02, 1e-3, "first Adam step after resetOptimizer");
    // step() alone is still the lecture's gradient_descent.
    const c = netFromCase(lecture);
    c.backward(lecture.X[0], lecture.y[0]);
    const g = c.accumulated();
    const p = c.params();
    c.step(0.4);
    assertClose(c.params()[0].W, p[0].W.map((row, i) => row.map((w, j) => w - 0.4 * g[0].dW[i][j])), 1e-15, "step(lr)");
  });

  for (const [kind, penalty] of [["l2", (w) => w], ["l1", (w) => Math.sign(w)]]) {
    test(`regularization "${kind}": g + λ·${kind === "l2" ? "W" : "sign(W)"} on weights only`, () => {
      const net = netFromCase(lecture);
      const lambda = 0.1;
      const p = net.params();
      for (let i = 0; i < lecture.X.length; i++) net.backward(lecture.X[i], lecture.y[i]);
      const g = net.accumulated().flatMap(({ dW, db }) => [...dW.flat(), ...db]);
      const weights = isWeight(p);
      const expected = flat(p).map((t, k) => t - 0.3 * (g[k] + (weights[k] ? lambda * penalty(t) : 0)));
      net.step(0.3, { regularization: kind, regularizationRate: lambda });
      assertClose(flat(net.params()), expected, 1e-14, kind);
    });
  }
});

describe('output "linear": regression', () => {
  const spec = { layers: [1, 4, 1], hidden: "tanh", output: "linear", seed: 3, inputs: ["x1"] };

  test("a = z, L = ½(a − y)², dz = a − y; x2 ignored; labels are real numbers", () => {
    const net = new Network(spec);
    const pass = net.forward([0.4, 9]);
    assert.deepEqual(plain(net.forward([0.4, -3])), plain(pass), "x2 is ignored");
    const a = pass.at(-1).a[0];
    assert.equal(a, pass.at(-1).z[0]);
    const r = net.backward([0.4, 0], 0.75);
    assertClose(r.loss, 0.5 * (a - 0.75) ** 2, 1e-15, "loss");
    assertClose(r.layers.at(-1).dz[0], a - 0.75, 1e-15, "dz");
    const X = [-0.8, 0, -0.3, 0, 0.2, 0, 0.9, 0];
    const Y = [0.64, 0.09, 0.04, 0.81];
    const byHand = [0, 1, 2, 3].reduce((s, i) => s + 0.5 * (net.forward([X[2 * i], 0]).at(-1).a[0] - Y[i]) ** 2, 0) / 4;
    assertClose(net.loss(Float64Array.from(X), Float64Array.from(Y)), byHand, 1e-14, "loss, Float64Array");
    assertClose(net.loss(X, Y), byHand, 1e-14, "loss, plain arrays");
    const t = net.train(X, Y, { epochs: 500, learningRate: 0.05, batchSize: 0, reduction: "mean", optimizer: "adam" });
    assert.ok(t.loss < byHand / 10, `trained: ${byHand} -> ${t.loss}`);
    assert.deepEqual(plain(limits().outputs), ["sigmoid", "softmax", "linear"]);
  });

  test("bad targets are refused", () => {
    const net = new Network(spec);
    expectRejected(net, () => net.backward([0.1, 0], "a"), /target|number/i, "string target");
    expectRejected(net, () => net.backward([0.1, 0], NaN), /target|finite/i, "NaN target");
    expectRejected(net, () => net.loss([0.1, 0], ["x"]), /labels|number/i, "string in labels");
    expectRejected(net, () => net.loss([0.1, 0], [Infinity]), /target|finite/i, "Infinity in labels");
    expectRejected(net, () => net.accuracy([0.1, 0], [1]), /regression|classes/i, "accuracy");
    expectRejected(net, () => new Network({ ...spec, layers: [1, 4, 2] }), /exactly 1/i, "two linear units");
  });
});

describe("lossSurface(xs, labels, { first, second, n, span })", () => {
  const first = { layer: 2, param: "W", row: 0, col: 1 };
  const second = { layer: 0, param: "b", row: 2, col: 0 };

  test("cell (r, c) is the loss with the two parameters set by hand; the network is unchanged", () => {
    const net = netFromCase(lecture);
    net.backward(lecture.X[0], lecture.y[0]);
    const before = state(net);
    const [n, span] = [5, 0.8];
    const s = net.lossSurface(xs, labels, { first, second, n, span });
    assert.ok(s instanceof Float64Array && s.length === n * n);
    assert.equal(state(net), before, "unchanged");
    const probe = netFromCase(lecture);
    for (const [r, c] of [[0, 0], [0, 4], [2, 2], [4, 1], [3, 3]]) {
      const p = netFromCase(lecture).params();
      p[2].W[0][1] += span * ((2 * c) / (n - 1) - 1);
      p[0].b[2] += span * (1 - (2 * r) / (n - 1));
      probe.setParams(p);
      assertClose(s[r * n + c], probe.loss(xs, labels), 1e-13, `cell (${r}, ${c})`);
    }
  });

  test("bad requests say what was expected", () => {
    const net = netFromCase(lecture);
    const ok = { first, second, n: 5, span: 1 };
    const bad = [
      ["no options", undefined, /object/i],
      ["first missing", { ...ok, first: undefined }, /first/i],
      ["layer out of range", { ...ok, first: { ...first, layer: 3 } }, /layer 3/i],
      ["param c", { ...ok, first: { ...first, param: "c" } }, /"W" or "b"/],
      ["row out of range", { ...ok, first: { ...first, row: 1 } }, /row 0 to 0/],
      ["bias col 1", { ...ok, second: { ...second, col: 1 } }, /col 0/],
      ["same parameter twice", { ...ok, second: first }, /different/i],
      ["n = 1", { ...ok, n: 1 }, /n must/i],
      ["n = 500", { ...ok, n: 500 }, /101/],
      ["n = 2.5", { ...ok, n: 2.5 }, /whole/i],
      ["span NaN", { ...ok, span: NaN }, /span/i],
      ["span 0", { ...ok, span: 0 }, /span/i],
      ["span a string", { ...ok, span: "1" }, /span/i],
    ];
    for (const [what, opts, pattern] of bad) expectRejected(net, () => net.lossSurface(xs, labels, opts), pattern, what);
    expectRejected(net, () => net.lossSurface(xs, [0, 1], ok), /label|2 numbers/i, "labels do not match xs");
  });
});

describe("gradients(x, label)", () => {
  test("what backward returns, without adding into the accumulator", () => {
    const a = netFromCase(lecture);
    const b = netFromCase(lecture);
    const g = a.gradients(lecture.X[3], lecture.y[3]);
    assert.equal(JSON.stringify(plain(a.accumulated())), JSON.stringify(plain(b.accumulated())), "accumulator untouched");
    assert.deepEqual(plain(g), plain(b.backward(lecture.X[3], lecture.y[3])));
    expectRejected(a, () => a.gradients([0.1, 0.2], 2), /label/i, "label out of range");
    expectRejected(a, () => a.gradients([0.1, 0.2], 0.5), /label|whole/i, "fractional label");
  });
});

describe("bad optimizer options are refused and change nothing", () => {
  const base = { epochs: 2, learningRate: 0.05, batchSize: 0, reduction: "sum" };
  const bad = [
    ["unknown optimizer", { optimizer: "sgd" }, /gd, momentum, adam/],
    ["optimizer not a string", { optimizer: 5 }, /optimizer/],
    ["negative momentum", { optimizer: "momentum", momentum: -0.1 }, /momentum/],
    ["momentum NaN", { optimizer: "momentum", momentum: NaN }, /momentum.*NaN/],
    ["momentum a string", { optimizer: "momentum", momentum: "0.9" }, /momentum must be a number/],
    ["beta1 = 1", { optimizer: "adam", beta1: 1 }, /beta1/],
    ["beta2 > 1", { optimizer: "adam", beta2: 1.5 }, /beta2/],
    ["beta1 NaN", { optimizer: "adam", beta1: NaN }, /beta1/],
    ["epsilon 0", { optimizer: "adam", epsilon: 0 }, /epsilon/],
    ["epsilon negative", { optimizer: "adam", epsilon: -1e-8 }, /epsilon/],
    ["unknown regularization", { regularization: "l3" }, /none, l2, l1/],
    ["negative regularizationRate", { regularization: "l2", regularizationRate: -1 }, /regularizationRate/],
    ["regularizationRate NaN", { regularization: "l1", regularizationRate: NaN }, /regularizationRate/],
  ];
  for (const [what, extra, pattern] of bad) {
    test(what, () => {
      const net = netFromCase(lecture);
      net.train(xs, labels, { ...base, optimizer: "adam" });
      const twin = netFromCase(lecture);
      twin.train(xs, labels, { ...base, optimizer: "adam" });
      net.backward(lecture.X[0], lecture.y[0]);
      twin.backward(lecture.X[0], lecture.y[0]);
      expectRejected(net, () => net.train(xs, labels, { ...base, ...extra }), pattern, `train: ${what}`);
      expectRejected(net, () => net.step(0.1, extra), pattern, `step: ${what}`);
      // The optimizer's state is as before too: both go on alike.
      net.zeroGrad();
      twin.zeroGrad();
      net.train(xs, labels, { ...base, optimizer: "adam" });
      twin.train(xs, labels, { ...base, optimizer: "adam" });
      assert.deepEqual(flat(net.params()), flat(twin.params()), `${what}: the optimizer's state changed`);
    });
  }

  test("step options that are not an object", () => {
    const net = netFromCase(lecture);
    expectRejected(net, () => net.step(0.1, "adam"), /object/i, "a string");
  });

  test("divergence restores the weights and the optimizer's state", () => {
    const spec = { layers: [2, 8, 8, 1], hidden: "relu", output: "sigmoid", seed: 3 };
    const net = new Network(spec);
    net.train(xs, labels, { ...base, optimizer: "momentum" });
    const twin = new Network(spec);
    twin.train(xs, labels, { ...base, optimizer: "momentum" });
    expectRejected(net, () => net.train(xs, labels, { ...base, epochs: 50, learningRate: 1e200, optimizer: "momentum" }), /diverged/, "huge α");
    net.train(xs, labels, { ...base, optimizer: "momentum" });
    twin.train(xs, labels, { ...base, optimizer: "momentum" });
    assert.deepEqual(flat(net.params()), flat(twin.params()));
  });
});

describe("limits(): the catalog", () => {
  test("lists every name the calls accept", () => {
    const l = limits();
    assert.deepEqual(plain(l.optimizers), ["gd", "momentum", "adam"]);
    assert.deepEqual(plain(l.regularizations), ["none", "l2", "l1"]);
    assert.deepEqual(plain(l.outputs), ["sigmoid", "softmax", "linear"]);
    assert.deepEqual(plain(l.activations), ["sigmoid", "tanh", "relu", "linear"]);
    assert.deepEqual(plain(l.datasets), ["lecture", "xor", "circle", "gaussians", "spiral", "moons", "linear"]);
    assert.equal(l.maxSurface, 101);
  });
});
