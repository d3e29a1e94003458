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
