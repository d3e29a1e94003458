// workhandin.js: a student's training work (a lesson or their own points) as one self-contained
// HTML file to hand in (issue 16, part 5): the name, the date, the lesson, the network and its
// training settings, the final epoch, losses and accuracies, and the boundary and the loss curve
// as images. A JSON block inside (without the images) lets the page read it back into the
// teacher's table; reading trusts nothing and refuses anything else with a reason.

import { refusal } from "./refusal.js";
import { MAX_HANDIN_BYTES } from "./handin.js";

export const WORK_FORMAT = "backprop-lab-work";
const VERSION = 1;
const MAX_NAME = 80;
const MAX_TEXT = 200;
/** Images larger than this (as data URLs) are left out of the file rather than making it huge. */
const MAX_IMAGE_CHARS = 3_000_000;
const BLOCK = /<script type="application\/json" id="backprop-lab-work">([\s\S]*?)<\/script>/;

/**
 * What a work hand-in holds (numbers as the page measured them; null where there is none).
 * @typedef {{
 *   name: string, date: string,
 *   lesson: { number: number, title: string } | null,
 *   network: string,     // the architecture as the page writes it, e.g. "2-3-3-1 (sigmoid)"
 *   training: string,    // the training settings in words, e.g. "α = 0.4, full batch, sum"
 *   epoch: number, trainLoss: number | null, testLoss: number | null,
 *   trainAcc: number | null, testAcc: number | null,
 *   trainPoints: number, testPoints: number,
 * }} Work
 */

/**
 * The hand-in file's text.
 * @param {(key: string, values?: Record<string, string | number>) => string} t  the page's words
 * @param {string} lang
 * @param {Work} w
 * @param {{ boundary: string | null, loss: string | null }} images  PNG data URLs
 * @param {string} dateText  the date as the student's page writes it
 */
export function workHandinHtml(t, lang, w, images, dateText) {
  const data = JSON.stringify({ format: WORK_FORMAT, version: VERSION, lang, ...w }).replace(/</g, "\\u003c");
  const loss = (/** @type {number | null} */ v) => (v === null ? "—" : v.toFixed(5));
  const pct = (/** @type {number | null} */ v) => (v === null ? "—" : `${(100 * v).toFixed(1)} %`);
  const img = (/** @type {string | null} */ url, /** @type {string} */ alt) =>
    url && /^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(url) && url.length <= MAX_IMAGE_CHARS
      ? `<figure><img src="${url}" alt="${esc(alt)}"><figcaption>${esc(alt)}</figcaption></figure>` : "";
  const title = t("work.file.title", { name: w.name });
  const rows = /** @type {[string, string][]} */ ([
    [t("ex.file.name"), w.name],
    [t("ex.file.date"), dateText],
    [t("work.file.lesson"), w.lesson ? t("work.file.lessonN", { n: w.lesson.number, title: w.lesson.title }) : t("work.file.own")],
    [t("work.file.network"), w.network],
    [t("work.file.training"), w.training],
    [t("work.file.points"), t("work.file.pointsN", { train: w.trainPoints, test: w.testPoints })],
    [t("readout.epoch"), String(w.epoch)],
    [t("readout.trainLoss"), loss(w.trainLoss)],
    [t("readout.testLoss"), loss(w.testLoss)],
    [t("readout.trainAcc"), pct(w.trainAcc)],
    [t("readout.testAcc"), pct(w.testAcc)],
  ]);
  return `<!doctype html>
<html lang="${lang === "vi" ? "vi" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; color: #1b1f24; max-width: 50rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.3rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; } dd { margin: 0; font-variant-numeric: tabular-nums; }
figure { display: inline-block; margin: 0.5rem 1rem 0.5rem 0; vertical-align: top; }
img { max-width: 100%; width: 22rem; border: 1px solid #c5ccd3; } figcaption { font-size: 0.9rem; color: #444; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<dl>
${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("\n")}
</dl>
${img(images.boundary, t("work.file.boundary"))}
${img(images.loss, t("work.file.loss"))}
<script type="application/json" id="backprop-lab-work">${data}</script>
</body>
</html>
`;
}

/**
 * Whether a file's text is a work hand-in (it may still be damaged: readWorkHandin says so).
 * @param {string} text
 */
export function isWorkHandin(text) {
  return BLOCK.test(text.slice(0, MAX_HANDIN_BYTES + 1));
}

/**
 * A work hand-in read back from its file's text, every field checked.
 * @param {string} text
 * @returns {Work}
 */
export function readWorkHandin(text) {
  if (text.length > MAX_HANDIN_BYTES + 2 * MAX_IMAGE_CHARS) throw refusal("refuse.handin.notHandin");
  const m = BLOCK.exec(text);
  if (!m) throw refusal("refuse.handin.notHandin");
  /** @type {any} */
  let doc;
  try {
    doc = JSON.parse(m[1]);
  } catch {
    throw refusal("refuse.handin.damaged");
  }
  if (typeof doc !== "object" || doc === null || doc.format !== WORK_FORMAT) throw refusal("refuse.handin.notHandin");
  const str = (/** @type {unknown} */ v, max = MAX_TEXT) => typeof v === "string" && v.length <= max;
  const count = (/** @type {unknown} */ v) => Number.isInteger(v) && /** @type {number} */ (v) >= 0;
  const lossOk = (/** @type {unknown} */ v) => v === null || (typeof v === "number" && Number.isFinite(v) && v >= 0);
  const fraction = (/** @type {unknown} */ v) => v === null || (typeof v === "number" && v >= 0 && v <= 1);
  const lessonOk = doc.lesson === null || (typeof doc.lesson === "object" && Number.isInteger(doc.lesson.number) &&
    doc.lesson.number >= 1 && doc.lesson.number <= 99 && str(doc.lesson.title));
  if (doc.version !== VERSION || !str(doc.name, MAX_NAME) || !str(doc.date) || Number.isNaN(Date.parse(doc.date)) || !lessonOk ||
    !str(doc.network) || !str(doc.training) || !count(doc.epoch) || !lossOk(doc.trainLoss) || !lossOk(doc.testLoss) ||
    !fraction(doc.trainAcc) || !fraction(doc.testAcc) || !count(doc.trainPoints) || !count(doc.testPoints)) {
    throw refusal("refuse.handin.damaged");
  }
  return {
    name: doc.name, date: doc.date,
    lesson: doc.lesson === null ? null : { number: doc.lesson.number, title: doc.lesson.title },
    network: doc.network, training: doc.training, epoch: doc.epoch,
    trainLoss: doc.trainLoss, testLoss: doc.testLoss, trainAcc: doc.trainAcc, testAcc: doc.testAcc,
    trainPoints: doc.trainPoints, testPoints: doc.testPoints,
  };
}

/** @param {string} s */
function esc(s) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}
