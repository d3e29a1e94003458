// Shared helpers for the Node contract tests: load the built package, read
// the reference cases, compare numbers with a tolerance.
import { readFile } from "node:fs/promises";
import assert from "node:assert/strict";
import init, * as lab from "../../www/pkg/backprop_lab.js";

const PKG_JS = new URL("../../www/pkg/backprop_lab.js", import.meta.url);
const PKG_WASM = new URL("../../www/pkg/backprop_lab_bg.wasm", import.meta.url);

const wasmBytes = await readFile(PKG_WASM);
await init({ module_or_path: wasmBytes });

export const { Network, dataset, limits } = lab;

let freshCount = 0;
/**
 * A separate instance of the package (its own wasm memory), so that a test
 * which makes the module trap cannot spoil the tests that follow it.
 */
export async function freshLab() {
  freshCount += 1;
  const mod = await import(`${PKG_JS.href}?fresh=${freshCount}`);
  await mod.default({ module_or_path: wasmBytes });
  return mod;
}

/** The reference cases (tests/fixtures/cases.json). */
export const cases = JSON.parse(
  await readFile(new URL("../fixtures/cases.json", import.meta.url), "utf8"),
).cases;

/** X as one flat Float64Array [x1, x2, x1, x2, ...]. */
export const flatX = (X) => Float64Array.from(X.flat());
export const u32 = (y) => Uint32Array.from(y);

/**
 * Deep comparison: numbers within tol·max(1, |expected|); arrays and typed
 * arrays alike; objects compared on the keys of `expected` (extra keys in
 * `actual` are allowed).
 */
export function assertClose(actual, expected, tol, path = "value") {
  if (typeof expected === "number") {
    assert.equal(typeof actual, "number", `${path}: expected a number, got ${describe(actual)}`);
    const diff = Math.abs(actual - expected);
    if (!(diff <= tol * Math.max(1, Math.abs(expected)))) {
      assert.fail(`${path}: expected ${expected}, got ${actual} (difference ${diff.toExponential(2)}, tolerance ${tol})`);
    }
    return;
  }
  if (Array.isArray(expected) || ArrayBuffer.isView(expected)) {
    assert.ok(Array.isArray(actual) || ArrayBuffer.isView(actual), `${path}: expected an array, got ${describe(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    for (let i = 0; i < expected.length; i++) assertClose(actual[i], expected[i], tol, `${path}[${i}]`);
    return;
  }
  if (expected !== null && typeof expected === "object") {
    assert.ok(actual !== null && typeof actual === "object", `${path}: expected an object, got ${describe(actual)}`);
    for (const key of Object.keys(expected)) {
      assert.ok(key in actual, `${path}: missing key "${key}" (has ${Object.keys(actual).join(", ")})`);
      assertClose(actual[key], expected[key], tol, `${path}.${key}`);
    }
    return;
  }
  assert.deepEqual(actual, expected, path);
}

function describe(v) {
  if (v === null) return "null";
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${v.length})`;
  if (Array.isArray(v)) return `array(${v.length})`;
  return typeof v === "object" ? `object {${Object.keys(v).join(", ")}}` : `${typeof v} ${String(v)}`;
}

/** Plain nested arrays (typed arrays turned into arrays), for JSON snapshots. */
export function plain(v) {
  if (ArrayBuffer.isView(v)) return Array.from(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** Largest absolute value inside a nested structure of numbers. */
export function maxAbs(v) {
  if (typeof v === "number") return Math.abs(v);
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v).reduce((m, x) => Math.max(m, maxAbs(x)), 0);
  if (v !== null && typeof v === "object") return Object.values(v).reduce((m, x) => Math.max(m, maxAbs(x)), 0);
  return 0;
}

export const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/** A network built from a reference case, its weights set to the case's params. */
export function netFromCase(c, NetworkClass = Network) {
  const net = new NetworkClass({ ...c.spec, seed: 1 });
  net.setParams(c.params);
  return net;
}
