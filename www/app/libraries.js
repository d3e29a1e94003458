// libraries.js: the two vendored libraries, KaTeX (equations) and uPlot (charts),
// each loaded once with its style sheet. They wait until the page's first boundary
// is on screen, so their 750 KB of script are fetched and parsed after it, not before.

/** @typedef {{ render: (tex: string, el: HTMLElement, opts: object) => void }} Katex */
/** @typedef {typeof import("uplot")} UPlotCtor */

import { afterFirstBoundary } from "./firstboundary.js";

/** @type {Promise<Katex> | null} */
let katex = null;
/** @type {Promise<UPlotCtor> | null} */
let uPlot = null;

/** KaTeX from www/vendor (a computed URL keeps tsc out of the vendored file); rejects when it cannot be loaded. */
export function loadKatex() {
  katex ??= afterFirstBoundary
    .then(() => Promise.all([import("../vendor/katex/" + "katex.mjs"), styleSheet("vendor/katex/katex.min.css")]))
    .then(([m]) => /** @type {Katex} */ (m.default));
  return katex;
}

/** uPlot from www/vendor, as loadKatex. */
export function loadUPlot() {
  uPlot ??= afterFirstBoundary
    .then(() => Promise.all([import("../vendor/uplot/" + "uPlot.esm.js"), styleSheet("vendor/uplot/uPlot.min.css")]))
    .then(([m]) => /** @type {UPlotCtor} */ (m.default));
  return uPlot;
}

/**
 * Adds a library's style sheet to the page; resolves once it has loaded.
 * @param {string} href
 * @returns {Promise<void>}
 */
function styleSheet(href) {
  return new Promise((ok, fail) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.onload = () => ok();
    link.onerror = () => fail(new Error(`${href} could not be loaded`));
    // Before the page's own sheets, so that they still override the library's.
    document.head.insertBefore(link, document.head.querySelector('link[rel="stylesheet"]'));
  });
}
