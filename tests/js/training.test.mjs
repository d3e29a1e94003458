// Training in chunks through the training host (what the Web Worker runs) gives exactly what
// one train() call on the page's own network gives, and the page knows when the worker is behind.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as lab from "./load.mjs";
import { createTrainingHost } from "../../www/app/training-host.js";
import { createTraining, sameParams } from "../../www/app/training.js";

const spec = { layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 1 };
const opts = { learningRate: 0.4, batchSize: 0, reduction: "sum", stopLoss: 0.005 };
const { xs, labels } = lab.dataset("lecture", 20, 0, 1);

test("the lecture's run in chunks through the host equals one train() call, to the last bit", () => {
  const direct = new lab.Network(spec);
  const whole = direct.train(xs, labels, { ...opts, epochs: 20000 });
  const host = createTrainingHost(lab);
  const start = new lab.Network(spec);
  let reply = host.handle({ id: 1, epochs: 37, opts, setup: { spec, params: start.params(), xs, labels } });
  let epochs = reply.epochs;
  for (let id = 2; !reply.stopped && epochs < 20000; id++) {
    reply = host.handle({ id, epochs: 100, opts });
    assert.equal(reply.id, id);
    epochs += reply.epochs;
  }
  assert.ok(reply.stopped, "the stop rule ended the run");
  assert.equal(epochs, whole.epochs);
  assert.equal(reply.loss, whole.loss);
  assert.ok(sameParams(reply.params, direct.params()));
  direct.free();
  start.free();
});

test("a request the host cannot serve says why; a diverging run gives the weights from before it", () => {
  const host = createTrainingHost(lab);
  const noSetup = host.handle({ id: 1, epochs: 1, opts });
  assert.match(noSetup.error, /set up/);
  const linear = { ...spec, hidden: "linear" };
  const net = new lab.Network(linear);
  const before = net.params();
  const blown = host.handle({ id: 2, epochs: 50, opts: { ...opts, learningRate: 1e9 },
    setup: { spec: linear, params: before, xs, labels } });
  assert.match(blown.error, /diverged/);
  assert.ok("error" in blown, "diverges");
  assert.ok(sameParams(blown.params, before), "weights restored");
  net.free();
});

test("on the main thread (no Worker), the client answers through the same host", async () => {
  const training = createTraining(lab, { worker: false });
  assert.equal(training.backend, "main thread");
  const net = new lab.Network(spec);
  const reply = await training.request({ epochs: 5, opts, setup: { spec, params: net.params(), xs, labels } });
  net.train(xs, labels, { ...opts, epochs: 5 });
  assert.ok(sameParams(reply.params, net.params()));
  net.free();
});

test("sameParams compares every number", () => {
  const net = new lab.Network(spec);
  const p = net.params();
  const q = structuredClone(p);
  assert.ok(sameParams(p, q));
  q[2].W[0][2] += 1e-16 * Math.abs(q[2].W[0][2]) + Number.MIN_VALUE;
  assert.ok(!sameParams(p, q));
  assert.ok(!sameParams(p, null));
  net.free();
});
