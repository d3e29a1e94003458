// Share links, version 3 (issue 15): a link also carries the snapshots (names, epochs, weights,
// the optimizer's state) and the other task's settings and points; links made before it (s1, s2,
// fixed strings written by the page as it was) still open; damaged parts are refused in words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeLink, decodeLink, fitsInLink } from "../../www/model/sharelink.js";
import { mulberry32, mutate } from "../fuzz.mjs";
import { reasonOf } from "../../www/model/refusal.js";
import * as lab from "./load.mjs";

const points = [{ x1: 0.5, x2: -0.25, label: 1 }, { x1: -1.2, x2: 1.1, label: 0 }];
const settings = { dataset: "own", learningRate: 0.4, optimizer: "adam", hidden: [3] };
const SPEC = { layers: [2, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 4 };

/** Snapshots as the page keeps them: a run's weights and optimizer state after some epochs, for each optimizer. */
function snapshotsOf() {
  const xs = Float64Array.from(points.flatMap((p) => [p.x1, p.x2]));
  const labels = Uint32Array.from(points.map((p) => p.label));
  return [["Trước Adam ✓", "adam"], ["momentum", "momentum"], ["gd", "gd"], ["fresh", null]].map(([name, optimizer], i) => {
    const net = new lab.Network(SPEC);
    if (optimizer) net.train(xs, labels, { epochs: 5 + i, learningRate: 0.1, optimizer, momentum: 0.7 });
    const snap = { name, epoch: 5 + i, params: net.params(), optimizer: net.optimizerState() };
    net.free();
    return lab.plain(snap);
  });
}

test("a link carries the snapshots, their optimizer state and the other task, exactly", () => {
  const snapshots = snapshotsOf();
  const away = { settings: { task: "regress", learningRate: 0.01, optimizer: "adam" }, points: [{ x1: 0.5, x2: 0.75, label: 0.75 }, { x1: -1, x2: -0.5, label: -0.5 }] };
  const params = snapshots[0].params;
  const link = encodeLink({ points, settings, params, snapshots, away, lesson: "l12" });
  assert.ok(link.startsWith("#s3.") && fitsInLink(link), link.slice(0, 10));
  const back = decodeLink(link);
  assert.deepEqual(back.params, params);
  assert.equal(back.lesson, "l12");
  assert.deepEqual(back.settings, settings);
  assert.deepEqual(back.points, points.map((p) => ({ ...p })));
  // A snapshot without an optimizer state ("fresh": null) comes back without one: the same on going back.
  assert.deepEqual(back.snapshots, snapshots.map((s) => (s.optimizer.optimizer ? s : { name: s.name, epoch: s.epoch, params: s.params })));
  assert.deepEqual(back.away, away);
  // The snapshots' states fit a network: given back, a momentum run continues as the original.
  const net = new lab.Network(SPEC);
  net.setParams(back.snapshots[1].params);
  net.setOptimizerState({ ...back.snapshots[1].optimizer });
  assert.deepEqual(lab.plain(net.optimizerState()), snapshots[1].optimizer);
  net.free();
  // The other task alone, or snapshots alone, also make a version 3 link; neither: as before.
  assert.deepEqual(decodeLink(encodeLink({ points, settings, away })).away, away);
  assert.equal(decodeLink(encodeLink({ points, settings, snapshots })).snapshots?.length, 4);
  assert.ok(encodeLink({ points, settings, params, snapshots: [], away: null }).startsWith("#s1."));
  assert.ok(encodeLink({ points: away.points, settings: away.settings, away: { settings, points } }).startsWith("#s3."));
  const regression = decodeLink(encodeLink({ points: away.points, settings: away.settings, away: { settings, points } }));
  assert.deepEqual(regression.points, away.points);
  assert.deepEqual(regression.away?.points, points);
});

test("links made before version 3 still open (fixed strings of the page as it was)", () => {
  const s1 = "#s1.6AMM_gGg9pgIAMgAkAEC.eyJkYXRhc2V0Ijoib3duIiwibGVhcm5pbmdSYXRlIjowLjQsIm9wdGltaXplciI6ImFkYW0iLCJoaWRkZW4iOlszXX0.AgMCAwMAAAAAAADgPwAAAAAAAPS_AAAAAAAAAEAAAAAAAADAP_yp8dJNYlA_AAAAAAAAHMCamZmZmZm5P5qZmZmZmcm_MzMzMzMz0z8AAAAAAADwPwAAAAAAAABAAAAAAAAACEAAAAAAAAAQQAAAAAAAABRAAAAAAAAAGEAAAAAAAAAcQAAAAAAAACBAAAAAAAAAIkAAAAAAAAAAAAAAAAAAAPA_AAAAAAAAAEA.~l6";
  const one = decodeLink(s1);
  assert.deepEqual(one.points, [{ x1: 0.5, x2: -0.25, label: 1 }, { x1: -1.2, x2: 1.1, label: 0 }, { x1: 0.1, x2: 0.2, label: 2 }]);
  assert.deepEqual(one.params, [{ W: [[0.5, -1.25], [2, 0.125], [1e-3, -7]], b: [0.1, -0.2, 0.3] }, { W: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], b: [0, 1, 2] }]);
  assert.equal(one.lesson, "l6");
  assert.equal(one.snapshots, undefined);
  const two = decodeLink("#s2.6APcBQAw-Bj8AA.eyJ0YXNrIjoicmVncmVzcyIsImxlYXJuaW5nUmF0ZSI6MC4wMX0");
  assert.deepEqual(two.points, [{ x1: 0.5, x2: 0.75, label: 0.75 }, { x1: -1, x2: -0.5, label: -0.5 }]);
  assert.deepEqual(two.settings, { task: "regress", learningRate: 0.01 });
  assert.equal(two.params, null);
});

test("a damaged version 3 link is refused in words, never read wrongly", () => {
  const link = encodeLink({ points, settings, params: snapshotsOf()[0].params, snapshots: snapshotsOf(),
    away: { settings: { task: "regress" }, points: [{ x1: 0, x2: 0.5, label: 0.5 }] } });
  const [prefix, p0, p1, p2, p3, p4] = link.split(/(?<=^#s3)\.|\./);
  assert.equal(prefix, "#s3");
  /** @param {string} text @param {RegExp} pattern */
  const refused = (text, pattern) => assert.throws(() => decodeLink(text), (e) => {
    assert.ok(e instanceof Error && "reason" in e, "a refusal with its reason in words (both languages)");
    assert.match(e.message, pattern);
    return true;
  });
  refused(`#s3.${p0}.${p1}.${p2}.${p3}`, /incomplete/);
  refused(`#s3.${p0}.${p1}.${p2}.${p3.slice(0, -6)}.${p4}`, /snapshots are damaged/);
  refused(`#s3.${p0}.${p1}.${p2}.${p3}AAAA.${p4}`, /snapshots are damaged/);
  refused(`#s3.${p0}.${p1}.${p2}.DQ.${p4}`, /snapshots are damaged \(at most 12/); // 13 snapshots
  refused(`#s3.${p0}.${p1}.${p2}.${p3}.${p4.slice(0, 3)}`, /other task's points or settings/);
  refused(`#s3.${p0}.${p1}.${p2}.${p3}.$$`, /other task's points or settings/);
  // A random mutation never throws anything but a refusal in words, and what is accepted is checked.
  const rand = mulberry32(15);
  for (let i = 0; i < 300; i++) {
    let back;
    try {
      back = decodeLink(mutate(link, rand));
    } catch (e) {
      assert.ok(e instanceof Error && typeof reasonOf(e) === "object", `not a refusal in words: ${e}`);
      continue;
    }
    for (const s of back.snapshots ?? []) assert.ok(s.params.every((l) => l.b.every(Number.isFinite)));
  }
});

test("snapshots make a link longer; too long says so (the page then offers the file)", () => {
  const big = { name: "x".repeat(60), epoch: 1, params: Array.from({ length: 7 }, () => ({ W: Array.from({ length: 16 }, () => Array(16).fill(0.5)), b: Array(16).fill(0) })) };
  assert.equal(fitsInLink(encodeLink({ points, settings, snapshots: [big, big] })), false);
});
