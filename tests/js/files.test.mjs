// The page's files and links: round trips, every failure path with its message,
// and fuzzing with thousands of random and mutated inputs (only our own Errors may escape).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  stateToJson, stateFromJson, pointsToCsv, pointsFromCsv, readFile, MAX_POINTS,
} from "../../www/model/statefile.js";
import { encodeLink, decodeLink, fitsInLink } from "../../www/model/sharelink.js";
import { mulberry32, mutate, randomText } from "../fuzz.mjs";
import { STRINGS, translate } from "../../www/model/i18n.js";
import { reasonOf } from "../../www/model/refusal.js";

const points = [
  { x1: 0.25, x2: 0.79, label: 0 },
  { x1: -0.4, x2: 0.75, label: 1 },
  { x1: 1.2, x2: -1.1, label: 3 },
];
const settings = { dataset: "xor", hidden: [3, 3], activation: "tanh", learningRate: 0.4, batch: "full", keepOwn: true, inputs: ["x1", "x2"] };
const params = [{ W: [[0.1, -0.2], [0.3, 0.4]], b: [0.5, -0.6] }, { W: [[1e-17, -2.5]], b: [0.125] }];

/** Asserts `fn` throws one of our plain Errors whose message matches `pattern`. */
function refuses(fn, pattern) {
  assert.throws(fn, (e) => e instanceof Error && e.constructor === Error && pattern.test(e.message), `expected ${pattern}`);
}

test("the whole state round-trips through JSON", () => {
  const doc = stateFromJson(stateToJson({ points, settings, params, lesson: "overfitting" }));
  assert.deepEqual(doc.points, points);
  assert.deepEqual(doc.settings, settings);
  assert.deepEqual(doc.params, params);
  assert.equal(doc.lesson, "overfitting");
});

test("the data set round-trips through CSV and as a bare JSON list", () => {
  assert.deepEqual(pointsFromCsv(pointsToCsv(points)), points);
  assert.deepEqual(readFile("points.csv", pointsToCsv(points)).points, points);
  assert.deepEqual(readFile("points.json", JSON.stringify(points)).points, points);
  assert.deepEqual(pointsFromCsv("# comment\n\n1;2;1\r\n3\t4\t0\n"), [{ x1: 1, x2: 2, label: 1 }, { x1: 3, x2: 4, label: 0 }]);
});

test("bad CSV names the line and the field", () => {
  refuses(() => pointsFromCsv("x1,x2,label\n0.1,0.2,1\n0.3,abc,0\n"), /line 3, field x2/);
  refuses(() => pointsFromCsv("0.1,0.2\n"), /line 1: expected 3 fields/);
  refuses(() => pointsFromCsv("0.1,0.2,7\n"), /line 1, field label: "7" is not a class/);
  refuses(() => pointsFromCsv("0.1,0.2,0.5\n"), /field label/);
  refuses(() => pointsFromCsv("1e400,0,1\n"), /field x1/);
  refuses(() => pointsFromCsv("99,0,1\n"), /between -10 and 10/);
  refuses(() => pointsFromCsv("x1,x2,label\n"), /no points/);
  refuses(() => pointsFromCsv("0,0,0\n".repeat(MAX_POINTS + 1)), /more than 10000/);
  refuses(() => pointsFromCsv("0".repeat(5_000_001)), /too large/);
});

test("bad state files name the field", () => {
  const good = JSON.parse(stateToJson({ points, settings, params }));
  const broken = (patch) => JSON.stringify({ ...good, ...patch });
  refuses(() => stateFromJson("{"), /not valid JSON/);
  refuses(() => stateFromJson(stateToJson({ points, settings }).slice(0, 40)), /not valid JSON/);
  refuses(() => stateFromJson('"hello"'), /JSON object or a list/);
  refuses(() => stateFromJson(broken({ format: "other" })), /format/);
  refuses(() => stateFromJson(broken({ version: 99 })), /newer/);
  refuses(() => stateFromJson(broken({ version: "1" })), /version/);
  refuses(() => stateFromJson(broken({ points: "many" })), /points/);
  refuses(() => stateFromJson(broken({ points: [{ x1: 0, x2: null, label: 0 }] })), /point 1, field x2/);
  refuses(() => stateFromJson(broken({ points: [{ x1: 0, x2: 0, label: -1 }] })), /point 1, field label/);
  refuses(() => stateFromJson(broken({ settings: { learningRate: 1e9 } })), /setting "learningRate"/);
  refuses(() => stateFromJson(broken({ settings: { learningRate: "0.4" } })), /setting "learningRate"/);
  refuses(() => stateFromJson(broken({ settings: { activation: "swish" } })), /setting "activation"/);
  refuses(() => stateFromJson(broken({ settings: { hidden: [3, 0] } })), /setting "hidden"/);
  refuses(() => stateFromJson(broken({ settings: { hidden: [3, 3, 3, 3, 3, 3, 3] } })), /setting "hidden"/);
  refuses(() => stateFromJson(broken({ settings: { inputs: ["x1", "x1"] } })), /setting "inputs"/);
  refuses(() => stateFromJson(broken({ params: [{ W: [[1, 2]], b: [1, 2] }] })), /layer 1: b must/);
  refuses(() => stateFromJson(broken({ params: [{ W: [[1, "2"]], b: [1] }] })), /W row 1/);
  refuses(() => stateFromJson(broken({ lesson: { evil: true } })), /lesson/);
  // Unknown settings (and prototype tricks) are dropped, not trusted.
  const doc = stateFromJson(broken({ settings: { __proto__: { polluted: 1 }, unknown: 5, tool: "add" } }));
  assert.deepEqual(doc.settings, { tool: "add" });
  assert.equal(/** @type {any} */ ({}).polluted, undefined);
});

test("a share link round-trips the points (to 1/2000), the settings and the weights exactly", () => {
  const link = encodeLink({ points, settings, params });
  assert.ok(link.startsWith("#s1.") && fitsInLink(link));
  const back = decodeLink(link);
  back.points.forEach((p, i) => {
    assert.ok(Math.abs(p.x1 - points[i].x1) <= 0.00025 && Math.abs(p.x2 - points[i].x2) <= 0.00025);
    assert.equal(p.label, points[i].label);
  });
  assert.deepEqual(back.settings, settings);
  assert.deepEqual(back.params, params);
  assert.equal(decodeLink(encodeLink({ points, settings })).params, null);
});

test("a state too large for a link says so", () => {
  const many = Array.from({ length: 5000 }, (_, i) => ({ x1: (i % 100) / 100, x2: i / 5000, label: i % 2 }));
  assert.equal(fitsInLink(encodeLink({ points: many, settings })), false);
  refuses(() => decodeLink(encodeLink({ points: many, settings })), /too long/);
});

test("bad links are refused with a message", () => {
  const link = encodeLink({ points, settings, params });
  refuses(() => decodeLink("#hello"), /does not hold/);
  refuses(() => decodeLink("#s1.abc"), /incomplete/);
  refuses(() => decodeLink("#s1.a$b.c"), /damaged/);
  refuses(() => decodeLink(link.slice(0, link.lastIndexOf(".") + 5)), /weights are damaged/);
  refuses(() => decodeLink(`#s1.AAAAAAk.${link.split(".")[2]}`), /class 9/);
});

// ---- fuzzing -----------------------------------------------------------------------

test("fuzzing: thousands of random and mutated files and links, only our own messages escape", () => {
  const rand = mulberry32(2026);
  const seeds = [stateToJson({ points, settings, params, lesson: "x" }), pointsToCsv(points), JSON.stringify(points)];
  const link = encodeLink({ points, settings, params });
  let tried = 0;
  let refused = 0;
  const check = (fn) => {
    tried++;
    try {
      const out = fn();
      // Whatever is accepted is clean: finite coordinates and labels in range.
      for (const p of out.points) {
        assert.ok(Number.isFinite(p.x1) && Number.isFinite(p.x2) && Number.isInteger(p.label) && p.label >= 0 && p.label < 4);
      }
    } catch (e) {
      refused++;
      assert.ok(e instanceof Error && e.constructor === Error && e.message.length > 0, `escaped: ${e}`);
    }
  };
  for (let i = 0; i < 4000; i++) {
    const base = seeds[i % seeds.length];
    const input = i % 5 === 0 ? randomText(rand) : mutate(base, rand);
    check(() => readFile(i % 2 ? "data.csv" : "state.json", input));
    check(() => decodeLink(i % 5 === 0 ? randomText(rand) : mutate(link, rand)));
  }
  assert.equal(tried, 8000);
  console.log(`fuzzing: ${tried} inputs, ${refused} refused with a message, ${tried - refused} accepted clean`);
});

// ---- the reasons in the page's language -----------------------------------------------

/** English words of the reasons; none may be left in a Vietnamese reason (quoted data and JSON names aside). */
const ENGLISH = /\b(line|field|expected|found|must|damaged|link|the|file|is|not|number|between|class|got|holds|list|points?|could|read|too|large|newer|whole|layer|row|finite|cannot|export|near|character|setting|distinct|values?|incomplete|short|text|object|more|than|limit)\b/i;

/** Asserts `e` is a refusal whose reason reads in Vietnamese and, in English, as its message. */
function assertTranslated(e, what) {
  const reason = reasonOf(e);
  assert.equal(typeof reason, "object", `${what}: "${e.message}" carries no reason to translate`);
  assert.ok(reason.key in STRINGS.en && reason.key in STRINGS.vi, `${what}: ${reason.key} missing`);
  assert.equal(translate("en", reason.key, reason.values), e.message);
  const vi = translate("vi", reason.key, reason.values);
  const words = vi.replace(/"[^"]*"/g, "").replace(/\{[^}]*\}/g, "");
  assert.doesNotMatch(words, ENGLISH, `${what}: "${vi}" has English words in Vietnamese`);
  return reason.key;
}

test("every reason a file or a link is refused for reads in the page's language", () => {
  const seen = new Set();
  const tryAll = (fn, what) => {
    try {
      fn();
    } catch (e) {
      seen.add(assertTranslated(e, what));
    }
  };
  const good = JSON.parse(stateToJson({ points, settings, params }));
  const broken = (patch) => JSON.stringify({ ...good, ...patch });
  const link = encodeLink({ points, settings, params });
  const cases = [
    () => pointsFromCsv("x1,x2,label\n0.1,0.2,1\n0.3,abc,0\n"), () => pointsFromCsv("0.1,0.2\n"),
    () => pointsFromCsv("0.1,0.2,7\n"), () => pointsFromCsv("x1,x2,label\n"), () => pointsFromCsv("0,0,0\n".repeat(MAX_POINTS + 1)),
    () => pointsFromCsv("0".repeat(5_000_001)), () => stateFromJson("{"), () => stateFromJson('{"a": }'), () => stateFromJson('"hello"'),
    () => stateFromJson(broken({ format: "other" })), () => stateFromJson(broken({ version: 99 })), () => stateFromJson(broken({ version: "1" })),
    () => stateFromJson(broken({ points: "many" })), () => stateFromJson(broken({ points: [5] })),
    () => stateFromJson(broken({ points: [{ x1: 0, x2: null, label: 0 }] })), () => stateFromJson(broken({ points: [{ x1: 0, x2: 0, label: 0, key: 2 }] })),
    () => stateFromJson(broken({ points: [{ x1: 0, x2: 0, label: 0, own: 1 }] })), () => stateFromJson(broken({ epoch: -1 })),
    () => stateFromJson(broken({ settings: 3 })), () => stateFromJson(broken({ settings: { learningRate: 1e9 } })),
    () => stateFromJson(broken({ settings: { count: 0.5 } })), () => stateFromJson(broken({ settings: { activation: "swish" } })),
    () => stateFromJson(broken({ settings: { keepOwn: 1 } })), () => stateFromJson(broken({ settings: { hidden: [3, 0] } })),
    () => stateFromJson(broken({ settings: { inputs: ["x1", "x1"] } })), () => stateFromJson(broken({ params: 5 })),
    () => stateFromJson(broken({ params: [5] })), () => stateFromJson(broken({ params: [{ W: [], b: [] }] })),
    () => stateFromJson(broken({ params: [{ W: [[1, "2"]], b: [1] }] })), () => stateFromJson(broken({ params: [{ W: [[1, 2]], b: [1, 2] }] })),
    () => stateFromJson(broken({ lesson: { evil: true } })),
    () => decodeLink("#hello"), () => decodeLink("#s1.abc"), () => decodeLink("#s1.a$b.c"), () => decodeLink("#s1.AAAAAA.e30"),
    () => decodeLink("#s1.AAAAAAk.e30"), () => decodeLink("#s1.AAAAAAA.!!"), () => decodeLink("#s1.AAAAAAA.e30.AQ"),
    () => decodeLink(link.slice(0, link.lastIndexOf(".") + 5)), () => decodeLink(`#s1.${"A".repeat(9000)}`),
  ];
  cases.forEach((fn, i) => tryAll(fn, `case ${i}`));
  assert.equal(seen.size >= 35, true, `${seen.size} reasons seen`);
  // Fuzzed files and links too: whatever is refused is refused in words both languages have.
  const rand = mulberry32(13);
  for (let i = 0; i < 1500; i++) {
    tryAll(() => readFile(i % 2 ? "data.csv" : "state.json", mutate(i % 2 ? pointsToCsv(points) : stateToJson({ points, settings, params }), rand)), `fuzz ${i}`);
    tryAll(() => decodeLink(mutate(link, rand)), `fuzz link ${i}`);
  }
  // Where in the file, inside the reason, is translated too.
  try {
    pointsFromCsv("0.1,0.2,1\n0.3,oops,0\n");
  } catch (e) {
    assert.equal(translate("vi", "files.msg.refused", { name: "bad.csv", reason: reasonOf(e) }),
      'Không mở được bad.csv: dòng 2, cột x2: "oops" không phải là số trong khoảng từ -10 đến 10. Bài làm của bạn không đổi.');
  }
});

test("a link's points obey the same coordinate limit as files and saves (a save it makes can always be read back)", async () => {
  const { encodeLink, decodeLink } = await import("../../www/model/sharelink.js");
  const { MAX_COORD } = await import("../../www/model/statefile.js");
  const settings = {};
  assert.throws(() => decodeLink(encodeLink({ points: [{ x1: MAX_COORD + 2, x2: 0, label: 0 }], settings })),
    (e) => e.reason?.key === "refuse.link.coordinate");
  assert.equal(decodeLink(encodeLink({ points: [{ x1: MAX_COORD, x2: -MAX_COORD, label: 1 }], settings })).points[0].x1, MAX_COORD);
});

test("CSV: one header of words at most; a bad number is said with its line, never skipped or read as hex", async () => {
  const { pointsFromCsv } = await import("../../www/model/statefile.js");
  assert.equal(pointsFromCsv("x1,x2,label\n0.1,0.2,0\n0.3,0.4,1\n").length, 2);
  for (const [text, line] of [["foo,0.5,1\n0.1,0.2,0", 1], ["NaN,0.3,0\n0.1,0.2,0", 1], ["x1,x2,label\n0x5,0,1", 2],
    ["0.1,0.2,0\n0b1,0.5,1", 2], ["x1,x2,y\nx,y,z\n0.1,0.2,0", 2], ["0.1,Infinity,0", 1]]) {
    assert.throws(() => pointsFromCsv(text), (e) => e.reason?.values?.where?.values?.line === line || e.reason?.values?.line === line,
      `${JSON.stringify(text)} is refused at line ${line}`);
  }
});
