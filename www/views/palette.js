// palette.js: colours of the classes and of activation values.

/** @typedef {[number, number, number]} RGB */

/**
 * Class colours, one palette per choice. "lecture": red (0) and green (1) as in the lecture,
 * then blue and purple; the green leans to teal and is lighter than the red, so the two
 * still differ for red-green colour-blind eyes. "safe": orange, blue, bluish green and
 * reddish purple (Okabe and Ito), told apart under every common colour blindness.
 * @type {Record<"lecture" | "safe", RGB[]>}
 */
export const PALETTES = {
  lecture: [
    [215, 48, 39],
    [0, 158, 115],
    [33, 102, 172],
    [136, 65, 157],
  ],
  safe: [
    [230, 97, 0],
    [0, 114, 178],
    [0, 158, 115],
    [204, 121, 167],
  ],
};

/**
 * The class colours shown now. The one piece of module state here: main.js picks the
 * palette from the settings with usePalette; every drawing module reads it through classColor.
 * @type {RGB[]}
 */
export const CLASS_RGB = PALETTES.lecture.map((c) => /** @type {RGB} */ ([...c]));

/**
 * Shows the classes in the named palette (the page's colours and every canvas).
 * @param {"lecture" | "safe"} name
 */
export function usePalette(name) {
  PALETTES[name].forEach((c, k) => (CLASS_RGB[k] = /** @type {RGB} */ ([...c])));
}

/** @param {number} k */
export function classColor(k) {
  const [r, g, b] = CLASS_RGB[k];
  return `rgb(${r} ${g} ${b})`;
}

/** Each class's mark, so classes differ by shape as well as colour. */
export const CLASS_SHAPES = /** @type {const} */ (["circle", "cross", "triangle", "square"]);

/**
 * Adds class k's mark, centred at (x, y) with radius r, to the current path
 * (so many marks fill and stroke as one path).
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} k
 * @param {number} x
 * @param {number} y
 * @param {number} r
 */
export function traceMark(ctx, k, x, y, r) {
  const shape = CLASS_SHAPES[k] ?? "circle";
  if (shape === "circle") {
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  } else if (shape === "square") {
    const h = r * 0.9;
    ctx.rect(x - h, y - h, 2 * h, 2 * h);
  } else if (shape === "triangle") {
    const s = r * 1.25;
    ctx.moveTo(x, y - s);
    ctx.lineTo(x + s * 0.866, y + s * 0.5);
    ctx.lineTo(x - s * 0.866, y + s * 0.5);
    ctx.closePath();
  } else {
    // An X of two bars, as one outline: arms of half-width w reaching out to s.
    const s = r * 1.15;
    const w = r * 0.4;
    const pts = [[0, -w], [s - w, -s], [s, -s + w], [w, 0], [s, s - w], [s - w, s], [0, w], [-s + w, s], [-s, s - w],
      [-w, 0], [-s, -s + w], [-s + w, -s]];
    ctx.moveTo(x + pts[0][0], y + pts[0][1]);
    for (const [dx, dy] of pts.slice(1)) ctx.lineTo(x + dx, y + dy);
    ctx.closePath();
  }
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
