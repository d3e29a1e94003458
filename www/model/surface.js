// surface.js: the loss surface over two parameters (pure): which parameters there are, in the
// lecture's notation, the colour and contour band of a loss, and where a point of the descent
// path falls on the grid that lossSurface() returns (DESIGN.md, "Training extensions").

/** @typedef {{ layer: number, param: "W" | "b", row: number, col: number }} ParamRef */

const SUB = "₀₁₂₃₄₅₆₇₈₉";
/** @param {number} n */
const sub = (n) => String(n).split("").map((d) => SUB[Number(d)]).join("");

/**
 * Every parameter of a network with `layers` (input first), named as in the lecture:
 * W[l]ᵢⱼ (into neuron i of layer l from neuron j of layer l − 1) and b[l]ᵢ, counted from 1.
 * @param {readonly number[]} layers
 * @returns {{ ref: ParamRef, name: string }[]}
 */
export function parameters(layers) {
  const out = [];
  for (let l = 1; l < layers.length; l++) {
    for (let i = 0; i < layers[l]; i++) {
      for (let j = 0; j < layers[l - 1]; j++) {
        out.push({ ref: { layer: l - 1, param: /** @type {const} */ ("W"), row: i, col: j }, name: `W[${l}]${sub(i + 1)}${sub(j + 1)}` });
      }
      out.push({ ref: { layer: l - 1, param: /** @type {const} */ ("b"), row: i, col: 0 }, name: `b[${l}]${sub(i + 1)}` });
    }
  }
  return out;
}

/**
 * The value of one parameter in a network's params.
 * @param {{ W: number[][], b: number[] }[]} params @param {ParamRef} ref
 */
export function valueOf(params, ref) {
  const layer = params[ref.layer];
  return ref.param === "W" ? layer.W[ref.row][ref.col] : layer.b[ref.row];
}

/**
 * Where (θ₁, θ₂) falls on the grid lossSurface() computed around (c₁, c₂) with `span`:
 * column and row as fractions of the grid's width and height, 0 to 1 inside it (row 0 at the top:
 * θ₂ = c₂ + span).
 * @param {number} t1 @param {number} t2 @param {number} c1 @param {number} c2 @param {number} span
 */
export function gridPosition(t1, t2, c1, c2, span) {
  return { x: (t1 - c1 + span) / (2 * span), y: (c2 + span - t2) / (2 * span) };
}

/** Contour lines drawn between the grid's lowest and highest loss, evenly spaced on a log scale. */
export const CONTOURS = 12;

/**
 * The colour of a loss between the grid's smallest and largest (log scale): dark blue for low,
 * through teal and green, to yellow for high. Returns [r, g, b] 0–255.
 * @param {number} loss @param {number} lo @param {number} hi
 * @returns {[number, number, number]}
 */
export function colour(loss, lo, hi) {
  if (!Number.isFinite(loss)) return [255, 255, 255];
  const a = Math.log(Math.max(lo, 1e-300));
  const b = Math.log(Math.max(hi, 1e-300));
  const f = b > a ? Math.min(1, Math.max(0, (Math.log(Math.max(loss, 1e-300)) - a) / (b - a))) : 0;
  // A few stops of a perceptually even ramp (dark blue → teal → green → yellow).
  const stops = [[40, 30, 110], [35, 110, 140], [40, 160, 120], [150, 200, 60], [250, 230, 40]];
  const x = f * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(x));
  const u = x - k;
  return /** @type {[number, number, number]} */ (stops[k].map((v, i) => Math.round(v + (stops[k + 1][i] - v) * u)));
}
