// The Python export: the numpy script it writes, run by python3, reproduces the
// contract's train() to 1e-9 (lecture network, softmax with features, mini-batches with mean,
// regression with every optimizer and penalty).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Network, dataset } from "./load.mjs";
import { pythonScript } from "../../www/model/pyexport.js";
import { defaultRegressionPoints } from "../../www/model/regression.js";



function runPython(script) {
  const file = join(mkdtempSync(join(tmpdir(), "pyexport-")), "train.py");
  writeFileSync(file, script);
  return JSON.parse(execFileSync("python3", [file], { encoding: "utf8" }));
}

/** Regression samples from points { x1, x2, label }: x2 = label = the target y. */
function regressionData(points) {
  return { xs: Float64Array.from(points.flatMap((q) => [q.x1, q.x2])), labels: Float64Array.from(points, (q) => q.label) };
}

function assertClose(a, b, tol, what) {
  assert.equal(a.length, b.length, what);
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= tol, `${what}[${i}]: ${x} vs ${b[i]}`));
}

const setups = [
  { name: "the lecture's run", spec: { layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 7 },
    data: dataset("lecture"), opts: { epochs: 60, learningRate: 0.4, batchSize: 0, reduction: "sum", stopLoss: 0.005 } },
  { name: "softmax with features, mini-batches, mean", spec: { layers: [5, 4, 3], hidden: "tanh", output: "softmax", seed: 3, inputs: ["x1", "x2", "x1sq", "x1x2", "sinx2"] },
    data: (() => { const d = dataset("gaussians", 30, 0.3, 2); d.labels = d.labels.map((y, i) => (i % 3 === 2 ? 2 : y)); return d; })(),
    opts: { epochs: 25, learningRate: 0.1, batchSize: 7, reduction: "mean" } },
  { name: "relu, one sample at a time", spec: { layers: [2, 6, 1], hidden: "relu", output: "sigmoid", seed: 5 },
    data: dataset("circle", 16, 0.1, 4), opts: { epochs: 10, learningRate: 0.05, batchSize: 1, reduction: "sum" } },
  { name: "Adam with L2, mini-batches, mean", spec: { layers: [2, 5, 1], hidden: "tanh", output: "sigmoid", seed: 2 },
    data: dataset("moons", 24, 0.1, 3),
    opts: { epochs: 20, learningRate: 0.02, batchSize: 5, reduction: "mean", optimizer: "adam", regularization: "l2", regularizationRate: 0.01 } },
  { name: "momentum with L1, full batch, sum (the lecture's network)", spec: { layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 1 },
    data: dataset("lecture"),
    opts: { epochs: 30, learningRate: 0.1, batchSize: 0, reduction: "sum", optimizer: "momentum", momentum: 0.8, regularization: "l1", regularizationRate: 0.003 } },
  { name: "regression (issue 15): 1-8-1 tanh → linear on x1, full batch, mean", spec: { layers: [1, 8, 1], hidden: "tanh", output: "linear", seed: 1, inputs: ["x1"] },
    data: regressionData(defaultRegressionPoints()),
    opts: { epochs: 40, learningRate: 0.3, batchSize: 0, reduction: "mean", stopLoss: 0.0005 } },
  // Regression with every optimizer and penalty (issue 15). The page's default points are mirror images
  // of each other about (0, 0), which makes every bias's gradient exactly 0 (see the test below); a
  // student's points are not, and these add one clicked point to them.
  ...[
    { optimizer: "gd", reduction: "sum", batchSize: 0, learningRate: 0.02 },
    { optimizer: "gd", regularization: "l2", regularizationRate: 0.01, reduction: "mean", batchSize: 5, learningRate: 0.3 },
    { optimizer: "gd", regularization: "l1", regularizationRate: 0.004, reduction: "mean", batchSize: 0, learningRate: 0.3 },
    { optimizer: "momentum", momentum: 0.9, reduction: "mean", batchSize: 0, learningRate: 0.05 },
    { optimizer: "momentum", momentum: 0.7, regularization: "l1", regularizationRate: 0.003, reduction: "sum", batchSize: 4, learningRate: 0.01 },
    { optimizer: "adam", reduction: "mean", batchSize: 0, learningRate: 0.03 },
    { optimizer: "adam", reduction: "sum", batchSize: 0, learningRate: 0.03 },
    { optimizer: "adam", regularization: "l2", regularizationRate: 0.01, reduction: "mean", batchSize: 0, learningRate: 0.03 },
    { optimizer: "adam", regularization: "l1", regularizationRate: 0.002, reduction: "mean", batchSize: 5, learningRate: 0.03 },
    { optimizer: "adam", reduction: "sum", batchSize: 1, learningRate: 0.01 },
  ].map((o) => ({
    name: `regression on a student's points: ${o.optimizer}${o.regularization ? ` with ${o.regularization}` : ""}, batch ${o.batchSize || "full"}, ${o.reduction}`,
    spec: { layers: [1, 8, 1], hidden: "tanh", output: "linear", seed: 1, inputs: ["x1"] },
    data: regressionData([...defaultRegressionPoints(), { x1: 0.37, x2: 0.61, label: 0.61 }]),
    opts: { epochs: 40, ...o },
  })),
  // gd and momentum step by α times the gradient: the rounding left in a zero gradient stays ~1e-18.
  ...["gd", "momentum"].map((optimizer) => ({
    name: `regression on the page's default points: ${optimizer}`,
    spec: { layers: [1, 8, 1], hidden: "tanh", output: "linear", seed: 1, inputs: ["x1"] },
    data: regressionData(defaultRegressionPoints()),
    opts: { epochs: 40, learningRate: 0.05, batchSize: 0, reduction: "mean", optimizer },
  })),
];

for (const s of setups) {
  test(`the Python export reproduces train(): ${s.name}`, () => {
    const net = new Network(s.spec);
    const script = pythonScript({
      spec: net.spec(), params: net.params(), xs: s.data.xs, labels: s.data.labels,
      learningRate: s.opts.learningRate, batchSize: s.opts.batchSize, reduction: s.opts.reduction,
      epochs: s.opts.epochs, stopLoss: s.opts.stopLoss ?? null,
      update: { optimizer: s.opts.optimizer, momentum: s.opts.momentum, regularization: s.opts.regularization,
        regularizationRate: s.opts.regularizationRate },
    });
    for (const name of ["def forward", "def get_gradients", "def add_gradients", "def gradient_descent"]) {
      assert.ok(script.includes(name), name);
    }
    const py = runPython(script);
    const js = net.train(s.data.xs, s.data.labels, s.opts);
    assert.equal(py.epochs, js.epochs);
    assert.ok(Math.abs(py.loss - js.loss) < 1e-9, `loss ${py.loss} vs ${js.loss}`);
    net.params().forEach((layer, l) => {
      assertClose(py.params[l].W.flat(), layer.W.flat(), 1e-9, `W[${l + 1}]`);
      assertClose(py.params[l].b, layer.b, 1e-9, `b[${l + 1}]`);
    });
  });
}

test("the export of no training points is refused with words, not a script that divides by zero", () => {
  const net = new Network({ layers: [2, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 1 });
  assert.throws(() => pythonScript({
    spec: net.spec(), params: net.params(), xs: new Float64Array(0), labels: new Uint32Array(0),
    learningRate: 0.4, batchSize: 0, reduction: "sum", epochs: 10, stopLoss: null,
  }), (e) => e.reason?.key === "refuse.export.noPoints" && /no training points/.test(e.message));
});

test("a loss that overflows in the script is written as JSON null, not NaN", () => {
  const net = new Network({ layers: [2, 1], hidden: "sigmoid", output: "sigmoid", seed: 1 });
  const data = dataset("lecture");
  const script = pythonScript({
    spec: net.spec(), params: [{ W: [[1e308, 1e308]], b: [1e308] }], xs: data.xs, labels: data.labels,
    learningRate: 1e-300, batchSize: 0, reduction: "sum", epochs: 1, stopLoss: null,
  });
  const py = runPython(script.replace("np.seterr(over='ignore')", "np.seterr(all='ignore')"));
  assert.ok(py.loss === null || Number.isFinite(py.loss));
});

test("the lecture's whole run: the script says at which epoch rounding parts it from the page's losses", () => {
  const data = dataset("lecture");
  const opts = { epochs: 20000, learningRate: 0.4, batchSize: 0, reduction: "sum", stopLoss: 0.005 };
  const net = new Network({ layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 1 });
  const start = { spec: net.spec(), params: net.params(), xs: data.xs, labels: data.labels,
    learningRate: 0.4, batchSize: 0, reduction: /** @type {const} */ ("sum"), epochs: opts.epochs };
  const page = net.train(data.xs, data.labels, opts);
  net.free();
  const py = runPython(pythonScript({ ...start, stopLoss: 0.005, pageLosses: page.losses }));
  // Where the script says it leaves the page, and not before: every earlier epoch agrees to 1e-12.
  assert.ok(py.leaves_page_at !== null, "the lecture's run parts from the page (the loss jump near epoch 680)");
  assert.ok(py.leaves_page_at > 600 && py.leaves_page_at < 800, `parts at epoch ${py.leaves_page_at}`);
  // With stop loss 0.7 the run ends at epoch 299, long before: no parting to report.
  const net2 = new Network({ layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 1 });
  const short = net2.train(data.xs, data.labels, { ...opts, stopLoss: 0.7 });
  net2.free();
  const py2 = runPython(pythonScript({ ...start, stopLoss: 0.7, pageLosses: short.losses }));
  assert.equal(py2.epochs, short.epochs);
  assert.equal(py2.leaves_page_at, null);
});

test("regression with Adam on the page's default points: the script agrees with the page or says where it parts, and why", () => {
  // The cause of issue 15's drift. The default points are mirror images about (0, 0) (x1 → −x1, y → −y)
  // and the starting network, biases 0, is odd in x1; so dL/db = Σ(a − y) and every hidden bias's
  // gradient are exactly 0, and what is computed is rounding (order of the sum: the core sums two
  // interleaved partial sums, numpy one by one). Gradient descent moves by α times it (~1e-18);
  // Adam divides it by its own size, √v̂ + ε, and the noise becomes full steps of either sign.
  const data = regressionData(defaultRegressionPoints());
  const spec = { layers: [1, 8, 1], hidden: "tanh", output: "linear", seed: 1, inputs: ["x1"] };
  const net = new Network(spec);
  const g = net.batchGradients(data.xs, data.labels);
  g.layers.forEach((layer, l) => layer.db.forEach((d, i) => assert.ok(Math.abs(d) < 1e-14, `db[${l + 1}][${i}] = ${d}: rounding only`)));
  assert.ok(Math.max(...g.layers[1].dW.flat().map(Math.abs)) > 0.1, "the weights' gradients are not small");
  const opts = { epochs: 40, learningRate: 0.03, batchSize: 0, reduction: "mean", optimizer: "adam" };
  const start = net.params();
  const page = net.train(data.xs, data.labels, opts);
  const py = runPython(pythonScript({
    spec: net.spec(), params: start, xs: data.xs, labels: data.labels, learningRate: opts.learningRate,
    batchSize: 0, reduction: "mean", epochs: opts.epochs, stopLoss: null, update: { optimizer: "adam" }, pageLosses: page.losses,
  }));
  const far = Math.max(...net.params().flatMap((p, l) => [...p.W.flat(), ...p.b].map((v, k) => Math.abs(v - [...py.params[l].W.flat(), ...py.params[l].b][k]))));
  assert.ok(far <= 1e-9 || py.leaves_page_at !== null, `parted by ${far} without saying so`);
  // Either way it is the same fit up to the mirror: the loss agrees to 1e-4.
  assert.ok(Math.abs(py.loss - page.loss) < 1e-4, `${py.loss} vs ${page.loss}`);
});
