// The loss surface's pure part (www/model/surface.js): the parameters in the lecture's notation,
// and where a pair of values falls on the grid lossSurface() returns, checked against the core.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lab from "./load.mjs";
import { parameters, valueOf, gridPosition, colour } from "../../www/model/surface.js";

test("every parameter of the lecture's network, named W[l]ᵢⱼ and b[l]ᵢ from 1", () => {
  const ps = parameters([2, 3, 3, 1]);
  assert.equal(ps.length, 2 * 3 + 3 + 3 * 3 + 3 + 3 + 1);
  assert.deepEqual(ps[0], { ref: { layer: 0, param: "W", row: 0, col: 0 }, name: "W[1]₁₁" });
  assert.deepEqual(ps[2], { ref: { layer: 0, param: "b", row: 0, col: 0 }, name: "b[1]₁" });
  assert.equal(ps.at(-1).name, "b[3]₁");
  assert.equal(ps.at(-2).name, "W[3]₁₃");
});

test("a cell of lossSurface() is the loss with the two parameters at gridPosition's place", () => {
  const net = new lab.Network({ layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 1 });
  const { xs, labels } = lab.dataset("lecture", 20, 0, 1);
  const [first, second] = [parameters([2, 3, 3, 1]).at(-4).ref, parameters([2, 3, 3, 1]).at(-1).ref];
  const n = 9;
  const span = 2;
  const losses = net.lossSurface(xs, labels, { first, second, n, span });
  const p = net.params();
  const c1 = valueOf(p, first);
  const c2 = valueOf(p, second);
  for (const [r, c] of [[0, 0], [2, 7], [8, 3], [4, 4]]) {
    const t1 = c1 + span * (2 * c / (n - 1) - 1);
    const t2 = c2 + span * (1 - 2 * r / (n - 1));
    const at = gridPosition(t1, t2, c1, c2, span);
    assert.ok(Math.abs(at.x - c / (n - 1)) < 1e-12 && Math.abs(at.y - r / (n - 1)) < 1e-12, `cell ${r},${c}`);
    const moved = structuredClone(p);
    moved[first.layer].W[first.row][first.col] = t1;
    moved[second.layer].b[second.row] = t2;
    const probe = new lab.Network({ layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 1 });
    probe.setParams(moved);
    lab.assertClose(losses[r * n + c], probe.loss(xs, labels), 1e-12);
  }
});

test("the colour runs from dark blue (lowest) to yellow (highest) on a log scale", () => {
  assert.deepEqual(colour(0.1, 0.1, 10), [40, 30, 110]);
  assert.deepEqual(colour(10, 0.1, 10), [250, 230, 40]);
  assert.deepEqual(colour(1, 0.1, 10), [40, 160, 120]); // the middle of the log range
  assert.deepEqual(colour(NaN, 0.1, 10), [255, 255, 255]);
});
