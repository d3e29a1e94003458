// `make bench`, browser half: serves the repository over a tiny static server,
// opens bench/bench.html in headless Chromium and prints W1–W3 (DESIGN.md,
// "Performance") and the memory figures as JSON lines.
//
//   node bench/browser.mjs [--rounds 7]
//
// TODO(F): the frame workload (2-8-8-8-1, 500 points, every panel visible,
// training running; p95 ms per frame) needs the page in www/, which is still
// being written. When it exposes window.backpropLab and its frame loop, open
// /www/index.html?lang=en here, let it train for ~10 s, and read the frame
// times (e.g. requestAnimationFrame deltas or a PerformanceObserver on
// long-animation-frame entries) to print {"id":"F", "p50":…, "p95":…}.
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
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${base}/bench/bench.html`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
  if (errors.length) throw new Error(`the bench page reported errors:\n${errors.join("\n")}`);

  const results = await page.evaluate((r) => window.bench.runAll(r), rounds);
  for (const line of results) console.log(JSON.stringify(line));

  const cdp = await context.newCDPSession(page);
  const mem = await page.evaluate(() => window.bench.memory());
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = await cdp.send("Runtime.getHeapUsage");
  mem.js_heap_used_bytes = heap.usedSize;
  mem.total_10k_points_mb = +((heap.usedSize + mem.wasm_bytes_10k_points) / 2 ** 20).toFixed(1);
  console.log(JSON.stringify(mem));
  console.log(JSON.stringify({ id: "F", where: "chromium", todo: "needs the page (www/); see bench/browser.mjs" }));
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
