// autosave.js: the state kept in the browser's local storage, so a reload restores
// exactly what was there. What is read back is checked like any file (statefile.js).

import { stateFromJson } from "../model/statefile.js";

export const STORAGE_KEY = "backprop-lab/state/v1";

/**
 * Saves now. Returns null, or a message when the browser refused (private mode, quota).
 * @param {Pick<Storage, "setItem">} storage
 * @param {string} json
 * @returns {string | null}
 */
export function saveNow(storage, json) {
  try {
    storage.setItem(STORAGE_KEY, json);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * What was saved: the document, an error message when it is unreadable (and the Error, `cause`,
 * whose reason the page shows in its language: refusal.js), or null when nothing was saved.
 * @param {Pick<Storage, "getItem">} storage
 * @returns {{ doc: import("../model/statefile.js").StateDocument } | { error: string, cause: unknown } | null}
 */
export function loadSaved(storage) {
  /** @type {string | null} */
  let text;
  try {
    text = storage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
  if (text === null) return null;
  try {
    return { doc: stateFromJson(text) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e), cause: e };
  }
}

/**
 * Saves at most once per `delayMs`, the latest state each time.
 * @param {Pick<Storage, "setItem">} storage
 * @param {() => string} serialise
 * @param {number} delayMs
 * @param {(message: string) => void} onError
 */
export function createAutosaver(storage, serialise, delayMs, onError) {
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const problem = saveNow(storage, serialise());
    if (problem) onError(problem);
  };
  return {
    /** Asks for a save soon. */
    schedule() {
      if (timer === null) timer = setTimeout(flush, delayMs);
    },
    /** Saves now (on page hide). */
    flush,
  };
}
