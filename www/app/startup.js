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

/**
 * @param {import("./store.js").Store} store
 * @param {{ lesson: () => string | null }} lessons  the open lesson's id, or null
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
  const autosaver = createAutosaver(storage, () => stateToJson(current()), AUTOSAVE_MS,
    (reason) => say("files.msg.storageRefused", { reason }));
  // Two tabs of the page: when another tab saves, this one stops autosaving, so neither its
  // changes nor its close-time save can erase the other tab's newer work; it says so, and its own
  // work stays on screen to be kept as a file or a link (a reload continues from the other's save).
  let otherTabSaved = false;
  addEventListener("storage", (e) => {
    if (e.key !== STORAGE_KEY || e.newValue === null || otherTabSaved) return;
    otherTabSaved = true;
    say("files.msg.otherTab");
  });
  const autosaving = () => !otherTabSaved && lessons.lesson() === null;
  addEventListener("pagehide", () => {
    if (autosaving()) autosaver.flush();
  });
  if (!storageWorks(storage)) say("files.msg.noStorage");

  function restoreSaved() {
    const saved = loadSaved(storage);
    if (saved === null) return;
    try {
      if ("error" in saved) throw saved.cause;
      store.applyDocument(saved.doc);
      store.setStatus("status.ready");
      autosaver.schedule();
    } catch (e) {
      // Keep the unreadable save aside rather than overwrite it (where storage allows).
      try {
        storage.setItem(`${STORAGE_KEY}/unreadable`, storage.getItem(STORAGE_KEY) ?? "");
      } catch {
        // storage full: the unreadable save stays where it is, under its own key, until overwritten
      }
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
    /** Saves soon, except during a lesson or once another tab has saved. @param {boolean} inLesson */
    saveSoon(inLesson) {
      if (!inLesson && !otherTabSaved) autosaver.schedule();
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
          return pyexport.pythonScript({
            spec: store.state.spec, params: store.params(), xs: train.xs, labels: train.labels,
            learningRate: o.learningRate, batchSize: o.batchSize, reduction: o.reduction,
            epochs: Math.max(1, s.maxEpochs - store.state.epoch), stopLoss: s.stopLoss > 0 ? s.stopLoss : null,
            update: updateOptions(s),
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
 * Whether the page can keep anything between visits: a small write and read back.
 * @param {Pick<Storage, "getItem" | "setItem">} storage
 */
function storageWorks(storage) {
  const probe = `${STORAGE_KEY}/probe`;
  try {
    storage.setItem(probe, "1");
    return storage.getItem(probe) === "1";
  } catch {
    return false;
  }
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
