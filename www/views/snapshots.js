// snapshots.js (view): the list of kept weights under the training buttons: keep one (with a
// name), go back to one (the run left behind stays on the loss chart to compare), delete one,
// and forget the kept curve.

/** @typedef {(key: string, values?: Record<string, string | number>) => string} Translate */

/**
 * Wires the snapshot controls to the store's actions; returns what redraws the list.
 * @param {Document} doc
 * @param {import("../app/store.js").Store} store
 */
export function wireSnapshots(doc, store) {
  const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (doc.getElementById(id));
  const name = /** @type {HTMLInputElement} */ (byId("snap-name"));
  const list = byId("snap-list");
  const forget = /** @type {HTMLButtonElement} */ (byId("snap-forget"));
  byId("snap-take").addEventListener("click", () => {
    store.takeSnapshot(name.value);
    name.value = "";
  });
  name.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      store.takeSnapshot(name.value);
      name.value = "";
    }
  });
  forget.addEventListener("click", () => store.forgetKept());
  list.addEventListener("click", (e) => {
    const button = /** @type {HTMLElement} */ (e.target).closest("button");
    if (!button || !button.dataset.index) return;
    const i = Number(button.dataset.index);
    if (button.dataset.act === "back") store.restoreSnapshot(i);
    else store.deleteSnapshot(i);
  });

  let shown = "";
  return {
    /** Redraws the list when the snapshots, the kept curve or the language changed. @param {Translate} t */
    show(t) {
      const { snapshots, kept } = store.state;
      const key = `${snapshots.map((s) => `${s.name}|${s.epoch}`).join(";")}|${kept ? kept.label : ""}|${t("snap.back")}`;
      if (key === shown) return;
      shown = key;
      forget.hidden = kept === null;
      forget.textContent = kept ? t("snap.forget", { label: kept.label }) : "";
      list.replaceChildren(...snapshots.map((s, i) => {
        const li = doc.createElement("li");
        const text = doc.createElement("span");
        text.textContent = t("snap.item", { name: s.name, epoch: s.epoch });
        const back = doc.createElement("button");
        back.type = "button";
        back.dataset.index = String(i);
        back.dataset.act = "back";
        back.textContent = t("snap.back");
        back.setAttribute("aria-label", t("snap.backTo", { name: s.name }));
        const del = doc.createElement("button");
        del.type = "button";
        del.dataset.index = String(i);
        del.dataset.act = "delete";
        del.textContent = t("snap.delete");
        del.setAttribute("aria-label", t("snap.deleteNamed", { name: s.name }));
        li.append(text, " ", back, " ", del);
        return li;
      }));
    },
  };
}
