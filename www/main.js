// main.js: owns the app state and the frame loop; passes data to the other
// modules as arguments. The network itself lives in wasm behind one handle.

import { pickLang, translate, applyStrings } from "./model/i18n.js";
import * as pts from "./model/points.js";
import { geometry, LO, HI } from "./views/plane.js";
import { createPlaneView } from "./views/plane-view.js";
import { usePalette } from "./views/palette.js";
import { buildDiagram, paintNeurons, paintInputs, markPinned, THUMB_N } from "./views/neurons.js";
import { loadingCore } from "./app/core.js";
import { loadUPlot } from "./app/libraries.js";
import { afterFirstBoundary, firstBoundaryDrawn } from "./app/firstboundary.js";
import { setText, setAttr, setProp } from "./views/dom.js";
import { emptySeries, record, logEpochs, createCharts, updateCharts, resizeCharts } from "./views/charts.js";
import { newPacer, plan, observe, trainingBudget, SPEEDS } from "./model/trainer.js";
import { isDiverging } from "./model/divergence.js"; // lessons
import { createAutosaver, loadSaved, STORAGE_KEY } from "./app/autosave.js"; // save and share
import { decodeLink } from "./model/sharelink.js"; // save and share
import { stateToJson } from "./model/statefile.js"; // save and share
import { createAnnouncer } from "./app/announcer.js"; // access
import { createTraining, sameParams } from "./app/training.js";
import { createSession } from "./app/session.js";
import { specFor, makePoints, predictedClass } from "./model/spec.js";
import { fmtLoss, fmtNum, fmtPct } from "./model/format.js";
import {
  defaultSettings, findControls, showSettings, wireControls, checkedFeatures, fillCatalog, LECTURE_NETWORK, LECTURE_TRAINING,
} from "./views/controls.js";

/** Plane units: how far a click may be from a point to remove or select it. */
const PICK_RADIUS = 0.35;
/** A touch held this long (ms) without moving more than LONG_PRESS_SLOP CSS pixels removes a point. */
const LONG_PRESS_MS = 500;
const LONG_PRESS_SLOP = 10;
/** Milliseconds of training per request to the worker: about a frame, so the boundary moves every frame. */
const WORKER_BUDGET_MS = 14;
/** Plane units between points painted by one drag. */
const PAINT_SPACING = 0.08;

/** @typedef {import("./types").WasmModule} WasmModule */
/** @typedef {import("./types").NetworkHandle} NetworkHandle */
/** @typedef {{ key: string, values?: Record<string, string | number> }} Message */

/**
 * The whole app state; only this module changes it.
 * @typedef {{
 *   lang: import("./model/i18n.js").Lang,
 *   settings: import("./views/controls.js").Settings,
 *   history: pts.History,
 *   drag: null | { mode: "add" | "remove", label: number, points: pts.Point[], last: [number, number], changed: boolean },
 *   keyRandom: () => number,
 *   spec: Required<import("./types").Spec>,
 *   classes: number,
 *   samples: null | ReturnType<typeof pts.toSamples>,
 *   epoch: number,
 *   trainLoss: number | null,
 *   testLoss: number | null,
 *   trainAcc: number | null,
 *   testAcc: number | null,
 *   outputs: Float64Array,
 *   running: boolean,
 *   finished: boolean,
 *   status: Message,
 *   alert: Message | null,
 *   selected: number | null,
 *   show: null | { ref: import("./views/neurons.js").NeuronRef, pinned: boolean },
 *   series: import("./views/charts.js").Series,
 *   pacer: import("./model/trainer.js").Pacer,
 *   dirty: { plane: boolean, neurons: boolean, charts: boolean, readouts: boolean },
 *   lastFrame: number,
 *   lastChart: number,
 *   lastNeurons: number,
 * }} State
 */

/** @param {unknown} e */
function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}

async function boot() {
  const c = findControls(document);
  const lang = pickLang(location.search, navigator.languages ?? [navigator.language]);
  applyLanguage(c, lang);
  // Every label has its words now: the page is laid out for the first time (style.css).
  document.documentElement.classList.add("ready");
  /** @type {WasmModule} */
  let core;
  try {
    core = await loadingCore;
  } catch (e) {
    c.alert.hidden = false;
    c.alert.textContent = translate(lang, "error.load", { message: messageOf(e) });
    throw e;
  }
  const limits = core.limits();
  fillCatalog(c, limits, (key) => translate(lang, key));
  const settings = defaultSettings();
  const initial = makePoints(core, settings, []);
  const classes = pts.classesNeeded(initial);
  const spec = specFor(settings, classes);
  const session = createSession(core, spec);
  // ?training=main keeps training on the main thread (as in a browser without module workers): for comparison.
  const training = createTraining(core, { worker: new URLSearchParams(location.search).get("training") !== "main" });
  document.documentElement.dataset.training = training.backend; // where training runs, for tests and curious readers

  /** @type {State} */
  const state = {
    lang,
    settings,
    history: pts.startHistory(initial),
    drag: null,
    keyRandom: pts.seededRandom(20240601),
    spec: session.net.spec(),
    classes,
    samples: null,
    epoch: 0,
    trainLoss: null,
    testLoss: null,
    trainAcc: null,
    testAcc: null,
    outputs: new Float64Array(0),
    running: false,
    finished: false,
    status: { key: "status.ready" },
    alert: null,
    selected: null,
    show: null,
    series: emptySeries(),
    pacer: newPacer(),
    dirty: { plane: true, neurons: true, charts: true, readouts: true },
    lastFrame: performance.now(),
    lastChart: 0,
    lastNeurons: 0,
  };

  /** save and share: asks the autosaver for a save; set once the autosaver exists. */
  let saveSoon = () => {};
  /** @type {import("./views/charts.js").Charts | null} */
  let charts = null;
  /** @type {import("./views/charts.js").UPlotCtor | null} */
  let uPlot = null;
  /** @type {import("./views/neurons.js").Diagram | null} */
  let diagram = null;

  const t = (/** @type {string} */ key, /** @type {Record<string, string | number>} */ values = {}) =>
    translate(state.lang, key, values);

  // backprop panels: diagram, step-through, equations, gradient health and check (backprop-panels.js),
  // mounted once the first boundary is on screen.
  let backpropChanged = true;
  /** While training: the gradients summed over the training points, measured by the worker for the weights shown. */
  /** @type {import("./backprop-types").BatchGradients | null} */
  let workerBatch = null;
  /** When the worker was last asked for them (ms): about as often as the panels refresh. */
  let lastBatchAsked = -Infinity;
  /** @type {ReturnType<typeof import("./panels/backprop/backprop-panels.js").createBackpropPanels> | null} */
  let backprop = null;
  /** @type {import("./panels/backprop/backprop-panels.js").PanelHandlers} */
  const backpropHost = {
    onSelect: (i) => {
      state.selected = i;
      invalidate();
    },
    onPause: () => {
      if (state.running) {
        pause();
        setStatus("status.paused", { epoch: state.epoch });
      }
    },
    editParams: (params) => {
      session.setParams(params);
      state.finished = false;
      measure();
      recordSeries();
      invalidate();
    },
    iterate: () => {
      const { train } = samples();
      const lossDuring = session.net.loss(train.xs, train.labels); // the loss of this iteration, before its update
      session.iterate(train.xs, train.labels, state.settings.learningRate);
      state.epoch += 1; // one full-batch iteration is one epoch
      logEpochs(state.series, state.epoch, [lossDuring]);
      state.finished = false;
      measure();
      recordSeries();
      invalidate();
    },
  };
  function backpropData() {
    const tf = state.settings.testFraction;
    const { train } = samples();
    return {
      net: session.net,
      spec: state.spec,
      trainXs: train.xs,
      trainLabels: train.labels,
      points: plainPoints(currentPoints(), tf),
      selected: state.selected,
      alpha: state.settings.learningRate,
      running: state.running,
      epoch: state.epoch,
      batch: state.running ? workerBatch : null,
    };
  }

  // ---- derived data ---------------------------------------------------------

  function currentPoints() {
    return state.drag ? state.drag.points : state.history.points;
  }

  function samples() {
    if (!state.samples) state.samples = pts.toSamples(currentPoints(), state.settings.testFraction);
    return state.samples;
  }

  /**
   * The network's output for every point, and loss and accuracy on both sets.
   * One predict() call serves the accuracies and the plane's wrong-side marks.
   * @param {number} [trainLoss]  the training loss, when train() has just returned it
   */
  function measure(trainLoss) {
    const { train, test, all } = samples();
    const net = session.net;
    const outputs = all.labels.length > 0 ? net.predict(all.xs) : new Float64Array(0);
    const nTrain = train.labels.length;
    const nTest = test.labels.length;
    measured(outputs, nTrain > 0 ? trainLoss ?? net.loss(train.xs, train.labels) : null,
      nTest > 0 ? net.loss(test.xs, test.labels) : null);
  }

  /**
   * Takes the outputs for every point and the two losses (measured here or by the worker),
   * and counts the accuracies from the outputs.
   * @param {Float64Array} outputs @param {number | null} trainLoss @param {number | null} testLoss
   */
  function measured(outputs, trainLoss, testLoss) {
    const { train, test } = samples();
    const C = state.spec.output === "sigmoid" ? 1 : state.classes;
    state.outputs = outputs;
    const tf = state.settings.testFraction;
    let trainRight = 0;
    let testRight = 0;
    currentPoints().forEach((p, i) => {
      const right = predictedClass(outputs, i, C) === p.label ? 1 : 0;
      if (pts.isTest(p, tf)) testRight += right;
      else trainRight += right;
    });
    const nTrain = train.labels.length;
    const nTest = test.labels.length;
    state.trainLoss = nTrain > 0 ? trainLoss : null;
    state.trainAcc = nTrain > 0 ? trainRight / nTrain : null;
    state.testLoss = nTest > 0 ? testLoss : null;
    state.testAcc = nTest > 0 ? testRight / nTest : null;
  }

  function recordSeries() {
    if (state.trainLoss === null || state.trainAcc === null) return;
    record(state.series, state.epoch, state.trainLoss, state.testLoss, state.trainAcc, state.testAcc);
    state.dirty.charts = true;
  }

  function invalidate() {
    state.dirty.plane = state.dirty.neurons = state.dirty.readouts = true;
    backpropChanged = true; // backprop panels
    saveSoon(); // save and share
  }

  // ---- messages -------------------------------------------------------------

  /** @param {string} key @param {Record<string, string | number>} [values] */
  function setStatus(key, values) {
    state.status = { key, values };
    state.dirty.readouts = true;
  }

  /** @param {string} key @param {Record<string, string | number>} [values] */
  function setAlert(key, values) {
    state.alert = { key, values };
    state.dirty.readouts = true;
  }

  function clearAlert() {
    if (state.alert) {
      state.alert = null;
      state.dirty.readouts = true;
    }
  }

  // ---- the network ----------------------------------------------------------

  /**
   * Replaces the network with a fresh one for the current settings and points.
   * @param {Message | null} message  what to tell the student
   */
  function rebuildNetwork(message) {
    const spec = specFor(state.settings, state.classes);
    state.spec = session.rebuild(spec); // throws on a bad spec; the old network stays
    state.epoch = 0;
    state.finished = false;
    state.pacer = newPacer();
    state.series = emptySeries();
    measure();
    recordSeries();
    diagram = buildDiagram(c.diagram, state.spec, t, limits, diagramHandlers);
    paintInputs(diagram, state.spec.inputs);
    if (state.show && state.show.ref.layer >= state.spec.layers.length) state.show = null;
    markPinned(c.diagram, state.show && state.show.pinned ? state.show.ref : null);
    if (message) setStatus(message.key, message.values);
    invalidate();
  }

  function architectureChanged() {
    rebuildNetwork(null);
    setStatus("status.reinit", { arch: archText() });
  }

  function archText() {
    const s = state.spec;
    const act = s.layers.length > 2 ? `${t(`act.${s.hidden}`)} → ` : "";
    return `${s.layers.join("-")}, ${act}${s.output}`;
  }

  // ---- points ---------------------------------------------------------------

  /**
   * Makes `points` the present (undoably) and updates what depends on them.
   * @param {readonly pts.Point[]} points
   */
  function commitPoints(points) {
    const before = state.history.points;
    state.history = pts.commit(state.history, points);
    pointsChanged(before);
  }

  /** @param {readonly pts.Point[]} before */
  function pointsChanged(before) {
    const now = currentPoints();
    if (state.selected !== null) {
      const i = now.indexOf(before[state.selected]);
      state.selected = i >= 0 ? i : null;
    }
    state.samples = null;
    state.finished = false;
    const classes = pts.classesNeeded(now);
    if (classes !== state.classes) {
      state.classes = classes;
      architectureChanged();
    } else {
      measure();
      recordSeries();
    }
    invalidate();
  }

  /** @param {number} x1 @param {number} x2 @param {number} label */
  function newPoint(x1, x2, label) {
    return { x1, x2, label, key: state.keyRandom(), own: true };
  }

  function regenerate() {
    const kept = currentPoints().filter((p) => p.own && (state.settings.keepOwn || state.settings.dataset === "own"));
    commitPoints(makePoints(core, state.settings, kept));
  }

  // ---- training -------------------------------------------------------------

  function trainOptions() {
    const s = state.settings;
    const batchSize = s.batch === "full" ? 0 : s.batch === "one" ? 1 : s.batchSize;
    return { learningRate: s.learningRate, batchSize, reduction: s.reduction };
  }

  /** save and share: the weights to go back to if training diverges, taken a few times a second
   * (copying every weight each frame would cost the frame budget). */
  function keepLastGood() {
    const now = performance.now();
    if (state.trainLoss !== null && !isDiverging(state.series.trainLoss[0], state.trainLoss) && (!lastGood || now - lastGood.at > 250)) {
      lastGood = { params: session.net.params(), epoch: state.epoch, at: now };
    }
  }

  /** @param {boolean} useStop */
  function trainOptionsFor(useStop) {
    const s = state.settings;
    return { ...trainOptions(), ...(useStop && s.stopLoss > 0 ? { stopLoss: s.stopLoss } : {}) };
  }

  /**
   * Trains `k` epochs here, on the page's network (One epoch); returns false (and pauses) when it fails.
   * @param {number} k
   * @param {boolean} useStop
   */
  function trainEpochs(k, useStop) {
    const { train } = samples();
    if (train.labels.length === 0) {
      pause();
      setStatus("status.noPoints");
      return false;
    }
    keepLastGood();
    /** @type {{ epochs: number, loss: number, stopped: boolean }} */
    let result;
    try {
      result = session.train(train.xs, train.labels, { ...trainOptionsFor(useStop), epochs: k });
    } catch (e) {
      pause(); // the core restored the weights from before the call
      setAlert("error.diverged", { epoch: state.epoch, message: messageOf(e) });
      measure();
      invalidate();
      return false;
    }
    return trained(result, useStop);
  }

  /**
   * What follows epochs trained (here or in the worker): the readouts, the chart, the stop rules.
   * Returns whether training goes on.
   * @param {{ epochs: number, loss: number, stopped: boolean }} result
   * @param {boolean} useStop
   */
  function trained(result, useStop) {
    const s = state.settings;
    const measuredThere = /** @type {{ outputs?: Float64Array | null, testLoss?: number | null }} */ (result);
    // Each epoch's loss, measured during it (a core without `losses`: the chunk's last loss).
    const losses = /** @type {{ losses?: ArrayLike<number> | null }} */ (result).losses;
    if (losses && losses.length === result.epochs) logEpochs(state.series, state.epoch + 1, losses);
    else if (result.epochs > 0) logEpochs(state.series, state.epoch + result.epochs, [result.loss]);
    state.epoch += result.epochs;
    if (measuredThere.outputs) measured(measuredThere.outputs, result.loss, measuredThere.testLoss ?? null);
    else measure(result.loss);
    recordSeries();
    invalidate();
    // lessons: a finite loss far above the run's start is divergence too (divergence.js).
    if (isDiverging(state.series.trainLoss[0], state.trainLoss)) {
      pause();
      setAlert("error.diverging", {
        epoch: state.epoch, start: fmtLoss(state.series.trainLoss[0]), loss: fmtLoss(state.trainLoss),
      });
      return false;
    }
    if (useStop && s.stopLoss > 0 && result.stopped) {
      finish("status.stoppedLoss", { epoch: state.epoch, loss: fmtLoss(state.trainLoss), stop: s.stopLoss });
      return false;
    }
    if (state.epoch >= s.maxEpochs) {
      finish("status.stoppedMax", { epoch: state.epoch, max: s.maxEpochs });
      return false;
    }
    return true;
  }

  // ---- training in the worker -------------------------------------------------
  // While Train runs, the worker (training.js) trains and the page's network mirrors its weights.
  // One request is on its way at a time; a reply for a page that changed meanwhile is dropped,
  // and the next request brings the worker up to date (network, data, weights).

  /** What the worker holds: the page's network handle, samples and weights it was last given or returned. */
  /** @type {{ net: NetworkHandle | null, samples: object | null, params: import("./types").LayerParams[] | null }} */
  let synced = { net: null, samples: null, params: null };
  /** The request on its way: what the page looked like when it was sent. */
  /** @type {{ net: NetworkHandle, samples: object, params: import("./types").LayerParams[] } | null} */
  let inflight = null;

  /** @param {number} k */
  function requestEpochs(k) {
    const all = samples();
    const { train, test } = all;
    if (train.labels.length === 0) {
      pause();
      setStatus("status.noPoints");
      return;
    }
    keepLastGood();
    const params = session.net.params();
    const sent = { net: session.net, samples: all, params };
    const upToDate = synced.net === session.net && synced.samples === all && sameParams(synced.params, params);
    inflight = sent;
    const now = performance.now();
    const batch = training.backend === "worker" && now - lastBatchAsked >= 200;
    if (batch) lastBatchAsked = now;
    training.request({
      epochs: k,
      batch,
      opts: trainOptionsFor(true),
      ...(upToDate ? {} : { setup: { spec: state.spec, params, xs: train.xs, labels: train.labels, test, all: all.all.xs } }),
    }).then((reply) => guarded(() => replied(sent, reply)));
  }

  /**
   * @param {{ net: NetworkHandle, samples: object, params: import("./types").LayerParams[] }} sent
   * @param {import("./app/training-host.js").TrainReply} reply
   */
  function replied(sent, reply) {
    inflight = null;
    synced = { net: sent.net, samples: sent.samples, params: reply.params };
    const current = session.net === sent.net && state.samples === sent.samples && sameParams(session.net.params(), sent.params);
    if (!state.running || !current) return; // paused, or the points, network or weights changed meanwhile
    if ("error" in reply) {
      pause(); // the worker restored the weights from before the request: the page's
      setAlert("error.diverged", { epoch: state.epoch, message: reply.error });
      measure();
      invalidate();
      return;
    }
    observe(state.pacer, reply.epochs, reply.ms);
    session.setParams(reply.params);
    workerBatch = reply.batch ?? null; // null when not asked: the panels then compute it, for these weights
    // At full speed the worker gets its next request at once, before the page's own bookkeeping,
    // so it never waits for a frame; if that bookkeeping then stops the run, the reply is dropped.
    const remaining = state.settings.maxEpochs - state.epoch - reply.epochs;
    // (On the main thread the next frame asks: chaining there would never let the page draw.)
    if (training.backend === "worker" && !reply.stopped && remaining > 0 && SPEEDS[state.settings.speed] === Infinity) {
      const k = plan(state.pacer, Infinity, 0, remaining, WORKER_BUDGET_MS);
      if (k > 0) requestEpochs(k);
    }
    trained(reply, true);
  }

  /** @param {string} key @param {Record<string, string | number>} values */
  function finish(key, values) {
    state.running = false;
    state.finished = true;
    setStatus(key, values);
  }

  function pause() {
    state.running = false;
    state.dirty.readouts = true;
  }

  function start() {
    clearAlert();
    if (state.finished || state.epoch >= state.settings.maxEpochs) {
      rebuildNetwork(null);
      setStatus("status.restart", { seed: state.settings.netSeed });
    } else {
      setStatus("status.running");
    }
    state.running = true;
    state.lastFrame = performance.now();
    state.pacer.due = 0;
  }

  /** access: with reduced motion, while training, the plane redraws every CALM_PLANE_MS, panels every CALM_MS. */
  const CALM_PLANE_MS = 250;
  const CALM_MS = 600;
  /** Milliseconds a frame spends on everything but training (a running average). */
  let otherMs = 0;

  /** @param {number} now */
  function trainFrame(now) {
    if (inflight) return; // the worker is training; its reply moves the page on
    const dt = now - state.lastFrame;
    state.lastFrame = now;
    const remaining = state.settings.maxEpochs - state.epoch;
    if (remaining <= 0) {
      finish("status.stoppedMax", { epoch: state.epoch, max: state.settings.maxEpochs });
      return;
    }
    const budget = training.backend === "worker" ? WORKER_BUDGET_MS : trainingBudget(otherMs);
    const k = plan(state.pacer, SPEEDS[state.settings.speed], dt, remaining, budget);
    if (k > 0) requestEpochs(k);
  }

  // ---- drawing --------------------------------------------------------------

  const planeView = createPlaneView(c.plane);
  /** Frames drawn since the page loaded: the first one draws only a coarse boundary. */
  let framesDrawn = 0;
  /** The keyboard's cross on the plane (arrow keys move it), or null when the plane is not focused. */
  /** @type {[number, number] | null} */
  let keyCursor = null;

  function drawPlaneNow() {
    const points = currentPoints();
    const C = state.spec.output === "sigmoid" ? 1 : state.classes;
    if (state.outputs.length !== points.length * C) measure();
    const again = planeView.draw({
      net: session.net,
      spec: state.spec,
      classes: state.classes,
      show: state.show ? state.show.ref : null,
      discretise: state.settings.discretise,
      running: state.running,
      coarse: framesDrawn === 0,
      points: plainPoints(points, state.settings.testFraction),
      outputs: state.outputs,
      selected: state.selected,
      cursor: keyCursor,
      key: `${state.settings.testFraction},${state.settings.palette}`,
    });
    if (again) state.dirty.plane = true;
    if (planeView.size > 0) firstBoundaryDrawn();
  }

  /** The points as the plane draws them, made again only when the points or the split change. */
  let plainCache = { points: /** @type {readonly pts.Point[] | null} */ (null), tf: NaN,
    plain: /** @type {{ x1: number, x2: number, label: number, test: boolean }[]} */ ([]) };
  /** @param {readonly pts.Point[]} points @param {number} tf */
  function plainPoints(points, tf) {
    if (plainCache.points !== points || plainCache.tf !== tf) {
      plainCache = { points, tf, plain: points.map((p) => ({ x1: p.x1, x2: p.x2, label: p.label, test: pts.isTest(p, tf) })) };
    }
    return plainCache.plain;
  }

  /** The counts line under the plane, made again only when the points, classes or split change. */
  let countsCache = { key: /** @type {unknown[]} */ ([]), text: "" };
  function countsText() {
    const points = currentPoints();
    const key = [points, state.classes, state.settings.testFraction, state.lang];
    if (key.some((k, i) => k !== countsCache.key[i])) {
      const counts = pts.countByClass(points, Math.max(state.classes, 2));
      const list = counts.map((n, k) => t("counts.item", { name: t(`class.short.${k}`), n })).join(", ");
      const test = plainPoints(points, state.settings.testFraction).filter((p) => p.test).length;
      countsCache = { key, text: t("counts.value", { list, total: points.length, test }) };
    }
    return countsCache.text;
  }

  function showReadouts() {
    setText(c.epoch, String(state.epoch));
    setText(c.trainLoss, state.trainLoss === null ? t("readout.none") : fmtLoss(state.trainLoss));
    setText(c.testLoss, state.testLoss === null ? t("readout.none") : fmtLoss(state.testLoss));
    setText(c.trainAcc, state.trainAcc === null ? t("readout.none") : fmtPct(state.trainAcc));
    setText(c.testAcc, state.testAcc === null ? t("readout.none") : fmtPct(state.testAcc));
    setText(c.train, t(state.running ? "train.pause" : "train.start"));
    setAttr(c.train, "aria-pressed", String(state.running));
    setText(c.status, state.running && state.status.key === "status.running"
      ? t("status.running")
      : !state.running && state.status.key === "status.running"
        ? t("status.paused", { epoch: state.epoch })
        : t(state.status.key, state.status.values));
    setProp(c.alert, "hidden", state.alert === null);
    setText(c.alert, state.alert ? t(state.alert.key, state.alert.values) : "");
    // save and share: after divergence, one click restores the last good weights.
    setProp(restoreGood, "hidden", !(lastGood && state.alert && state.alert.key.startsWith("error.diverg")));

    setText(c.counts, countsText());
    setText(c.outputNote, state.classes > 2 ? t("output.softmax", { c: state.classes }) : t("output.sigmoid"));
    setText(c.arch, archText());
    setText(c.netNote, state.spec.layers.length === 2
      ? t("net.logistic")
      : state.spec.hidden === "linear" ? t("net.linearNote") : "");
    const nTrain = samples().train.labels.length;
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
    showSettings(c, state.settings, t, limits);
    showAccessText(); // access
  }

  function showSelected() {
    const points = currentPoints();
    if (state.selected === null || !points[state.selected]) {
      setText(c.selectedInfo, state.settings.tool === "select" ? t("selected.none") : "");
      return;
    }
    const p = points[state.selected];
    const out = session.net.predict(new Float64Array([p.x1, p.x2]));
    const text = state.spec.output === "sigmoid"
      ? `P(${t("class.short.1")}) = ${fmtNum(out[0])}`
      : [...out].map((v, k) => `P(${t(`class.short.${k}`)}) = ${fmtNum(v)}`).join(", ");
    setText(c.selectedInfo, t("selected.info", {
      i: state.selected,
      x1: fmtNum(p.x1),
      x2: fmtNum(p.x2),
      label: p.label,
      name: t(`class.short.${p.label}`),
      test: pts.isTest(p, state.settings.testFraction) ? t("selected.test") : "",
      out: text,
    }));
  }

  function rebuildCharts() {
    if (!uPlot) return;
    charts?.loss.destroy();
    charts?.acc.destroy();
    charts = createCharts(uPlot, c.lossChart, c.accChart, {
      epoch: t("charts.epoch"), train: t("charts.train"), test: t("charts.test"),
      loss: t("charts.lossAxis"), accuracy: t("charts.accAxis"),
    }, state.settings.logScale, state.series);
  }

  // access: the palette, reduced motion, the plane's text alternative, spoken progress.
  const calmMotion = matchMedia("(prefers-reduced-motion: reduce)");
  let lastCalmPlane = -Infinity;
  let lastCalmBackprop = -Infinity;
  /** @type {string | null} */
  let shownPalette = null;
  function showPalette() {
    shownPalette = state.settings.palette;
    usePalette(state.settings.palette);
    document.documentElement.dataset.palette = state.settings.palette;
    invalidate();
  }
  const announcer = createAnnouncer(/** @type {HTMLElement} */ (document.getElementById("announce")));
  const barReadout = /** @type {HTMLElement} */ (document.getElementById("bar-readout"));
  function progressText() {
    return t("announce.progress", { epoch: state.epoch, loss: fmtLoss(state.trainLoss),
      acc: state.trainAcc === null ? t("readout.none") : fmtPct(state.trainAcc) });
  }
  function planeSummary() {
    const counts = pts.countByClass(currentPoints(), Math.max(state.classes, 2));
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
    setText(barReadout, `${t("readout.epoch")} ${state.epoch} · ${t("readout.trainLoss")} ${fmtLoss(state.trainLoss)}`);
    const status = c.status.textContent ?? "";
    if (state.running) {
      announcer.status(status);
    } else {
      announcer.status(status, t("announce.stopped", { status, loss: fmtLoss(state.trainLoss),
        acc: state.trainAcc === null ? t("readout.none") : fmtPct(state.trainAcc) }));
    }
  }

  /** @param {number} now */
  function frame(now) {
    const frameStart = performance.now();
    let trainMs = 0;
    // access: with reduced motion, what moves while training refreshes a few times a second, not every frame.
    const calm = state.running && calmMotion.matches;
    try {
      if (state.running) {
        trainFrame(now);
        trainMs = performance.now() - frameStart;
      }
      if (state.settings.palette !== shownPalette) showPalette(); // access
      if (state.dirty.plane && (!calm || now - lastCalmPlane >= CALM_PLANE_MS)) {
        state.dirty.plane = false;
        lastCalmPlane = now;
        drawPlaneNow();
      }
      // The thumbnails wait a frame at load, so the first boundary is on screen sooner.
      if (state.dirty.neurons && diagram && framesDrawn > 0
        && (now - state.lastNeurons > (calm ? CALM_MS : 50) || !state.running)) {
        state.dirty.neurons = false;
        state.lastNeurons = now;
        paintNeurons(diagram, session.net.neuronGrids(THUMB_N, LO, HI), state.spec);
      }
      if (state.dirty.readouts) {
        state.dirty.readouts = false;
        showReadouts();
      }
      if (!calm || now - lastCalmBackprop >= CALM_MS) {
        lastCalmBackprop = now;
        if (backprop) {
          backprop.frame(now, state.running, backpropChanged, backpropData); // backprop panels
          backpropChanged = false;
        }
      }
      if (state.running) announcer.progress(now, progressText); // access
      if (state.dirty.charts && charts && (now - state.lastChart > (calm ? CALM_MS : 100) || !state.running)) {
        state.dirty.charts = false;
        state.lastChart = now;
        updateCharts(charts, state.series);
      }
    } catch (e) {
      pause();
      setAlert("error.generic", { message: messageOf(e) });
    }
    framesDrawn += 1;
    // What drawing costs decides how much of the next frame training may take.
    if (state.running) otherMs = 0.8 * otherMs + 0.2 * (performance.now() - frameStart - trainMs);
    requestAnimationFrame(frame);
  }

  // ---- events ---------------------------------------------------------------

  /** @param {() => void} fn */
  function guarded(fn) {
    try {
      fn();
    } catch (e) {
      setAlert("error.generic", { message: messageOf(e) });
      console.warn(e);
    }
  }

  /** @type {import("./views/neurons.js").DiagramHandlers} */
  const diagramHandlers = {
    onNeurons: (i, delta) => guarded(() => {
      clearAlert();
      const hidden = [...state.settings.hidden];
      hidden[i] = Math.max(1, Math.min(limits.maxNeurons, hidden[i] + delta));
      state.settings = { ...state.settings, hidden };
      architectureChanged();
    }),
    onShow: (ref, pinned) => {
      if (pinned) {
        const same = state.show && state.show.pinned && ref && state.show.ref.layer === ref.layer &&
          state.show.ref.neuron === ref.neuron;
        state.show = same || !ref ? null : { ref, pinned: true };
      } else if (!(state.show && state.show.pinned)) {
        state.show = ref ? { ref, pinned: false } : null;
      }
      markPinned(c.diagram, state.show && state.show.pinned ? state.show.ref : null);
      invalidate();
    },
  };

  /** @param {Partial<import("./views/controls.js").Settings>} patch */
  function onChange(patch) {
    guarded(() => {
      clearAlert();
      const before = state.settings;
      state.settings = { ...before, ...patch };
      const s = state.settings;
      if ("dataset" in patch || "count" in patch || "noise" in patch) regenerate();
      if ("testFraction" in patch) {
        state.samples = null;
        state.finished = false;
        measure();
        recordSeries();
      }
      if ("activation" in patch && patch.activation !== before.activation) architectureChanged();
      if ("logScale" in patch) rebuildCharts();
      if ("learningRate" in patch || "batch" in patch || "batchSize" in patch || "reduction" in patch ||
        "stopLoss" in patch || "maxEpochs" in patch) state.finished = false;
      if ("tool" in patch && s.tool !== "select") state.selected = null;
      invalidate();
    });
  }

  /** @param {string} action */
  function onAction(action) {
    guarded(() => {
      if (action !== "train") clearAlert();
      const s = state.settings;
      switch (action) {
        case "undo":
        case "redo": {
          const before = state.history.points;
          const next = action === "undo" ? pts.undo(state.history) : pts.redo(state.history);
          if (!next) {
            setStatus(action === "undo" ? "status.nothingUndo" : "status.nothingRedo");
            break;
          }
          state.history = next;
          pointsChanged(before);
          break;
        }
        case "clear":
          if (currentPoints().length > 0) {
            commitPoints([]);
            setStatus("status.cleared");
          }
          break;
        case "train":
          if (state.running) {
            pause();
            setStatus("status.paused", { epoch: state.epoch });
          } else {
            start();
          }
          break;
        case "oneEpoch":
          if (state.running) pause();
          clearAlert();
          if (trainEpochs(1, false)) setStatus("status.paused", { epoch: state.epoch });
          break;
        case "reset":
          state.settings = { ...s, netSeed: s.netSeed + 1 };
          rebuildNetwork({ key: "status.reset", values: { seed: s.netSeed + 1 } });
          break;
        case "defaults":
          state.settings = {
            ...s, ...LECTURE_NETWORK, ...LECTURE_TRAINING,
            hidden: [...LECTURE_NETWORK.hidden], inputs: [...LECTURE_NETWORK.inputs], netSeed: 1,
          };
          rebuildNetwork({ key: "status.defaults" });
          break;
        case "lectureNet":
          state.settings = { ...s, ...LECTURE_NETWORK, hidden: [...LECTURE_NETWORK.hidden], inputs: [...LECTURE_NETWORK.inputs] };
          architectureChanged();
          break;
        case "newData":
          state.settings = { ...s, dataSeed: s.dataSeed + 1 };
          regenerate();
          break;
        case "addLayer":
          if (s.hidden.length < limits.maxHiddenLayers) {
            state.settings = { ...s, hidden: [...s.hidden, s.hidden.length > 0 ? s.hidden[s.hidden.length - 1] : 3] };
            architectureChanged();
          }
          break;
        case "removeLayer":
          if (s.hidden.length > 0) {
            state.settings = { ...s, hidden: s.hidden.slice(0, -1) };
            architectureChanged();
          }
          break;
        case "features": {
          const inputs = checkedFeatures(c);
          if (inputs.length === 0) {
            setStatus("status.lastFeature");
          } else {
            state.settings = { ...s, inputs };
            architectureChanged();
          }
          break;
        }
        default:
          if (action.startsWith("invalid:")) setStatus("status.invalid");
      }
      invalidate();
    });
  }

  wireControls(c, onChange, onAction);

  // access: keyboard shortcuts (space, s, r, 1–4) and the list of them (?), wired once the
  // first boundary is on screen (shortcuts.js).
  const shortcutList = /** @type {HTMLElement} */ (document.getElementById("keys-list"));
  /** @type {typeof import("./views/shortcuts.js") | null} */
  let shortcuts = null;
  /** @param {typeof import("./views/shortcuts.js")} module */
  function wireShortcutKeys(module) {
    shortcuts = module;
    module.fillShortcutList(shortcutList, t);
    module.wireShortcuts(document, /** @type {HTMLDialogElement} */ (document.getElementById("shortcuts")),
      /** @type {HTMLButtonElement} */ (document.getElementById("show-shortcuts")), (action) => {
        if (action.startsWith("class:")) {
          const k = Number(action.slice(6));
          onChange({ drawClass: k });
          setStatus("status.classChosen", { name: t(`class.${k}`) });
        } else {
          onAction(action);
        }
      });
  }

  c.lang.addEventListener("change", () => {
    state.lang = c.lang.value === "vi" ? "vi" : "en";
    applyLanguage(c, state.lang);
    const url = new URL(location.href);
    url.searchParams.set("lang", state.lang);
    history.replaceState(null, "", url);
    diagram = buildDiagram(c.diagram, state.spec, t, limits, diagramHandlers);
    paintInputs(diagram, state.spec.inputs);
    rebuildCharts();
    backprop?.relabel(t); // backprop panels
    files?.relabel(); // save and share
    shortcuts?.fillShortcutList(shortcutList, t); // access
    invalidate();
  });

  // Points: click adds, shift-click adds green, right/ctrl-click removes, drag paints.
  /** @param {PointerEvent | MouseEvent} e */
  function planeAt(e) {
    const rect = c.plane.getBoundingClientRect();
    return geometry(planeView.size).toPlane(e.clientX - rect.left, e.clientY - rect.top);
  }

  c.plane.addEventListener("contextmenu", (e) => e.preventDefault());
  c.plane.addEventListener("pointerdown", (e) => guarded(() => {
    if (e.button !== 0 && e.button !== 2) return;
    const at = planeAt(e);
    if (!at) return;
    e.preventDefault();
    clearAlert();
    const s = state.settings;
    const removing = e.button === 2 || e.ctrlKey || s.tool === "remove";
    const points = currentPoints();
    if (s.tool === "select" && !removing) {
      const i = pts.nearest(points, at[0], at[1], PICK_RADIUS);
      state.selected = i >= 0 ? i : null;
      invalidate();
      return;
    }
    c.plane.setPointerCapture(e.pointerId);
    state.drag = {
      mode: removing ? "remove" : "add",
      label: e.shiftKey && !removing ? 1 : s.drawClass,
      points: [...points],
      last: at,
      changed: false,
    };
    applyDrag(at, PICK_RADIUS);
    // access: on a touch screen a long press (without moving) removes the nearest point instead.
    if (e.pointerType === "touch" && !removing) {
      const press = { x: e.clientX, y: e.clientY, at, timer: 0 };
      press.timer = window.setTimeout(() => guarded(() => longPressed(press.at)), LONG_PRESS_MS);
      longPress = press;
    }
  }));

  /** access: the touch press that may become a long press. @type {{ x: number, y: number, at: [number, number], timer: number } | null} */
  let longPress = null;
  function cancelLongPress() {
    if (longPress) clearTimeout(longPress.timer);
    longPress = null;
  }
  /** Drops the point the press added and removes the nearest of the others. @param {[number, number]} at */
  function longPressed(at) {
    longPress = null;
    state.drag = null;
    state.samples = null;
    const points = state.history.points;
    const i = pts.nearest(points, at[0], at[1], PICK_RADIUS);
    if (i >= 0) {
      commitPoints(points.filter((_, j) => j !== i));
      setStatus("status.longPress");
    } else {
      measure();
      setStatus("status.longPressNone");
      invalidate();
    }
    navigator.vibrate?.(30);
  }

  /** @param {[number, number]} at @param {number} radius */
  function applyDrag(at, radius) {
    const d = state.drag;
    if (!d) return;
    if (d.mode === "add") {
      if (d.points.length >= limits.maxPoints) {
        setStatus("status.tooManyPoints", { max: limits.maxPoints });
        return;
      }
      d.points.push(newPoint(at[0], at[1], d.label));
    } else {
      const i = pts.nearest(d.points, at[0], at[1], radius);
      if (i < 0) return;
      d.points.splice(i, 1);
    }
    d.last = at;
    d.changed = true;
    state.samples = null;
    const before = state.history.points;
    if (pts.classesNeeded(d.points) !== state.classes) {
      // A new class changes the output layer: commit now so the network matches the data.
      endDrag();
      return;
    }
    measure();
    invalidate();
    void before;
  }

  c.plane.addEventListener("pointermove", (e) => guarded(() => {
    if (longPress && Math.hypot(e.clientX - longPress.x, e.clientY - longPress.y) > LONG_PRESS_SLOP) cancelLongPress();
    const d = state.drag;
    if (!d) return;
    const at = planeAt(e);
    if (!at) return;
    const dist = Math.hypot(at[0] - d.last[0], at[1] - d.last[1]);
    if (d.mode === "add" && dist >= PAINT_SPACING) applyDrag(at, 0);
    if (d.mode === "remove" && dist >= 0.02) applyDrag(at, 0.12);
  }));

  function endDrag() {
    const d = state.drag;
    if (!d) return;
    state.drag = null;
    if (d.changed) commitPoints(d.points);
    else invalidate();
  }
  c.plane.addEventListener("pointerup", () => guarded(() => {
    cancelLongPress();
    endDrag();
  }));
  c.plane.addEventListener("pointercancel", () => guarded(() => {
    cancelLongPress();
    endDrag();
  }));

  // The keyboard: arrows move a cross (shift: bigger steps), Enter or Space acts with the tool
  // (shift adds green), Delete or Backspace removes the nearest point.
  c.plane.addEventListener("focus", () => {
    if (!c.plane.matches(":focus-visible")) return; // focused by a click, not the keyboard
    keyCursor = keyCursor ?? [0, 0];
    state.dirty.plane = true;
  });
  c.plane.addEventListener("blur", () => {
    keyCursor = null;
    state.dirty.plane = true;
  });
  c.plane.addEventListener("pointerdown", () => {
    keyCursor = null; // a pointer user does not need the cross
  });
  c.plane.addEventListener("keydown", (e) => guarded(() => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const at = keyCursor ?? [0, 0];
    const step = e.shiftKey ? 0.25 : 0.05;
    /** @type {Record<string, [number, number]>} */
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const clamp = (/** @type {number} */ v) => Math.max(LO, Math.min(HI, Math.round(v * 100) / 100));
    if (e.key in moves) {
      keyCursor = [clamp(at[0] + moves[e.key][0]), clamp(at[1] + moves[e.key][1])];
      state.dirty.plane = true;
    } else if (e.key === "Enter" || e.key === " ") {
      clearAlert();
      const s = state.settings;
      const points = currentPoints();
      if (s.tool === "select") {
        const i = pts.nearest(points, at[0], at[1], PICK_RADIUS);
        state.selected = i >= 0 ? i : null;
      } else if (s.tool === "remove") {
        const i = pts.nearest(points, at[0], at[1], PICK_RADIUS);
        if (i >= 0) commitPoints(points.filter((_, j) => j !== i));
      } else if (points.length < limits.maxPoints) {
        commitPoints([...points, newPoint(at[0], at[1], e.shiftKey ? 1 : s.drawClass)]);
      }
      invalidate();
    } else if (e.key === "Delete" || e.key === "Backspace") {
      const points = currentPoints();
      const i = pts.nearest(points, at[0], at[1], PICK_RADIUS);
      if (i >= 0) commitPoints(points.filter((_, j) => j !== i));
    } else {
      return;
    }
    e.preventDefault();
  }));

  document.addEventListener("keydown", (e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    if (target instanceof HTMLInputElement && (target.type === "number" || target.type === "text")) return;
    if (!(e.ctrlKey || e.metaKey)) return;
    const key = e.key.toLowerCase();
    if (key === "z") {
      e.preventDefault();
      onAction(e.shiftKey ? "redo" : "undo");
    } else if (key === "y") {
      e.preventDefault();
      onAction("redo");
    }
  });

  new ResizeObserver(() => {
    state.dirty.plane = true;
    if (charts) resizeCharts(charts, c.lossChart.clientWidth);
    backprop?.resize(); // backprop panels
  }).observe(document.body);

  // ---- start ----------------------------------------------------------------

  rebuildNetwork(null);
  setStatus("status.ready");
  // The charts load once the first boundary is drawn, so it does not wait for them.
  loadUPlot().then((u) => {
    uPlot = u;
    rebuildCharts();
    state.dirty.charts = true;
  }).catch((e) => setAlert("error.generic", { message: messageOf(e) }));

  // lessons: the lessons panel (lessonpanel.js) sets a lesson up and gives the student's work back;
  // mounted once the first boundary is on screen.
  /** @type {ReturnType<typeof import("./panels/lessons/lessonpanel.js").mountLessons> | null} */
  let lessons = null;
  /** @type {import("./panels/lessons/lessonpanel.js").LessonHost} */
  const lessonHost = {
    networks: session,
    t,
    lang: () => state.lang,
    view: () => ({
      net: session.net, spec: state.spec, points: currentPoints(), settings: state.settings, epoch: state.epoch,
      classes: state.classes,
    }),
    defaults: defaultSettings,
    keep: () => ({
      history: state.history, settings: state.settings, params: session.net.params(), epoch: state.epoch,
      series: state.series, selected: state.selected, finished: state.finished, status: state.status,
    }),
    restore: (work) => guarded(() => {
      const w = /** @type {{ history: pts.History, settings: import("./views/controls.js").Settings,
        params: import("./types").LayerParams[], epoch: number, series: import("./views/charts.js").Series,
        selected: number | null, finished: boolean, status: Message }} */ (work);
      pause();
      clearAlert();
      state.drag = null;
      state.show = null;
      state.history = w.history;
      state.settings = w.settings;
      state.classes = pts.classesNeeded(w.history.points);
      state.samples = null;
      rebuildNetwork(null);
      session.setParams(w.params);
      state.epoch = w.epoch;
      state.series = w.series;
      state.finished = w.finished;
      state.selected = w.selected;
      measure();
      setStatus(w.status.key, w.status.values);
      rebuildCharts();
      invalidate();
    }),
    setUp: (settings, points) => guarded(() => {
      const made = points ? points.map((p) => newPoint(p.x1, p.x2, p.label)) : makePoints(core, settings, []);
      replaceWork(settings, pts.startHistory(made));
      rebuildCharts();
    }),
  };

  // save and share: files, links, autosave and the restore after divergence (filespanel.js).
  /** @type {{ params: import("./types").LayerParams[], epoch: number, at: number } | null} */
  let lastGood = null;
  const restoreGood = /** @type {HTMLButtonElement} */ (document.getElementById("restore-good"));
  restoreGood.addEventListener("click", () => guarded(() => {
    if (!lastGood) return;
    session.setParams(lastGood.params);
    state.epoch = lastGood.epoch;
    state.finished = false;
    clearAlert();
    measure();
    recordSeries();
    setStatus("train.restored", { epoch: lastGood.epoch });
    invalidate();
  }));

  /**
   * Pauses and starts afresh on other settings and points: a new network, nothing selected.
   * @param {import("./views/controls.js").Settings} settings
   * @param {pts.History} history
   */
  function replaceWork(settings, history) {
    pause();
    clearAlert();
    state.drag = null;
    state.show = null;
    state.selected = null;
    state.settings = settings;
    state.history = history;
    state.classes = pts.classesNeeded(history.points);
    state.samples = null;
    rebuildNetwork({ key: "status.ready" });
  }

  /** The state as a state file holds it. */
  function currentDocument() {
    return {
      points: currentPoints().map((p) => ({ x1: p.x1, x2: p.x2, label: p.label, key: p.key, own: p.own })),
      settings: state.settings,
      params: session.net.params(),
      lesson: lessons?.current() ?? null,
      epoch: state.epoch,
    };
  }

  /**
   * Replaces the work with a checked document, all or nothing: the network is built
   * and the weights set before anything of the current state changes.
   * @param {import("./model/statefile.js").StateDocument} doc
   */
  function applyDocument(doc) {
    const settings = /** @type {import("./views/controls.js").Settings} */ ({ ...defaultSettings(), ...doc.settings });
    const points = doc.points.map((p) => ({ ...newPoint(p.x1, p.x2, p.label), ...(p.key === undefined ? {} : { key: p.key }),
      ...(p.own === undefined ? {} : { own: p.own }) }));
    try {
      session.check(specFor(settings, pts.classesNeeded(points)), doc.params ?? null);
    } catch (e) {
      throw new Error(`${t("files.msg.weightsMismatch")} (${messageOf(e)})`);
    }
    lastGood = null;
    replaceWork(settings, pts.commit(state.history, points));
    if (doc.params) {
      session.setParams(doc.params);
      state.epoch = doc.epoch ?? 0;
      measure();
      state.series = emptySeries();
      recordSeries();
    }
    showSettings(c, state.settings, t, limits);
    rebuildCharts();
    invalidate();
  }

  // save and share: the files panel (filespanel.js) mounts once the first boundary is on screen;
  // what it has to say before then waits for it.
  /** @type {ReturnType<typeof import("./panels/files/filespanel.js").mountFiles> | null} */
  let files = null;
  /** @type {[string, Record<string, string | number> | undefined][]} */
  const filesToSay = [];
  /** @param {string} key @param {Record<string, string | number>} [values] */
  function filesSay(key, values) {
    if (files) files.say(key, values);
    else filesToSay.push([key, values]);
  }
  /**
   * @param {typeof import("./panels/files/filespanel.js")} panel
   * @param {typeof import("./model/pyexport.js")} pyexport
   */
  function mountFilesPanel(panel, pyexport) {
    files = panel.mountFiles(document, filesHost(pyexport.pythonScript));
    if (keptSave !== null) files.offerKept(keptSave);
    for (const [key, values] of filesToSay.splice(0)) files.say(key, values);
  }
  /** The saved work a shared link replaced at load (state file text), offered back by the files panel. */
  /** @type {string | null} */
  let keptSave = null;
  const KEPT_KEY = `${STORAGE_KEY}/before-link`;
  /** @param {typeof import("./model/pyexport.js").pythonScript} pythonScript */
  const filesHost = (pythonScript) => ({
    forgetKept: () => {
      keptSave = null;
      try {
        localStorageOrNull().setItem(KEPT_KEY, "");
      } catch {
        // nothing to forget where storage is refused
      }
    },
    t,
    current: currentDocument,
    pythonScript: () => {
      const { train } = samples();
      const o = trainOptions();
      return pythonScript({
        spec: session.net.spec(), params: session.net.params(), xs: train.xs, labels: train.labels,
        learningRate: o.learningRate, batchSize: o.batchSize, reduction: o.reduction,
        epochs: Math.max(1, state.settings.maxEpochs - state.epoch), stopLoss: state.settings.stopLoss > 0 ? state.settings.stopLoss : null,
      });
    },
    apply: applyDocument,
    resetAll: () => {
      const settings = defaultSettings();
      applyDocument({ format: "backprop-lab", version: 1, settings, params: null, lesson: null,
        points: makePoints(core, settings, []).map((p) => ({ x1: p.x1, x2: p.x2, label: p.label })) });
    },
  });

  // Autosave, except during a lesson: then the save keeps the student's own work.
  const autosaver = createAutosaver(localStorageOrNull(), () => stateToJson(currentDocument()), 1000,
    (reason) => filesSay("files.msg.storageRefused", { reason }));
  saveSoon = () => {
    if ((lessons?.current() ?? null) === null) autosaver.schedule();
  };
  addEventListener("pagehide", () => {
    if ((lessons?.current() ?? null) === null) autosaver.flush();
  });

  // At load: a shared link first, else the saved work. A link never destroys saved work: the
  // save is kept aside (in storage too, so a reload cannot lose it) and offered back.
  if (location.hash.startsWith("#s1.")) {
    try {
      const shared = decodeLink(location.hash);
      const storage = localStorageOrNull();
      const saved = loadSaved(storage);
      const savedText = saved && !("error" in saved) ? storage.getItem(STORAGE_KEY) : null;
      applyDocument({ format: "backprop-lab", version: 1, lesson: null, ...shared });
      if (saved && !("error" in saved) && savedText) {
        try {
          storage.setItem(KEPT_KEY, savedText);
        } catch {
          // Storage full or refused: the copy in this page's memory is still offered below.
        }
        keptSave = savedText;
        filesSay("files.msg.linkOpenedKept", { n: shared.points.length, m: saved.doc.points.length });
      } else {
        filesSay("files.msg.linkOpened", { n: shared.points.length });
      }
    } catch (e) {
      filesSay("files.msg.linkRefused", { reason: messageOf(e) });
      restoreSaved();
    }
    history.replaceState(null, "", location.pathname + location.search);
  } else {
    restoreSaved();
  }

  function restoreSaved() {
    const storage = localStorageOrNull();
    const saved = loadSaved(storage);
    if (saved === null) return;
    try {
      if ("error" in saved) throw new Error(saved.error);
      applyDocument(saved.doc);
      setStatus("status.ready");
    } catch (e) {
      // Keep the unreadable save aside rather than overwrite it.
      storage.setItem(`${STORAGE_KEY}/unreadable`, storage.getItem(STORAGE_KEY) ?? "");
      filesSay("files.msg.savedRefused", { reason: messageOf(e) });
    }
  }

  /** The read-only test hook of DESIGN.md. */
  window.backpropLab = {
    snapshot() {
      const tf = state.settings.testFraction;
      return {
        spec: session.net.spec(),
        params: session.net.params(),
        points: currentPoints().map((p) => ({ x1: p.x1, x2: p.x2, label: p.label, test: pts.isTest(p, tf) })),
        epoch: state.epoch,
        trainLoss: state.trainLoss,
        testLoss: state.testLoss,
        selected: state.selected,
        history: { epochs: [...state.series.log.epochs], trainLoss: [...state.series.log.trainLoss] },
        lesson: lessons?.number() ?? null,
      };
    },
  };
  requestAnimationFrame(frame);

  // What the first view does not need loads once the first boundary is on screen.
  afterFirstBoundary.then(async () => {
    const [panels, lessonPanel, filesPanel, pyexport, shortcutKeys, lessonData] = await Promise.all([
      import("./panels/backprop/backprop-panels.js"), import("./panels/lessons/lessonpanel.js"), import("./panels/files/filespanel.js"), import("./model/pyexport.js"),
      import("./views/shortcuts.js"), import("./model/lessons.js"),
    ]);
    const lessonCount = lessonData.LESSONS.length;
    training.start(); // the worker loads its core now, not while the first boundary is drawn
    mountFilesPanel(filesPanel, pyexport);
    wireShortcutKeys(shortcutKeys);
    backprop = panels.createBackpropPanels(/** @type {HTMLElement} */ (document.getElementById("backprop")), t, backpropHost);
    backpropChanged = true;
    lessons = lessonPanel.mountLessons(/** @type {HTMLElement} */ (document.getElementById("lessons")), lessonHost);
    // ?lesson=N opens lesson N, as its button does.
    const asked = new URLSearchParams(location.search).get("lesson");
    if (asked !== null && !lessons.open(Number(asked))) {
      setStatus("status.noLesson", { n: asked.slice(0, 12), max: lessonCount });
    }
    invalidate();
  }).catch((e) => setAlert("error.generic", { message: messageOf(e) }));
}

/**
 * The browser's local storage, or a stand-in that keeps nothing when the browser forbids it.
 * @returns {Pick<Storage, "getItem" | "setItem">}
 */
function localStorageOrNull() {
  try {
    return window.localStorage;
  } catch {
    return { getItem: () => null, setItem: () => {} };
  }
}

/**
 * @param {ReturnType<typeof findControls>} c
 * @param {import("./model/i18n.js").Lang} lang
 */
function applyLanguage(c, lang) {
  document.documentElement.lang = lang;
  applyStrings(document, lang);
  document.title = translate(lang, "doc.title");
  c.lang.value = lang;
}

boot().catch((e) => console.error(e));
