// charts.js: loss and accuracy against epochs, drawn by uPlot (vendored from npm).

/** @typedef {import("../app/libraries.js").UPlotCtor} UPlotCtor */
/** @typedef {import("uplot")} UPlot */

/** @typedef {import("../model/series.js").Series} Series */

/**
 * @typedef {{ loss: UPlot, acc: UPlot }} Charts
 */

/**
 * Creates both charts inside their containers.
 * @param {UPlotCtor} uPlot
 * @param {HTMLElement} lossEl
 * @param {HTMLElement} accEl
 * @param {{ epoch: string, train: string, test: string, loss: string, accuracy: string, kept: string }} words
 * @param {boolean} logScale
 * @param {Series} s
 * @param {import("../model/series.js").KeptCurve | null} [kept]  a run kept to compare with (its label shows)
 * @returns {Charts}
 */
export function createCharts(uPlot, lossEl, accEl, words, logScale, s, kept = null) {
  lossEl.replaceChildren();
  accEl.replaceChildren();
  const width = Math.max(200, lossEl.clientWidth || 300);
  const height = width < 360 ? 150 : 180;
  const x = { label: words.epoch, value: epochValue };
  const lossOpts = {
    width,
    height,
    scales: { x: { time: false }, y: logScale ? { distr: 3 } : { auto: true } },
    axes: [{ label: words.epoch, values: ticks, incrs: EPOCH_INCRS }, { label: words.loss, size: 60, values: ticks }],
    series: [
      x,
      { label: words.train, stroke: "#1f4e9c", width: 2, value: fmt, spanGaps: true },
      { label: words.test, stroke: "#e07b00", width: 2, dash: [6, 4], value: fmt, spanGaps: true },
      // The kept run (A/B), only while there is one (a hidden series would still sit, faded, in the legend).
      ...(kept ? [{ label: `${words.kept} (${kept.label})`, stroke: "#6b6b6b", width: 2, dash: [2, 3], value: fmt, spanGaps: true }] : []),
    ],
    legend: { live: true },
  };
  const accOpts = {
    width,
    height,
    scales: { x: { time: false }, y: { range: /** @type {[number, number]} */ ([0, 1]) } },
    axes: [{ label: words.epoch, values: ticks, incrs: EPOCH_INCRS }, { label: words.accuracy, size: 60, values: ticks }],
    series: [
      x,
      { label: words.train, stroke: "#1f4e9c", width: 2, value: pct },
      { label: words.test, stroke: "#e07b00", width: 2, dash: [6, 4], value: pct },
    ],
    legend: { live: true },
  };
  return {
    loss: new uPlot(lossOpts, lossData(s, kept), lossEl),
    acc: new uPlot(accOpts, accData(s), accEl),
  };
}

/**
 * @param {Charts} charts
 * @param {Series} s
 * @param {import("../model/series.js").KeptCurve | null} [kept]
 */
export function updateCharts(charts, s, kept = null) {
  charts.loss.setData(lossData(s, kept));
  charts.acc.setData(accData(s));
}

/**
 * @param {Charts} charts
 * @param {number} width
 */
export function resizeCharts(charts, width) {
  const w = Math.max(200, width);
  const h = w < 360 ? 150 : 180;
  charts.loss.setSize({ width: w, height: h });
  charts.acc.setSize({ width: w, height: h });
}

/** At most this many of the logged epochs are drawn; more are thinned, keeping each bucket's extremes. */
export const MAX_DRAWN = 2400;

/**
 * The loss chart's data: the training loss of every logged epoch (thinned for display only),
 * the test loss where it was measured, and the kept run's training loss (A/B), on one epoch axis.
 * @param {Series} s
 * @param {import("../model/series.js").KeptCurve | null} [kept]
 * @returns {import("uplot").AlignedData}
 */
export function lossData(s, kept = null) {
  const drawn = thinLog(s.log.epochs, s.log.trainLoss, MAX_DRAWN);
  const other = kept ? thinLog(kept.epochs, kept.trainLoss, MAX_DRAWN) : { epochs: [], losses: [] };
  const [x, train, test, before] = merge([
    drawn.epochs.length === 0 ? { epochs: s.epoch, values: s.trainLoss } : { epochs: drawn.epochs, values: drawn.losses },
    { epochs: s.epoch, values: s.testLoss },
    { epochs: other.epochs, values: other.losses },
  ]);
  return kept ? [x, train, test, before] : [x, train, test];
}

/**
 * Merges sequences sorted by epoch onto one x axis (uPlot's layout): each column holds its
 * value at the epochs it has and null elsewhere.
 * @param {{ epochs: readonly number[], values: readonly (number | null)[] }[]} list
 * @returns {[number[], ...(number | null)[][]]}
 */
function merge(list) {
  /** @type {number[]} */
  const x = [];
  const cols = list.map(() => /** @type {(number | null)[]} */ ([]));
  const at = list.map(() => 0);
  for (;;) {
    let e = Infinity;
    list.forEach((q, k) => {
      if (at[k] < q.epochs.length) e = Math.min(e, q.epochs[at[k]]);
    });
    if (e === Infinity) break;
    x.push(e);
    list.forEach((q, k) => {
      if (at[k] < q.epochs.length && q.epochs[at[k]] === e) cols[k].push(q.values[at[k]++]);
      else cols[k].push(null);
    });
  }
  return [x, ...cols];
}

/**
 * At most about `max` points of a long log, for drawing: the log in `max / 2` buckets, each
 * giving its lowest and highest loss in epoch order, so a spike or a jump stays visible.
 * @param {number[]} epochs @param {number[]} losses @param {number} max
 */
export function thinLog(epochs, losses, max) {
  if (epochs.length <= max) return { epochs, losses };
  const buckets = Math.floor(max / 2);
  const size = epochs.length / buckets;
  /** @type {number[]} */
  const e = [];
  /** @type {number[]} */
  const l = [];
  for (let k = 0; k < buckets; k++) {
    const from = Math.floor(k * size);
    const to = k === buckets - 1 ? epochs.length : Math.floor((k + 1) * size);
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      if (losses[i] < losses[lo]) lo = i;
      if (losses[i] > losses[hi]) hi = i;
    }
    for (const i of lo === hi ? [lo] : [Math.min(lo, hi), Math.max(lo, hi)]) {
      e.push(epochs[i]);
      l.push(losses[i]);
    }
  }
  if (e[e.length - 1] !== epochs[epochs.length - 1]) {
    e.push(epochs[epochs.length - 1]);
    l.push(losses[losses.length - 1]);
  }
  return { epochs: e, losses: l };
}

/** @param {Series} s @returns {import("uplot").AlignedData} */
function accData(s) {
  return [s.epoch, s.trainAcc, s.testAcc];
}

/**
 * An axis tick as the lecture writes numbers, whatever the browser's language: a dot for the
 * decimal point and no grouping ("0.1", "1000"; a Vietnamese browser would write "0,1", "1.000").
 * @param {number} v
 */
export function tick(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return v.toExponential(0).replace("e+", "e");
  return String(Number(v.toPrecision(6)));
}

/** Tick steps of an epoch axis: whole epochs only (never 0.2, 0.4 … after one step). */
export const EPOCH_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7];

/** uPlot's axis `values`: every split as tick() writes it. @param {unknown} _u @param {number[]} splits */
export function ticks(_u, splits) {
  return splits.map((v) => (v === null || v === undefined ? "" : tick(v)));
}

/**
 * The epoch under the cursor, as the lecture writes numbers whatever the browser's language
 * ("1000"; uPlot's default wrote "1.000" in a Vietnamese browser).
 * @param {unknown} _u @param {number | null} v
 */
export function epochValue(_u, v) {
  return v === null || v === undefined ? "—" : Number.isInteger(v) ? String(v) : tick(v);
}

/** @param {unknown} _u @param {number | null} v */
function fmt(_u, v) {
  return v === null || v === undefined ? "—" : v < 1e-3 ? v.toExponential(2) : v.toPrecision(3);
}

/** @param {unknown} _u @param {number | null} v */
function pct(_u, v) {
  return v === null || v === undefined ? "—" : `${(100 * v).toFixed(1)}%`;
}
