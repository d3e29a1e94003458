// shortcuts.js: the page's keyboard shortcuts and the dialog that lists them.
// Keys become named actions for main.js; nothing here knows about training.

/**
 * The shortcuts, in the order the dialog lists them: the keys shown (strings starting
 * with "keys." are translated) and what they do.
 * @type {[string[], string][]}
 */
const LIST = [
  [["keys.space.key"], "keys.space"],
  [["s"], "keys.s"],
  [["r"], "keys.r"],
  [["1", "–", "4"], "keys.classes"],
  [["?"], "keys.help"],
  [["Ctrl", "+", "Z"], "keys.undo"],
  [["Ctrl", "+", "Shift", "+", "Z"], "keys.redo"],
  [["keys.arrows.key"], "keys.arrows"],
  [["Enter"], "keys.enter"],
  [["Delete"], "keys.delete"],
  [["n", "/", "p"], "keys.step"],
  [["n"], "keys.nextPhase"],
  [["f"], "keys.present"],
  [["Esc"], "keys.esc"],
];

/** @typedef {"train" | "oneEpoch" | "reset" | "help" | "nextPhase" | "present" | "leavePresenter" | "class:0" | "class:1" | "class:2" | "class:3"} Shortcut */

/**
 * Whether keys typed at `el` are text the student is writing (so no shortcut applies).
 * @param {Element | null} el
 */
function typingIn(el) {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) {
    return !["checkbox", "radio", "range", "button", "submit", "reset", "file", "color"].includes(el.type);
  }
  return el instanceof HTMLElement && el.isContentEditable;
}

/**
 * Whether Space at `el` already means "press this" (a button, a link, a box to tick).
 * @param {Element | null} el
 */
function spaceActivates(el) {
  if (!el) return false;
  return el.matches("button, a[href], input, select, textarea, summary, [role='button'], [role='radio'], " +
    "[role='checkbox'], [role='tab'], [role='switch'], [role='slider'], canvas, [contenteditable='true']");
}

/**
 * The shortcut a key press asks for, or null.
 * @param {KeyboardEvent} e
 * @returns {Shortcut | null}
 */
export function shortcutFor(e) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return null;
  const target = /** @type {Element | null} */ (e.target);
  if (typingIn(target)) return null;
  if (e.key === "?") return "help";
  if (e.key === " ") return spaceActivates(target) ? null : "train";
  if (e.shiftKey) return null;
  if (e.key === "s" || e.key === "S") return "oneEpoch";
  if (e.key === "r" || e.key === "R") return "reset";
  if (e.key === "n" || e.key === "N") return "nextPhase"; // inside the step-through, the stepper's own n came first
  if (e.key === "f" || e.key === "F") return "present";
  if (e.key === "Escape" && target?.ownerDocument?.documentElement.classList.contains("presenting")) return "leavePresenter";
  if (["1", "2", "3", "4"].includes(e.key)) return /** @type {Shortcut} */ (`class:${Number(e.key) - 1}`);
  return null;
}

/**
 * Fills the shortcuts dialog's list in the current language.
 * @param {HTMLElement} list  the dialog's <dl>
 * @param {(key: string) => string} t
 */
export function fillShortcutList(list, t) {
  list.replaceChildren(...LIST.map(([keys, what]) => {
    const row = document.createElement("div");
    const dt = document.createElement("dt");
    for (const k of keys) {
      if (k === "+" || k === "/" || k === "–") {
        dt.append(` ${k} `);
      } else {
        const kbd = document.createElement("kbd");
        kbd.textContent = k.startsWith("keys.") ? t(k) : k;
        dt.append(kbd);
      }
    }
    // Read as one line (a screen reader's say-all, copied text), the keys and their words stay apart.
    const pause = document.createElement("span");
    pause.className = "sr-only";
    pause.textContent = ": ";
    dt.append(pause);
    const dd = document.createElement("dd");
    dd.textContent = t(what);
    row.append(dt, dd);
    return row;
  }));
}

/**
 * Wires the shortcuts on `doc`: each key press becomes an action; "help" opens the dialog
 * (modal, closed by Esc or its Close button; focus goes back where it was).
 * @param {Document} doc
 * @param {HTMLDialogElement} dialog
 * @param {HTMLButtonElement} opener  the visible button that opens the dialog too
 * @param {(action: Shortcut) => void} onShortcut
 */
export function wireShortcuts(doc, dialog, opener, onShortcut) {
  /** @type {HTMLElement | null} */
  let back = null;
  const open = () => {
    if (dialog.open) return;
    back = /** @type {HTMLElement | null} */ (doc.activeElement);
    dialog.showModal();
  };
  dialog.addEventListener("close", () => {
    (back && back.isConnected ? back : opener).focus();
    back = null;
  });
  opener.addEventListener("click", open);
  doc.addEventListener("keydown", (e) => {
    if (dialog.open) return; // the dialog's own keys: Tab, Esc
    const action = shortcutFor(e);
    if (!action) return;
    e.preventDefault();
    if (action === "help") open();
    else onShortcut(action);
  });
}
