// surface-panel.js: the loss over two parameters around the current weights, as a heat map
// with contours, and the descent path drawn on it as the network trains (DESIGN.md, "Training
// extensions": lossSurface). The surface is computed only when needed: when it is first shown,
// when the parameters, the span, the points or the network change, when the student asks, and
// when a paused run has left the window. It is a slice: the other weights stay as they were.

import { parameters, valueOf, gridPosition, colour, CONTOURS } from "../../model/surface.js";
import { fmtNum, fmtLoss } from "../../model/format.js";

/** @typedef {(key: string, values?: Record<string, string | number>) => string} Translate */
/** @typedef {import("../../model/surface.js").ParamRef} ParamRef */
/**
 * What the panel reads from the page.
 * @typedef {{ net: import("../../types").NetworkHandle,
 *   spec: Required<import("../../types").Spec>, trainXs: Float64Array, trainLabels: import("../../types").Labels,
 *   epoch: number, running: boolean }} SurfaceData
 */

/** The spans offered: how far each parameter goes either side of its value. */
const SPANS = [0.5, 1, 2, 5, 10];
const DEFAULT_SPAN = 2;
/** The canvas's CSS size at most (px). */
const MAX_CSS = 360;
/** Path points kept at most (older ones are thinned). */
const MAX_PATH = 4000;

/**
 * Cells along each side: fewer with many points, so one computation stays short (n² losses over every point).
 * @param {number} points
 */
export function cellsFor(points) {
  return points <= 500 ? 41 : points <= 2500 ? 25 : 15;
}

/**
 * Builds the panel in `root`; the page calls `frame` every frame.
 * @param {HTMLElement} root  the empty surface section
 * @param {{ t: Translate, data: () => SurfaceData }} host
 */
export function mountSurface(root, host) {
  let t = host.t;
  /** @type {{ ref: ParamRef, name: string }[]} */
  let params = [];
  let first = 0;
  let second = 1;
  let span = DEFAULT_SPAN;
  /** @type {null | { losses: Float64Array, n: number, c1: number, c2: number, span: number, lo: number, hi: number, min: [number, number] }} */
  let grid = null;
  /** @type {[number, number][]} */
  let path = [];
  let lastEpoch = -1;
  /** The epoch the path starts at: the steps taken are the epochs since (training in the worker may
   * run several epochs between two frames, so the path holds fewer points than steps). */
  let pathStart = 0;
  /** @type {unknown} */
  let lastNet = null;
  /** @type {unknown} */
  let lastXs = null;
  let specKey = "";
  let pathPair = "";
  let wanted = true; // compute at the next chance
  let drawn = false;
  let visible = false;
  let message = "";

  const heading = el("h2", { id: "surface-heading" });
  const hint = el("p", { className: "hint" });
  const firstLabel = el("label", { htmlFor: "surface-first" });
  const firstSelect = /** @type {HTMLSelectElement} */ (el("select", { id: "surface-first" }));
  const secondLabel = el("label", { htmlFor: "surface-second" });
  const secondSelect = /** @type {HTMLSelectElement} */ (el("select", { id: "surface-second" }));
  const spanLabel = el("label", { htmlFor: "surface-span" });
  const spanSelect = /** @type {HTMLSelectElement} */ (el("select", { id: "surface-span" }));
  const again = /** @type {HTMLButtonElement} */ (el("button", { type: "button", id: "surface-again" }));
  const clear = /** @type {HTMLButtonElement} */ (el("button", { type: "button", id: "surface-clear" }));
  const canvas = /** @type {HTMLCanvasElement} */ (el("canvas", { id: "surface-canvas", className: "surface-canvas" }));
  canvas.setAttribute("role", "img");
  const legend = el("p", { className: "note surface-legend" });
  const note = el("p", { className: "note", id: "surface-note" });
  note.setAttribute("role", "status");
  const fields = el("div", { className: "settings" }, [
    el("div", { className: "field" }, [firstLabel, firstSelect]),
    el("div", { className: "field" }, [secondLabel, secondSelect]),
    el("div", { className: "field" }, [spanLabel, spanSelect]),
  ]);
  root.append(heading, hint, fields, el("div", { className: "buttons" }, [again, clear]), canvas, legend, note);

  firstSelect.addEventListener("change", () => {
    first = Number(firstSelect.value);
    wanted = true;
  });
  secondSelect.addEventListener("change", () => {
    second = Number(secondSelect.value);
    wanted = true;
  });
  spanSelect.addEventListener("change", () => {
    span = Number(spanSelect.value);
    wanted = true;
  });
  again.addEventListener("click", () => {
    wanted = true;
  });
  clear.addEventListener("click", () => {
    path = path.slice(-1);
    drawn = false;
  });
  new IntersectionObserver((entries) => {
    visible = entries.some((e) => e.isIntersecting);
    if (visible) drawn = false;
  }).observe(root);

  function label() {
    heading.textContent = t("surface.heading");
    hint.textContent = t("surface.hint");
    firstLabel.textContent = t("surface.first");
    secondLabel.textContent = t("surface.second");
    spanLabel.textContent = t("surface.span");
    again.textContent = t("surface.again");
    clear.textContent = t("surface.clear");
    spanSelect.replaceChildren(...SPANS.map((s) => el("option", { value: String(s), textContent: `± ${s}` })));
    spanSelect.value = String(span);
    if (!canvas.hasAttribute("aria-label")) canvas.setAttribute("aria-label", t("surface.heading"));
    drawn = false;
  }

  /** The parameter choices for a new architecture: by default the output layer's first two weights. */
  function newParameters(/** @type {SurfaceData} */ d) {
    params = parameters(d.spec.layers);
    const out = params.findIndex((p) => p.ref.layer === d.spec.layers.length - 2);
    first = Math.max(0, out);
    second = Math.min(params.length - 1, first + 1);
    for (const select of [firstSelect, secondSelect]) {
      select.replaceChildren(...params.map((p, i) => el("option", { value: String(i), textContent: p.name })));
    }
    firstSelect.value = String(first);
    secondSelect.value = String(second);
  }

  /** @param {SurfaceData} d */
  function compute(d) {
    wanted = false;
    drawn = false;
    if (first === second) {
      grid = null;
      message = t("surface.same");
      return;
    }
    if (d.trainLabels.length === 0) {
      grid = null;
      message = t("status.noPoints");
      return;
    }
    const n = cellsFor(d.trainLabels.length);
    const p = d.net.params();
    const a = params[first].ref;
    const b = params[second].ref;
    try {
      const losses = d.net.lossSurface(d.trainXs, d.trainLabels, { first: a, second: b, n, span });
      let lo = Infinity;
      let hi = -Infinity;
      let at = 0;
      for (let i = 0; i < losses.length; i++) {
        if (losses[i] < lo) {
          lo = losses[i];
          at = i;
        }
        hi = Math.max(hi, losses[i]);
      }
      const c1 = valueOf(p, a);
      const c2 = valueOf(p, b);
      const col = at % n;
      const row = Math.floor(at / n);
      grid = { losses, n, c1, c2, span, lo, hi, min: [c1 + span * (2 * col / (n - 1) - 1), c2 + span * (1 - 2 * row / (n - 1))] };
      message = "";
    } catch (e) {
      grid = null;
      message = t("surface.failed", { message: e instanceof Error ? e.message : String(e) });
    }
  }

  function draw() {
    drawn = true;
    const css = Math.min(MAX_CSS, Math.floor(root.clientWidth || MAX_CSS));
    const dpr = window.devicePixelRatio || 1;
    const px = Math.max(1, Math.round(css * dpr));
    if (canvas.width !== px) {
      canvas.width = canvas.height = px;
      canvas.style.width = canvas.style.height = `${css}px`;
    }
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, px, px);
    const names = params.length > 0 ? [params[first].name, params[second].name] : ["", ""];
    if (!grid) {
      note.textContent = message;
      canvas.setAttribute("aria-label", message || t("surface.heading"));
      legend.textContent = "";
      return;
    }
    const g = grid;
    // The heat map: one pixel per cell, scaled up smoothly.
    const img = new ImageData(g.n, g.n);
    for (let i = 0; i < g.losses.length; i++) {
      const [r, gr, b] = colour(g.losses[i], g.lo, g.hi);
      img.data.set([r, gr, b, 255], 4 * i);
    }
    const small = document.createElement("canvas");
    small.width = small.height = g.n;
    /** @type {CanvasRenderingContext2D} */ (small.getContext("2d")).putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    // Cell centres sit at i / (n − 1) of the side: draw the image half a cell beyond each edge.
    const cell = px / (g.n - 1);
    ctx.drawImage(small, -cell / 2, -cell / 2, px + cell, px + cell);
    // Contours: marching squares at every band boundary.
    ctx.strokeStyle = "rgba(0, 0, 0, 0.45)";
    ctx.lineWidth = Math.max(1, dpr);
    ctx.beginPath();
    contours(ctx, g.losses, g.n, cell, g.lo, g.hi);
    ctx.stroke();
    // The lowest cell.
    const m = gridPosition(g.min[0], g.min[1], g.c1, g.c2, g.span);
    ctx.fillStyle = "#fff";
    ctx.strokeStyle = "#000";
    star(ctx, m.x * px, m.y * px, 6 * dpr);
    // The descent path, oldest to newest.
    const points = path.map(([u, v]) => gridPosition(u, v, g.c1, g.c2, g.span));
    if (points.length > 0) {
      ctx.lineJoin = "round";
      for (const [w, s] of [[4 * dpr, "#000"], [2 * dpr, "#fff"]]) {
        ctx.lineWidth = /** @type {number} */ (w);
        ctx.strokeStyle = /** @type {string} */ (s);
        ctx.beginPath();
        points.forEach((q, i) => (i === 0 ? ctx.moveTo(q.x * px, q.y * px) : ctx.lineTo(q.x * px, q.y * px)));
        ctx.stroke();
      }
      const start = points[0];
      ctx.fillStyle = "#fff";
      ctx.strokeStyle = "#000";
      ctx.lineWidth = dpr;
      ctx.fillRect(start.x * px - 4 * dpr, start.y * px - 4 * dpr, 8 * dpr, 8 * dpr);
      ctx.strokeRect(start.x * px - 4 * dpr, start.y * px - 4 * dpr, 8 * dpr, 8 * dpr);
      const now = points[points.length - 1];
      ctx.fillStyle = "#d62828";
      ctx.beginPath();
      ctx.arc(now.x * px, now.y * px, 5 * dpr, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    const here = path[path.length - 1];
    const inside = here ? isInside(gridPosition(here[0], here[1], g.c1, g.c2, g.span)) : true;
    legend.textContent = t("surface.legend", { lo: fmtLoss(g.lo), hi: fmtLoss(g.hi), bands: CONTOURS });
    const steps = lastEpoch - pathStart;
    const where = here ? t(steps === 1 ? "surface.whereOne" : "surface.where", { a: names[0], b: names[1], u: fmtNum(here[0]), v: fmtNum(here[1]), steps }) : "";
    note.textContent = `${t("surface.around", { a: names[0], b: names[1], u: fmtNum(g.c1), v: fmtNum(g.c2), span: g.span, n: g.n })} ${where}${inside ? "" : ` ${t("surface.left")}`}`;
    canvas.setAttribute("aria-label", `${t("surface.heading")}: ${legend.textContent} ${note.textContent}`);
  }

  label();

  return {
    /**
     * Called every frame by the page: follows the weights, computes and draws when needed.
     * @param {number} _now
     */
    frame(_now) {
      const d = host.data();
      const key = `${d.spec.layers.join("-")}|${d.spec.hidden}|${d.spec.output}|${d.spec.inputs.join(",")}`;
      if (key !== specKey) {
        specKey = key;
        newParameters(d);
        path = [];
        wanted = true;
      }
      if (d.net !== lastNet || d.epoch < lastEpoch) {
        path = []; // a new network, or the run went back: a new path
        wanted = true;
      }
      if (d.trainXs !== lastXs) wanted = true; // other points: another loss
      lastNet = d.net;
      lastXs = d.trainXs;
      if (params.length < 2) return;
      const pair = `${first},${second}`;
      if (pair !== pathPair) {
        pathPair = pair; // the path so far was on other parameters
        path = [];
      }
      if (d.epoch !== lastEpoch || path.length === 0) {
        const p = d.net.params();
        if (path.length === 0) pathStart = d.epoch;
        path.push([valueOf(p, params[first].ref), valueOf(p, params[second].ref)]);
        if (path.length > MAX_PATH) path = path.filter((_, i) => i % 2 === 0 || i === path.length - 1);
        lastEpoch = d.epoch;
        drawn = false;
      }
      // A paused run that left the window gets a new surface around where it is.
      if (!d.running && grid && path.length > 0) {
        const q = path[path.length - 1];
        if (!isInside(gridPosition(q[0], q[1], grid.c1, grid.c2, grid.span))) wanted = true;
      }
      // Computing and drawing wait until the panel is on screen; the path is followed always.
      if (!visible) return;
      if (wanted && (!d.running || !grid)) compute(d);
      if (!drawn) draw();
    },
    /** @param {Translate} nextT */
    relabel(nextT) {
      t = nextT;
      label();
    },
  };
}

/** @param {{ x: number, y: number }} q */
function isInside(q) {
  return q.x >= 0 && q.x <= 1 && q.y >= 0 && q.y <= 1;
}

/**
 * Adds to the current path the contour segments of CONTOURS levels evenly spaced in log L between
 * `lo` and `hi` (marching squares, cell centres at multiples of `cell`).
 * @param {CanvasRenderingContext2D} ctx @param {Float64Array} losses @param {number} n @param {number} cell
 * @param {number} lowest @param {number} highest
 */
function contours(ctx, losses, n, cell, lowest, highest) {
  if (!(highest > lowest && lowest > 0)) return;
  const base = Math.log(lowest);
  const step = (Math.log(highest) - base) / (CONTOURS + 1);
  // In units of one contour step above the lowest loss: the levels are the whole numbers 1..CONTOURS.
  const v = Array.from(losses, (l) => (l > 0 ? (Math.log(l) - base) / step : -Infinity));
  for (let r = 0; r + 1 < n; r++) {
    for (let c = 0; c + 1 < n; c++) {
      const corners = [v[r * n + c], v[r * n + c + 1], v[(r + 1) * n + c + 1], v[(r + 1) * n + c]];
      const lo = Math.max(1, Math.ceil(Math.min(...corners)));
      const hi = Math.min(CONTOURS, Math.max(...corners));
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) continue;
      const xy = [[c, r], [c + 1, r], [c + 1, r + 1], [c, r + 1]];
      for (let level = lo; level <= hi; level++) {
        /** @type {[number, number][]} */
        const hits = [];
        for (let e = 0; e < 4; e++) {
          const a = corners[e];
          const b = corners[(e + 1) % 4];
          if ((a < level) !== (b < level)) {
            const f = (level - a) / (b - a);
            const [x0, y0] = xy[e];
            const [x1, y1] = xy[(e + 1) % 4];
            hits.push([(x0 + (x1 - x0) * f) * cell, (y0 + (y1 - y0) * f) * cell]);
          }
        }
        for (let k = 0; k + 1 < hits.length; k += 2) {
          ctx.moveTo(hits[k][0], hits[k][1]);
          ctx.lineTo(hits[k + 1][0], hits[k + 1][1]);
        }
      }
    }
  }
}

/** A small four-pointed star at (x, y). @param {CanvasRenderingContext2D} ctx @param {number} x @param {number} y @param {number} r */
function star(ctx, x, y, r) {
  ctx.beginPath();
  for (let i = 0; i < 8; i++) {
    const a = (i * Math.PI) / 4;
    const d = i % 2 === 0 ? r : r * 0.4;
    ctx.lineTo(x + d * Math.sin(a), y - d * Math.cos(a));
  }
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
}

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {Record<string, unknown>} [props] @param {(Node | string)[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}
