// gradcheck.js: the gradient check: every parameter's gradient of the summed
// loss by backpropagation beside a numeric one, their relative error
// |b − n| / (|b| + |n|), and a verdict. The numeric gradient is the core's central
// difference D(ε) = (L(θ+ε) − L(θ−ε)) / 2ε at two steps, combined by Richardson
// extrapolation (4·D(ε/2) − D(ε)) / 3: its ε² error cancels, so ε can be large
// enough that rounding stays small (10 to 100 times closer than one step of 1e-4).

import { paramName } from "./diagram.js";

/** @typedef {(key: string, values?: Record<string, string | number>) => string} Translate */
/** @typedef {{ layer: number, param: "W" | "b", row: number, col: number, backprop: number, numeric: number, relError: number }} CheckRow */

/** The larger step of the central differences; the smaller is EPS / 2. */
export const EPS = 2e-3;
/** The relative error a smooth activation must stay under. */
export const TOLERANCE = 1e-6;
/** Below this absolute difference both numbers agree to rounding, whatever the relative error says. */
const ABS_FLOOR = 1e-10;

/**
 * Combines the core's checks at ε and ε/2 (same parameter order) by Richardson extrapolation.
 * @param {CheckRow[]} coarse  gradientCheck(xs, labels, ε)
 * @param {CheckRow[]} fine  gradientCheck(xs, labels, ε / 2)
 * @returns {CheckRow[]}
 */
export function richardson(coarse, fine) {
  return coarse.map((r, i) => {
    const numeric = (4 * fine[i].numeric - r.numeric) / 3;
    const relError = Math.abs(r.backprop - numeric) / Math.max(Math.abs(r.backprop) + Math.abs(numeric), 1e-8);
    return { ...r, numeric, relError };
  });
}

/**
 * @param {CheckRow} r
 * @returns {"ok" | "tiny" | "bad"}  tiny: agrees in absolute terms, a vanished gradient
 */
export function verdict(r) {
  if (r.relError < TOLERANCE) return "ok";
  return Math.abs(r.backprop - r.numeric) < ABS_FLOOR ? "tiny" : "bad";
}

/**
 * Builds the button and the (empty) table inside `root`.
 * @param {HTMLElement} root
 * @param {Translate} t
 * @param {{ onRun: () => { rows: CheckRow[], activation: string } | { error: string } }} handlers
 */
export function createGradCheck(root, t, handlers) {
  root.replaceChildren();
  const run = document.createElement("button");
  run.type = "button";
  run.textContent = t("bp.check.run");
  const summary = document.createElement("p");
  summary.className = "bp-check-summary";
  summary.setAttribute("role", "status");
  summary.setAttribute("aria-label", t("bp.check.summary"));
  const wrap = document.createElement("div");
  wrap.className = "bp-check-wrap";
  root.append(run, summary, wrap);

  run.addEventListener("click", () => {
    const result = handlers.onRun();
    if ("error" in result) {
      summary.textContent = result.error;
      wrap.replaceChildren();
      return;
    }
    show(result.rows, result.activation);
  });

  /** @param {CheckRow[]} rows @param {string} activation */
  function show(rows, activation) {
    const table = document.createElement("table");
    table.className = "bp-check";
    const caption = document.createElement("caption");
    caption.textContent = t("bp.check.tableName");
    const how = document.createElement("p");
    how.className = "hint";
    how.textContent = t("bp.check.caption", { eps: EPS });
    const head = document.createElement("tr");
    for (const key of ["param", "backprop", "numeric", "rel", "verdict"]) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = t(`bp.check.${key}`);
      head.append(th);
    }
    const thead = document.createElement("thead");
    thead.append(head);
    const tbody = document.createElement("tbody");
    let worst = 0;
    let bad = 0;
    let tiny = 0;
    for (const r of rows) {
      const tr = document.createElement("tr");
      const v = verdict(r);
      if (v === "bad") {
        bad++;
        tr.className = "bp-bad";
      }
      if (v === "tiny") tiny++;
      else worst = Math.max(worst, r.relError);
      const name = document.createElement("th");
      name.scope = "row";
      name.textContent = paramName(r.param, r.layer, r.row, r.col);
      tr.append(name, cell(r.backprop.toPrecision(10)), cell(r.numeric.toPrecision(10)), cell(r.relError.toExponential(2)),
        cell(t(`bp.check.${v}`)));
      tbody.append(tr);
    }
    table.append(caption, thead, tbody);
    wrap.replaceChildren(how, table);
    const kink = (tiny > 0 ? ` ${t("bp.check.tinyCount", { tiny })}` : "") + (activation === "relu" ? ` ${t("bp.check.relu")}` : "");
    summary.textContent = (bad === 0
      ? t("bp.check.allOk", { n: rows.length, worst: worst.toExponential(2), tol: "1e-6" })
      : t("bp.check.someBad", { bad, n: rows.length, worst: worst.toExponential(2), tol: "1e-6" })) + kink;
  }

  return {
    /** Forgets the last table (the network changed). */
    clear() {
      wrap.replaceChildren();
      summary.textContent = t("bp.check.none");
    },
  };
}

/** @param {string} text */
function cell(text) {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}
