// index.html preloads every module main.js imports (directly or not) and the wasm,
// so the browser fetches them at once instead of level by level.
import { test } from "node:test";
import assert from "node:assert/strict";
import { read, staticGraph } from "./modules.mjs";

test("index.html modulepreloads main.js's whole static module graph and the wasm", () => {
  const html = read("index.html");
  const preloaded = new Set([...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]));
  const graph = staticGraph("main.js");
  assert.ok(graph.size > 10, `main.js's graph has ${graph.size} files`);
  for (const name of graph) assert.ok(preloaded.has(name), `${name} is not preloaded`);
  for (const name of preloaded) {
    assert.ok(name === "pkg/backprop_lab.js" || graph.has(name), `${name} is preloaded but not imported`);
  }
  assert.match(html, /<link rel="preload" href="pkg\/backprop_lab_bg\.wasm" as="fetch" type="application\/wasm" crossorigin>/);
});

test("the wasm core starts loading on its own, before main.js's module graph is complete", () => {
  const html = read("index.html");
  const scripts = [...html.matchAll(/<script type="module" src="([^"]+)"><\/script>/g)].map((m) => m[1]);
  assert.deepEqual(scripts, ["app/core.js", "main.js"]);
  assert.deepEqual([...staticGraph("app/core.js")], ["app/core.js"], "core.js imports nothing statically");
});
