// firstboundary.js: the moment the page's first boundary is on screen. What the
// first view does not need (the vendored libraries, the backprop and lessons
// panels) waits for it, so the boundary appears sooner.

/** @type {() => void} */
let resolve = () => {};
/** Resolves once the first boundary is on screen. */
export const afterFirstBoundary = new Promise((ok) => { resolve = () => ok(undefined); });
let marked = false;
let markedFull = false;

/**
 * Called by the frame that first draws the boundary (a coarse one, at once). A message posted
 * now arrives once that frame's style, layout and paint are done: then the boundary is on screen,
 * the time is marked (`make bench` reads "first-boundary") and what waits for it may load.
 */
export function firstBoundaryDrawn() {
  if (marked) return;
  marked = true;
  markWhenPainted("first-boundary", resolve);
}

/** Called by the frame that first draws the boundary at full resolution: marks "first-boundary-full". */
export function fullBoundaryDrawn() {
  if (markedFull) return;
  markedFull = true;
  markWhenPainted("first-boundary-full", () => {});
}

/** Marks `name` once the present frame is painted, then calls `then`. @param {string} name @param {() => void} then */
function markWhenPainted(name, then) {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    performance.mark(name);
    channel.port1.close();
    then();
  };
  channel.port2.postMessage(null);
}
