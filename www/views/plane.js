// plane.js: the points canvas: boundary image, 0.5 contour, axes, points on top.
// It draws what it is given; it knows nothing of training or of the points' history.

import { classColor, traceMark } from "./palette.js";

/** The plane shown, both axes. */
export const LO = -1.5;
export const HI = 1.5;

/**
 * Where the plot sits inside the canvas, in CSS pixels, and the maps both ways.
 * `text` is the axes' scale: 1 up to the normal page's 600 px; a larger plane (presenter mode)
 * has larger numbers and margins (24 px and more at 1000 px).
 * @typedef {{ size: number, left: number, top: number, plot: number, text: number,
 *   toPx: (x1: number, x2: number) => [number, number],
 *   toPlane: (px: number, py: number) => [number, number] | null }} Geometry
 */

/**
 * @param {number} size  the canvas's CSS width (it is square)
 * @returns {Geometry}
 */
export function geometry(size) {
  const text = size > 600 ? size / 450 : 1;
  const left = Math.round((size < 360 ? 28 : 34) * text);
  const bottom = Math.round((size < 360 ? 22 : 26) * text);
  const top = Math.round(8 * text);
  const plot = Math.max(10, Math.min(size - left - Math.round(8 * text), size - top - bottom));
  const unit = plot / (HI - LO);
  return {
    size,
    left,
    top,
    plot,
    text,
    toPx: (x1, x2) => [left + (x1 - LO) * unit, top + (HI - x2) * unit],
    toPlane: (px, py) => {
      const x1 = LO + (px - left) / unit;
      const x2 = HI - (py - top) / unit;
      if (x1 < LO || x1 > HI || x2 < LO || x2 > HI) return null;
      return [x1, x2];
    },
  };
}

/**
 * Segments of the level set `level` of an n×n grid (marching squares),
 * as [c0, r0, c1, r1, ...] in grid units (column, row; row 0 at the top).
 * @param {Float64Array} grid  n·n values, cell (r, c) at r·n + c
 * @param {number} n
 * @param {number} level
 * @returns {number[]}
 */
export function contourSegments(grid, n, level) {
  /** @type {number[]} */
  const out = [];
  const at = (/** @type {number} */ r, /** @type {number} */ c) => grid[r * n + c] - level;
  for (let r = 0; r + 1 < n; r++) {
    for (let c = 0; c + 1 < n; c++) {
      const v = [at(r, c), at(r, c + 1), at(r + 1, c + 1), at(r + 1, c)];
      const corners = [[c, r], [c + 1, r], [c + 1, r + 1], [c, r + 1]];
      /** @type {number[][]} */
      const crossings = [];
      for (let e = 0; e < 4; e++) {
        const a = v[e];
        const b = v[(e + 1) % 4];
        if ((a < 0) !== (b < 0)) {
          const t = a / (a - b);
          const [ca, ra] = corners[e];
          const [cb, rb] = corners[(e + 1) % 4];
          crossings.push([ca + t * (cb - ca), ra + t * (rb - ra)]);
        }
      }
      if (crossings.length === 2) {
        out.push(...crossings[0], ...crossings[1]);
      } else if (crossings.length === 4) {
        // A saddle: pair the crossings the way the cell's mean value separates them.
        const centerPositive = v[0] + v[1] + v[2] + v[3] >= 0;
        const firstPositive = v[0] >= 0;
        if (centerPositive === firstPositive) {
          out.push(...crossings[0], ...crossings[3], ...crossings[1], ...crossings[2]);
        } else {
          out.push(...crossings[0], ...crossings[1], ...crossings[2], ...crossings[3]);
        }
      }
    }
  }
  return out;
}

/**
 * What to draw on the plane.
 * @typedef {{
 *   image: HTMLCanvasElement | null,   // n×n boundary image, row 0 at x2 = HI
 *   n: number,
 *   contour: number[] | null,          // from contourSegments, grid units
 *   points: readonly { x1: number, x2: number, label: number, test: boolean }[],
 *   wrong: Uint8Array | null,          // 1 where the network puts the point on the wrong side
 *   errors?: Float64Array | null,      // each point's error |a − y| in [0, 1]: the ring's size (backprop panels)
 *   selected: number | null,
 *   cursor?: [number, number] | null, // the keyboard's cross
 *   pointsLayer?: HTMLCanvasElement | null, // the points already drawn (drawPoints), canvas-sized: stamped instead
 *   under?: ((ctx: CanvasRenderingContext2D, g: Geometry) => void) | null, // drawn under the points (regression's curve)
 *   dot?: ((ctx: CanvasRenderingContext2D, r: number, test: boolean) => void) | null, // one mark for every point (regression)
 *   yName?: string,                    // the vertical axis's name: x₂, or y in regression
 * }} Scene
 */

/**
 * Draws the whole plane.
 * @param {CanvasRenderingContext2D} ctx  already scaled so 1 unit = 1 CSS pixel
 * @param {Geometry} g
 * @param {Scene} scene
 */
export function drawPlane(ctx, g, scene) {
  const { left, top, plot, size } = g;
  ctx.clearRect(0, 0, size, size);
  ctx.fillStyle = "#fff";
  ctx.fillRect(left, top, plot, plot);

  if (scene.image) {
    // Grid values sit on cell centres at the plot's edges: extend by half a cell, then clip.
    const half = plot / (scene.n - 1) / 2;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, plot, plot);
    ctx.clip();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(scene.image, left - half, top - half, plot + 2 * half, plot + 2 * half);
    ctx.restore();
  }

  drawAxes(ctx, g, scene.yName ?? "x₂");

  if (scene.contour && scene.contour.length > 0) {
    const cell = plot / (scene.n - 1);
    ctx.save();
    ctx.beginPath();
    const s = scene.contour;
    for (let i = 0; i < s.length; i += 4) {
      ctx.moveTo(left + s[i] * cell, top + s[i + 1] * cell);
      ctx.lineTo(left + s[i + 2] * cell, top + s[i + 3] * cell);
    }
    ctx.strokeStyle = "rgba(20, 20, 20, 0.85)";
    ctx.lineWidth = 2;
    ctx.lineCap = "round";
    ctx.stroke();
    ctx.restore();
  }

  if (scene.under) scene.under(ctx, g);
  if (scene.pointsLayer) ctx.drawImage(scene.pointsLayer, 0, 0, size, size);
  else drawPoints(ctx, g, scene);
  if (scene.cursor) drawCursor(ctx, g, scene.cursor);
}

/**
 * The keyboard's cross: where Enter adds a point.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Geometry} g
 * @param {[number, number]} at
 */
function drawCursor(ctx, g, at) {
  const [px, py] = g.toPx(at[0], at[1]);
  ctx.save();
  for (const [color, width] of [["#fff", 4], ["#111", 1.5]]) {
    ctx.beginPath();
    ctx.moveTo(px - 10, py);
    ctx.lineTo(px + 10, py);
    ctx.moveTo(px, py - 10);
    ctx.lineTo(px, py + 10);
    ctx.strokeStyle = /** @type {string} */ (color);
    ctx.lineWidth = /** @type {number} */ (width);
    ctx.stroke();
  }
  ctx.restore();
}

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {Geometry} g
 * @param {string} yName
 */
function drawAxes(ctx, g, yName) {
  const { left, top, plot, text } = g;
  ctx.save();
  ctx.font = `${11 * text}px system-ui, sans-serif`;
  ctx.fillStyle = "#333";
  ctx.lineWidth = 1;
  for (let v = LO; v <= HI + 1e-9; v += 0.5) {
    const [px] = g.toPx(v, 0);
    const [, py] = g.toPx(0, v);
    ctx.strokeStyle = Math.abs(v) < 1e-9 ? "rgba(0,0,0,0.35)" : "rgba(0,0,0,0.08)";
    ctx.beginPath();
    ctx.moveTo(px, top);
    ctx.lineTo(px, top + plot);
    ctx.moveTo(left, py);
    ctx.lineTo(left + plot, py);
    ctx.stroke();
    const label = String(Math.round(v * 10) / 10).replace("-", "−");
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText(label, px, top + plot + 4 * text);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ctx.fillText(label, left - 4 * text, py);
  }
  ctx.strokeStyle = "#555";
  ctx.strokeRect(left + 0.5, top + 0.5, plot - 1, plot - 1);
  ctx.font = `italic ${12 * text}px Georgia, serif`;
  ctx.fillStyle = "#111";
  ctx.textAlign = "right";
  ctx.textBaseline = "bottom";
  ctx.fillText("x₁", left + plot - 3 * text, top + plot - 3 * text);
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  ctx.fillText(yName, left + 4 * text, top + 3 * text);
  ctx.restore();
}

/** @typedef {{ canvas: HTMLCanvasElement, half: number }} Sprite */
/** @type {Map<string, Sprite>} */
const sprites = new Map();

/**
 * A mark drawn once, centred in a square canvas reaching `reach` CSS pixels from the centre,
 * at `dpr` device pixels per CSS pixel.
 * @param {string} key @param {number} reach @param {number} dpr
 * @param {(ctx: CanvasRenderingContext2D) => void} draw  draws around (0, 0) in CSS pixels
 * @returns {Sprite}
 */
function sprite(key, reach, dpr, draw) {
  const id = `${key}@${dpr}`;
  let s = sprites.get(id);
  if (!s) {
    const half = Math.ceil(reach + 1);
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = Math.ceil(2 * half * dpr);
    const c = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    c.setTransform(dpr, 0, 0, dpr, half * dpr, half * dpr);
    draw(c);
    if (sprites.size > 500) sprites.clear();
    s = { canvas, half };
    sprites.set(id, s);
  }
  return s;
}

/** Marks stamped between two yields of pointSteps. */
const MARKS_PER_STEP = 150;

/**
 * Points on top: training points filled, test points hollow, wrong-side points
 * ringed in black, the selected point haloed.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Geometry} g
 * @param {Scene} scene
 */
export function drawPoints(ctx, g, scene) {
  for (const _ of pointSteps(ctx, g, scene));
}

/**
 * drawPoints in steps: pauses after every MARKS_PER_STEP marks, so that a caller can spread
 * the drawing of many points over several frames (into a canvas nobody else draws on meanwhile).
 * @param {CanvasRenderingContext2D} ctx
 * @param {Geometry} g
 * @param {Scene} scene
 * @returns {Generator<void, void, void>}
 */
export function* pointSteps(ctx, g, scene) {
  const count = scene.points.length;
  const radius = Math.max(2.5, Math.min(6, g.plot / (count > 300 ? 140 : 85)));
  // Many rings would hide the boundary: thinner when there are many points.
  const ring = count > 100 ? 1.5 : 2.5;
  const dpr = ctx.getTransform().a || 1;
  ctx.save();
  // Each mark is drawn once into a small sprite and stamped per point: stroking hundreds
  // of outlines costs tens of milliseconds a frame in a software canvas, a stamp microseconds.
  let stamped = 0;
  /** @param {(i: number) => boolean} which @param {(i: number) => Sprite} spriteOf */
  const stamp = function* (which, spriteOf) {
    for (let i = 0; i < count; i++) {
      if (!which(i)) continue;
      const p = scene.points[i];
      const [px, py] = g.toPx(p.x1, p.x2);
      const s = spriteOf(i);
      ctx.drawImage(s.canvas, px - s.half, py - s.half, 2 * s.half, 2 * s.half);
      if (++stamped % MARKS_PER_STEP === 0) yield;
    }
  };
  /** A circle outline of radius r. @param {number} r @param {string} color @param {number} width */
  const circle = (r, color, width) => sprite(`o${r},${color},${width}`, r + width, dpr, (c) => {
    c.beginPath();
    c.arc(0, 0, r, 0, 2 * Math.PI);
    c.strokeStyle = color;
    c.lineWidth = width;
    c.stroke();
  });
  const errors = scene.errors;
  if (errors) {
    // backprop panels: the ring grows with |a − y|, so the points that drive the gradient stand out.
    // Radii in steps of half a pixel, so a few dozen sprites serve every error.
    yield* stamp((i) => errors[i] > 0.02, (i) => circle(Math.round(2 * (radius + 2 + 9 * errors[i])) / 2, "rgba(90, 40, 140, 0.75)", 1.3));
  }
  const wrong = scene.wrong;
  if (wrong) yield* stamp((i) => wrong[i] === 1, () => circle(radius + ring, "#000", ring));
  /**
   * Each class its own shape (palette.js), so the classes differ by more than colour.
   * A training mark: its class's colour inside an opaque dark edge drawn inside the shape, so it
   * stands out on its own class's shading (the green X on the green region too) and the shape keeps
   * its outline (the X its notches). A test mark: white inside, ringed outside by its class's colour,
   * a dark edge and a white halo: hollow, whatever the shape.
   * @param {number} label @param {boolean} test
   */
  const mark = (label, test) => sprite(`m${label},${test},${radius},${classColor(label)}`, radius * 1.3 + 4.5, dpr, (c) => {
    c.beginPath();
    // A training mark a little larger, so its colour still shows inside its edge.
    traceMark(c, label, 0, 0, test ? radius : radius * 1.15);
    c.lineJoin = "round";
    if (test) {
      const band = 1.5; // each stroke reaches half its width outside the shape
      for (const [width, color] of [[band + 2.5, "rgba(255, 255, 255, 0.85)"], [band + 1.5, "#141414"], [band, classColor(label)]]) {
        c.lineWidth = 2 * /** @type {number} */ (width);
        c.strokeStyle = /** @type {string} */ (color);
        c.stroke();
      }
      c.fillStyle = "#fff";
      c.fill();
    } else {
      c.fillStyle = classColor(label);
      c.fill();
      c.save();
      c.clip();
      c.lineWidth = 2 * 1.2;
      c.strokeStyle = "#141414";
      c.stroke();
      c.restore();
    }
  });
  const dot = scene.dot;
  if (dot) {
    // Regression: a label is a height, not a class: one mark for all, filled or hollow.
    for (const test of [false, true]) {
      yield* stamp((i) => scene.points[i].test === test, () => sprite(`d${test},${radius}`, radius + 2, dpr, (c) => dot(c, radius, test)));
    }
  }
  const labels = dot ? new Set() : new Set(scene.points.map((p) => p.label));
  for (const label of labels) {
    yield* stamp((i) => scene.points[i].label === label && !scene.points[i].test, () => mark(label, false));
    yield* stamp((i) => scene.points[i].label === label && scene.points[i].test, () => mark(label, true));
  }
  if (scene.selected !== null && scene.points[scene.selected]) {
    const p = scene.points[scene.selected];
    const [px, py] = g.toPx(p.x1, p.x2);
    ctx.beginPath();
    ctx.arc(px, py, radius + 6, 0, 2 * Math.PI);
    ctx.strokeStyle = "#f5c400";
    ctx.lineWidth = 3;
    ctx.stroke();
    ctx.setLineDash([3, 3]);
    ctx.strokeStyle = "#000";
    ctx.lineWidth = 1;
    ctx.stroke();
  }
  ctx.restore();
}
