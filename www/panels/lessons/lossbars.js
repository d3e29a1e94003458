// lossbars.js: lesson 4. Each training point's loss as a bar: binary cross-entropy
// L = -(y log a + (1-y) log(1-a)) with one sigmoid output, cross-entropy
// L = -log a_y with a softmax output; and their sum J = Σ L.

import { classColor } from "../../views/palette.js";

/** Probabilities are clipped to [EPS, 1 - EPS] before the log, so L stays finite. */
const EPS = 1e-15;

/**
 * Every sample's loss from the network's outputs.
 * @param {Float64Array} out  predict's output: one value per sample (sigmoid) or C per sample (softmax)
 * @param {Uint32Array} labels
 * @param {number} C  outputs per sample (1 for a sigmoid output)
 */
export function pointLosses(out, labels, C) {
  const L = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    const p = C === 1 ? (y === 1 ? out[i] : 1 - out[i]) : out[i * C + y];
    L[i] = -Math.log(Math.min(1 - EPS, Math.max(EPS, p)));
  }
  return L;
}

/**
 * The loss of a point the network is unsure about: every class equally likely (a = 1/C),
 * so L = log C: log 2 for one sigmoid output (a[3] = 0.5), log 3 for three classes.
 * @param {number} classes  at least 2
 */
export function unsureLoss(classes) {
  return Math.log(Math.max(2, classes));
}

/**
 * Draws one bar per sample, coloured by its class, on a common scale.
 * @param {CanvasRenderingContext2D} ctx  scaled so 1 unit = 1 CSS pixel
 * @param {number} width
 * @param {number} height
 * @param {Float64Array} losses
 * @param {Uint32Array} labels
 * @param {number} classes  2 for one sigmoid output; the dotted line is at unsureLoss(classes)
 */
export function drawLossBars(ctx, width, height, losses, labels, classes) {
  ctx.clearRect(0, 0, width, height);
  const n = losses.length;
  if (n === 0) return;
  // The scale follows the largest loss (at least 0.05, so a trained network's bars stay small).
  let max = 0.05;
  for (const v of losses) max = Math.max(max, v);
  const gap = n > 60 ? 0 : 1;
  const bar = width / n;
  const base = height - 1;
  // A dotted line at log C, the loss of a point the network is unsure about (a = 1/C).
  const y2 = base - (Math.min(unsureLoss(classes), max) / max) * (height - 4);
  ctx.save();
  ctx.setLineDash([3, 3]);
  ctx.strokeStyle = "#8a939c";
  ctx.beginPath();
  ctx.moveTo(0, y2);
  ctx.lineTo(width, y2);
  ctx.stroke();
  ctx.restore();
  for (let i = 0; i < n; i++) {
    const h = Math.max(1, (losses[i] / max) * (height - 4));
    ctx.fillStyle = classColor(labels[i]);
    ctx.fillRect(i * bar + gap / 2, base - h, Math.max(1, bar - gap), h);
  }
  ctx.fillStyle = "#59636e";
  ctx.fillRect(0, base, width, 1);
}
