// store.js: the app state and the only code that changes it. Pointer, keyboard, touch, the
// panels, files and lessons all call the actions below; views read `state` and redraw what
// its `dirty` flags name. The network itself is the session's (session.js); training runs
// where training.js puts it (a Web Worker, or here); run.js holds the training actions.

import * as pts from "../model/points.js";
import { translate } from "../model/i18n.js";
import { specFor, makePoints, predictedClass } from "../model/spec.js";
import { confusion } from "../model/confusion.js";
import { emptySeries, record, logEpochs, truncateSeries } from "../model/series.js";
import { newPacer } from "../model/trainer.js";
import { defaultSettings, updateOptions, LECTURE_NETWORK, LECTURE_TRAINING, WATCH_SPEED, FASTEST, LINEAR_ALPHA } from "../model/settings.js";
import { regressionSettings, defaultRegressionPoints, meanSquaredError } from "../model/regression.js";
import { createRun } from "./run.js";

/** Plane units: how far a click may be from a point to remove or select it. */
export const PICK_RADIUS = 0.35;
/** Plane units between points painted by one drag. */
const PAINT_SPACING = 0.08;

/** @typedef {import("../types").NetworkHandle} NetworkHandle */
/** @typedef {import("../types").LayerParams} LayerParams */
/** @typedef {import("../model/settings.js").Settings} Settings */
/** @typedef {{ key: string, values?: Record<string, string | number> }} Message */
/** @typedef {{ layer: number, neuron: number }} NeuronRef */
/**
 * What the views redraw: plane, neurons (thumbnails), charts (new data), readouts (text),
 * diagram (built again: a new architecture or language), pin (the pinned neuron's mark),
 * chartLayout (charts made again: log scale, language, a new run), presenter (presenter mode on or off).
 * @typedef {{ plane: boolean, neurons: boolean, charts: boolean, readouts: boolean,
 *   diagram: boolean, pin: boolean, chartLayout: boolean, presenter: boolean }} Dirty
 */
/**
 * A named copy of the weights at an epoch, to go back to (A/B runs from the same start).
 * optimizer: what the optimizer remembered then (momentum's v, Adam's m, v, t), restored with the weights.
 * @typedef {{ name: string, epoch: number, params: LayerParams[], spec: Required<import("../types").Spec>,
 *   optimizer?: import("../model/statefile.js").SavedOptimizer }} Snapshot
 */
/** How many snapshots are kept at most. */
export const MAX_SNAPSHOTS = 12;

/**
 * The student's work as a lesson keeps it, to give it back exactly.
 * @typedef {{ history: pts.History, settings: Settings, params: LayerParams[], epoch: number,
 *   series: import("../model/series.js").Series, selected: number | null, finished: boolean, status: Message }} Work
 */

/**
 * The app state. Views read it; only the store's actions (here and in run.js) change it.
 * @typedef {{
 *   lang: import("../model/i18n.js").Lang,
 *   settings: Settings,
 *   history: pts.History,
 *   drag: null | { mode: "add" | "remove", label: number, points: pts.Point[], last: [number, number], changed: boolean },
 *   keyRandom: () => number,
 *   spec: Required<import("../types").Spec>,
 *   classes: number,
 *   samples: null | ReturnType<typeof pts.toSamples>,
 *   epoch: number,
 *   trainLoss: number | null, testLoss: number | null, trainAcc: number | null, testAcc: number | null,
 *   trainMse: number | null, testMse: number | null,
 *   away: null | { settings: Settings, history: pts.History },
 *   outputs: Float64Array,
 *   running: boolean,
 *   finished: boolean,
 *   status: Message,
 *   alert: Message | null,
 *   selected: number | null,
 *   show: null | { ref: NeuronRef, pinned: boolean },
 *   series: import("../model/series.js").Series,
 *   pacer: import("../model/trainer.js").Pacer,
 *   dirty: Dirty,
 *   lastFrame: number,
 *   lastGood: { params: LayerParams[], epoch: number, at: number } | null,
 *   workerBatch: import("../backprop-types").BatchGradients | null,
 *   snapshots: Snapshot[],
 *   kept: import("../model/series.js").KeptCurve | null,
 *   presenting: boolean,
 *   rescues: number,
 * }} State
 *   lastGood: the weights to go back to if training diverges; workerBatch: while training, the
 *   worker's gradients summed over the training points, for the weights shown; presenting: presenter
 *   mode (views/presenter.js shows it), not part of the work: never saved; rescues: how often the last
 *   good weights were brought back after a divergence since the work was set up (a lesson's challenge);
 *   trainMse, testMse: regression's mean squared errors (null when classifying); away: the other
 *   task's settings and points, given back when the student switches to it again.
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

  /** @type {State} */
  const state = {
    lang: deps.lang,
    settings,
    history: pts.startHistory(initial),
    drag: null,
    keyRandom: pts.seededRandom(20240601),
    spec: session.net.spec(),
    classes: classesFor(settings, initial),
    samples: null,
    epoch: 0,
    trainLoss: null,
    testLoss: null,
    trainAcc: null,
    testAcc: null,
    trainMse: null,
    testMse: null,
    away: null,
    outputs: new Float64Array(0),
    running: false,
    finished: false,
    status: { key: "status.ready" },
    alert: null,
    selected: null,
    show: null,
    series: emptySeries(),
    pacer: newPacer(),
    dirty: { plane: true, neurons: true, charts: true, readouts: true, diagram: true, pin: true, chartLayout: true, presenter: false },
    lastFrame: 0,
    lastGood: null,
    workerBatch: null,
    snapshots: [],
    kept: null,
    presenting: false,
    rescues: 0,
  };

  const t = (/** @type {string} */ key, /** @type {Record<string, string | number>} */ values = {}) =>
    translate(state.lang, key, values);

  // ---- derived data ---------------------------------------------------------

  function currentPoints() {
    return state.drag ? state.drag.points : state.history.points;
  }

  /** Whether the task is regression (a curve through points (x₁, y)). */
  function regressing() {
    return state.settings.task === "regress";
  }

  function samples() {
    if (!state.samples) state.samples = pts.toSamples(currentPoints(), state.settings.testFraction, regressing());
    return state.samples;
  }

  /** The points as the plane draws them, made again only when the points or the split change. */
  let plainCache = { points: /** @type {readonly pts.Point[] | null} */ (null), tf: NaN,
    plain: /** @type {{ x1: number, x2: number, label: number, test: boolean }[]} */ ([]) };
  function plainPoints() {
    const points = currentPoints();
    const tf = state.settings.testFraction;
    if (plainCache.points !== points || plainCache.tf !== tf) {
      plainCache = { points, tf, plain: points.map((p, i) => ({ x1: p.x1, x2: p.x2, label: p.label, test: pts.isTest(points, i, tf) })) };
    }
    return plainCache.plain;
  }

  /** The architecture in words: "2-3-3-1, sigmoid → sigmoid". */
  function archText() {
    const s = state.spec;
    const act = s.layers.length > 2 ? `${t(`act.${s.hidden}`)} → ` : "";
    return `${s.layers.join("-")}, ${act}${s.output}`;
  }

  /** Output units per point: one for a sigmoid or linear output, C for softmax. */
  function outputsPerPoint() {
    return state.spec.output === "softmax" ? state.classes : 1;
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
    const points = currentPoints();
    points.forEach((p, i) => {
      const right = predictedClass(outputs, i, C) === p.label ? 1 : 0;
      if (pts.isTest(points, i, tf)) testRight += right;
      else trainRight += right;
    });
    const nTrain = train.labels.length;
    const nTest = test.labels.length;
    const regress = state.spec.output === "linear";
    // Regression has no classes to be right about: the mean squared error instead of accuracy.
    state.trainMse = regress ? meanSquaredError(outputs, points, (i) => !pts.isTest(points, i, tf)) : null;
    state.testMse = regress ? meanSquaredError(outputs, points, (i) => pts.isTest(points, i, tf)) : null;
    state.trainLoss = nTrain > 0 ? trainLoss : null;
    state.trainAcc = nTrain > 0 && !regress ? trainRight / nTrain : null;
    state.testLoss = nTest > 0 ? testLoss : null;
    state.testAcc = nTest > 0 && !regress ? testRight / nTest : null;
  }

  /** The confusion matrix of the outputs measured last, made again only when they change. */
  let confusionCache = { outputs: /** @type {Float64Array | null} */ (null), points: /** @type {unknown} */ (null),
    value: /** @type {import("../model/confusion.js").Confusion} */ ({ train: [], test: [] }) };
  function confusionMatrix() {
    const outputs = outputsForPoints();
    const points = plainPoints();
    if (regressing()) return { train: [], test: [] };
    if (confusionCache.outputs !== outputs || confusionCache.points !== points) {
      const C = outputsPerPoint();
      const predicted = points.map((_, i) => predictedClass(outputs, i, C));
      confusionCache = { outputs, points, value: confusion(predicted, points, Math.max(2, state.classes)) };
    }
    return confusionCache.value;
  }

  /** The outputs for the points drawn, measured again if the points changed since. */
  function outputsForPoints() {
    if (state.outputs.length !== currentPoints().length * outputsPerPoint()) measure();
    return state.outputs;
  }

  function recordSeries() {
    if (state.trainLoss === null || (state.trainAcc === null && !regressing())) return;
    // Regression has no accuracy: its chart shows no values (NaN) and the loss chart all there is.
    record(state.series, state.epoch, state.trainLoss, state.testLoss, state.trainAcc ?? NaN, state.testAcc);
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
    const classes = classesFor(state.settings, now);
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

  /** A point the student places at `at`: in regression its label is its y (the plane's vertical axis). @param {[number, number]} at @param {number} label */
  function placed(at, label) {
    return newPoint(at[0], at[1], regressing() ? at[1] : label);
  }

  function regenerate() {
    const kept = currentPoints().filter((p) => p.own && (state.settings.keepOwn || state.settings.dataset === "own"));
    const made = makePoints(core, state.settings, kept);
    commitPoints(made);
    const asked = kept.length + (state.settings.dataset === "own" ? 0 : state.settings.count);
    if (made.length < asked) setStatus("status.trimmed", { max: limits.maxPoints, kept: kept.length });
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
    commitPoints([...points, placed(at, label)]);
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
      d.points.push(placed(at, d.label));
    } else {
      const i = pts.nearest(d.points, at[0], at[1], radius);
      if (i < 0) return;
      d.points.splice(i, 1);
    }
    d.last = at;
    d.changed = true;
    state.samples = null;
    if (classesFor(state.settings, d.points) !== state.classes) {
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

  // ---- training (run.js) ---------------------------------------------------------

  const run = createRun({ state, session, training, samples, measure, measured, recordSeries, invalidate,
    setStatus, setAlert, clearAlert, rebuildNetwork, guarded });
  const { trainOptions, trainEpochs, pause } = run;

  // ---- settings and buttons ----------------------------------------------------

  /** @param {Partial<Settings>} patch */
  function change(patch) {
    clearAlert();
    if (patch.task !== undefined && patch.task !== state.settings.task) {
      setTask(patch.task);
      return;
    }
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
    if ("activation" in patch && patch.activation !== before.activation) {
      // A linear network's layers multiply into one W x + b: its summed gradient steps grow with the
      // weights, and the lecture's α = 0.4 over 20 points diverges within a few epochs. The page
      // lowers α and says why, so the student sees the lecture's claim: a straight boundary.
      const lowered = s.activation === "linear" && s.reduction === "sum" && s.learningRate > LINEAR_ALPHA;
      if (lowered) state.settings = { ...s, learningRate: LINEAR_ALPHA };
      architectureChanged();
      if (lowered) setStatus("status.linearAlpha", { arch: archText(), from: s.learningRate, to: LINEAR_ALPHA });
    }
    if ("logScale" in patch) state.dirty.chartLayout = true;
    if ("learningRate" in patch || "batch" in patch || "batchSize" in patch || "reduction" in patch ||
      "stopLoss" in patch || "maxEpochs" in patch || "optimizer" in patch || "momentum" in patch ||
      "regularization" in patch || "regularizationRate" in patch) state.finished = false;
    if ("tool" in patch && s.tool !== "select") state.selected = null;
    invalidate();
  }

  /**
   * Switches between classification and regression. Each task keeps its own settings and points
   * (with their undo history): the task left is kept in `away` and given back when switched to
   * again. The first regression starts from its default network and points (regression.js).
   * @param {Settings["task"]} task
   */
  function setTask(task) {
    const here = { settings: state.settings, history: state.history };
    const there = state.away ?? (task === "regress"
      ? { settings: regressionSettings(state.settings), history: pts.startHistory(defaultRegressionPoints().map((p) => newPoint(p.x1, p.x2, p.label))) }
      : { settings: { ...defaultSettings(), palette: state.settings.palette, logScale: state.settings.logScale },
          history: pts.startHistory(makePoints(core, defaultSettings(), [])) });
    replaceWork({ ...there.settings, task }, there.history);
    state.away = here;
    setStatus(task === "regress" ? "status.taskRegress" : "status.taskClassify", { arch: archText() });
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
    if (action === "present" || action === "leavePresenter") {
      present(action === "present" ? !state.presenting : false); // the work is untouched: no alert cleared, nothing saved
      return;
    }
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
          run.start();
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
        state.settings = regressing() ? regressionSettings(s) : {
          ...s, ...LECTURE_NETWORK, ...LECTURE_TRAINING,
          hidden: [...LECTURE_NETWORK.hidden], inputs: [...LECTURE_NETWORK.inputs], netSeed: 1,
          testFraction: 0, // the lecture trains on every point
        };
        state.samples = null;
        rebuildNetwork({ key: regressing() ? "status.defaultsRegress" : "status.defaults" });
        break;
      case "fastest":
        state.settings = { ...s, speed: s.speed === FASTEST ? WATCH_SPEED : FASTEST };
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

  /** Presenter mode on or off (the button, f, Esc, ?present=1). @param {boolean} on */
  function present(on) {
    if (on === state.presenting) return;
    state.presenting = on;
    state.dirty.presenter = state.dirty.plane = true;
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
    if (state.alert?.key.startsWith("error.diverg")) state.rescues += 1;
    session.setParams(good.params);
    state.epoch = good.epoch;
    state.finished = false;
    truncateSeries(state.series, good.epoch); // the diverged epochs leave the charts too
    state.dirty.chartLayout = true;
    clearAlert();
    measure();
    recordSeries();
    setStatus("train.restored", { epoch: good.epoch });
    invalidate();
  }

  // ---- snapshots: named weights to go back to, and the run kept for comparison ----

  /** The settings that make one run differ from another, in words (the kept curve's label). */
  function runLabel() {
    const s = state.settings;
    const opt = t(`opt.${s.optimizer}`);
    const reg = s.regularization === "none" ? "" : `, ${t(`reg.${s.regularization}`)} λ = ${s.regularizationRate}`;
    return `α = ${s.learningRate}, ${opt}${reg}`;
  }

  /** Keeps the weights as they are now under `name` (or a name made from the epoch). @param {string} [name] */
  function takeSnapshot(name) {
    const label = (name ?? "").trim().slice(0, 60) || t("snap.defaultName", { n: state.snapshots.length + 1, epoch: state.epoch });
    state.snapshots = [...state.snapshots, { name: label, epoch: state.epoch, params: session.net.params(),
      optimizer: session.net.optimizerState(), spec: state.spec }]
      .slice(-MAX_SNAPSHOTS);
    setStatus("snap.taken", { name: label, epoch: state.epoch });
    onChanged(); // autosave keeps it
  }

  /**
   * Goes back to snapshot `i`: its weights and epoch, the charts cut back to that epoch; the run
   * left behind is kept as a curve on the loss chart, to compare with the next run from there.
   * @param {number} i
   */
  function restoreSnapshot(i) {
    const snap = state.snapshots[i];
    if (!snap) return;
    if (snap.spec.layers.join("-") !== state.spec.layers.join("-") || snap.spec.hidden !== state.spec.hidden ||
      snap.spec.output !== state.spec.output || snap.spec.inputs.join() !== state.spec.inputs.join()) {
      setStatus("snap.otherNetwork", { name: snap.name });
      return;
    }
    pause();
    clearAlert();
    if (state.series.log.epochs.length > 0) {
      state.kept = { label: runLabel(), epochs: [...state.series.log.epochs], trainLoss: [...state.series.log.trainLoss] };
    }
    session.setTrained(snap.params, snap.optimizer);
    state.epoch = snap.epoch;
    state.finished = false;
    truncateSeries(state.series, snap.epoch);
    state.dirty.chartLayout = true;
    measure();
    recordSeries();
    setStatus("snap.restored", { name: snap.name, epoch: snap.epoch });
    invalidate();
  }

  /** @param {number} i */
  function deleteSnapshot(i) {
    state.snapshots = state.snapshots.filter((_, j) => j !== i);
    state.dirty.readouts = true;
    onChanged();
  }

  function forgetKept() {
    state.kept = null;
    state.dirty.chartLayout = state.dirty.readouts = true;
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
    session.iterate(train.xs, train.labels, state.settings.learningRate, updateOptions(state.settings));
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
    state.classes = classesFor(settings, history.points);
    state.samples = null;
    state.lastGood = null;
    state.rescues = 0;
    rebuildNetwork({ key: "status.ready" });
  }

  /** The work as a lesson keeps it. @returns {Work} */
  function keepWork() {
    return {
      history: state.history, settings: state.settings, params: session.net.params(), epoch: state.epoch,
      series: state.series, selected: state.selected, finished: state.finished, status: state.status,
    };
  }

  /**
   * Gives kept work back exactly. A state document (the own work saved across a reload during a
   * lesson, startup.js) is opened as a file is.
   * @param {Work | import("../model/statefile.js").StateDocument} w
   */
  function restoreWork(w) {
    if ("format" in w) {
      applyDocument(w);
      return;
    }
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

  /** Kept work as a state file holds it. @param {Work} w @param {string | null} lesson */
  function documentOf(w, lesson) {
    return {
      points: w.history.points.map((p) => ({ x1: p.x1, x2: p.x2, label: p.label, key: p.key, own: p.own })),
      settings: w.settings,
      params: w.params,
      lesson,
      epoch: w.epoch,
      away: awayDocument(),
    };
  }

  /** The state as a state file holds it. @param {string | null} lesson */
  function currentDocument(lesson) {
    return {
      points: currentPoints().map((p) => ({ x1: p.x1, x2: p.x2, label: p.label, key: p.key, own: p.own })),
      settings: state.settings,
      params: session.net.params(),
      lesson,
      epoch: state.epoch,
      snapshots: state.snapshots,
      away: awayDocument(),
    };
  }

  /** The other task's settings and points, as a state file holds them (null if never switched). */
  function awayDocument() {
    const away = state.away;
    if (!away) return null;
    return { settings: away.settings, points: away.history.points.map((p) => ({ x1: p.x1, x2: p.x2, label: p.label, key: p.key, own: p.own })) };
  }

  /**
   * Replaces the work with a checked document, all or nothing: the network is built and the
   * weights set on a trial network before anything of the current state changes. Throws (with
   * words for the student) when the weights do not fit; the undo history keeps the points before.
   * @param {import("../model/statefile.js").StateDocument} doc
   */
  function applyDocument(doc) {
    if (Object.keys(doc.settings).length === 0 && !doc.params) {
      openPoints(doc.points);
      return;
    }
    const settings = /** @type {Settings} */ ({ ...defaultSettings(), ...doc.settings });
    const points = doc.points.map((p) => ({ ...newPoint(p.x1, p.x2, p.label), ...(p.key === undefined ? {} : { key: p.key }),
      ...(p.own === undefined ? {} : { own: p.own }) }));
    try {
      session.check(specFor(settings, classesFor(settings, points)), doc.params ?? null,
        pts.toSamples(points, settings.testFraction, settings.task === "regress").all);
    } catch (e) {
      if (e instanceof Error && "overflow" in e) throw new Error(t("files.msg.weightsOverflow"));
      throw new Error(`${t("files.msg.weightsMismatch")} (${messageOf(e)})`);
    }
    const spec = specFor(settings, classesFor(settings, points));
    // The file's snapshots that fit its network (others could never be gone back to).
    const snapshots = (doc.snapshots ?? []).filter((snap) => {
      try {
        session.check(spec, snap.params, undefined, snap.optimizer);
        return true;
      } catch {
        return false;
      }
    });
    // The undo history goes on within a task; a file of the other task starts its own, and the work
    // it replaces is kept as the other task's (a file without the other task never erases it).
    const sameTask = settings.task === state.settings.task;
    const here = { settings: state.settings, history: state.history };
    const kept = sameTask ? state.away : here;
    replaceWork(settings, sameTask ? pts.commit(state.history, points) : pts.startHistory(points));
    state.away = doc.away ? {
      settings: /** @type {Settings} */ ({ ...defaultSettings(), ...doc.away.settings }),
      history: pts.startHistory(doc.away.points.map((p) => ({ ...newPoint(p.x1, p.x2, p.label), ...(p.key === undefined ? {} : { key: p.key }),
        ...(p.own === undefined ? {} : { own: p.own }) }))),
    } : kept;
    state.snapshots = snapshots.map((snap) => ({ name: snap.name, epoch: snap.epoch, params: snap.params,
      ...(snap.optimizer ? { optimizer: snap.optimizer } : {}), spec: state.spec }));
    if (doc.params) {
      session.setParams(doc.params);
      state.epoch = doc.epoch ?? 0;
      measure();
      state.series = emptySeries();
      recordSeries();
    }
    invalidate();
  }

  /**
   * Points alone (a CSV file): they replace the points, undoably, and the student's network,
   * weights and settings stay (a new class still changes the output layer, and says so).
   * @param {readonly { x1: number, x2: number, label: number }[]} points
   */
  function openPoints(points) {
    pause();
    clearAlert();
    state.drag = null;
    state.settings = { ...state.settings, dataset: "own" };
    commitPoints(points.map((p) => newPoint(p.x1, p.x2, p.label)));
  }

  /** Everything back to a first visit (undoable: the points stay in the history). */
  function resetAll() {
    const fresh = defaultSettings();
    applyDocument({ format: "backprop-lab", version: 1, settings: fresh, params: null, lesson: null,
      points: makePoints(core, fresh, []).map((p) => ({ x1: p.x1, x2: p.x2, label: p.label })) });
    state.away = null; // a first visit has never switched tasks
    onChanged();
  }

  /** The read-only test hook of DESIGN.md. @param {number | null} lesson */
  function snapshot(lesson) {
    const tf = state.settings.testFraction;
    return {
      spec: session.net.spec(),
      params: session.net.params(),
      points: currentPoints().map((p, i, all) => ({ x1: p.x1, x2: p.x2, label: p.label, test: pts.isTest(all, i, tf) })),
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
    confusionMatrix,
    trainOptions,
    /** The page's weights (a copy). */
    params: () => session.net.params(),
    /** The request to the worker still on its way, if any (tests wait for it). */
    settled: run.settled,
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
    takeSnapshot: guarded(takeSnapshot),
    restoreSnapshot: guarded(restoreSnapshot),
    deleteSnapshot: guarded(deleteSnapshot),
    forgetKept: guarded(forgetKept),
    editParams: guarded(editParams),
    iterate: guarded(iterate),
    pauseTraining: guarded(pauseTraining),
    trainFrame: guarded(run.trainFrame),
    /** Stops training (an error drawing a frame). */
    pause,
    keepWork,
    restoreWork: guarded(restoreWork),
    setUpLesson: guarded(setUpLesson),
    currentDocument,
    documentOf,
    applyDocument,
    resetAll,
    snapshot,
  };
}

/** @typedef {ReturnType<typeof createStore>} Store */

/**
 * The classes the output layer needs: those of the points, or 2 (unused) in regression, whose
 * labels are real targets.
 * @param {Settings} settings @param {readonly pts.Point[]} points
 */
function classesFor(settings, points) {
  return settings.task === "regress" ? 2 : pts.classesNeeded(points);
}

/** @param {unknown} e */
export function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}
