// collapse.js: lesson 3. A network whose hidden layers are linear is one affine map:
//   a[L] = g(W[L](···(W[1]x + b[1])···) + b[L]) = g(W x + b),
//   W = W[L]···W[1],  b = Σ_k (W[L]···W[k+1]) b[k],
// a logistic regression. Computes W and b from params(), shows them with their
// numbers (KaTeX, or plain text), and draws the line W x + b = 0 on the plane.

/** @typedef {import("../../types").LayerParams} LayerParams */
/** @typedef {(key: string, values?: Record<string, string | number>) => string} Translate */
/** @typedef {import("../../app/libraries.js").Katex} Katex */

/** Significant digits shown. */
const DIGITS = 4;

/**
 * Matrix product A B (A m×k, B k×n), row-major arrays of rows.
 * @param {number[][]} A
 * @param {number[][]} B
 */
export function matMul(A, B) {
  const k = B.length;
  const n = k > 0 ? B[0].length : 0;
  return A.map((row) => {
    if (row.length !== k) throw new Error(`cannot multiply: ${row.length} columns times ${k} rows`);
    const out = new Array(n).fill(0);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += row[t] * B[t][j];
      out[j] = s;
    }
    return out;
  });
}

/**
 * @param {number[][]} A
 * @param {number[]} v
 */
function matVec(A, v) {
  return A.map((row) => row.reduce((s, w, j) => s + w * v[j], 0));
}

/**
 * The collapsed affine map of a network with linear hidden layers.
 * W = W[L]···W[1] (outputs × inputs); b = W[L]···W[2] b[1] + ··· + W[L] b[L-1] + b[L].
 * `terms[k]` is (W[L]···W[k+2]) b[k+1], the contribution of layer k+1's bias.
 * @param {LayerParams[]} params
 * @returns {{ W: number[][], b: number[], terms: number[][] }}
 */
export function collapse(params) {
  const L = params.length;
  if (L === 0) throw new Error("a network has at least one layer after the input");
  let M = params[L - 1].W.map((row) => [...row]);
  /** @type {number[][]} */
  const terms = new Array(L);
  terms[L - 1] = [...params[L - 1].b];
  for (let l = L - 2; l >= 0; l--) {
    terms[l] = matVec(M, params[l].b);
    M = matMul(M, params[l].W);
  }
  const b = terms[0].map((_, i) => terms.reduce((s, t) => s + t[i], 0));
  return { W: M, b, terms };
}

/**
 * The segment of the line w1 x1 + w2 x2 + c = 0 inside [lo, hi]², or null if it misses.
 * @param {number} w1
 * @param {number} w2
 * @param {number} c
 * @param {number} lo
 * @param {number} hi
 * @returns {[number, number, number, number] | null}
 */
export function lineInSquare(w1, w2, c, lo, hi) {
  return lineInRect(w1, w2, c, [lo, hi, lo, hi]);
}

/**
 * The segment of the line w1 x1 + w2 x2 + c = 0 inside the rectangle [x1lo, x1hi] × [x2lo, x2hi].
 * @param {number} w1
 * @param {number} w2
 * @param {number} c
 * @param {[number, number, number, number]} rect  x1lo, x1hi, x2lo, x2hi
 * @returns {[number, number, number, number] | null}
 */
export function lineInRect(w1, w2, c, rect) {
  const [ax, bx, ay, by] = rect;
  const eps = 1e-12 * Math.max(1, bx - ax, by - ay);
  /** @type {[number, number][]} */
  const hits = [];
  const add = (/** @type {number} */ x1, /** @type {number} */ x2) => {
    if (!(x1 >= ax - eps && x1 <= bx + eps && x2 >= ay - eps && x2 <= by + eps)) return;
    if (hits.some(([a, b]) => Math.abs(a - x1) <= 1e3 * eps && Math.abs(b - x2) <= 1e3 * eps)) return;
    hits.push([x1, x2]);
  };
  if (w2 !== 0) for (const x1 of [ax, bx]) add(x1, -(w1 * x1 + c) / w2);
  if (w1 !== 0) for (const x2 of [ay, by]) add(-(w2 * x2 + c) / w1, x2);
  if (hits.length < 2) return null;
  return [hits[0][0], hits[0][1], hits[1][0], hits[1][1]];
}

/** @param {number} x */
export function num(x) {
  if (x === 0) return "0";
  const s = Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? String(Number(x.toPrecision(DIGITS))) : x.toExponential(DIGITS - 1);
  return s.replace("-", "−");
}

/** @param {number} x */
function tex(x) {
  return num(x).replace("−", "-").replace(/e([+-]?)(\d+)/, (_, sign, d) => `\\cdot 10^{${sign === "-" ? "-" : ""}${d}}`);
}

/** @param {number[][]} M */
function texMatrix(M) {
  return `\\begin{bmatrix}${M.map((row) => row.map(tex).join(" & ")).join(" \\\\ ")}\\end{bmatrix}`;
}

/** @param {number} l */
const Wn = (l) => `W^{[${l}]}`;

/**
 * The TeX of the collapse, with numbers: W = W[L]···W[1] = (numbers) and b = Σ terms = b.
 * Only for one output (a sigmoid output neuron).
 * @param {LayerParams[]} params
 * @param {{ W: number[][], b: number[], terms: number[][] }} c
 */
export function collapseTex(params, c) {
  const L = params.length;
  const names = params.map((_, l) => Wn(L - l)).join("");
  // One factor per line, so the product fits a narrow column (a 1×3, a 3×3, a 3×2 side by side do not).
  const factors = [...params].reverse().map((p, i) => `${i === 0 ? "&= " : "&\\phantom{=}\\cdot "}${texMatrix(p.W)} \\\\`);
  const symbolic = params.map((_, k) => {
    const prefix = [];
    for (let l = L; l > k + 1; l--) prefix.push(Wn(l));
    return `${prefix.join("")}b^{[${k + 1}]}`;
  }).join(" + ");
  const numeric = c.terms.map((t) => tex(t[0])).join(" + ").replace(/\+ -/g, "- ");
  const [w1, w2] = c.W[0];
  const sign = (/** @type {number} */ x) => (x < 0 ? "-" : "+");
  return [
    "\\begin{aligned}",
    `W &= ${names} \\\\`,
    ...factors,
    `&= ${texMatrix(c.W)} \\\\[6pt]`,
    `b &= ${symbolic} \\\\`,
    `&= ${numeric} \\\\`,
    `&= ${tex(c.b[0])} \\\\[6pt]`,
    `a^{[${L}]} &= g(W x + b) \\\\`,
    `&= g(${tex(w1)}\\,x_1 ${sign(w2)} ${tex(Math.abs(w2))}\\,x_2 ${sign(c.b[0])} ${tex(Math.abs(c.b[0]))})`,
    "\\end{aligned}",
  ].join("\n");
}

/**
 * The same in plain text (when KaTeX is not available).
 * @param {LayerParams[]} params
 * @param {{ W: number[][], b: number[], terms: number[][] }} c
 */
export function collapsePlain(params, c) {
  const L = params.length;
  const names = params.map((_, l) => `W[${L - l}]`).join("·");
  return `W = ${names} = [${c.W[0].map(num).join(", ")}]; b = ${c.terms.map((t) => num(t[0])).join(" + ")} = ${num(c.b[0])}`;
}

/**
 * What the collapse panel shows.
 * @typedef {{ spec: Required<import("../../types").Spec>, params: LayerParams[] }} CollapseView
 */

/**
 * Shows the collapse of the network in `el` (its own children only), and returns the
 * line to draw on the plane, or null when the network does not collapse to a line in (x1, x2).
 * `el.dataset.w` / `el.dataset.b` hold W and b at full precision (JSON) for checks.
 * @param {HTMLElement} el
 * @param {CollapseView} view
 * @param {Translate} t
 * @param {Katex | null} katex
 * @returns {{ W: number[][], b: number[] } | null}
 */
export function renderCollapse(el, view, t, katex) {
  const { spec, params } = view;
  const note = document.createElement("p");
  note.className = "note";
  const math = document.createElement("div");
  math.className = "collapse-math";
  // Wide matrices scroll sideways on a phone: the region takes the keyboard too.
  math.tabIndex = 0;
  math.setAttribute("role", "region");
  math.setAttribute("aria-label", t("collapse.heading"));
  el.replaceChildren(note, math);
  delete el.dataset.w;
  delete el.dataset.b;
  if (spec.layers.length <= 2) {
    note.textContent = t("collapse.noHidden");
    return null;
  }
  if (spec.hidden !== "linear") {
    note.textContent = t("collapse.notLinear", { act: t(`act.${spec.hidden}`) });
    return null;
  }
  if (spec.output !== "sigmoid") {
    note.textContent = t("collapse.softmax");
    return null;
  }
  const c = collapse(params);
  el.dataset.w = JSON.stringify(c.W);
  el.dataset.b = JSON.stringify(c.b);
  const plainInputs = spec.inputs.length === 2 && spec.inputs[0] === "x1" && spec.inputs[1] === "x2";
  note.textContent = plainInputs ? t("collapse.equal") : t("collapse.features");
  if (katex) {
    try {
      katex.render(collapseTex(params, c), math, { displayMode: true, throwOnError: true, output: "html" });
    } catch {
      math.textContent = collapsePlain(params, c);
    }
  } else {
    math.textContent = collapsePlain(params, c);
  }
  return plainInputs ? { W: c.W, b: c.b } : null;
}

/**
 * Draws the dashed line W x + b = 0 over the plane.
 * @param {CanvasRenderingContext2D} ctx  scaled so 1 unit = 1 CSS pixel, cleared by the caller
 * @param {import("../../views/plane.js").Geometry} g
 * @param {{ W: number[][], b: number[] }} line
 * @param {number} lo
 * @param {number} hi
 */
export function drawCollapseLine(ctx, g, line, lo, hi) {
  const seg = lineInSquare(line.W[0][0], line.W[0][1], line.b[0], lo, hi);
  if (!seg) return;
  const [x0, y0] = g.toPx(seg[0], seg[1]);
  const [x1, y1] = g.toPx(seg[2], seg[3]);
  ctx.save();
  ctx.setLineDash([9, 6]);
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(255, 255, 255, 0.95)";
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  ctx.lineWidth = 2;
  ctx.strokeStyle = "#1f4e9c";
  ctx.stroke();
  ctx.restore();
}
