// Colour and shape: the boundary's two sides stay apart for red-green colour-blind eyes
// (deuteranopia in both palettes, protanopia in the safe one), and every class has its own mark.

import { test } from "node:test";
import assert from "node:assert/strict";
import { PALETTES, CLASS_RGB, CLASS_SHAPES, usePalette, writeMix } from "../../www/views/palette.js";

/** Machado, Oliveira and Fernandes (2009), severity 1, on linear RGB. */
const SIMULATIONS = {
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
};

const toLinear = (/** @type {number} */ v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);

/** CIE L*a*b* of a linear RGB colour (D65). @param {number[]} rgb */
function lab([r, g, b]) {
  const xyz = [0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b, 0.0193 * r + 0.1192 * g + 0.9505 * b];
  const f = (/** @type {number} */ t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const [fx, fy, fz] = [f(xyz[0] / 0.95047), f(xyz[1]), f(xyz[2] / 1.08883)];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** The colour the boundary paints for class k at shade t, as a colour-blind eye sees it. */
function seen(/** @type {number[][]} */ m, /** @type {number} */ k, /** @type {number} */ t) {
  const out = new Uint8ClampedArray(4);
  writeMix(out, 0, CLASS_RGB[k], t);
  const lin = [out[0], out[1], out[2]].map(toLinear);
  return lab(m.map((row) => Math.max(0, Math.min(1, row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2]))));
}

test("the boundary's two sides stay apart under deuteranopia (both palettes) and protanopia (the safe one)", () => {
  for (const name of /** @type {const} */ (["lecture", "safe"])) {
    usePalette(name);
    assert.deepEqual(CLASS_RGB, PALETTES[name]);
    for (const [sim, m] of Object.entries(SIMULATIONS)) {
      if (name === "lecture" && sim === "protanopia") continue; // red darkens to brown there: the safe palette's job
      // 0.42: the discretised boundary; 0.68: the surest shading; 0.3: a half-sure region. (The old
      // green, rgb(26 152 80), gave ΔE 5 and 8 at 0.3 and 0.42 under deuteranopia.)
      for (const t of [0.3, 0.42, 0.68]) {
        const [a, b] = [seen(m, 0, t), seen(m, 1, t)];
        const dE = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
        assert.ok(dE > 10, `${name} under ${sim} at shade ${t}: ΔE ${dE.toFixed(1)}`);
      }
    }
  }
  usePalette("lecture");
});

test("the lecture palette keeps red and green; every class has its own shape", () => {
  const [red, green] = PALETTES.lecture;
  assert.ok(red[0] > red[1] && red[0] > red[2], "class 0 is red");
  assert.ok(green[1] > green[0] && green[1] > green[2], "class 1 is green");
  assert.equal(new Set(CLASS_SHAPES).size, 4);
});
