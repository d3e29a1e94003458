// setOptimizerState (notes/api.md): the inverse of optimizerState(). A network given another's
// weights and state continues exactly as the original does; a round trip changes nothing; every
// bad state is refused with words, and the network is as it was.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Network, dataset, plain } from "./load.mjs";

const SPEC = { layers: [2, 4, 3, 1], hidden: "tanh", output: "sigmoid", seed: 11 };
const { xs, labels } = dataset("moons", 24, 0.1, 3);

/** Every weight and bias as bits, to compare to the bit. */
const bits = (params) => Array.from(new BigUint64Array(Float64Array.from(params.flatMap((l) => [...l.W.flat(), ...l.b])).buffer)).join();

for (const opts of [
  { optimizer: "momentum", momentum: 0.8, batchSize: 0 },
  { optimizer: "adam", batchSize: 5 },
  { optimizer: "adam", beta1: 0.7, beta2: 0.95, epsilon: 1e-6, batchSize: 1 },
]) {
  test(`${JSON.stringify(opts)}: another network given the weights and the state continues to the bit`, () => {
    const run = { epochs: 30, learningRate: 0.05, reduction: "mean", ...opts };
    const original = new Network(SPEC);
    original.train(xs, labels, run);
    // Adam's β₁, β₂, ε are not in optimizerState(): given beside it, as step's options are (notes/api.md).
    const { beta1, beta2, epsilon } = opts;
    const state = { ...original.optimizerState(), ...(beta1 === undefined ? {} : { beta1, beta2, epsilon }) };
    const copy = new Network({ ...SPEC, seed: 99 });
    copy.setParams(original.params());
    copy.setOptimizerState(state);
    assert.deepEqual(plain(copy.optimizerState()), plain(original.optimizerState()), "round trip");
    original.train(xs, labels, run);
    copy.train(xs, labels, run);
    assert.equal(bits(copy.params()), bits(original.params()), "the same weights to the bit");
    // Without the state the copy goes elsewhere: the test above means something.
    const fresh = new Network({ ...SPEC, seed: 99 });
    fresh.setParams(copy.params());
    fresh.train(xs, labels, run);
    original.train(xs, labels, run);
    assert.notEqual(bits(fresh.params()), bits(original.params()));
    for (const n of [original, copy, fresh]) n.free();
  });
}

test("optimizerState → setOptimizerState is the identity (fresh, gd, momentum, Adam)", () => {
  for (const opts of [null, { optimizer: "gd" }, { optimizer: "momentum", momentum: 0.5 }, { optimizer: "adam" }]) {
    const net = new Network(SPEC);
    if (opts) net.train(xs, labels, { epochs: 3, learningRate: 0.1, ...opts });
    const state = net.optimizerState();
    const params = net.params();
    net.setOptimizerState(state);
    assert.deepEqual(plain(net.optimizerState()), plain(state), JSON.stringify(opts));
    assert.deepEqual(plain(net.params()), plain(params));
    if (opts?.optimizer === "momentum") assert.deepEqual(state.second, [], "momentum keeps no second moment");
    if (opts?.optimizer === "gd") assert.deepEqual([state.first, state.second], [[], []], "gd keeps no moments");
    net.free();
  }
  // null: a fresh state
  const net = new Network(SPEC);
  net.train(xs, labels, { epochs: 3, learningRate: 0.1, optimizer: "adam" });
  net.setOptimizerState({ optimizer: null });
  assert.deepEqual(plain(net.optimizerState()), { optimizer: null, momentum: null, t: 0, first: [], second: [] });
  net.free();
});

test("every bad state is refused with words, and the network is as it was", () => {
  const net = new Network(SPEC);
  net.train(xs, labels, { epochs: 4, learningRate: 0.1, optimizer: "adam" });
  const adam = net.optimizerState();
  const momentum = (() => {
    const m = new Network(SPEC);
    m.train(xs, labels, { epochs: 2, learningRate: 0.1, optimizer: "momentum" });
    const s = m.optimizerState();
    m.free();
    return s;
  })();
  const edit = (state, change) => {
    const s = structuredClone(state);
    change(s);
    return s;
  };
  const bad = [
    ["not an object", 5, /object/],
    ["a string", "adam", /object/],
    ["an unknown optimizer", edit(adam, (s) => { s.optimizer = "rmsprop"; }), /unknown optimizer "rmsprop".*gd, momentum, adam/],
    ["a number for the optimizer", edit(adam, (s) => { s.optimizer = 3; }), /optimizer must be a string/],
    ["μ of 1", edit(momentum, (s) => { s.momentum = 1; }), /momentum μ must be a number from 0 up to/],
    ["β₂ negative", edit(adam, (s) => { s.beta2 = -0.1; }), /beta2 β₂/],
    ["t negative", edit(adam, (s) => { s.t = -1; }), /t must be a whole number/],
    ["t fractional", edit(adam, (s) => { s.t = 2.5; }), /t must be a whole number/],
    ["t missing", edit(adam, (s) => { delete s.t; }), /t must be a whole number/],
    ["second given for momentum", { ...momentum, second: adam.second }, /second: must be \[\]/],
    ["first given for gd", { ...momentum, optimizer: "gd" }, /first: must be \[\]/],
    ["first missing for Adam", edit(adam, (s) => { delete s.first; }), /first: parameters must be a list/],
    ["a layer too few", edit(adam, (s) => { s.first.pop(); }), /first: expected values for 3 layers/],
    ["W of the wrong shape", edit(adam, (s) => { s.second[1].W.pop(); }), /second: layer 2: W must be 3×4/],
    ["b too short", edit(momentum, (s) => { s.first[2].b = []; }), /first: layer 3: b must have 1 values/],
    ["a string in W", edit(adam, (s) => { s.first[0].W[0][0] = "0.1"; }), /first: layer 1: W row 1\[0\] is not a number/],
    ["NaN in m", edit(adam, (s) => { s.first[0].W[1][1] = NaN; }), /first: layer 1: every number of W and b must be finite/],
    ["Infinity in v", edit(adam, (s) => { s.second[2].b[0] = Infinity; }), /second: layer 3: every number .* finite/],
    ["a negative v", edit(adam, (s) => { s.second[0].W[0][0] = -1e-9; }), /second: layer 1: .*≥ 0 in Adam's v/],
  ];
  const probe = [0.3, -0.2];
  const before = () => JSON.stringify([plain(net.params()), plain(net.optimizerState()), plain(net.accumulated()), plain(net.forward(probe))]);
  const was = before();
  for (const [what, state, pattern] of bad) {
    assert.throws(() => net.setOptimizerState(state), (e) => {
      assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError), `${what}: ${e}`);
      assert.match(e.message, pattern, what);
      return true;
    }, what);
    assert.equal(before(), was, `${what}: the network changed`);
  }
  // And it still continues as before.
  const twin = new Network(SPEC);
  twin.setParams(net.params());
  twin.setOptimizerState(adam);
  net.train(xs, labels, { epochs: 2, learningRate: 0.1, optimizer: "adam" });
  twin.train(xs, labels, { epochs: 2, learningRate: 0.1, optimizer: "adam" });
  assert.equal(bits(twin.params()), bits(net.params()));
  net.free();
  twin.free();
});
