// Types of the wasm package (www/pkg/backprop_lab.js, generated without .d.ts)
// as notes/api.md describes it. The page loads the package by a computed URL,
// so tsc never reads the generated code; these declarations are the contract.

export type Activation = "sigmoid" | "tanh" | "relu" | "linear";
export type Output = "sigmoid" | "softmax" | "linear";
/** Class indices, or real targets for a linear output (regression). */
export type Labels = Uint32Array | Float64Array;
export type Feature = "x1" | "x2" | "x1sq" | "x2sq" | "x1x2" | "sinx1" | "sinx2";

export interface Spec {
  layers: number[];
  hidden: Activation;
  output: Output;
  seed?: number;
  inputs?: Feature[];
}

export interface LayerParams { W: number[][]; b: number[]; }

/** One parameter: layer 0 is the first layer after the input; col is 0 for a bias. */
export interface ParamRef { layer: number; param: "W" | "b"; row: number; col: number; }

/** The step's optimizer and regularization (DESIGN.md, "Training extensions"). */
export interface UpdateOptions {
  optimizer?: "gd" | "momentum" | "adam";
  momentum?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  regularization?: "none" | "l1" | "l2";
  regularizationRate?: number;
}

export interface TrainOptions extends UpdateOptions {
  epochs: number;
  learningRate: number;
  batchSize: number;
  reduction: "sum" | "mean";
  stopLoss?: number;
}

export interface NetworkHandle {
  spec(): Required<Spec>;
  params(): LayerParams[];
  setParams(p: LayerParams[]): void;
  features(x: ArrayLike<number>): number[];
  forward(x: ArrayLike<number>): { z: number[]; a: number[] }[];
  loss(xs: Float64Array, labels: Labels): number;
  accuracy(xs: Float64Array, labels: Uint32Array): number;
  predict(xs: Float64Array): Float64Array;
  /** `stopped` (asked of the core, optional until it exists): the stop rule ended the run. */
  train(xs: Float64Array, labels: Labels, opts: TrainOptions): { epochs: number; loss: number; stopped: boolean; losses?: Float64Array };
  predictGrid(n: number, lo: number, hi: number): Float64Array;
  /** The mean data loss over an n×n grid of two parameters around their values (DESIGN.md). */
  lossSurface(xs: Float64Array, labels: Labels, opts: { first: ParamRef; second: ParamRef; n: number; span: number }): Float64Array;
  neuronGrids(n: number, lo: number, hi: number): Float64Array;
  free(): void;
}

export interface Limits {
  maxHiddenLayers: number;
  maxNeurons: number;
  maxClasses: number;
  maxPoints: number;
  inputs: Feature[];
  /** The core's catalog: the names its specs and options accept. */
  activations: Activation[];
  datasets: string[];
  outputs: string[];
  optimizers: string[];
  regularizations: string[];
  reductions: string[];
}

export interface WasmModule {
  default: (opts?: unknown) => Promise<unknown>;
  Network: new (spec: Spec) => NetworkHandle;
  dataset(name: string, count: number, noise: number, seed: number): { xs: Float64Array; labels: Uint32Array };
  limits(): Limits;
}

export interface Snapshot {
  spec: Required<Spec>;
  params: LayerParams[];
  points: { x1: number; x2: number; label: number; test: boolean }[];
  epoch: number;
  trainLoss: number | null;
  testLoss: number | null;
  selected: number | null;
  /** What the loss chart draws: every epoch trained since the last reset and its mean training loss. */
  history: { epochs: number[]; trainLoss: number[] };
  /** The open lesson's number (1 for the first), or null. */
  lesson: number | null;
}

declare global {
  interface Window {
    /** The page's read-only test hook (DESIGN.md). */
    backpropLab: { snapshot(): Snapshot };
  }
}
