// confusion.js (view): the confusion matrices of the training and the test points, as tables:
// a row per true class, a column per predicted class, the right answers on the diagonal.

import { setText } from "./dom.js";

/** @typedef {(key: string, values?: Record<string, string | number>) => string} Translate */

/**
 * Draws both tables into `root` (built again only when the counts or the words change).
 * @param {HTMLElement} root
 * @param {import("../model/confusion.js").Confusion} m
 * @param {Translate} t
 */
export function showConfusion(root, m, t) {
  const key = JSON.stringify(m) + t("confusion.train");
  if (root.dataset.key === key) return;
  root.dataset.key = key;
  const tables = [["train", m.train], ["test", m.test]].map(([which, counts]) =>
    table(/** @type {number[][]} */ (counts), t(`confusion.${which}`), t));
  root.replaceChildren(...tables);
}

/**
 * @param {number[][]} counts
 * @param {string} title
 * @param {Translate} t
 */
function table(counts, title, t) {
  const doc = document;
  const el = doc.createElement("table");
  el.className = "confusion-table";
  const total = counts.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  const right = counts.reduce((s, row, k) => s + row[k], 0);
  const caption = doc.createElement("caption");
  setText(caption, total === 0 ? `${title}: ${t("confusion.none")}` : `${title}: ${t("confusion.right", { right, total })}`);
  el.append(caption);
  const head = doc.createElement("tr");
  head.append(cell("th", t("confusion.corner"), "col"));
  counts.forEach((_, k) => head.append(cell("th", t("confusion.predicted", { name: t(`class.short.${k}`) }), "col")));
  const thead = doc.createElement("thead");
  thead.append(head);
  const body = doc.createElement("tbody");
  counts.forEach((row, k) => {
    const tr = doc.createElement("tr");
    tr.append(cell("th", t("confusion.actual", { name: t(`class.short.${k}`) }), "row"));
    row.forEach((n, j) => {
      const td = cell("td", String(n));
      if (j === k) td.className = "diagonal";
      else if (n > 0) td.className = "wrong";
      tr.append(td);
    });
    body.append(tr);
  });
  el.append(thead, body);
  return el;
}

/** @param {"th" | "td"} tag @param {string} text @param {"col" | "row"} [scope] */
function cell(tag, text, scope) {
  const c = document.createElement(tag);
  c.textContent = text;
  if (scope) c.setAttribute("scope", scope);
  return c;
}
