// trainer.js: how many epochs to train in this animation frame.
// Training runs for a time budget each frame (not a fixed count), so the page
// stays smooth for any network size; a slow-motion speed caps epochs per second.

/** Milliseconds of training per frame at full speed, at most. */
export const FRAME_BUDGET_MS = 6;
/** The whole frame's target: training gets what drawing leaves of it (at least 2 ms). */
export const FRAME_TARGET_MS = 8;

/**
 * The training budget for a frame whose other work has been taking `otherMs`.
 * @param {number} otherMs
 */
export function trainingBudget(otherMs) {
  return Math.max(2, Math.min(FRAME_BUDGET_MS, FRAME_TARGET_MS - otherMs));
}

/** The speed slider's stops, epochs per second (Infinity: as fast as the budget allows). */
export const SPEEDS = [1, 3, 10, 30, 100, 300, 1000, 3000, Infinity];

/**
 * @typedef {{ msPerEpoch: number, due: number, lastK: number }} Pacer
 *   msPerEpoch: a running estimate of one epoch's cost; due: epochs owed at slow speeds
 */

/** @returns {Pacer} */
export function newPacer() {
  return { msPerEpoch: NaN, due: 0, lastK: 0 };
}

/**
 * Epochs to run in this frame.
 * @param {Pacer} pacer
 * @param {number} speed  epochs per second, or Infinity
 * @param {number} dtMs  time since the previous frame
 * @param {number} remaining  epochs left before the maximum
 * @param {number} [budgetMs]  milliseconds of training this frame
 */
export function plan(pacer, speed, dtMs, remaining, budgetMs = FRAME_BUDGET_MS) {
  // Until the cost is known, start with one epoch; then grow at most 4× a frame,
  // because a cold wasm function gets faster as the engine optimises it.
  const byBudget = Number.isFinite(pacer.msPerEpoch)
    ? Math.max(1, Math.min(Math.floor(budgetMs / pacer.msPerEpoch), 4 * Math.max(1, pacer.lastK)))
    : 1;
  let k;
  if (speed === Infinity) {
    k = byBudget;
  } else {
    pacer.due = Math.min(pacer.due + (speed * Math.min(dtMs, 250)) / 1000, speed + 1);
    k = Math.min(Math.floor(pacer.due), byBudget);
    pacer.due -= k;
  }
  return Math.max(0, Math.min(k, remaining));
}

/**
 * Updates the cost estimate after `epochs` epochs took `ms`.
 * @param {Pacer} pacer
 * @param {number} epochs
 * @param {number} ms
 */
export function observe(pacer, epochs, ms) {
  if (epochs <= 0) return;
  pacer.lastK = epochs;
  const each = Math.max(ms, 0.01) / epochs;
  pacer.msPerEpoch = Number.isFinite(pacer.msPerEpoch) ? 0.6 * pacer.msPerEpoch + 0.4 * each : each;
}
