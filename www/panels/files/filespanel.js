// filespanel.js: the "Save and share" panel. Downloads (points as CSV or JSON,
// everything as JSON, a Python script), opening a file by picker or drop, share
// links, and "reset everything" with a confirmation and an undo. It knows nothing
// of the network: main.js passes what to save and how to apply what was read.

import { HI } from "../../views/plane.js";
import { stateToJson, stateFromJson, pointsToCsv, readFile } from "../../model/statefile.js";
import { encodeLink, fitsInLink, MAX_LINK_CHARS } from "../../model/sharelink.js";
import { downloadText, readText } from "../../app/download.js";
import { reasonOf } from "../../model/refusal.js";

/**
 * @typedef {{
 *   t: (key: string, values?: Record<string, string | number>) => string,
 *   current: () => { points: import("../../model/statefile.js").PlainPoint[], settings: object,
 *     params: import("../../model/statefile.js").LayerParams[], lesson: string | null,
 *     snapshots?: import("../../model/statefile.js").SavedSnapshot[],
 *     away?: { settings: object, points: import("../../model/statefile.js").PlainPoint[] } | null },
 *   pythonScript: () => string,
 *   apply: (doc: import("../../model/statefile.js").StateDocument) => void,
 *   resetAll: () => void,
 *   forgetKept: () => void,   // the kept-aside save is no longer needed (it was brought back)
 *   otherTab: (choice: "use" | "merge" | "both") => void,   // what to do with another tab's newer save
 *   handIn: (name: string) => Promise<string>,   // makes the hand-in file of the work; its file name
 * }} FilesHost
 */

/** @param {Document} doc @param {string} id */
function byId(doc, id) {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`the page is missing #${id}`);
  return el;
}

/**
 * Wires the panel's controls.
 * @param {Document} doc
 * @param {FilesHost} host
 */
export function mountFiles(doc, host) {
  const status = byId(doc, "files-status");
  const link = /** @type {HTMLInputElement} */ (byId(doc, "share-link"));
  const confirmBox = byId(doc, "reset-confirm");
  const undoReset = byId(doc, "undo-reset");
  const withWeights = /** @type {HTMLInputElement} */ (byId(doc, "link-weights"));
  const picker = /** @type {HTMLInputElement} */ (byId(doc, "open-file"));
  /** @type {import("../../model/i18n.js").Message | null} */
  let last = null;
  /** @type {string | null} */
  let beforeReset = null;

  /**
   * Shows a message; a reason in its values (a refusal's, see refusal.js) is shown in the page's language.
   * @param {string} key @param {import("../../model/i18n.js").Message["values"]} [values]
   */
  function say(key, values) {
    last = { key, values };
    status.textContent = host.t(key, flat(values));
  }

  /** @param {string} name @param {string} text @param {string} type */
  function save(name, text, type) {
    downloadText(doc, name, text, type);
    say("files.msg.saved", { name });
  }

  byId(doc, "download-csv").addEventListener("click", () =>
    save("backprop-lab-points.csv", pointsToCsv(host.current().points), "text/csv"));
  byId(doc, "download-json").addEventListener("click", () =>
    save("backprop-lab-points.json", JSON.stringify(host.current().points, null, 1), "application/json"));
  byId(doc, "download-state").addEventListener("click", () =>
    save("backprop-lab.json", stateToJson(host.current()), "application/json"));
  byId(doc, "download-python").addEventListener("click", () => {
    try {
      save("backprop_lab_train.py", host.pythonScript(), "text/x-python");
    } catch (e) {
      say("files.msg.refused", { name: "backprop_lab_train.py", reason: reasonOf(e) });
    }
  });

  /** @param {File} file */
  async function open(file) {
    try {
      // In regression a CSV file's labels are the targets y (the points as "Points (CSV)" wrote them).
      const regress = /** @type {{ task?: string }} */ (host.current().settings).task === "regress";
      const parsed = readFile(file.name, await readText(file), regress);
      host.apply(parsed);
      const n = parsed.points.length;
      if (Object.keys(parsed.settings).length > 0 || parsed.params) {
        say("files.msg.openedState", { name: file.name, n, weights: parsed.params ? host.t("files.msg.withWeights") : "" });
      } else {
        say("files.msg.opened", { name: file.name, n });
      }
      // Points the plane cannot show are trained on all the same: say so rather than hide them.
      const outside = parsed.points.filter((p) => Math.abs(p.x1) > HI || Math.abs(p.x2) > HI).length;
      if (outside > 0) say("files.msg.outside", { name: file.name, n, k: outside, max: HI });
    } catch (e) {
      say("files.msg.refused", { name: file.name, reason: reasonOf(e) });
    }
  }

  // The browser's own file control ("Choose File / No file chosen") speaks the browser's language:
  // it stays hidden, and the page's button opens it.
  byId(doc, "open-file-button").addEventListener("click", () => picker.click());
  picker.addEventListener("change", () => {
    const file = picker.files?.[0];
    if (file) open(file).finally(() => (picker.value = ""));
  });
  doc.addEventListener("dragover", (e) => {
    if (e.dataTransfer?.types.includes("Files")) e.preventDefault();
  });
  doc.addEventListener("drop", (e) => {
    const file = e.dataTransfer?.files?.[0];
    if (!file) return;
    e.preventDefault();
    open(file);
  });

  byId(doc, "make-link").addEventListener("click", () => {
    const state = host.current();
    // The snapshots are weights too: they go with the weights. The other task's points always go.
    const snapshots = withWeights.checked ? state.snapshots ?? [] : [];
    const fragment = encodeLink({ ...state, params: withWeights.checked ? state.params : null, snapshots });
    if (!fitsInLink(fragment)) {
      link.hidden = true;
      say("files.msg.linkTooLong", { chars: fragment.length, max: MAX_LINK_CHARS });
      byId(doc, "download-state").focus(); // the file instead, one key away
      return;
    }
    const url = new URL(doc.location.href);
    url.hash = fragment;
    link.value = url.href;
    link.hidden = false;
    link.select();
    navigator.clipboard?.writeText(url.href).catch(() => {});
    const weights = !withWeights.checked ? "" : snapshots.length > 0
      ? host.t("files.msg.withSnapshots", { k: snapshots.length }) : host.t("files.msg.withWeights");
    say("files.msg.link", { n: state.points.length, weights });
  });

  byId(doc, "reset-all").addEventListener("click", () => {
    confirmBox.hidden = false;
    byId(doc, "reset-yes").focus();
  });
  byId(doc, "reset-no").addEventListener("click", () => (confirmBox.hidden = true));
  byId(doc, "reset-yes").addEventListener("click", () => {
    confirmBox.hidden = true;
    beforeReset = stateToJson(host.current());
    host.resetAll();
    undoReset.hidden = false;
    say("files.msg.reset");
  });
  // The student's saved work, kept aside when a shared link replaced it at load.
  const bringBack = byId(doc, "bring-back-saved");
  /** @type {string | null} */
  let keptSave = null;
  bringBack.addEventListener("click", () => {
    if (keptSave === null) return;
    const doc = stateFromJson(keptSave);
    host.apply(doc);
    host.forgetKept();
    keptSave = null;
    bringBack.hidden = true;
    say("files.msg.broughtBack", { n: doc.points.length });
  });

  // A save that could not be read at load: downloadable, to repair it or send it to a teacher.
  const unreadableButton = byId(doc, "download-unreadable");
  /** @type {string | null} */
  let unreadable = null;
  unreadableButton.addEventListener("click", () => {
    if (unreadable !== null) save("backprop-lab-unreadable-save.json", unreadable, "application/json");
  });

  // A hand-in of the work (a lesson or the student's own points), named for the student.
  const workName = /** @type {HTMLInputElement} */ (byId(doc, "work-name"));
  // The name is kept in this browser: the next hand-in has it already.
  const NAME_KEY = "backprop-lab/handin-name/v1";
  try {
    workName.value = (doc.defaultView?.localStorage.getItem(NAME_KEY) ?? "").slice(0, 80);
  } catch {
    // storage refused: the name is typed again
  }
  workName.addEventListener("change", () => {
    try {
      doc.defaultView?.localStorage.setItem(NAME_KEY, workName.value.trim().slice(0, 80));
    } catch {
      // storage refused or full: the name stays in the field
    }
  });
  byId(doc, "work-handin").addEventListener("click", () => {
    const name = workName.value.trim().slice(0, 80);
    if (name === "") {
      say("work.msg.needName");
      workName.focus();
      return;
    }
    host.handIn(name).then((file) => say("work.msg.done", { file }))
      .catch((e) => say("error.generic", { message: e instanceof Error ? e.message : String(e) }));
  });

  // Another tab saved its own work: open it here, merge its points into these, or keep both.
  const otherTab = byId(doc, "other-tab");
  for (const choice of /** @type {const} */ (["use", "merge", "both"])) {
    byId(doc, `other-tab-${choice}`).addEventListener("click", () => {
      otherTab.hidden = true;
      host.otherTab(choice);
    });
  }

  undoReset.addEventListener("click", () => {
    if (beforeReset === null) return;
    host.apply(stateFromJson(beforeReset));
    beforeReset = null;
    undoReset.hidden = true;
    say("files.msg.undone");
  });

  return {
    say,
    /**
     * Offers the saved work a shared link replaced (its state file text) back, with a button.
     * @param {string} json
     */
    offerKept(json) {
      keptSave = json;
      bringBack.hidden = false;
    },
    /** Asks what to do with another tab's newer save (the choices call host.otherTab). */
    offerOtherTab() {
      otherTab.hidden = false;
    },
    /**
     * Offers a save that could not be read (its text) as a file.
     * @param {string} text
     */
    offerUnreadable(text) {
      unreadable = text;
      unreadableButton.hidden = false;
    },
    /** Shows the last message again in the current language. */
    relabel() {
      if (last) status.textContent = host.t(last.key, flat(last.values));
    },
  };
}

/**
 * The values as host.t is typed; it hands them to i18n's translate(), which translates a message
 * among them (a refusal's reason) in the same language.
 * @param {import("../../model/i18n.js").Message["values"]} values
 */
function flat(values) {
  return /** @type {Record<string, string | number> | undefined} */ (values);
}
