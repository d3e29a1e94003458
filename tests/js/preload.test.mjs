// index.html preloads every module main.js imports (directly or not) and the wasm,
// so the browser fetches them at once instead of level by level.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const www = new URL("../../www/", import.meta.url);
const read = (name) => readFileSync(new URL(name, www), "utf8");

function moduleGraph(entry) {
  const seen = new Set();
  const queue = [entry];
  while (queue.length > 0) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    seen.add(name);
    for (const m of read(name).matchAll(/^import[^;]*?from\s+"\.\/([\w-]+\.js)"/gm)) queue.push(m[1]);
  }
  return seen;
}

test("index.html modulepreloads main.js's whole static module graph and the wasm", () => {
  const html = read("index.html");
  const preloaded = new Set([...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]));
  for (const name of moduleGraph("main.js")) assert.ok(preloaded.has(name), `${name} is not preloaded`);
  for (const name of preloaded) {
    assert.ok(name === "pkg/backprop_lab.js" || moduleGraph("main.js").has(name), `${name} is preloaded but not imported`);
  }
  assert.match(html, /<link rel="preload" href="pkg\/backprop_lab_bg\.wasm" as="fetch" type="application\/wasm" crossorigin>/);
});

test("the wasm core starts loading on its own, before main.js's module graph is complete", () => {
  const html = read("index.html");
  const scripts = [...html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)].map((m) => m[1]);
  assert.deepEqual(scripts, ["core.js", "main.js"]);
  assert.deepEqual([...moduleGraph("core.js")], ["core.js"], "core.js imports nothing statically");
});
