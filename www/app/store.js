// store.js: the app state and the only code that changes it. Pointer, keyboard, touch, the
// panels, files and lessons all call the actions below; views read `state` and redraw what
// its `dirty` flags name. The network itself is the session's (session.js); training runs
// where training.js puts it (a Web Worker, or here).

import * as pts from "../model/points.js";
import { translate } from "../model/i18n.js";
import { specFor, makePoints, predictedClass } from "../model/spec.js";
import { fmtLoss } from "../model/format.js";
import { emptySeries, record, logEpochs } from "../model/series.js";
import { newPacer, plan, observe, trainingBudget, SPEEDS } from "../model/trainer.js";
import { isDiverging } from "../model/divergence.js";
import { defaultSettings, LECTURE_NETWORK, LECTURE_TRAINING } from "../model/settings.js";
import { sameParams } from "./training.js";

/** Plane units: how far a click may be from a point to remove or select it. */
export const PICK_RADIUS = 0.35;
/** Plane units between points painted by one drag. */
const PAINT_SPACING = 0.08;
/** Milliseconds of training per request to the worker: about a frame, so the boundary moves every frame. */
const WORKER_BUDGET_MS = 14;
/** The weights to go back to after divergence are copied at most this often (ms). */
const LAST_GOOD_MS = 250;
/** The backprop panels get the worker's batch gradients at most this often (ms). */
const BATCH_MS = 200;

/** @typedef {import("../types").NetworkHandle} NetworkHandle */
/** @typedef {import("../types").LayerParams} LayerParams */
/** @typedef {import("../model/settings.js").Settings} Settings */
/** @typedef {{ key: string, values?: Record<string, string | number> }} Message */
/** @typedef {{ layer: number, neuron: number }} NeuronRef */
/**
 * What the views redraw: plane, neurons (thumbnails), charts (new data), readouts (text),
 * diagram (built again: a new architecture or language), pin (the pinned neuron's mark),
 * chartLayout (charts made again: log scale, language, a new run).
 * @typedef {{ plane: boolean, neurons: boolean, charts: boolean, readouts: boolean,
 *   diagram: boolean, pin: boolean, chartLayout: boolean }} Dirty
 */
/**
 * The student's work as a lesson keeps it, to give it back exactly.
 * @typedef {{ history: pts.History, settings: Settings, params: LayerParams[], epoch: number,
 *   series: import("../model/series.js").Series, selected: number | null, finished: boolean, status: Message }} Work
 */

/**
 * @param {{
 *   core: import("../types").WasmModule,
 *   session: import("./session.js").Session,
 *   training: ReturnType<typeof import("./training.js").createTraining>,
 *   lang: import("../model/i18n.js").Lang,
 *   settings?: Settings,
 *   points?: pts.Point[],
 *   changed?: () => void,
 * }} deps  changed: called after every change that the autosave and the panels care about
 */
export function createStore(deps) {
  const { core, session, training } = deps;
  const limits = core.limits();
  const settings = deps.settings ?? defaultSettings();
  const initial = deps.points ?? makePoints(core, settings, []);
  let onChanged = deps.changed ?? (() => {});

  const state = {
    lang: deps.lang,
    settings,
    history: pts.startHistory(initial),
    /** @type {null | { mode: "add" | "remove", label: number, points: pts.Point[], last: [number, number], changed: boolean }} */
    drag: null,
    keyRandom: pts.seededRandom(20240601),
    spec: session.net.spec(),
    classes: pts.classesNeeded(initial),
    /** @type {null | ReturnType<typeof pts.toSamples>} */
    samples: null,
    epoch: 0,
    /** @type {number | null} */ trainLoss: null,
    /** @type {number | null} */ testLoss: null,
    /** @type {number | null} */ trainAcc: null,
    /** @type {number | null} */ testAcc: null,
    /** @type {Float64Array} */ outputs: new Float64Array(0),
    running: false,
    finished: false,
    /** @type {Message} */ status: { key: "status.ready" },
    /** @type {Message | null} */ alert: null,
    /** @type {number | null} */ selected: null,
    /** @type {null | { ref: NeuronRef, pinned: boolean }} */ show: null,
    series: emptySeries(),
    pacer: newPacer(),
    /** @type {Dirty} */
    dirty: { plane: true, neurons: true, charts: true, readouts: true, diagram: true, pin: true, chartLayout: true },
    lastFrame: 0,
    /** The weights to go back to if training diverges. @type {{ params: LayerParams[], epoch: number, at: number } | null} */
    lastGood: null,
    /** While training: the worker's gradients summed over the training points, for the weights shown. */
    /** @type {import("../backprop-types").BatchGradients | null} */
    workerBatch: null,
  };

  const t = (/** @type {string} */ key, /** @type {Record<string, string | number>} */ values = {}) =>
    translate(state.lang, key, values);

  // ---- derived data ---------------------------------------------------------

  function currentPoints() {
    return state.drag ? state.drag.points : state.history.points;
  }

  function samples() {
    if (!state.samples) state.samples = pts.toSamples(currentPoints(), state.settings.testFraction);
    return state.samples;
  }

  /** The points as the plane draws them, made again only when the points or the split change. */
  let plainCache = { points: /** @type {readonly pts.Point[] | null} */ (null), tf: NaN,
    plain: /** @type {{ x1: number, x2: number, label: number, test: boolean }[]} */ ([]) };
  function plainPoints() {
    const points = currentPoints();
    const tf = state.settings.testFraction;
    if (plainCache.points !== points || plainCache.tf !== tf) {
      plainCache = { points, tf, plain: points.map((p) => ({ x1: p.x1, x2: p.x2, label: p.label, test: pts.isTest(p, tf) })) };
    }
    return plainCache.plain;
  }

  /** The architecture in words: "2-3-3-1, sigmoid → sigmoid". */
  function archText() {
    const s = state.spec;
    const act = s.layers.length > 2 ? `${t(`act.${s.hidden}`)} → ` : "";
    return `${s.layers.join("-")}, ${act}${s.output}`;
  }

  /** Output units per point: one for a sigmoid output, C for softmax. */
  function outputsPerPoint() {
    return state.spec.output === "sigmoid" ? 1 : state.classes;
  }

  // ---- measuring --------------------------------------------------------------

  /**
   * The network's output for every point, and loss and accuracy on both sets.
   * @param {number} [trainLoss]  the training loss, when train() has just returned it
   */
  function measure(trainLoss) {
    const { train, test, all } = samples();
    const net = session.net;
    const outputs = all.labels.length > 0 ? net.predict(all.xs) : new Float64Array(0);
    measured(outputs, train.labels.length > 0 ? trainLoss ?? net.loss(train.xs, train.labels) : null,
      test.labels.length > 0 ? net.loss(test.xs, test.labels) : null);
  }

  /**
   * Takes the outputs for every point and the two losses (measured here or by the worker),
   * and counts the accuracies from the outputs.
   * @param {Float64Array} outputs @param {number | null} trainLoss @param {number | null} testLoss
   */
  function measured(outputs, trainLoss, testLoss) {
    const { train, test } = samples();
    const C = outputsPerPoint();
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

  /** The outputs for the points drawn, measured again if the points changed since. */
  function outputsForPoints() {
    if (state.outputs.length !== currentPoints().length * outputsPerPoint()) measure();
    return state.outputs;
  }

  function recordSeries() {
    if (state.trainLoss === null || state.trainAcc === null) return;
    record(state.series, state.epoch, state.trainLoss, state.testLoss, state.trainAcc, state.testAcc);
    state.dirty.charts = true;
  }

  /** Everything drawn from the network or the points is stale. */
  function invalidate() {
    state.dirty.plane = state.dirty.neurons = state.dirty.readouts = true;
    onChanged();
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

  /**
   * Runs an action; an error becomes an alert the student reads, and the page goes on.
   * @template {unknown[]} A
   * @param {(...args: A) => void} fn
   * @returns {(...args: A) => void}
   */
  function guarded(fn) {
    return (...args) => {
      try {
        fn(...args);
      } catch (e) {
        setAlert("error.generic", { message: messageOf(e) });
        console.warn(e);
      }
    };
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
    state.workerBatch = null;
    measure();
    recordSeries();
    if (state.show && state.show.ref.layer >= state.spec.layers.length) state.show = null;
    state.dirty.diagram = state.dirty.pin = state.dirty.chartLayout = true;
    if (message) setStatus(message.key, message.values);
    invalidate();
  }

  function architectureChanged() {
    rebuildNetwork(null);
    setStatus("status.reinit", { arch: archText() });
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

  /** @param {readonly pts.Point[]} points @param {[number, number]} at */
  function nearest(points, at) {
    return pts.nearest(points, at[0], at[1], PICK_RADIUS);
  }

  /** Adds a point (undoably) unless the page holds its maximum. @param {[number, number]} at @param {number} label */
  function addPoint(at, label) {
    const points = currentPoints();
    if (points.length >= limits.maxPoints) {
      setStatus("status.tooManyPoints", { max: limits.maxPoints });
      return;
    }
    commitPoints([...points, newPoint(at[0], at[1], label)]);
  }

  /** Removes the point nearest to `at`, if one is near. @param {[number, number]} at */
  function removeNear(at) {
    const points = currentPoints();
    const i = nearest(points, at);
    if (i >= 0) commitPoints(points.filter((_, j) => j !== i));
    return i >= 0;
  }

  // ---- drawing points by dragging ----------------------------------------------

  /**
   * A press on the plane: adds or removes at `at`, and goes on while the pointer moves.
   * @param {[number, number]} at @param {"add" | "remove"} mode @param {number} label
   */
  function startDrag(at, mode, label) {
    state.drag = { mode, label, points: [...currentPoints()], last: at, changed: false };
    applyDrag(at, PICK_RADIUS);
  }

  /** @param {[number, number]} at */
  function dragTo(at) {
    const d = state.drag;
    if (!d) return;
    const dist = Math.hypot(at[0] - d.last[0], at[1] - d.last[1]);
    if (d.mode === "add" && dist >= PAINT_SPACING) applyDrag(at, 0);
    if (d.mode === "remove" && dist >= 0.02) applyDrag(at, 0.12);
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
    if (pts.classesNeeded(d.points) !== state.classes) {
      // A new class changes the output layer: commit now so the network matches the data.
      endDrag();
      return;
    }
    measure();
    invalidate();
  }

  function endDrag() {
    const d = state.drag;
    if (!d) return;
    state.drag = null;
    if (d.changed) commitPoints(d.points);
    else invalidate();
  }

  /** A long press on a touch screen: drops the point the press added and removes the nearest of the others. @param {[number, number]} at */
  function longPressed(at) {
    state.drag = null;
    state.samples = null;
    if (removeNear(at)) {
      setStatus("status.longPress");
    } else {
      measure();
      setStatus("status.longPressNone");
      invalidate();
    }
  }

  // ---- training -------------------------------------------------------------

  function trainOptions() {
    const s = state.settings;
    const batchSize = s.batch === "full" ? 0 : s.batch === "one" ? 1 : s.batchSize;
    return { learningRate: s.learningRate, batchSize, reduction: s.reduction };
  }

  /** @param {boolean} useStop */
  function trainOptionsFor(useStop) {
    const s = state.settings;
    return { ...trainOptions(), ...(useStop && s.stopLoss > 0 ? { stopLoss: s.stopLoss } : {}) };
  }

  /** Takes the weights to go back to if training diverges, a few times a second (copying every weight each frame would cost the frame). */
  function keepLastGood() {
    const now = performance.now();
    const good = state.lastGood;
    if (state.trainLoss !== null && !isDiverging(state.series.trainLoss[0], state.trainLoss) && (!good || now - good.at > LAST_GOOD_MS)) {
      state.lastGood = { params: session.net.params(), epoch: state.epoch, at: now };
    }
  }

  /**
   * Trains `k` epochs here, on the page's network (One epoch); returns false (and pauses) when it fails.
   * @param {number} k @param {boolean} useStop
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
   * @param {{ epochs: number, loss: number, stopped: boolean, losses?: ArrayLike<number> | null,
   *   outputs?: Float64Array | null, testLoss?: number | null }} result
   * @param {boolean} useStop
   */
  function trained(result, useStop) {
    const s = state.settings;
    // Each epoch's loss, measured during it (a core without `losses`: the chunk's last loss).
    const losses = result.losses;
    if (losses && losses.length === result.epochs) logEpochs(state.series, state.epoch + 1, losses);
    else if (result.epochs > 0) logEpochs(state.series, state.epoch + result.epochs, [result.loss]);
    state.epoch += result.epochs;
    if (result.outputs) measured(result.outputs, result.loss, result.testLoss ?? null);
    else measure(result.loss);
    recordSeries();
    invalidate();
    // A finite loss far above the run's start is divergence too (divergence.js).
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

  // While Train runs, the worker (training.js) trains and the page's network mirrors its weights.
  // One request is on its way at a time; a reply for a page that changed meanwhile is dropped,
  // and the next request brings the worker up to date (network, data, weights).

  /** What the worker holds: the page's network handle, samples and weights it was last given or returned. */
  /** @type {{ net: NetworkHandle | null, samples: object | null, params: LayerParams[] | null }} */
  let synced = { net: null, samples: null, params: null };
  /** The request on its way: what the page looked like when it was sent. */
  /** @type {{ net: NetworkHandle, samples: object, params: LayerParams[] } | null} */
  let inflight = null;
  /** When the worker was last asked for the batch gradients (ms). */
  let lastBatchAsked = -Infinity;
  /** Replies still to come (tests wait for them). @type {Promise<void>} */
  let lastReply = Promise.resolve();

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
    const batch = training.backend === "worker" && now - lastBatchAsked >= BATCH_MS;
    if (batch) lastBatchAsked = now;
    lastReply = training.request({
      epochs: k,
      batch,
      opts: trainOptionsFor(true),
      ...(upToDate ? {} : { setup: { spec: state.spec, params, xs: train.xs, labels: train.labels, test, all: all.all.xs } }),
    }).then((reply) => guarded(replied)(sent, reply));
  }

  /**
   * @param {{ net: NetworkHandle, samples: object, params: LayerParams[] }} sent
   * @param {import("./training-host.js").TrainReply} reply
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
    state.workerBatch = reply.batch ?? null; // null when not asked: the panels then compute it, for these weights
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

  /**
   * The frame loop's turn for training: asks for as many epochs as the speed and the budget allow.
   * @param {number} now  the frame's time (ms)
   * @param {number} otherMs  what the rest of a frame has been costing (ms): main-thread training gets what it leaves
   */
  function trainFrame(now, otherMs) {
    if (!state.running || inflight) return; // the worker is training; its reply moves the page on
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

  // ---- settings and buttons ----------------------------------------------------

  /** @param {Partial<Settings>} patch */
  function change(patch) {
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
    if ("logScale" in patch) state.dirty.chartLayout = true;
    if ("learningRate" in patch || "batch" in patch || "batchSize" in patch || "reduction" in patch ||
      "stopLoss" in patch || "maxEpochs" in patch) state.finished = false;
    if ("tool" in patch && s.tool !== "select") state.selected = null;
    invalidate();
  }

  /** @param {"undo" | "redo"} which */
  function undoRedo(which) {
    const before = state.history.points;
    const next = which === "undo" ? pts.undo(state.history) : pts.redo(state.history);
    if (!next) {
      setStatus(which === "undo" ? "status.nothingUndo" : "status.nothingRedo");
      return;
    }
    state.history = next;
    pointsChanged(before);
  }

  /**
   * A button or key by name (controls.js and shortcuts.js name them).
   * @param {string} action
   * @param {import("../types").Feature[]} [inputs]  for "features": the features now checked
   */
  function act(action, inputs) {
    if (action !== "train") clearAlert();
    const s = state.settings;
    switch (action) {
      case "undo":
      case "redo":
        undoRedo(action);
        break;
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
          testFraction: 0, // the lecture trains on every point
        };
        state.samples = null;
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
      case "features":
        if (!inputs || inputs.length === 0) {
          setStatus("status.lastFeature");
        } else {
          state.settings = { ...s, inputs };
          architectureChanged();
        }
        break;
      default:
        if (action.startsWith("invalid:")) setStatus("status.invalid");
    }
    invalidate();
  }

  /** The class the next click draws (keys 1–4). @param {number} k */
  function chooseClass(k) {
    change({ drawClass: k });
    setStatus("status.classChosen", { name: t(`class.${k}`) });
  }

  /** The diagram's + and − under a hidden layer. @param {number} i @param {number} delta */
  function changeNeurons(i, delta) {
    clearAlert();
    const hidden = [...state.settings.hidden];
    hidden[i] = Math.max(1, Math.min(limits.maxNeurons, hidden[i] + delta));
    state.settings = { ...state.settings, hidden };
    architectureChanged();
  }

  /**
   * Shows one neuron's output on the plane: on hover (not pinned) or by a click (pinned, a second click unpins).
   * @param {NeuronRef | null} ref @param {boolean} pinned
   */
  function showNeuron(ref, pinned) {
    if (pinned) {
      const same = state.show && state.show.pinned && ref && state.show.ref.layer === ref.layer &&
        state.show.ref.neuron === ref.neuron;
      state.show = same || !ref ? null : { ref, pinned: true };
    } else if (!(state.show && state.show.pinned)) {
      state.show = ref ? { ref, pinned: false } : null;
    }
    state.dirty.pin = true;
    invalidate();
  }

  /** @param {number | null} i */
  function select(i) {
    state.selected = i;
    invalidate();
  }

  /** @param {import("../model/i18n.js").Lang} lang */
  function setLanguage(lang) {
    state.lang = lang;
    state.dirty.diagram = state.dirty.pin = state.dirty.chartLayout = true;
    invalidate();
  }

  /** After divergence: back to the last good weights. */
  function restoreLastGood() {
    const good = state.lastGood;
    if (!good) return;
    session.setParams(good.params);
    state.epoch = good.epoch;
    state.finished = false;
    clearAlert();
    measure();
    recordSeries();
    setStatus("train.restored", { epoch: good.epoch });
    invalidate();
  }

  // ---- the backprop panels' actions --------------------------------------------

  /** @param {LayerParams[]} params  weights the student edited in the diagram */
  function editParams(params) {
    session.setParams(params);
    state.finished = false;
    measure();
    recordSeries();
    invalidate();
  }

  /** One iteration of the lecture's loop, from the step-through: one full-batch epoch. */
  function iterate() {
    const { train } = samples();
    const lossDuring = session.net.loss(train.xs, train.labels); // the loss of this iteration, before its update
    session.iterate(train.xs, train.labels, state.settings.learningRate);
    state.epoch += 1;
    logEpochs(state.series, state.epoch, [lossDuring]);
    state.finished = false;
    measure();
    recordSeries();
    invalidate();
  }

  function pauseTraining() {
    if (state.running) {
      pause();
      setStatus("status.paused", { epoch: state.epoch });
    }
  }

  // ---- whole pieces of work: lessons and files ---------------------------------

  /**
   * Pauses and starts afresh on other settings and points: a new network, nothing selected.
   * @param {Settings} settings @param {pts.History} history
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
    state.lastGood = null;
    rebuildNetwork({ key: "status.ready" });
  }

  /** The work as a lesson keeps it. @returns {Work} */
  function keepWork() {
    return {
      history: state.history, settings: state.settings, params: session.net.params(), epoch: state.epoch,
      series: state.series, selected: state.selected, finished: state.finished, status: state.status,
    };
  }

  /** Gives kept work back exactly. @param {Work} w */
  function restoreWork(w) {
    replaceWork(w.settings, w.history);
    session.setParams(w.params);
    state.epoch = w.epoch;
    state.series = w.series;
    state.finished = w.finished;
    state.selected = w.selected;
    measure();
    setStatus(w.status.key, w.status.values);
    invalidate();
  }

  /** A lesson's set-up: its settings and its points (or its data set's). @param {Settings} settings @param {{ x1: number, x2: number, label: number }[] | null} points */
  function setUpLesson(settings, points) {
    const made = points ? points.map((p) => newPoint(p.x1, p.x2, p.label)) : makePoints(core, settings, []);
    replaceWork(settings, pts.startHistory(made));
  }

  /** The state as a state file holds it. @param {string | null} lesson */
  function currentDocument(lesson) {
    return {
      points: currentPoints().map((p) => ({ x1: p.x1, x2: p.x2, label: p.label, key: p.key, own: p.own })),
      settings: state.settings,
      params: session.net.params(),
      lesson,
      epoch: state.epoch,
    };
  }

  /**
   * Replaces the work with a checked document, all or nothing: the network is built and the
   * weights set on a trial network before anything of the current state changes. Throws (with
   * words for the student) when the weights do not fit; the undo history keeps the points before.
   * @param {import("../model/statefile.js").StateDocument} doc
   */
  function applyDocument(doc) {
    const settings = /** @type {Settings} */ ({ ...defaultSettings(), ...doc.settings });
    const points = doc.points.map((p) => ({ ...newPoint(p.x1, p.x2, p.label), ...(p.key === undefined ? {} : { key: p.key }),
      ...(p.own === undefined ? {} : { own: p.own }) }));
    try {
      session.check(specFor(settings, pts.classesNeeded(points)), doc.params ?? null);
    } catch (e) {
      throw new Error(`${t("files.msg.weightsMismatch")} (${messageOf(e)})`);
    }
    replaceWork(settings, pts.commit(state.history, points));
    if (doc.params) {
      session.setParams(doc.params);
      state.epoch = doc.epoch ?? 0;
      measure();
      state.series = emptySeries();
      recordSeries();
    }
    invalidate();
  }

  /** Everything back to a first visit (undoable: the points stay in the history). */
  function resetAll() {
    const fresh = defaultSettings();
    applyDocument({ format: "backprop-lab", version: 1, settings: fresh, params: null, lesson: null,
      points: makePoints(core, fresh, []).map((p) => ({ x1: p.x1, x2: p.x2, label: p.label })) });
  }

  /** The read-only test hook of DESIGN.md. @param {number | null} lesson */
  function snapshot(lesson) {
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
      lesson,
    };
  }

  rebuildNetwork(null);
  setStatus("status.ready");

  return {
    state,
    t,
    limits,
    /** Sets what is called after every change (autosave, the panels). @param {() => void} fn */
    onChange(fn) {
      onChanged = fn;
    },
    // derived data
    points: currentPoints,
    samples,
    plainPoints,
    archText,
    outputsPerPoint,
    outputsForPoints,
    trainOptions,
    /** The page's weights (a copy). */
    params: () => session.net.params(),
    /** The request to the worker still on its way, if any (tests wait for it). */
    settled: () => lastReply,
    // messages
    setStatus,
    setAlert,
    clearAlert,
    // actions: every one turns an error into an alert, except applyDocument (its caller reports)
    change: guarded(change),
    act: guarded(act),
    chooseClass: guarded(chooseClass),
    changeNeurons: guarded(changeNeurons),
    showNeuron: guarded(showNeuron),
    select: guarded(select),
    selectAt: guarded((/** @type {[number, number]} */ at) => {
      clearAlert();
      const i = nearest(currentPoints(), at);
      select(i >= 0 ? i : null);
    }),
    addPoint: guarded((/** @type {[number, number]} */ at, /** @type {number} */ label) => {
      clearAlert();
      addPoint(at, label);
    }),
    removeNear: guarded((/** @type {[number, number]} */ at) => {
      clearAlert();
      removeNear(at);
    }),
    startDrag: guarded((/** @type {[number, number]} */ at, /** @type {"add" | "remove"} */ mode, /** @type {number} */ label) => {
      clearAlert();
      startDrag(at, mode, label);
    }),
    dragTo: guarded(dragTo),
    endDrag: guarded(endDrag),
    longPressed: guarded(longPressed),
    setLanguage: guarded(setLanguage),
    restoreLastGood: guarded(restoreLastGood),
    editParams: guarded(editParams),
    iterate: guarded(iterate),
    pauseTraining: guarded(pauseTraining),
    trainFrame: guarded(trainFrame),
    /** Stops training (an error drawing a frame). */
    pause,
    keepWork,
    restoreWork: guarded(restoreWork),
    setUpLesson: guarded(setUpLesson),
    currentDocument,
    applyDocument,
    resetAll,
    snapshot,
  };
}

/** @typedef {ReturnType<typeof createStore>} Store */

/** @param {unknown} e */
export function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}
