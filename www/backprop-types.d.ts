// The wasm calls the backpropagation panels use (notes/api.md), added to the
// NetworkHandle of types.d.ts by module augmentation.
import "./types";

export interface LayerGradients { dz: number[]; dW: number[][]; db: number[] }
export interface Backward { loss: number; layers: LayerGradients[] }
export interface BatchGradients { loss: number; layers: { dW: number[][]; db: number[] }[] }
/** What the optimizer remembers: momentum's v or Adam's m (first), Adam's v (second), steps t. */
export interface OptimizerState {
  optimizer: "gd" | "momentum" | "adam" | null;
  momentum: number | null;
  t: number;
  first: { W: number[][]; b: number[] }[];
  second: { W: number[][]; b: number[] }[];
}
export interface GradientCheckRow {
  layer: number; param: "W" | "b"; row: number; col: number;
  backprop: number; numeric: number; relError: number;
}

declare module "./types" {
  interface NetworkHandle {
    /** One sample's gradients (not divided by N); also adds dW, db into the accumulator. */
    backward(x: ArrayLike<number>, label: number): Backward;
    /** backward's values without adding into the accumulator. */
    gradients(x: ArrayLike<number>, label: number): Backward;
    /** W −= lr · accumulated dW (b alike), then clears the accumulator. */
    step(learningRate: number, opts?: import("./types").UpdateOptions): void;
    zeroGrad(): void;
    accumulated(): { dW: number[][]; db: number[] }[];
    /** Mean loss and gradients SUMMED over the samples; the accumulator is untouched. */
    batchGradients(xs: Float64Array, labels: import("./types").Labels): BatchGradients;
    gradientCheck(xs: Float64Array, labels: import("./types").Labels, eps?: number): GradientCheckRow[];
    /** The optimizer's state before the next step (to show it; the network keeps it). */
    optimizerState(): OptimizerState;
    /** The inverse of optimizerState(): the state the next step continues from (throws on a bad state). */
    setOptimizerState(state: OptimizerState & { beta1?: number; beta2?: number; epsilon?: number }): void;
  }
}
