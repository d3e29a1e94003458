// Shortens the .wasm's import and export names, and the glue's matching names, after wasm-opt
// (`make build`):
//
//   node scripts/minify-names.mjs www/pkg/backprop_lab_bg.wasm www/pkg/backprop_lab.js
//
// wasm-bindgen names each import "./backprop_lab_bg.js" + a name with a 16-digit hash, such
// as __wbg_instanceof_Float64Array_4acace5b49aaf791: about 60 bytes each, 30 imports. Here
// the module becomes "w" and the names "a", "b", …, "z", "A", …; the glue's import object
// (`__wbg_get_imports`) is renamed to match. Exports (network_lossSurface, …) are renamed
// the same way wherever the glue reads them (`wasm.name`), except `memory`, which the bench
// and outside checks read from what init() returns. Every import must be found exactly once
// in the glue, or nothing is written: a changed wasm-bindgen fails here, not in the browser.

import fs from "node:fs";

const [wasmPath, jsPath] = process.argv.slice(2);
if (!wasmPath || !jsPath) {
  console.error("usage: node scripts/minify-names.mjs <module_bg.wasm> <module.js>");
  process.exit(2);
}
const MODULE = "w";

const bytes = fs.readFileSync(wasmPath);
let js = fs.readFileSync(jsPath, "utf8");

let pos = 8;
const readU32 = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return result;
  }
};
const readName = () => {
  const len = readU32();
  const name = bytes.subarray(pos, pos + len).toString("utf8");
  pos += len;
  return name;
};
const u32 = (n) => {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
};
const name = (s) => {
  const b = Buffer.from(s, "utf8");
  return Buffer.concat([u32(b.length), b]);
};
/** The short name of the i-th import: a–z, A–Z, then two letters. */
const short = (i) => {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return i < letters.length ? letters[i] : letters[Math.floor(i / letters.length) - 1] + letters[i % letters.length];
};

/** The export section, each export the glue reads renamed (the glue too); others kept. */
function exportSection(end) {
  const count = readU32();
  const entries = [u32(count)];
  let next = 0;
  for (let i = 0; i < count; i++) {
    const field = readName();
    const desc = bytes.subarray(pos, pos + 1);
    pos++;
    const index = readU32();
    const uses = new RegExp(`\\bwasm\\.${field.replace(/\$/g, "\\$")}(?![\\w$])`, "g");
    let to = field;
    if (field !== "memory" && uses.test(js)) {
      to = short(next++);
      js = js.replace(uses, `wasm.${to}`);
      exported++;
    }
    entries.push(name(to), desc, u32(index));
  }
  if (pos !== end) throw new Error("the export section did not parse to its end");
  const body = Buffer.concat(entries);
  return Buffer.concat([Buffer.from([7]), u32(body.length), body]);
}

let exported = 0;
if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error(`${wasmPath} is not a wasm module`);
const parts = [bytes.subarray(0, 8)];
let renamed = 0;
while (pos < bytes.length) {
  const start = pos;
  const id = bytes[pos++];
  const size = readU32();
  const end = pos + size;
  if (id === 7) {
    parts.push(exportSection(end));
    continue;
  }
  if (id !== 2) {
    parts.push(bytes.subarray(start, end));
    pos = end;
    continue;
  }
  // The import section: (module, name, description) entries; descriptions are copied as they are.
  const count = readU32();
  const entries = [u32(count)];
  const modules = new Set();
  for (let i = 0; i < count; i++) {
    const module = readName();
    const field = readName();
    const descStart = pos;
    const kind = bytes[pos++];
    if (kind === 0) readU32(); // function: type index
    else if (kind === 1) { pos++; const flags = readU32(); readU32(); if (flags & 1) readU32(); } // table
    else if (kind === 2) { const flags = readU32(); readU32(); if (flags & 1) readU32(); } // memory
    else if (kind === 3) pos += 2; // global: value type (one byte), mutability
    else throw new Error(`import ${module}.${field}: unknown kind ${kind}`);
    modules.add(module);
    const to = short(i);
    const key = new RegExp(`^(\\s+)${field}(: function)`, "gm");
    const found = js.match(key)?.length ?? 0;
    if (found !== 1) throw new Error(`import ${field}: found ${found} times in ${jsPath} (expected once)`);
    js = js.replace(key, `$1${to}$2`);
    entries.push(name(MODULE), name(to), bytes.subarray(descStart, pos));
    renamed++;
  }
  if (pos !== end) throw new Error("the import section did not parse to its end");
  if (modules.size !== 1) throw new Error(`expected one import module, got ${[...modules].join(", ")}`);
  const [module] = modules;
  const moduleKey = `${JSON.stringify(module)}: import0`;
  if (js.split(moduleKey).length !== 2) throw new Error(`${moduleKey} not found once in ${jsPath}`);
  js = js.replace(moduleKey, `${MODULE}: import0`);
  const body = Buffer.concat(entries);
  parts.push(Buffer.from([2]), u32(body.length), body);
}
if (renamed === 0) throw new Error(`${wasmPath} has no imports to rename`);

const out = Buffer.concat(parts);
fs.writeFileSync(wasmPath, out);
fs.writeFileSync(jsPath, js);
console.log(`minify-names: ${renamed} imports and ${exported} exports renamed, ${bytes.length} -> ${out.length} bytes`);
