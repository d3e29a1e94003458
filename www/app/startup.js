// startup.js: the student's work across visits. At load a shared link is opened first, else
// the saved work; a link never destroys saved work (the save is kept aside, in storage too,
// and the files panel offers it back). Afterwards the work is autosaved, except during a
// lesson (then the save keeps the student's own work). What the files panel has to say
// before it is mounted waits for it.

import { createAutosaver, loadSaved, STORAGE_KEY } from "./autosave.js";
import { decodeLink } from "../model/sharelink.js";
import { stateToJson } from "../model/statefile.js";
import { reasonOf } from "../model/refusal.js";
import { updateOptions } from "../model/settings.js";

/** Where the saved work a link replaced is kept. */
export const KEPT_KEY = `${STORAGE_KEY}/before-link`;
/** Autosave waits this long after the last change (ms). */
const AUTOSAVE_MS = 1000;
/** The Python export carries the page's own losses when computing them takes this few sample-epochs (well under a second). */
const PAGE_LOSSES_WORK = 2e6;

/**
 * @param {import("./store.js").Store} store
 * @param {{ lesson: () => string | null, networks?: Pick<import("./session.js").Session, "runLosses"> }} lessons
 *   the open lesson's id, or null; the session (the Python export's page losses)
 */
export function openSavedWork(store, lessons) {
  const storage = localStorageOrNull();
  /** @type {ReturnType<typeof import("../panels/files/filespanel.js").mountFiles> | null} */
  let files = null;
  /** @type {[string, import("../model/i18n.js").Message["values"] | undefined][]} */
  const toSay = [];
  /** @param {string} key @param {import("../model/i18n.js").Message["values"]} [values] */
  function say(key, values) {
    if (files) files.say(key, values);
    else toSay.push([key, values]);
  }
  /** The saved work a shared link replaced at load (state file text), offered back by the files panel. */
  /** @type {string | null} */
  let keptSave = null;

  const current = () => store.currentDocument(lessons.lesson());

  /**
   * The page's losses for the run the Python export repeats: the same train() on a copy of the
   * network, so the script can say where rounding parts it from the page; null when too long.
   * @param {{ xs: Float64Array, labels: Uint32Array }} train
   * @param {number} epochs
   * @param {Parameters<import("../types").NetworkHandle["train"]>[2]} opts
   */
  function pageLosses(train, epochs, opts) {
    if (!lessons.networks || train.labels.length === 0 || train.labels.length * epochs > PAGE_LOSSES_WORK) return null;
    return lessons.networks.runLosses(store.state.spec, store.params(), train, opts);
  }
  const autosaver = createAutosaver(storage, () => stateToJson(current()), AUTOSAVE_MS,
    (reason) => say("files.msg.storageRefused", { reason }));
  addEventListener("pagehide", () => {
    if (lessons.lesson() === null) autosaver.flush();
  });

  function restoreSaved() {
    const saved = loadSaved(storage);
    if (saved === null) return;
    try {
      if ("error" in saved) throw saved.cause;
      store.applyDocument(saved.doc);
      store.setStatus("status.ready");
      autosaver.schedule();
    } catch (e) {
      // Keep the unreadable save aside rather than overwrite it.
      storage.setItem(`${STORAGE_KEY}/unreadable`, storage.getItem(STORAGE_KEY) ?? "");
      say("files.msg.savedRefused", { reason: reasonOf(e) });
    }
  }

  if (location.hash.startsWith("#s1.")) {
    try {
      const shared = decodeLink(location.hash);
      const saved = loadSaved(storage);
      const savedText = saved && !("error" in saved) ? storage.getItem(STORAGE_KEY) : null;
      store.applyDocument({ format: "backprop-lab", version: 1, lesson: null, ...shared });
      autosaver.schedule();
      if (saved && !("error" in saved) && savedText) {
        try {
          storage.setItem(KEPT_KEY, savedText);
        } catch {
          // Storage full or refused: the copy in this page's memory is still offered.
        }
        keptSave = savedText;
        say("files.msg.linkOpenedKept", { n: shared.points.length, m: saved.doc.points.length });
      } else {
        say("files.msg.linkOpened", { n: shared.points.length });
      }
    } catch (e) {
      say("files.msg.linkRefused", { reason: reasonOf(e) });
      restoreSaved();
    }
    history.replaceState(null, "", location.pathname + location.search);
  } else {
    restoreSaved();
  }

  return {
    /** Saves soon, except during a lesson. @param {boolean} inLesson */
    saveSoon(inLesson) {
      if (!inLesson) autosaver.schedule();
    },
    /**
     * Mounts the files panel (after the first boundary) and tells it what waited.
     * @param {typeof import("../panels/files/filespanel.js")} panel
     * @param {typeof import("../model/pyexport.js")} pyexport
     */
    mountFiles(panel, pyexport) {
      files = panel.mountFiles(document, {
        t: store.t,
        current,
        pythonScript: () => {
          const { train } = store.samples();
          const o = store.trainOptions();
          const s = store.state.settings;
          const epochs = Math.max(1, s.maxEpochs - store.state.epoch);
          const stopLoss = s.stopLoss > 0 ? s.stopLoss : null;
          return pyexport.pythonScript({
            spec: store.state.spec, params: store.params(), xs: train.xs, labels: train.labels,
            learningRate: o.learningRate, batchSize: o.batchSize, reduction: o.reduction,
            epochs, stopLoss, update: updateOptions(s),
            pageLosses: pageLosses(train, epochs, { ...o, epochs, ...(stopLoss === null ? {} : { stopLoss }) }),
          });
        },
        apply: store.applyDocument,
        resetAll: store.resetAll,
        forgetKept: () => {
          keptSave = null;
          try {
            storage.setItem(KEPT_KEY, "");
          } catch {
            // nothing to forget where storage is refused
          }
        },
      });
      if (keptSave !== null) files.offerKept(keptSave);
      for (const [key, values] of toSay.splice(0)) files.say(key, values);
    },
    relabel() {
      files?.relabel();
    },
  };
}

/**
 * The browser's local storage, or a stand-in that keeps nothing when the browser forbids it.
 * @returns {Pick<Storage, "getItem" | "setItem">}
 */
function localStorageOrNull() {
  try {
    return window.localStorage;
  } catch {
    return { getItem: () => null, setItem: () => {} };
  }
}
