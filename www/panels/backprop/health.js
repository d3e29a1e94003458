// health.js: gradient health: ‖ΣdW[l]‖ (Frobenius norm of the summed gradient)
// per layer against epochs, on a log scale, drawn by uPlot. Vanishing gradients
// in a deep sigmoid network show as the first layers' lines far below the last's.

/** @typedef {typeof import("uplot")} UPlotCtor */
/** @typedef {(key: string, values?: Record<string, string | number>) => string} Translate */

import { ticks, epochValue, EPOCH_INCRS } from "../../views/charts.js";

const COLORS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"];
const MAX_SAMPLES = 2000;
/**
 * The chart's floor: a norm below it (a vanished or dead gradient, zero included) is drawn on
 * the floor and read "≤ 1e-12". A log axis down to the floor of doubles (1e-300) made uPlot
 * lay out 300 decades of ticks: seconds of work and a crash.
 */
export const FLOOR = 1e-12;
/** ... and its ceiling: a norm above it (a run about to diverge) is drawn on it. */
export const CEILING = 1e15;

/**
 * What the chart plots for a norm: itself, the floor (ceiling) for anything below (above) it, a gap (null) for a
 * number that is not finite (training diverged).
 * @param {number} v
 */
export function plotted(v) {
  if (!Number.isFinite(v)) return null;
  return Math.min(CEILING, Math.max(FLOOR, v));
}

/**
 * The y range: from the smallest sample (not below the floor) to the largest, whole decades.
 * @param {unknown} _u @param {number | null} min @param {number | null} max
 * @returns {[number, number]}
 */
export function yRange(_u, min, max) {
  const lo = Math.max(FLOOR, min ?? FLOOR);
  const hi = Math.min(CEILING, Math.max(lo * 10, max ?? 1));
  return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
}

/**
 * ‖dW‖ of every layer: the Frobenius norm √(Σ dW_ij²).
 * @param {{ dW: number[][] }[]} layers
 */
export function gradientNorms(layers) {
  return layers.map(({ dW }) => Math.sqrt(dW.reduce((s, row) => s + row.reduce((r, g) => r + g * g, 0), 0)));
}

/**
 * Builds the chart inside `root` (its caption is the caller's).
 * @param {HTMLElement} root
 * @param {UPlotCtor} uPlot
 * @param {Translate} t
 */
export function createHealth(root, uPlot, t) {
  /** @type {(number | null)[][]} */
  let data = [[]];
  let layers = 0;
  /** @type {import("uplot") | null} */
  let chart = null;

  /** @param {import("uplot")} u */
  function showLatest(u) {
    const count = u.data[0].length;
    if (u.cursor.idx == null && count > 0) u.setLegend({ idx: count - 1 }, false);
  }

  /** @param {number} count */
  function rebuild(count) {
    layers = count;
    data = [[], ...Array.from({ length: count }, () => [])];
    chart?.destroy();
    root.replaceChildren();
    const width = Math.max(200, root.clientWidth || 300);
    chart = new uPlot({
      width,
      height: width < 360 ? 150 : 180,
      scales: { x: { time: false }, y: { distr: 3, range: yRange } },
      axes: [{ label: t("charts.epoch"), values: ticks, incrs: EPOCH_INCRS }, { label: "‖ΣdW[l]‖", size: 64, values: ticks }],
      series: [
        { label: t("charts.epoch"), value: epochValue },
        ...Array.from({ length: count }, (_, l) => ({
          label: `W[${l + 1}]`,
          stroke: COLORS[l % COLORS.length],
          width: 2,
          value: (/** @type {unknown} */ _u, /** @type {number | null} */ v) => (v === null || v === undefined ? "—"
            : v <= FLOOR ? `≤ ${FLOOR.toExponential(0)}` : v >= CEILING ? `≥ ${CEILING.toExponential(0)}` : v.toExponential(2)),
        })),
      ],
      legend: { live: true },
      // With the pointer off the chart, the legend names the latest sample (the gradients now),
      // not blanks: a student reads the present values without having to find the chart's edge.
      hooks: { setLegend: [showLatest] },
    }, /** @type {import("uplot").AlignedData} */ (data), root);
  }

  return {
    /**
     * Adds one sample: the epoch and ‖ΣdW[l]‖ for every layer. A new layer count or
     * an earlier epoch (a new network) starts the chart again.
     * @param {number} epoch
     * @param {number[]} norms
     * @param {boolean} draw  false while the chart is off screen: keep the sample, skip the drawing
     */
    sample(epoch, norms, draw) {
      const xs = /** @type {number[]} */ (data[0]);
      if (norms.length !== layers || (xs.length > 0 && epoch < xs[xs.length - 1])) rebuild(norms.length);
      const last = data[0].length - 1;
      // A log scale has no place for 0: a vanished gradient is drawn on the chart's floor.
      const safe = norms.map(plotted);
      if (last >= 0 && data[0][last] === epoch) {
        safe.forEach((v, l) => (data[l + 1][last] = v));
      } else {
        data[0].push(epoch);
        safe.forEach((v, l) => data[l + 1].push(v));
      }
      if (data[0].length > MAX_SAMPLES) data = data.map((s) => s.filter((_, i) => i % 2 === 0 || i === s.length - 1));
      if (draw) chart?.setData(/** @type {import("uplot").AlignedData} */ (data));
    },
    /** Starts the chart again (a new network). */
    clear() {
      if (layers > 0) rebuild(layers);
    },
    /** @param {number} width */
    resize(width) {
      const w = Math.max(200, width);
      chart?.setSize({ width: w, height: w < 360 ? 150 : 180 });
    },
    /** The samples so far: [epochs, ‖ΣdW[1]‖, ...]. */
    data() {
      return data;
    },
  };
}
