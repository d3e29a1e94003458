// Both languages carry every string the page shows: the same keys with the same
// placeholders in English and Vietnamese; every key the markup and the code ask for
// exists; no text is left in index.html that i18n does not replace; every lesson
// is written in both languages.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { pageFiles } from "./modules.mjs";
import { STRINGS, LANGS } from "../../www/model/i18n.js";
import { LESSONS } from "../../www/model/lessons.js";

const WWW = new URL("../../www/", import.meta.url);

/** @param {string} text */
function placeholders(text) {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

test("English and Vietnamese have the same keys, none empty, with the same placeholders", () => {
  const en = Object.keys(STRINGS.en).sort();
  const vi = Object.keys(STRINGS.vi).sort();
  assert.deepEqual(en.filter((k) => !(k in STRINGS.vi)), [], "keys missing in Vietnamese");
  assert.deepEqual(vi.filter((k) => !(k in STRINGS.en)), [], "keys missing in English");
  for (const lang of LANGS) {
    for (const [key, text] of Object.entries(STRINGS[lang])) {
      assert.ok(text.trim().length > 0, `${lang} ${key} is empty`);
    }
  }
  for (const key of en) {
    assert.deepEqual(placeholders(STRINGS.vi[key]), placeholders(STRINGS.en[key]), `placeholders of ${key}`);
  }
});

/**
 * The text nodes of an HTML document outside script/style, each with whether an
 * ancestor (or the element itself) has data-i18n, which replaces its text.
 * A small tokenizer is enough: the page's markup is plain and well formed.
 * @param {string} html
 */
function textNodes(html) {
  const out = [];
  /** @type {{ tag: string, translated: boolean }[]} */
  const stack = [];
  const VOID = new Set(["meta", "link", "input", "br", "img", "hr", "source", "area", "col", "wbr"]);
  const re = /<!--[\s\S]*?-->|<![^>]*>|<(\/?)([a-zA-Z0-9-]+)([^>]*)>|([^<]+)/g;
  let m;
  while ((m = re.exec(html))) {
    if (m[0].startsWith("<!")) continue;
    if (m[4] !== undefined) {
      const text = m[4].trim();
      const inside = stack.map((s) => s.tag);
      if (text && !inside.includes("script") && !inside.includes("style")) {
        out.push({ text, translated: stack.some((s) => s.translated), path: inside.join(">") });
      }
      continue;
    }
    const [, closing, tagName, attrs] = m;
    const tag = tagName.toLowerCase();
    if (closing) {
      const i = stack.map((s) => s.tag).lastIndexOf(tag);
      if (i >= 0) stack.length = i;
    } else if (!VOID.has(tag) && !attrs.trim().endsWith("/")) {
      // data-i18n-static: text written in the markup itself (shown where no module runs), held
      // equal to its key's string by the test below.
      stack.push({ tag, translated: /\sdata-i18n(?:-static)?=/.test(attrs) || tag === "title" });
    }
  }
  return out;
}

/** Text that is the same in every language: numbers, the math of feature names, language names. */
function neutral(text) {
  return /^(?:[\d\s.,:%·+−-]|x|sin)*$/.test(text) || /^(English|Tiếng Việt|backprop-lab)$/.test(text);
}

test("index.html: every marked key exists, and no visible text escapes translation", async () => {
  const html = await readFile(new URL("index.html", WWW), "utf8");
  const keys = [...html.matchAll(/data-i18n(?:-label|-title)?="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(keys.length > 20);
  for (const key of keys) {
    for (const lang of LANGS) assert.ok(key in STRINGS[lang], `index.html asks for ${key}, missing in ${lang}`);
  }
  const loose = textNodes(html).filter((n) => !n.translated && !neutral(n.text));
  assert.deepEqual(loose, [], "text in index.html that i18n does not translate");
  // Attributes people read: aria-label, title, placeholder, alt must come from i18n too.
  const fixed = [...html.matchAll(/\s(aria-label|title|placeholder|alt)="([^"]*)"/g)].map((m) => `${m[1]}="${m[2]}"`);
  assert.deepEqual(fixed, [], "fixed, untranslated attributes in index.html");
});

test("index.html's static words (the message for a page opened as a file) are i18n's, in both languages", async () => {
  const html = await readFile(new URL("index.html", WWW), "utf8");
  const found = [...html.matchAll(/<p lang="(\w+)" data-i18n-static="([^"]+)">([^<]*)<\/p>/g)];
  assert.deepEqual(found.map((m) => m[1]).sort(), [...LANGS].sort(), "one paragraph per language");
  for (const [, lang, key, text] of found) assert.equal(text, STRINGS[lang][key], `${key} in ${lang}`);
  assert.match(STRINGS.en.notServed, /make serve/);
  assert.match(STRINGS.vi.notServed, /make serve/);
});

test("every literal key the page's code asks for exists in both languages", async () => {
  const files = pageFiles();
  const missing = [];
  let count = 0;
  for (const file of files) {
    const source = await readFile(new URL(file, WWW), "utf8");
    // t("key"...), translate(lang, "key"...), and keys passed through as { key: "..." } messages.
    const patterns = [/\bt\(\s*"([a-zA-Z][\w.-]*)"/g, /\btranslate\([^,()]+,\s*"([a-zA-Z][\w.-]*)"/g,
      /\b(?:setStatus|setAlert|finish)\(\s*"([a-zA-Z][\w.-]*)"/g, /\bkey:\s*"([a-zA-Z][\w.-]*)"/g];
    for (const re of patterns) {
      for (const m of source.matchAll(re)) {
        count += 1;
        for (const lang of LANGS) if (!(m[1] in STRINGS[lang])) missing.push(`${file}: ${m[1]} (${lang})`);
      }
    }
  }
  assert.ok(count > 50, `found ${count} keys in the code`);
  assert.deepEqual(missing, []);
});

test("keys built at run time exist for every value they take", () => {
  const families = {
    "act.": ["sigmoid", "tanh", "relu", "linear"],
    "class.short.": ["0", "1", "2", "3"],
    "lessons.open.": ["equations", "stepper", "surface"],
    "ex.kind.": ["z", "a", "L", "dz", "dW", "db", "W", "b"],
    "ex.mark.": ["right", "wrong", "empty", "unreadable"],
    "ex.eq.": ["z", "dW", "db", "W", "b"],
    "ex.eq.a.": ["sigmoid", "tanh", "relu", "linear", "softmax"],
    "ex.eq.L.": ["sigmoid", "softmax"],
    "ex.eq.dz.": ["out", "sigmoid", "tanh", "relu", "linear"],
  };
  for (const [prefix, values] of Object.entries(families)) {
    for (const v of values) {
      for (const lang of LANGS) assert.ok(`${prefix}${v}` in STRINGS[lang], `${prefix}${v} missing in ${lang}`);
    }
  }
});

test("every lesson is written in English and Vietnamese", () => {
  assert.equal(LESSONS.length, 14);
  const ids = new Set();
  for (const lesson of LESSONS) {
    assert.ok(!ids.has(lesson.id), `duplicate lesson id ${lesson.id}`);
    ids.add(lesson.id);
    for (const field of ["title", "text", "question"]) {
      const words = lesson[field];
      for (const lang of LANGS) assert.ok(words[lang]?.trim().length > 0, `${lesson.id}.${field} missing in ${lang}`);
      assert.notEqual(words.vi, words.en, `${lesson.id}.${field} is not translated`);
    }
    for (const v of lesson.variants) {
      for (const lang of LANGS) assert.ok(v.label[lang]?.trim().length > 0, `${lesson.id}/${v.id} label in ${lang}`);
    }
  }
});

test("the lessons use the lecture's Vietnamese terms", () => {
  const vi = LESSONS.map((l) => `${l.title.vi} ${l.text.vi} ${l.question.vi}`).join(" ").toLowerCase();
  for (const term of ["phân lớp", "hồi quy logistic", "biên quyết định", "lớp ẩn", "hàm kích hoạt", "hàm mất mát",
    "lan truyền ngược", "tốc độ học", "quá khớp", "nơ-rơn"]) {
    assert.ok(vi.includes(term), `the lessons never say "${term}"`);
  }
});

test("the language: ?lang= first, then the one the student picked last time, then the browser's", async () => {
  const { pickLang } = await import("../../www/model/i18n.js");
  assert.equal(pickLang("?lang=en", ["vi"], "vi"), "en");
  assert.equal(pickLang("", ["en-US"], "vi"), "vi");
  assert.equal(pickLang("", ["vi-VN"], null), "vi");
  assert.equal(pickLang("", ["fr"], "xx"), "en");
});

/** Every Vietnamese string the student can read: the page's and the lessons'. */
function vietnamese() {
  const out = Object.entries(STRINGS.vi).map(([key, text]) => ({ where: key, text }));
  for (const lesson of LESSONS) {
    for (const part of ["title", "text", "question"]) out.push({ where: `lesson ${lesson.id} ${part}`, text: lesson[part].vi });
    for (const v of lesson.variants) out.push({ where: `lesson ${lesson.id} variant ${v.id}`, text: v.label.vi });
  }
  return out;
}

test("Vietnamese: one term per concept, the lecture's where it has one", () => {
  const vi = STRINGS.vi;
  const all = vietnamese();
  const lower = (/** @type {string} */ s) => s.toLocaleLowerCase("vi");
  // The lecture's names for the two passes: lan truyền tiến / lan truyền ngược.
  for (const { where, text } of all) assert.doesNotMatch(text, /đi xuôi|đi ngược/i, `${where}: "${text}"`);
  // Summed gradients are "tổng gradient" everywhere the lecture's setting is named.
  for (const key of ["reduction.sum", "train.defaultsTitle", "status.defaults", "train.sumHint", "bp.phase.sum"]) {
    assert.match(lower(vi[key]), /tổng gradient/, `${key}: "${vi[key]}"`);
  }
  for (const { where, text } of all) assert.doesNotMatch(text, /cộng gradient|cộng trên/i, `${where}: "${text}"`);
  // The reset button and its shortcut say the same thing.
  assert.ok(lower(vi["keys.r"]).startsWith(lower(vi["train.reset"])), `keys.r "${vi["keys.r"]}" vs "${vi["train.reset"]}"`);
  // The step-through has one name.
  const stepper = "Chạy từng bước";
  assert.ok(vi["bp.step.heading"].startsWith(stepper));
  for (const key of ["keys.step", "lessons.open.stepper"]) assert.ok(vi[key].includes(stepper), `${key}: "${vi[key]}"`);
  const lesson5 = LESSONS.find((l) => l.opens === "stepper");
  assert.ok(lesson5?.text.vi.includes(stepper), "the lesson that opens the step-through names it");
  // "Tốc độ" is the learning rate's alone (tốc độ học); the speed of the run is named otherwise.
  for (const { where, text } of all) {
    assert.doesNotMatch(text.replace(/tốc độ học/gi, ""), /tốc độ/i, `${where}: "${text}" could be read as the learning rate`);
  }
  // The gradient chart's heading says what it shows.
  assert.match(lower(vi["bp.health.heading"]), /độ lớn gradient/);
  // One word for the collapse of linear layers: thu gọn.
  for (const { where, text } of all) assert.doesNotMatch(text, /gộp/i, `${where}: "${text}"`);
});
