// challenges.js: a lesson's goal (lessons.js), checked from what the page measures. Pure: the
// lesson panel passes the facts each frame and marks the goal met the first time this says so.

/** @typedef {import("./i18n.js").Lang} Lang */

/**
 * A lesson's goal. "accuracy": the train or test accuracy reaches `atLeast` (a fraction) while the
 * hidden layers hold at most `maxHidden` neurons in all; "rescue": training diverged and the
 * student brought the last good weights back (Restore); "loss": the training loss falls below `below`.
 * @typedef {{ text: Record<Lang, string> } & (
 *   { kind: "accuracy", set: "train" | "test", atLeast: number, maxHidden: number } |
 *   { kind: "rescue" } |
 *   { kind: "loss", below: number })} Goal
 */

/**
 * What the page knows now.
 * @typedef {{ layers: readonly number[], trainAcc: number | null, testAcc: number | null,
 *   trainLoss: number | null, rescues: number }} Facts
 *   layers: the network's sizes, input first; rescues: how often the last good weights were brought
 *   back after a divergence since the lesson was set up
 */

/** Neurons in the hidden layers, all together. @param {readonly number[]} layers */
export function hiddenNeurons(layers) {
  return layers.slice(1, -1).reduce((sum, n) => sum + n, 0);
}

/**
 * Whether the goal is met by these facts.
 * @param {Goal} goal
 * @param {Facts} facts
 */
export function goalMet(goal, facts) {
  switch (goal.kind) {
    case "accuracy": {
      const acc = goal.set === "test" ? facts.testAcc : facts.trainAcc;
      return acc !== null && acc >= goal.atLeast && hiddenNeurons(facts.layers) <= goal.maxHidden;
    }
    case "rescue":
      return facts.rescues > 0;
    case "loss":
      return facts.trainLoss !== null && facts.trainLoss < goal.below;
    default:
      return false;
  }
}

/** Where the met challenges are kept, apart from the work: a new network or a file never unmeets one. */
export const MET_KEY = "backprop-lab/challenges-met/v1";

/**
 * The ids of the lessons whose challenge was met, as kept in `storage` (none when nothing is
 * kept, the storage is blocked or what is kept is not a list of names).
 * @param {Pick<Storage, "getItem"> | null} storage
 * @returns {Set<string>}
 */
export function loadMet(storage) {
  try {
    const kept = JSON.parse(storage?.getItem(MET_KEY) ?? "[]");
    return new Set(Array.isArray(kept) ? kept.filter((id) => typeof id === "string" && id.length <= 64) : []);
  } catch {
    return new Set();
  }
}

/**
 * Keeps the set of met lessons; false when the storage refuses (blocked or full).
 * @param {Pick<Storage, "setItem"> | null} storage @param {ReadonlySet<string>} met
 */
export function saveMet(storage, met) {
  try {
    storage?.setItem(MET_KEY, JSON.stringify([...met].sort()));
    return storage !== null;
  } catch {
    return false;
  }
}
