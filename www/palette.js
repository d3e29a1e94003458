// palette.js: colours of the classes and of activation values.

/** @typedef {[number, number, number]} RGB */

/** Class colours: red (0) and green (1) as in the lecture, then blue and purple. @type {RGB[]} */
export const CLASS_RGB = [
  [215, 48, 39],
  [26, 152, 80],
  [33, 102, 172],
  [136, 65, 157],
];

/** @param {number} k */
export function classColor(k) {
  const [r, g, b] = CLASS_RGB[k];
  return `rgb(${r} ${g} ${b})`;
}

/** Hidden activations: negative orange, positive teal, zero white. @type {RGB} */
const NEGATIVE = [230, 120, 20];
/** @type {RGB} */
const POSITIVE = [20, 110, 160];

/**
 * Writes white mixed toward `rgb` by `t` in [0, 1] into `out` at `i` (RGBA).
 * @param {Uint8ClampedArray} out
 * @param {number} i
 * @param {RGB} rgb
 * @param {number} t
 */
export function writeMix(out, i, rgb, t) {
  out[i] = 255 + (rgb[0] - 255) * t;
  out[i + 1] = 255 + (rgb[1] - 255) * t;
  out[i + 2] = 255 + (rgb[2] - 255) * t;
  out[i + 3] = 255;
}

/**
 * Paints class probabilities: each cell takes its most probable class's colour,
 * stronger where the network is surer.
 * @param {Uint8ClampedArray} out  RGBA, n·n pixels
 * @param {Float64Array} grid  n·n values (probability of class 1) when classes = 2 and
 *   there is one output; otherwise n·n·classes, class-major inside a cell
 * @param {number} classes
 * @param {boolean} discretise  one flat shade per class instead of confidence
 */
export function paintProbabilities(out, grid, classes, discretise) {
  const cells = out.length / 4;
  const single = grid.length === cells;
  for (let i = 0; i < cells; i++) {
    let best = 0;
    let pBest = 0;
    if (single) {
      const p = grid[i];
      best = p >= 0.5 ? 1 : 0;
      pBest = best === 1 ? p : 1 - p;
    } else {
      for (let k = 0; k < classes; k++) {
        const p = grid[i * classes + k];
        if (p > pBest) {
          pBest = p;
          best = k;
        }
      }
    }
    const confidence = Math.max(0, (pBest - 1 / classes) / (1 - 1 / classes));
    writeMix(out, 4 * i, CLASS_RGB[best], discretise ? 0.42 : 0.08 + 0.6 * confidence);
  }
}

/**
 * Paints one neuron's activations on a diverging scale.
 * @param {Uint8ClampedArray} out  RGBA
 * @param {Float64Array} values
 * @param {number} offset  index of the first value in `values`
 * @param {number} center  the activation shown white (0.5 for sigmoid, else 0)
 * @param {number} scale  the distance from center shown at full colour
 */
export function paintActivation(out, values, offset, center, scale) {
  const cells = out.length / 4;
  for (let i = 0; i < cells; i++) {
    const t = Math.max(-1, Math.min(1, (values[offset + i] - center) / scale));
    writeMix(out, 4 * i, t >= 0 ? POSITIVE : NEGATIVE, Math.abs(t) * 0.85);
  }
}

/**
 * Centre and scale of an activation's colour scale.
 * @param {string} activation
 * @param {Float64Array} values
 * @param {number} offset
 * @param {number} count
 */
export function activationScale(activation, values, offset, count) {
  if (activation === "sigmoid" || activation === "softmax") return { center: 0.5, scale: 0.5 };
  if (activation === "tanh") return { center: 0, scale: 1 };
  let max = 1e-9;
  for (let i = offset; i < offset + count; i++) max = Math.max(max, Math.abs(values[i]));
  return { center: 0, scale: max };
}
