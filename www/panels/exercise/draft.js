// draft.js: the exercise a teacher is building (the panel's "make" form), as typed: a new
// draft, one made from an exercise, the exercise it describes, and the draft kept in the
// browser's storage, so a half-built exercise survives a reload (issue 16).

import { readExercise, parseTyped, parseAsked, subscript as sub, KINDS, MAX_NEURONS, MAX_EX_POINTS, ACTIVATIONS } from "../../model/exercise.js";
import { seededRandom } from "../../model/points.js";
import { reasonOf } from "../../model/refusal.js";

/** @typedef {import("../../model/exercise.js").Exercise} Exercise */
/** @typedef {import("../../model/i18n.js").Message} Message */

/**
 * What the teacher is building, as typed (strings where the teacher types).
 * @typedef {{ hidden: number[], activation: Exercise["spec"]["hidden"], output: "sigmoid" | "softmax2" | "softmax3",
 *   seed: number, W: string[][][], b: string[][], points: { x1: string, x2: string, label: string }[], alpha: string,
 *   kinds: Set<string>, layers: Set<number> }} Draft
 */


export const DEFAULT_POINTS = [{ x1: "0.5", x2: "-1", label: "1" }, { x1: "-1", x2: "0.5", label: "0" }, { x1: "1", x2: "1", label: "0" }];

/** The draft a teacher starts from: 2-2-1 sigmoid, one point, α 0.5, everything asked. @returns {Draft} */
export function newDraft() {
  /** @type {Draft} */
  const d = { hidden: [2], activation: "sigmoid", output: "sigmoid", seed: 1, W: [], b: [],
    points: [{ ...DEFAULT_POINTS[0] }], alpha: "0.5", kinds: new Set(KINDS), layers: new Set([1, 2]) };
  randomWeights(d);
  return d;
}

/** @param {Exercise} e @returns {Draft} */
export function draftOf(e) {
  const sizes = e.spec.layers;
  const outN = sizes[sizes.length - 1];
  const asked = e.asked.map((a) => parseAsked(a, sizes.length - 1));
  return {
    hidden: sizes.slice(1, -1), activation: e.spec.hidden,
    output: e.spec.output === "sigmoid" ? "sigmoid" : outN === 2 ? "softmax2" : "softmax3",
    seed: 1,
    W: e.params.map((p) => p.W.map((r) => r.map(String))), b: e.params.map((p) => p.b.map(String)),
    points: e.points.map((p) => ({ x1: String(p.x1), x2: String(p.x2), label: String(p.label) })),
    alpha: String(e.alpha),
    kinds: new Set(asked.map((k) => k?.kind ?? "")),
    // Only L asked: every layer stays ticked for the teacher's next change.
    layers: new Set(asked.some((k) => k?.layer) ? asked.map((k) => k?.layer ?? 0).filter((l) => l > 0)
      : sizes.slice(1).map((_, i) => i + 1)),
  };
}

/** @param {Draft} d */
export function layersOf(d) {
  return [2, ...d.hidden, d.output === "sigmoid" ? 1 : d.output === "softmax2" ? 2 : 3];
}

/**
 * Weights and biases from ±0.1 to ±1 with one decimal, from the draft's seed (easy to compute by
 * hand; never 0, which would make a neuron's gradient vanish from the exercise).
 * @param {Draft} d
 */
export function randomWeights(d) {
  const random = seededRandom(d.seed * 7919 + 16);
  const r = () => String((random() < 0.5 ? -1 : 1) * (1 + Math.floor(10 * random())) / 10);
  const sizes = layersOf(d);
  d.W = sizes.slice(1).map((n, i) => Array.from({ length: n }, () => Array.from({ length: sizes[i] }, r)));
  d.b = sizes.slice(1).map((n) => Array.from({ length: n }, r));
}

/**
 * The exercise the draft describes, or the message saying what is wrong with it.
 * @param {Draft} d
 * @returns {{ ex: Exercise } | { message: Message }}
 */
export function exerciseOfDraft(d) {
  /** @type {string | null} */
  let bad = null;
  /** @param {string} s @param {string} what */
  const num = (s, what) => {
    const v = parseTyped(s);
    if (v === null && bad === null) bad = what;
    return v ?? NaN;
  };
  const params = d.W.map((W, i) => ({
    W: W.map((row, r) => row.map((s, c) => num(s, `W[${i + 1}]${sub(r + 1)}${sub(c + 1)}`))),
    b: d.b[i].map((s, r) => num(s, `b[${i + 1}]${sub(r + 1)}`)),
  }));
  const points = d.points.map((p, i) => ({ x1: num(p.x1, `x₁ (${i + 1})`), x2: num(p.x2, `x₂ (${i + 1})`), label: num(p.label, `y (${i + 1})`) }));
  const alpha = num(d.alpha, "α");
  if (bad !== null) return { message: { key: "ex.make.bad", values: { what: bad } } };
  const n = d.hidden.length + 1;
  const asked = [];
  for (const k of KINDS) {
    if (!d.kinds.has(k)) continue;
    if (k === "L") asked.push("L");
    else for (let l = 1; l <= n; l++) if (d.layers.has(l)) asked.push(`${k}${l}`);
  }
  if (asked.length === 0) return { message: { key: "ex.make.none" } };
  const output = d.output === "sigmoid" ? "sigmoid" : "softmax";
  try {
    return { ex: readExercise({ spec: { layers: layersOf(d), hidden: d.activation, output }, params, points, alpha, asked }) };
  } catch (e) {
    return { message: { key: "ex.make.refused", values: { reason: reasonOf(e) } } };
  }
}

/** Where the half-built exercise is kept. */
export const DRAFT_KEY = "backprop-lab/exercise-draft/v1";
/** The longest text a typed cell keeps. */
const MAX_CELL = 40;

/** The draft as text to keep. @param {Draft} d */
export function draftJson(d) {
  return JSON.stringify({ ...d, kinds: [...d.kinds], layers: [...d.layers] });
}

/**
 * A kept draft read back, checked part by part against the shapes a draft can have; null when
 * there is none or it does not fit (the panel then starts from a new draft).
 * @param {string | null} text
 * @returns {Draft | null}
 */
export function readDraft(text) {
  let raw;
  try {
    raw = JSON.parse(text ?? "null");
  } catch {
    return null;
  }
  if (!raw || typeof raw !== "object") return null;
  const str = (/** @type {unknown} */ v) => typeof v === "string" && v.length <= MAX_CELL;
  const { hidden, activation, output, seed, W, b, points, alpha, kinds, layers } = raw;
  if (!Array.isArray(hidden) || hidden.length > 2 || !hidden.every((n) => Number.isInteger(n) && n >= 1 && n <= MAX_NEURONS)) return null;
  if (!ACTIVATIONS.includes(activation) || !["sigmoid", "softmax2", "softmax3"].includes(output)) return null;
  if (!Number.isInteger(seed) || !str(alpha)) return null;
  /** @type {Draft} */
  const d = { hidden, activation, output, seed, W: [], b: [], points: [], alpha, kinds: new Set(), layers: new Set() };
  const sizes = layersOf(d);
  const fits = Array.isArray(W) && Array.isArray(b) && W.length === sizes.length - 1 && b.length === sizes.length - 1 &&
    sizes.slice(1).every((n, i) => Array.isArray(W[i]) && W[i].length === n &&
      W[i].every((/** @type {unknown} */ row) => Array.isArray(row) && row.length === sizes[i] && row.every(str)) &&
      Array.isArray(b[i]) && b[i].length === n && b[i].every(str));
  if (!fits) return null;
  if (!Array.isArray(points) || points.length < 1 || points.length > MAX_EX_POINTS ||
    !points.every((p) => p && str(p.x1) && str(p.x2) && str(p.label))) return null;
  if (!Array.isArray(kinds) || !kinds.every((k) => KINDS.includes(k))) return null;
  if (!Array.isArray(layers) || !layers.every((l) => Number.isInteger(l) && l >= 1 && l < sizes.length)) return null;
  d.W = W;
  d.b = b;
  d.points = points.map((p) => ({ x1: p.x1, x2: p.x2, label: p.label }));
  d.kinds = new Set(kinds);
  d.layers = new Set(layers);
  return d;
}
