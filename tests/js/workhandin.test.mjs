// The training work to hand in (model/workhandin.js): written as a self-contained HTML file and
// read back exactly; anything else refused with a reason; nothing the student types can run.

import { test } from "node:test";
import assert from "node:assert/strict";
import { workHandinHtml, readWorkHandin, isWorkHandin } from "../../www/model/workhandin.js";
import { readHandin } from "../../www/model/handin.js";
import { translate } from "../../www/model/i18n.js";
import { reasonOf } from "../../www/model/refusal.js";

const t = (key, values) => translate("en", key, values);
/** @type {import("../../www/model/workhandin.js").Work} */
const WORK = {
  name: "Nguyễn Văn An <script>alert(1)</script>", date: "2026-11-30T08:30:00.000Z",
  lesson: { number: 2, title: "The lecture's network" }, network: "2-3-3-1, sigmoid → sigmoid",
  training: "α = 0.4, full batch, summed", epoch: 933, trainLoss: 0.0049876, testLoss: null,
  trainAcc: 1, testAcc: null, trainPoints: 20, testPoints: 0,
};
const PNG = "data:image/png;base64,iVBORw0KGgo=";

test("a work hand-in is read back exactly as it was written, and says what it holds in words", () => {
  const html = workHandinHtml(t, "en", WORK, { boundary: PNG, loss: PNG }, "30/11/2026, 08:30");
  assert.ok(isWorkHandin(html));
  assert.deepEqual(readWorkHandin(html), WORK);
  for (const words of ["Lesson 2: The lecture&#39;s network", "<dd>933</dd>", "<dd>0.00499</dd>", "<dd>100.0 %</dd>",
    "<dd>—</dd>", "20 training, 0 test", "2-3-3-1, sigmoid → sigmoid"]) {
    assert.ok(html.includes(words), `the file says ${words}`);
  }
  assert.equal(html.match(/<img src="data:image\/png;base64,/g)?.length, 2, "both images are in the file");
  // What the student typed never becomes markup or ends the JSON block early.
  assert.ok(!html.includes("<script>alert(1)"));
  assert.equal(html.match(/<script/g)?.length, 1);
  // Own work, in Vietnamese.
  const vi = workHandinHtml((k, v) => translate("vi", k, v), "vi", { ...WORK, lesson: null }, { boundary: null, loss: null }, "");
  assert.ok(vi.includes("Bài tự làm (không theo bài học)"));
  assert.equal(readWorkHandin(vi).lesson, null);
});

test("an image that is not a PNG data URL is left out of the file", () => {
  const html = workHandinHtml(t, "en", WORK, { boundary: 'data:image/png;base64,AA" onerror="x', loss: "javascript:alert(1)" }, "");
  assert.ok(!html.includes("<img"));
  assert.ok(!html.includes("onerror") && !html.includes("javascript:"));
});

test("work and exercise hand-ins are told apart; damaged or foreign files are refused with a reason", () => {
  const html = workHandinHtml(t, "en", WORK, { boundary: null, loss: null }, "");
  assert.throws(() => readHandin(html), (e) => reasonOf(e).key === "refuse.handin.notHandin", "an exercise reader refuses it");
  assert.equal(isWorkHandin("<html>nothing</html>"), false);
  const refused = (text) => {
    try {
      readWorkHandin(text);
    } catch (e) {
      return reasonOf(e);
    }
    return null;
  };
  assert.equal(refused("<p>hello</p>").key, "refuse.handin.notHandin");
  const swap = (patch) => html.replace(/(<script type="application\/json" id="backprop-lab-work">)[\s\S]*?(<\/script>)/,
    (_, a, b) => `${a}${JSON.stringify({ format: "backprop-lab-work", version: 1, lang: "en", ...WORK, ...patch }).replace(/</g, "\\u003c")}${b}`);
  assert.deepEqual(readWorkHandin(swap({})), WORK);
  for (const patch of [{ epoch: -1 }, { epoch: 1.5 }, { trainLoss: -0.1 }, { trainLoss: "0.1" }, { trainAcc: 1.2 },
    { name: "x".repeat(81) }, { date: "yesterday" }, { lesson: { number: 0, title: "x" } }, { lesson: "2" },
    { network: 7 }, { testPoints: null }, { version: 2 }]) {
    assert.equal(refused(swap(patch))?.key, "refuse.handin.damaged", JSON.stringify(patch));
  }
  assert.equal(refused(html.replace('"version":1', '"version":1,')).key, "refuse.handin.damaged", "broken JSON");
});
