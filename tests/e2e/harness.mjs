// Shared browser-test harness: a tiny static server for www/ and a Chromium
// launcher (playwright-core driving Debian's /usr/bin/chromium) that collects
// console errors and page errors so every test can assert there are none.

import { before, after } from "node:test";
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { extname, join, normalize, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import assert from "node:assert/strict";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const WWW = join(ROOT, "www");
export const SHOTS = join(ROOT, "target/e2e");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
};

/**
 * Serves www/ on a free loopback port.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serve() {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
      const file = normalize(join(WWW, path.endsWith("/") ? path + "index.html" : path));
      if (!file.startsWith(WWW)) throw new Error("outside www");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/**
 * Serves www/ and starts Chromium once for a test file, and closes both after it.
 * @returns {{ server: { url: string, close(): Promise<void> }, browser: import("playwright-core").Browser }}
 */
export function useBrowser() {
  const env = /** @type {any} */ ({ server: null, browser: null });
  before(async () => {
    env.server = await serve();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

export async function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/**
 * Opens the page in English at the given viewport and waits for the test hook.
 * `errors` collects console errors and uncaught page errors. `locale` is the browser's
 * language (navigator.language, Intl's default), whatever language the page shows; `init`
 * runs in the page before its own scripts.
 * @param {import("playwright-core").Browser} browser
 * @param {string} url
 * @param {{ width?: number, height?: number, query?: string, touch?: boolean, locale?: string, init?: () => void }} [opts]
 */
export async function openPage(browser, url, opts = {}) {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    hasTouch: opts.touch ?? false,
    isMobile: opts.touch ?? false,
    ...(opts.locale ? { locale: opts.locale } : {}),
  });
  if (opts.init) await context.addInitScript(opts.init);
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${url}?${opts.query ?? "lang=en"}`);
  await whenReady(page);
  return { page, context, errors };
}

/**
 * Waits until the page is whole: its test hook exists and the backprop and lessons panels,
 * which mount once the first boundary is on screen, are there.
 * @param {import("playwright-core").Page} page
 */
export function whenReady(page) {
  return page.waitForFunction(
    () => window.backpropLab !== undefined && document.querySelector("#backprop > *") && document.querySelector("#lessons > *"),
    null, { timeout: 15000 },
  );
}

/** @param {import("playwright-core").Page} page */
export function snapshot(page) {
  return page.evaluate(() => window.backpropLab.snapshot());
}

/** Reads a number from a readout (an <output> found by its label). */
export async function readNumber(page, name) {
  const text = await page.getByRole("status", { name, exact: true }).textContent();
  return Number(text.replace("%", "").replace("−", "-"));
}

/** Saves a screenshot under target/e2e/. */
export async function screenshot(page, name) {
  await mkdir(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * The RGBA pixels of the plane canvas, for comparing the boundary before and after.
 * @param {import("playwright-core").Page} page
 */
export function planePixels(page) {
  return page.evaluate(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById("plane"));
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    return Array.from(d.filter((_, i) => i % 16 === 0));
  });
}

/**
 * Clicks the plane at plane coordinates (x1, x2) in [-1.5, 1.5].
 * @param {import("playwright-core").Page} page
 */
export async function clickPlane(page, x1, x2, options = {}) {
  const at = await planePoint(page, x1, x2);
  await page.mouse.move(at.x, at.y);
  if (options.modifiers) for (const m of options.modifiers) await page.keyboard.down(m);
  await page.mouse.down({ button: options.button ?? "left" });
  await page.mouse.up({ button: options.button ?? "left" });
  if (options.modifiers) for (const m of options.modifiers) await page.keyboard.up(m);
}

/** Page coordinates of the plane point (x1, x2), from the canvas's layout (same margins as plane.js). */
export async function planePoint(page, x1, x2) {
  return page.evaluate(async ([x1, x2]) => {
    const { geometry } = await import("./views/plane.js");
    const c = document.getElementById("plane");
    let r = c.getBoundingClientRect();
    if (r.top < 0 || r.bottom > innerHeight) {
      c.scrollIntoView({ block: "center" });
      r = c.getBoundingClientRect();
    }
    const [px, py] = geometry(Math.floor(r.width)).toPx(x1, x2);
    return { x: r.left + px, y: r.top + py };
  }, [x1, x2]);
}

/**
 * Pauses training if it is still running. Checked and clicked in one step inside the page: training
 * may stop by itself between a check from here and a click.
 */
export function pauseIfRunning(page) {
  return page.evaluate(() => {
    const button = [...document.querySelectorAll("button")].find((b) => b.textContent?.trim() === "Pause");
    button?.click();
  });
}

/** Waits until the page has drawn a couple of frames. */
export function frames(page, n = 2) {
  return page.evaluate((n) => new Promise((ok) => {
    let left = n;
    const tick = () => (--left <= 0 ? ok() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);
}

/**
 * Waits until the files panel has read a file just given to its picker (#open-file) and said what
 * came of it: file.text() resolves when it will, not within a number of frames, and the panel
 * empties its picker once the file is opened or refused. Then two frames, for the readouts to
 * show the new state.
 * @param {import("playwright-core").Page} page
 */
export async function fileHandled(page) {
  await page.waitForFunction(() => /** @type {HTMLInputElement} */ (document.getElementById("open-file")).value === "", null,
    { timeout: 30000, polling: 20 });
  await frames(page);
}

/**
 * The epoch the page is at, frame after frame, until `distinct` different epochs were seen
 * (training advances over frames, not in one call) or `maxFrames` frames passed: a state to
 * wait for, however loaded the machine is.
 * @param {import("playwright-core").Page} page
 * @param {number} distinct
 * @param {number} [maxFrames]
 * @returns {Promise<number[]>}
 */
export function epochsOverFrames(page, distinct, maxFrames = 5000) {
  return page.evaluate(([distinct, maxFrames]) => new Promise((ok) => {
    const seen = [];
    const tick = () => {
      seen.push(window.backpropLab.snapshot().epoch);
      if (new Set(seen).size < distinct && seen.length < maxFrames) requestAnimationFrame(tick);
      else ok(seen);
    };
    requestAnimationFrame(tick);
  }), [distinct, maxFrames]);
}

/**
 * Waits until training is not running and the screen shows the epoch the page is at: the
 * readouts are written on the next frame after a change.
 * @param {import("playwright-core").Page} page
 */
export async function settled(page, timeout = 30000) {
  await page.waitForFunction(() => {
    const train = document.getElementById("train");
    const epoch = document.getElementById("r-epoch");
    return train?.getAttribute("aria-pressed") === "false" &&
      epoch?.textContent === String(window.backpropLab.snapshot().epoch);
  }, null, { timeout, polling: 50 });
  await frames(page, 2);
}

/** The five readouts as the student reads them: the text of each, found by its label. */
export async function readoutTexts(page) {
  const read = (name) => page.getByRole("status", { name, exact: true }).textContent();
  return {
    epoch: await read("Epoch"),
    trainLoss: await read("Train loss"),
    testLoss: await read("Test loss"),
    trainAcc: await read("Train accuracy"),
    testAcc: await read("Test accuracy"),
  };
}

/**
 * What the readouts should say, computed without the page's code: a fresh Network of the
 * package (the contract) with the snapshot's spec and weights, the loss by loss(), the class of
 * each point from forward()'s output (≥ 0.5 for one unit, the largest of C), on the snapshot's
 * training and test points separately.
 * @param {import("playwright-core").Page} page
 */
export function independentReadouts(page) {
  return page.evaluate(async () => {
    const lab = await import("/pkg/backprop_lab.js");
    await lab.default();
    const s = window.backpropLab.snapshot();
    const net = new lab.Network(s.spec);
    net.setParams(s.params);
    const measure = (points) => {
      if (points.length === 0) return { loss: null, acc: null, n: 0 };
      const xs = new Float64Array(points.flatMap((p) => [p.x1, p.x2]));
      const labels = new Uint32Array(points.map((p) => p.label));
      let right = 0;
      for (const p of points) {
        const out = Array.from(net.forward([p.x1, p.x2]).at(-1).a);
        const cls = out.length === 1 ? (out[0] >= 0.5 ? 1 : 0) : out.indexOf(Math.max(...out));
        if (cls === p.label) right += 1;
      }
      return { loss: net.loss(xs, labels), acc: right / points.length, n: points.length };
    };
    const result = {
      epoch: s.epoch,
      classes: s.spec.output === "softmax" ? s.spec.layers.at(-1) : 2,
      train: measure(s.points.filter((p) => !p.test)),
      test: measure(s.points.filter((p) => p.test)),
    };
    net.free();
    return result;
  });
}

/** A loss as the page writes it (5 decimals, or 4 significant digits below 0.001) against the exact value. */
export function assertLossText(text, exact, what) {
  if (exact === null) {
    assert.equal(text, "—", `${what}: no points, so "—"`);
    return;
  }
  const shown = Number(text);
  assert.ok(Number.isFinite(shown), `${what}: "${text}" is not a number`);
  const unit = exact < 1e-3 ? 10 ** (Math.floor(Math.log10(exact)) - 3) : 1e-5;
  assert.ok(Math.abs(shown - exact) <= unit / 2 + 1e-12, `${what}: the screen says ${text}, the contract gives ${exact}`);
}

/** An accuracy as the page writes it ("87.5%") against the exact fraction. */
export function assertPercentText(text, exact, what) {
  if (exact === null) {
    assert.equal(text, "—", `${what}: no points, so "—"`);
    return;
  }
  const m = /^(\d+\.\d)%$/.exec(text);
  assert.ok(m, `${what}: "${text}" is not a percentage`);
  assert.ok(Math.abs(Number(m[1]) - 100 * exact) <= 0.05 + 1e-9, `${what}: the screen says ${text}, the contract gives ${100 * exact}%`);
}

/**
 * Reads the five readouts from the screen once training has settled and compares each with
 * the contract's values for the page's weights and points. Returns both.
 * @param {import("playwright-core").Page} page
 */
export async function checkReadouts(page, what = "") {
  await settled(page);
  const shown = await readoutTexts(page);
  const exact = await independentReadouts(page);
  assert.equal(shown.epoch, String(exact.epoch), `${what} Epoch`);
  assertLossText(shown.trainLoss, exact.train.loss, `${what} Train loss`);
  assertLossText(shown.testLoss, exact.test.loss, `${what} Test loss`);
  assertPercentText(shown.trainAcc, exact.train.acc, `${what} Train accuracy`);
  assertPercentText(shown.testAcc, exact.test.acc, `${what} Test accuracy`);
  return { shown, exact };
}

/**
 * A number the page writes to 3 significant digits (fmtNum) against the exact value.
 * @param {string} text @param {number} exact @param {string} what
 */
export function assertThreeDigits(text, exact, what) {
  const shown = Number(text);
  assert.ok(Number.isFinite(shown), `${what}: "${text}" is not a number`);
  const unit = exact === 0 ? 1e-300 : 10 ** (Math.floor(Math.log10(Math.abs(exact))) - 2);
  assert.ok(Math.abs(shown - exact) <= unit / 2 * 1.000001 + 1e-15, `${what}: the screen says ${text}, the contract gives ${exact}`);
}

/**
 * The selected point's probabilities as the screen writes them ("P(green) = 0.523" for one output,
 * "P(red) = …, P(green) = …, P(blue) = …" for softmax), against forward() of a fresh network.
 * @param {import("playwright-core").Page} page
 */
export async function checkSelected(page, names) {
  await settled(page);
  const text = await page.locator("#selected-info").textContent();
  const exact = await page.evaluate(async () => {
    const lab = await import("/pkg/backprop_lab.js");
    await lab.default();
    const s = window.backpropLab.snapshot();
    const net = new lab.Network(s.spec);
    net.setParams(s.params);
    const p = s.points[s.selected];
    const out = Array.from(net.forward([p.x1, p.x2]).at(-1).a);
    net.free();
    return { out, selected: s.selected };
  });
  assert.match(text, new RegExp(`^Point ${exact.selected + 1}: `), text);
  const shown = [...text.matchAll(/P\((\w+)\) = (-?[0-9.e+-]+?)(?=[,.]?(?: |$))/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(shown.map(([n]) => n), names, text);
  shown.forEach(([name, value], k) => assertThreeDigits(value, exact.out[k], `P(${name}) in "${text}"`));
  return exact;
}

/**
 * Reads the plane's drawn pixels for a network without hidden layers (2-1, sigmoid), whose
 * boundary must be the straight line w1 x1 + w2 x2 + b = 0 of its weights. Away from the points
 * (and the axis names in two corners), every dark pixel of the drawn 0.5 contour must lie on
 * that line, the line must be drawn along its whole length inside the plot, and every pixel well
 * off it must be tinted with its side's class (green where the logit is positive, red elsewhere).
 * @param {import("playwright-core").Page} page
 */
export async function boundaryPixelFacts(page) {
  await frames(page, 4);
  return page.evaluate(async () => {
    const { geometry, LO, HI } = await import("./views/plane.js");
    const s = window.backpropLab.snapshot();
    if (s.params.length !== 1 || s.spec.output !== "sigmoid") throw new Error("not a 2-1 network");
    const [{ W: [[w1, w2]], b: [b] }] = s.params;
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById("plane"));
    const g = geometry(Math.floor(c.getBoundingClientRect().width));
    const dpr = c.width / g.size;
    const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    const unit = g.plot / (HI - LO);
    const norm = Math.hypot(w1, w2);
    const rgb = (px, py) => {
      const i = 4 * (Math.round(py * dpr) * c.width + Math.round(px * dpr));
      return [data[i], data[i + 1], data[i + 2]];
    };
    const marks = s.points.map((p) => g.toPx(p.x1, p.x2));
    const nearMark = (px, py) => marks.some(([mx, my]) => Math.hypot(px - mx, py - my) < 19);
    const inCorner = (px, py) => (px > g.left + g.plot - 24 && py > g.top + g.plot - 22) || (px < g.left + 22 && py < g.top + 22);
    // Signed distance in CSS pixels from the weights' line (positive: green's side).
    const side = (px, py) => {
      const x1 = LO + (px - g.left) / unit;
      const x2 = HI - (py - g.top) / unit;
      return ((w1 * x1 + w2 * x2 + b) / norm) * unit;
    };
    const facts = { darkOnLine: 0, darkOff: [], tinted: 0, wrongTint: [], lineSamples: 0, lineDrawn: 0 };
    const edge = 4;
    for (let py = g.top + edge; py <= g.top + g.plot - edge; py += 1) {
      for (let px = g.left + edge; px <= g.left + g.plot - edge; px += 1) {
        if (nearMark(px, py) || inCorner(px, py)) continue;
        const [r, gr, bl] = rgb(px, py);
        const d = side(px, py);
        if (r < 100 && gr < 100 && bl < 100) {
          if (Math.abs(d) <= 3) facts.darkOnLine += 1;
          else if (facts.darkOff.length < 20) facts.darkOff.push([px, py, Math.round(d * 10) / 10]);
          else facts.darkOff.push(null);
        }
        if (Math.abs(d) > 12) {
          facts.tinted += 1;
          const greenSide = d > 0;
          if (greenSide ? !(gr > r) : !(r > gr)) facts.wrongTint.push([px, py, r, gr, bl]);
        }
      }
    }
    // Along the line, inside the plot: is a dark pixel drawn within 2 px of each step?
    const dir = [w2 / norm, w1 / norm]; // along the line, in pixels (x right, y down)
    const foot = [g.left + ((-b * w1) / (norm * norm) - LO) * unit, g.top + (HI - (-b * w2) / (norm * norm)) * unit];
    for (let t = -3 * g.plot; t <= 3 * g.plot; t += 2) {
      const px = foot[0] + t * dir[0];
      const py = foot[1] + t * dir[1];
      if (px < g.left + edge + 2 || px > g.left + g.plot - edge - 2 || py < g.top + edge + 2 || py > g.top + g.plot - edge - 2) continue;
      if (nearMark(px, py) || inCorner(px, py)) continue;
      facts.lineSamples += 1;
      let dark = false;
      for (let dy = -2; dy <= 2 && !dark; dy++) {
        for (let dx = -2; dx <= 2 && !dark; dx++) {
          const [r, gr, bl] = rgb(px + dx, py + dy);
          dark = r < 100 && gr < 100 && bl < 100;
        }
      }
      if (dark) facts.lineDrawn += 1;
    }
    facts.wrongTint = facts.wrongTint.slice(0, 20).concat(facts.wrongTint.length > 20 ? [`… ${facts.wrongTint.length} in all`] : []);
    return facts;
  });
}

/** Asserts boundaryPixelFacts: a straight boundary drawn where the weights put it, each side its class's tint. */
export async function assertStraightBoundary(page, what, { mustCross = true } = {}) {
  const f = await boundaryPixelFacts(page);
  assert.deepEqual(f.darkOff, [], `${what}: dark pixels off the weights' line (x, y, distance)`);
  assert.deepEqual(f.wrongTint, [], `${what}: pixels tinted with the other side's class (x, y, r, g, b)`);
  assert.ok(f.tinted > 10000, `${what}: ${f.tinted} tinted pixels compared`);
  if (mustCross) assert.ok(f.lineSamples >= 40, `${what}: the line crosses the plot (${f.lineSamples} steps inside)`);
  if (f.lineSamples > 0) {
    assert.ok(f.lineDrawn >= 0.95 * f.lineSamples, `${what}: the line is drawn at ${f.lineDrawn} of ${f.lineSamples} steps`);
    assert.ok(f.darkOnLine > f.lineSamples, `${what}: ${f.darkOnLine} dark pixels on the line`);
  }
  return f;
}

/** The largest difference between two networks' parameters (params() shapes). */
export function maxDiff(a, b) {
  let m = 0;
  a.forEach((layer, l) => {
    layer.W.forEach((row, i) => row.forEach((w, j) => (m = Math.max(m, Math.abs(w - b[l].W[i][j])))));
    layer.b.forEach((v, i) => (m = Math.max(m, Math.abs(v - b[l].b[i]))));
  });
  return m;
}
