// presenter.js: presenter mode on the page. Whether the page presents is app state (the store's
// state.presenting, changed by its actions "present" and "leavePresenter", which the button and the
// keys f and Esc call); this module shows it: a class on <html> (presenter.css lays one 16:9
// screen out of the page's own elements, moving none), the address's ?present=1, and the scroll
// position given back on leaving, so the normal page returns as it was.

/** Whether the address asks for presenter mode (?present=1). @param {string} search */
export function presentAsked(search) {
  return new URLSearchParams(search).get("present") === "1";
}

/**
 * @param {Document} doc
 * @param {Pick<Window, "scrollX" | "scrollY" | "scrollTo" | "location" | "history">} win
 */
export function createPresenter(doc, win) {
  let shown = false;
  /** Where the normal page was scrolled when presenter mode began. */
  let scroll = { left: 0, top: 0 };
  return {
    /** Shows presenter mode on or off (nothing happens when it already is). @param {boolean} on */
    show(on) {
      if (on === shown) return;
      shown = on;
      const root = doc.documentElement;
      if (on) {
        scroll = { left: win.scrollX, top: win.scrollY };
        root.classList.add("presenting");
        win.scrollTo(0, 0);
      } else {
        root.classList.remove("presenting");
        win.scrollTo(scroll.left, scroll.top);
      }
      const url = new URL(win.location.href);
      if (on) url.searchParams.set("present", "1");
      else url.searchParams.delete("present");
      win.history.replaceState(win.history.state, "", url);
    },
  };
}
