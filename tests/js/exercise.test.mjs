// Exercises (issue 16, parts 3 and 5): links round-trip and bad ones are refused with a reason;
// the answers the page marks against equal a by-hand implementation of the lecture's formulas
// (tests/byhand.mjs, independent of the core); marking holds to the stated tolerance and reads
// comma decimals; a hand-in file is self-contained and reads back, and nothing else does.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lab from "./load.mjs";
import {
  encodeExercise, decodeExercise, readExercise, answers, questions, mark, parseTyped, symbol, TOLERANCE,
  isExerciseLink, exerciseCode, markAll,
} from "../../www/model/exercise.js";
import { handinHtml, readHandin, tableCsv } from "../../www/model/handin.js";
import { reasonOf } from "../../www/model/refusal.js";
import { translate } from "../../www/model/i18n.js";
import { mutate, mulberry32 } from "../fuzz.mjs";
import { createSession } from "../../www/app/session.js";
import { byHand, handValue } from "../byhand.mjs";

/** The session's one step (the page passes the same to the panel). */
const session = createSession(lab, { layers: [2, 1], hidden: "sigmoid", output: "sigmoid", seed: 1 });
const oneStep = session.oneStep;

const ALL = (n) => ["L", ...["z", "a", "dz", "dW", "db", "W", "b"].flatMap((k) => Array.from({ length: n }, (_, i) => `${k}${i + 1}`))];

/** The lecture's network 2-3-3-1 sigmoid with two points, everything asked. */
const lectureEx = {
  spec: { layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid" },
  params: [
    { W: [[0.1, -0.2], [0.4, 0.3], [-0.5, 0.6]], b: [0.1, -0.1, 0.2] },
    { W: [[0.3, -0.4, 0.2], [0.5, 0.1, -0.3], [-0.2, 0.7, 0.4]], b: [0, 0.05, -0.05] },
    { W: [[0.6, -0.3, 0.8]], b: [-0.1] },
  ],
  points: [{ x1: 0.5, x2: -1, label: 1 }, { x1: -0.3, x2: 0.8, label: 0 }],
  alpha: 0.4,
  asked: ALL(3),
};

/** A softmax exercise: 2-2-3, tanh hidden, three points of three classes. */
const softmaxEx = {
  spec: { layers: [2, 2, 3], hidden: "tanh", output: "softmax" },
  params: [
    { W: [[0.7, -0.4], [-0.2, 0.9]], b: [0.1, -0.3] },
    { W: [[0.5, -0.6], [-0.8, 0.2], [0.3, 0.4]], b: [0, 0.2, -0.1] },
  ],
  points: [{ x1: 1, x2: 0.5, label: 2 }, { x1: -0.5, x2: 0.25, label: 0 }, { x1: 0.2, x2: -1.5, label: 1 }],
  alpha: 0.5,
  asked: ALL(2),
};

for (const [name, ex, count] of [["sigmoid 2-3-3-1, two points", lectureEx, 94], ["softmax 2-2-3 tanh, three points", softmaxEx, null]]) {
  test(`answers equal the lecture's formulas by hand to 1e-12: ${name}`, () => {
    const got = answers(oneStep, ex);
    const qs = questions(ex);
    assert.equal(got.size, qs.length);
    if (count !== null) assert.equal(qs.length, count);
    const h = byHand(ex);
    for (const q of qs) {
      const want = handValue(h, q);
      assert.ok(Math.abs(got.get(q.id) - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${q.id}: ${got.get(q.id)} vs ${want}`);
    }
    // the values move: a wrong index would not go unseen
    assert.ok(new Set([...got.values()].map((v) => v.toFixed(9))).size > qs.length / 2);
  });
}

test("the session's oneStep leaves the page's network as it was and lends nothing out", () => {
  const before = session.net.params();
  answers(oneStep, lectureEx);
  assert.deepEqual(session.net.params(), before);
  assert.ok(session.net.accumulated().every((l) => l.db.every((v) => v === 0)));
  assert.equal(session.lentCount, 0);
});

test("answers for relu and linear hidden layers, one point, a few asked", () => {
  for (const hidden of ["relu", "linear"]) {
    const ex = { ...softmaxEx, spec: { ...softmaxEx.spec, hidden }, points: [softmaxEx.points[0]], asked: ["dz1", "W1", "L"] };
    const got = answers(oneStep, ex);
    const h = byHand(ex);
    for (const q of questions(ex)) assert.ok(Math.abs(got.get(q.id) - handValue(h, q)) < 1e-12, `${hidden} ${q.id}`);
  }
});

test("questions: per-point kinds once per point, the rest once; labels in the lecture's notation", () => {
  const ex = { ...softmaxEx, asked: ["W2", "z1", "L"] };
  const qs = questions(ex);
  assert.deepEqual(qs.map((q) => q.id), [
    "z1p1r1", "z1p1r2", "z1p2r1", "z1p2r2", "z1p3r1", "z1p3r2", "Lp1", "Lp2", "Lp3",
    "W2r1c1", "W2r1c2", "W2r2c1", "W2r2c2", "W2r3c1", "W2r3c2",
  ]);
  assert.equal(symbol(qs[1]), "z[1]₂");
  assert.equal(symbol(qs.find((q) => q.id === "W2r3c2")), "W[2]₃₂");
  assert.equal(symbol(questions({ ...lectureEx, asked: ["dW2"] })[1]), "dW[2]₁₂");
  assert.equal(symbol(qs[6]), "L");
  // dz from the output back, as backpropagation computes it
  assert.deepEqual(questions({ ...lectureEx, points: [lectureEx.points[0]], asked: ["dz1", "dz3", "dz2"] }).map(symbol),
    ["dz[3]₁", "dz[2]₁", "dz[2]₂", "dz[2]₃", "dz[1]₁", "dz[1]₂", "dz[1]₃"]);
});

test("an exercise round-trips through its link", () => {
  for (const ex of [lectureEx, softmaxEx]) {
    const link = encodeExercise(ex);
    assert.match(link, /^#x1\.[A-Za-z0-9_-]+$/);
    assert.ok(isExerciseLink(link));
    assert.deepEqual(decodeExercise(link), ex);
    assert.deepEqual(decodeExercise(link.slice(1)), ex);
  }
  assert.equal(isExerciseLink("#s1.abc"), false);
  assert.notEqual(exerciseCode(lectureEx), exerciseCode(softmaxEx));
  assert.equal(exerciseCode(lectureEx), exerciseCode(decodeExercise(encodeExercise(lectureEx))));
});

/** A link made from a raw object, bypassing encodeExercise's typing. */
const linkOf = (raw) => `#x1.${Buffer.from(JSON.stringify(raw)).toString("base64url")}`;
const rawOf = (ex) => ({ layers: ex.spec.layers, hidden: ex.spec.hidden, output: ex.spec.output,
  params: ex.params, points: ex.points, alpha: ex.alpha, asked: ex.asked });

/** Asserts a refusal with its i18n key, whose English and Vietnamese texts exist. */
function refuses(fragment, key) {
  assert.throws(() => decodeExercise(fragment), (e) => {
    const reason = reasonOf(e);
    assert.equal(typeof reason, "object", `a translatable reason for ${fragment.slice(0, 40)}: ${e.message}`);
    assert.equal(reason.key, key, e.message);
    assert.notEqual(translate("vi", reason.key, reason.values), translate("en", reason.key, reason.values));
    assert.doesNotMatch(e.message, /\{\w+\}/);
    return true;
  });
}

test("bad exercise links are refused with a reason in the page's language", () => {
  const raw = rawOf(lectureEx);
  refuses("#s1.abc", "refuse.ex.notExercise");
  refuses("#x1.", "refuse.ex.damaged");
  refuses("#x1.@@@", "refuse.ex.damaged");
  refuses("#x1.AAAA", "refuse.ex.damaged");
  refuses(`#x1.${Buffer.from("[1,2]").toString("base64url")}`, "refuse.ex.damaged");
  refuses(`#x1.${"A".repeat(5000)}`, "refuse.ex.tooLong");
  refuses(linkOf({ ...raw, layers: [2, 4, 1] }), "refuse.ex.layers");
  refuses(linkOf({ ...raw, layers: [2, 3, 3, 3, 1] }), "refuse.ex.layers");
  refuses(linkOf({ ...raw, layers: [3, 3, 3, 1] }), "refuse.ex.layers");
  refuses(linkOf({ ...raw, layers: [2, 1.5, 3, 1] }), "refuse.ex.layers");
  refuses(linkOf({ ...raw, hidden: "swish" }), "refuse.ex.activation");
  refuses(linkOf({ ...raw, output: "softmax" }), "refuse.ex.output");
  refuses(linkOf({ ...raw, output: "linear" }), "refuse.ex.output");
  refuses(linkOf({ ...raw, params: raw.params.slice(1) }), "refuse.ex.params");
  refuses(linkOf({ ...raw, params: [raw.params[0], { W: [[1, 2]], b: [0] }, raw.params[2]] }), "refuse.ex.params");
  refuses(linkOf({ ...raw, params: [raw.params[0], raw.params[1], { W: [[0.6, "x", 0.8]], b: [0] }] }), "refuse.ex.params");
  refuses(linkOf({ ...raw, params: [raw.params[0], raw.params[1], { W: [[0.6, 1e300, 0.8]], b: [0] }] }), "refuse.ex.params");
  refuses(linkOf({ ...raw, points: [] }), "refuse.ex.points");
  refuses(linkOf({ ...raw, points: [...raw.points, ...raw.points] }), "refuse.ex.points");
  refuses(linkOf({ ...raw, points: [{ x1: 0, x2: null, label: 0 }] }), "refuse.ex.points");
  refuses(linkOf({ ...raw, points: [{ x1: 0, x2: 0, label: 2 }] }), "refuse.ex.label");
  refuses(linkOf({ ...raw, alpha: 0 }), "refuse.ex.alpha");
  refuses(linkOf({ ...raw, alpha: "0.4" }), "refuse.ex.alpha");
  refuses(linkOf({ ...raw, asked: [] }), "refuse.ex.asked");
  refuses(linkOf({ ...raw, asked: ["z4"] }), "refuse.ex.asked");
  refuses(linkOf({ ...raw, asked: ["L", "L"] }), "refuse.ex.asked");
  refuses(linkOf({ ...raw, asked: ["q1"] }), "refuse.ex.asked");
  refuses(linkOf({ ...rawOf(softmaxEx), points: [{ x1: 0, x2: 0, label: 3 }] }), "refuse.ex.label");
});

test("fuzzed links: only our refusals escape, and what decodes is a valid exercise", () => {
  const random = mulberry32(16);
  const good = encodeExercise(softmaxEx);
  let decoded = 0;
  for (let i = 0; i < 2000; i++) {
    const text = mutate(good, random);
    try {
      const ex = decodeExercise(text);
      decoded += 1;
      assert.deepEqual(readExercise(ex), ex);
      answers(oneStep, ex);
    } catch (e) {
      assert.ok(e instanceof Error && typeof reasonOf(e) === "object", `${text}: ${e}`);
    }
  }
  assert.ok(decoded < 2000);
});

test("marking: the stated tolerance, comma or dot decimals, unreadable and empty answers", () => {
  assert.deepEqual(TOLERANCE, { abs: 0.005, rel: 0.005 });
  assert.equal(mark(0.5, "0.5"), "right");
  assert.equal(mark(0.5, "0,5"), "right");
  assert.equal(mark(0.5, " 0,504 "), "right");
  assert.equal(mark(0.5, "0.506"), "wrong");
  assert.equal(mark(-0.25, "−0,25"), "right");
  assert.equal(mark(-0.25, "0.25"), "wrong");
  assert.equal(mark(0.001234, "0"), "right", "within 0.005 absolute");
  assert.equal(mark(10, "10.04"), "right", "within 0.5 % of 10");
  assert.equal(mark(10, "10.06"), "wrong");
  assert.equal(mark(2, "2.0099"), "right");
  assert.equal(mark(2, "2.0101"), "wrong");
  assert.equal(mark(1e-3, "1e-3"), "right");
  assert.equal(mark(0.5, ""), "empty");
  assert.equal(mark(0.5, "   "), "empty");
  assert.equal(mark(0.5, "abc"), "unreadable");
  assert.equal(mark(0.5, "1,234.5"), "unreadable");
  assert.equal(mark(0.5, "0,5,1"), "unreadable");
  assert.equal(mark(0.5, "0.5.1"), "unreadable");
  assert.equal(parseTyped(".5"), 0.5);
  assert.equal(parseTyped("-,5"), -0.5);
  assert.equal(parseTyped("1e999"), null);
  // the tolerance passed in is the one used
  assert.equal(mark(0.5, "0.52", { abs: 0.05, rel: 0 }), "right");
});

// ---- part 5: the result handed in ------------------------------------------------------------
const tEn = (key, values) => translate("en", key, values);
const tVi = (key, values) => translate("vi", key, values);

/** A hand-in for the softmax exercise: two right, one wrong, one shown, the rest empty. */
function handinOf(name = "Nguyễn Văn <An>") {
  const values = answers(oneStep, softmaxEx);
  const qs = questions(softmaxEx);
  const typed = new Map([[qs[0].id, String(values.get(qs[0].id)).replace(".", ",")], [qs[1].id, String(values.get(qs[1].id))], [qs[2].id, "7"]]);
  const h = { name, date: "2026-11-30T06:00:00.000Z", ex: softmaxEx,
    answers: qs.map((q) => ({ id: q.id, typed: typed.get(q.id) ?? "", shown: q.id === qs[2].id })) };
  return { h, marks: markAll(values, typed).marks, qs };
}

test("a hand-in file reads without scripts, holds name, exercise, answers, marks, score and date, and reads back", () => {
  const { h, marks, qs } = handinOf();
  const html = handinHtml(tVi, "vi", h, marks, "30/11/2026 13:00");
  // self-contained: no script to run, no outside resource
  assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), ['<script type="application/json" id="backprop-lab-handin">']);
  assert.doesNotMatch(html, /\b(src|href)=/);
  assert.match(html, /<html lang="vi">/);
  assert.match(html, /Nguyễn Văn &lt;An&gt;/);
  assert.doesNotMatch(html, /<An>/, "the name is escaped everywhere, the JSON block too");
  assert.match(html, /30\/11\/2026 13:00/);
  assert.match(html, /Đúng 2 trên \d+; số đáp án đã xem: 1\./);
  assert.match(html, new RegExp(`<th scope="row">z\\[1\\]₁, điểm 1</th><td>[^<]+</td><td>✓ đúng</td>`));
  assert.match(html, /<td>7<\/td><td>✗ sai \(đã xem đáp án\)<\/td>/);
  assert.match(html, /W\[2\]ᵢ₂/);
  assert.equal((html.match(/– chưa trả lời/g) ?? []).length, qs.length - 3);
  assert.match(html, new RegExp(exerciseCode(softmaxEx)));
  const back = readHandin(html);
  assert.deepEqual(back, h);
});

test("anything but a hand-in is refused with a reason", () => {
  const { h, marks } = handinOf("An");
  const html = handinHtml(tEn, "en", h, marks, "today");
  const refusesHandin = (text, key) => assert.throws(() => readHandin(text), (e) => reasonOf(e).key === key);
  refusesHandin("<html><body>hello</body></html>", "refuse.handin.notHandin");
  refusesHandin("x1,x2,label\n1,2,0\n", "refuse.handin.notHandin");
  refusesHandin(html.replace('"format":"backprop-lab-handin"', '"format":"other"'), "refuse.handin.notHandin");
  refusesHandin(html.replace('{"format"', '{"format" oops'), "refuse.handin.damaged");
  refusesHandin(html.replace('"version":1', '"version":2'), "refuse.handin.damaged");
  refusesHandin(html.replace('"name":"An"', '"name":7'), "refuse.handin.damaged");
  refusesHandin(html.replace('"date":"2026', '"date":"never'), "refuse.handin.damaged");
  refusesHandin(html.replace('"id":"z1p1r1"', '"id":"q9"'), "refuse.handin.damaged");
  refusesHandin(html.replace('"shown":false', '"shown":"no"'), "refuse.handin.damaged");
  refusesHandin(html.replace('"alpha":0.5', '"alpha":-1'), "refuse.ex.alpha");
  refusesHandin("x".repeat(1_000_001), "refuse.handin.notHandin");
  const random = mulberry32(5);
  for (let i = 0; i < 500; i++) {
    const text = mutate(html, random);
    try {
      readHandin(text);
    } catch (e) {
      assert.equal(typeof reasonOf(e), "object", String(e));
    }
  }
});

test("the teacher's table as CSV: quoted where needed, formulas defused", () => {
  assert.equal(tableCsv(["Name", "z[1]₁, point 1"], [["An", "right"], ['B "x"', "=1+1"], ["-2", 3]]),
    'Name,"z[1]₁, point 1"\r\nAn,right\r\n"B ""x""","=1+1"\r\n"-2",3\r\n');
});

test("a teacher's half-built exercise is kept as text and read back as it was; a draft that does not fit is refused", async () => {
  const { newDraft, draftJson, readDraft, exerciseOfDraft } = await import("../../www/panels/exercise/draft.js");
  const d = newDraft();
  d.hidden = [3];
  d.W = [[["0.1", "-0,2"], ["0.3", "0.4"], ["half", ""]], [["1", "2", "3"]]];
  d.b = [["0.1", "0.2", "0.3"], ["-1"]];
  d.points = [{ x1: "0.5", x2: "-1", label: "1" }, { x1: "2", x2: "", label: "0" }];
  d.alpha = "0.3";
  d.kinds = new Set(["z", "dW"]);
  d.layers = new Set([2]);
  const back = readDraft(draftJson(d));
  assert.deepEqual({ ...back, kinds: [...back.kinds], layers: [...back.layers] },
    { ...d, kinds: ["z", "dW"], layers: [2] }, "every typed string comes back, even half-typed ones");
  // The kept draft describes the same exercise (or the same complaint about it).
  assert.deepEqual(exerciseOfDraft(back), exerciseOfDraft(d));
  for (const bad of [null, "", "{", "[]", "1",
    draftJson({ ...d, hidden: [4] }), draftJson({ ...d, hidden: [1, 1, 1] }), draftJson({ ...d, activation: "swish" }),
    draftJson({ ...d, output: "softmax9" }), draftJson({ ...d, W: d.W.slice(1) }), draftJson({ ...d, b: [["0.1"], ["-1"]] }),
    draftJson({ ...d, points: [] }), draftJson({ ...d, points: [...d.points, ...d.points] }), draftJson({ ...d, alpha: 3 }),
    draftJson({ ...d, alpha: "1".repeat(41) }), draftJson({ ...d, kinds: new Set(["q"]) }), draftJson({ ...d, layers: new Set([3]) }),
    draftJson({ ...d, seed: 1.5 })]) {
    assert.equal(readDraft(bad), null, `refused: ${bad}`);
  }
});
