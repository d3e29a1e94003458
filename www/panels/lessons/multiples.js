// multiples.js: lesson 7. The same training points learned side by side by nine
// separate networks, 1, 2, 3 hidden layers × 2, 4, 8 neurons, each trained a slice
// per frame and painted from predictGrid at low resolution (small multiples).

import { paintProbabilities, classColor, traceMark } from "../../views/palette.js";
import { newPacer, plan, observe } from "../../model/trainer.js";

/** @typedef {(key: string, values?: Record<string, string | number>) => string} Translate */
/** @typedef {Pick<import("../../app/session.js").Session, "create" | "release">} Networks */
/** @typedef {import("../../types").NetworkHandle} NetworkHandle */

export const DEPTHS = [1, 2, 3];
export const WIDTHS = [2, 4, 8];
/** Cells per side of each small boundary. */
const GRID_N = 40;
/** CSS pixels per side of each small plane. */
const SIZE = 120;

/**
 * One small multiple.
 * @typedef {{ depth: number, width: number, net: NetworkHandle | null, epochs: number, loss: number | null,
 *   failed: string | null, canvas: HTMLCanvasElement, caption: HTMLElement }} Cell
 */

/**
 * What the nine networks learn.
 * @typedef {{
 *   points: readonly { x1: number, x2: number, label: number }[],   // all points, for drawing
 *   train: { xs: Float64Array, labels: import("../../types").Labels },                // the training samples
 *   classes: number,
 *   settings: import("../../model/settings.js").Settings,
 * }} MultiplesInput
 */

/**
 * @typedef {{ root: HTMLElement, networks: Networks, cells: Cell[], key: string, points: MultiplesInput["points"] | null,
 *   image: HTMLCanvasElement, lo: number, hi: number, pacer: import("../../model/trainer.js").Pacer }} Multiples
 */

/**
 * Builds the 3×3 grid inside `root` (its own children only).
 * @param {HTMLElement} root
 * @param {Networks} networks  who lends the nine networks (the session)
 * @param {Translate} t
 * @param {number} lo  the plane's range, both axes
 * @param {number} hi
 * @returns {Multiples}
 */
export function createMultiples(root, networks, t, lo, hi) {
  const grid = document.createElement("div");
  grid.className = "multiples";
  /** @type {Cell[]} */
  const cells = [];
  for (const depth of DEPTHS) {
    for (const width of WIDTHS) {
      const figure = document.createElement("figure");
      figure.className = "multiple";
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = SIZE;
      canvas.setAttribute("role", "img");
      const caption = document.createElement("figcaption");
      figure.append(canvas, caption);
      grid.append(figure);
      cells.push({ depth, width, net: null, epochs: 0, loss: null, failed: null, canvas, caption });
    }
  }
  root.replaceChildren(grid);
  const image = document.createElement("canvas");
  image.width = image.height = GRID_N;
  const m = { root, networks, cells, key: "", points: null, image, lo, hi, pacer: newPacer() };
  labelCells(m, t);
  return m;
}

/**
 * The training options and architecture that the nine networks share, as a string:
 * when it changes, they start again.
 * @param {MultiplesInput} input
 */
function sharedKey(input) {
  const s = input.settings;
  return JSON.stringify([s.activation, s.inputs, s.netSeed, s.learningRate, s.batch, s.batchSize, s.reduction,
    s.maxEpochs, input.classes]);
}

/**
 * Starts every network again (new weights, epoch 0).
 * @param {Multiples} m
 * @param {MultiplesInput} input
 */
function restart(m, input) {
  const s = input.settings;
  m.pacer = newPacer();
  for (const cell of m.cells) {
    m.networks.release(cell.net);
    cell.net = null;
    cell.epochs = 0;
    cell.loss = null;
    cell.failed = null;
    try {
      cell.net = m.networks.create({
        layers: [s.inputs.length, ...new Array(cell.depth).fill(cell.width), input.classes === 2 ? 1 : input.classes],
        hidden: s.activation,
        output: input.classes === 2 ? "sigmoid" : "softmax",
        seed: s.netSeed,
        inputs: s.inputs,
      });
      if (input.train.labels.length > 0) cell.loss = cell.net.loss(input.train.xs, input.train.labels);
    } catch (e) {
      cell.failed = e instanceof Error ? e.message : String(e);
    }
  }
}

/**
 * Trains the nine networks for about `budgetMs` in all, restarting them first when the
 * points or the shared settings changed. Returns true when anything changed.
 * @param {Multiples} m
 * @param {MultiplesInput} input
 * @param {number} budgetMs
 */
export function stepMultiples(m, input, budgetMs) {
  const key = sharedKey(input);
  let changed = false;
  if (key !== m.key || input.points !== m.points) {
    m.key = key;
    m.points = input.points;
    restart(m, input);
    changed = true;
  }
  const { xs, labels } = input.train;
  if (labels.length === 0) return changed;
  const s = input.settings;
  const active = m.cells.filter((c) => c.net && !c.failed && c.epochs < s.maxEpochs);
  if (active.length === 0) return changed;
  // Lockstep: every network runs the same number of epochs, so they are compared at equal training.
  // How many, trainer.js plans as for the main network: one lockstep epoch (all nine) at a time
  // until its cost is known, then as many as fit the frame's budget.
  const epochs = Math.min(...active.map((c) => s.maxEpochs - c.epochs));
  const k = plan(m.pacer, Infinity, 0, epochs, budgetMs);
  const batchSize = s.batch === "full" ? 0 : s.batch === "one" ? 1 : s.batchSize;
  const t0 = performance.now();
  for (const cell of active) {
    const net = /** @type {NetworkHandle} */ (cell.net);
    try {
      const r = net.train(xs, labels, { epochs: k, learningRate: s.learningRate, batchSize, reduction: s.reduction });
      cell.epochs += r.epochs;
      cell.loss = r.loss;
    } catch (e) {
      cell.failed = e instanceof Error ? e.message : String(e);
    }
    changed = true;
  }
  observe(m.pacer, k, performance.now() - t0);
  return changed;
}

/**
 * Whether every network has run all its epochs (or failed): nothing is left to train, so
 * the step that got there is the last one and must be painted.
 * @param {Multiples} m
 * @param {number} maxEpochs
 */
export function multiplesDone(m, maxEpochs) {
  return m.cells.every((c) => !c.net || c.failed !== null || c.epochs >= maxEpochs);
}

/**
 * Paints each network's boundary and the points, and writes the captions.
 * @param {Multiples} m
 * @param {number} classes
 * @param {Translate} t
 */
export function paintMultiples(m, classes, t) {
  const imageCtx = /** @type {CanvasRenderingContext2D} */ (m.image.getContext("2d"));
  const data = imageCtx.createImageData(GRID_N, GRID_N);
  const span = m.hi - m.lo;
  for (const cell of m.cells) {
    const ctx = /** @type {CanvasRenderingContext2D} */ (cell.canvas.getContext("2d"));
    ctx.clearRect(0, 0, SIZE, SIZE);
    if (cell.net) {
      paintProbabilities(data.data, cell.net.predictGrid(GRID_N, m.lo, m.hi), classes, false);
      imageCtx.putImageData(data, 0, 0);
      // Grid values sit on cell centres at the edges: extend by half a cell.
      const half = SIZE / (GRID_N - 1) / 2;
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(m.image, -half, -half, SIZE + 2 * half, SIZE + 2 * half);
    }
    for (const p of m.points ?? []) {
      ctx.beginPath();
      traceMark(ctx, p.label, ((p.x1 - m.lo) / span) * SIZE, ((m.hi - p.x2) / span) * SIZE, 2);
      ctx.fillStyle = classColor(p.label);
      ctx.fill();
      ctx.lineWidth = 0.6;
      ctx.strokeStyle = "#fff";
      ctx.stroke();
    }
  }
  labelCells(m, t);
}

/**
 * @param {Multiples} m
 * @param {Translate} t
 */
function labelCells(m, t) {
  for (const cell of m.cells) {
    const name = t("multiples.cell", { l: cell.depth, n: cell.width });
    const state = cell.failed
      ? t("multiples.failed")
      : cell.loss === null ? t("readout.none") : t("multiples.loss", { loss: cell.loss.toFixed(3), epoch: cell.epochs });
    cell.caption.textContent = `${name}: ${state}`;
    cell.canvas.setAttribute("aria-label", t("multiples.label", { name, state }));
    cell.canvas.dataset.loss = cell.loss === null ? "" : String(cell.loss);
    cell.canvas.dataset.epochs = String(cell.epochs);
  }
}

/**
 * Frees the nine networks.
 * @param {Multiples} m
 */
export function disposeMultiples(m) {
  for (const cell of m.cells) {
    m.networks.release(cell.net);
    cell.net = null;
  }
}
