// paper.js: the work leaving the screen. As figures: the plane and the loss chart redrawn at
// print resolution, as PNG (figures.js). As a file to hand in (model/workhandin.js): the
// readouts as they are now, with the plane and the loss chart as images. And as the plane on
// paper: redrawn when printing starts for the printed 92 mm (348 CSS px) at 3× that, about
// 290 dpi, shown by print.css in place of the screen's bitmap, and removed when printing ends.

import { wireFigures, lossFigure, FIGURE_SCALE } from "./figures.js";
import { downloadText } from "../app/download.js";

/** The plane's width on paper, in CSS pixels (92 mm, print.css). */
const PRINTED_PLANE_CSS = 348;

/**
 * @typedef {{
 *   t: (key: string, values?: Record<string, string | number>) => string,
 *   store: import("../app/store.js").Store,
 *   lessonNumber: () => number | null,
 *   planeView: ReturnType<typeof import("./plane-view.js").createPlaneView>,
 *   planeNow: () => import("./plane-view.js").PlaneInput,
 *   plane: HTMLCanvasElement,
 *   lossChart: HTMLElement,
 * }} PaperDeps
 */

/**
 * Wires the figure buttons and printing (the plane for paper), and returns the hand-in of the work.
 * @param {PaperDeps} d
 */
export function wirePaper(d) {
  const { t, store, planeView, planeNow } = d;
  const state = store.state;

  /** The loss chart as a figure at `scale`. @param {number} scale */
  const lossChart = (scale) => lossFigure(state.series, { epoch: t("charts.epoch"), train: t("charts.train"), test: t("charts.test"),
    loss: t("charts.lossAxis") }, state.settings.logScale, Math.max(300, d.lossChart.clientWidth), 220, scale);

  wireFigures(document, {
    plane: () => (planeView.size > 0 ? planeView.figure(planeNow(), planeView.size, FIGURE_SCALE) : null),
    loss: () => lossChart(FIGURE_SCALE),
    failed: (message) => store.setAlert("error.generic", { message }),
  });

  /** @type {HTMLImageElement | null} */
  let printPlane = null;
  const preparePrint = () => {
    if (planeView.size === 0) return;
    printPlane ??= document.createElement("img");
    printPlane.className = "print-plane";
    printPlane.src = planeView.figure(planeNow(), PRINTED_PLANE_CSS, FIGURE_SCALE).toDataURL("image/png");
    printPlane.alt = (d.plane.getAttribute("aria-label") ?? "").replace(t("plane.keys"), "").trim(); // what it shows, not the keys
    d.plane.after(printPlane);
  };
  const endPrint = () => {
    printPlane?.remove();
    printPlane = null;
  };
  addEventListener("beforeprint", preparePrint);
  addEventListener("afterprint", endPrint);
  matchMedia("print").addEventListener("change", (e) => (e.matches ? preparePrint() : endPrint()));

  return {
    /**
     * The student's work as a file to hand in, named for the student, downloaded; returns its name.
     * @param {string} name
     */
    async handInWork(name) {
      const [{ workHandinHtml }, { nameSlug }, { LESSONS, say }] = await Promise.all([
        import("../model/workhandin.js"), import("../model/handin.js"), import("../model/lessons.js")]);
      const s = state.settings;
      const n = d.lessonNumber();
      const { train, test } = store.samples();
      const plane = planeView.size > 0 ? planeView.figure(planeNow(), planeView.size, 2).toDataURL("image/png") : null;
      const optimizer = s.optimizer === "gd" ? "" : `, ${t(`opt.${s.optimizer}`)}`;
      const penalty = s.regularization === "none" ? "" : `, ${t(`reg.${s.regularization}`)} λ = ${s.regularizationRate}`;
      const now = new Date();
      const html = workHandinHtml(t, state.lang, {
        name, date: now.toISOString(),
        lesson: n === null ? null : { number: n, title: say(LESSONS[n - 1].title, state.lang) },
        network: store.archText(),
        training: `α = ${s.learningRate}, ${t(`batch.${s.batch}`)}, ${t(`reduction.${s.reduction}`)}${optimizer}${penalty}`,
        epoch: state.epoch, trainLoss: finiteOrNull(state.trainLoss), testLoss: finiteOrNull(state.testLoss),
        trainAcc: state.trainAcc, testAcc: state.testAcc, trainPoints: train.labels.length, testPoints: test.labels.length,
      }, { boundary: plane, loss: lossChart(2).toDataURL("image/png") }, now.toLocaleString(state.lang === "vi" ? "vi-VN" : "en-GB"));
      const file = `backprop-lab-work-${nameSlug(name)}.html`;
      downloadText(document, file, html, "text/html");
      return file;
    },
  };
}

/** A loss as a hand-in holds it: a number, or null when there is none or it diverged. @param {number | null} v */
function finiteOrNull(v) {
  return v !== null && Number.isFinite(v) ? v : null;
}
