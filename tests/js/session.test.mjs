// The session: the one owner of the page's Network handles (DESIGN.md, "Layout").
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lab from "./load.mjs";
import { createSession, sampleGradients } from "../../www/app/session.js";
import { pageFiles, read } from "./modules.mjs";

const spec = { layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 1 };
const { xs, labels } = lab.dataset("lecture", 20, 0, 1);
const zero = (acc) => acc.every((l) => l.db.every((v) => v === 0) && l.dW.every((r) => r.every((v) => v === 0)));

test("a bad spec leaves the page's network as it was; a good one replaces it", () => {
  const session = createSession(lab, spec);
  const before = session.net;
  assert.throws(() => session.rebuild({ ...spec, layers: [2, 3, 0, 1] }), /layer/);
  assert.equal(session.net, before);
  assert.deepEqual(session.rebuild({ ...spec, layers: [2, 4, 1] }).layers, [2, 4, 1]);
  assert.notEqual(session.net, before);
});

test("check() refuses weights that do not fit, and changes nothing", () => {
  const session = createSession(lab, spec);
  const params = session.net.params();
  assert.throws(() => session.check({ ...spec, layers: [2, 4, 1] }, params));
  session.check(spec, params);
  assert.deepEqual(session.net.params(), params);
});

test("iterate() is one step of the lecture's loop: the summed gradients, then W -= α dW", () => {
  const session = createSession(lab, spec);
  const byHand = new lab.Network(spec);
  const { layers } = byHand.batchGradients(xs, labels);
  const p = byHand.params();
  const expected = p.map((l, i) => ({
    W: l.W.map((row, r) => row.map((w, c) => w - 0.4 * layers[i].dW[r][c])),
    b: l.b.map((b, r) => b - 0.4 * layers[i].db[r]),
  }));
  session.iterate(xs, labels, 0.4);
  lab.assertClose(session.net.params(), expected, 1e-13);
  assert.ok(zero(session.net.accumulated()), "the accumulator is clear after the step");
  byHand.free();
});

test("showing one sample's gradients never writes: the accumulator stays empty", () => {
  const session = createSession(lab, spec);
  const g = sampleGradients(session.net, [xs[0], xs[1]], labels[0]);
  const direct = new lab.Network(spec).backward([xs[0], xs[1]], labels[0]);
  lab.assertClose(g, direct, 0);
  assert.ok(zero(session.net.accumulated()));
});

test("networks lent to lessons are freed when given back", () => {
  const session = createSession(lab, spec);
  const a = session.create(spec);
  const b = session.create({ ...spec, seed: 2 });
  assert.equal(session.lentCount, 2);
  session.release(a);
  session.release(a);
  session.release(null);
  assert.equal(session.lentCount, 1);
  session.release(b);
  assert.equal(session.lentCount, 0);
});

test("only the session and the training host create networks or write weights", () => {
  const owners = new Set(["app/session.js", "app/training-host.js"]);
  const wrong = [];
  for (const file of pageFiles().filter((f) => !owners.has(f))) {
    const src = read(file).replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    for (const m of src.matchAll(/new\s+[\w.]*Network\(|(?<!session)\.(setParams|zeroGrad|backward|step|resetOptimizer)\(/g)) {
      wrong.push(`${file}: ${m[0]}`);
    }
    // Lesson 7's nine networks (lent by the session) train where they are drawn.
    if (file !== "panels/lessons/multiples.js") for (const m of src.matchAll(/(?<!session)\.train\(/g)) wrong.push(`${file}: ${m[0]}`);
  }
  assert.deepEqual(wrong, []);
});
