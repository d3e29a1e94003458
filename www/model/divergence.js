// divergence.js: when a run counts as diverging. A sigmoid network's loss rarely
// overflows (the core throws only on non-finite numbers), but with a learning rate
// far too large it climbs and stays high: α 10 on the lecture's net goes 0.80 → 28.

/** The loss must exceed this many times the run's starting loss… */
export const GROWTH = 5;
/** …and this absolute value (so tiny losses that wobble are not called divergence). */
export const FLOOR = 2;

/**
 * Whether the training loss has diverged from where the run started.
 * @param {number | null | undefined} startLoss  the loss at epoch 0 of this run
 * @param {number | null | undefined} loss  the loss now
 */
export function isDiverging(startLoss, loss) {
  if (loss === null || loss === undefined) return false;
  if (!Number.isFinite(loss)) return true;
  if (startLoss === null || startLoss === undefined || !Number.isFinite(startLoss)) return false;
  return loss > GROWTH * startLoss && loss > FLOOR;
}
