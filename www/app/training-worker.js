// training-worker.js: the Web Worker that trains, so the page's main thread only draws.
// It loads its own copy of the core and answers each request with the new weights
// (training-host.js); the page mirrors them into its own network.

import { createTrainingHost } from "./training-host.js";

const url = "../pkg/backprop_lab.js"; // computed, so tsc reads types.d.ts instead of generated code

const ready = import(url).then(async (/** @type {import("../types").WasmModule & { default: () => Promise<unknown> }} */ core) => {
  await core.default();
  return createTrainingHost(core);
});

addEventListener("message", async (e) => {
  const host = await ready;
  const reply = host.handle(e.data);
  // The outputs' buffer moves to the page instead of being copied.
  postMessage(reply, { transfer: "outputs" in reply && reply.outputs ? [/** @type {ArrayBuffer} */ (reply.outputs.buffer)] : [] });
});
