// pyexport.js: the current network, data and settings as a numpy script in the
// lecture's style (forward, get_gradients, add_gradients, gradient_descent, the
// loop), which reproduces the page's next epochs and prints the result as JSON.

import { refusal } from "./refusal.js";

/**
 * @typedef {{
 *   spec: { layers: number[], hidden: string, output: string, inputs: string[] },
 *   params: { W: number[][], b: number[] }[],
 *   xs: ArrayLike<number>, labels: ArrayLike<number>,
 *   learningRate: number, batchSize: number, reduction: "sum" | "mean",
 *   epochs: number, stopLoss?: number | null,
 *   update?: import("../types").UpdateOptions,
 *   pageLosses?: ArrayLike<number> | null,
 * }} PythonExport
 * update: the optimizer and regularization (absent or plain: the lecture's gradient_descent)
 * pageLosses: the page's loss for each of these epochs (the core's train().losses from the same
 * state): the script says at which epoch its own numbers leave them
 */

/** numpy for each input feature of x = (x1, x2). */
const FEATURES = /** @type {Record<string, string>} */ ({
  x1: "x1", x2: "x2", x1sq: "x1 * x1", x2sq: "x2 * x2", x1x2: "x1 * x2", sinx1: "np.sin(x1)", sinx2: "np.sin(x2)",
});

/** g(z) and g'(z) given a = g(z), for each hidden activation. */
const ACTIVATIONS = /** @type {Record<string, [string, string]>} */ ({
  sigmoid: ["1 / (1 + np.exp(-z))", "a * (1 - a)"],
  tanh: ["np.tanh(z)", "1 - a * a"],
  relu: ["np.maximum(z, 0)", "(z > 0).astype(float)"],
  linear: ["z", "np.ones_like(z)"],
});

/** A number written so that Python reads back exactly the same double. @param {number} v */
function num(v) {
  if (!Number.isFinite(v)) throw refusal("refuse.export.number", { value: String(v) });
  return String(v);
}

/** @param {number[][]} rows */
function matrix(rows) {
  return `np.array([${rows.map((r) => `[${r.map(num).join(", ")}]`).join(",\n              ")}])`;
}

/**
 * The page's losses, epoch by epoch, for the script to compare its own with (none: an empty list).
 * @param {ArrayLike<number> | null | undefined} losses
 */
function pageLossLines(losses) {
  const all = losses ? Array.from(losses) : [];
  const end = all.findIndex((v) => !Number.isFinite(v)); // a diverged run: compare up to there
  const list = end < 0 ? all : all.slice(0, end);
  return [
    "# The page's loss at each of these epochs (the core's train() from the same weights), to compare with:",
    "# floating-point rounding can make a long run part from it; the script reports where.",
    `page_losses = [${list.map(num).join(", ")}]`,
    "leaves_page_at = None",
  ];
}

/**
 * The script's text.
 * @param {PythonExport} e
 * @returns {string}
 */
export function pythonScript(e) {
  const n = e.labels.length;
  const { hidden, output, inputs } = e.spec;
  if (n === 0) throw refusal("refuse.export.noPoints");
  if (!ACTIVATIONS[hidden]) throw refusal("refuse.export.activation", { name: hidden });
  if (!inputs.every((f) => FEATURES[f])) throw refusal("refuse.export.feature");
  const X = Array.from({ length: n }, (_, i) => [e.xs[2 * i], e.xs[2 * i + 1]]);
  const batch = e.batchSize === 0 ? n : Math.min(e.batchSize, n);
  const [g, gPrime] = ACTIVATIONS[hidden];
  const softmax = output === "softmax";
  const linear = output === "linear"; // regression: a = z, L = ½(a − y)², y a real target
  const u = e.update ?? {};
  const plain = (u.optimizer ?? "gd") === "gd" && (u.regularization ?? "none") === "none";
  const lines = [
    "# Exported from backprop-lab: the lecture's training loop (Mạng nơ-rơn nhân tạo),",
    "# generalised to any number of layers. Run: python3 this_file.py",
    "import json",
    "import sys",
    "import numpy as np",
    "",
    "np.seterr(over='ignore')  # exp of a very negative z overflows to inf, and 1 / (1 + inf) is the right 0",
    "",
    linear ? "# The data: one point (x1, x2) per row of X (x2 is the target; the network reads x1), its target in y."
      : "# The data: one point (x1, x2) per row of X, its class in y.",
    `X = ${matrix(X)}`,
    `y = np.array([${Array.from(e.labels, (v) => String(v)).join(", ")}])`,
    "",
    "# W[l] is out x in: row i holds the weights into neuron i of layer l + 1.",
    `W = [${e.params.map((p) => matrix(p.W)).join(",\n     ")}]`,
    `b = [${e.params.map((p) => `np.array([${p.b.map(num).join(", ")}]).reshape(-1, 1)`).join(",\n     ")}]`,
    "",
    "",
    "def features(x):",
    "    \"\"\"a[0]: the network's inputs for the point x = (x1, x2).\"\"\"",
    "    x1, x2 = x[0, 0], x[1, 0]",
    `    return np.array([${inputs.map((f) => FEATURES[f]).join(", ")}]).reshape(-1, 1)`,
    "",
    "",
    "def g(z):",
    `    return ${g}`,
    "",
    "",
    "def g_prime(z, a):",
    `    return ${gPrime}`,
    "",
    "",
    "def output(z):",
    softmax ? "    e = np.exp(z - np.max(z))\n    return e / np.sum(e)" : linear ? "    return z  # linear: a = z" : "    return 1 / (1 + np.exp(-z))",
    "",
    "",
    "def forward(x, W, b):",
    "    z, a = [None], [features(x)]",
    "    for l in range(len(W)):",
    "        z.append(np.matmul(W[l], a[l]) + b[l])",
    "        a.append(output(z[-1]) if l == len(W) - 1 else g(z[-1]))",
    "    return z, a",
    "",
    "",
    "def get_loss(y, z):",
    softmax
      ? "    \"\"\"Cross-entropy -log a[y], computed from z so it stays finite.\"\"\"\n    m = np.max(z)\n    return m + np.log(np.sum(np.exp(z - m))) - z[y, 0]"
      : linear ? "    \"\"\"Squared error 1/2 (a - y)^2, with a = z.\"\"\"\n    return 0.5 * (z[0, 0] - y) ** 2"
      : "    \"\"\"Binary cross-entropy -(y log a + (1-y) log(1-a)), computed from z so it stays finite.\"\"\"\n    return np.logaddexp(0, z[0, 0]) - y * z[0, 0]",
    "",
    "",
    "def get_gradients(z, a, y, W):",
    "    L = len(W)",
    "    dW, db = [None] * L, [None] * L",
    softmax
      ? "    dz = a[L] - np.eye(a[L].shape[0])[:, [y]]  # dL/dz[L] = a[L] - onehot(y)"
      : "    dz = a[L] - y  # dL/dz[L] = a[L] - y",
    "    for l in range(L, 0, -1):",
    "        dW[l - 1] = np.matmul(dz, a[l - 1].T)  # dL/dW[l] = dz[l] a[l-1]^T",
    "        db[l - 1] = dz  # dL/db[l] = dz[l]",
    "        if l > 1:",
    "            da = np.matmul(W[l - 1].T, dz)  # dL/da[l-1] = W[l]^T dz[l]",
    "            dz = da * g_prime(z[l - 1], a[l - 1])  # dL/dz[l-1] = da[l-1] o g'(z[l-1])",
    "    return dW, db",
    "",
    "",
    "def get_zero_gradients(W, b):",
    "    return [np.zeros_like(w) for w in W], [np.zeros_like(v) for v in b]",
    "",
    "",
    "def add_gradients(tdW, tdb, dW, db):",
    "    return [t + d for t, d in zip(tdW, dW)], [t + d for t, d in zip(tdb, db)]",
    "",
    "",
    "def gradient_descent(W, b, tdW, tdb, alpha):",
    "    return [w - alpha * d for w, d in zip(W, tdW)], [v - alpha * d for v, d in zip(b, tdb)]",
    "",
    "",
    ...(plain ? [] : updateLines(u)),
    `alpha = ${num(e.learningRate)}`,
    `batch_size = ${batch}  # ${batch === n ? "full batch, as in the lecture" : "mini-batches"}`,
    `epochs = ${e.epochs}`,
    `stop_loss = ${e.stopLoss == null ? "None" : num(e.stopLoss)}`,
    `N = X.shape[0]`,
    ...pageLossLines(e.pageLosses),
    "run = 0",
    "for i in range(epochs):",
    "    totalL = 0",
    "    tdW, tdb = get_zero_gradients(W, b)",
    "    count = 0",
    "    for j in range(N):",
    "        x = X[j, :].reshape(2, 1)",
    "        z, a = forward(x, W, b)",
    "        totalL += (1.0 / N) * get_loss(y[j], z[-1])",
    "        dW, db = get_gradients(z, a, y[j], W)",
    "        tdW, tdb = add_gradients(tdW, tdb, dW, db)",
    "        count += 1",
    "        if count == batch_size or j == N - 1:",
    ...(plain
      ? [e.reduction === "mean"
        ? "            W, b = gradient_descent(W, b, tdW, tdb, alpha / count)  # mean of the batch's gradients"
        : "            W, b = gradient_descent(W, b, tdW, tdb, alpha)  # summed gradients, as in the lecture"]
      : [e.reduction === "mean"
        ? "            W, b = update(W, b, [d / count for d in tdW], [d / count for d in tdb], alpha)  # mean of the batch's gradients"
        : "            W, b = update(W, b, tdW, tdb, alpha)  # summed gradients"]),
    "            tdW, tdb = get_zero_gradients(W, b)",
    "            count = 0",
    "    if leaves_page_at is None and i < len(page_losses) and abs(totalL - page_losses[i]) > 1e-12 * max(1.0, abs(page_losses[i])):",
    "        leaves_page_at = i + 1",
    "    run = i + 1",
    "    if stop_loss is not None and totalL < stop_loss:",
    "        break",
    "",
    "final_loss = sum(get_loss(y[j], forward(X[j, :].reshape(2, 1), W, b)[0][-1]) for j in range(N)) / N",
    "if leaves_page_at is not None:",
    "    print(f'From epoch {leaves_page_at} this run leaves the page\\'s losses: the same arithmetic in another order rounds',",
    "          'differently (by about 1e-16), and training can grow the difference: over a long run, or at once where a',",
    "          'gradient is exactly 0 (points mirror-symmetric about (0, 0) give every bias a zero gradient while the',",
    "          'biases are 0) and Adam, which divides a gradient by its own size, turns what rounding leaves in it into',",
    "          'full steps.', file=sys.stderr)",
    "# JSON has no NaN or Infinity: a loss that overflowed is written as null.",
    "print(json.dumps({'epochs': run, 'loss': float(final_loss) if np.isfinite(final_loss) else None, 'leaves_page_at': leaves_page_at,",
    "                  'params': [{'W': w.tolist(), 'b': v.ravel().tolist()} for w, v in zip(W, b)]}))",
    "",
  ];
  return lines.join("\n");
}

/**
 * The step with an optimizer and regularization (DESIGN.md, "Training extensions"): g is the
 * batch's gradient after the reduction; L2 adds λW and L1 λ·sign(W) to the weights' g (never
 * the biases'); then gradient descent, momentum or Adam, whose state carries over between steps.
 * @param {import("../types").UpdateOptions} u
 */
function updateLines(u) {
  const optimizer = u.optimizer ?? "gd";
  const reg = u.regularization ?? "none";
  return [
    `optimizer = '${optimizer}'`,
    `mu = ${num(u.momentum ?? 0.9)}  # momentum`,
    `beta1, beta2, epsilon = ${num(u.beta1 ?? 0.9)}, ${num(u.beta2 ?? 0.999)}, ${num(u.epsilon ?? 1e-8)}  # Adam`,
    `regularization = '${reg}'`,
    `lam = ${num(u.regularizationRate ?? 0)}  # lambda`,
    "state = {'t': 0}",
    "",
    "",
    "def penalised(W, gW):",
    "    \"\"\"The weights' gradient with the penalty's: + lam W (L2) or + lam sign(W) (L1); biases get none.\"\"\"",
    "    if regularization == 'l2':",
    "        return [g + lam * w for g, w in zip(gW, W)]",
    "    if regularization == 'l1':",
    "        return [g + lam * np.sign(w) for g, w in zip(gW, W)]",
    "    return gW",
    "",
    "",
    "def optimise(name, theta, g, alpha):",
    "    \"\"\"One optimizer step for one list of parameters; its velocity or moments live in state[name].\"\"\"",
    "    if optimizer == 'gd':",
    "        return [p - alpha * d for p, d in zip(theta, g)]",
    "    if optimizer == 'momentum':",
    "        v = state.setdefault(name, [np.zeros_like(p) for p in theta])",
    "        v[:] = [mu * vi + d for vi, d in zip(v, g)]  # v <- mu v + g",
    "        return [p - alpha * vi for p, vi in zip(theta, v)]",
    "    m, v = state.setdefault(name, ([np.zeros_like(p) for p in theta], [np.zeros_like(p) for p in theta]))",
    "    t = state['t']",
    "    m[:] = [beta1 * mi + (1 - beta1) * d for mi, d in zip(m, g)]",
    "    v[:] = [beta2 * vi + (1 - beta2) * d * d for vi, d in zip(v, g)]",
    "    m_hat = [mi / (1 - beta1 ** t) for mi in m]",
    "    v_hat = [vi / (1 - beta2 ** t) for vi in v]",
    "    return [p - alpha * mh / (np.sqrt(vh) + epsilon) for p, mh, vh in zip(theta, m_hat, v_hat)]",
    "",
    "",
    "def update(W, b, gW, gb, alpha):",
    "    state['t'] += 1",
    "    return optimise('W', W, penalised(W, gW), alpha), optimise('b', b, gb, alpha)",
    "",
    "",
  ];
}
