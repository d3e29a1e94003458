// libraries.js: the two vendored libraries, KaTeX (equations) and uPlot (charts),
// each loaded once. They wait until the page's first boundary is on screen, so
// their 750 KB of script are fetched and parsed after it, not before.

/** @typedef {{ render: (tex: string, el: HTMLElement, opts: object) => void }} Katex */
/** @typedef {typeof import("uplot")} UPlotCtor */

import { afterFirstBoundary } from "./firstboundary.js";

/** @type {Promise<Katex> | null} */
let katex = null;
/** @type {Promise<UPlotCtor> | null} */
let uPlot = null;

/** KaTeX from www/vendor (a computed URL keeps tsc out of the vendored file); rejects when it cannot be loaded. */
export function loadKatex() {
  katex ??= afterFirstBoundary.then(() => import("./vendor/katex/" + "katex.mjs")).then((m) => /** @type {Katex} */ (m.default));
  return katex;
}

/** uPlot from www/vendor, as loadKatex. */
export function loadUPlot() {
  uPlot ??= afterFirstBoundary.then(() => import("./vendor/uplot/" + "uPlot.esm.js")).then((m) => /** @type {UPlotCtor} */ (m.default));
  return uPlot;
}
