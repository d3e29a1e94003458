// dom.js writes to the page only what changed: the readouts refresh every frame while
// training, and an unchanged write would still make the browser lay the page out again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setText, setAttr, setProp } from "../../www/views/dom.js";

/** An element that counts the writes made to it. */
function fakeElement() {
  const writes = [];
  let text = "";
  const attrs = new Map();
  let hidden = false;
  return {
    writes,
    get textContent() { return text; },
    set textContent(v) { writes.push(["text", v]); text = v; },
    getAttribute: (name) => attrs.get(name) ?? null,
    setAttribute: (name, v) => { writes.push([name, v]); attrs.set(name, v); },
    get hidden() { return hidden; },
    set hidden(v) { writes.push(["hidden", v]); hidden = v; },
  };
}

test("an unchanged text, attribute or property is not written again", () => {
  const el = fakeElement();
  for (let frame = 0; frame < 3; frame++) {
    setText(el, "epoch 5");
    setAttr(el, "aria-pressed", "true");
    setProp(el, "hidden", true);
  }
  assert.deepEqual(el.writes, [["text", "epoch 5"], ["aria-pressed", "true"], ["hidden", true]]);
  setText(el, "epoch 6");
  setProp(el, "hidden", false);
  assert.deepEqual(el.writes.slice(3), [["text", "epoch 6"], ["hidden", false]]);
  assert.equal(el.textContent, "epoch 6");
});
