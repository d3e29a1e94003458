// Autosave: what is saved comes back checked; a refusal by the browser is reported, not thrown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { saveNow, loadSaved, createAutosaver, STORAGE_KEY } from "../../www/app/autosave.js";
import { stateToJson } from "../../www/model/statefile.js";

function memoryStorage() {
  const items = new Map();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, String(v)), items };
}

const state = { points: [{ x1: 0.1, x2: 0.2, label: 1 }], settings: { learningRate: 0.4 }, params: null, lesson: null };

test("a saved state loads back exactly", () => {
  const s = memoryStorage();
  assert.equal(loadSaved(s), null);
  assert.equal(saveNow(s, stateToJson(state)), null);
  const loaded = loadSaved(s);
  assert.ok(loaded && "doc" in loaded);
  assert.deepEqual(loaded.doc.points, state.points);
  assert.deepEqual(loaded.doc.settings, state.settings);
});

test("a damaged save is reported, not trusted", () => {
  const s = memoryStorage();
  s.setItem(STORAGE_KEY, JSON.stringify({ format: "backprop-lab", version: 1, points: [{ x1: "<img>", x2: 0, label: 0 }] }));
  const loaded = loadSaved(s);
  assert.ok(loaded && "error" in loaded && /point 1, field x1/.test(loaded.error));
  assert.equal(/** @type {any} */ (loaded).cause.reason.key, "refuse.coordinate", "the reason, for the page's language");
});

test("a full or forbidden storage gives a message", () => {
  const refusing = { setItem: () => { throw new Error("QuotaExceededError"); } };
  assert.match(saveNow(refusing, "{}") ?? "", /Quota/);
  const unreadable = { getItem: () => { throw new Error("SecurityError"); } };
  assert.equal(loadSaved(unreadable), null);
});

test("the autosaver saves the latest state once per delay", async () => {
  const s = memoryStorage();
  let n = 0;
  const saver = createAutosaver(s, () => stateToJson({ ...state, settings: { learningRate: ++n / 10 } }), 20, assert.fail);
  saver.schedule();
  saver.schedule();
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(n, 1);
  saver.flush();
  assert.equal(n, 2);
  assert.equal(JSON.parse(s.getItem(STORAGE_KEY)).settings.learningRate, 0.2);
});

test("unreadable saves are each kept under their own key, the newest three", async () => {
  const { keepUnreadable } = await import("../../www/app/startup.js");
  const map = new Map();
  const storage = {
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => map.set(k, String(v)),
    removeItem: (k) => map.delete(k),
    key: (i) => [...map.keys()][i] ?? null,
    get length() { return map.size; },
  };
  const realNow = Date.now;
  let t = 1000;
  Date.now = () => (t += 1);
  try {
    for (const text of ["first {", "second {", "third {", "fourth {"]) keepUnreadable(storage, text);
  } finally {
    Date.now = realNow;
  }
  const kept = [...map.entries()].filter(([k]) => k.startsWith("backprop-lab/state/v1/unreadable/")).map(([, v]) => v);
  assert.deepEqual(kept.sort(), ["fourth {", "second {", "third {"], "a second failure never overwrote the first; only the oldest went");
});
