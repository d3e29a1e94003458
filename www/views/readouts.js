// readouts.js: the page's words and numbers about the run: epoch, losses, accuracies, the
// status and alert lines, the counts under the plane, the selected point, the notes beside the
// controls, and the text alternatives (the plane's name, the bar, spoken progress).

import * as pts from "../model/points.js";
import { fmtLoss, fmtNum, fmtPct } from "../model/format.js";
import { setText, setAttr, setProp } from "./dom.js";
import { showSettings } from "./controls.js";
import { showConfusion } from "./confusion.js";

/**
 * @param {ReturnType<typeof import("./controls.js").findControls>} c
 * @param {import("../app/store.js").Store} store
 * @param {{ restoreGood: HTMLElement, barReadout: HTMLElement, confusion: HTMLElement,
 *   snapshots: { show: (t: (key: string, values?: Record<string, string | number>) => string) => void },
 *   announcer: ReturnType<typeof import("../app/announcer.js").createAnnouncer> }} extra
 */
export function createReadouts(c, store, extra) {
  const state = store.state;
  const t = store.t;

  /** The counts line under the plane, made again only when the points, classes or split change. */
  let countsCache = { key: /** @type {unknown[]} */ ([]), text: "" };
  function countsText() {
    const points = store.points();
    const key = [points, state.classes, state.settings.testFraction, state.lang, state.settings.task];
    if (key.some((k, i) => k !== countsCache.key[i]) && regressing()) {
      const test = store.plainPoints().filter((p) => p.test).length;
      countsCache = { key, text: t("counts.regress", { total: points.length, test }) };
    } else if (key.some((k, i) => k !== countsCache.key[i])) {
      const counts = pts.countByClass(points, Math.max(state.classes, 2));
      const list = counts.map((n, k) => t("counts.item", { name: t(`class.short.${k}`), n })).join(", ");
      const test = store.plainPoints().filter((p) => p.test).length;
      countsCache = { key, text: t("counts.value", { list, total: points.length, test }) };
    }
    return countsCache.text;
  }

  function showSelected() {
    const points = store.points();
    if (state.selected === null || !points[state.selected]) {
      setText(c.selectedInfo, state.settings.tool === "select" ? t("selected.none") : "");
      return;
    }
    const p = points[state.selected];
    const out = store.outputsForPoints();
    const test = pts.isTest(points, state.selected, state.settings.testFraction) ? t("selected.test") : "";
    if (regressing()) {
      setText(c.selectedInfo, t("selected.infoRegress", { i: state.selected + 1, x1: fmtNum(p.x1), y: fmtNum(p.label), test,
        out: fmtNum(out[state.selected]) }));
      return;
    }
    const C = store.outputsPerPoint();
    const mine = out.subarray(state.selected * C, state.selected * C + C);
    const text = state.spec.output === "sigmoid"
      ? `P(${t("class.short.1")}) = ${fmtNum(mine[0])}`
      : [...mine].map((v, k) => `P(${t(`class.short.${k}`)}) = ${fmtNum(v)}`).join(", ");
    setText(c.selectedInfo, t("selected.info", {
      i: state.selected + 1, // numbered from 1, as the lecture's sums; snapshot().selected stays 0-based
      x1: fmtNum(p.x1),
      x2: fmtNum(p.x2),
      label: p.label,
      name: t(`class.short.${p.label}`),
      test: pts.isTest(points, state.selected, state.settings.testFraction) ? t("selected.test") : "",
      out: text,
    }));
  }

  /** @param {number | null} v */
  const lossOrNone = (v) => (v === null ? t("readout.none") : fmtLoss(v));
  /** @param {number | null} v */
  const pctOrNone = (v) => (v === null ? t("readout.none") : fmtPct(v));

  /** Regression: the readouts show the mean squared error where classification shows accuracy. */
  function regressing() {
    return state.settings.task === "regress";
  }

  function progressText() {
    if (regressing()) return t("announce.progressRegress", { epoch: state.epoch, loss: fmtLoss(state.trainLoss), mse: lossOrNone(state.trainMse) });
    return t("announce.progress", { epoch: state.epoch, loss: fmtLoss(state.trainLoss), acc: pctOrNone(state.trainAcc) });
  }

  function planeSummary() {
    if (regressing()) {
      const result = state.trainMse === null || state.trainLoss === null ? t("plane.noResult")
        : t("plane.resultRegress", { mse: fmtLoss(state.trainMse), loss: fmtLoss(state.trainLoss), epoch: state.epoch });
      return t("plane.summaryRegress", { total: store.points().length, result });
    }
    const counts = pts.countByClass(store.points(), Math.max(state.classes, 2));
    const list = counts.map((n, k) => t("plane.summaryItem", { n, name: t(`class.short.${k}`),
      shape: t(`shape.short.${k}`) })).join(", ");
    const result = state.trainAcc === null || state.trainLoss === null ? t("plane.noResult")
      : t("plane.result", { acc: fmtPct(state.trainAcc), loss: fmtLoss(state.trainLoss), epoch: state.epoch });
    return t("plane.summary", { list, result });
  }

  let lastPlaneLabel = -Infinity;
  /** Keeps the plane's accessible name current: at once when paused, once a second while training. */
  function showAccessText() {
    const now = performance.now();
    if (!state.running || now - lastPlaneLabel > 1000) {
      lastPlaneLabel = now;
      setAttr(c.plane, "aria-label", `${planeSummary()} ${t("plane.keys")}`);
    }
    setText(extra.barReadout, `${t("readout.epoch")} ${state.epoch} · ${t("readout.trainLoss")} ${fmtLoss(state.trainLoss)}`);
    const status = c.status.textContent ?? "";
    if (state.running) {
      extra.announcer.status(status);
    } else {
      extra.announcer.status(status, regressing()
        ? t("announce.stoppedRegress", { status, loss: fmtLoss(state.trainLoss), mse: lossOrNone(state.trainMse) })
        : t("announce.stopped", { status, loss: fmtLoss(state.trainLoss), acc: pctOrNone(state.trainAcc) }));
    }
  }

  function show() {
    setText(c.epoch, String(state.epoch));
    setText(c.trainLoss, lossOrNone(state.trainLoss));
    setText(c.testLoss, lossOrNone(state.testLoss));
    setText(c.trainAcc, pctOrNone(state.trainAcc));
    setText(c.testAcc, pctOrNone(state.testAcc));
    setText(c.trainMse, lossOrNone(state.trainMse));
    setText(c.testMse, lossOrNone(state.testMse));
    const regress = regressing();
    c.accRows.forEach((row) => setProp(row, "hidden", regress));
    c.mseRows.forEach((row) => setProp(row, "hidden", !regress));
    setProp(c.mseNote, "hidden", !regress);
    c.classifyOnly.forEach((el) => setProp(el, "hidden", regress));
    for (const [el, classifyKey, regressKey] of c.taskWords) {
      const key = regress ? regressKey : classifyKey;
      setAttr(el, "data-i18n", key); // a change of language writes the task's words too
      setText(el, t(key));
    }
    setText(c.train, t(state.running ? "train.pause" : "train.start"));
    setAttr(c.train, "aria-pressed", String(state.running));
    setText(c.status, state.running && state.status.key === "status.running"
      ? t("status.running")
      : !state.running && state.status.key === "status.running"
        ? t("status.paused", { epoch: state.epoch })
        : t(state.status.key, state.status.values));
    setProp(c.alert, "hidden", state.alert === null);
    setText(c.alert, state.alert ? t(state.alert.key, state.alert.values) : "");
    // After divergence, one click restores the last good weights.
    setProp(extra.restoreGood, "hidden", !(state.lastGood && state.alert && state.alert.key.startsWith("error.diverg")));

    setText(c.counts, countsText());
    setText(c.outputNote, regress ? t("output.linear")
      : state.classes > 2 ? t("output.softmax", { c: state.classes }) : t("output.sigmoid"));
    setText(c.arch, store.archText());
    setText(c.netNote, state.spec.layers.length === 2
      ? t("net.logistic")
      : state.spec.hidden === "linear" ? t("net.linearNote") : "");
    const nTrain = store.samples().train.labels.length;
    const s = state.settings;
    setText(c.trainHint, s.reduction === "sum" && s.batch !== "one" && nTrain > 40
      ? t("train.sumHint", { n: s.batch === "mini" ? Math.min(s.batchSize, nTrain) : nTrain })
      : "");
    setProp(c.undo, "disabled", state.history.past.length === 0);
    setProp(c.redo, "disabled", state.history.future.length === 0);
    showSelected();
    if (state.show) {
      const { layer, neuron } = state.show.ref;
      const layerName = layer === state.spec.layers.length - 1 ? t("net.outputLayer") : t("net.hiddenLayer", { l: layer });
      setProp(c.viewNote, "hidden", false);
      setText(c.viewNote, t("plane.showingNeuron", { neuron: neuron + 1, layer: layerName }));
    } else {
      setProp(c.viewNote, "hidden", true);
    }
    showSettings(c, state.settings, t, store.limits);
    showConfusion(extra.confusion, store.confusionMatrix(), t);
    extra.snapshots.show(t);
    showAccessText();
  }

  return {
    show,
    /** Spoken progress while training (a few times a minute). @param {number} now */
    progress(now) {
      extra.announcer.progress(now, progressText);
    },
  };
}
