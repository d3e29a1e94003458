// The classroom's pure code (issue 16): share links that carry the open lesson (and old links
// that still open), and the lessons' challenges, checked from plain facts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeLink, decodeLink } from "../../www/model/sharelink.js";
import { LESSONS } from "../../www/model/lessons.js";

const points = [{ x1: 0.25, x2: 0.79, label: 0 }, { x1: -0.4, x2: 0.75, label: 1 }];
const settings = { hidden: [3], learningRate: 0.4 };
const params = [{ W: [[0.5, -1]], b: [0.25] }];

test("a share link round-trips the open lesson, with and without weights", () => {
  for (const lesson of LESSONS.map((l) => l.id)) {
    const withWeights = decodeLink(encodeLink({ points, settings, params, lesson }));
    assert.equal(withWeights.lesson, lesson);
    assert.deepEqual(withWeights.params, params);
    assert.deepEqual(withWeights.settings, settings);
    const without = decodeLink(encodeLink({ points, settings, params: null, lesson }));
    assert.equal(without.lesson, lesson);
    assert.equal(without.params, null);
    assert.equal(without.points.length, 2);
  }
  assert.equal(decodeLink(encodeLink({ points, settings, lesson: null })).lesson, null);
});

test("links made before lessons were carried still open (literal links of the old encoder)", () => {
  const old = "#s1.9AEsBgDg_NwFAQ.eyJoaWRkZW4iOlszXSwibGVhcm5pbmdSYXRlIjowLjR9.AQECAAAAAAAA4D8AAAAAAADwvwAAAAAAANA_";
  const back = decodeLink(old);
  assert.deepEqual(back.params, params);
  assert.deepEqual(back.settings, settings);
  assert.equal(back.lesson, null);
  const noWeights = decodeLink(old.slice(0, old.lastIndexOf(".")));
  assert.equal(noWeights.params, null);
  assert.equal(noWeights.lesson, null);
  // An old link and a new one of the same state differ only by the lesson part.
  assert.equal(encodeLink({ points, settings, params }), old);
});

test("a link's lesson part is checked: a damaged id is refused, not opened", () => {
  const link = encodeLink({ points, settings, lesson: "descent" });
  assert.match(link, /\.~descent$/);
  for (const bad of [`${link.slice(0, -7)}DES$ENT`, `${link}x`.replace("descent", "a".repeat(41)), link.replace("~descent", "~")]) {
    assert.throws(() => decodeLink(bad), (e) => e instanceof Error && /lesson/.test(e.message), bad);
  }
  assert.throws(() => encodeLink({ points, settings, lesson: "Not an id!" }), /lesson/);
});

import { goalMet, hiddenNeurons, loadMet, saveMet, MET_KEY } from "../../www/model/challenges.js";

const facts = (over) => ({ layers: [2, 3, 1], trainAcc: null, testAcc: null, trainLoss: null, rescues: 0, ...over });

test("lesson 8's challenge: 90 % test accuracy with at most 3 hidden neurons in all", () => {
  const goal = LESSONS.find((l) => l.id === "overfitting").goal;
  assert.equal(goal.kind, "accuracy");
  assert.equal(goalMet(goal, facts({ testAcc: 0.9 })), true);
  assert.equal(goalMet(goal, facts({ testAcc: 0.95, layers: [2, 2, 1, 1] })), true);
  assert.equal(goalMet(goal, facts({ testAcc: 0.89 })), false);
  assert.equal(goalMet(goal, facts({ testAcc: null, trainAcc: 1 })), false, "test accuracy, not train");
  assert.equal(goalMet(goal, facts({ testAcc: 1, layers: [2, 8, 8, 1] })), false, "too many neurons");
  assert.equal(goalMet(goal, facts({ testAcc: 1, layers: [2, 2, 2, 1] })), false, "4 hidden neurons in all");
  assert.equal(hiddenNeurons([2, 8, 8, 1]), 16);
  assert.equal(hiddenNeurons([2, 1]), 0);
});

test("lesson 6's challenge is met by a rescue after divergence; lesson 2's by the lecture's stop loss", () => {
  const rescue = LESSONS.find((l) => l.id === "descent").goal;
  assert.equal(goalMet(rescue, facts({})), false);
  assert.equal(goalMet(rescue, facts({ rescues: 1 })), true);
  const loss = LESSONS.find((l) => l.id === "network").goal;
  assert.equal(goalMet(loss, facts({ trainLoss: 0.0049 })), true);
  assert.equal(goalMet(loss, facts({ trainLoss: 0.005 })), false);
  assert.equal(goalMet(loss, facts({ trainLoss: null })), false);
});

test("met challenges are kept in the browser's storage and read back; a blocked or damaged storage gives none", () => {
  const items = new Map();
  const storage = { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
  assert.deepEqual([...loadMet(storage)], []);
  assert.equal(saveMet(storage, new Set(["overfitting", "descent"])), true);
  assert.equal(items.get(MET_KEY), '["descent","overfitting"]');
  assert.deepEqual([...loadMet(storage)].sort(), ["descent", "overfitting"]);
  items.set(MET_KEY, "{not json");
  assert.deepEqual([...loadMet(storage)], []);
  items.set(MET_KEY, '[1, "descent", {"x": 2}]');
  assert.deepEqual([...loadMet(storage)], ["descent"]);
  const blocked = { getItem() { throw new Error("blocked"); }, setItem() { throw new Error("blocked"); } };
  assert.deepEqual([...loadMet(blocked)], []);
  assert.equal(saveMet(blocked, new Set(["descent"])), false);
  assert.equal(saveMet(null, new Set(["descent"])), false);
});

test("every challenge speaks both languages", () => {
  const goals = LESSONS.filter((l) => l.goal);
  assert.ok(goals.length >= 3);
  for (const l of goals) for (const lang of ["en", "vi"]) assert.ok(l.goal.text[lang].length > 20, `${l.id} ${lang}`);
});
