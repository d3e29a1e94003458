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
      const key = `${snapshots.map((s) => `${s.name}|${s.epoch}|${s.optimizer?.t}`).join(";")}|${kept ? kept.label : ""}|${t("snap.back")}`;
      if (key === shown) return;
      shown = key;
      forget.hidden = kept === null;
      forget.textContent = kept ? t("snap.forget", { label: kept.label }) : t("snap.forgetAny");
      list.replaceChildren(...snapshots.map((s, i) => {
        const li = doc.createElement("li");
        const text = doc.createElement("span");
        // Whether the snapshot holds the optimizer's memory ("Adam, t = 40"): going back restores it.
        const opt = s.optimizer?.optimizer;
        text.textContent = opt && opt !== "gd"
          ? t("snap.itemState", { name: s.name, epoch: s.epoch, optimizer: t(`opt.${opt}`), t: s.optimizer?.t ?? 0 })
          : t("snap.item", { name: s.name, epoch: s.epoch });
        /** @param {"back" | "delete"} act @param {string} words @param {string} label */
        const button = (act, words, label) => {
          const b = doc.createElement("button");
          b.type = "button";
          b.dataset.index = String(i);
          b.dataset.act = act;
          b.textContent = words;
          b.setAttribute("aria-label", label);
          return b;
        };
        li.append(text, " ", button("back", t("snap.back"), t("snap.backTo", { name: s.name })), " ",
          button("delete", t("snap.delete"), t("snap.deleteNamed", { name: s.name })));
        return li;
      }));
    },
  };
}
