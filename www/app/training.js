// training.js: where training runs. The page asks for a number of epochs at a time and gets
// the new weights back, from a Web Worker (training-worker.js) where the browser has module
// workers, else from the same host on the main thread (as before the worker existed).
// It also knows what the worker holds, so a request carries the network, the data and the
// weights only when they differ from the page's.

import { createTrainingHost } from "./training-host.js";

/** @typedef {import("./training-host.js").TrainRequest} TrainRequest */
/** @typedef {import("./training-host.js").TrainReply} TrainReply */
/** @typedef {import("../types").LayerParams} LayerParams */

/**
 * @param {import("../types").WasmModule} core
 * @param {{ worker?: boolean }} [options]  worker: false trains on the main thread
 */
export function createTraining(core, options = {}) {
  const wantWorker = options.worker !== false && typeof Worker !== "undefined";
  /** @type {Worker | null} */
  let worker = null;
  /** @type {ReturnType<typeof createTrainingHost> | null} */
  let local = null;
  /** @type {Map<number, { req: TrainRequest, resolve: (r: TrainReply) => void }>} */
  const pending = new Map();
  let nextId = 1;
  let started = false;

  /** Starts the worker (it loads its own copy of the core): after the first boundary, or at the first request. */
  function start() {
    if (started) return;
    started = true;
    if (wantWorker) {
      try {
        worker = new Worker(new URL("./training-worker.js", import.meta.url), { type: "module" });
      } catch {
        worker = null;
      }
    }
    if (!worker) {
      local = createTrainingHost(core);
      return;
    }
    worker.addEventListener("message", (e) => {
      const reply = /** @type {TrainReply} */ (e.data);
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      p.resolve(reply);
    });
    // A worker that cannot start (no module workers, a blocked script): train here instead.
    worker.addEventListener("error", (e) => {
      e.preventDefault();
      worker?.terminate();
      worker = null;
      const host = createTrainingHost(core);
      local = host;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.resolve(host.handle(p.req));
      }
    });
  }

  return {
    /** Where training runs: "worker" or "main thread". */
    get backend() {
      return (started ? worker !== null : wantWorker) ? "worker" : "main thread";
    },
    start,
    /**
     * Trains `epochs` epochs; resolves with the worker's reply.
     * @param {Omit<TrainRequest, "id">} request
     * @returns {Promise<TrainReply>}
     */
    request(request) {
      start();
      const req = { ...request, id: nextId++ };
      if (!worker) return Promise.resolve(/** @type {ReturnType<typeof createTrainingHost>} */ (local).handle(req));
      return new Promise((resolve) => {
        pending.set(req.id, { req, resolve });
        /** @type {Worker} */ (worker).postMessage(req);
      });
    },
  };
}

/**
 * Whether two sets of weights are equal, number for number.
 * @param {LayerParams[] | null} a
 * @param {LayerParams[] | null} b
 */
export function sameParams(a, b) {
  if (!a || !b || a.length !== b.length) return false;
  for (let l = 0; l < a.length; l++) {
    const A = a[l], B = b[l];
    if (A.b.length !== B.b.length || A.W.length !== B.W.length) return false;
    for (let i = 0; i < A.b.length; i++) if (A.b[i] !== B.b[i]) return false;
    for (let i = 0; i < A.W.length; i++) {
      const r = A.W[i], s = B.W[i];
      if (r.length !== s.length) return false;
      for (let j = 0; j < r.length; j++) if (r[j] !== s[j]) return false;
    }
  }
  return true;
}
