// plane-view.js: the plane on the page: the boundary (or one neuron's activation) painted from
// the network's grid, the 0.5 contour, and the points with their marks and error rings. It owns
// its buffers and decides how much to draw in a frame; the app passes everything else in.

import { geometry, drawPlane, drawPoints, pointSteps, contourSegments, LO, HI } from "./plane.js";
import { paintProbabilities, paintActivation, activationScale } from "./palette.js";
import { curveOf, drawCurve, traceDot } from "./curve.js";

/** Cells per side of the boundary grid when nothing moves. */
const GRID_N = 100;
/** Cells per side of the boundary grid of a figure (figure()), at most. */
const FIGURE_GRID_N = 400;
/** While training, the grid shrinks (down to this) when it costs more than GRID_MS a frame. */
const GRID_N_MIN = 40;
const GRID_MS = 2.5;
/** While training, how often the points' marks and error rings are redrawn (ms). */
const POINTS_LAYER_MS = 200;
/** ... and how long a frame may spend on that redraw (ms); it continues in the next frames. */
const POINTS_STEP_MS = 1.5;
/** Paused, more points than this are drawn through the same layer (a little each frame) too. */
const LAYER_MIN_POINTS = 2000;

/**
 * What one drawing of the plane needs.
 * @typedef {{
 *   net: Pick<import("../types").NetworkHandle, "predictGrid" | "neuronGrids" | "predict">,
 *   spec: Required<import("../types").Spec>,
 *   classes: number,
 *   show: null | { layer: number, neuron: number },       // a neuron's activation instead of the output
 *   discretise: boolean,
 *   running: boolean,
 *   coarse: boolean,                                        // the very first frame: a coarse boundary at once
 *   points: readonly { x1: number, x2: number, label: number, test: boolean }[],
 *   outputs: Float64Array,                                  // predict() for every point
 *   judged: boolean,                                        // mark wrong sides and errors (not before training)
 *   selected: number | null,
 *   cursor: [number, number] | null,
 *   key: string,                                            // what else the points' marks depend on (palette, split)
 * }} PlaneInput
 */

/**
 * The grid an address asks for with ?grid=N (N cells a side, 40 to 400): drawn at that size in
 * every frame, never coarsened while training. `make bench` measures F as DESIGN.md defines it
 * (a 200×200 boundary every frame) with ?grid=200. Null: the page's own adaptive grid.
 * @param {string} search  location.search
 */
export function gridAsked(search) {
  const n = Number(new URLSearchParams(search).get("grid"));
  return Number.isInteger(n) && n >= GRID_N_MIN && n <= FIGURE_GRID_N ? n : null;
}

/**
 * @param {HTMLCanvasElement} canvas
 * @param {number | null} [fixedGrid]  cells a side in every frame (gridAsked); null: adaptive
 */
export function createPlaneView(canvas, fixedGrid = null) {
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  /** @type {Map<number, { canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, image: ImageData }>} */
  const boundaries = new Map();
  /** Grid size while training: adapted so the grid stays within GRID_MS. */
  let trainingGridN = GRID_N;
  /** The points drawn while training (or paused with many), refreshed a little at a time. */
  let pointsLayer = document.createElement("canvas");
  /** The next points layer, drawn a little each frame by pointsJob while pointsLayer is shown. */
  let nextPointsLayer = document.createElement("canvas");
  /** @type {Generator<void, void, void> | null} */
  let pointsJob = null;
  let lastPointsLayer = -Infinity;
  let layerKey = "";
  /** @type {readonly object[] | null} */
  let layerPoints = null;
  /** The plane's width in CSS pixels (0 while hidden). */
  let size = 0;

  /** The n×n image the boundary is painted into, made once per size. @param {number} n */
  function boundaryBuffer(n) {
    let b = boundaries.get(n);
    if (!b) {
      const c = document.createElement("canvas");
      c.width = c.height = n;
      const cctx = /** @type {CanvasRenderingContext2D} */ (c.getContext("2d"));
      b = { canvas: c, ctx: cctx, image: cctx.createImageData(n, n) };
      boundaries.set(n, b);
    }
    return b;
  }

  function resize() {
    const css = Math.floor(canvas.getBoundingClientRect().width);
    if (css <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    if (css !== size || canvas.width !== Math.round(css * dpr)) {
      size = css;
      canvas.width = canvas.height = Math.round(css * dpr);
    }
  }

  /**
   * A points layer the plane's size, cleared, its context scaled to CSS pixels.
   * @param {HTMLCanvasElement} layer @param {number} dpr
   */
  function clearedLayer(layer, dpr) {
    if (layer.width !== canvas.width) layer.width = layer.height = canvas.width;
    const lctx = /** @type {CanvasRenderingContext2D} */ (layer.getContext("2d"));
    lctx.setTransform(1, 0, 0, 1, 0, 0);
    lctx.clearRect(0, 0, layer.width, layer.height);
    lctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return lctx;
  }

  /**
   * The boundary image: the output's probabilities (or one neuron's activation) over the plane.
   * @param {PlaneInput} v @param {number} n
   */
  function paintBoundary(v, n) {
    const { canvas: image, ctx: bctx, image: data } = boundaryBuffer(n);
    /** @type {number[] | null} */
    let contour = null;
    if (v.show) {
      const { layer, neuron } = v.show;
      let index = neuron;
      for (let l = 1; l < layer; l++) index += v.spec.layers[l];
      const grids = v.net.neuronGrids(n, LO, HI);
      const cells = n * n;
      const output = layer === v.spec.layers.length - 1;
      if (output && v.spec.output === "sigmoid") {
        const p = grids.subarray(index * cells, (index + 1) * cells);
        paintProbabilities(data.data, p, 2, v.discretise);
        contour = contourSegments(p, n, 0.5);
      } else {
        const activation = output ? v.spec.output : v.spec.hidden;
        const { center, scale } = activationScale(activation, grids, index * cells, cells);
        paintActivation(data.data, grids, index * cells, center, scale);
      }
    } else if (v.spec.output === "linear") {
      return { image: null, contour: null }; // regression: no boundary; the curve is drawn over the white plot
    } else {
      const grid = v.net.predictGrid(n, LO, HI);
      paintProbabilities(data.data, grid, v.classes, v.discretise);
      if (v.spec.output === "sigmoid") contour = contourSegments(grid, n, 0.5);
    }
    bctx.putImageData(data, 0, 0);
    return { image, contour };
  }

  /**
   * Which points are on the wrong side, and how far each output is from its label (|a − y|,
   * 1 − P(label) for softmax): the rings of the backprop panels.
   * @param {PlaneInput} v
   */
  function pointErrors(v) {
    // Before any training the network's output is nearly the same everywhere, so every point of one
    // class would be ringed: that reads as an error of the page, not of the network. No marks yet.
    const C = v.spec.output === "softmax" ? v.classes : 1;
    const count = v.points.length;
    const wrong = new Uint8Array(count);
    const errors = new Float64Array(count);
    const out = v.outputs;
    if (!v.judged || out.length !== count * C) return { wrong, errors };
    if (v.spec.output === "linear") {
      // Regression: no wrong side; the ring grows with |a − y| (at most 1).
      for (let i = 0; i < count; i++) errors[i] = Math.min(1, Math.abs(out[i] - v.points[i].label));
      return { wrong, errors };
    }
    for (let i = 0; i < count; i++) {
      const label = v.points[i].label;
      let best = 0;
      if (C === 1) best = out[i] >= 0.5 ? 1 : 0;
      else for (let k = 1; k < C; k++) if (out[i * C + k] > out[i * C + best]) best = k;
      wrong[i] = best !== label ? 1 : 0;
      errors[i] = C === 1 ? Math.abs(out[i] - label) : 1 - out[i * C + label];
    }
    return { wrong, errors };
  }

  /**
   * What regression adds to a scene: the network's curve under the points, one dot for every
   * point, the vertical axis named y. Nothing for classification.
   * @param {PlaneInput} v @param {number} plot  the plot's width in CSS pixels
   * @returns {Partial<import("./plane.js").Scene>}
   */
  function regressionScene(v, plot) {
    if (v.spec.output !== "linear") return {};
    const curve = curveOf(v.net, plot);
    return { under: (c, g) => drawCurve(c, g, curve), dot: traceDot, yName: "y" };
  }

  return {
    /**
     * The plane redrawn as a figure `css` CSS pixels wide at `scale` device pixels per CSS pixel:
     * the boundary from a grid of FIGURE_GRID_N cells a side (finer than the screen's), the contour,
     * axes and points drawn at that size, on white. The screen's canvas is not touched.
     * @param {PlaneInput} v @param {number} css @param {number} scale
     */
    figure(v, css, scale) {
      const out = document.createElement("canvas");
      out.width = out.height = Math.round(css * scale);
      const octx = /** @type {CanvasRenderingContext2D} */ (out.getContext("2d"));
      const n = Math.min(FIGURE_GRID_N, Math.max(GRID_N, Math.round((css * scale) / 4)));
      const { image, contour } = paintBoundary(v, n);
      const { wrong, errors } = pointErrors(v);
      octx.setTransform(scale, 0, 0, scale, 0, 0);
      const fg = geometry(css);
      drawPlane(octx, fg, { image, n, contour, points: v.points, wrong, errors, selected: v.selected, cursor: null, ...regressionScene(v, fg.plot) });
      // White behind the margins drawPlane leaves clear.
      octx.setTransform(1, 0, 0, 1, 0, 0);
      octx.globalCompositeOperation = "destination-over";
      octx.fillStyle = "#fff";
      octx.fillRect(0, 0, out.width, out.height);
      return out;
    },
    /** The plane's width in CSS pixels (0 while hidden): where a pointer is on the plane. */
    get size() {
      return size;
    },
    /**
     * Draws the plane. Returns true when it wants to be drawn again next frame (a coarse first
     * boundary, or points still being redrawn a little at a time while paused).
     * @param {PlaneInput} v
     */
    draw(v) {
      resize();
      if (size === 0) return false;
      let again = v.coarse;
      const n = fixedGrid ?? (v.coarse ? GRID_N_MIN : v.running ? trainingGridN : GRID_N);
      const gridStart = performance.now();
      const { image, contour } = paintBoundary(v, n);
      if (v.running) {
        // A coarser boundary while it moves keeps frames short; the full grid returns on pause.
        const ms = performance.now() - gridStart;
        if (ms > GRID_MS && n > GRID_N_MIN) trainingGridN = Math.max(GRID_N_MIN, Math.round(n * 0.8));
        else if (ms < GRID_MS / 3 && n < GRID_N) trainingGridN = Math.min(GRID_N, Math.round(n * 1.2));
      }
      const { wrong, errors } = pointErrors(v);
      const dpr = canvas.width / size;
      const g = geometry(size);
      const scene = { image, n, contour, points: v.points, wrong, errors, selected: v.selected, cursor: v.cursor, ...regressionScene(v, g.plot) };
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      // While training, the points (their marks and error rings) are redrawn a few times a
      // second into their own layer and stamped in between; the boundary moves every frame.
      // A click, a drag or a selection shows at once; the errors' slow change is redrawn into a
      // second layer a little each frame (pointSteps), which replaces the first when complete.
      if (!v.running && v.points.length <= LAYER_MIN_POINTS) {
        pointsJob = null;
        layerPoints = null; // training again starts from a whole, fresh layer
        drawPlane(ctx, g, scene);
        return again;
      }
      const key = `${v.points.length},${v.selected},${v.key},${v.judged}`;
      const now = performance.now();
      if (layerPoints !== v.points || layerKey !== key || pointsLayer.width !== canvas.width) {
        pointsJob = null;
        drawPoints(clearedLayer(pointsLayer, dpr), g, scene);
        lastPointsLayer = now;
      } else {
        // Training: refresh every POINTS_LAYER_MS. Paused with many points (a pause, a new
        // boundary): refresh once, a little each frame, instead of one long frame for all of them.
        if (!pointsJob && (!v.running || now - lastPointsLayer >= POINTS_LAYER_MS)) {
          pointsJob = pointSteps(clearedLayer(nextPointsLayer, dpr), g, scene);
        }
        if (pointsJob) {
          const until = now + POINTS_STEP_MS;
          let step = pointsJob.next();
          while (!step.done && performance.now() < until) step = pointsJob.next();
          if (step.done) {
            [pointsLayer, nextPointsLayer] = [nextPointsLayer, pointsLayer];
            pointsJob = null;
            lastPointsLayer = now;
          } else if (!v.running) {
            again = true; // the next frame goes on with it
          }
        }
      }
      layerKey = key;
      layerPoints = v.points;
      drawPlane(ctx, g, { ...scene, pointsLayer });
      return again;
    },
  };
}
