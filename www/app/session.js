// session.js: the one module that creates and holds every Network handle of the page: the
// page's own network (views and panels read it; only the session writes it, through the
// calls below), trial networks that check a file's weights before anything changes, the
// lessons' networks, and the one-step networks of exercises. Showing numbers never writes:
// sampleGradients reads one sample's gradients without touching the accumulator.

/** @typedef {import("../types").NetworkHandle} NetworkHandle */
/** @typedef {import("../types").Spec} Spec */
/** @typedef {import("../types").LayerParams} LayerParams */

/**
 * @param {Pick<import("../types").WasmModule, "Network">} core
 * @param {Spec} spec  the page's first network
 */
export function createSession(core, spec) {
  let net = new core.Network(spec);
  /** Networks lent out (to lessons), freed when given back. @type {Set<NetworkHandle>} */
  const lent = new Set();

  return {
    /** The page's network, for reading (predict, grids, forward, params …). */
    get net() {
      return net;
    },
    /**
     * Replaces the page's network with a fresh one for `spec`; throws on a bad spec, and the old one stays.
     * @param {Spec} next
     */
    rebuild(next) {
      const made = new core.Network(next);
      net.free();
      net = made;
      return net.spec();
    },
    /** @param {LayerParams[]} params */
    setParams(params) {
      net.setParams(params);
    },
    /**
     * The weights and what the optimizer remembers together (a snapshot, the worker's reply): the
     * next step goes on from that state as it would have. A state that does not fit is refused.
     * @param {LayerParams[]} params @param {import("../backprop-types").OptimizerState | null | undefined} optimizer
     */
    setTrained(params, optimizer) {
      net.setParams(params);
      if (optimizer) net.setOptimizerState(optimizer);
    },
    /**
     * Trains the page's network here (One epoch): the contract's train().
     * @param {Float64Array} xs @param {import("../types").Labels} labels @param {import("../types").TrainOptions} opts
     */
    train(xs, labels, opts) {
      return net.train(xs, labels, opts);
    },
    /**
     * One iteration of the lecture's loop on the training samples: zero the accumulator,
     * forward and backward for every sample (add_gradients), then gradient_descent with α.
     * @param {Float64Array} xs @param {import("../types").Labels} labels @param {number} alpha
     * @param {import("../types").UpdateOptions} [update]  the optimizer and regularization (the lecture: none)
     */
    iterate(xs, labels, alpha, update = {}) {
      net.zeroGrad();
      for (let i = 0; i < labels.length; i++) net.backward([xs[2 * i], xs[2 * i + 1]], labels[i]);
      net.step(alpha, update);
    },
    /**
     * Throws (with the core's words) unless `params` fit a network of `spec`, and, given the
     * points, unless that network gives them a finite loss and outputs (weights of 1e308 fit but
     * overflow: the error then has `overflow: true`). Changes nothing.
     * @param {Spec} trialSpec @param {LayerParams[] | null} params
     * @param {{ xs: Float64Array, labels: import("../types").Labels }} [points]
     * @param {import("../backprop-types").OptimizerState | null} [optimizer]  an optimizer's state that must fit too
     */
    check(trialSpec, params, points, optimizer) {
      const trial = new core.Network(trialSpec);
      try {
        if (!params) return;
        trial.setParams(params);
        if (optimizer) trial.setOptimizerState(optimizer);
        if (!points || points.labels.length === 0) return;
        let finite;
        try {
          finite = Number.isFinite(trial.loss(points.xs, points.labels)) && trial.predict(points.xs).every(Number.isFinite);
        } catch {
          finite = false; // the core refuses values that overflow
        }
        if (!finite) throw Object.assign(new Error("the weights give no finite loss on these points"), { overflow: true });
      } finally {
        trial.free();
      }
    },
    /**
     * The per-epoch losses of a run from `params` (train().losses), on a network of its own: the
     * page's numbers for a run it has not made (the Python export compares with them). Null if it fails.
     * @param {Spec} s
     * @param {ReturnType<NetworkHandle["params"]>} params
     * @param {{ xs: Float64Array, labels: import("../types").Labels }} samples
     * @param {Parameters<NetworkHandle["train"]>[2]} opts
     * @returns {Float64Array | null}
     */
    runLosses(s, params, samples, opts) {
      const trial = new core.Network(s);
      try {
        trial.setParams(params);
        return trial.train(samples.xs, samples.labels, opts).losses ?? null;
      } catch {
        return null; // a run that fails here is reported by the page's own training
      } finally {
        trial.free();
      }
    },
    /** A network of its own for a lesson; give it back with release. @param {Spec} s */
    create(s) {
      const made = new core.Network(s);
      lent.add(made);
      return made;
    },
    /** @param {NetworkHandle | null} handle */
    release(handle) {
      if (handle && lent.delete(handle)) handle.free();
    },
    /**
     * One iteration of the lecture's loop on a network of its own (an exercise's): for each sample
     * forward, then backward (added into the accumulator); the summed gradients; one step with α;
     * the weights after it. The network is freed before returning.
     * @param {Spec} s @param {LayerParams[]} params @param {[number, number][]} xs @param {number[]} labels @param {number} alpha
     */
    oneStep(s, params, xs, labels, alpha) {
      const trial = new core.Network(s);
      try {
        trial.setParams(params);
        trial.zeroGrad();
        const forwards = xs.map((x) => trial.forward(x));
        const backwards = xs.map((x, i) => trial.backward(x, labels[i]));
        const summed = trial.accumulated();
        trial.step(alpha);
        return { forwards, backwards, summed, after: trial.params() };
      } finally {
        trial.free();
      }
    },
    /** How many networks are lent out (tests and leaks). */
    get lentCount() {
      return lent.size;
    },
  };
}

/** @typedef {ReturnType<typeof createSession>} Session */

/**
 * One sample's loss and gradients, as backward() gives them, without adding into the accumulator.
 * @param {NetworkHandle} net @param {[number, number]} x @param {number} label
 */
export function sampleGradients(net, x, label) {
  return net.gradients(x, label);
}
