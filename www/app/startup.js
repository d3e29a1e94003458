// startup.js: the student's work across visits. At load a shared link is opened first, else
// the saved work; a link never destroys saved work (the save is kept aside, in storage too,
// and the files panel offers it back). Afterwards the work is autosaved, during a lesson too:
// the save then names the lesson, and the student's own work, kept aside by the lesson panel,
// is saved beside it (OWN_KEY). A link, a file or a save that names a lesson re-enters it once
// the lesson panel is mounted. What the files panel has to say before it is mounted waits for it.

import { createAutosaver, loadSaved, STORAGE_KEY } from "./autosave.js";
import { decodeLink, isShareLink } from "../model/sharelink.js";
import { stateToJson, stateFromJson, MAX_POINTS } from "../model/statefile.js";
import { mergePoints } from "../model/points.js";
import { reasonOf } from "../model/refusal.js";
import { updateOptions } from "../model/settings.js";

/** Where the saved work a link replaced is kept. */
export const KEPT_KEY = `${STORAGE_KEY}/before-link`;
/** During a lesson: the student's own work, kept aside by the lesson panel ("" when none). */
export const OWN_KEY = `${STORAGE_KEY}/own-work`;
/** Autosave waits this long after the last change (ms). */
const AUTOSAVE_MS = 1000;
/** The Python export carries the page's own losses when computing them takes this few sample-epochs (well under a second). */
const PAGE_LOSSES_WORK = 2e6;

/**
 * The lesson panel as this module uses it (lessonpanel.js).
 * @typedef {{ resume: (id: string, work: unknown) => boolean, kept: () => unknown }} LessonPanel
 */

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
  /** A save that could not be read at load (its text), offered as a download by the files panel. */
  /** @type {string | null} */
  let unreadable = null;
  /** The saved work a shared link replaced at load (state file text), offered back by the files panel. */
  /** @type {string | null} */
  let keptSave = null;

  /** @type {LessonPanel | null} */
  let lessonPanel = null;
  /** A lesson to re-enter once the panel is mounted, with the own work to go back to. */
  /** @type {{ id: string, work: unknown } | null} */
  let toResume = null;

  const current = () => store.currentDocument(lessons.lesson());

  /**
   * The page's losses for the run the Python export repeats: the same train() on a copy of the
   * network, so the script can say where rounding parts it from the page; null when too long.
   * @param {{ xs: Float64Array, labels: import("../types").Labels }} train
   * @param {number} epochs
   * @param {Parameters<import("../types").NetworkHandle["train"]>[2]} opts
   */
  function pageLosses(train, epochs, opts) {
    if (!lessons.networks || train.labels.length === 0 || train.labels.length * epochs > PAGE_LOSSES_WORK) return null;
    return lessons.networks.runLosses(store.state.spec, store.params(), train, opts);
  }
  /** The own work kept aside during a lesson, as a state file holds it, or null. */
  function ownWork() {
    const work = lessons.lesson() === null ? null : lessonPanel?.kept() ?? null;
    if (work === null || typeof work !== "object") return null;
    return "format" in work
      ? /** @type {import("../model/statefile.js").StateDocument} */ (work)
      : store.documentOf(/** @type {import("./store.js").Work} */ (work), null);
  }
  /** @returns {unknown} the own work saved beside a lesson's save, or null */
  function savedOwnWork() {
    try {
      const text = storage.getItem(OWN_KEY);
      return text ? stateFromJson(text) : null;
    } catch {
      return null; // unreadable: the lesson still opens, without a way back
    }
  }
  const autosaver = createAutosaver(storage, () => {
    // The own work beside the lesson's state, written first: a reload finds both.
    const own = ownWork();
    try {
      storage.setItem(OWN_KEY, own ? stateToJson(own) : "");
    } catch {
      // storage full or refused: the main save below reports it
    }
    return stateToJson(current());
  }, AUTOSAVE_MS, (reason) => say("files.msg.storageRefused", { reason }));
  // Two tabs of the page: when another tab saves, this one stops autosaving, so neither its
  // changes nor its close-time save can erase the other tab's newer work; it says so, and its own
  // work stays on screen to be kept as a file or a link (a reload continues from the other's save).
  let otherTabSaved = false;
  addEventListener("storage", (e) => {
    if (e.key !== STORAGE_KEY || e.newValue === null || otherTabSaved) return;
    otherTabSaved = true;
    say("files.msg.otherTab");
    if (files) files.offerOtherTab();
  });

  /**
   * The student's choice about another tab's newer save: open it here (Undo brings this tab's
   * points back), add its points to these, or save this tab's work and keep the other's aside
   * (offered back by "Bring back my saved work"). Each ends with this tab saving again.
   * @param {"use" | "merge" | "both"} choice
   */
  function otherTab(choice) {
    const theirs = storage.getItem(STORAGE_KEY) ?? "";
    try {
      const doc = stateFromJson(theirs);
      if (choice === "use") {
        applyWithLesson(doc);
        say("files.msg.otherUsed", { n: doc.points.length });
      } else if (choice === "merge") {
        const mine = current();
        const taskOf = (/** @type {{ settings: object }} */ d) => /** @type {{ task?: string }} */ (d.settings).task ?? "classify";
        if (taskOf(doc) !== taskOf(mine)) {
          // Classes and real targets do not mix: the choice stays open for the other two.
          say("files.msg.otherMergeTask");
          files?.offerOtherTab();
          return;
        }
        const { points, added, left } = mergePoints(mine.points, doc.points, MAX_POINTS);
        const merged = { format: /** @type {const} */ ("backprop-lab"), version: 1, ...mine, away: mine.away ?? undefined, points };
        let restarted = "";
        try {
          store.applyDocument(merged);
        } catch {
          // The other tab's points bring a class this network has no output for: it starts again.
          store.applyDocument({ ...merged, params: null });
          restarted = store.t("files.msg.otherMergedNew");
        }
        say("files.msg.otherMerged", { added, n: points.length,
          left: left > 0 ? store.t("files.msg.otherMergedLeft", { left, max: MAX_POINTS }) : "", restart: restarted });
      } else {
        keptSave = theirs;
        storage.setItem(KEPT_KEY, theirs);
        files?.offerKept(theirs);
        say("files.msg.otherBoth");
      }
    } catch (e) {
      say("files.msg.savedRefused", { reason: reasonOf(e) });
      return;
    }
    otherTabSaved = false;
    autosaver.flush();
  }
  addEventListener("pagehide", () => {
    if (!otherTabSaved) autosaver.flush();
  });
  if (!storageWorks(storage)) say("files.msg.noStorage");

  /**
   * Opens a document (a file, the work brought back) and re-enters the lesson it names.
   * @param {import("../model/statefile.js").StateDocument} doc
   */
  function applyWithLesson(doc) {
    const before = lessons.lesson() === null ? store.keepWork() : null;
    store.applyDocument(doc);
    if (doc.lesson) resumeLesson(doc.lesson, before);
  }

  /** @param {string} id @param {unknown} work */
  function resumeLesson(id, work) {
    if (lessonPanel) lessonPanel.resume(id, work);
    else toResume = { id, work };
  }

  function restoreSaved() {
    const saved = loadSaved(storage);
    if (saved === null) return;
    try {
      if ("error" in saved) throw saved.cause;
      store.applyDocument(saved.doc);
      store.setStatus("status.ready");
      if (saved.doc.lesson) resumeLesson(saved.doc.lesson, savedOwnWork());
      autosaver.schedule();
    } catch (e) {
      // Keep the unreadable save aside, each under its own key (a second failure never overwrites
      // the first), and offer it as a file: it can be repaired, or sent to whoever can.
      const text = storage.getItem(STORAGE_KEY) ?? "";
      keepUnreadable(storage, text);
      unreadable = text;
      say("files.msg.savedRefused", { reason: reasonOf(e) });
    }
  }

  if (isShareLink(location.hash)) {
    try {
      const shared = decodeLink(location.hash);
      const saved = loadSaved(storage);
      const savedText = saved && !("error" in saved) ? storage.getItem(STORAGE_KEY) : null;
      store.applyDocument({ format: "backprop-lab", version: 1, ...shared });
      // The way back from a shared lesson: the student's saved work (its own work, if it was saved in a lesson).
      if (shared.lesson) resumeLesson(shared.lesson, saved && !("error" in saved) ? (saved.doc.lesson ? savedOwnWork() : saved.doc) : null);
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
    /** Saves soon (a lesson's work too, with the own work beside it), unless another tab has saved since. */
    saveSoon() {
      if (!otherTabSaved) autosaver.schedule();
    },
    /**
     * The lesson panel is mounted: it re-enters the lesson a link or the save named.
     * @param {LessonPanel} panel
     */
    lessonsMounted(panel) {
      lessonPanel = panel;
      if (toResume) panel.resume(toResume.id, toResume.work);
      toResume = null;
    },
    /**
     * Mounts the files panel (after the first boundary) and tells it what waited.
     * @param {typeof import("../panels/files/filespanel.js")} panel
     * @param {typeof import("../model/pyexport.js")} pyexport
     * @param {(name: string) => Promise<string>} handIn  makes the hand-in file of the work, named for the student
     */
    mountFiles(panel, pyexport, handIn) {
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
        apply: applyWithLesson,
        resetAll: store.resetAll,
        otherTab,
        handIn,
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
      if (unreadable !== null) files.offerUnreadable(unreadable);
      if (otherTabSaved) files.offerOtherTab();
      for (const [key, values] of toSay.splice(0)) files.say(key, values);
    },
    relabel() {
      files?.relabel();
    },
  };
}

/** How many unreadable saves are kept aside at most (the newest). */
const UNREADABLE_KEPT = 3;

/**
 * Keeps an unreadable save under `…/unreadable/<time>`, the newest UNREADABLE_KEPT of them;
 * nothing is lost when storage is full (the save then stays under its own key until overwritten).
 * @param {Pick<Storage, "getItem" | "setItem"> & Partial<Pick<Storage, "key" | "removeItem" | "length">>} storage
 * @param {string} text
 */
export function keepUnreadable(storage, text) {
  const prefix = `${STORAGE_KEY}/unreadable/`;
  try {
    storage.setItem(`${prefix}${Date.now()}`, text);
    if (storage.key && storage.removeItem && storage.length !== undefined) {
      const keys = [];
      for (let i = 0; i < storage.length; i++) {
        const k = storage.key(i);
        if (k && k.startsWith(prefix)) keys.push(k);
      }
      keys.sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
      for (const k of keys.slice(0, Math.max(0, keys.length - UNREADABLE_KEPT))) storage.removeItem(k);
    }
  } catch {
    // storage full or refused
  }
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
