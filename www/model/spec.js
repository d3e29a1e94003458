// spec.js: what the app derives from its settings and points, as plain functions: the network
// spec, the points of a data set, the predicted class of a sample.

import * as pts from "./points.js";
import { regressionInputs } from "./regression.js";

/**
 * The network spec for the settings and the number of classes.
 * @param {import("./settings.js").Settings} s
 * @param {number} classes
 * @returns {import("../types").Spec}
 */
export function specFor(s, classes) {
  if (s.task === "regress") {
    // Regression: y = f(x₁) with one linear output unit; x₂ is the target, never an input.
    const inputs = regressionInputs(s.inputs);
    return { layers: [inputs.length, ...s.hidden, 1], hidden: s.activation, output: "linear", seed: s.netSeed, inputs };
  }
  return {
    layers: [s.inputs.length, ...s.hidden, classes === 2 ? 1 : classes],
    hidden: s.activation,
    output: classes === 2 ? "sigmoid" : "softmax",
    seed: s.netSeed,
    inputs: s.inputs,
  };
}

/**
 * The data set of the settings, after the kept points.
 * @param {Pick<import("../types").WasmModule, "dataset" | "limits">} core
 * @param {import("./settings.js").Settings} s
 * @param {pts.Point[]} kept
 */
export function makePoints(core, s, kept) {
  const max = core.limits().maxPoints;
  if (s.dataset === "own") return kept.slice(0, max);
  const set = core.dataset(s.dataset, s.count, s.noise, s.dataSeed);
  // The student's own points first; the generated set fills what is left up to the page's limit.
  return [...kept, ...pts.fromDataset(set, pts.seededRandom(s.dataSeed * 7919 + 17))].slice(0, max);
}

/**
 * The most probable class of sample i.
 * @param {Float64Array} out  predict's output
 * @param {number} i
 * @param {number} C  outputs per sample (1 for a sigmoid output)
 */
export function predictedClass(out, i, C) {
  if (C === 1) return out[i] >= 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < C; k++) if (out[i * C + k] > out[i * C + best]) best = k;
  return best;
}

