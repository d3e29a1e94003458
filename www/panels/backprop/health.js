// health.js: gradient health: ‖ΣdW[l]‖ (Frobenius norm of the summed gradient)
// per layer against epochs, on a log scale, drawn by uPlot. Vanishing gradients
// in a deep sigmoid network show as the first layers' lines far below the last's.

/** @typedef {typeof import("uplot")} UPlotCtor */
/** @typedef {(key: string, values?: Record<string, string | number>) => string} Translate */

const COLORS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"];
const MAX_SAMPLES = 2000;

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
  /** @type {number[][]} */
  let data = [[]];
  let layers = 0;
  /** @type {import("uplot") | null} */
  let chart = null;

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
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ label: t("charts.epoch") }, { label: "‖ΣdW[l]‖", size: 64 }],
      series: [
        { label: t("charts.epoch") },
        ...Array.from({ length: count }, (_, l) => ({
          label: `W[${l + 1}]`,
          stroke: COLORS[l % COLORS.length],
          width: 2,
          value: (/** @type {unknown} */ _u, /** @type {number | null} */ v) => (v === null || v === undefined ? "—" : v.toExponential(2)),
        })),
      ],
      legend: { live: true },
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
      const xs = data[0];
      if (norms.length !== layers || (xs.length > 0 && epoch < xs[xs.length - 1])) rebuild(norms.length);
      const last = data[0].length - 1;
      // A log scale has no place for 0: show a vanished gradient at the floor of doubles.
      const safe = norms.map((v) => (v > 0 && Number.isFinite(v) ? v : 1e-300));
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
