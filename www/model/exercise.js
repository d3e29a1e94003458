// exercise.js: the classic backpropagation homework as data. A tiny network's weights, one to
// three points with their labels, α, and which of the lecture's quantities to compute by hand:
// z[l], a[l], L, dz[l] (per point), dW[l], db[l] (summed over the points, add_gradients) and
// W[l], b[l] after one step W ← W − α dW. Links carry an exercise in the #fragment ("#x1."),
// decoding trusts nothing; the answers come from the core; typed answers are marked to a
// stated tolerance.

import { refusal } from "./refusal.js";

/** @typedef {"sigmoid" | "tanh" | "relu" | "linear"} Activation */
/** @typedef {"z" | "a" | "L" | "dz" | "dW" | "db" | "W" | "b"} Kind  W and b: after the step */
/**
 * @typedef {{
 *   spec: { layers: number[], hidden: Activation, output: "sigmoid" | "softmax" },
 *   params: { W: number[][], b: number[] }[],
 *   points: { x1: number, x2: number, label: number }[],
 *   alpha: number,
 *   asked: string[],
 * }} Exercise
 * `asked`: a kind and a layer ("z1", "dW2", "W1"), or "L".
 */
/**
 * One number to compute. layer 1 is the first after the input; point, row, col count from 0.
 * @typedef {{ id: string, kind: Kind, layer: number | null, point: number | null, row: number, col: number | null }} Question
 */

export const PREFIX = "x1.";
/** Longer links are refused unread. */
export const MAX_EXERCISE_CHARS = 4000;
/** At most this many layers after the input, each of at most MAX_NEURONS neurons. */
export const MAX_LAYERS = 3;
export const MAX_NEURONS = 3;
export const MAX_EX_POINTS = 3;
/** Weights, coordinates and α a hand computation can use. */
const MAX_VALUE = 100;
export const ACTIVATIONS = /** @type {const} */ (["sigmoid", "tanh", "relu", "linear"]);
/** The kinds in the order a student computes them. */
export const KINDS = /** @type {const} */ (["z", "a", "L", "dz", "dW", "db", "W", "b"]);
/** Kinds asked once per point (forward and backward of one sample); the rest once. */
const PER_POINT = new Set(["z", "a", "L", "dz"]);

/**
 * A typed answer is right when |typed − expected| ≤ max(abs, rel·|expected|):
 * within 0.005, or within 0.5 % of the value when that is larger.
 */
export const TOLERANCE = Object.freeze({ abs: 0.005, rel: 0.005 });

/**
 * The link's fragment for an exercise.
 * @param {Exercise} ex
 * @returns {string} starting with "#x1."
 */
export function encodeExercise(ex) {
  const plain = { layers: ex.spec.layers, hidden: ex.spec.hidden, output: ex.spec.output,
    params: ex.params, points: ex.points, alpha: ex.alpha, asked: ex.asked };
  const bytes = new TextEncoder().encode(JSON.stringify(plain));
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return `#${PREFIX}${btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

/**
 * Whether a fragment is meant as an exercise (whatever its state).
 * @param {string} fragment
 */
export function isExerciseLink(fragment) {
  return fragment.replace(/^#/, "").startsWith(PREFIX);
}

/**
 * Reads a fragment made by encodeExercise. Throws a refusal saying what is wrong.
 * @param {string} fragment  with or without "#"
 * @returns {Exercise}
 */
export function decodeExercise(fragment) {
  const text = fragment.startsWith("#") ? fragment.slice(1) : fragment;
  if (text.length > MAX_EXERCISE_CHARS) throw refusal("refuse.ex.tooLong", { n: text.length, max: MAX_EXERCISE_CHARS });
  if (!text.startsWith(PREFIX)) throw refusal("refuse.ex.notExercise");
  const body = text.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) throw refusal("refuse.ex.damaged");
  /** @type {unknown} */
  let raw;
  try {
    const binary = atob(body.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (body.length % 4)) % 4));
    raw = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    throw refusal("refuse.ex.damaged");
  }
  if (!isRecord(raw)) throw refusal("refuse.ex.damaged");
  return readExercise({ spec: { layers: raw.layers, hidden: raw.hidden, output: raw.output },
    params: raw.params, points: raw.points, alpha: raw.alpha, asked: raw.asked });
}

/**
 * Checks an exercise from outside (a link, a hand-in file) and returns a clean copy.
 * @param {unknown} raw
 * @returns {Exercise}
 */
export function readExercise(raw) {
  if (!isRecord(raw) || !isRecord(raw.spec)) throw refusal("refuse.ex.damaged");
  const { layers, hidden, output } = raw.spec;
  if (!Array.isArray(layers) || layers.length < 2 || layers.length > MAX_LAYERS + 1 || layers[0] !== 2 ||
    !layers.slice(1).every((n) => Number.isInteger(n) && n >= 1 && n <= MAX_NEURONS)) {
    throw refusal("refuse.ex.layers", { layers: MAX_LAYERS, neurons: MAX_NEURONS });
  }
  if (typeof hidden !== "string" || !(/** @type {readonly string[]} */ (ACTIVATIONS)).includes(hidden)) {
    throw refusal("refuse.ex.activation", { allowed: ACTIVATIONS.join(", ") });
  }
  const outputs = layers[layers.length - 1];
  if (!(output === "sigmoid" && outputs === 1) && !(output === "softmax" && outputs >= 2)) {
    throw refusal("refuse.ex.output");
  }
  const params = raw.params;
  if (!Array.isArray(params) || params.length !== layers.length - 1) throw refusal("refuse.ex.params");
  const cleanParams = params.map((p, l) => {
    const rows = layers[l + 1];
    const cols = layers[l];
    if (!isRecord(p) || !Array.isArray(p.W) || p.W.length !== rows || !Array.isArray(p.b) || p.b.length !== rows ||
      !p.W.every((r) => Array.isArray(r) && r.length === cols && r.every(isSmall)) || !p.b.every(isSmall)) {
      throw refusal("refuse.ex.params");
    }
    return { W: p.W.map((r) => [.../** @type {number[]} */ (r)]), b: [.../** @type {number[]} */ (p.b)] };
  });
  const classes = output === "sigmoid" ? 2 : outputs;
  if (!Array.isArray(raw.points) || raw.points.length < 1 || raw.points.length > MAX_EX_POINTS) {
    throw refusal("refuse.ex.points", { max: MAX_EX_POINTS });
  }
  const points = raw.points.map((p, i) => {
    if (!isRecord(p) || !isSmall(p.x1) || !isSmall(p.x2)) throw refusal("refuse.ex.points", { max: MAX_EX_POINTS });
    if (!Number.isInteger(p.label) || /** @type {number} */ (p.label) < 0 || /** @type {number} */ (p.label) >= classes) {
      throw refusal("refuse.ex.label", { point: i + 1, max: classes - 1 });
    }
    return { x1: /** @type {number} */ (p.x1), x2: /** @type {number} */ (p.x2), label: /** @type {number} */ (p.label) };
  });
  if (!isSmall(raw.alpha) || /** @type {number} */ (raw.alpha) <= 0) throw refusal("refuse.ex.alpha", { max: MAX_VALUE });
  const asked = raw.asked;
  const count = layers.length - 1;
  if (!Array.isArray(asked) || asked.length === 0 || new Set(asked).size !== asked.length ||
    !asked.every((a) => typeof a === "string" && parseAsked(a, count) !== null)) {
    throw refusal("refuse.ex.asked");
  }
  return {
    spec: { layers: [...layers], hidden: /** @type {Activation} */ (hidden), output },
    params: cleanParams, points, alpha: /** @type {number} */ (raw.alpha), asked: [...asked],
  };
}

/**
 * "dW2" → { kind: "dW", layer: 2 }; "L" → { kind: "L", layer: null }; null when not asked right.
 * @param {string} a
 * @param {number} count  layers after the input
 * @returns {{ kind: Kind, layer: number | null } | null}
 */
export function parseAsked(a, count) {
  if (a === "L") return { kind: "L", layer: null };
  const m = /^(z|a|dz|dW|db|W|b)([1-9])$/.exec(a);
  if (!m || Number(m[2]) > count) return null;
  return { kind: /** @type {Kind} */ (m[1]), layer: Number(m[2]) };
}

/**
 * Every number an exercise asks for, in the order of KINDS, then layer (dz from the last layer back),
 * point, row, column.
 * @param {Exercise} ex
 * @returns {Question[]}
 */
export function questions(ex) {
  const count = ex.spec.layers.length - 1;
  const asked = ex.asked.map((a) => /** @type {{ kind: Kind, layer: number | null }} */ (parseAsked(a, count)));
  // dz in the order backpropagation computes it: from the output layer back.
  const order = (/** @type {{ kind: Kind, layer: number | null }} */ p) => (p.kind === "dz" ? -1 : 1) * (p.layer ?? 0);
  asked.sort((p, q) => KINDS.indexOf(p.kind) - KINDS.indexOf(q.kind) || order(p) - order(q));
  /** @type {Question[]} */
  const out = [];
  for (const { kind, layer } of asked) {
    const points = PER_POINT.has(kind) ? ex.points.map((_, i) => i) : [null];
    for (const point of points) {
      if (layer === null) {
        out.push(question(kind, null, point, 0, null));
        continue;
      }
      const rows = ex.spec.layers[layer];
      const cols = kind === "dW" || kind === "W" ? ex.spec.layers[layer - 1] : 0;
      for (let row = 0; row < rows; row++) {
        if (cols === 0) out.push(question(kind, layer, point, row, null));
        else for (let col = 0; col < cols; col++) out.push(question(kind, layer, point, row, col));
      }
    }
  }
  return out;
}

/**
 * @param {Kind} kind @param {number | null} layer @param {number | null} point @param {number} row @param {number | null} col
 * @returns {Question}
 */
function question(kind, layer, point, row, col) {
  const id = `${kind}${layer ?? ""}${point === null ? "" : `p${point + 1}`}${kind === "L" ? "" : `r${row + 1}`}${col === null ? "" : `c${col + 1}`}`;
  return { id, kind, layer, point, row, col };
}

/**
 * What one iteration of the lecture's loop computes (app/session.js oneStep): per sample the
 * forward values and backward's loss and dz; the gradients summed over the samples; the weights
 * after W ← W − α dW.
 * @typedef {{ forwards: { z: number[], a: number[] }[][], backwards: { loss: number, layers: { dz: number[] }[] }[],
 *   summed: { dW: number[][], db: number[] }[], after: { W: number[][], b: number[] }[] }} StepTrace
 * @typedef {(spec: import("../types").Spec, params: Exercise["params"], xs: [number, number][], labels: number[],
 *   alpha: number) => StepTrace} OneStep
 */

/**
 * The correct value of every asked number, computed by the core as the lecture does: for each
 * point, forward then backward (its gradients added into the accumulator), then one step with α.
 * @param {OneStep} oneStep  the session's (the one owner of networks)
 * @param {Exercise} ex
 * @returns {Map<string, number>}  question id → value
 */
export function answers(oneStep, ex) {
  const { forwards, backwards, summed, after } = oneStep({ ...ex.spec, seed: 0, inputs: ["x1", "x2"] }, ex.params,
    ex.points.map((p) => [p.x1, p.x2]), ex.points.map((p) => p.label), ex.alpha);
  /** @type {Map<string, number>} */
  const values = new Map();
  for (const q of questions(ex)) {
    const l = (q.layer ?? 1) - 1;
    const p = q.point ?? 0;
    const col = q.col ?? 0;
    const value = {
      z: () => forwards[p][l].z[q.row],
      a: () => forwards[p][l].a[q.row],
      L: () => backwards[p].loss,
      dz: () => backwards[p].layers[l].dz[q.row],
      dW: () => summed[l].dW[q.row][col],
      db: () => summed[l].db[q.row],
      W: () => after[l].W[q.row][col],
      b: () => after[l].b[q.row],
    }[q.kind]();
    values.set(q.id, value);
  }
  return values;
}

/**
 * A number as a student may type it: "0.5", "0,5", "-0.25", "−0.25", "1e-3", spaces around.
 * @param {string} typed
 * @returns {number | null}  null when it is not a number
 */
export function parseTyped(typed) {
  let s = typed.trim().replace(/\u2212/g, "-");
  if (s.includes(",")) {
    if (s.includes(".") || s.indexOf(",") !== s.lastIndexOf(",")) return null;
    s = s.replace(",", ".");
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/**
 * Marks one typed answer.
 * @param {number} expected
 * @param {string} typed
 * @param {{ abs: number, rel: number }} [tolerance]
 * @returns {"right" | "wrong" | "empty" | "unreadable"}
 */
export function mark(expected, typed, tolerance = TOLERANCE) {
  if (typed.trim() === "") return "empty";
  const v = parseTyped(typed);
  if (v === null) return "unreadable";
  return Math.abs(v - expected) <= Math.max(tolerance.abs, tolerance.rel * Math.abs(expected)) ? "right" : "wrong";
}

/**
 * A question's label in the lecture's notation: "z[1]₂", "dW[2]₁₂", "L"; the point and "after the
 * step" are added by the page in its language.
 * @param {Question} q
 */
export function symbol(q) {
  if (q.kind === "L") return "L";
  return `${q.kind}[${q.layer}]${subscript(q.row + 1)}${q.col === null ? "" : subscript(q.col + 1)}`;
}

/** A whole number as subscript digits: 12 → "₁₂". @param {number} n */
export function subscript(n) {
  return String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);
}

/**
 * A short code naming an exercise, so a teacher sees which hand-ins answer the same one.
 * @param {Exercise} ex
 */
export function exerciseCode(ex) {
  let h = 0x811c9dc5;
  for (const c of encodeExercise(ex)) {
    h ^= c.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).toUpperCase().padStart(7, "0").slice(-6);
}

/** @param {unknown} v @returns {v is Record<string, unknown>} */
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** @param {unknown} v @returns {v is number} */
function isSmall(v) {
  return typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= MAX_VALUE;
}

/** @typedef {(key: string, values?: Record<string, string | number>) => string} T */

/**
 * A question's label in the page's language: "z[1]₂", "z[1]₂, point 2", "W[1]₁₂ after the step".
 * @param {T} t
 * @param {Question} q
 * @param {number} points  how many points the exercise has (the point is named when more than one)
 */
export function labelOf(t, q, points) {
  const s = symbol(q);
  if (q.kind === "W" || q.kind === "b") return t("ex.q.after", { q: s });
  if (q.point !== null && points > 1) return t("ex.q.point", { q: s, p: q.point + 1 });
  return s;
}

/**
 * The lecture's equation for a question's quantity, with its layer's numbers.
 * @param {T} t
 * @param {Exercise} ex
 * @param {Question} q
 */
export function equationOf(t, ex, q) {
  const last = ex.spec.layers.length - 1;
  const l = q.layer ?? last;
  const v = { l, prev: l === 1 ? "x" : `a[${l - 1}]`, next: l + 1 };
  switch (q.kind) {
    case "a":
      return t(l < last ? `ex.eq.a.${ex.spec.hidden}` : ex.spec.output === "softmax" ? "ex.eq.a.softmax" : "ex.eq.a.sigmoid", v);
    case "L":
      return t(`ex.eq.L.${ex.spec.output}`, v);
    case "dz":
      return t(l === last ? "ex.eq.dz.out" : `ex.eq.dz.${ex.spec.hidden}`, v);
    default:
      return t(`ex.eq.${q.kind}`, v);
  }
}

/**
 * Marks every typed answer.
 * @param {Map<string, number>} values  answers()
 * @param {Map<string, string>} typed  question id → what the student typed
 * @returns {{ marks: Map<string, ReturnType<typeof mark>>, right: number, total: number }}
 */
export function markAll(values, typed) {
  /** @type {Map<string, ReturnType<typeof mark>>} */
  const marks = new Map();
  let right = 0;
  for (const [id, value] of values) {
    const m = mark(value, typed.get(id) ?? "");
    marks.set(id, m);
    if (m === "right") right += 1;
  }
  return { marks, right, total: values.size };
}

/**
 * A value to show as the answer: six significant digits, the lecture's dot.
 * @param {number} v
 */
export function showValue(v) {
  return String(Number(v.toPrecision(6)));
}
