// firstboundary.js: the moment the page's first boundary is on screen. What the
// first view does not need (the vendored libraries, the backprop and lessons
// panels) waits for it, so the boundary appears sooner.

/** @type {() => void} */
let resolve = () => {};
/** Resolves once the first boundary is on screen. */
export const afterFirstBoundary = new Promise((ok) => { resolve = () => ok(undefined); });
let marked = false;

/**
 * Called by the frame that first draws the boundary. A message posted now arrives once that
 * frame's style, layout and paint are done: then the boundary is on screen, the time is marked
 * (`make bench` reads "first-boundary") and what waits for it may load.
 */
export function firstBoundaryDrawn() {
  if (marked) return;
  marked = true;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    performance.mark("first-boundary");
    channel.port1.close();
    resolve();
  };
  channel.port2.postMessage(null);
}
