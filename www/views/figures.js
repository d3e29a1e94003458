// figures.js: figures to print or hand in. The plane (plane-view.js redraws it), the loss chart
// (drawn here, not uPlot's screen canvas) and, from the backprop panel, the diagram are made at
// FIGURE_SCALE device pixels per CSS pixel and downloaded as PNG: redrawn at that size, never an
// enlarged screen copy.

import { lossData, tick, EPOCH_INCRS } from "./charts.js";
import { downloadBlob } from "../app/download.js";

/** Device pixels per CSS pixel of a figure: about 300 dpi for a figure printed at its CSS size. */
export const FIGURE_SCALE = 3;

/**
 * A white canvas `width`×`height` CSS pixels at `scale`, its context in CSS pixels.
 * @param {number} width @param {number} height @param {number} scale
 */
export function figureCanvas(width, height, scale) {
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  return { canvas, ctx };
}

/**
 * Offers a canvas as a PNG file.
 * @param {Document} doc @param {HTMLCanvasElement} canvas @param {string} name
 */
export function downloadPng(doc, canvas, name) {
  return new Promise((done, fail) => canvas.toBlob((blob) => {
    if (!blob) {
      fail(new Error("the browser could not make the PNG"));
      return;
    }
    downloadBlob(doc, name, blob);
    done(undefined);
  }, "image/png"));
}

/**
 * The loss chart as a figure: the training loss of every epoch logged (thinned as on screen) and the
 * test loss where measured, against epochs, on a log or linear scale.
 * @param {import("../model/series.js").Series} series
 * @param {{ epoch: string, train: string, test: string, loss: string }} words
 * @param {boolean} logScale
 * @param {number} width @param {number} height  CSS pixels
 * @param {number} scale
 */
export function lossFigure(series, words, logScale, width, height, scale) {
  const { canvas, ctx } = figureCanvas(width, height, scale);
  const [xs, train, test] = /** @type {[number[], (number | null)[], (number | null)[]]} */ (lossData(series));
  const left = 62;
  const right = 14;
  const top = 30;
  const bottom = 42;
  const w = width - left - right;
  const h = height - top - bottom;
  const values = [...train, ...test].filter((v) => v !== null && Number.isFinite(v) && (!logScale || v > 0));
  const x0 = xs.length > 0 ? xs[0] : 0;
  const x1 = xs.length > 1 ? xs[xs.length - 1] : x0 + 1;
  let y0 = 0;
  let y1 = 1;
  if (values.length > 0) {
    const lo = Math.min(.../** @type {number[]} */ (values));
    const hi = Math.max(.../** @type {number[]} */ (values));
    if (logScale) {
      y0 = 10 ** Math.floor(Math.log10(lo));
      y1 = 10 ** Math.ceil(Math.log10(hi));
      if (y1 <= y0) y1 = y0 * 10;
    } else {
      y1 = hi > 0 ? hi * 1.05 : 1;
    }
  }
  const px = (/** @type {number} */ x) => left + ((x - x0) / (x1 - x0 || 1)) * w;
  const py = (/** @type {number} */ y) => top + h - (logScale
    ? (Math.log10(y) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0))
    : (y - y0) / (y1 - y0)) * h;

  ctx.font = "12px system-ui, sans-serif";
  ctx.fillStyle = "#222";
  ctx.strokeStyle = "rgba(0,0,0,0.12)";
  ctx.lineWidth = 1;
  // Epoch ticks: whole steps, at most 8.
  const step = EPOCH_INCRS.find((s) => (x1 - x0) / s <= 8) ?? EPOCH_INCRS[EPOCH_INCRS.length - 1];
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (let x = Math.ceil(x0 / step) * step; x <= x1; x += step) {
    line(ctx, px(x), top, px(x), top + h);
    ctx.fillText(tick(x), px(x), top + h + 5);
  }
  // Loss ticks: each power of ten on a log scale, five steps otherwise.
  const ySteps = logScale
    ? Array.from({ length: Math.round(Math.log10(y1 / y0)) + 1 }, (_, k) => y0 * 10 ** k)
    : Array.from({ length: 6 }, (_, k) => y0 + ((y1 - y0) * k) / 5);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const y of ySteps) {
    line(ctx, left, py(y), left + w, py(y));
    ctx.fillText(tick(Number(y.toPrecision(3))), left - 6, py(y));
  }
  ctx.strokeStyle = "#555";
  ctx.strokeRect(left + 0.5, top + 0.5, w - 1, h - 1);
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText(words.epoch, left + w / 2, height - 4);
  ctx.save();
  ctx.translate(14, top + h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(words.loss, 0, 0);
  ctx.restore();

  // A curve with no value (no test points) is left out, from the legend too.
  const curves = /** @type {[(number | null)[], string, number[], string][]} */ ([
    [train, "#1f4e9c", [], words.train], [test, "#e07b00", [6, 4], words.test],
  ]).filter(([ys]) => ys.some((y) => y !== null && Number.isFinite(y)));
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, w, h);
  ctx.clip();
  for (const [ys, colour, dash] of curves) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.setLineDash(dash);
    ctx.beginPath();
    let started = false;
    ys.forEach((y, i) => {
      if (y === null || !Number.isFinite(y) || (logScale && y <= 0)) return; // gaps are spanned, as on screen
      if (started) ctx.lineTo(px(xs[i]), py(y));
      else ctx.moveTo(px(xs[i]), py(y));
      started = true;
    });
    ctx.stroke();
  }
  ctx.restore();
  // The legend, above the plot.
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  let at = left;
  for (const [, colour, dash, name] of curves) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.setLineDash(dash);
    line(ctx, at, top / 2, at + 26, top / 2);
    ctx.setLineDash([]);
    ctx.fillText(name, at + 32, top / 2);
    at += 48 + ctx.measureText(name).width;
  }
  return canvas;
}

/** What an SVG drawing's look comes from in the page's CSS, copied onto each element of a figure. */
const SVG_STYLE = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray", "stroke-linecap",
  "opacity", "visibility", "display", "font-family", "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline"];

/**
 * A standalone copy of an SVG drawing (the network diagram): the page's styles written onto its
 * elements, so it looks the same outside the page; `scale` times its size on screen.
 * @param {SVGSVGElement} svg @param {number} scale
 */
export function svgText(svg, scale) {
  const box = svg.getBoundingClientRect();
  const copy = /** @type {SVGSVGElement} */ (svg.cloneNode(true));
  const from = [svg, ...svg.querySelectorAll("*")];
  const to = [copy, ...copy.querySelectorAll("*")];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    to[i].setAttribute("style", SVG_STYLE.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(";"));
  });
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("width", String(box.width * scale));
  copy.setAttribute("height", String(box.height * scale));
  if (!copy.getAttribute("viewBox")) copy.setAttribute("viewBox", `0 0 ${box.width} ${box.height}`);
  return new XMLSerializer().serializeToString(copy);
}

/**
 * An SVG drawing (the network diagram) as a figure: its standalone copy drawn as a vector image
 * at `scale` device pixels per CSS pixel, on white.
 * @param {SVGSVGElement} svg @param {number} scale
 * @returns {Promise<HTMLCanvasElement>}
 */
export async function svgFigure(svg, scale) {
  const box = svg.getBoundingClientRect();
  const url = URL.createObjectURL(new Blob([svgText(svg, scale)], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const { canvas, ctx } = figureCanvas(box.width, box.height, scale);
    ctx.drawImage(img, 0, 0, box.width, box.height);
    return canvas;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** @param {CanvasRenderingContext2D} ctx @param {number} ax @param {number} ay @param {number} bx @param {number} by */
function line(ctx, ax, ay, bx, by) {
  ctx.beginPath();
  ctx.moveTo(ax, ay);
  ctx.lineTo(bx, by);
  ctx.stroke();
}

/**
 * Wires the page's figure buttons: each makes its figure when pressed and downloads it.
 * @param {Document} doc
 * @param {{ plane: () => HTMLCanvasElement | null, loss: () => HTMLCanvasElement | null,
 *   failed: (message: string) => void }} make
 */
export function wireFigures(doc, make) {
  for (const [id, name, draw] of /** @type {[string, string, () => HTMLCanvasElement | null][]} */ ([
    ["figure-plane", "backprop-lab-plane.png", make.plane], ["figure-loss", "backprop-lab-loss.png", make.loss],
  ])) {
    doc.getElementById(id)?.addEventListener("click", () => {
      try {
        const canvas = draw();
        if (canvas) downloadPng(doc, canvas, name).catch((e) => make.failed(e instanceof Error ? e.message : String(e)));
      } catch (e) {
        make.failed(e instanceof Error ? e.message : String(e));
      }
    });
  }
}
