// The backpropagation panels (issue 4): the equations show the contract's
// forward/backward numbers for the selected point, the step-through visits its
// phases in order and its update is exactly `step`, editing a weight changes
// params() and the boundary, the gradient check agrees to 1e-6.

import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, snapshot, screenshot, planePixels, clickPlane, frames, settled, maxDiff } from "./harness.mjs";

const env = useBrowser();

/** Numbers are shown to 4 significant digits. */
function assertShown(shown, exact, what) {
  const tol = 5.001e-4 * Math.abs(exact) + 1e-15;
  assert.ok(Math.abs(shown - exact) <= tol, `${what}: shows ${shown}, the contract says ${exact}`);
}

/** A norm the chart's legend writes as "1.23e-4" (3 significant digits) against the exact value. */
function assertShown3(text, exact, what) {
  const shown = Number(text);
  assert.ok(Number.isFinite(shown), `${what}: "${text}" is not a number`);
  assert.ok(Math.abs(shown - exact) <= 0.005 * 10 ** Math.floor(Math.log10(exact)) + 1e-300, `${what}: the chart says ${text}, backward() gives ${exact}`);
}

/** Every matrix (bmatrix) of a TeX string, as rows of numbers. */
function matrices(tex) {
  const out = [];
  for (const m of tex.matchAll(/\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}/g)) {
    out.push(m[1].split("\\\\").map((row) => row.split("&").map(texNumber)));
  }
  return out;
}

function texNumber(s) {
  const t = s.trim().replace(/\\times10\^\{(-?\d+)\}/, "e$1");
  const x = Number(t);
  assert.ok(Number.isFinite(x), `not a number: ${s}`);
  return x;
}

/** Waits until the equations panel has typeset everything (it works a few equations per frame). */
async function typeset(page) {
  const region = page.getByRole("region", { name: "Equations", exact: true });
  await region.waitFor();
  await page.waitForFunction((el) => el.getAttribute("aria-busy") === "false", await region.elementHandle(), { timeout: 10000 });
}

/** The TeX source of the equation whose caption contains `name`. */
async function tex(page, name) {
  const group = page.getByRole("group", { name });
  assert.equal(await group.count(), 1, `one equation named ${name}`);
  return group.locator('annotation[encoding="application/x-tex"]').textContent();
}

const column = (m) => m.map((row) => row[0]);

function assertVector(shown, exact, what) {
  assert.equal(shown.length, exact.length, `${what}: length`);
  shown.forEach((v, i) => assertShown(v, exact[i], `${what}[${i}]`));
}

function assertMatrix(shown, exact, what) {
  assert.equal(shown.length, exact.length, `${what}: rows`);
  shown.forEach((row, i) => assertVector(row, exact[i], `${what}[${i}]`));
}

/** forward/backward of the contract for point k, on a fresh network with the page's weights. */
function contract(page, k) {
  return page.evaluate(async (k) => {
    const lab = await import("/pkg/backprop_lab.js");
    await lab.default();
    const s = window.backpropLab.snapshot();
    const net = new lab.Network(s.spec);
    net.setParams(s.params);
    const p = s.points[k];
    const x = [p.x1, p.x2];
    const result = { label: p.label, params: s.params, spec: s.spec, points: s.points, a0: net.features(x), forward: net.forward(x), backward: net.backward(x, p.label) };
    net.free();
    return result;
  }, k);
}

/** Checks every equation of the panel against the contract for point k. */
async function checkEquations(page, k) {
  await frames(page, 2);
  await typeset(page);
  const c = await contract(page, k);
  const L = c.spec.layers.length - 1;
  for (let l = 1; l <= L; l++) {
    const [W, aPrev, b, z] = matrices(await tex(page, `Forward, layer ${l}: z[${l}]`));
    assertMatrix(W, c.params[l - 1].W, `W[${l}]`);
    assertVector(column(aPrev), l === 1 ? c.a0 : c.forward[l - 2].a, `a[${l - 1}]`);
    assertVector(column(b), c.params[l - 1].b, `b[${l}]`);
    assertVector(column(z), c.forward[l - 1].z, `z[${l}]`);
    const [a] = matrices(await tex(page, `Forward, layer ${l}: a[${l}]`));
    assertVector(column(a), c.forward[l - 1].a, `a[${l}]`);
  }
  const lossTex = await tex(page, c.spec.output === "softmax" ? "Loss (cross-entropy)" : "Loss (binary cross-entropy)");
  const [lossPart, sharePart] = lossTex.split("\\qquad");
  assertShown(texNumber(lossPart.replace(/,$/, "").split("=").at(-1)), c.backward.loss, "loss");
  // Beside L, the lecture loop's (1.0/N)·L: this point's share of the loss shown.
  const n = c.points.filter((p) => !p.test).length;
  assert.ok(sharePart && sharePart.startsWith(`\\tfrac{1}{${n}}L=`), lossTex);
  assertShown(texNumber(sharePart.split("=").at(-1)), c.backward.loss / n, "(1/N)·L");
  for (let l = L; l >= 1; l--) {
    const g = c.backward.layers[l - 1];
    const dzName = l === L
      ? (c.spec.output === "softmax" ? `dz[${l}] = a[${l}] − onehot(y)` : `dz[${l}] = a[${l}] − y`)
      : `dz[${l}] = da[${l}]`;
    const dzMats = matrices(await tex(page, `Backward, layer ${l}: ${dzName}`));
    assertVector(column(dzMats.at(-1)), g.dz, `dz[${l}]`);
    if (l === L) {
      const y = c.forward[L - 1].a.map((_, j) => (c.spec.output === "softmax" ? (j === c.label ? 1 : 0) : c.label));
      assert.deepEqual(column(dzMats[1]), y, "y");
    }
    const [dz, aT, dW] = matrices(await tex(page, `Backward, layer ${l}: dW[${l}]`));
    assertVector(column(dz), g.dz, `dz[${l}] in dW`);
    assertVector(aT[0], l === 1 ? c.a0 : c.forward[l - 2].a, `a[${l - 1}]ᵀ`);
    assertMatrix(dW, g.dW, `dW[${l}]`);
    const [db] = matrices(await tex(page, `Backward, layer ${l}: db[${l}]`));
    assertVector(column(db), g.db, `db[${l}]`);
  }
  return c;
}

test("the equations show the contract's numbers for the selected point (lecture network)", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await page.getByRole("combobox", { name: "Selected point" }).selectOption("7");
  await frames(page, 3);
  assert.equal((await snapshot(page)).selected, 7);
  // The student reads point 8 (numbered from 1, as the sums over i = 1..20); the snapshot stays 0-based.
  assert.match(await page.getByRole("combobox", { name: "Selected point" }).evaluate((s) => s.selectedOptions[0].textContent), /^Point 8: /);
  assert.match(await page.locator("#selected-info").textContent(), /^Point 8: /);
  assert.equal(await page.getByText(/^Input: point \d+$/).textContent(), "Input: point 8");
  const c = await checkEquations(page, 7);
  assert.deepEqual(c.spec.layers, [2, 3, 3, 1]);

  // Select with the plane's Select tool: the panels follow the clicked point.
  const s = await snapshot(page);
  await page.getByRole("radio", { name: "Select", exact: true }).check();
  await clickPlane(page, s.points[12].x1, s.points[12].x2);
  await frames(page, 3);
  assert.equal((await snapshot(page)).selected, 12);
  assert.equal(await page.getByRole("combobox", { name: "Selected point" }).inputValue(), "12");
  await checkEquations(page, 12);

  // After some training the numbers follow the new weights.
  for (let i = 0; i < 5; i++) await page.getByRole("button", { name: "One epoch" }).click();
  await frames(page, 3);
  await checkEquations(page, 12);
  await screenshot(page, "backprop-lecture-1280x800");
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * The gradient-check table as the student reads it (run first), held row by row to values computed
 * here, independently of the panel: backprop's column to ΣdW, Σdb summed over the training points by
 * backward() of a fresh network with the page's weights (to the 10 digits shown), the numeric
 * column to central differences of the summed loss (ε = 1e-5) computed with loss(). Returns the
 * number of rows.
 */
async function checkGradientTable(page) {
  const s = await snapshot(page);
  const truth = await page.evaluate(async (s) => {
    const lab = await import("/pkg/backprop_lab.js");
    const net = new lab.Network(s.spec);
    net.setParams(s.params);
    const train = s.points.filter((p) => !p.test);
    const xs = new Float64Array(train.flatMap((p) => [p.x1, p.x2]));
    const ys = new Uint32Array(train.map((p) => p.label));
    const sums = s.params.map((l) => ({ W: l.W.map((r) => r.map(() => 0)), b: l.b.map(() => 0) }));
    for (const p of train) {
      net.backward([p.x1, p.x2], p.label).layers.forEach((g, l) => {
        g.dW.forEach((row, i) => row.forEach((v, j) => (sums[l].W[i][j] += v)));
        g.db.forEach((v, i) => (sums[l].b[i] += v));
      });
    }
    const eps = 1e-5;
    const total = (params) => {
      net.setParams(params);
      return net.loss(xs, ys) * train.length;
    };
    const rows = {};
    s.params.forEach((layer, l) => {
      const probe = (set, name, analytic) => {
        const plus = structuredClone(s.params);
        const minus = structuredClone(s.params);
        set(plus[l], eps);
        set(minus[l], -eps);
        rows[name] = { backprop: analytic, numeric: (total(plus) - total(minus)) / (2 * eps) };
      };
      layer.W.forEach((row, i) => row.forEach((_, j) => probe((p, d) => (p.W[i][j] += d), `w[${l + 1}]${i + 1},${j + 1}`, sums[l].W[i][j])));
      layer.b.forEach((_, i) => probe((p, d) => (p.b[i] += d), `b[${l + 1}]${i + 1}`, sums[l].b[i]));
    });
    net.free();
    return rows;
  }, s);
  const table = page.getByRole("table", { name: /central differences/ });
  const shown = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [
    tr.querySelector("th")?.textContent ?? "", ...[...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")]));
  const count = s.params.reduce((n, p) => n + p.W.length * p.W[0].length + p.b.length, 0);
  assert.equal(shown.length, count, "one row per parameter");
  assert.deepEqual(shown.map(([name]) => name).sort(), Object.keys(truth).sort(), "every parameter named once");
  for (const [name, backprop, numeric] of shown) {
    const want = truth[name];
    // Relative tolerances, with a floor for gradients near 0 (central differences of a loss near
    // 10 lose about 1e-10 to rounding at ε = 1e-5).
    const close = (text, value, tol, floor, what) => assert.ok(Math.abs(Number(text) - value) <= tol * Math.max(Math.abs(value), floor),
      `${name} ${what}: shown ${text}, computed ${value}`);
    close(backprop, want.backprop, 1e-9, 1e-6, "backpropagation (ΣdW)");
    close(numeric, want.backprop, 1e-6, 1e-3, "numeric against ΣdW");
    close(numeric, want.numeric, 1e-6, 1e-3, "numeric against central differences computed here");
  }
  return count;
}

test("the equations follow a softmax network (3 classes): dz = a − onehot(y)", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await page.getByRole("radio", { name: "Blue (label 2)" }).check();
  await clickPlane(page, 0.1, 1.3);
  await clickPlane(page, -0.2, 1.2);
  await frames(page, 3);
  const s = await snapshot(page);
  assert.equal(s.spec.output, "softmax");
  assert.equal(s.spec.layers.at(-1), 3);
  const blue = s.points.length - 1;
  assert.equal(s.points[blue].label, 2);
  await page.getByRole("combobox", { name: "Selected point" }).selectOption(String(blue));
  await frames(page, 3);
  await checkEquations(page, blue);
  await page.getByRole("combobox", { name: "Selected point" }).selectOption("3");
  await frames(page, 3);
  await checkEquations(page, 3);

  await page.getByRole("button", { name: "Run gradient check" }).click();
  const summary = await page.getByRole("status", { name: "Gradient check result" }).textContent();
  // 2-3-3-3: (2·3 + 3) + (3·3 + 3) + (3·3 + 3) = 33 parameters, every one checked and shown.
  assert.equal(await checkGradientTable(page), 33);
  assert.match(summary, /^All 33 gradients agree/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("stepping through one iteration visits its phases in order, and the update is exactly step(α)", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  const phase = page.getByRole("status", { name: "Phase" });
  const next = page.getByRole("button", { name: "Next phase" });
  const expected = [
    "Forward, layer 1", "Forward, layer 2", "Forward, layer 3", "Loss",
    "Backward, layer 3", "Backward, layer 2", "Backward, layer 1",
    "Sum over the training points (add_gradients)", "Update (gradient_descent)",
  ];
  const code = page.getByLabel("The lecture's training loop in numpy");
  const lit = async () => (await page.locator(".bp-code .bp-hl").allTextContents()).join("");

  // A few epochs of training first, so the step starts from weights that are not the initial ones.
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "One epoch" }).click();
  await typeset(page); // the panels have drawn this network: their first drawing sets the step-through up
  const before = await snapshot(page);
  for (let i = 0; i < expected.length; i++) {
    if (i === 4) {
      // Back one phase and forward again, by the keys of the panel.
      await page.getByRole("button", { name: "Previous phase" }).click();
      assert.equal(await phase.textContent(), `Phase 3 of 9: ${expected[2]}`);
      await page.keyboard.press("n");
      assert.equal(await phase.textContent(), `Phase 4 of 9: ${expected[3]}`);
      await page.keyboard.press("ArrowRight");
    } else {
      await next.click();
    }
    assert.equal(await phase.textContent(), `Phase ${i + 1} of 9: ${expected[i]}`);
    const line = await lit();
    if (expected[i].startsWith("Forward")) assert.match(line, /= forward\(x/);
    if (expected[i] === "Loss") assert.match(line, /get_loss/);
    if (expected[i] === "Backward, layer 3") assert.match(line, /dz3 = a3 - y/);
    if (expected[i] === "Backward, layer 1") assert.match(line, /dW1 = np\.matmul\(dz1, x\.T\)/);
    if (expected[i].startsWith("Sum")) assert.match(line, /add_gradients/);
    if (expected[i].startsWith("Update")) assert.match(line, /gradient_descent/);
    if (i < expected.length - 1) assert.deepEqual((await snapshot(page)).params, before.params, `no change before the update (${expected[i]})`);
  }
  const after = await snapshot(page);
  assert.equal(after.epoch, before.epoch + 1);

  // The expectation, computed in the page from the package: zeroGrad, backward over every training point, step(α).
  const manual = await page.evaluate(async (s) => {
    const lab = await import("/pkg/backprop_lab.js");
    await lab.default();
    const net = new lab.Network(s.spec);
    net.setParams(s.params);
    net.zeroGrad();
    for (const p of s.points) if (!p.test) net.backward([p.x1, p.x2], p.label);
    net.step(0.4);
    const params = net.params();
    net.free();
    return params;
  }, before);
  assert.deepEqual(after.params, manual);
  assert.notDeepEqual(after.params, before.params);

  // The update's equation shows W − α ΣdW = the new weights.
  await typeset(page);
  const [W, sum, Wn] = matrices(await tex(page, "Update, layer 2: W[2]"));
  assertMatrix(W, before.params[1].W, "W[2] before");
  assertMatrix(Wn, after.params[1].W, "W[2] after");
  assert.equal(sum.length, 3);
  assert.ok(await page.getByRole("button", { name: "Previous phase" }).isDisabled());
  // Phase 9: the diagram still shows the point's neuron values: a[3] under the new weights.
  await frames(page, 3);
  const values = await page.locator(".bp-val").allTextContents();
  assert.equal(values.length, 2 + 3 + 3 + 1);
  assert.ok(values.every((v) => v !== ""), `neuron values at the update: ${JSON.stringify(values)}`);
  const a3 = await page.evaluate(async (s) => {
    const lab = await import("/pkg/backprop_lab.js");
    const net = new lab.Network(s.spec);
    net.setParams(s.params);
    const p = s.points.find((q) => !q.test);
    const a = net.forward([p.x1, p.x2]).at(-1).a[0];
    net.free();
    return a;
  }, after);
  assert.ok(Math.abs(Number(values.at(-1)) - a3) <= 0.005 + 1e-12, `a[3] at the update: shows ${values.at(-1)}, forward() gives ${a3}`);
  // The code's long lines wrap inside the panel: nothing is cut off.
  const codeBox = await code.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
  assert.ok(codeBox.scroll <= codeBox.client, `the code is ${codeBox.scroll} px wide in ${codeBox.client} px`);
  await screenshot(page, "backprop-stepper-update-1280x800");

  // Next starts the next iteration at its first phase.
  await page.getByRole("button", { name: "Next iteration" }).click();
  assert.equal(await phase.textContent(), `Phase 1 of 9: ${expected[0]}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the step-through with momentum: the update shows the velocity v and the new W, which are step() from the v the network kept", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  const start = await snapshot(page);
  await page.getByRole("combobox", { name: "Optimizer" }).selectOption("momentum");
  // Two epochs first, so the network keeps a velocity v that is not zero.
  for (let e = 1; e <= 2; e++) {
    await page.getByRole("button", { name: "One epoch" }).click();
    await page.waitForFunction((e) => window.backpropLab.snapshot().epoch === e, e);
  }
  // The panels have drawn this network (their first drawing sets the step-through up for it):
  // the equations are typeset, and the readouts show the second epoch.
  await settled(page);
  await typeset(page);
  const next = page.getByRole("button", { name: "Next phase" });
  const phase = page.getByRole("status", { name: "Phase" });
  // Next phase until the update (phase 9). Once in a few loaded runs a first click was lost (the
  // phase stayed "press Next…"): a click the phase does not answer is made again. The step is
  // taken only at phase 9, so a repeated click before it changes nothing else.
  for (let clicks = 0; clicks < 30; clicks++) {
    const shown = await phase.textContent();
    if (/^Phase 9 of 9/.test(shown)) break;
    await next.click();
    await until(async () => assert.notEqual(await phase.textContent(), shown), 5000).catch(() => {});
  }
  assert.match(await phase.textContent(), /^Phase 9 of 9: Update/);
  await page.waitForFunction(() => window.backpropLab.snapshot().epoch === 3);
  const after = await snapshot(page);
  // Independently: the same two epochs of train() with momentum from the first weights, then the
  // step-through's step: every training point's gradient accumulated, step(α, momentum).
  const expected = await page.evaluate(async (s) => {
    const lab = await import("/pkg/backprop_lab.js");
    const net = new lab.Network(s.spec);
    net.setParams(s.params);
    const train = s.points.filter((p) => !p.test);
    const xs = new Float64Array(train.flatMap((p) => [p.x1, p.x2]));
    const ys = new Uint32Array(train.map((p) => p.label));
    const opts = { optimizer: "momentum", momentum: 0.9 };
    for (let e = 0; e < 2; e++) net.train(xs, ys, { epochs: 1, learningRate: 0.4, batchSize: 0, reduction: "sum", ...opts });
    const W = net.params()[1].W;
    const v = net.optimizerState().first[1].W;
    net.zeroGrad();
    for (const p of train) net.backward([p.x1, p.x2], p.label);
    net.step(0.4, opts);
    const out = { W, vBefore: v, v: net.optimizerState().first[1].W, Wn: net.params()[1].W, params: net.params() };
    net.free();
    return out;
  }, start);
  assert.ok(maxDiff(after.params, expected.params) < 1e-12, "the step-through's step is step() with momentum");
  // Read once the equations show them: they are typeset a few at a time after the step, so the
  // reading is repeated until it holds (30 s at most); the last mismatch is the failure.
  await until(async () => {
    await typeset(page);
    const [vBefore, g, v] = matrices(await tex(page, "Momentum, layer 2 (μ = 0.9): the velocity v"));
    assertMatrix(vBefore, expected.vBefore, "v[2] kept from the epochs before");
    assert.equal(g.length, 3);
    assertMatrix(v, expected.v, "v[2] after this step");
    const [W, v2, Wn] = matrices(await tex(page, "Momentum, layer 2: the weights move by α v"));
    assertMatrix(W, expected.W, "W[2] before");
    assertMatrix(v2, expected.v, "the v the weights move by");
    assertMatrix(Wn, expected.Wn, "W[2] after");
  });
  assert.deepEqual(errors, []);
  await context.close();
});

/** Runs `check` until it passes (a state the page reaches), at most `ms`; then throws its last error. */
async function until(check, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((ok) => setTimeout(ok, 100));
    }
  }
}

test("editing a weight while paused changes params() and the boundary", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await frames(page, 3);
  const pixelsBefore = await planePixels(page);
  await page.getByRole("combobox", { name: "Parameter" }).selectOption({ label: "b[3]1" });
  await page.getByRole("spinbutton", { name: "New value" }).fill("3");
  await page.getByRole("button", { name: "Set parameter" }).click();
  await frames(page, 3);
  let s = await snapshot(page);
  assert.equal(s.params[2].b[0], 3);
  const pixelsAfter = await planePixels(page);
  let changed = 0;
  for (let i = 0; i < pixelsAfter.length; i++) if (Math.abs(pixelsAfter[i] - pixelsBefore[i]) > 8) changed++;
  assert.ok(changed > pixelsAfter.length * 0.05, `${changed} of ${pixelsAfter.length} samples changed`);

  // Click an edge of the diagram, type a value, press Enter.
  // Edges cross each other: click a spot of this edge that no other edge covers.
  const edge = page.getByRole("button", { name: "Weight w[2] 1,3" });
  await edge.scrollIntoViewIfNeeded();
  const at = await edge.evaluate((el) => {
    const line = /** @type {SVGLineElement} */ (el);
    const m = line.getScreenCTM();
    const p = (x, y) => new DOMPoint(x, y).matrixTransform(m);
    const a = p(line.x1.baseVal.value, line.y1.baseVal.value);
    const b = p(line.x2.baseVal.value, line.y2.baseVal.value);
    for (let f = 0.2; f < 0.9; f += 0.05) {
      const x = a.x + (b.x - a.x) * f;
      const y = a.y + (b.y - a.y) * f;
      if (document.elementFromPoint(x, y) === el) return { x, y };
    }
    return null;
  });
  assert.ok(at, "a free spot on the edge");
  await page.mouse.click(at.x, at.y);
  await page.mouse.move(0, 0);
  assert.match(await page.getByRole("status", { name: "Details" }).textContent(), /Weight w\[2\]1,3/);
  const value = page.getByRole("spinbutton", { name: "New value" });
  assert.equal(Number(await value.inputValue()), s.params[1].W[0][2]);
  await value.fill("-2.5");
  await value.press("Enter");
  await frames(page, 2);
  s = await snapshot(page);
  assert.equal(s.params[1].W[0][2], -2.5);

  // By keyboard: the diagram is one Tab stop; arrows walk the weights and biases, Enter edits one.
  const stops = await page.locator(".bp-net [role=button]").evaluateAll((els) => els.map((e) => e.getAttribute("tabindex")));
  assert.equal(stops.filter((v) => v === "0").length, 1, "the diagram is one Tab stop (the edge last clicked)");
  const first = page.getByRole("button", { name: "Weight w[1] 1,1" });
  await first.focus();
  assert.equal(await first.getAttribute("tabindex"), "0", "the stop follows the focus");
  for (let k = 0; k < 3; k++) await page.keyboard.press("ArrowRight"); // w[1] 1,1 → 1,2 → b[1] 1 → w[1] 2,1
  const focused = await page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
  assert.equal(focused, "Weight w[1] 2,1");
  assert.match(await page.getByRole("status", { name: "Details" }).textContent(), /Weight w\[1\]2,1/);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "New value"
    || /** @type {HTMLElement} */ (document.activeElement)?.matches?.("input[type=number]"));
  await page.keyboard.press("Control+A");
  await page.keyboard.type("1.25");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.backpropLab.snapshot().params[0].W[1][0] === 1.25);
  s = await snapshot(page);

  // A neuron shows z, a, dz, db at full precision.
  await page.getByRole("button", { name: "Neuron 1 of layer 3" }).hover();
  const details = await page.getByRole("status", { name: "Details" }).textContent();
  assert.match(details, /z = -?\d\.\d{8,}/);
  assert.match(details, /dz = ∂L\/∂z = /);

  // While training runs, editing is disabled (trained slowly, so that the run lasts: at full speed
  // the worker can finish the lecture's run before the panel's next refresh).
  const speed = page.getByRole("slider", { name: /Speed/ });
  await speed.fill("2");
  await page.getByRole("button", { name: "Train" }).click();
  // While training, the panels refresh only on screen: look at the editor.
  await page.getByRole("button", { name: "Set parameter" }).scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.querySelectorAll("button")].some((b) => b.textContent === "Set parameter" && b.disabled));
  await speed.fill("8");
  // The lecture's run stops by itself within a second; then editing is possible again.
  await page.getByRole("status", { name: "Training status" }).filter({ hasText: /Stopped at epoch/ }).waitFor({ timeout: 20000 });
  await frames(page, 2);
  assert.ok(await page.getByRole("button", { name: "Set parameter" }).isEnabled());
  assert.deepEqual(errors, []);
  await context.close();
});

test("the gradient check agrees to 1e-6 on the lecture network and a deeper sigmoid network (2-3-3-3-3-1)", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  for (const hidden of [null, 2]) {
    if (hidden !== null) for (let i = 0; i < hidden; i++) await page.getByRole("button", { name: "Add hidden layer" }).click();
    await page.getByRole("button", { name: "Run gradient check" }).click();
    const summary = await page.getByRole("status", { name: "Gradient check result" }).textContent();
    const s = await snapshot(page);
    const count = s.params.reduce((n, p) => n + p.W.length * p.W[0].length + p.b.length, 0);
    assert.match(summary, new RegExp(`All ${count} gradients agree`));
    const table = page.getByRole("table", { name: /central differences/ });
    const rows = table.getByRole("row");
    assert.equal(await rows.count(), count + 1);
    const header = await rows.first().getByRole("columnheader").allTextContents();
    assert.deepEqual(header, ["Parameter", "Backpropagation", "Numeric", "Relative error", "Verdict"]);
    const rel = await table.locator("tbody tr td:nth-child(4)").allTextContents();
    assert.equal(rel.length, count);
    for (const r of rel) assert.ok(Number(r) < 1e-6, `relative error ${r}`);
    assert.equal(await checkGradientTable(page), count);
    const verdicts = await table.locator("tbody tr td:nth-child(5)").allTextContents();
    assert.ok(verdicts.every((v) => v === "agrees"));
  }
  await screenshot(page, "backprop-gradcheck-1280x800");
  assert.deepEqual(errors, []);
  await context.close();
});

test("gradient health is sampled while training; phone width shows the panels without overflow", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url, { width: 390, height: 844, touch: true });
  await page.getByRole("button", { name: "Train" }).click();
  await page.getByRole("status", { name: "Training status" }).filter({ hasText: /Stopped at epoch/ }).waitFor({ timeout: 20000 });
  await frames(page, 3);
  const health = page.getByRole("img", { name: /size of each layer's gradient/ });
  // The chart is there once uPlot (loaded after the first boundary) has drawn it.
  await health.filter({ hasText: /W\[1\].*W\[2\].*W\[3\]/ }).waitFor({ timeout: 30000 }).catch(() => {});
  assert.match(await health.textContent(), /W\[1\].*W\[2\].*W\[3\]/);
  // The plotted values, read from the chart's legend: with the pointer off the chart it names the
  // latest sample (the run's final epoch), whose values are ‖ΣdW[l]‖, the gradient summed over the
  // training points by backward() of a fresh network with the final weights, each to 3 digits;
  // with the pointer at the chart's left edge it names the first sample.
  const final = await snapshot(page);
  const legendAt = async (fraction) => {
    await health.scrollIntoViewIfNeeded();
    const box = await health.locator(".u-over").boundingBox();
    if (fraction === null) await page.mouse.move(1, 1);
    else await page.mouse.move(box.x + fraction * (box.width - 1), box.y + box.height / 2);
    await frames(page, 2);
    return health.locator(".u-legend .u-series").evaluateAll((rows) => rows.map((r) => [
      r.querySelector(".u-label")?.textContent ?? "", r.querySelector(".u-value")?.textContent ?? ""]));
  };
  // The panel samples the final epoch once it is on screen again (it was scrolled away while the
  // run ended): wait for that state, reading the legend frame after frame (however many frames
  // that takes on a loaded machine: a deadline, not a number of tries).
  let last = await legendAt(null);
  const deadline = Date.now() + 30000;
  while (Number(last[0]?.[1]) !== final.epoch && Date.now() < deadline) last = await legendAt(null);
  assert.deepEqual(last.map(([label]) => label), ["epoch", "W[1]", "W[2]", "W[3]"]);
  assert.equal(Number(last[0][1]), final.epoch, `the last sample is at the final epoch: ${JSON.stringify(last)}`);
  const norms = await page.evaluate(async (s) => {
    const lab = await import("/pkg/backprop_lab.js");
    const net = new lab.Network(s.spec);
    net.setParams(s.params);
    const sums = s.params.map((l) => l.W.map((row) => row.map(() => 0)));
    for (const p of s.points.filter((q) => !q.test)) {
      net.backward([p.x1, p.x2], p.label).layers.forEach((g, l) => g.dW.forEach((row, i) => row.forEach((v, j) => (sums[l][i][j] += v))));
    }
    net.free();
    return sums.map((m) => Math.sqrt(m.flat().reduce((a, v) => a + v * v, 0)));
  }, final);
  norms.forEach((n, l) => assertShown3(last[l + 1][1], n, `‖ΣdW[${l + 1}]‖ at epoch ${final.epoch}`));
  const first = await legendAt(0);
  assert.ok(Number(first[0][1]) < final.epoch, `the chart holds samples from earlier epochs: ${JSON.stringify(first)}`);
  // The series changed while the network learned: its first sample differs from its last in every layer.
  for (let l = 1; l <= 3; l++) assert.notEqual(first[l][1], last[l][1], `W[${l}]: ${first[l][1]} then ${last[l][1]}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page wider than the phone by ${overflow}px`);
  await page.getByRole("combobox", { name: "Selected point" }).selectOption("0");
  await page.getByRole("button", { name: "Next phase" }).click();
  await frames(page, 2);
  await screenshot(page, "backprop-phone-390");
  assert.deepEqual(errors, []);
  await context.close();
});
