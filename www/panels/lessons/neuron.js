// neuron.js: the warm-up lesson's table. For the one-neuron network a = w x1 + b it shows w, b,
// the loss summed over the points L(w, b) = Σ ½(a − y)², its derivatives dL/dw = Σ(a − y)x1 and
// dL/db = Σ(a − y) (the core's batchGradients: summed, as in the lecture), and where plain
// gradient descent takes w and b next. It reads the network; it never trains or changes it.

import { toSamples } from "../../model/points.js";

/** @typedef {(key: string, values?: Record<string, string | number>) => string} Translate */
/**
 * @typedef {{ w: number, b: number, loss: number, dw: number, db: number, n: number,
 *   next: { w: number, b: number } | null }} NeuronNumbers  next: null when the step is not plain descent
 */

/** The table's rows: the i18n key of each label, and the number it shows. */
const ROWS = /** @type {const} */ ([
  ["neuron.w", "w"], ["neuron.b", "b"], ["neuron.loss", "loss"], ["neuron.dw", "dw"], ["neuron.db", "db"],
  ["neuron.nextW", "nextW"], ["neuron.nextB", "nextB"],
]);

/**
 * The numbers of a one-neuron network (layers 1-1, a linear output), or null for any other network.
 * The next step is plain gradient descent: θ − α·g, g the summed gradient divided by N for the mean.
 * @param {import("../../types").NetworkHandle} net
 * @param {Required<import("../../types").Spec>} spec
 * @param {readonly import("../../model/points.js").Point[]} points
 * @param {import("../../model/settings.js").Settings} settings
 * @returns {NeuronNumbers | null}
 */
export function neuronNumbers(net, spec, points, settings) {
  if (spec.layers.length !== 2 || spec.layers[0] !== 1 || spec.layers[1] !== 1 || spec.output !== "linear") return null;
  const { train } = toSamples(points, settings.testFraction, true);
  const n = train.labels.length;
  if (n === 0) return null;
  const p = net.params()[0];
  const g = net.batchGradients(train.xs, train.labels);
  const dw = g.layers[0].dW[0][0];
  const db = g.layers[0].db[0];
  const plain = settings.optimizer === "gd" && settings.regularization === "none";
  const rate = settings.learningRate / (settings.reduction === "mean" ? n : 1);
  const [w, b] = [p.W[0][0], p.b[0]];
  return { w, b, loss: g.loss * n, dw, db, n, next: plain ? { w: w - rate * dw, b: b - rate * db } : null };
}

/** A number to four decimals, with a true minus sign (none on a number that rounds to 0). @param {number} x */
export function fmtNeuron(x) {
  const s = x.toFixed(4);
  if (Number(s) === 0) return (0).toFixed(4);
  return s.startsWith("-") ? `−${s.slice(1)}` : s;
}

/**
 * Builds the table in `view`: a heading, one labelled output per number, and a note.
 * @param {HTMLElement} view @param {Translate} t
 */
export function buildNeuron(view, t) {
  const h = document.createElement("h4");
  h.textContent = t("neuron.heading");
  const list = document.createElement("dl");
  list.className = "neuron-table";
  for (const [key, name] of ROWS) {
    const id = `neuron-${name}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = t(key);
    const out = document.createElement("output");
    out.id = id;
    out.setAttribute("aria-live", "off"); // it changes every epoch: read on demand, not announced
    const dt = document.createElement("dt");
    dt.append(label);
    const dd = document.createElement("dd");
    dd.append(out);
    const row = document.createElement("div");
    row.dataset.row = name;
    row.append(dt, dd);
    list.append(row);
  }
  const note = document.createElement("p");
  note.className = "note";
  note.id = "neuron-note";
  view.append(h, list, note);
}

/**
 * Writes the numbers into the table `buildNeuron` made (only what changed).
 * @param {HTMLElement} view @param {NeuronNumbers | null} m @param {Translate} t
 * @param {import("../../model/settings.js").Settings} settings
 */
export function drawNeuron(view, m, t, settings) {
  const note = view.querySelector("#neuron-note");
  const values = m === null ? {} : {
    w: m.w, b: m.b, loss: m.loss, dw: m.dw, db: m.db, nextW: m.next?.w, nextB: m.next?.b,
  };
  for (const [, name] of ROWS) {
    const out = view.querySelector(`#neuron-${name}`);
    const row = view.querySelector(`[data-row="${name}"]`);
    if (!out || !(row instanceof HTMLElement)) continue;
    const v = /** @type {Record<string, number | undefined>} */ (values)[name];
    row.hidden = v === undefined;
    const text = v === undefined ? "" : fmtNeuron(v);
    if (out.textContent !== text) out.textContent = text;
  }
  const words = m === null ? t("neuron.notOne")
    : m.next === null ? t("neuron.otherStep")
      : t("neuron.step", { alpha: settings.learningRate, mean: settings.reduction === "mean" ? t("neuron.mean", { n: m.n }) : "" });
  if (note && note.textContent !== words) note.textContent = words;
}
