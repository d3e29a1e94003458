// dataset(name, count, noise, seed): the page's data sets (notes/api.md).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Network, dataset, limits } from "./load.mjs";

const NAMES = ["lecture", "xor", "circle", "gaussians", "spiral", "moons", "linear"];
const BOUND = 1.2;

function checkShape(name, d, count) {
  assert.ok(d.xs instanceof Float64Array, `${name}: xs is a Float64Array`);
  assert.ok(d.labels instanceof Uint32Array, `${name}: labels is a Uint32Array`);
  assert.equal(d.xs.length, 2 * d.labels.length, `${name}: xs holds two values per label`);
  if (count !== undefined) assert.equal(d.labels.length, count, `${name}: count`);
  for (let i = 0; i < d.xs.length; i++) {
    assert.ok(Number.isFinite(d.xs[i]), `${name}: xs[${i}] = ${d.xs[i]} is finite`);
    assert.ok(Math.abs(d.xs[i]) <= BOUND, `${name}: xs[${i}] = ${d.xs[i]} lies in [-1.2, 1.2]`);
  }
  const maxClasses = limits().maxClasses;
  for (const l of d.labels) assert.ok(l < maxClasses, `${name}: label ${l} < ${maxClasses}`);
  const classes = new Set(d.labels);
  assert.ok(classes.has(0) && classes.has(1), `${name}: both red and green points`);
}

const same = (a, b) => a.xs.length === b.xs.length && a.xs.every((v, i) => Object.is(v, b.xs[i])) && a.labels.every((v, i) => v === b.labels[i]);

describe("dataset", () => {
  for (const name of NAMES) {
    test(`${name}: shape, finite, inside [-1.2, 1.2]², both classes`, () => {
      const count = name === "lecture" ? 20 : 200;
      for (const noise of [0, 0.2, 1]) {
        for (const seed of [1, 2, 12345]) checkShape(`${name} noise ${noise} seed ${seed}`, dataset(name, 200, noise, seed), count);
      }
      if (name !== "lecture") {
        checkShape(`${name} count 1000`, dataset(name, 1000, 0.5, 3), 1000);
        checkShape(`${name} count 10`, dataset(name, 10, 0.1, 3), 10);
      }
    });

    test(`${name}: same seed same data${name === "lecture" ? " (the fixed points whatever the seed)" : ", other seed other data"}`, () => {
      const a = dataset(name, 100, 0.3, 42);
      const b = dataset(name, 100, 0.3, 42);
      const c = dataset(name, 100, 0.3, 43);
      assert.ok(same(a, b), "same seed, same data");
      if (name === "lecture") assert.ok(same(a, c), "lecture ignores the seed");
      else assert.ok(!same(a, c), "another seed, other data");
    });

    test(`${name}: usable directly for training`, () => {
      const d = dataset(name, 60, 0.2, 7);
      const classes = Math.max(...d.labels) + 1;
      const spec = classes > 2
        ? { layers: [2, 4, classes], hidden: "tanh", output: "softmax", seed: 1 }
        : { layers: [2, 4, 1], hidden: "tanh", output: "sigmoid", seed: 1 };
      const net = new Network(spec);
      const r = net.train(d.xs, d.labels, { epochs: 5, learningRate: 0.1, batchSize: 10, reduction: "mean" });
      assert.equal(r.epochs, 5);
      assert.ok(Number.isFinite(r.loss));
    });
  }

  // Without noise every generator puts each class where its shape says: a swapped label, a
  // mirrored quadrant or a wrong radius is caught point by point.
  const points = (d) => Array.from(d.labels, (label, i) => ({ i, x1: d.xs[2 * i], x2: d.xs[2 * i + 1], label }));
  const SHAPES = {
    lecture: (p) => p.label === (p.x1 * p.x2 < 0 ? 1 : 0) || "green where x1 and x2 differ in sign, red where they agree",
    xor: (p) => (p.label === (p.x1 * p.x2 < 0 ? 1 : 0) && Math.abs(p.x1) >= 0.1 && Math.abs(p.x2) >= 0.1 &&
      Math.abs(p.x1) <= 1 && Math.abs(p.x2) <= 1) || "green in the quadrants where x1 and x2 differ in sign, 0.1 off the axes",
    circle: (p) => {
      const r = Math.hypot(p.x1, p.x2);
      return (p.label === 1 ? r <= 0.45 + 1e-12 : r >= 0.7 - 1e-12 && r <= 1 + 1e-12) ||
        `green inside radius 0.45, red in the ring 0.7-1 (radius ${r})`;
    },
    linear: (p) => {
      const side = p.x1 + 0.6 * p.x2 - 0.1;
      return (p.label === (side > 0 ? 1 : 0) && Math.abs(side) > 0.1) || `green where x1 + 0.6 x2 > 0.1 (side ${side})`;
    },
    moons: (p) => {
      // Undo the centring and scaling: label 0 lies on the upper unit half circle, label 1 on
      // the lower one shifted to (1, 0.5).
      const x = p.x1 / 0.75 + 0.5;
      const y = p.x2 / (0.75 * 1.3) + 0.25;
      const [c, s] = p.label === 0 ? [x, y] : [1 - x, 0.5 - y];
      return (Math.abs(c * c + s * s - 1) < 1e-9 && s >= -1e-12) || `moon ${p.label}: cos ${c}, sin ${s}`;
    },
    spiral: (p, count) => {
      // Point i is on its class's arm at the i-th step along (the arms half a turn apart), moved by
      // a jitter along the diagonal (0.02 · normal, the same on both axes).
      const along = Math.floor(p.i / 2) / (count / 2);
      const r = 0.05 + 0.95 * along;
      const t = 1.75 * 2 * Math.PI * along + Math.PI * p.label;
      const [dx, dy] = [p.x1 - r * Math.sin(t), p.x2 - r * Math.cos(t)];
      return (Math.abs(dx - dy) < 1e-9 && Math.abs(dx) < 0.1) || `arm ${p.label}, step ${p.i}: off by (${dx}, ${dy})`;
    },
  };

  for (const [name, holds] of Object.entries(SHAPES)) {
    test(`${name}: without noise, each class lies in its own region`, () => {
      for (const seed of [1, 2, 99]) {
        const d = dataset(name, 200, 0, seed);
        for (const p of points(d)) {
          const verdict = holds(p, d.labels.length);
          assert.equal(verdict, true, `${name} seed ${seed} point ${p.i} (${p.x1}, ${p.x2}) label ${p.label}: ${verdict}`);
        }
      }
    });
  }

  test("gaussians: without noise, red is centred on (-0.5, -0.5) and green on (0.5, 0.5)", () => {
    const d = dataset("gaussians", 400, 0, 5);
    for (const [label, c] of [[0, -0.5], [1, 0.5]]) {
      const mine = points(d).filter((p) => p.label === label);
      assert.equal(mine.length, 200);
      const mean = [mine.reduce((s, p) => s + p.x1, 0) / 200, mine.reduce((s, p) => s + p.x2, 0) / 200];
      // The spread is 0.18 per axis: the mean of 200 lies within 0.05 (four standard errors).
      assert.ok(Math.abs(mean[0] - c) < 0.05 && Math.abs(mean[1] - c) < 0.05, `label ${label}: mean ${mean}`);
      const sd = Math.sqrt(mine.reduce((s, p) => s + (p.x1 - mean[0]) ** 2, 0) / 199);
      assert.ok(sd > 0.14 && sd < 0.22, `label ${label}: spread ${sd}`);
    }
  });

  test("noise moves points off their regions: circle with noise 1 has points of both labels at every radius", () => {
    const d = points(dataset("circle", 400, 1, 3));
    assert.ok(d.some((p) => p.label === 1 && Math.hypot(p.x1, p.x2) > 0.6), "a green point outside the inner disc");
    assert.ok(d.some((p) => p.label === 0 && Math.hypot(p.x1, p.x2) < 0.6), "a red point inside the ring");
  });

  test("lecture: 20 points, 10 of each label, count and noise ignored", () => {
    const d = dataset("lecture", 20, 0, 1);
    assert.equal(d.labels.length, 20);
    assert.equal(d.labels.filter((l) => l === 0).length, 10);
    assert.equal(d.labels.filter((l) => l === 1).length, 10);
    assert.ok(same(d, dataset("lecture", 5, 0.9, 99)), "count, noise and seed are ignored");
  });

  test("lecture: not linearly separable (logistic regression stays below 100 % after 2000 epochs)", () => {
    const d = dataset("lecture", 20, 0, 1);
    for (const seed of [1, 2, 3]) {
      const net = new Network({ layers: [2, 1], hidden: "sigmoid", output: "sigmoid", seed });
      const r = net.train(d.xs, d.labels, { epochs: 2000, learningRate: 0.4, batchSize: 0, reduction: "sum" });
      assert.equal(r.epochs, 2000);
      const acc = net.accuracy(d.xs, d.labels);
      assert.ok(acc < 1, `seed ${seed}: logistic regression reached accuracy ${acc}`);
    }
  });

  test("lecture: the lecture's network learns it (α 0.4, summed, stop below 0.005)", () => {
    // DESIGN.md: the lecture's run converges below 0.005 within 20000 iterations.
    const d = dataset("lecture", 20, 0, 1);
    const results = [1, 2, 3, 4, 5].map((seed) => {
      const net = new Network({ layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid", seed });
      const r = net.train(d.xs, d.labels, { epochs: 20000, learningRate: 0.4, batchSize: 0, reduction: "sum", stopLoss: 0.005 });
      return { seed, ...r, accuracy: net.accuracy(d.xs, d.labels) };
    });
    const ok = results.filter((r) => r.loss < 0.0051 && r.epochs < 20000 && r.accuracy === 1);
    assert.ok(ok.length >= 1, `no seed converged: ${JSON.stringify(results)}`);
  });

  test("bad arguments throw a clear Error", () => {
    const bad = [
      ["unknown name", () => dataset("blobs", 100, 0.1, 1), /dataset|name|blobs|unknown/i],
      ["name not a string", () => dataset(5, 100, 0.1, 1), /dataset|name|string|expected/i],
      ["negative count", () => dataset("xor", -5, 0.1, 1), /count|points|number/i],
      ["count beyond maxPoints", () => dataset("xor", limits().maxPoints + 1, 0.1, 1), /count|points|max|10 ?000/i],
      ["count 2^32 + 5", () => dataset("xor", 2 ** 32 + 5, 0.1, 1), /count|points|max|number/i],
      ["NaN noise", () => dataset("xor", 100, NaN, 1), /noise/i],
      ["noise above 1", () => dataset("xor", 100, 1.5, 1), /noise/i],
      ["negative noise", () => dataset("xor", 100, -0.1, 1), /noise/i],
    ];
    for (const [what, fn, pattern] of bad) {
      let err;
      try {
        fn();
      } catch (e) {
        err = e;
      }
      assert.ok(err !== undefined, `${what}: did not throw`);
      assert.ok(err instanceof Error && !(err instanceof WebAssembly.RuntimeError), `${what}: threw ${err}`);
      assert.match(err.message, pattern, `${what}: message "${err.message}"`);
    }
    // the module still works
    assert.equal(dataset("xor", 10, 0.1, 1).labels.length, 10);
  });
});
