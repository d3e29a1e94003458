// core.js: starts loading the wasm core (its JS glue, then compiling the .wasm) as
// soon as the page is parsed. index.html loads this module on its own, before
// main.js, so the compile overlaps the loading of the rest of the module graph;
// main.js then awaits the same promise.

const url = "../pkg/backprop_lab.js"; // computed, so tsc reads types.d.ts instead of generated code

/** The loaded and initialised core. @type {Promise<import("../types").WasmModule>} */
export const loadingCore = import(url).then(async (core) => {
  await core.default();
  return core;
});
// main.js handles a failure; this keeps the browser from reporting it as unhandled meanwhile.
loadingCore.catch(() => {});
