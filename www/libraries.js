// libraries.js: the two vendored libraries, KaTeX (equations) and uPlot (charts),
// each loaded once. They wait until the page's first boundary is on screen, so
// their 750 KB of script are fetched and parsed after it, not before.

/** @typedef {{ render: (tex: string, el: HTMLElement, opts: object) => void }} Katex */
/** @typedef {typeof import("uplot")} UPlotCtor */

/** @type {() => void} */
let drawn = () => {};
const firstBoundary = new Promise((ok) => { drawn = () => ok(undefined); });
let marked = false;

/**
 * Called by the frame that first draws the boundary. A message posted now arrives once that
 * frame's style, layout and paint are done: then the boundary is on screen, the time is marked
 * (`make bench` reads "first-boundary") and the libraries may load.
 */
export function firstBoundaryDrawn() {
  if (marked) return;
  marked = true;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    performance.mark("first-boundary");
    channel.port1.close();
    drawn();
  };
  channel.port2.postMessage(null);
}

/** @type {Promise<Katex> | null} */
let katex = null;
/** @type {Promise<UPlotCtor> | null} */
let uPlot = null;

/** KaTeX from www/vendor (a computed URL keeps tsc out of the vendored file); rejects when it cannot be loaded. */
export function loadKatex() {
  katex ??= firstBoundary.then(() => import("./vendor/katex/" + "katex.mjs")).then((m) => /** @type {Katex} */ (m.default));
  return katex;
}

/** uPlot from www/vendor, as loadKatex. */
export function loadUPlot() {
  uPlot ??= firstBoundary.then(() => import("./vendor/uplot/" + "uPlot.esm.js")).then((m) => /** @type {UPlotCtor} */ (m.default));
  return uPlot;
}
