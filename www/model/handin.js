// handin.js: a student's result as one self-contained HTML file (inline CSS, no script needed
// to read it): the name, the exercise, every typed answer with its mark, the score and the date.
// A JSON block inside lets the page read it back; reading trusts nothing and refuses anything
// else with a reason.

import { readExercise, questions, labelOf, exerciseCode, showValue, subscript as sub } from "./exercise.js";
import { refusal } from "./refusal.js";

export const HANDIN_FORMAT = "backprop-lab-handin";
const VERSION = 1;
const MAX_NAME = 80;
const MAX_TYPED = 40;
/** Hand-in files larger than this are refused unread. */
export const MAX_HANDIN_BYTES = 1_000_000;
const BLOCK = /<script type="application\/json" id="backprop-lab-handin">([\s\S]*?)<\/script>/;

/** @typedef {import("./exercise.js").Exercise} Exercise */
/** @typedef {"right" | "wrong" | "empty" | "unreadable"} Mark */
/**
 * What a hand-in holds.
 * @typedef {{ name: string, date: string, ex: Exercise, answers: { id: string, typed: string, shown: boolean }[] }} Handin
 */

/**
 * The hand-in file's text.
 * @param {import("./exercise.js").T} t  the page's words in the language the file is written in
 * @param {string} lang
 * @param {Handin} h
 * @param {Map<string, Mark>} marks
 * @param {string} dateText  the date as the student's page writes it
 */
export function handinHtml(t, lang, h, marks, dateText) {
  const { ex } = h;
  const qs = questions(ex);
  const right = [...marks.values()].filter((m) => m === "right").length;
  const shown = h.answers.filter((a) => a.shown).length;
  const score = shown > 0 ? t("ex.scoreShown", { right, total: qs.length, shown }) : t("ex.score", { right, total: qs.length });
  const byId = new Map(h.answers.map((a) => [a.id, a]));
  const data = JSON.stringify({ format: HANDIN_FORMAT, version: VERSION, name: h.name, date: h.date, lang,
    exercise: ex, answers: h.answers, score: { right, total: qs.length } }).replace(/</g, "\\u003c");
  const rows = qs.map((q) => {
    const a = byId.get(q.id);
    const m = marks.get(q.id) ?? "empty";
    return `<tr class="${m}"><th scope="row">${esc(labelOf(t, q, ex.points.length))}</th><td>${esc(a?.typed ?? "")}</td>` +
      `<td>${esc(t(`ex.mark.${m}`))}${a?.shown ? ` (${esc(t("ex.read.shown"))})` : ""}</td></tr>`;
  }).join("\n");
  return `<!doctype html>
<html lang="${lang === "vi" ? "vi" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t("ex.file.title", { name: h.name }))}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; color: #1b1f24; max-width: 50rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.3rem; } h2 { font-size: 1.1rem; margin-top: 1.4rem; }
table { border-collapse: collapse; margin: 0.4rem 0 0.8rem; }
th, td { border: 1px solid #c5ccd3; padding: 0.2rem 0.55rem; text-align: left; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0.2rem 0; }
tr.right td:last-child { color: #0a6b3d; } tr.wrong td:last-child, tr.unreadable td:last-child { color: #a11b12; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; } dd { margin: 0; }
</style>
</head>
<body>
<h1>${esc(t("ex.file.title", { name: h.name }))}</h1>
<dl>
<dt>${esc(t("ex.file.name"))}</dt><dd>${esc(h.name)}</dd>
<dt>${esc(t("ex.file.date"))}</dt><dd>${esc(dateText)}</dd>
<dt>${esc(t("ex.file.code"))}</dt><dd>${esc(exerciseCode(ex))}</dd>
<dt>${esc(t("ex.file.score"))}</dt><dd>${esc(score)}</dd>
</dl>
<h2>${esc(t("ex.task.heading"))}</h2>
${exerciseHtml(t, ex)}
<h2>${esc(t("ex.answers"))}</h2>
<table>
<thead><tr><th>${esc(t("ex.col.quantity"))}</th><th>${esc(t("ex.col.answer"))}</th><th>${esc(t("ex.col.mark"))}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<script type="application/json" id="backprop-lab-handin">${data}</script>
</body>
</html>
`;
}

/**
 * The exercise as HTML: the network, W and b of each layer, the points, α.
 * @param {import("./exercise.js").T} t
 * @param {Exercise} ex
 */
function exerciseHtml(t, ex) {
  const last = ex.spec.layers.length - 1;
  const out = ex.spec.output === "softmax"
    ? t("ex.task.outSoftmax", { c: ex.spec.layers[last], l: last })
    : t("ex.task.outSigmoid", { l: last });
  const lines = [`<p>${esc(t("ex.task.network", { arch: ex.spec.layers.join("-"), act: t(`act.${ex.spec.hidden}`), out }))}</p>`];
  ex.params.forEach((p, i) => {
    const l = i + 1;
    const head = p.W[0].map((_, j) => `<th>W[${l}]ᵢ${sub(j + 1)}</th>`).join("") + `<th>b[${l}]ᵢ</th>`;
    const body = p.W.map((row, r) => `<tr><th scope="row">${esc(t("ex.task.neuron", { i: r + 1 }))}</th>` +
      row.map((w) => `<td>${w}</td>`).join("") + `<td>${p.b[r]}</td></tr>`).join("");
    lines.push(`<table><caption>${esc(t("ex.task.layer", { l }))}</caption><thead><tr><th></th>${head}</tr></thead><tbody>${body}</tbody></table>`);
  });
  const pts = ex.points.map((p, i) => `<tr><th scope="row">${i + 1}</th><td>${p.x1}</td><td>${p.x2}</td><td>${p.label}</td></tr>`).join("");
  lines.push(`<table><caption>${esc(t("ex.task.points"))}</caption><thead><tr><th>${esc(t("ex.task.point"))}</th><th>x₁</th><th>x₂</th>` +
    `<th>${esc(t("ex.task.label"))}</th></tr></thead><tbody>${pts}</tbody></table>`);
  lines.push(`<p>${esc(t("ex.task.alpha", { alpha: showValue(ex.alpha) }))}</p>`);
  return lines.join("\n");
}

/**
 * Reads a hand-in file's text back. Throws a refusal when it is not one, or is damaged.
 * @param {string} text
 * @returns {Handin}
 */
export function readHandin(text) {
  if (text.length > MAX_HANDIN_BYTES) throw refusal("refuse.handin.notHandin");
  const m = BLOCK.exec(text);
  if (!m) throw refusal("refuse.handin.notHandin");
  /** @type {unknown} */
  let raw;
  try {
    raw = JSON.parse(m[1]);
  } catch {
    throw refusal("refuse.handin.damaged");
  }
  if (typeof raw !== "object" || raw === null) throw refusal("refuse.handin.damaged");
  const doc = /** @type {Record<string, unknown>} */ (raw);
  if (doc.format !== HANDIN_FORMAT) throw refusal("refuse.handin.notHandin");
  if (doc.version !== VERSION || typeof doc.name !== "string" || doc.name.length > MAX_NAME ||
    typeof doc.date !== "string" || Number.isNaN(Date.parse(doc.date)) || !Array.isArray(doc.answers)) {
    throw refusal("refuse.handin.damaged");
  }
  const ex = readExercise(doc.exercise);
  const ids = new Set(questions(ex).map((q) => q.id));
  const seen = new Set();
  const answers = doc.answers.map((a) => {
    if (typeof a !== "object" || a === null) throw refusal("refuse.handin.damaged");
    const { id, typed, shown } = /** @type {Record<string, unknown>} */ (a);
    if (typeof id !== "string" || !ids.has(id) || seen.has(id) || typeof typed !== "string" || typed.length > MAX_TYPED ||
      typeof shown !== "boolean") {
      throw refusal("refuse.handin.damaged");
    }
    seen.add(id);
    return { id, typed, shown };
  });
  return { name: doc.name, date: doc.date, ex, answers };
}

/**
 * The teacher's table as CSV: a header line, then one line per hand-in (name, exercise code,
 * date, right, total, then each question's mark word); fields quoted where they need it.
 * @param {string[]} header
 * @param {(string | number)[][]} rows
 */
export function tableCsv(header, rows) {
  const field = (/** @type {string | number} */ v) => {
    const s = String(v);
    return /[",\n\r;]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

/** The longest answer a student may type (longer is cut). */
export const MAX_TYPED_CHARS = MAX_TYPED;

/** @param {string} s */
function esc(s) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** A file name's part from a person's name: letters and digits, accents dropped. @param {string} name */
export function nameSlug(name) {
  const s = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return (s || "student").slice(0, 40);
}
