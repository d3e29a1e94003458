// run.js: training the page's network: One epoch here, Train in the worker (or here when
// there is none), the stop rules, divergence and the weights to go back to. Part of the store
// (store.js): it changes the store's state through the store's own helpers.

import { fmtLoss } from "../model/format.js";
import { logEpochs } from "../model/series.js";
import { plan, observe, trainingBudget, SPEEDS } from "../model/trainer.js";
import { isDiverging } from "../model/divergence.js";
import { sameParams } from "./training.js";
import { updateOptions } from "../model/settings.js";

/** Milliseconds of training per request to the worker: about a frame, so the boundary moves every frame. */
const WORKER_BUDGET_MS = 14;
/** The weights to go back to after divergence are copied at most this often (ms). */
const LAST_GOOD_MS = 250;
/** The backprop panels get the worker's batch gradients at most this often (ms). */
const BATCH_MS = 200;

/** @typedef {import("../types").NetworkHandle} NetworkHandle */
/** @typedef {import("../types").LayerParams} LayerParams */
/** @typedef {{ key: string, values?: Record<string, string | number> }} Message */

/**
 * @param {{
 *   state: import("./store.js").State,
 *   session: import("./session.js").Session,
 *   training: ReturnType<typeof import("./training.js").createTraining>,
 *   samples: () => ReturnType<typeof import("../model/points.js").toSamples>,
 *   measure: (trainLoss?: number) => void,
 *   measured: (outputs: Float64Array, trainLoss: number | null, testLoss: number | null) => void,
 *   recordSeries: () => void,
 *   invalidate: () => void,
 *   setStatus: (key: string, values?: Record<string, string | number>) => void,
 *   setAlert: (key: string, values?: Record<string, string | number>) => void,
 *   clearAlert: () => void,
 *   rebuildNetwork: (message: Message | null) => void,
 *   guarded: <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => void,
 * }} ctx
 */
export function createRun(ctx) {
  const { state, session, training, samples, measure, measured, recordSeries, invalidate, setStatus, setAlert,
    clearAlert, rebuildNetwork, guarded } = ctx;

  function trainOptions() {
    const s = state.settings;
    const batchSize = s.batch === "full" ? 0 : s.batch === "one" ? 1 : s.batchSize;
    return { learningRate: s.learningRate, batchSize, reduction: s.reduction, ...updateOptions(s) };
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
      // The optimizer's state goes with the weights, so momentum and Adam go on as they would have.
      ...(upToDate ? {} : { setup: { spec: state.spec, params, optimizer: session.net.optimizerState(), xs: train.xs, labels: train.labels,
        test, all: all.all.xs } }),
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
    session.setTrained(reply.params, reply.optimizer); // the page's network mirrors the worker's, optimizer included
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

  return {
    trainOptions,
    trainEpochs,
    pause,
    start,
    trainFrame,
    /** The request to the worker still on its way, if any (tests wait for it). */
    settled: () => lastReply,
  };
}

/** @param {unknown} e */
function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}
