// training-host.js: the training network's side of training. It holds its own Network and
// answers train requests: { id, setup?, epochs, opts } -> { id, epochs, loss, stopped, losses,
// params, ms } or { id, error, params, ms }. It runs inside the Web Worker (training-worker.js)
// and, in a browser without module workers, on the main thread behind the same interface.

/** @typedef {import("../types").LayerParams} LayerParams */
/**
 * What the page sends: `setup` only when the worker's network, data or weights are not the page's.
 * `xs, labels` are the training samples; `test` the test samples and `all` every point, which the
 * reply measures after training so the page does not have to (outputs for every point, test loss).
 * @typedef {{ xs: Float64Array, labels: import("../types").Labels }} SampleSet
 * `batch`: also measure the gradients summed over the training samples for the new weights
 * (what the backprop panels show while training).
 * @typedef {{ id: number, epochs: number, opts: Omit<import("../types").TrainOptions, "epochs">, batch?: boolean,
 *   setup?: { spec: import("../types").Spec, params: LayerParams[], optimizer?: import("../backprop-types").OptimizerState,
 *     xs: Float64Array, labels: import("../types").Labels,
 *     test?: SampleSet, all?: Float64Array } }} TrainRequest
 * @typedef {{ id: number, epochs: number, loss: number, stopped: boolean, losses: Float64Array | null,
 *   params: LayerParams[], optimizer?: import("../backprop-types").OptimizerState, ms: number, outputs: Float64Array | null, testLoss: number | null,
 *   batch: import("../backprop-types").BatchGradients | null }
 *   | { id: number, error: string, params: LayerParams[] | null, ms: number }} TrainReply
 */

/**
 * @param {Pick<import("../types").WasmModule, "Network">} core
 */
export function createTrainingHost(core) {
  /** @type {import("../types").NetworkHandle | null} */
  let net = null;
  let specKey = "";
  /** @type {Float64Array} */
  let xs = new Float64Array(0);
  /** @type {import("../types").Labels} */
  let labels = new Uint32Array(0);
  /** @type {SampleSet | null} */
  let test = null;
  /** @type {Float64Array | null} */
  let all = null;

  /** @param {TrainRequest} req @returns {TrainReply} */
  function handle(req) {
    const t0 = performance.now();
    try {
      if (req.setup) {
        const key = JSON.stringify(req.setup.spec);
        if (!net || key !== specKey) {
          const next = new core.Network(req.setup.spec);
          net?.free();
          net = next;
          specKey = key;
        }
        net.setParams(req.setup.params);
        if (req.setup.optimizer) net.setOptimizerState(req.setup.optimizer);
        xs = req.setup.xs;
        labels = req.setup.labels;
        test = req.setup.test && req.setup.test.labels.length > 0 ? req.setup.test : null;
        all = req.setup.all ?? null;
      }
      if (!net) throw new Error("the training network has not been set up");
    } catch (e) {
      return { id: req.id, error: e instanceof Error ? e.message : String(e), params: null, ms: performance.now() - t0 };
    }
    try {
      const r = net.train(xs, labels, { ...req.opts, epochs: req.epochs });
      const losses = /** @type {{ losses?: Float64Array }} */ (r).losses ?? null;
      const outputs = all ? net.predict(all) : null;
      const testLoss = test ? net.loss(test.xs, test.labels) : null;
      const batch = req.batch && labels.length > 0 ? net.batchGradients(xs, labels) : null;
      return { id: req.id, epochs: r.epochs, loss: r.loss, stopped: r.stopped, losses, params: net.params(),
        optimizer: net.optimizerState(), ms: performance.now() - t0, outputs, testLoss, batch };
    } catch (e) {
      // The core restored the weights from before the call.
      return { id: req.id, error: e instanceof Error ? e.message : String(e), params: net.params(), ms: performance.now() - t0 };
    }
  }

  return { handle };
}
