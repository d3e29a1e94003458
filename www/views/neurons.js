// neurons.js: the network diagram: one column per layer, a thumbnail of every
// neuron's activation over the plane (from neuronGrids), and the buttons that
// add or remove neurons of each hidden layer.

import { paintActivation, activationScale, paintProbabilities } from "./palette.js";
import { LO, HI } from "./plane.js";

/** Thumbnail resolution (cells per side). */
export const THUMB_N = 24;

/**
 * @typedef {{ layer: number, neuron: number }} NeuronRef  layer 1.. after the input, neuron 0..
 * @typedef {{
 *   onNeurons: (hiddenIndex: number, delta: number) => void,
 *   onShow: (ref: NeuronRef | null, pinned: boolean) => void,
 * }} DiagramHandlers
 * @typedef {{ canvases: HTMLCanvasElement[][], inputs: HTMLCanvasElement[] }} Diagram
 */

/**
 * Rebuilds the diagram for `spec`.
 * @param {HTMLElement} root
 * @param {import("../types").Spec & { inputs: string[] }} spec
 * @param {(key: string, values?: Record<string, string | number>) => string} t
 * @param {{ maxNeurons: number }} limits
 * @param {DiagramHandlers} handlers
 * @returns {Diagram}
 */
export function buildDiagram(root, spec, t, limits, handlers) {
  root.replaceChildren();
  /** @type {HTMLCanvasElement[][]} */
  const canvases = [];
  /** @type {HTMLCanvasElement[]} */
  const inputs = [];
  const layers = spec.layers;

  const inputCol = column(t("net.input"));
  inputCol.el.insertBefore(spacer(), inputCol.body);
  spec.inputs.forEach((name) => {
    const c = thumbCanvas();
    const wrap = document.createElement("div");
    wrap.className = "thumb input-thumb";
    wrap.title = t(`feature.${name}`);
    // access: the feature's name is also in view (not only on hover) and read by screen readers.
    wrap.setAttribute("role", "img");
    wrap.setAttribute("aria-label", t(`feature.${name}`));
    wrap.dataset.name = FEATURE_MATH[name] ?? name;
    wrap.append(c);
    inputCol.body.append(wrap);
    inputs.push(c);
  });
  root.append(inputCol.el);

  for (let l = 1; l < layers.length; l++) {
    const hidden = l < layers.length - 1;
    const layerName = hidden ? t("net.hiddenLayer", { l }) : t("net.outputLayer");
    const col = column(layerName);
    if (hidden) {
      const controls = document.createElement("div");
      controls.className = "neuron-buttons";
      const minus = button("−", t("net.removeNeuron", { l }), () => handlers.onNeurons(l - 1, -1));
      minus.disabled = layers[l] <= 1;
      const count = document.createElement("output");
      count.textContent = String(layers[l]);
      count.setAttribute("aria-label", t("net.neurons", { l }));
      const plus = button("+", t("net.addNeuron", { l }), () => handlers.onNeurons(l - 1, +1));
      plus.disabled = layers[l] >= limits.maxNeurons;
      controls.append(minus, count, plus);
      col.el.insertBefore(controls, col.body);
    } else {
      col.el.insertBefore(spacer(), col.body);
    }
    /** @type {HTMLCanvasElement[]} */
    const row = [];
    for (let k = 0; k < layers[l]; k++) {
      const c = thumbCanvas();
      const b = document.createElement("button");
      b.type = "button";
      b.className = "thumb";
      b.setAttribute("aria-label", t("net.showNeuron", { k: k + 1, layer: layerName }));
      b.setAttribute("aria-pressed", "false");
      b.append(c);
      const ref = { layer: l, neuron: k };
      b.addEventListener("pointerenter", (e) => {
        if (e.pointerType === "mouse") handlers.onShow(ref, false);
      });
      b.addEventListener("pointerleave", (e) => {
        if (e.pointerType === "mouse") handlers.onShow(null, false);
      });
      b.addEventListener("click", () => handlers.onShow(ref, true));
      col.body.append(b);
      row.push(c);
    }
    canvases.push(row);
    root.append(col.el);
  }
  return { canvases, inputs };
}

/**
 * Marks which thumbnail is pinned to the main view.
 * @param {HTMLElement} root
 * @param {NeuronRef | null} ref
 */
export function markPinned(root, ref) {
  const cols = root.querySelectorAll(".layer-col");
  cols.forEach((col, l) => {
    col.querySelectorAll("button.thumb").forEach((b, k) => {
      b.setAttribute("aria-pressed", String(ref !== null && ref.layer === l && ref.neuron === k));
    });
  });
}

/**
 * Paints every thumbnail from neuronGrids' output.
 * @param {Diagram} diagram
 * @param {Float64Array} grids  all neurons, layer by layer, n·n each
 * @param {import("../types").Spec} spec
 */
export function paintNeurons(diagram, grids, spec) {
  const n = THUMB_N;
  const cells = n * n;
  let offset = 0;
  diagram.canvases.forEach((row, i) => {
    const output = i === diagram.canvases.length - 1;
    const activation = output ? spec.output : spec.hidden;
    row.forEach((canvas, k) => {
      const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
      const image = ctx.createImageData(n, n);
      if (output && spec.output === "sigmoid") {
        paintProbabilities(image.data, grids.subarray(offset, offset + cells), 2, false);
      } else if (output) {
        // A softmax unit: the probability of its class against all the others.
        paintProbabilities(image.data, grids.subarray(offset, offset + cells), 2, false);
      } else {
        const { center, scale } = activationScale(activation, grids, offset, cells);
        paintActivation(image.data, grids, offset, center, scale);
      }
      ctx.putImageData(image, 0, 0);
      offset += cells;
    });
  });
}

/**
 * Paints the input features' thumbnails (each a simple function of x1, x2).
 * @param {Diagram} diagram
 * @param {string[]} inputs
 */
export function paintInputs(diagram, inputs) {
  const n = THUMB_N;
  const values = new Float64Array(n * n);
  diagram.inputs.forEach((canvas, i) => {
    const f = FEATURES[inputs[i]];
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const x1 = LO + ((HI - LO) * c) / (n - 1);
        const x2 = HI - ((HI - LO) * r) / (n - 1);
        values[r * n + c] = f ? f(x1, x2) : 0;
      }
    }
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    const image = ctx.createImageData(n, n);
    const { center, scale } = activationScale("linear", values, 0, n * n);
    paintActivation(image.data, values, 0, center, scale);
    ctx.putImageData(image, 0, 0);
  });
}

/** The input features, as the core computes them. @type {Record<string, (x1: number, x2: number) => number>} */
const FEATURES = {
  x1: (x1) => x1,
  x2: (_, x2) => x2,
  x1sq: (x1) => x1 * x1,
  x2sq: (_, x2) => x2 * x2,
  x1x2: (x1, x2) => x1 * x2,
  sinx1: (x1) => Math.sin(x1),
  sinx2: (_, x2) => Math.sin(x2),
};

/** The input features as the plane's axes write them. @type {Record<string, string>} */
const FEATURE_MATH = { x1: "x₁", x2: "x₂", x1sq: "x₁²", x2sq: "x₂²", x1x2: "x₁x₂", sinx1: "sin x₁", sinx2: "sin x₂" };

/** @param {string} title */
function column(title) {
  const el = document.createElement("div");
  el.className = "layer-col";
  const h = document.createElement("div");
  h.className = "layer-title";
  h.textContent = title;
  const body = document.createElement("div");
  body.className = "layer-body";
  el.append(h, body);
  return { el, body };
}

/** Keeps the thumbnails of every column level with the hidden layers' buttons. */
function spacer() {
  const d = document.createElement("div");
  d.className = "neuron-buttons spacer";
  d.setAttribute("aria-hidden", "true");
  return d;
}

function thumbCanvas() {
  const c = document.createElement("canvas");
  c.width = THUMB_N;
  c.height = THUMB_N;
  return c;
}

/**
 * @param {string} text
 * @param {string} label
 * @param {() => void} onClick
 */
function button(text, label, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.setAttribute("aria-label", label);
  b.addEventListener("click", onClick);
  return b;
}
