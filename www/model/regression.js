// regression.js: the regression task (issue 15): the network fits a curve y = f(x₁) through
// points (x₁, y). A point keeps the plane's shape { x1, x2, label } with x2 = label = y: the plane's
// vertical axis is y, and the label is the real target. Here: the task's settings, its default
// points, the mean squared error, and the samples the curve is drawn through.

/** @typedef {import("./settings.js").Settings} Settings */
/** @typedef {"classify" | "regress"} Task */

/** The tasks, in the order the Task select lists them. */
export const TASKS = /** @type {const} */ (["classify", "regress"]);

/** The inputs a regression network may take: functions of x₁ only (x₂ is the target y). */
export const X1_FEATURES = /** @type {import("../types").Feature[]} */ (["x1", "x1sq", "sinx1"]);

/** The regression network: 1-8-1, tanh hidden, a linear output (a = z, L = ½(a − y)²). */
export const REGRESSION_NETWORK = Object.freeze({
  hidden: [8],
  activation: /** @type {import("../types").Activation} */ ("tanh"),
  inputs: /** @type {import("../types").Feature[]} */ (["x1"]),
});

/**
 * Its training: the full batch, the mean of the gradients, Adam with α = 0.03, which fits the
 * default points below L < 0.0005 in about 700 epochs (plain gradient descent takes many thousands).
 */
export const REGRESSION_TRAINING = Object.freeze({
  learningRate: 0.03,
  batch: /** @type {"full"} */ ("full"),
  reduction: /** @type {"mean"} */ ("mean"),
  optimizer: /** @type {"adam"} */ ("adam"),
  regularization: /** @type {"none"} */ ("none"),
  stopLoss: 0.0005,
  maxEpochs: 5000,
});

/**
 * The settings of the regression task, keeping the student's display preferences from `s`.
 * @param {Settings} s
 * @returns {Settings}
 */
export function regressionSettings(s) {
  return {
    ...s,
    task: "regress",
    dataset: "own", // the data sets of the core are classification sets
    testFraction: 0,
    ...REGRESSION_NETWORK,
    hidden: [...REGRESSION_NETWORK.hidden],
    inputs: [...REGRESSION_NETWORK.inputs],
    ...REGRESSION_TRAINING,
    netSeed: 1,
    tool: "add",
  };
}

/**
 * The default points: 12 points on y = 0.9 sin(2.2 x₁), x₁ from −1.3 to 1.3, y rounded to 1/1000.
 * @returns {{ x1: number, x2: number, label: number }[]}
 */
export function defaultRegressionPoints() {
  const n = 12;
  return Array.from({ length: n }, (_, i) => {
    const x1 = Math.round((-1.3 + (2.6 * i) / (n - 1)) * 1000) / 1000;
    const y = Math.round(0.9 * Math.sin(2.2 * x1) * 1000) / 1000;
    return { x1, x2: y, label: y };
  });
}

/**
 * The inputs of a regression network: the chosen ones that depend on x₁ only, else x₁.
 * @param {readonly import("../types").Feature[]} inputs
 * @returns {import("../types").Feature[]}
 */
export function regressionInputs(inputs) {
  const kept = inputs.filter((f) => X1_FEATURES.includes(f));
  return kept.length > 0 ? kept : ["x1"];
}

/**
 * The mean squared error (1/N) Σ (aᵢ − yᵢ)² over the points `which` selects; null when it selects none.
 * (The loss the core reports and the chart draws is half of it: (1/N) Σ ½(aᵢ − yᵢ)².)
 * @param {ArrayLike<number>} outputs  one output per point
 * @param {readonly { label: number }[]} points
 * @param {(i: number) => boolean} which
 * @returns {number | null}
 */
export function meanSquaredError(outputs, points, which) {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < points.length; i++) {
    if (!which(i)) continue;
    sum += (outputs[i] - points[i].label) ** 2;
    n += 1;
  }
  return n > 0 ? sum / n : null;
}

/**
 * The samples the curve y = f(x₁) is evaluated at: n values of x₁ evenly from lo to hi, as the
 * network takes samples (x₁, x₂) with x₂ = 0 (ignored by a network of x₁ alone).
 * @param {number} n  at least 2
 * @param {number} lo
 * @param {number} hi
 * @returns {Float64Array}  [x1, 0, x1, 0, ...]
 */
export function curveSamples(n, lo, hi) {
  const xs = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) xs[2 * i] = lo + ((hi - lo) * i) / (n - 1);
  return xs;
}

/**
 * The curve y = f(x₁) of a network: its output at curveSamples(n, lo, hi).
 * @param {{ predict: (xs: Float64Array) => Float64Array }} net
 * @param {number} n @param {number} lo @param {number} hi
 * @returns {{ x1: Float64Array, y: Float64Array }}
 */
export function sampleCurve(net, n, lo, hi) {
  const xs = curveSamples(n, lo, hi);
  const y = net.predict(xs);
  const x1 = new Float64Array(n);
  for (let i = 0; i < n; i++) x1[i] = xs[2 * i];
  return { x1, y };
}
