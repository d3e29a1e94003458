// equations.js: the lecture's forward and backward equations for one point,
// typeset by KaTeX (vendored) with every matrix written out in numbers, then
// "from one point to the step": the point's dW beside ΣdW and the update.
// TeX is built from numbers only; KaTeX renders it into its own element.

/** @typedef {(key: string, values?: Record<string, string | number>) => string} Translate */
/** @typedef {import("../../app/libraries.js").Katex} Katex */

/** Significant digits of every number shown in the equations. */
export const DIGITS = 4;

/**
 * Everything the equations show.
 * @typedef {{
 *   spec: Required<import("../../types").Spec>,
 *   params: import("../../types").LayerParams[],
 *   pointIndex: number,
 *   x: [number, number],
 *   label: number,
 *   a0: number[],
 *   forward: { z: number[], a: number[] }[],
 *   backward: { loss: number, layers: { dz: number[], dW: number[][], db: number[] }[] },
 *   batch: { loss: number, layers: { dW: number[][], db: number[] }[] } | null,
 *   trainCount: number,
 *   alpha: number,
 *   update?: import("../../types").UpdateOptions,  // the optimizer and regularization (absent: the lecture's step)
 *   optimizer?: import("../../backprop-types").OptimizerState | null,  // what the optimizer remembers before this step
 * }} EquationsView
 */

/**
 * A number with DIGITS significant digits, as TeX.
 * @param {number} x
 */
export function texNumber(x) {
  if (!Number.isFinite(x)) return x > 0 ? "\\infty" : x < 0 ? "-\\infty" : "\\text{NaN}";
  if (x === 0) return "0";
  const ax = Math.abs(x);
  if (ax >= 1e-3 && ax < 1e5) return String(Number(x.toPrecision(DIGITS)));
  const [mantissa, exponent] = x.toExponential(DIGITS - 1).split("e");
  return `${Number(mantissa)}\\times10^{${Number(exponent)}}`;
}

/** A number to subtract: a negative one in parentheses. @param {number} x */
function texSigned(x) {
  return x < 0 ? `(${texNumber(x)})` : texNumber(x);
}

/** @param {readonly number[]} v  a column vector */
export function texVector(v) {
  return `\\begin{bmatrix}${v.map(texNumber).join("\\\\")}\\end{bmatrix}`;
}

/** @param {readonly number[]} v  a row vector (a transposed column) */
function texRow(v) {
  return `\\begin{bmatrix}${v.map(texNumber).join("&")}\\end{bmatrix}`;
}

/** @param {readonly (readonly number[])[]} M */
export function texMatrix(M) {
  return `\\begin{bmatrix}${M.map((row) => row.map(texNumber).join("&")).join("\\\\")}\\end{bmatrix}`;
}

/** @param {readonly (readonly number[])[]} M */
function transpose(M) {
  return M.length === 0 ? [] : M[0].map((_, j) => M.map((row) => row[j]));
}

/**
 * g and g′ of an activation, as TeX and as numbers (g′ from z and a).
 * @param {string} activation
 */
function activationTex(activation) {
  switch (activation) {
    case "sigmoid":
      return { g: "g", gPrime: (/** @type {number} */ _z, /** @type {number} */ a) => a * (1 - a), rule: "\\mathbf{a}^{[l]}\\circ(1-\\mathbf{a}^{[l]})" };
    case "tanh":
      return { g: "\\tanh", gPrime: (/** @type {number} */ _z, /** @type {number} */ a) => 1 - a * a, rule: "1-(\\mathbf{a}^{[l]})^2" };
    case "relu":
      return { g: "\\operatorname{ReLU}", gPrime: (/** @type {number} */ z) => (z > 0 ? 1 : 0), rule: "[\\mathbf{z}^{[l]}>0]" };
    case "softmax":
      return { g: "\\operatorname{softmax}", gPrime: () => 1, rule: "" };
    default:
      return { g: "", gPrime: () => 1, rule: "1" };
  }
}

/**
 * One equation of the panel: the phase it belongs to, a caption and its TeX.
 * @typedef {{ phase: string, caption: string, tex: string }} Equation
 */

/**
 * The panel's equations for one point, in the lecture's order.
 * Phases: "input", "forward-l", "loss", "backward-l", "sum", "update".
 * @param {EquationsView} v
 * @param {Translate} t
 * @returns {Equation[]}
 */
export function equationsFor(v, t) {
  const L = v.spec.layers.length - 1;
  const softmax = v.spec.output === "softmax";
  const linear = v.spec.output === "linear"; // regression: y is a real target, L = ½(a − y)²
  const yTex = linear ? texNumber(v.label) : String(v.label);
  const sup = (/** @type {number} */ l) => `^{[${l}]}`;
  const supI = (/** @type {number} */ l) => `^{[${l}](i)}`;
  /** @type {Equation[]} */
  const out = [];
  out.push({
    phase: "input",
    caption: t("bp.eq.input", { k: v.pointIndex + 1 }), // points are numbered from 1, as the sums over i = 1..N
    tex: `\\mathbf{a}^{[0]}=\\mathbf{x}=${texVector(v.a0)},\\quad y=${yTex}`,
  });
  for (let l = 1; l <= L; l++) {
    const { W, b } = v.params[l - 1];
    const { z, a } = v.forward[l - 1];
    const aPrev = l === 1 ? v.a0 : v.forward[l - 2].a;
    const g = activationTex(l === L ? v.spec.output : v.spec.hidden).g;
    out.push({
      phase: `forward-${l}`,
      caption: t("bp.eq.forwardZ", { l, prev: l - 1 }),
      tex: `\\mathbf{z}${sup(l)}=W${sup(l)}\\mathbf{a}${sup(l - 1)}+\\mathbf{b}${sup(l)}=${texMatrix(W)}${texVector(aPrev)}+${texVector(b)}=${texVector(z)}`,
    });
    out.push({
      phase: `forward-${l}`,
      caption: t("bp.eq.forwardA", { l }),
      tex: g === ""
        ? `\\mathbf{a}${sup(l)}=\\mathbf{z}${sup(l)}=${texVector(a)}`
        : `\\mathbf{a}${sup(l)}=${g}(\\mathbf{z}${sup(l)})=${texVector(a)}`,
    });
  }
  const aL = v.forward[L - 1].a;
  const y = aL.map((_, k) => (softmax ? (k === v.label ? 1 : 0) : v.label));
  // The loop's line is L = (1.0 / 20) * get_loss(...): beside L, this point's share (1/N)·L of the loss shown.
  const n = v.trainCount;
  const share = n > 0 ? `,\\qquad\\tfrac{1}{${n}}L=${texNumber(v.backward.loss / n)}` : "";
  out.push({
    phase: "loss",
    caption: t(softmax ? "bp.eq.lossCE" : linear ? "bp.eq.lossMSE" : "bp.eq.lossBCE", { n }),
    // Classes are numbered as the labels are (y = 0, 1, 2, ...), so class y's output is a_y.
    tex: (linear
      ? `L=\\tfrac{1}{2}\\big(a${sup(L)}-y\\big)^2=\\tfrac{1}{2}\\big(${texNumber(aL[0])}-${texSigned(v.label)}\\big)^2=${texNumber(v.backward.loss)}`
      : softmax
      ? `L=-\\sum_{j=0}^{${aL.length - 1}} y_j\\log a_j${sup(L)}=-\\log a_{${v.label}}${sup(L)}=-\\log ${texNumber(aL[v.label])}=${texNumber(v.backward.loss)}`
      : `L=-\\big(y\\log a${sup(L)}+(1-y)\\log(1-a${sup(L)})\\big)=-\\big(${v.label}\\cdot\\log ${texNumber(aL[0])}+${1 - v.label}\\cdot\\log ${texNumber(1 - aL[0])}\\big)=${texNumber(v.backward.loss)}`) + share,
  });
  for (let l = L; l >= 1; l--) {
    const { dz, dW, db } = v.backward.layers[l - 1];
    const aPrev = l === 1 ? v.a0 : v.forward[l - 2].a;
    const phase = `backward-${l}`;
    if (l === L) {
      out.push({
        phase,
        caption: t(softmax ? "bp.eq.dzSoftmax" : linear ? "bp.eq.dzLinear" : "bp.eq.dzOut", { l }),
        tex: `d\\mathbf{z}${sup(l)}=\\mathbf{a}${sup(l)}-${softmax ? "\\operatorname{onehot}(y)" : "y"}=${texVector(aL)}-${texVector(y)}=${texVector(dz)}`,
      });
    } else {
      const next = v.params[l].W;
      const dzNext = v.backward.layers[l].dz;
      const da = transpose(next).map((row) => row.reduce((s, w, k) => s + w * dzNext[k], 0));
      const act = activationTex(v.spec.hidden);
      const { z, a } = v.forward[l - 1];
      const gp = z.map((zi, i) => act.gPrime(zi, a[i]));
      out.push({
        phase,
        caption: t("bp.eq.dz", { l }),
        tex: `d\\mathbf{z}${sup(l)}=d\\mathbf{a}${sup(l)}\\circ g'(\\mathbf{z}${sup(l)})=d\\mathbf{a}${sup(l)}\\circ ${act.rule.replaceAll("[l]", `[${l}]`)}=${texVector(da)}\\circ${texVector(gp)}=${texVector(dz)}`,
      });
    }
    out.push({
      phase,
      caption: t("bp.eq.dW", { l, prev: l - 1 }),
      tex: `dW${sup(l)}=d\\mathbf{z}${sup(l)}(\\mathbf{a}${sup(l - 1)})^T=${texVector(dz)}${texRow(aPrev)}=${texMatrix(dW)}`,
    });
    out.push({
      phase,
      caption: t("bp.eq.db", { l }),
      tex: `d\\mathbf{b}${sup(l)}=d\\mathbf{z}${sup(l)}=${texVector(db)}`,
    });
    if (l > 1) {
      const W = v.params[l - 1].W;
      const da = transpose(W).map((row) => row.reduce((s, w, k) => s + w * dz[k], 0));
      out.push({
        phase,
        caption: t("bp.eq.da", { l, prev: l - 1 }),
        tex: `d\\mathbf{a}${sup(l - 1)}=(W${sup(l)})^T d\\mathbf{z}${sup(l)}=${texMatrix(transpose(W))}${texVector(dz)}=${texVector(da)}`,
      });
    }
  }
  if (v.batch) {
    const n = v.trainCount;
    for (let l = 1; l <= L; l++) {
      out.push({
        phase: "sum",
        caption: t("bp.eq.sum", { l, n, k: v.pointIndex + 1 }),
        tex: `\\underbrace{${texMatrix(v.backward.layers[l - 1].dW)}}_{dW${sup(l)}\\text{ (${v.pointIndex + 1})}}\\qquad\\sum_{i=1}^{${n}} dW${supI(l)}=${texMatrix(v.batch.layers[l - 1].dW)},\\quad\\sum_{i=1}^{${n}} d\\mathbf{b}${supI(l)}=${texVector(v.batch.layers[l - 1].db)}`,
      });
    }
    const u = v.update ?? {};
    if ((u.optimizer ?? "gd") !== "gd" || (u.regularization ?? "none") !== "none") {
      for (let l = 1; l <= L; l++) out.push(...updateWith(v, l, u, t));
      return out;
    }
    for (let l = 1; l <= L; l++) {
      const { W, b } = v.params[l - 1];
      const { dW, db } = v.batch.layers[l - 1];
      const alpha = texNumber(v.alpha);
      const Wn = W.map((row, i) => row.map((w, j) => w - v.alpha * dW[i][j]));
      const bn = b.map((bi, i) => bi - v.alpha * db[i]);
      out.push({
        phase: "update",
        caption: t("bp.eq.updateW", { l }),
        tex: `W${sup(l)}\\leftarrow W${sup(l)}-\\alpha\\textstyle\\sum dW${sup(l)}=${texMatrix(W)}-${alpha}${texMatrix(dW)}=${texMatrix(Wn)}`,
      });
      out.push({
        phase: "update",
        caption: t("bp.eq.updateB", { l }),
        tex: `\\mathbf{b}${sup(l)}\\leftarrow\\mathbf{b}${sup(l)}-\\alpha\\textstyle\\sum d\\mathbf{b}${sup(l)}=${texVector(b)}-${alpha}${texVector(db)}=${texVector(bn)}`,
      });
    }
  }
  return out;
}

/**
 * The update of layer `l` with the chosen optimizer and regularization (DESIGN.md, "Training
 * extensions"): the gradient g = ΣdW plus the penalty's (λW or λ·sign W, weights only) in numbers,
 * then the optimizer's rule. Momentum's v and Adam's m and v live in the network and carry over
 * between steps: the rule is shown with g's numbers, the caption says so.
 * @param {EquationsView} v @param {number} l @param {import("../../types").UpdateOptions} u @param {Translate} t
 */
function updateWith(v, l, u, t) {
  const sup = (/** @type {number} */ k) => `^{[${k}]}`;
  const { W } = v.params[l - 1];
  const { dW, db } = v.batch ? v.batch.layers[l - 1] : { dW: [], db: [] };
  const reg = u.regularization ?? "none";
  const lambda = u.regularizationRate ?? 0;
  const sign = (/** @type {number} */ w) => (w > 0 ? 1 : w < 0 ? -1 : 0);
  const g = dW.map((row, i) => row.map((d, j) => d + (reg === "l2" ? lambda * W[i][j] : reg === "l1" ? lambda * sign(W[i][j]) : 0)));
  const penalty = reg === "l2" ? `+\\lambda W${sup(l)}` : reg === "l1" ? `+\\lambda\\,\\mathrm{sign}(W${sup(l)})` : "";
  const gTex = `g${sup(l)}=\\textstyle\\sum dW${sup(l)}${penalty}=${texMatrix(g)}`;
  const alpha = texNumber(v.alpha);
  const opt = u.optimizer ?? "gd";
  /** @type {Equation[]} */
  const out = [{ phase: "update", caption: t(`bp.eq.grad.${reg}`, { l, lambda }), tex: gTex }];
  if (opt === "gd") {
    const Wn = W.map((row, i) => row.map((w, j) => w - v.alpha * g[i][j]));
    out.push({ phase: "update", caption: t("bp.eq.updateWg", { l }), tex: `W${sup(l)}\\leftarrow W${sup(l)}-\\alpha g${sup(l)}=${texMatrix(W)}-${alpha}${texMatrix(g)}=${texMatrix(Wn)}` });
  } else {
    const s = optimizerStep(opt, u, v.optimizer ?? null, l, W, g, v.alpha);
    if (s.kind === "momentum") {
      out.push({ phase: "update", caption: t("bp.eq.momentum", { l, mu: s.mu }),
        tex: `v${sup(l)}\\leftarrow\\mu\\,v${sup(l)}+g${sup(l)}=${texNumber(s.mu)}${texMatrix(s.before)}+${texMatrix(g)}=${texMatrix(s.first)}` });
      out.push({ phase: "update", caption: t("bp.eq.momentumW", { l }),
        tex: `W${sup(l)}\\leftarrow W${sup(l)}-\\alpha\\,v${sup(l)}=${texMatrix(W)}-${alpha}${texMatrix(s.first)}=${texMatrix(s.Wn)}` });
    } else {
      out.push({ phase: "update", caption: t("bp.eq.adam", { l, t: s.t }),
        tex: `m${sup(l)}\\leftarrow\\beta_1 m${sup(l)}+(1-\\beta_1)g${sup(l)}=${texMatrix(s.first)},\\quad v${sup(l)}\\leftarrow\\beta_2 v${sup(l)}+(1-\\beta_2)(g${sup(l)})^2=${texMatrix(s.second)}` });
      out.push({ phase: "update", caption: t("bp.eq.adamW", { l, t: s.t }),
        tex: `W${sup(l)}\\leftarrow W${sup(l)}-\\alpha\\,\\frac{\\hat m${sup(l)}}{\\sqrt{\\hat v${sup(l)}}+\\varepsilon},\\ \\hat m=\\frac{m}{1-\\beta_1^{${s.t}}},\\ \\hat v=\\frac{v}{1-\\beta_2^{${s.t}}}:\\quad W${sup(l)}=${texMatrix(s.Wn)}` });
    }
  }
  out.push({ phase: "update", caption: t("bp.eq.updateBWith", { l }),
    tex: `\\textstyle\\sum d\\mathbf{b}${sup(l)}=${texVector(db)}\\quad${opt === "gd" ? `\\mathbf{b}${sup(l)}\\leftarrow\\mathbf{b}${sup(l)}-\\alpha\\sum d\\mathbf{b}${sup(l)}` : "\\text{(b: the same rule, no penalty)}"}` });
  return out;
}


/**
 * One optimizer step on layer `l`'s weights, in numbers (DESIGN.md, "Training extensions"), from
 * what the optimizer remembers before it (`state`; its moments start at 0 when it belongs to
 * another optimizer or momentum, or holds nothing yet): momentum's new v, or Adam's new m, v and
 * step count t, and the new weights W. The core's step() computes the same.
 * @param {"momentum" | "adam"} opt @param {import("../../types").UpdateOptions} u
 * @param {import("../../backprop-types").OptimizerState | null} state
 * @param {number} l @param {number[][]} W @param {number[][]} g @param {number} alpha
 * @returns {{ kind: "momentum", mu: number, before: number[][], first: number[][], Wn: number[][] } |
 *   { kind: "adam", t: number, first: number[][], second: number[][], Wn: number[][] }}
 */
export function optimizerStep(opt, u, state, l, W, g, alpha) {
  const mu = u.momentum ?? 0.9;
  const fresh = !state || state.optimizer !== opt || (opt === "momentum" && state.momentum !== mu) || state.first.length < l;
  const zeros = W.map((row) => row.map(() => 0));
  const first0 = fresh ? zeros : /** @type {NonNullable<typeof state>} */ (state).first[l - 1].W;
  if (opt === "momentum") {
    const first = g.map((row, i) => row.map((gij, j) => mu * first0[i][j] + gij));
    return { kind: "momentum", mu, before: first0, first, Wn: W.map((row, i) => row.map((w, j) => w - alpha * first[i][j])) };
  }
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  const second0 = fresh ? zeros : /** @type {NonNullable<typeof state>} */ (state).second[l - 1].W;
  const t = (fresh ? 0 : /** @type {NonNullable<typeof state>} */ (state).t) + 1;
  const first = g.map((row, i) => row.map((gij, j) => b1 * first0[i][j] + (1 - b1) * gij));
  const second = g.map((row, i) => row.map((gij, j) => b2 * second0[i][j] + (1 - b2) * gij * gij));
  const c1 = 1 - b1 ** t;
  const c2 = 1 - b2 ** t;
  const Wn = W.map((row, i) => row.map((w, j) => w - (alpha * (first[i][j] / c1)) / (Math.sqrt(second[i][j] / c2) + eps)));
  return { kind: "adam", t, first, second, Wn };
}

/**
 * The equations shown in `root`, typeset a few at a time: KaTeX takes milliseconds per
 * matrix equation, so each frame renders what its budget allows, the ones in view first.
 * @param {HTMLElement} root  inside a scrolling box (its parent)
 * @param {Katex} katex
 */
export function createEquationsView(root, katex) {
  /** @type {{ el: HTMLElement, math: HTMLElement, shown: string, pending: string | null }[]} */
  let blocks = [];
  /** The equations set last (captions and TeX), for latex(). @type {Equation[]} */
  let current = [];
  let structure = "";
  const box = /** @type {HTMLElement} */ (root.parentElement);

  function markBusy() {
    box.setAttribute("aria-busy", String(blocks.some((b) => b.pending !== null)));
  }

  return {
    /**
     * Sets the equations to show; only those whose TeX changed are typeset again.
     * @param {Equation[]} equations
     */
    set(equations) {
      current = equations;
      const next = equations.map((e) => `${e.phase}|${e.caption}`).join("\n");
      if (next !== structure) {
        structure = next;
        blocks = equations.map((eq) => {
          const el = document.createElement("div");
          el.className = "bp-eq";
          el.dataset.phase = eq.phase;
          el.setAttribute("role", "group");
          el.setAttribute("aria-label", eq.caption);
          const caption = document.createElement("div");
          caption.className = "bp-eq-caption";
          caption.textContent = eq.caption;
          const math = document.createElement("div");
          math.className = "bp-eq-math";
          el.append(caption, math);
          return { el, math, shown: "", pending: eq.tex };
        });
        root.replaceChildren(...blocks.map((b) => b.el));
      } else {
        equations.forEach((eq, i) => {
          blocks[i].pending = eq.tex === blocks[i].shown ? null : eq.tex;
        });
      }
      markBusy();
    },
    /** The equations shown, as LaTeX (amsmath): each caption as a comment, then its display. */
    latex() {
      return current.map((e) => `% ${e.caption}\n\\[ ${e.tex} \\]\n`).join("\n");
    },
    /** How many equations are shown. */
    count() {
      return current.length;
    },
    /**
     * Typesets pending equations for up to `budgetMs`, those in view first.
     * @param {number} budgetMs
     * @returns {boolean} whether some are still pending
     */
    flush(budgetMs) {
      const pending = blocks.filter((b) => b.pending !== null);
      if (pending.length === 0) return false;
      const top = box.scrollTop;
      const bottom = top + box.clientHeight;
      const distance = (/** @type {HTMLElement} */ el) => {
        const y = el.offsetTop - root.offsetTop;
        return y + el.offsetHeight < top ? top - y : y > bottom ? y - bottom : 0;
      };
      const order = pending.map((b) => ({ b, d: distance(b.el) })).sort((p, q) => p.d - q.d);
      const start = performance.now();
      for (const { b } of order) {
        if (performance.now() - start > budgetMs) break;
        const tex = /** @type {string} */ (b.pending);
        // Inline mode with \displaystyle: KaTeX may then break a long equation after = or +, which a phone needs.
        katex.render(`\\displaystyle ${tex}`, b.math, { displayMode: false, throwOnError: false, output: "htmlAndMathml" });
        b.shown = tex;
        b.pending = null;
      }
      markBusy();
      return blocks.some((b) => b.pending !== null);
    },
  };
}

/**
 * Marks the equations of `phase` (forward-2, backward-1, loss, sum, update) and scrolls the first into view.
 * @param {HTMLElement} root
 * @param {string | null} phase
 */
export function highlightPhase(root, phase) {
  /** @type {HTMLElement | null} */
  let first = null;
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll(".bp-eq"))) {
    const on = phase !== null && el.dataset.phase === phase;
    el.classList.toggle("bp-active", on);
    if (on && !first) first = el;
  }
  const box = root.parentElement;
  if (first && box) {
    const top = first.offsetTop - root.offsetTop;
    if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - 40) box.scrollTop = Math.max(0, top - 8);
  }
}
