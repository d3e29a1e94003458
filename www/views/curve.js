// curve.js: regression's picture on the plane: the network's curve y = f(x₁), drawn from its
// outputs along the plane's width, and the points (x₁, y) as plain dots. It draws what it is given.

import { sampleCurve } from "../model/regression.js";
import { LO, HI } from "./plane.js";

/** The curve's colour (also read by the e2e test from the canvas's pixels). */
export const CURVE_COLOR = "rgb(230, 110, 0)";
/** The dots' colour: one colour for every point, since a target is a height, not a class. */
export const DOT_COLOR = "rgb(30, 60, 140)";

/**
 * The curve of `net` across the plane: one sample per two CSS pixels of the plot (at least 50).
 * @param {{ predict: (xs: Float64Array) => Float64Array }} net
 * @param {number} plotPixels
 */
export function curveOf(net, plotPixels) {
  return sampleCurve(net, Math.max(50, Math.ceil(plotPixels / 2) + 1), LO, HI);
}

/**
 * Strokes the curve inside the plot (a curve that leaves the plane is cut at its edge).
 * @param {CanvasRenderingContext2D} ctx
 * @param {import("./plane.js").Geometry} g
 * @param {{ x1: ArrayLike<number>, y: ArrayLike<number> }} curve
 */
export function drawCurve(ctx, g, curve) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(g.left, g.top, g.plot, g.plot);
  ctx.clip();
  ctx.beginPath();
  let drawing = false;
  for (let i = 0; i < curve.x1.length; i++) {
    const y = curve.y[i];
    if (!Number.isFinite(y)) {
      drawing = false;
      continue;
    }
    // Far outside the plane, a point is held a little beyond its edge, so the line still leaves it.
    const [px, py] = g.toPx(curve.x1[i], Math.max(LO - 1, Math.min(HI + 1, y)));
    if (drawing) ctx.lineTo(px, py);
    else ctx.moveTo(px, py);
    drawing = true;
  }
  ctx.strokeStyle = "#fff";
  ctx.lineWidth = 5;
  ctx.lineJoin = ctx.lineCap = "round";
  ctx.stroke();
  ctx.strokeStyle = CURVE_COLOR;
  ctx.lineWidth = 2.5;
  ctx.stroke();
  ctx.restore();
}

/**
 * A dot around (0, 0): filled for a training point, hollow for a test point.
 * @param {CanvasRenderingContext2D} c @param {number} r @param {boolean} test
 */
export function traceDot(c, r, test) {
  c.beginPath();
  c.arc(0, 0, r, 0, 2 * Math.PI);
  c.lineWidth = 2;
  c.strokeStyle = test ? DOT_COLOR : "#fff";
  c.fillStyle = test ? "#fff" : DOT_COLOR;
  c.fill();
  c.stroke();
}
