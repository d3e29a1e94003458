// plane.js: while training, the points layer is drawn in steps spread over frames
// (pointSteps); the steps draw exactly what drawPoints draws at once.
import { test } from "node:test";
import assert from "node:assert/strict";

/** A 2-D context that records every drawImage and accepts any other call. */
function recordingContext(log) {
  return new Proxy({}, {
    get(target, name) {
      if (name === "getTransform") return () => ({ a: 1 });
      if (name === "drawImage") return (_image, ...args) => log.push(args);
      if (name in target) return target[name];
      return () => {};
    },
    set(target, name, value) {
      target[name] = value;
      return true;
    },
  });
}

// plane.js draws each mark once into a small canvas (a sprite); here a canvas is a stand-in.
globalThis.document = /** @type {any} */ ({
  createElement: () => ({ width: 0, height: 0, getContext: () => recordingContext([]) }),
});
const { geometry, drawPoints, pointSteps } = await import("../../www/views/plane.js");

function scene(count) {
  const points = Array.from({ length: count }, (_, i) => ({
    x1: Math.cos(i) * (i / count), x2: Math.sin(i) * (i / count), label: i % 2, test: i % 7 === 0,
  }));
  return {
    image: null, n: 40, contour: null, points,
    wrong: Uint8Array.from(points, (_, i) => (i % 3 === 0 ? 1 : 0)),
    errors: Float64Array.from(points, (_, i) => (i % 5) / 5),
    selected: null, cursor: null,
  };
}

test("pointSteps draws what drawPoints draws, a part at a time", () => {
  const g = geometry(494);
  const s = scene(500);
  const atOnce = [];
  drawPoints(recordingContext(atOnce), g, s);
  const inSteps = [];
  let pauses = 0;
  for (const _ of pointSteps(recordingContext(inSteps), g, s)) pauses += 1;
  assert.ok(atOnce.length > 1000, `${atOnce.length} marks`);
  assert.deepEqual(inSteps, atOnce);
  assert.ok(pauses >= 5, `the drawing pauses ${pauses} times`);
});

test("a few points are drawn in one step", () => {
  let pauses = 0;
  for (const _ of pointSteps(recordingContext([]), geometry(494), scene(20))) pauses += 1;
  assert.equal(pauses, 0);
});

test("?grid=N asks for a fixed boundary grid (40 to 400 cells a side); anything else leaves the page's own", async () => {
  const { gridAsked } = await import("../../www/views/plane-view.js");
  assert.equal(gridAsked("?grid=200"), 200);
  assert.equal(gridAsked("?lang=en&grid=40"), 40);
  assert.equal(gridAsked("?grid=400"), 400);
  for (const q of ["", "?grid=", "?grid=39", "?grid=401", "?grid=1e2x", "?grid=150.5", "?grid=-200"]) assert.equal(gridAsked(q), null, q);
});
