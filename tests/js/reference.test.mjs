// The JS contract (DESIGN.md) against the reference cases: values computed
// independently from the lecture's equations (tests/fixtures/cases.json).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  Network, limits, cases, flatX, u32, assertClose, plain, maxAbs, sigmoid, netFromCase,
} from "./load.mjs";

const TIGHT = 1e-9; // one forward/backward pass
const TRAJ = 1e-7; // a training trajectory (README: meaningful to ~100 epochs)
const GRID = 1e-12; // predictGrid against forward at the same point

const outputOf = (net, x) => Array.from(net.forward(x).at(-1).a);
const zerosLike = (grads) => grads.map(({ dW, db }) => ({ dW: dW.map((row) => row.map(() => 0)), db: db.map(() => 0) }));
const paramsMinus = (params, lr, grads) =>
  params.map(({ W, b }, l) => ({
    W: W.map((row, i) => row.map((w, j) => w - lr * grads[l].dW[i][j])),
    b: b.map((v, i) => v - lr * grads[l].db[i]),
  }));

/** The lecture's loop written out in JS with the contract's per-sample calls. */
function manualTrain(net, X, y, { epochs, learningRate, batchSize, reduction }) {
  const size = batchSize === 0 ? X.length : batchSize;
  net.zeroGrad();
  for (let e = 0; e < epochs; e++) {
    let inBatch = 0;
    for (let i = 0; i < X.length; i++) {
      net.backward(X[i], y[i]);
      inBatch += 1;
      if (inBatch === size || i === X.length - 1) {
        net.step(reduction === "mean" ? learningRate / inBatch : learningRate);
        inBatch = 0;
      }
    }
  }
}

for (const c of cases) {
  const N = c.X.length;
  const xs = flatX(c.X);
  const labels = u32(c.y);
  const C = c.spec.layers.at(-1);

  describe(`reference case ${c.name}`, () => {
    test("setParams then params() round-trips exactly", () => {
      const net = netFromCase(c);
      assert.deepEqual(plain(net.params()), c.params);
    });

    test("params() has one {W, b} per layer after the input, W out×in", () => {
      const net = new Network({ ...c.spec, seed: 1 });
      const p = net.params();
      assert.equal(p.length, c.spec.layers.length - 1);
      p.forEach(({ W, b }, l) => {
        assert.equal(W.length, c.spec.layers[l + 1], `W[${l}] rows`);
        for (const row of W) assert.equal(row.length, c.spec.layers[l], `W[${l}] columns`);
        assert.equal(b.length, c.spec.layers[l + 1], `b[${l}] length`);
        assert.ok(maxAbs(W) > 0 && Number.isFinite(maxAbs(W)), "initial weights are finite and not all zero");
      });
    });

    test("forward(X[0]) matches forward0 (z and a, every layer)", () => {
      const net = netFromCase(c);
      const f = net.forward(c.X[0]);
      assert.equal(f.length, c.forward0.length, "one {z, a} per layer after the input");
      assertClose(f, c.forward0, TIGHT, "forward");
    });

    test("backward(X[0], y[0]) matches backward0 (loss, dz, dW, db)", () => {
      const net = netFromCase(c);
      net.zeroGrad();
      const g = net.backward(c.X[0], c.y[0]);
      assert.equal(g.layers.length, c.backward0.layers.length);
      assertClose(g, c.backward0, TIGHT, "backward");
      // backward also adds into the accumulator (add_gradients)
      assertClose(net.accumulated(), c.backward0.layers.map(({ dW, db }) => ({ dW, db })), TIGHT, "accumulated");
    });

    test("loss(xs, labels) is the mean loss", () => {
      const net = netFromCase(c);
      assertClose(net.loss(xs, labels), c.mean_loss, TIGHT, "loss");
    });

    test("accumulator: zeroGrad, backward over all samples, accumulated() = sum_grads", () => {
      const net = netFromCase(c);
      net.backward(c.X[1], c.y[1]); // something to clear
      net.zeroGrad();
      assertClose(net.accumulated(), zerosLike(c.sum_grads), 0, "after zeroGrad");
      for (let i = 0; i < N; i++) {
        net.forward(c.X[(i + 3) % N]); // forward does not touch the accumulator
        net.backward(c.X[i], c.y[i]);
      }
      assertClose(net.accumulated(), c.sum_grads, TIGHT, "accumulated");
      assert.deepEqual(plain(net.params()), c.params, "backward leaves the weights alone");
    });

    test("batchGradients = mean loss and summed gradients, accumulator untouched", () => {
      const net = netFromCase(c);
      net.zeroGrad();
      net.backward(c.X[0], c.y[0]);
      const before = JSON.stringify(plain(net.accumulated()));
      const g = net.batchGradients(xs, labels);
      assertClose(g.loss, c.mean_loss, TIGHT, "batchGradients.loss");
      assertClose(g.layers, c.sum_grads, TIGHT, "batchGradients.layers");
      assert.equal(JSON.stringify(plain(net.accumulated())), before, "accumulator unchanged");
    });

    test("step(lr) after accumulating gives params − lr·sum_grads and clears the accumulator", () => {
      const net = netFromCase(c);
      net.zeroGrad();
      for (let i = 0; i < N; i++) net.backward(c.X[i], c.y[i]);
      const lr = 0.3;
      net.step(lr);
      assertClose(net.params(), paramsMinus(c.params, lr, c.sum_grads), TIGHT, "params");
      assertClose(net.accumulated(), zerosLike(c.sum_grads), 0, "accumulator after step");
      // a second step with an empty accumulator changes nothing
      const p = JSON.stringify(net.params());
      net.step(lr);
      assert.equal(JSON.stringify(net.params()), p);
    });

    if (c.train) {
      const t = c.train;
      const sumOpts = (epochs) => ({ epochs, learningRate: t.lr, batchSize: 0, reduction: "sum" });

      test(`train ${t.epochs} epochs full batch, sum, lr ${t.lr} → final_params, final_loss`, () => {
        const net = netFromCase(c);
        const r = net.train(xs, labels, sumOpts(t.epochs));
        assert.equal(r.epochs, t.epochs, "epochs run");
        assertClose(r.loss, t.final_loss, TRAJ, "returned loss");
        assertClose(net.params(), t.final_params, TRAJ, "final params");
        assertClose(net.loss(xs, labels), r.loss, 1e-12, "returned loss = loss() of the final weights");
      });

      test("train with epochs 1..k follows the losses sequence", () => {
        for (const k of [1, 2, 3, 4, 5, 8, 13, 21, 34, 55, 89].filter((k) => k < t.epochs)) {
          const net = netFromCase(c);
          const r = net.train(xs, labels, sumOpts(k));
          assert.equal(r.epochs, k);
          assertClose(r.loss, t.losses[k], TRAJ, `loss after ${k} epochs`);
        }
      });

      test("stopLoss: stops after the first epoch whose loss (before its update) is below it", () => {
        // Epochs k whose loss is a new running minimum, with a margin either side.
        const picks = [];
        let min = t.losses[0];
        for (let k = 1; k < t.epochs; k++) {
          if (t.losses[k] < min && min - t.losses[k] > 1e-6) picks.push({ k, stop: (t.losses[k] + min) / 2 });
          min = Math.min(min, t.losses[k]);
        }
        assert.ok(picks.length > 0, "the case has a decreasing stretch to test");
        const chosen = [picks[0], picks[Math.floor(picks.length / 2)], picks.at(-1)];
        // above the very first loss: stops after one epoch
        chosen.push({ k: 0, stop: t.losses[0] + 1 });
        for (const { k, stop } of chosen) {
          const net = netFromCase(c);
          const r = net.train(xs, labels, { ...sumOpts(t.epochs), stopLoss: stop });
          assert.equal(r.epochs, k + 1, `stopLoss ${stop}: losses[${k}] = ${t.losses[k]} is the first below it`);
          const expectedLoss = k + 1 < t.epochs ? t.losses[k + 1] : t.final_loss;
          assertClose(r.loss, expectedLoss, TRAJ, "loss of the final weights");
          const same = netFromCase(c);
          same.train(xs, labels, sumOpts(k + 1));
          assertClose(net.params(), plain(same.params()), 1e-12, "weights after the stop");
        }
        // a stopLoss never reached runs every epoch
        const net = netFromCase(c);
        const r = net.train(xs, labels, { ...sumOpts(10), stopLoss: 1e-9 });
        assert.equal(r.epochs, 10);
      });

      test('reduction "mean" with batchSize 0 equals "sum" with lr/N', () => {
        const epochs = 15;
        const a = netFromCase(c);
        const b = netFromCase(c);
        const ra = a.train(xs, labels, { epochs, learningRate: t.lr, batchSize: 0, reduction: "mean" });
        const rb = b.train(xs, labels, { epochs, learningRate: t.lr / N, batchSize: 0, reduction: "sum" });
        assert.equal(ra.epochs, rb.epochs);
        assertClose(ra.loss, rb.loss, 1e-10, "loss");
        assertClose(a.params(), plain(b.params()), 1e-10, "params");
      });
    }

    test("mini-batches: train equals a manual loop of backward + step", () => {
      const lr = c.train ? c.train.lr : 0.1;
      const epochs = 3;
      for (const batchSize of [1, 3, 7, N - 1, N, N + 5, 0]) {
        for (const reduction of ["sum", "mean"]) {
          const opts = { epochs, learningRate: lr, batchSize, reduction };
          const a = netFromCase(c);
          const b = netFromCase(c);
          const r = a.train(xs, labels, opts);
          manualTrain(b, c.X, c.y, opts);
          const what = `batchSize ${batchSize}, ${reduction}`;
          assert.equal(r.epochs, epochs, what);
          assertClose(a.params(), plain(b.params()), 1e-10, `params (${what})`);
          assertClose(r.loss, b.loss(xs, labels), 1e-10, `loss (${what})`);
        }
      }
    });

    test("predictGrid(n, lo, hi) layout matches forward at the cells", () => {
      const net = netFromCase(c);
      const before = JSON.stringify(net.params());
      for (const [n, lo, hi] of [[7, -1.5, 1.5], [2, -1, 1], [50, -6, 6], [33, 0.25, 0.75]]) {
        const g = net.predictGrid(n, lo, hi);
        assert.ok(g instanceof Float64Array, "predictGrid returns a Float64Array");
        assert.equal(g.length, n * n * C, `length for n = ${n}`);
        const cells = n <= 7 ? [...Array(n * n).keys()] : [0, n - 1, n * (n - 1), n * n - 1, Math.floor(n / 2) * n + 3, 5 * n + (n - 2), n + 1];
        for (const idx of cells) {
          const r = Math.floor(idx / n);
          const col = idx % n;
          const x1 = lo + ((hi - lo) * col) / (n - 1);
          const x2 = hi - ((hi - lo) * r) / (n - 1);
          const out = outputOf(net, [x1, x2]);
          for (let k = 0; k < C; k++) {
            assertClose(g[idx * C + k], out[k], GRID, `grid n=${n} cell (${r}, ${col}) class ${k}`);
          }
        }
      }
      assert.equal(JSON.stringify(net.params()), before, "predictGrid leaves the weights alone");
    });

    if (c.collapsed) {
      test("linear hidden layers collapse to a logistic regression g(Wx + b)", () => {
        const net = netFromCase(c);
        const p = net.params();
        // W = W3·W2·W1, b = W3·W2·b1 + W3·b2 + b3, built layer by layer: (W, b) ← (Wl·W, Wl·b + bl)
        let W = p[0].W.map((row) => [...row]);
        let b = [...p[0].b];
        for (const layer of p.slice(1)) {
          W = layer.W.map((row) => W[0].map((_, j) => row.reduce((s, w, k) => s + w * W[k][j], 0)));
          b = layer.W.map((row, i) => row.reduce((s, w, k) => s + w * b[k], 0) + layer.b[i]);
        }
        assertClose(W, c.collapsed.W, 1e-12, "W3·W2·W1");
        assertClose(b, c.collapsed.b, 1e-12, "collapsed bias");
        for (const x of [...c.X, [1.3, -0.7], [-1.5, 1.5]]) {
          const expected = sigmoid(W[0][0] * x[0] + W[0][1] * x[1] + b[0]);
          assertClose(outputOf(net, x)[0], expected, 1e-12, `output at (${x})`);
        }
      });
    }

    test("plain arrays and typed arrays are accepted alike", () => {
      const net = netFromCase(c);
      const plainXs = Array.from(xs);
      const plainLabels = Array.from(labels);
      assert.deepEqual(plain(net.forward(Float64Array.from(c.X[2]))), plain(net.forward(c.X[2])));
      assert.equal(net.loss(plainXs, plainLabels), net.loss(xs, labels));
      assert.deepEqual(plain(net.batchGradients(plainXs, plainLabels)), plain(net.batchGradients(xs, labels)));
      assert.deepEqual(Array.from(net.predict(plainXs)), Array.from(net.predict(xs)));
      assert.equal(net.accuracy(plainXs, plainLabels), net.accuracy(xs, labels));

      net.zeroGrad();
      const gTyped = net.backward(Float64Array.from(c.X[1]), c.y[1]);
      const accTyped = JSON.stringify(plain(net.accumulated()));
      net.zeroGrad();
      const gPlain = net.backward(c.X[1], c.y[1]);
      assert.deepEqual(plain(gTyped), plain(gPlain));
      assert.equal(JSON.stringify(plain(net.accumulated())), accTyped);

      // setParams with typed rows and biases
      const typedParams = c.params.map(({ W, b }) => ({ W: W.map((row) => Float64Array.from(row)), b: Float64Array.from(b) }));
      const t = new Network({ ...c.spec, seed: 2 });
      t.setParams(typedParams);
      assert.deepEqual(plain(t.params()), c.params);

      const opts = { epochs: 5, learningRate: 0.05, batchSize: 4, reduction: "mean" };
      const a = netFromCase(c);
      const b = netFromCase(c);
      const ra = a.train(xs, labels, opts);
      const rb = b.train(plainXs, plainLabels, opts);
      assert.deepEqual(ra, rb);
      assert.deepEqual(plain(a.params()), plain(b.params()));
    });

    test("extras: predict and accuracy agree with forward", () => {
      const net = netFromCase(c);
      const p = net.predict(xs);
      assert.ok(p instanceof Float64Array, "predict returns a Float64Array");
      assert.equal(p.length, N * C);
      let correct = 0;
      for (let i = 0; i < N; i++) {
        const out = outputOf(net, c.X[i]);
        for (let k = 0; k < C; k++) assertClose(p[i * C + k], out[k], GRID, `predict sample ${i} class ${k}`);
        const guess = C === 1 ? (out[0] >= 0.5 ? 1 : 0) : out.indexOf(Math.max(...out));
        if (guess === c.y[i]) correct += 1;
      }
      assertClose(net.accuracy(xs, labels), correct / N, 1e-15, "accuracy");
    });

    test("extras: neuronGrids holds every neuron's activation with predictGrid's layout", () => {
      const net = netFromCase(c);
      const n = 5;
      const [lo, hi] = [-1.5, 1.5];
      const g = net.neuronGrids(n, lo, hi);
      const neurons = c.spec.layers.slice(1).reduce((s, k) => s + k, 0);
      assert.equal(g.length, neurons * n * n);
      for (let idx = 0; idx < n * n; idx++) {
        const r = Math.floor(idx / n);
        const col = idx % n;
        const f = net.forward([lo + ((hi - lo) * col) / (n - 1), hi - ((hi - lo) * r) / (n - 1)]);
        let k = 0;
        for (const layer of f) {
          for (const a of layer.a) {
            assertClose(g[k * n * n + idx], a, GRID, `neuron ${k} cell (${r}, ${col})`);
            k += 1;
          }
        }
      }
    });

    test("extras: gradientCheck agrees with sum_grads and central differences", () => {
      const net = netFromCase(c);
      const rows = net.gradientCheck(xs, labels, 1e-6);
      const count = c.params.reduce((s, { W, b }) => s + W.length * W[0].length + b.length, 0);
      assert.equal(rows.length, count, "one row per parameter");
      const base = Math.min(...rows.map((r) => r.layer)); // 0- or 1-based layer numbers
      for (const r of rows) {
        const l = r.layer - base;
        const expected = r.param === "W" ? c.sum_grads[l].dW[r.row][r.col] : c.sum_grads[l].db[r.row];
        assertClose(r.backprop, expected, TIGHT, `backprop ${r.param}[${r.layer}](${r.row}, ${r.col})`);
        assertClose(r.numeric, expected, 1e-5, `numeric ${r.param}[${r.layer}](${r.row}, ${r.col})`);
        assert.ok(Number.isFinite(r.relError) && r.relError >= 0, `relError ${r.relError}`);
        // relative error means something only where the gradient is not tiny
        if (Math.abs(expected) > 1e-3) assert.ok(r.relError < 1e-5, `relError ${r.relError} of ${r.param}[${r.layer}](${r.row}, ${r.col})`);
      }
    });
  });
}

describe("seeds", () => {
  const spec = { layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid" };
  test("same seed, same initial weights; another seed, other weights", () => {
    const a = new Network({ ...spec, seed: 7 });
    const b = new Network({ ...spec, seed: 7 });
    const d = new Network({ ...spec, seed: 8 });
    assert.deepEqual(plain(a.params()), plain(b.params()));
    assert.notDeepEqual(plain(a.params()), plain(d.params()));
  });

  test("extras: spec() is the normalised spec, seed and inputs filled in", () => {
    const s = new Network({ ...spec, seed: 7 }).spec();
    assert.deepEqual(plain(s.layers), spec.layers);
    assert.equal(s.hidden, "sigmoid");
    assert.equal(s.output, "sigmoid");
    assert.equal(s.seed, 7);
    assert.deepEqual(plain(s.inputs), ["x1", "x2"]);
    const unseeded = new Network(spec).spec();
    assert.ok(Number.isInteger(unseeded.seed) && unseeded.seed >= 0, "a seed is picked when none is given");
    const again = new Network({ ...spec, seed: unseeded.seed });
    assert.deepEqual(plain(again.params()), plain(new Network({ ...spec, seed: unseeded.seed }).params()));
  });
});

describe("extras: input features and limits()", () => {
  test("features(x) computes the named features; forward uses them as a[0]", () => {
    const inputs = ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"];
    const net = new Network({ layers: [7, 3, 1], hidden: "tanh", output: "sigmoid", seed: 3, inputs });
    const [x1, x2] = [0.5, -0.3];
    const expected = [x1, x2, x1 * x1, x2 * x2, x1 * x2, Math.sin(x1), Math.sin(x2)];
    assertClose(Array.from(net.features([x1, x2])), expected, 1e-15, "features");
    const { W, b } = net.params()[0];
    const z = W.map((row, i) => row.reduce((s, w, j) => s + w * expected[j], b[i]));
    assertClose(Array.from(net.forward([x1, x2])[0].z), z, 1e-12, "z[1] = W[1] a[0] + b[1]");
  });

  test("limits() states the page's limits", () => {
    const l = limits();
    assert.equal(l.maxHiddenLayers, 6);
    assert.equal(l.maxNeurons, 16);
    assert.equal(l.maxClasses, 4);
    assert.equal(l.maxPoints, 10000);
    assert.deepEqual(plain(l.inputs), ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"]);
  });

  test("the largest network the limits allow can be built and trained", () => {
    const l = limits();
    const layers = [2, ...Array(l.maxHiddenLayers).fill(l.maxNeurons), l.maxClasses];
    const net = new Network({ layers, hidden: "relu", output: "softmax", seed: 1 });
    const xs = [0.1, 0.2, -0.3, 0.4];
    const labels = [0, 3];
    const initial = net.loss(xs, labels);
    const r = net.train(xs, labels, { epochs: 50, learningRate: 0.01, batchSize: 0, reduction: "mean" });
    assert.equal(r.epochs, 50);
    // It learns: the loss of the final weights is below the initial loss, and the loss measured
    // in each epoch never rises on these two points (full batch, small α).
    assert.ok(r.loss < initial * 0.9, `loss ${initial} -> ${r.loss}`);
    assert.ok(Math.abs(r.losses[0] - initial) <= 1e-12 * initial, `first epoch's loss ${r.losses[0]} is the initial ${initial}`);
    for (let i = 1; i < r.losses.length; i++) assert.ok(r.losses[i] <= r.losses[i - 1], `epoch ${i + 1}: ${r.losses[i - 1]} -> ${r.losses[i]}`);
  });
});
