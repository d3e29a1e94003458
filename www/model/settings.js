// settings.js: everything the student can set, and the lecture's values for it.

import { SPEEDS } from "./trainer.js";

/**
 * Everything the student can set. The store (app/store.js) owns the one live copy.
 * @typedef {{
 *   dataset: string, count: number, noise: number, dataSeed: number, keepOwn: boolean, testFraction: number,
 *   hidden: number[], activation: import("../types").Activation, inputs: import("../types").Feature[], netSeed: number,
 *   learningRate: number, batch: "full" | "mini" | "one", batchSize: number, reduction: "sum" | "mean",
 *   optimizer: "gd" | "momentum" | "adam", momentum: number, regularization: "none" | "l2" | "l1", regularizationRate: number,
 *   stopLoss: number, maxEpochs: number, speed: number,
 *   drawClass: number, tool: "add" | "remove" | "select", discretise: boolean, logScale: boolean,
 *   palette: "lecture" | "safe", task: "classify" | "regress",
 * }} Settings
 * task: classify the points by colour (the lecture), or fit a curve y = f(x₁) through them (regression.js).
 */

/** The speed a run starts at: 300 epochs a second, so the lecture's run (933 epochs) takes about
 * three seconds and the student watches the boundary form. "Fastest" is one click away. */
export const WATCH_SPEED = SPEEDS.indexOf(300);
/** As fast as the computer allows. */
export const FASTEST = SPEEDS.length - 1;
/** The learning rate a linear network is lowered to (the lecture's 0.4 with summed gradients makes it diverge). */
export const LINEAR_ALPHA = 0.1;

/** The lecture's network and training settings. */
export const LECTURE_NETWORK = Object.freeze({
  hidden: [3, 3],
  activation: /** @type {import("../types").Activation} */ ("sigmoid"),
  inputs: /** @type {import("../types").Feature[]} */ (["x1", "x2"]),
});

export const LECTURE_TRAINING = Object.freeze({
  learningRate: 0.4,
  batch: /** @type {"full"} */ ("full"),
  batchSize: 10,
  reduction: /** @type {"sum"} */ ("sum"),
  optimizer: /** @type {"gd"} */ ("gd"),
  momentum: 0.9,
  regularization: /** @type {"none"} */ ("none"),
  regularizationRate: 0.001,
  stopLoss: 0.005,
  maxEpochs: 20000,
  speed: WATCH_SPEED,
});

/** @returns {Settings} */
export function defaultSettings() {
  return {
    dataset: "lecture",
    count: 200,
    noise: 0.2,
    dataSeed: 1,
    keepOwn: false,
    testFraction: 0,
    ...LECTURE_NETWORK,
    hidden: [...LECTURE_NETWORK.hidden],
    inputs: [...LECTURE_NETWORK.inputs],
    netSeed: 1,
    ...LECTURE_TRAINING,
    drawClass: 0,
    tool: "add",
    discretise: false,
    logScale: true,
    palette: "lecture",
    task: "classify",
  };
}

/**
 * The step's options for the core (DESIGN.md, "Training extensions"): the optimizer and the
 * regularization, only where they differ from the lecture's plain W ← W − α dW.
 * @param {Settings} s
 * @returns {{ optimizer?: Settings["optimizer"], momentum?: number,
 *   regularization?: "l1" | "l2", regularizationRate?: number }}
 */
export function updateOptions(s) {
  return {
    ...(s.optimizer === "gd" ? {} : { optimizer: s.optimizer }),
    ...(s.optimizer === "momentum" ? { momentum: s.momentum } : {}),
    ...(s.regularization === "none" ? {} : { regularization: s.regularization, regularizationRate: s.regularizationRate }),
  };
}
