// hiddenspace.js: lesson 9. The plane as the last hidden layer sees it: each grid
// line of the input plane and each point, mapped through two chosen neurons of the
// last hidden layer, as ConvNetJS's classifier demo shows. When that layer has two
// neurons the output is a logistic regression on them, so its boundary there is the
// straight line W[L] a + b[L] = 0, drawn with the output's probabilities behind.

import { paintProbabilities, classColor, traceMark } from "../../views/palette.js";
import { lineInRect } from "./collapse.js";

/** Grid cells per side: lines are every LINE_EVERY-th row and column. */
const GRID_N = 31;
const LINE_EVERY = 3;
/** Background cells per side (exact output over the hidden space, two-neuron case). */
const BACK_N = 60;

/**
 * The mapped plane.
 * @typedef {{
 *   layer: number,                       // the last hidden layer (1-based after the input)
 *   width: number,                       // its neurons
 *   pick: [number, number],              // the two neurons shown (0-based)
 *   grid: Float64Array, n: number,       // 2·n·n: (a_i, a_j) of every grid cell, cell-major
 *   points: { h: [number, number], label: number, test: boolean }[],
 *   bounds: [number, number, number, number],   // x lo, x hi, y lo, y hi in the hidden space
 *   output: { W: number[], b: number } | null,  // the output neuron on exactly these two neurons
 * }} HiddenMap
 */

/**
 * The last hidden layer (1-based after the input), or null without hidden layers.
 * @param {Required<import("../../types").Spec>} spec
 */
export function lastHiddenLayer(spec) {
  return spec.layers.length >= 3 ? spec.layers.length - 2 : null;
}

/**
 * Maps the plane's grid and the points through neurons `pick` of the last hidden layer.
 * @param {import("../../types").NetworkHandle} net
 * @param {Required<import("../../types").Spec>} spec
 * @param {readonly { x1: number, x2: number, label: number, test: boolean }[]} points
 * @param {[number, number]} pick
 * @param {number} lo
 * @param {number} hi
 * @returns {HiddenMap | null}
 */
export function mapHidden(net, spec, points, pick, lo, hi) {
  const layer = lastHiddenLayer(spec);
  if (layer === null) return null;
  const width = spec.layers[layer];
  const [i, j] = [Math.min(pick[0], width - 1), Math.min(pick[1], width - 1)];
  let offset = 0;
  for (let l = 1; l < layer; l++) offset += spec.layers[l];
  const cells = GRID_N * GRID_N;
  const all = net.neuronGrids(GRID_N, lo, hi);
  const grid = new Float64Array(2 * cells);
  for (let k = 0; k < cells; k++) {
    grid[2 * k] = all[(offset + i) * cells + k];
    grid[2 * k + 1] = all[(offset + j) * cells + k];
  }
  const mapped = points.map((p) => {
    const a = net.forward([p.x1, p.x2])[layer - 1].a;
    return { h: /** @type {[number, number]} */ ([a[i], a[j]]), label: p.label, test: p.test };
  });
  let [xl, xh, yl, yh] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let k = 0; k < cells; k++) {
    xl = Math.min(xl, grid[2 * k]); xh = Math.max(xh, grid[2 * k]);
    yl = Math.min(yl, grid[2 * k + 1]); yh = Math.max(yh, grid[2 * k + 1]);
  }
  for (const { h } of mapped) {
    xl = Math.min(xl, h[0]); xh = Math.max(xh, h[0]);
    yl = Math.min(yl, h[1]); yh = Math.max(yh, h[1]);
  }
  const pad = (/** @type {number} */ a, /** @type {number} */ b) => {
    const span = Math.max(b - a, 1e-6);
    return [a - 0.06 * span, b + 0.06 * span];
  };
  const [x0, x1] = pad(xl, xh);
  const [y0, y1] = pad(yl, yh);
  /** @type {HiddenMap["output"]} */
  let output = null;
  if (width === 2 && spec.output === "sigmoid" && i !== j) {
    const last = net.params()[layer];
    output = { W: [last.W[0][i], last.W[0][j]], b: last.b[0] };
  }
  return { layer, width, pick: [i, j], grid, n: GRID_N, points: mapped, bounds: [x0, x1, y0, y1], output };
}

/**
 * Draws the hidden space: background (output probability, two-neuron case), the mapped
 * grid lines, the output's line, the points.
 * @param {CanvasRenderingContext2D} ctx  scaled so 1 unit = 1 CSS pixel
 * @param {number} size  CSS pixels per side
 * @param {HiddenMap} m
 */
export function drawHiddenSpace(ctx, size, m) {
  const [x0, x1, y0, y1] = m.bounds;
  const px = (/** @type {number} */ x) => ((x - x0) / (x1 - x0)) * size;
  const py = (/** @type {number} */ y) => ((y1 - y) / (y1 - y0)) * size;
  ctx.clearRect(0, 0, size, size);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, size, size);

  if (m.output) {
    const { W, b } = m.output;
    const values = new Float64Array(BACK_N * BACK_N);
    for (let r = 0; r < BACK_N; r++) {
      for (let c = 0; c < BACK_N; c++) {
        const h1 = x0 + ((x1 - x0) * (c + 0.5)) / BACK_N;
        const h2 = y1 - ((y1 - y0) * (r + 0.5)) / BACK_N;
        values[r * BACK_N + c] = 1 / (1 + Math.exp(-(W[0] * h1 + W[1] * h2 + b)));
      }
    }
    const back = document.createElement("canvas");
    back.width = back.height = BACK_N;
    const bctx = /** @type {CanvasRenderingContext2D} */ (back.getContext("2d"));
    const image = bctx.createImageData(BACK_N, BACK_N);
    paintProbabilities(image.data, values, 2, false);
    bctx.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(back, 0, 0, size, size);
  }

  // The input plane's grid lines: rows (x2 fixed) and columns (x1 fixed); the axes darker.
  const n = m.n;
  const mid = (n - 1) / 2;
  const line = (/** @type {(k: number) => number} */ at, /** @type {boolean} */ axis) => {
    ctx.beginPath();
    for (let k = 0; k < n; k++) {
      const cell = at(k);
      const x = px(m.grid[2 * cell]);
      const y = py(m.grid[2 * cell + 1]);
      if (k === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.strokeStyle = axis ? "rgba(20, 20, 20, 0.75)" : "rgba(60, 60, 60, 0.35)";
    ctx.lineWidth = axis ? 1.4 : 1;
    ctx.stroke();
  };
  for (let r = 0; r < n; r += LINE_EVERY) line((c) => r * n + c, r === mid);
  for (let c = 0; c < n; c += LINE_EVERY) line((r) => r * n + c, c === mid);

  if (m.output) {
    const seg = lineInRect(m.output.W[0], m.output.W[1], m.output.b, [x0, x1, y0, y1]);
    if (seg) {
      ctx.beginPath();
      ctx.moveTo(px(seg[0]), py(seg[1]));
      ctx.lineTo(px(seg[2]), py(seg[3]));
      ctx.strokeStyle = "rgba(20, 20, 20, 0.9)";
      ctx.lineWidth = 2.5;
      ctx.stroke();
    }
  }

  for (const p of m.points) {
    ctx.beginPath();
    traceMark(ctx, p.label, px(p.h[0]), py(p.h[1]), 4);
    ctx.fillStyle = p.test ? "#fff" : classColor(p.label);
    ctx.fill();
    ctx.lineWidth = p.test ? 2 : 1;
    ctx.strokeStyle = p.test ? classColor(p.label) : "#fff";
    ctx.stroke();
  }
}

/**
 * Whether a straight line separates the mapped classes (two classes), by the output's
 * own line when there is one: every training point on its class's side.
 * @param {HiddenMap} m
 */
export function separatedByOutput(m) {
  if (!m.output) return false;
  const { W, b } = m.output;
  return m.points.every((p) => p.test || ((W[0] * p.h[0] + W[1] * p.h[1] + b >= 0 ? 1 : 0) === p.label));
}
