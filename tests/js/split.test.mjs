// The test split (www/model/points.js testMask): exactly round(f·n) test points, chosen by the
// points' keys, the same everywhere the page uses the split (samples, snapshot, plane, counts).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lab from "./load.mjs";
import * as pts from "../../www/model/points.js";
import { createStore } from "../../www/app/store.js";
import { createSession } from "../../www/app/session.js";
import { createTraining } from "../../www/app/training.js";
import { defaultSettings } from "../../www/model/settings.js";
import { specFor } from "../../www/model/spec.js";
import { LESSONS } from "../../www/model/lessons.js";

/** n points with keys from a seeded generator, as the page makes them. @param {number} n @param {number} seed */
function points(n, seed = 3) {
  const random = pts.seededRandom(seed);
  return Array.from({ length: n }, (_, i) => ({ x1: i, x2: -i, label: i % 2, key: random(), own: true }));
}

const count = (/** @type {readonly boolean[]} */ mask) => mask.filter(Boolean).length;

test("a test fraction f makes exactly round(f·n) of n points test points, for every n and f on the slider", () => {
  for (let n = 0; n <= 60; n++) {
    for (let percent = 0; percent <= 90; percent += 5) {
      const ps = points(n, n + 1);
      const f = percent / 100;
      const { train, test: held } = pts.toSamples(ps, f);
      assert.equal(held.labels.length, Math.round(f * n), `${percent}% of ${n}`);
      assert.equal(train.labels.length, n - Math.round(f * n));
      assert.equal(count(pts.testMask(ps, f)), Math.round(f * n));
    }
  }
});

test("the test points are the ones of smallest key, and a bigger fraction only adds test points", () => {
  const ps = points(40);
  const byKey = [...ps].sort((a, b) => a.key - b.key);
  const mask = pts.testMask(ps, 0.25);
  assert.deepEqual(ps.filter((_, i) => mask[i]).sort((a, b) => a.key - b.key), byKey.slice(0, 10));
  let before = pts.testMask(ps, 0);
  for (let percent = 5; percent <= 90; percent += 5) {
    const now = pts.testMask(ps, percent / 100);
    before.forEach((was, i) => assert.ok(!was || now[i], "a test point stays one as the slider moves up"));
    before = now;
  }
});

test("equal keys are split by position, still exactly", () => {
  const ps = points(9).map((p) => ({ ...p, key: 0.5 }));
  assert.deepEqual(pts.testMask(ps, 0.5), [true, true, true, true, true, false, false, false, false]);
});

test("adding a point changes no role unless the count of test points changes, and then only one", () => {
  const random = pts.seededRandom(11);
  let ps = points(10);
  for (let k = 0; k < 50; k++) {
    const before = pts.testMask(ps, 0.5);
    const next = [...ps, { x1: 0, x2: 0, label: 0, key: random(), own: true }];
    const after = pts.testMask(next, 0.5);
    const changed = before.filter((was, i) => was !== after[i]).length;
    const grew = Math.round(0.5 * next.length) - Math.round(0.5 * ps.length);
    assert.ok(changed <= 1, "at most one old point changes role");
    if (changed === 1) assert.ok(grew === 0 || after[next.length - 1] === false, "one role moves only as the count says");
    ps = next;
  }
});

test("lesson 8 (50 % of 30 points) tests on 15 points, and the snapshot, the samples and the plane agree", () => {
  const core = { Network: lab.Network, dataset: lab.dataset, limits: lab.limits };
  const settings = defaultSettings();
  const store = createStore({ core, session: createSession(core, specFor(settings, 2)),
    training: createTraining(core, { worker: false }), lang: "en", settings });
  const lesson = LESSONS.find((l) => l.setup?.testFraction === 0.5);
  assert.ok(lesson, "a lesson with a 50 % split");
  store.setUpLesson({ ...defaultSettings(), ...lesson.setup }, null);
  assert.equal(store.points().length, 30);
  assert.equal(store.samples().test.labels.length, 15);
  assert.equal(store.samples().train.labels.length, 15);
  assert.equal(store.snapshot(8).points.filter((p) => p.test).length, 15);
  assert.equal(store.plainPoints().filter((p) => p.test).length, 15);
  // the student's own 20 points at 50 %: 10 for testing
  store.act("clear");
  for (let i = 0; i < 20; i++) store.addPoint([i / 10 - 1, (i % 5) / 5], i % 2);
  assert.equal(store.samples().test.labels.length, 10);
  assert.equal(store.snapshot(null).points.filter((p) => p.test).length, 10);
});
