// `make bench`, browser half: serves the repository over a tiny static server,
// opens bench/bench.html in headless Chromium and prints W1–W3 (DESIGN.md,
// "Performance") and the memory figures as JSON lines; then opens the real page
// (www/index.html?lang=en) and prints F (frame time with 2-8-8-8-1 tanh on 500
// spiral points, training at full speed, set up through the page's controls),
// the time to the first boundary, and the page's memory with 10 000 points.
//
//   node bench/browser.mjs [--rounds 7] [--frame-seconds 6] [--only-page] [--only workloads,frame,first,tenk,memory]
//                          [--against DIR]
// --only-page skips the workloads; --only runs just the named parts. --against DIR: a folder
// of the repository holding another build of www/pkg (wasm-bindgen's output); W1–W3 by CPU
// time then alternate the two builds, run for run, and print both (how a change is judged).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".css": "text/css",
};
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg("--rounds", 7);
const fMs = 1000 * arg("--frame-seconds", 6);
const onlyPage = process.argv.includes("--only-page");
/** --profile: a CPU profile of the main thread during the 10 000-point runs (where the time goes). */
const profileMain = process.argv.includes("--profile");
const againstAt = process.argv.indexOf("--against");
const against = againstAt > 0 ? process.argv[againstAt + 1] : null;
const onlyAt = process.argv.indexOf("--only");
const parts = new Set(onlyAt > 0 ? process.argv[onlyAt + 1].split(",") : ["workloads", "frame", "first", "tenk", "memory"]);
if (onlyPage) parts.delete("workloads");

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  const file = join(ROOT, path);
  if (!file.startsWith(ROOT)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;

// A fresh profile directory each run, removed at the end.
const profile = mkdtempSync(join(tmpdir(), "backprop-bench-"));
const BROWSER_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const context = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true, args: BROWSER_ARGS });
try {
  if (parts.has("workloads")) await benchKernels();
  if (parts.has("frame")) for (const line of await benchFrame()) console.log(JSON.stringify(line));
  if (parts.has("first")) for (const line of await benchFirstBoundary()) console.log(JSON.stringify(line));
  if (parts.has("tenk")) for (const line of await benchTenThousand()) console.log(JSON.stringify(line));
  if (parts.has("memory")) console.log(JSON.stringify(await benchPageMemory()));
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}

async function benchKernels() {
  const page = await context.newPage(); // the first, blank page keeps the context open
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${base}/bench/bench.html`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
  if (errors.length) throw new Error(`the bench page reported errors:\n${errors.join("\n")}`);

  const results = await page.evaluate((r) => window.bench.runAll(r), rounds);
  for (const line of results) console.log(JSON.stringify(line));

  const cdp = await context.newCDPSession(page);
  const builds = [{ name: "www/pkg", page, cdp }];
  if (against) {
    const other = await context.newPage();
    await other.goto(`${base}/bench/bench.html?pkg=${encodeURIComponent(against)}`);
    await other.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
    builds.push({ name: against, page: other, cdp: await context.newCDPSession(other) });
  }
  for (const line of await cpuTimes(builds)) console.log(JSON.stringify(line));
  if (against) await builds[1].page.close();

  const mem = await page.evaluate(() => window.bench.memory());
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = await cdp.send("Runtime.getHeapUsage");
  mem.js_heap_used_bytes = heap.usedSize;
  mem.total_10k_points_mb = +((heap.usedSize + mem.wasm_bytes_10k_points) / 2 ** 20).toFixed(1);
  console.log(JSON.stringify(mem));
  await page.close();
}

/**
 * W1–W3 by the main thread's CPU time (CDP's TaskDuration in thread ticks) instead of the
 * clock: a run's time while other processes share the cores, so figures taken on a busy
 * machine (or two builds compared) stay comparable. Alternating rounds after one warm-up.
 */
async function cpuTimes(builds) {
  for (const b of builds) await b.cdp.send("Performance.enable", { timeDomain: "threadTicks" });
  const taskSeconds = async (b) => (await b.cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration").value;
  const ids = ["W1", "W2", "W3"];
  const times = builds.map(() => Object.fromEntries(ids.map((id) => [id, []])));
  const counts = {};
  for (let r = 0; r <= rounds; r++) {
    for (const id of ids) {
      // The builds take turns, and which goes first alternates.
      const order = builds.map((_, i) => i);
      if (r % 2) order.reverse();
      for (const i of order) {
        const before = await taskSeconds(builds[i]);
        counts[id] = await builds[i].page.evaluate((id) => window.bench.runOne(id), id);
        const ms = ((await taskSeconds(builds[i])) - before) * 1000;
        if (r > 0) times[i][id].push(ms);
      }
    }
  }
  for (const b of builds) await b.cdp.send("Performance.disable");
  return builds.flatMap((b, i) => ids.map((id) => {
    const sorted = [...times[i][id]].sort((x, y) => x - y);
    const ms = sorted[sorted.length >> 1];
    const unit = id === "W3" ? "grid_points_per_s" : "samples_per_s";
    return { id, where: `chromium, main-thread CPU time, ${b.name}`, cpu_ms: +ms.toFixed(3), [unit]: Math.round((counts[id] / ms) * 1000),
      runs: sorted.length, best_cpu_ms: +sorted[0].toFixed(3), [`best_${unit}`]: Math.round((counts[id] / sorted[0]) * 1000) };
  }));
}

// ---- F: the real page -------------------------------------------------------

/**
 * Wraps requestAnimationFrame before the page runs: for every frame it records
 * the time spent in rAF callbacks ("script") and the time from the first
 * callback until a message posted then arrives, i.e. after style, layout and
 * paint of that frame ("frame", the main thread's whole frame). Bench only:
 * the page itself has no timing code.
 */
function frameProbe() {
  const raf = window.requestAnimationFrame.bind(window);
  /** @type {{ on: boolean, frames: number[][] }} */
  const probe = { on: false, frames: [] };
  /** @type {null | { start: number, script: number }} */
  let current = null;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    if (current && probe.on) probe.frames.push([current.start, current.script, performance.now() - current.start]);
    current = null;
  };
  window.requestAnimationFrame = (cb) => raf((t) => {
    const start = performance.now();
    if (!current) {
      current = { start, script: 0 };
      channel.port2.postMessage(0);
    }
    const frame = current;
    try {
      cb(t);
    } finally {
      frame.script += performance.now() - start;
    }
  });
  window.__frameProbe = probe;
}

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
}

function r2(x) {
  return +x.toFixed(2);
}

async function openApp(query = "lang=en") {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.addInitScript(frameProbe);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${base}/www/index.html?${query}`);
  // The backprop and lessons panels mount once the first boundary is on screen.
  await page.waitForFunction(() => window.backpropLab !== undefined && document.querySelector("#backprop > *") && document.querySelector("#lessons > *"),
    null, { timeout: 15_000 });
  return { page, errors };
}

function settle(page) {
  return page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
}

/** F's network and data through the page's own controls: 2-8-8-8-1 tanh, spiral, 500 points. */
async function setUpF(page) {
  const combo = (name) => page.getByRole("combobox", { name, exact: true });
  await combo("Data set").selectOption("spiral");
  await page.getByRole("slider", { name: /Number of points/ }).fill("500");
  await combo("Hidden activation function").selectOption("tanh");
  await combo("Gradients").selectOption("mean");
  for (const [name, value] of [["Stop when the loss is below", "0"], ["Maximum number of epochs", "10000000"]]) {
    const box = page.getByRole("spinbutton", { name, exact: true });
    await box.fill(value);
    await box.press("Enter");
  }
  await page.getByRole("button", { name: "Add hidden layer", exact: true }).click();
  for (let l = 1; l <= 3; l++) {
    for (let i = 0; i < 5; i++) await page.getByRole("button", { name: `Add a neuron to hidden layer ${l}`, exact: true }).click();
  }
  await settle(page);
  const s = await page.evaluate(() => window.backpropLab.snapshot());
  const want = "2-8-8-8-1 tanh, 500 points";
  const got = `${s.spec.layers.join("-")} ${s.spec.hidden}, ${s.points.length} points`;
  if (got !== want) throw new Error(`F: the page set up ${got}, not ${want}`);
}

/** Trains for `ms` and returns the frame figures and epochs per second. */
async function measureFrames(page, where, ms) {
  const epoch0 = await page.evaluate(() => window.backpropLab.snapshot().epoch);
  const t0 = Date.now();
  await page.evaluate(() => {
    window.__frameProbe.frames = [];
    window.__frameProbe.on = true;
  });
  await page.waitForTimeout(ms);
  const frames = await page.evaluate(() => {
    window.__frameProbe.on = false;
    return window.__frameProbe.frames;
  });
  const epoch1 = await page.evaluate(() => window.backpropLab.snapshot().epoch);
  const seconds = (Date.now() - t0) / 1000;
  const frameMs = frames.map((f) => f[2]);
  const scriptMs = frames.map((f) => f[1]);
  const deltas = frames.slice(1).map((f, i) => f[0] - frames[i][0]);
  return {
    id: "F", where, frames: frames.length,
    p50_ms: r2(quantile(frameMs, 0.5)), p95_ms: r2(quantile(frameMs, 0.95)), max_ms: r2(Math.max(...frameMs)),
    script_p50_ms: r2(quantile(scriptMs, 0.5)), script_p95_ms: r2(quantile(scriptMs, 0.95)),
    interval_p50_ms: r2(quantile(deltas, 0.5)), interval_p95_ms: r2(quantile(deltas, 0.95)),
    epochs_per_s: Math.round((epoch1 - epoch0) / seconds),
  };
}

/**
 * F: two figures. "F (DESIGN.md)": the page opened with ?grid=200, so every frame draws the
 * 200×200 boundary the design defines F with (plus the thumbnails, the diagram, the charts and
 * the training budget). "F, the page's adaptive drawing": the page as students get it, which
 * coarsens its 100×100 grid while training when a frame runs long. Each after 1.5 s of training
 * as warm-up (the pacer and the engine), at the top of the page and scrolled to the backprop panels.
 */
async function benchFrame() {
  const lines = [];
  for (const [query, what] of [["lang=en&grid=200", "F (DESIGN.md: 200×200 boundary every frame)"],
    ["lang=en", "F, the page's adaptive drawing (100×100 grid, coarser while a frame runs long)"]]) {
    const { page, errors } = await openApp(query);
    await setUpF(page);
    await page.getByRole("button", { name: "Fastest", exact: true }).click(); // runs start at 300 epochs/s
    await page.getByRole("button", { name: "Train", exact: true }).click();
    await page.waitForTimeout(1500); // warm-up: the pacer and the engine
    lines.push({ ...(await measureFrames(page, `chromium, page top (plane, charts, training, data, network); ${what}`, fMs)),
      warmup_s: 1.5, target: "p95 ≤ 8 ms while ≥ 1000 epochs/s" });
    await page.evaluate(() => document.getElementById("backprop").scrollIntoView({ block: "start" }));
    await page.waitForTimeout(1000);
    lines.push({ ...(await measureFrames(page, `chromium, scrolled to the backprop panels; ${what}`, fMs)), warmup_s: 2.5 });
    if (errors.length) throw new Error(`the page reported errors:\n${errors.join("\n")}`);
    await page.close();
    await forgetSavedWork(); // the next page starts from the lecture's network, not this one's autosave
  }
  return lines;
}

/** Clears the page's saved work (local storage of its origin), after the page that saved it closed. */
async function forgetSavedWork() {
  const blank = await context.newPage();
  await blank.goto(`${base}/bench/bench.html`, { waitUntil: "commit" });
  await blank.evaluate(() => localStorage.clear());
  await blank.close();
}

/**
 * Milliseconds from navigation start to the page's first boundary, each round in a new browser
 * with a new profile (cold: nothing cached, no warm-up): the coarse first frame
 * ("first-boundary") and the first boundary at full resolution ("first-boundary-full").
 */
async function benchFirstBoundary() {
  const coarse = [];
  const full = [];
  for (let i = 0; i < 5; i++) {
    const dir = mkdtempSync(join(tmpdir(), "backprop-first-"));
    const fresh = await chromium.launchPersistentContext(dir, { executablePath: "/usr/bin/chromium", headless: true, args: BROWSER_ARGS });
    try {
      const page = await fresh.newPage();
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${base}/www/index.html?lang=en`);
      await page.waitForFunction(() => performance.getEntriesByName("first-boundary-full").length > 0, null, { timeout: 15_000 });
      const [c, f] = await page.evaluate(() => ["first-boundary", "first-boundary-full"].map((n) => performance.getEntriesByName(n)[0].startTime));
      coarse.push(c);
      full.push(f);
    } finally {
      await fresh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const figure = (id, times, what) => ({ id, where: "chromium, localhost, a new browser and profile each round (cold, no warm-up)",
    what, median_ms: Math.round(quantile(times, 0.5)), min_ms: Math.round(Math.min(...times)), max_ms: Math.round(Math.max(...times)), target_ms: 300 });
  return [figure("first-boundary-full", full, "the first boundary at full resolution (100×100)"),
    figure("first-boundary", coarse, "the coarse first frame (40×40), at once")];
}

/** Opens 10 000 points (the page's limit) as a CSV file, as a student would. */
async function openTenThousand(page) {
  let csv = "x1,x2,label\n";
  for (let i = 0; i < 10_000; i++) {
    const a = (i * 2.399963) % (2 * Math.PI);
    const r = 1.4 * Math.sqrt((i + 0.5) / 10_000);
    csv += `${(r * Math.cos(a)).toFixed(4)},${(r * Math.sin(a)).toFixed(4)},${r < 0.8 ? 0 : 1}\n`;
  }
  await page.getByLabel("Open a file (CSV or JSON)").setInputFiles({ name: "points.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.waitForFunction(() => window.backpropLab.snapshot().points.length === 10_000, null, { timeout: 15_000 });
  await page.getByRole("combobox", { name: "Gradients", exact: true }).selectOption("mean"); // summed over 10 000 it diverges
}

/** The functions that took the most time themselves in a CPU profile, ms each. */
function topSelfTimes(profile, n) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return Object.fromEntries([...self].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => [k, Math.round(v)]));
}

/** Long tasks (> 50 ms) on the main thread, recorded from the start (an init script). */
function longTaskProbe() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
}

/**
 * 10 000 points training at full speed: epochs per second, the frame interval, long tasks,
 * and how soon a click is answered; on the lecture's 2-3-3-1 and on six hidden layers of 16.
 */
async function benchTenThousand() {
  const lines = [];
  for (const [deep, query] of [[false, "lang=en"], [false, "lang=en&training=main"], [true, "lang=en"]]) {
    const { page, errors } = await openApp(query);
    await page.evaluate(longTaskProbe);
    await openTenThousand(page);
    await page.getByRole("combobox", { name: "Hidden activation function", exact: true }).selectOption("tanh");
    for (const [name, value] of [["Stop when the loss is below", "0"], ["Maximum number of epochs", "10000000"]]) {
      const box = page.getByRole("spinbutton", { name, exact: true });
      await box.fill(value);
      await box.press("Enter");
    }
    if (deep) {
      while ((await page.evaluate(() => window.backpropLab.snapshot().spec.layers.length)) < 8) {
        await page.getByRole("button", { name: "Add hidden layer", exact: true }).click();
      }
      for (let l = 1; l <= 6; l++) {
        const add = page.getByRole("button", { name: `Add a neuron to hidden layer ${l}`, exact: true });
        while (await add.isEnabled()) await add.dispatchEvent("click");
      }
    }
    const layers = await page.evaluate(() => window.backpropLab.snapshot().spec.layers.join("-"));
    await page.getByRole("button", { name: "Fastest", exact: true }).click(); // runs start at 300 epochs/s
    await page.getByRole("button", { name: "Train", exact: true }).click();
    await page.waitForTimeout(1500); // warm-up, not measured
    await page.evaluate(() => { window.__longTasks = []; });
    const cdp = profileMain ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.start");
    }
    const f = await measureFrames(page, "", fMs);
    if (cdp) console.log(JSON.stringify({ id: "ten-thousand-profile", layers: await page.evaluate(() => window.backpropLab.snapshot().spec.layers.join("-")),
      main_thread_self_ms: topSelfTimes((await cdp.send("Profiler.stop")).profile, 15) }));
    const longTasks = await page.evaluate(() => window.__longTasks);
    // A click while it trains: from the click to the next frame that shows the new point.
    // A click while it trains (the page holds its 10 000 points, so: Pause), from the click to the
    // first frame that shows the button changed, in the page (no driver round trip counted).
    const clickMs = await page.evaluate(() => new Promise((ok) => {
      const button = /** @type {HTMLButtonElement} */ (document.getElementById("train"));
      const t0 = performance.now();
      button.click();
      const check = () => (button.getAttribute("aria-pressed") === "false" && button.textContent === "Train"
        ? requestAnimationFrame(() => ok(performance.now() - t0)) : requestAnimationFrame(check));
      requestAnimationFrame(check);
    }));
    const backend = await page.evaluate(() => document.documentElement.dataset.training);
    lines.push({ id: "ten-thousand", where: `chromium, 10 000 points, ${layers} tanh, mean, training in the ${backend}`,
      epochs_per_s: f.epochs_per_s, interval_p50_ms: f.interval_p50_ms, interval_p95_ms: f.interval_p95_ms,
      frame_p95_ms: f.p95_ms, long_tasks: longTasks.length, long_task_ms: Math.round(longTasks.reduce((a, t) => a + t[1], 0)),
      seconds: fMs / 1000, click_to_frame_ms: r2(clickMs), targets: "≥ 300 epochs/s (2-3-3-1), interval p95 ≤ 20 ms, no long task" });
    if (errors.length) throw new Error(`the page reported errors:\n${errors.join("\n")}`);
    await page.close();
  }
  return lines;
}

/** The page's JS heap plus wasm memory with 10 000 points opened from a CSV file, after training a little. */
async function benchPageMemory() {
  const { page } = await openApp();
  await openTenThousand(page);
  await page.getByRole("button", { name: "Fastest", exact: true }).click(); // runs start at 300 epochs/s
  await page.getByRole("button", { name: "Train", exact: true }).click();
  await page.waitForTimeout(3000);
  const pause = page.getByRole("button", { name: "Pause", exact: true }); // unless the run has stopped itself
  if (await pause.count()) await pause.click();
  const trained = await page.evaluate(() => window.backpropLab.snapshot().epoch);
  const cdp = await context.newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = await cdp.send("Runtime.getHeapUsage");
  const wasmBytes = await page.evaluate(async () => {
    const m = await import("./pkg/backprop_lab.js");
    return (await m.default()).memory.buffer.byteLength;
  });
  await cdp.detach();
  await page.close();
  return { id: "page-memory", where: "chromium, 10 000 points, after training", js_heap_used_mb: r2(heap.usedSize / 2 ** 20),
    wasm_memory_mb: r2(wasmBytes / 2 ** 20), epochs_trained: trained, total_mb: r2((heap.usedSize + wasmBytes) / 2 ** 20), target_mb: 64 };
}
