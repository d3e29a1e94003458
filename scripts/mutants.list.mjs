// mutants.list.mjs: the planted mutations `make mutants` runs (scripts/mutants.mjs).
//
// Each is one small change a slip of the hand could make, in the core or in the page, that
// changes what a student reads. The tests must catch every one: a mutant that survives names a
// number or a picture no test really checks. `from` must occur exactly once in `file`.
//
// checks, tried in order until one fails (the first failure catches the mutant):
//   { cargo: [test names…] }   cargo test --release (the native core; [] = every test)
//   { node: [files…] }         node --test on tests/js files (the built wasm package)
//   { e2e: [files…], grep? }   the browser tests (headless Chromium), optionally by test name
// `wasm: true` rebuilds www/pkg from the mutated core first (the shipped SIMD code is only
// compiled for wasm, so only the Node and browser layers can see it).

/**
 * @typedef {{ cargo?: string[], node?: string[], e2e?: string[], grep?: string }} Check
 * @typedef {{ id: string, file: string, from: string, to: string, what: string, wasm?: boolean, checks: Check[] }} Mutant
 */

/** @type {Mutant[]} */
export const MUTANTS = [
  // ---- the core (Rust) --------------------------------------------------------------------
  {
    id: "core-sigmoid-derivative",
    file: "src/activation.rs",
    from: "Self::Sigmoid => a * (1.0 - a),",
    to: "Self::Sigmoid => a * (1.0 + a),",
    what: "sigmoid′ written a(1 + a)",
    checks: [{ cargo: [] }],
  },
  {
    id: "core-tanh-derivative",
    file: "src/activation.rs",
    from: "Self::Tanh => 1.0 - a * a,",
    to: "Self::Tanh => 1.0 - a,",
    what: "tanh′ written 1 − a",
    checks: [{ cargo: [] }],
  },
  {
    id: "core-dW-sign",
    file: "src/plain.rs",
    from: "dW.add_outer(1.0, &dz, a_prev);",
    to: "dW.add_outer(-1.0, &dz, a_prev);",
    what: "dW[l] = −dz[l] a[l−1]ᵀ in the plain path",
    checks: [{ cargo: [] }],
  },
  {
    id: "core-epoch-mean",
    file: "src/plain.rs",
    from: "let mean = epoch_loss / n as f64;",
    to: "let mean = epoch_loss / (n + 1) as f64;",
    what: "the epoch's mean loss divided by n + 1",
    checks: [{ cargo: [] }],
  },
  {
    id: "core-momentum-sign",
    file: "src/optimizer.rs",
    from: "*m = momentum * *m + g;",
    to: "*m = momentum * *m - g;",
    what: "momentum's velocity v ← μv − g",
    checks: [{ cargo: [] }],
  },
  {
    id: "core-gd-penalty",
    file: "src/optimizer.rs",
    from: "*theta -= rate * sum + alpha * penalty.gradient(*theta);",
    to: "*theta -= rate * sum + 0.5 * alpha * penalty.gradient(*theta);",
    what: "the λW term of plain descent halved",
    checks: [{ cargo: [] }],
  },
  {
    id: "wasm-simd-sub",
    file: "src/fast/lanes.rs",
    from: "Self(f64x2_sub(self.0, o.0))",
    to: "Self(f64x2_sub(o.0, self.0))",
    what: "the shipped wasm SIMD subtraction with its operands swapped",
    wasm: true,
    checks: [{ node: ["tests/js/training.test.mjs", "tests/js/reference.test.mjs"] }],
  },
  // ---- the page (JavaScript) --------------------------------------------------------------
  {
    id: "page-softmax-class-count",
    file: "www/model/spec.js",
    from: "for (let k = 1; k < C; k++) if (out[i * C + k] > out[i * C + best]) best = k;",
    to: "for (let k = 1; k < C - 1; k++) if (out[i * C + k] > out[i * C + best]) best = k;",
    what: "softmax accuracy counts one class too few (the review's first page mutation)",
    checks: [{ node: ["tests/js/store.test.mjs"] }, { e2e: ["tests/e2e/readouts.test.mjs"] }],
  },
  {
    id: "page-test-loss-readout",
    file: "www/views/readouts.js",
    from: "setText(c.testLoss, lossOrNone(state.testLoss));",
    to: "setText(c.testLoss, lossOrNone(state.trainLoss));",
    what: "the Test loss readout shows the train loss (the review's second page mutation)",
    checks: [{ e2e: ["tests/e2e/readouts.test.mjs"] }],
  },
  {
    id: "page-epoch-readout",
    file: "www/views/readouts.js",
    from: "setText(c.epoch, String(state.epoch));",
    to: "setText(c.epoch, String(state.epoch + 1));",
    what: "the Epoch readout one ahead",
    checks: [{ e2e: ["tests/e2e/readouts.test.mjs"] }],
  },
  {
    id: "page-accuracy-test-split",
    file: "www/app/store.js",
    from: "if (pts.isTest(points, i, tf)) testRight += right;",
    to: "if (!pts.isTest(points, i, tf)) testRight += right;",
    what: "test accuracy counted over the training points",
    checks: [{ node: ["tests/js/store.test.mjs"] }, { e2e: ["tests/e2e/readouts.test.mjs"] }],
  },
  {
    id: "page-gradient-norm",
    file: "www/panels/backprop/health.js",
    from: "s + row.reduce((r, g) => r + g * g, 0), 0)",
    to: "s + row.reduce((r, g) => r + Math.abs(g), 0), 0)",
    what: "gradient health plots Σ|dW| instead of ‖dW‖",
    checks: [{ node: ["tests/js/health.test.mjs"] }, { e2e: ["tests/e2e/backprop.test.mjs"], grep: "gradient health" }],
  },
  {
    id: "page-confusion-transposed",
    file: "www/model/confusion.js",
    from: "(p.test ? test : train)[p.label][k] += 1;",
    to: "(p.test ? test : train)[k][p.label] += 1;",
    what: "the confusion matrix transposed (rows predicted, columns true)",
    checks: [{ node: ["tests/js/surface.test.mjs", "tests/js/store.test.mjs"] }, { e2e: ["tests/e2e/surface.test.mjs"] }],
  },
  {
    id: "page-equation-dz",
    file: "www/panels/backprop/equations.js",
    from: "=${texVector(aL)}-${texVector(y)}=${texVector(dz)}`",
    to: "=${texVector(aL)}-${texVector(y)}=${texVector(aL)}`",
    what: "the equations show a[L] where dz[L] = a[L] − y belongs",
    checks: [{ node: ["tests/js/equations.test.mjs"] }, { e2e: ["tests/e2e/backprop.test.mjs"], grep: "equations" }],
  },
  {
    id: "page-exercise-tolerance",
    file: "www/model/exercise.js",
    from: "export const TOLERANCE = Object.freeze({ abs: 0.005, rel: 0.005 });",
    to: "export const TOLERANCE = Object.freeze({ abs: 0.05, rel: 0.005 });",
    what: "exercises accept answers ten times further off than they say",
    checks: [{ node: ["tests/js/exercise.test.mjs"] }],
  },
  {
    id: "page-surface-parameter-name",
    file: "www/model/surface.js",
    from: "name: `W[${l}]${sub(i + 1)}${sub(j + 1)}` });",
    to: "name: `W[${l}]${sub(j + 1)}${sub(i + 1)}` });",
    what: "the loss surface names W[l]ᵢⱼ with its indices swapped",
    checks: [{ node: ["tests/js/surface.test.mjs"] }, { e2e: ["tests/e2e/surface.test.mjs"] }],
  },
  {
    id: "page-gradcheck-names",
    file: "www/panels/backprop/diagram.js",
    from: "return param === \"W\" ? `w[${l}]${i + 1},${j + 1}` : `b[${l}]${i + 1}`;",
    to: "return param === \"W\" ? `w[${l}]${j + 1},${i + 1}` : `b[${l}]${i + 1}`;",
    what: "the gradient check names w[l]ᵢⱼ with its indices swapped (its values under the wrong parameter)",
    checks: [{ e2e: ["tests/e2e/backprop.test.mjs"], grep: "gradient check agrees" }],
  },
  {
    id: "page-gradcheck-sum",
    file: "www/panels/backprop/gradcheck.js",
    from: "tr.append(name, cell(r.backprop.toPrecision(10)),",
    to: "tr.append(name, cell((r.backprop / 2).toPrecision(10)),",
    what: "the gradient check's backpropagation column halved",
    checks: [{ e2e: ["tests/e2e/backprop.test.mjs"], grep: "gradient check agrees" }],
  },
  {
    id: "page-momentum-velocity",
    file: "www/panels/backprop/equations.js",
    from: "const first = g.map((row, i) => row.map((gij, j) => mu * first0[i][j] + gij));",
    to: "const first = g.map((row, i) => row.map((gij, j) => first0[i][j] + gij));",
    what: "the equations' momentum step forgets μ (v ← v + g)",
    checks: [{ node: ["tests/js/equations.test.mjs"] }, { e2e: ["tests/e2e/backprop.test.mjs"], grep: "step-through with momentum" }],
  },
  {
    id: "core-resume-beta-powers",
    file: "src/optimizer.rs",
    from: "                beta2_power *= beta2;\n            }\n        }\n        Self { optimizer: Some(optimizer), t, beta1_power, beta2_power, first, second }",
    to: "            }\n        }\n        Self { optimizer: Some(optimizer), t, beta1_power, beta2_power, first, second }",
    what: "setOptimizerState forgets to rebuild β₂ᵗ (Adam's bias correction restarts)",
    checks: [{ cargo: ["resumed_rebuilds", "a_state_given"] }, { node: ["tests/js/optimizer-state.test.mjs"] }],
  },
  {
    id: "page-snapshot-drops-optimizer",
    file: "www/app/store.js",
    from: "    session.setTrained(snap.params, snap.optimizer);",
    to: "    session.setTrained(snap.params, null);",
    what: "going back to a snapshot restores the weights but not the optimizer's state",
    checks: [{ node: ["tests/js/snapshot-optimizer.test.mjs"] }, { e2e: ["tests/e2e/snapshots.test.mjs"] }],
  },
  {
    id: "page-link-drops-t",
    file: "www/model/sharelink.js",
    from: "    if (o && kind > 0) view.setUint32(1, o.t, true);",
    to: "    if (o && kind > 0) view.setUint32(1, 0, true);",
    what: "a share link's snapshots lose Adam's step count t",
    checks: [{ node: ["tests/js/sharelink-v3.test.mjs"] }, { e2e: ["tests/e2e/snapshots.test.mjs"] }],
  },
];
