// The shipped .wasm stays within its budget of 100 KB (100 × 1024 bytes): every student
// downloads it before the first boundary. The README gives the latest size.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stat, readFile } from "node:fs/promises";

const PKG = new URL("../../www/pkg/", import.meta.url);
const BUDGET = 100 * 1024;

test(`the built .wasm is at most ${BUDGET} bytes (100 KB)`, async () => {
  const { size } = await stat(new URL("backprop_lab_bg.wasm", PKG));
  assert.ok(size <= BUDGET, `www/pkg/backprop_lab_bg.wasm is ${size} bytes, over the budget of ${BUDGET} by ${size - BUDGET}`);
});

test("the build shortened the .wasm's import and export names (make build's minify-names step ran)", async () => {
  const module = await WebAssembly.compile(await readFile(new URL("backprop_lab_bg.wasm", PKG)));
  const imports = WebAssembly.Module.imports(module);
  assert.ok(imports.length > 0);
  for (const { module: from, name } of imports) assert.ok(from.length <= 2 && name.length <= 2, `import ${from}.${name}`);
  const exports = WebAssembly.Module.exports(module).map((e) => e.name);
  assert.ok(exports.includes("memory"), "memory is exported under its own name (the bench reads it)");
});
