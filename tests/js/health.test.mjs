// The gradient-health chart shows vanished and dead gradients (zero included) at no cost:
// they are drawn on a floor of 1e-12, and the log axis never spans more decades than the data.
import { test } from "node:test";
import assert from "node:assert/strict";
import { plotted, yRange, FLOOR } from "../../www/panels/backprop/health.js";

test("zero and tiny norms sit on the floor; non-finite ones leave a gap; others are themselves", () => {
  assert.equal(plotted(0), FLOOR);
  assert.equal(plotted(1e-300), FLOOR);
  assert.equal(plotted(5e-13), FLOOR);
  assert.equal(plotted(Infinity), null);
  assert.equal(plotted(NaN), null);
  assert.equal(plotted(0.25), 0.25);
  assert.equal(plotted(1e200), 1e15);
});

test("the log axis spans whole decades from the floor at most: never hundreds of decades", () => {
  for (const [min, max] of [[FLOOR, 1e3], [1e-300, 1e300], [0, 0], [null, null], [0.01, 0.02]]) {
    const [lo, hi] = yRange(null, min, max);
    assert.ok(lo >= FLOOR / 10 && hi > lo, `${min}..${max} -> ${lo}..${hi}`);
    assert.ok(Math.log10(hi) - Math.log10(lo) <= 27 && Math.log10(lo) >= -12.0001, `${min}..${max}: ${lo}..${hi}`);
  }
  const [lo, hi] = yRange(null, plotted(0), 2.5);
  assert.deepEqual([lo, hi], [1e-12, 10]);
});
