// The lessons: each one loads in the browser and its claim holds numerically;
// "Back to my work" gives the student's own work back exactly; screenshots of
// every lesson in both languages, on a laptop and on a 390 px phone.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { mkdir } from "node:fs/promises";
import { useBrowser, openPage, snapshot, screenshot, clickPlane, frames, SHOTS, checkReadouts, assertStraightBoundary, readNumber } from "./harness.mjs";

const env = useBrowser();

/** Opens lesson n (1-based) by its button, in any language. */
async function openLesson(page, n) {
  await page.getByRole("button", { name: new RegExp(`^${n}\\. `) }).click();
  await frames(page, 3);
}

/** Presses Train and waits until training stops by itself (stop loss, maximum, or an alert). */
async function trainToEnd(page, timeout = 60000) {
  await page.getByRole("button", { name: "Train", exact: true }).click();
  await page.waitForFunction(() => {
    const status = document.getElementById("status")?.textContent ?? "";
    const alert = document.getElementById("alert");
    return /^Stopped/.test(status) || (alert && !alert.hidden);
  }, null, { timeout, polling: 100 });
  await frames(page, 3);
}

function statusText(page) {
  return page.getByRole("status", { name: "Training status" }).textContent();
}

/**
 * Rebuilds the page's network from its snapshot in the page's own wasm module and
 * returns predictGrid's values (n×n over the plane).
 */
function pageGrid(page, n) {
  return page.evaluate(async (n) => {
    const m = await import("/pkg/backprop_lab.js");
    const s = window.backpropLab.snapshot();
    const net = new m.Network(s.spec);
    net.setParams(s.params);
    const grid = Array.from(net.predictGrid(n, -1.5, 1.5));
    net.free();
    return grid;
  }, n);
}

/** Matrix product, written independently of the page's collapse.js. */
function mul(A, B) {
  return A.map((row) => B[0].map((_, j) => row.reduce((s, a, k) => s + a * B[k][j], 0)));
}

test("lesson 1: logistic regression trains as the core does, draws a straight line and stays below 100 % on the XOR-like data", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await openLesson(page, 1);
  const start = await snapshot(page);
  assert.deepEqual(start.spec.layers, [2, 1], "no hidden layer");
  assert.equal(start.points.length, 20);
  await trainToEnd(page);
  const s = await snapshot(page);
  // Training worked: the page's weights are the core's own run of the same epochs from the same
  // start (the lesson's settings: α 0.4, full batch, summed), and the loss fell.
  assert.ok(s.epoch >= 100, `trained ${s.epoch} epochs`);
  const core = await page.evaluate(async ({ start, epochs }) => {
    const m = await import("/pkg/backprop_lab.js");
    const net = new m.Network(start.spec);
    net.setParams(start.params);
    const xs = new Float64Array(start.points.flatMap((p) => [p.x1, p.x2]));
    const labels = new Uint32Array(start.points.map((p) => p.label));
    const before = net.loss(xs, labels);
    const r = net.train(xs, labels, { epochs, learningRate: 0.4, batchSize: 0, reduction: "sum" });
    const params = net.params();
    net.free();
    return { before, loss: r.loss, params };
  }, { start, epochs: s.epoch });
  assert.ok(Math.abs(s.params[0].W[0][0] - core.params[0].W[0][0]) <= 1e-9 && Math.abs(s.params[0].W[0][1] - core.params[0].W[0][1]) <= 1e-9 &&
    Math.abs(s.params[0].b[0] - core.params[0].b[0]) <= 1e-9, `page ${JSON.stringify(s.params)} vs core ${JSON.stringify(core.params)}`);
  assert.ok(core.loss < core.before, `loss ${core.before} -> ${core.loss}`);
  // The screen's readouts are those weights' loss and accuracy, and the accuracy stays below 100 %.
  const { exact } = await checkReadouts(page, "lesson 1");
  assert.ok(exact.train.acc < 1, `train accuracy ${exact.train.acc} stays below 100%`);
  // The drawn plane: the 0.5 contour's pixels lie on the weights' line, the whole of it inside the
  // plot is drawn, and each side is tinted with its class.
  await assertStraightBoundary(page, "lesson 1");
  assert.deepEqual(errors, []);
  await context.close();
});

test("lesson 3: the collapsed W and b equal the product of the layers and the line is the network's boundary", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await openLesson(page, 3);
  for (const phase of ["initial", "trained"]) {
    if (phase === "trained") {
      await trainToEnd(page);
    }
    // The view redraws at most every 120 ms, some frames after the last epoch: wait until what it
    // shows is the collapse of the weights the page has now (to the tolerance asserted below).
    await page.waitForFunction(() => {
      const el = document.getElementById("collapse");
      if (!el?.dataset.w || !el.dataset.b) return false;
      const shown = { W: JSON.parse(el.dataset.w), b: JSON.parse(el.dataset.b) };
      const [l1, l2, l3] = window.backpropLab.snapshot().params;
      const mul = (A, B) => A.map((row) => B[0].map((_, j) => row.reduce((s, a, k) => s + a * B[k][j], 0)));
      const col = (v) => v.map((x) => [x]);
      const W = mul(mul(l3.W, l2.W), l1.W);
      const b = mul(mul(l3.W, l2.W), col(l1.b))[0][0] + mul(l3.W, col(l2.b))[0][0] + l3.b[0];
      return Math.abs(shown.W[0][0] - W[0][0]) <= 1e-12 && Math.abs(shown.W[0][1] - W[0][1]) <= 1e-12 && Math.abs(shown.b[0] - b) <= 1e-12;
    }, null, { timeout: 15000, polling: 50 }).catch(() => {}); // on a timeout the assertions below say what differs
    const shown = await page.evaluate(() => {
      const el = document.getElementById("collapse");
      return { W: JSON.parse(el.dataset.w), b: JSON.parse(el.dataset.b) };
    });
    const s = await snapshot(page);
    assert.equal(s.spec.hidden, "linear");
    assert.deepEqual(s.spec.layers, [2, 3, 3, 1]);
    const [l1, l2, l3] = s.params;
    const W = mul(mul(l3.W, l2.W), l1.W);
    const col = (v) => v.map((x) => [x]);
    const b = mul(mul(l3.W, l2.W), col(l1.b))[0][0] + mul(l3.W, col(l2.b))[0][0] + l3.b[0];
    assert.ok(Math.abs(shown.W[0][0] - W[0][0]) <= 1e-12, `${phase}: W11 ${shown.W[0][0]} vs ${W[0][0]}`);
    assert.ok(Math.abs(shown.W[0][1] - W[0][1]) <= 1e-12, `${phase}: W12 ${shown.W[0][1]} vs ${W[0][1]}`);
    assert.ok(Math.abs(shown.b[0] - b) <= 1e-12, `${phase}: b ${shown.b[0]} vs ${b}`);

    // The network's 0.5 boundary and the line W x + b = 0 agree at every grid cell.
    const n = 101;
    const grid = await pageGrid(page, n);
    let disagree = 0;
    let compared = 0;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const x1 = -1.5 + (3 * c) / (n - 1);
        const x2 = 1.5 - (3 * r) / (n - 1);
        const z = W[0][0] * x1 + W[0][1] * x2 + b;
        if (Math.abs(z) < 1e-9) continue; // exactly on the line: either side is right
        compared += 1;
        if ((grid[r * n + c] >= 0.5) !== (z > 0)) disagree += 1;
      }
    }
    assert.ok(compared > n * n - 5);
    assert.equal(disagree, 0, `${phase}: ${disagree} cells disagree`);
  }
  const text = await page.locator("#collapse").textContent();
  assert.match(text, /logistic regression/);

  // Back to sigmoid: no collapse, the panel says so.
  await page.getByRole("button", { name: "Sigmoid hidden layers" }).click();
  assert.equal((await snapshot(page)).spec.hidden, "sigmoid");
  await page.waitForFunction(() => !document.getElementById("collapse")?.dataset.w && /do not collapse/.test(document.getElementById("collapse")?.textContent ?? ""),
    null, { timeout: 15000 }).catch(() => {});
  assert.ok(!(await page.evaluate(() => document.getElementById("collapse")?.dataset.w)), "no collapsed W with sigmoid layers");
  assert.match(await page.locator("#collapse").textContent(), /do not collapse/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("lesson 3's collapsed W, b and a[3] fit their column on a laptop and a 390 px phone", async () => {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    const { page, errors, context } = await openPage(env.browser, env.server.url, { width, height, touch: width < 500 });
    await openLesson(page, 3);
    await page.waitForFunction(() => document.querySelector(".collapse-math .katex"), null, { timeout: 30000 });
    const box = await page.evaluate(() => {
      const m = /** @type {HTMLElement} */ (document.querySelector(".collapse-math"));
      return { scroll: m.scrollWidth, client: m.clientWidth };
    });
    assert.ok(box.scroll <= box.client, `${width} px: the math is ${box.scroll} px wide in a ${box.client} px column`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("lesson 6: α 0.4 stops below 0.005 and reports the epoch; α 10 diverges and is reported", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await openLesson(page, 6);
  await trainToEnd(page);
  const s = await snapshot(page);
  assert.ok(s.trainLoss < 0.005, `loss ${s.trainLoss}`);
  const status = await statusText(page);
  assert.match(status, new RegExp(`^Stopped at epoch ${s.epoch} because the loss .* fell below 0.005`));
  assert.ok(s.epoch > 100 && s.epoch < 20000, `stopped at epoch ${s.epoch}`);

  await page.getByRole("button", { name: "α = 10" }).click();
  // The controls show the new settings on the page's next frame.
  await page.locator("#lr-value").filter({ hasText: /^10$/ }).waitFor({ timeout: 10000 }).catch(() => {});
  assert.equal(Number(await page.locator("#lr-value").textContent()), 10);
  await trainToEnd(page);
  const alert = await page.getByRole("alert").textContent();
  assert.match(alert, /diverging/);
  const d = await snapshot(page);
  assert.ok(d.trainLoss > 2, `diverged loss ${d.trainLoss}`);
  assert.ok(d.epoch < 20000);
  assert.deepEqual(errors, []);
  await context.close();
});

test("lesson 8: test loss ends above train loss, and more data shrinks the gap", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await openLesson(page, 8);
  const few = await snapshot(page);
  assert.equal(few.points.length, 30);
  assert.equal(few.points.filter((p) => p.test).length, 15, "50 % of 30 points is 15 test points, exactly");
  await trainToEnd(page);
  const a = await snapshot(page);
  assert.ok(a.testLoss > a.trainLoss, `test ${a.testLoss} > train ${a.trainLoss}`);
  const gapFew = a.testLoss - a.trainLoss;
  assert.ok(gapFew > 0.5, `a wide gap with few points: ${gapFew}`);

  await page.getByRole("button", { name: "More data (300 points)" }).click();
  assert.equal((await snapshot(page)).points.length, 300);
  await trainToEnd(page, 120000);
  const b = await snapshot(page);
  const gapMore = b.testLoss - b.trainLoss;
  assert.ok(gapMore < gapFew / 5, `more data closes the gap: ${gapFew} → ${gapMore}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("lessons 4, 7, 9: per-point loss, nine networks side by side, the hidden space", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  // 4: J / N of the bars is the train loss the page reports.
  await openLesson(page, 4);
  // The bars and their summary are drawn some frames after the lesson opens (at most every 120 ms):
  // wait until the summary is there for these weights (J / N within 1e-5 of the train loss).
  await page.waitForFunction(() => {
    const m = /J \/ N = ([0-9.]+)/.exec(document.getElementById("loss-summary")?.textContent ?? "");
    return m !== null && /binary cross-entropy/.test(m.input) && Math.abs(Number(m[1]) - window.backpropLab.snapshot().trainLoss) < 1e-5;
  }, null, { timeout: 15000, polling: 50 }).catch(() => {});
  const summary = await page.locator("#loss-summary").textContent();
  const s4 = await snapshot(page);
  const mean = Number(summary.match(/J \/ N = ([0-9.]+)/)[1]);
  assert.ok(Math.abs(mean - s4.trainLoss) < 1e-5, `${mean} vs ${s4.trainLoss}`);
  assert.match(summary, /binary cross-entropy/);
  assert.match(summary, /dotted line is log 2 ≈ 0\.69, the loss when a\[3\] = 0\.5/);
  await page.getByRole("button", { name: "Three classes (softmax, CE)" }).click();
  await page.locator("#loss-summary").filter({ hasText: /cross-entropy \(CE\)/ }).waitFor({ timeout: 15000 }).catch(() => {});
  const s3 = await snapshot(page);
  assert.equal(s3.spec.output, "softmax");
  assert.equal(s3.spec.layers.at(-1), 3);
  assert.match(await page.locator("#loss-summary").textContent(), /cross-entropy \(CE\)/);
  assert.match(await page.locator("#loss-summary").textContent(), /dotted line is log 3 ≈ 1\.10, the loss when every a_j = 1\/3/);

  // 7: nine networks train on the page's points.
  await openLesson(page, 7);
  const boards = page.getByRole("img", { name: /^Decision boundary of the network with/ });
  assert.equal(await boards.count(), 9);
  await page.waitForFunction(() => {
    const c = [...document.querySelectorAll(".multiple canvas")];
    return c.length === 9 && c.every((x) => Number(x.dataset.epochs) >= 100);
  }, null, { timeout: 60000 });
  // Each caption (read as the student reads it, at one moment: the nine train in lockstep) is the
  // loss of a network trained apart from the page: the same architecture, seed and features, the
  // lesson's settings (α 0.03, batches of 10, mean), the same epochs on the same training points.
  const captions = await page.evaluate(() => [...document.querySelectorAll(".multiple figcaption")].map((x) => x.textContent));
  const shown = captions.map((text) => {
    const m = /^(\d) × (\d): loss ([0-9.]+), epoch (\d+)$/.exec(text);
    assert.ok(m, `caption "${text}"`);
    return { depth: Number(m[1]), width: Number(m[2]), loss: Number(m[3]), epochs: Number(m[4]) };
  });
  assert.deepEqual(shown.map((c) => [c.depth, c.width]), [[1, 2], [1, 4], [1, 8], [2, 2], [2, 4], [2, 8], [3, 2], [3, 4], [3, 8]]);
  assert.ok(shown.every((c) => c.epochs === shown[0].epochs && c.epochs >= 100), `epochs ${shown.map((c) => c.epochs)}`);
  const apart = await page.evaluate(async (cells) => {
    const m = await import("/pkg/backprop_lab.js");
    const s = window.backpropLab.snapshot();
    const train = s.points.filter((p) => !p.test);
    const xs = new Float64Array(train.flatMap((p) => [p.x1, p.x2]));
    const labels = new Uint32Array(train.map((p) => p.label));
    return cells.map(({ depth, width, epochs }) => {
      const net = new m.Network({ layers: [s.spec.layers[0], ...Array(depth).fill(width), 1], hidden: s.spec.hidden,
        output: "sigmoid", seed: s.spec.seed, inputs: s.spec.inputs });
      const initial = net.loss(xs, labels);
      const r = net.train(xs, labels, { epochs, learningRate: 0.03, batchSize: 10, reduction: "mean" });
      net.free();
      return { initial, loss: r.loss };
    });
  }, shown);
  shown.forEach((c, i) => {
    assert.ok(Math.abs(c.loss - apart[i].loss) <= 0.0005 + 1e-12, `${c.depth} × ${c.width}: caption ${c.loss}, trained apart ${apart[i].loss}`);
    assert.ok(apart[i].loss < apart[i].initial, `${c.depth} × ${c.width}: the loss fell from ${apart[i].initial}`);
  });

  // 9: after training, the output's line separates the classes in the hidden space.
  await openLesson(page, 9);
  assert.deepEqual((await snapshot(page)).spec.layers, [2, 3, 2, 1]);
  await trainToEnd(page);
  await page.waitForFunction(() => document.getElementById("hidden-canvas")?.dataset.separated === "true", null,
    { timeout: 15000 });
  await page.getByRole("button", { name: "Three neurons in the last hidden layer" }).click();
  await page.getByRole("combobox", { name: "Vertical axis" }).selectOption("2");
  // The view redraws some frames later (at most every 120 ms).
  await page.locator("#hidden-note").filter({ hasText: /neuron 3 of hidden layer 2/ }).waitFor({ timeout: 15000 }).catch(() => {});
  assert.match(await page.locator("#hidden-note").textContent(), /neuron 3 of hidden layer 2/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("lesson 7: the nine networks' last epoch is drawn: every caption ends at epoch 2000", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await openLesson(page, 7);
  // Wait until the networks have nothing left to train (their own epochs, not the captions).
  const last = () => page.evaluate(() => [...document.querySelectorAll(".multiple canvas")].map((x) => Number(x.dataset.epochs)));
  await page.waitForFunction(() => {
    const c = [...document.querySelectorAll(".multiple canvas")];
    return c.length === 9 && c.every((x) => Number(x.dataset.epochs) === 2000);
  }, null, { timeout: 120000, polling: 200 }).catch(async () => assert.fail(`the captions stop at ${await last()}`));
  const captions = await page.evaluate(() => [...document.querySelectorAll(".multiple figcaption")].map((x) => x.textContent));
  assert.ok(captions.every((text) => /, epoch 2000$/.test(text)), captions.join(" | "));
  assert.deepEqual(errors, []);
  await context.close();
});

test("lessons 2 and 5 open the equations and the step-through", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  for (const [n, button, heading] of [[2, "Show the equations", /equations/i], [5, "Open the step-through", /step/i]]) {
    await openLesson(page, n);
    await page.getByRole("button", { name: button }).click();
    // Smooth scrolling takes its time: wait until the panel's heading is in view.
    const inView = () => page.evaluate(() => [...document.querySelectorAll(".bp-panel h3")].filter((x) => {
      const r = x.getBoundingClientRect();
      return r.top >= 0 && r.top < innerHeight;
    }).map((x) => x.textContent));
    await page.waitForFunction((source) => [...document.querySelectorAll(".bp-panel h3")].some((x) => {
      const r = x.getBoundingClientRect();
      return r.top >= 0 && r.top < innerHeight && new RegExp(source, "i").test(x.textContent);
    }), heading.source, { timeout: 10000 }).catch(async () => assert.fail(`lesson ${n}: in view ${JSON.stringify(await inView())}`));
  }
  assert.deepEqual(errors, []);
  await context.close();
});

/** The loss surface's note: the weights "now" on its two parameters, as the student reads them. */
async function surfaceNow(page, now) {
  const text = await page.locator("#surface-note").textContent();
  const m = new RegExp(`${now} W\\[3\\]₁₁ = (-?[0-9.e+-]+), W\\[3\\]₁₂ = (-?[0-9.e+-]+)`).exec(text);
  assert.ok(m, `surface note "${text}"`);
  return [Number(m[1]), Number(m[2])];
}

/** The surface's note shows the snapshot's W[3]₁₁ and W[3]₁₂ (three significant digits, as fmtNum writes them). */
async function surfaceShowsWeights(page, now = "Now") {
  const three = (x) => String(Number(x.toPrecision(3)));
  // The panel draws only while it is on screen (pressing Train may have scrolled it away): look at it.
  await page.locator("#surface-canvas").scrollIntoViewIfNeeded();
  await page.waitForFunction(([now]) => {
    const p = window.backpropLab.snapshot().params[2].W[0];
    const t = (x) => String(Number(x.toPrecision(3)));
    return (document.getElementById("surface-note")?.textContent ?? "").includes(`${now} W[3]₁₁ = ${t(p[0])}, W[3]₁₂ = ${t(p[1])}`);
  }, [now], { timeout: 10000 }).catch(async () => assert.fail(`surface note "${await page.locator("#surface-note").textContent()}"`));
  const w = (await snapshot(page)).params[2].W[0];
  assert.deepEqual((await surfaceNow(page, now)).map(String), [three(w[0]), three(w[1])]);
  return w;
}

test("lessons 10-12 (English): opened by their buttons; α 10 leaves the loss surface, the optimizers stop where the lesson says, L2 lowers the test loss", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  // 10: the loss surface and the learning rate.
  await openLesson(page, 10);
  await page.getByRole("heading", { name: "Lesson 10 of 14: The loss surface and the learning rate" }).waitFor();
  assert.equal((await snapshot(page)).lesson, 10);
  await page.getByRole("button", { name: "Show the loss surface" }).click();
  await page.locator("#surface-note").filter({ hasText: /Around W\[3\]₁₁/ }).waitFor();
  await page.getByRole("button", { name: "α = 10" }).click();
  assert.equal(await page.getByRole("button", { name: "α = 10" }).getAttribute("aria-pressed"), "true");
  assert.equal(Number(await page.locator("#lr-value").textContent()), 10);
  await trainToEnd(page);
  assert.match(await page.getByRole("alert").textContent(), /diverging/);
  const far = await surfaceShowsWeights(page);
  assert.ok(far[0] > 20 && far[1] > 20, `α 10 leaps far outside the ±2 window: ${far}`);
  await page.locator("#surface").screenshot({ path: join(SHOTS, "lesson-10-alpha10-surface-en.png") });

  await page.getByRole("button", { name: "α = 0.4 (the lecture)" }).click();
  assert.equal(Number(await page.locator("#lr-value").textContent()), 0.4);
  // Two steps with the lecture's α zigzag across the valley inside the window around the start.
  const start = (await snapshot(page)).params[2].W[0];
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "One epoch" }).click();
  await page.waitForFunction(() => window.backpropLab.snapshot().epoch === 2);
  const two = await surfaceShowsWeights(page);
  assert.ok(two.every((w, k) => Math.abs(w - start[k]) < 2), `two steps stay in the ±2 window: ${start} -> ${two}`);
  assert.match(await page.locator("#surface-note").textContent(), /after 2 steps/);
  await trainToEnd(page);
  const s04 = await snapshot(page);
  assert.equal(s04.epoch, 933);
  assert.match(await statusText(page), /^Stopped at epoch 933 because the loss .* fell below 0.005/);
  // The chart's data: the loss rises for the first two epochs, as the lesson says.
  const h = s04.history.trainLoss;
  assert.ok(h[1] > h[0] && h[2] > h[1] && h[3] < h[2], `${h.slice(0, 4)}`);
  await surfaceShowsWeights(page);
  await page.locator("#surface").screenshot({ path: join(SHOTS, "lesson-10-alpha04-surface-en.png") });

  // 11: the same start and α, three update rules.
  await openLesson(page, 11);
  await page.getByRole("heading", { name: "Lesson 11 of 14: Momentum and Adam against plain descent" }).waitFor();
  const optimizer = page.getByRole("combobox", { name: "Optimizer" });
  const stops = {};
  for (const [name, value] of [["Adam", "adam"], ["Momentum, μ = 0.9", "momentum"], ["Gradient descent (the lecture)", "gd"]]) {
    await page.getByRole("button", { name, exact: true }).click();
    assert.equal(await optimizer.inputValue(), value);
    assert.equal(Number(await page.locator("#lr-value").textContent()), 0.1);
    await trainToEnd(page);
    const m = /^Stopped at epoch (\d+) because the loss .* fell below 0.005/.exec(await statusText(page));
    assert.ok(m, `${name}: ${await statusText(page)}`);
    stops[value] = Number(m[1]);
    assert.equal(stops[value], (await snapshot(page)).epoch);
  }
  assert.deepEqual(stops, { adam: 277, momentum: 327, gd: 1787 });

  // 12: L2 against lesson 8's overfitting, read from the readouts.
  await openLesson(page, 12);
  await page.getByRole("heading", { name: "Lesson 12 of 14: Regularization against overfitting" }).waitFor();
  assert.equal((await snapshot(page)).points.filter((p) => p.test).length, 15);
  await trainToEnd(page);
  const plain = { train: await readNumber(page, "Train loss"), test: await readNumber(page, "Test loss") };
  await page.getByRole("button", { name: "L2, λ = 0.01" }).click();
  assert.equal(await page.getByRole("combobox", { name: "Regularization" }).inputValue(), "l2");
  assert.equal(Number(await page.getByRole("spinbutton", { name: "Regularization rate λ" }).inputValue()), 0.01);
  await trainToEnd(page);
  assert.equal((await snapshot(page)).epoch, 1000);
  const l2 = { train: await readNumber(page, "Train loss"), test: await readNumber(page, "Test loss") };
  assert.ok(Math.abs(plain.test - 2.56) < 0.01 && Math.abs(l2.test - 1.81) < 0.01, `test loss ${plain.test} -> ${l2.test}`);
  assert.ok(l2.train > plain.train, `train loss ${plain.train} -> ${l2.train}`);
  await page.locator(".lesson-card").screenshot({ path: join(SHOTS, "lesson-12-l2-card-en.png") });
  assert.deepEqual(errors, []);
  await context.close();
});

test("lessons 10-12 (Vietnamese): the titles, the surface opened, momentum's stop and L2's settings in Vietnamese", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url, { query: "lang=vi" });
  await openLesson(page, 10);
  await page.getByRole("heading", { name: "Bài 10/14: Mặt hàm mất mát và tốc độ học" }).waitFor();
  await page.getByRole("button", { name: "Xem mặt hàm mất mát" }).click();
  await page.locator("#surface-note").filter({ hasText: /Quanh W\[3\]₁₁/ }).waitFor();
  await page.getByRole("button", { name: "α = 0.1" }).click();
  assert.equal(Number(await page.locator("#lr-value").textContent()), 0.1);

  await openLesson(page, 11);
  await page.getByRole("heading", { name: "Bài 11/14: Quán tính và Adam so với gradient descent thường" }).waitFor();
  await page.getByRole("button", { name: "Quán tính, μ = 0.9" }).click();
  assert.equal(await page.getByRole("combobox", { name: "Thuật toán tối ưu" }).inputValue(), "momentum");
  await page.getByRole("button", { name: "Huấn luyện", exact: true }).click();
  const status = page.getByRole("status", { name: "Trạng thái huấn luyện" });
  await status.filter({ hasText: /^Dừng ở epoch/ }).waitFor({ timeout: 60000 });
  assert.match(await status.textContent(), /^Dừng ở epoch 327 vì hàm mất mát .* đã nhỏ hơn 0.005/);
  await surfaceShowsWeights(page, "Hiện tại");

  await openLesson(page, 12);
  await page.getByRole("heading", { name: "Bài 12/14: Chính quy hoá chống quá khớp" }).waitFor();
  await page.getByRole("button", { name: "L2, λ = 0.1 (quá mạnh)" }).click();
  assert.equal(await page.getByRole("combobox", { name: "Chính quy hoá" }).inputValue(), "l2");
  assert.equal(Number(await page.getByRole("spinbutton", { name: "Hệ số chính quy hoá λ" }).inputValue()), 0.1);
  assert.equal(await page.getByRole("button", { name: "L2, λ = 0.1 (quá mạnh)" }).getAttribute("aria-pressed"), "true");
  await page.locator(".lesson-card").screenshot({ path: join(SHOTS, "lesson-12-card-vi.png") });
  assert.deepEqual(errors, []);
  await context.close();
});

test("?lesson=13 opens lesson 13, regression, as its button does: the curve learns the sine, the linear network stays a line; ?lesson=15 says the lessons are numbered 1 to 14", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url, { query: "lang=en&lesson=13" });
  await page.waitForFunction(() => window.backpropLab.snapshot().lesson === 13);
  await page.getByRole("heading", { name: "Lesson 13 of 14: Regression: the same backpropagation, another loss" }).waitFor();
  assert.equal(await page.getByRole("button", { name: /^13\. / }).getAttribute("aria-pressed"), "true");
  const s = await snapshot(page);
  assert.equal(s.points.length, 12);
  assert.deepEqual([s.spec.layers, s.spec.hidden, s.spec.output], [[1, 8, 1], "tanh", "linear"]);
  // The lesson's numbers, read from the screen: tanh stops below 0.0005 at epoch 730; linear hidden
  // neurons run all 5000 epochs and stay at the best straight line's loss, 0.0738.
  await trainToEnd(page);
  assert.equal(await readNumber(page, "Epoch"), 730);
  await page.getByRole("button", { name: "Linear hidden neurons (a straight line)" }).click();
  await page.waitForFunction(() => window.backpropLab.snapshot().spec.hidden === "linear");
  await trainToEnd(page, 180000); // 5000 epochs at the watching speed
  assert.equal(await readNumber(page, "Epoch"), 5000);
  assert.equal((await readNumber(page, "Train loss")).toFixed(4), "0.0738");
  await screenshot(page, "lesson-13-en-1280");
  await context.close();
  const other = await openPage(env.browser, env.server.url, { query: "lang=en&lesson=15" });
  await other.page.getByRole("status", { name: "Training status" }).filter({ hasText: /numbered 1 to 14/ }).waitFor();
  assert.equal((await snapshot(other.page)).lesson, null);
  assert.deepEqual([...errors, ...other.errors], []);
  await other.context.close();
});

// ---- lesson 14, the one-neuron warm-up ----------------------------------------------------------

/** The lesson's table, read as the student reads it: each <output> by its label. */
async function neuronTable(page, names) {
  const n = names ?? { w: "w = W[1]₁₁", b: "b = b[1]₁", loss: "L(w, b) = Σ ½(a − y)²", dw: "dL/dw = Σ(a − y)x1",
    db: "dL/db = Σ(a − y)", nextW: "next w = w − α·dL/dw", nextB: "next b = b − α·dL/db" };
  const out = {};
  for (const [key, name] of Object.entries(n)) out[key] = await readNumber(page, name);
  return out;
}

/** w, b, L and both derivatives by hand from the points (x1, y): L = Σ ½(w x1 + b − y)², dL/dw = Σ(a − y)x1, dL/db = Σ(a − y). */
function byHand(points, w, b) {
  let [L, dw, db] = [0, 0, 0];
  for (const p of points) {
    const r = w * p.x1 + b - p.label;
    L += 0.5 * r * r;
    dw += r * p.x1;
    db += r;
  }
  return { w, b, loss: L, dw, db };
}

/** Asserts that the table shows `want` to its four decimals. */
function assertTable(shown, want, what) {
  for (const [k, v] of Object.entries(want)) assert.ok(Math.abs(shown[k] - v) <= 0.00005 + 1e-12, `${what}: ${k} shows ${shown[k]}, by hand ${v}`);
}

/** Waits until the table's w (an <output>) is no longer `before`: the step has been drawn. */
async function tableMoved(page, before) {
  await page.waitForFunction((before) => {
    const text = document.getElementById("neuron-w")?.textContent ?? "";
    return text !== "" && text !== before;
  }, before, { timeout: 10000 });
}

test("lesson 14, the warm-up: one neuron a = w x1 + b; the table's w, b, L, dL/dw, dL/db are the hand computation; each epoch is w − α·dL/dw; training ends on the least-squares line, drawn on the loss surface", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url, { query: "lang=en" });
  // By keyboard: the lesson's button, then Enter.
  await page.getByRole("button", { name: /^14\. / }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Lesson 14 of 14: Warm-up: one neuron, two numbers" }).waitFor();
  await page.waitForFunction(() => window.backpropLab.snapshot().lesson === 14);
  const s = await snapshot(page);
  assert.deepEqual([s.spec.layers, s.spec.output, s.spec.inputs], [[1, 1], "linear", ["x1"]]);
  assert.equal(await page.getByRole("status", { name: "Architecture" }).textContent(), "1-1, linear");
  assert.equal(Number(await page.locator("#lr-value").textContent()), 0.05);
  const points = s.points;
  assert.equal(points.length, 11);
  // The least-squares line in closed form, from the page's points.
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x1, 0) / n;
  const my = points.reduce((a, p) => a + p.label, 0) / n;
  const wStar = points.reduce((a, p) => a + (p.x1 - mx) * (p.label - my), 0) / points.reduce((a, p) => a + (p.x1 - mx) ** 2, 0);
  const bStar = my - wStar * mx;

  // The start: the table against the hand computation, with the next step w − α·dL/dw, b − α·dL/db.
  const alpha = 0.05;
  let here = byHand(points, s.params[0].W[0][0], s.params[0].b[0]);
  await page.locator("#neuron-w").filter({ hasText: /\d/ }).waitFor();
  let shown = await neuronTable(page);
  assertTable(shown, { ...here, nextW: here.w - alpha * here.dw, nextB: here.b - alpha * here.db }, "start");
  assert.ok(Math.abs(shown.db) > Math.abs(shown.dw), "at the start dL/db is the larger derivative");
  assert.equal(Number(shown.loss / n).toFixed(4), (await readNumber(page, "Train loss")).toFixed(4), "the readout is L/11");

  // The loss surface opens on the neuron's two parameters.
  await page.getByRole("button", { name: "Show the loss surface" }).click();
  await page.locator("#surface-note").filter({ hasText: /Around W\[1\]₁₁ = .*, b\[1\]₁ = / }).waitFor();

  // Three epochs: each new w, b is the old one minus α times its derivative, as the table said it would be.
  for (let k = 1; k <= 3; k++) {
    const before = await page.locator("#neuron-w").textContent();
    const promised = { w: shown.nextW, b: shown.nextB };
    await page.getByRole("button", { name: "One epoch" }).click();
    await page.waitForFunction((k) => window.backpropLab.snapshot().epoch === k, k);
    await tableMoved(page, before);
    const next = byHand(points, here.w - alpha * here.dw, here.b - alpha * here.db);
    shown = await neuronTable(page);
    assertTable(shown, { ...next, nextW: next.w - alpha * next.dw, nextB: next.b - alpha * next.db }, `epoch ${k}`);
    assert.ok(Math.abs(shown.w - promised.w) < 1e-4 && Math.abs(shown.b - promised.b) < 1e-4, `epoch ${k}: the table's promise kept`);
    here = next;
  }

  // To the end (60 epochs): the least-squares line, where both derivatives are 0.
  await trainToEnd(page);
  assert.equal(await readNumber(page, "Epoch"), 60);
  shown = await neuronTable(page);
  assert.ok(Math.abs(shown.w - wStar) < 0.0002 && Math.abs(shown.b - bStar) < 0.0002, `w ${shown.w} b ${shown.b} vs ${wStar}, ${bStar}`);
  assert.ok(Math.abs(shown.dw) < 0.001 && Math.abs(shown.db) < 0.001, `derivatives ${shown.dw}, ${shown.db}`);
  // The surface's path has followed every epoch to there.
  const three = (x) => String(Number(x.toPrecision(3)));
  await page.locator("#surface-canvas").scrollIntoViewIfNeeded();
  await page.locator("#surface-note").filter({ hasText: `Now W[1]₁₁ = ${three(wStar)}, b[1]₁ = ${three(bStar)} after 60 steps` }).waitFor()
    .catch(async () => assert.fail(`surface note "${await page.locator("#surface-note").textContent()}"`));
  await page.locator("#surface").screenshot({ path: join(SHOTS, "lesson-14-surface-en.png") });
  await page.locator(".lesson-card").screenshot({ path: join(SHOTS, "lesson-14-card-en.png") });

  // α = 0.17, by keyboard: b jumps across the valley, above b* then below it, read from the table.
  await page.getByRole("button", { name: "α = 0.17 (zigzag)" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.backpropLab.snapshot().epoch === 0);
  assert.equal(Number(await page.locator("#lr-value").textContent()), 0.17);
  const bs = [];
  for (let k = 1; k <= 2; k++) {
    const before = await page.locator("#neuron-w").textContent();
    await page.getByRole("button", { name: "One epoch" }).click();
    await page.waitForFunction((k) => window.backpropLab.snapshot().epoch === k, k);
    await tableMoved(page, before);
    bs.push(await readNumber(page, "b = b[1]₁"));
  }
  assert.ok(bs[0] > bStar + 0.1 && bs[1] < bStar - 0.1, `b zigzags across ${bStar}: ${bs}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("lesson 14 in Vietnamese and at a phone's 390 px: the table's labels and numbers, nothing wider than the screen", async () => {
  for (const [lang, width, height] of [["vi", 1280, 900], ["vi", 390, 844], ["en", 390, 844]]) {
    const { page, errors, context } = await openPage(env.browser, env.server.url, { width, height, query: `lang=${lang}&lesson=14`, touch: width < 500 });
    await page.waitForFunction(() => window.backpropLab.snapshot().lesson === 14);
    const title = lang === "vi" ? "Bài 14/14: Khởi động: một nơ-rơn, hai con số" : "Lesson 14 of 14: Warm-up: one neuron, two numbers";
    await page.getByRole("heading", { name: title }).waitFor();
    await page.locator("#neuron-w").filter({ hasText: /\d/ }).waitFor();
    const s = await snapshot(page);
    const here = byHand(s.points, s.params[0].W[0][0], s.params[0].b[0]);
    const next = lang === "vi" ? { nextW: "w tiếp theo = w − α·dL/dw", nextB: "b tiếp theo = b − α·dL/db" }
      : { nextW: "next w = w − α·dL/dw", nextB: "next b = b − α·dL/db" };
    const shown = await neuronTable(page, { w: "w = W[1]₁₁", b: "b = b[1]₁", loss: "L(w, b) = Σ ½(a − y)²", dw: "dL/dw = Σ(a − y)x1", db: "dL/db = Σ(a − y)", ...next });
    assertTable(shown, { ...here, nextW: here.w - 0.05 * here.dw, nextB: here.b - 0.05 * here.db }, `${lang} ${width}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${lang} ${width}: the page scrolls sideways by ${overflow}px`);
    await page.locator(".lesson-card").screenshot({ path: join(SHOTS, `lesson-14-card-${lang}-${width}.png`) });
    if (width > 500) await screenshot(page, `lesson-14-${lang}-${width}`);
    assert.deepEqual(errors, [], `${lang} ${width}`);
    await context.close();
  }
});

test("back to my work restores the exact points, settings and weights", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await page.getByRole("button", { name: "Back to my work" }).isDisabled().then((d) => assert.ok(d));
  // Some work of the student's own: points, a setting, a few epochs.
  await clickPlane(page, 0.3, 0.4);
  await clickPlane(page, -0.8, 1.1, { modifiers: ["Shift"] });
  await page.getByRole("combobox", { name: "Hidden activation function" }).selectOption("tanh");
  await page.getByRole("button", { name: "One epoch" }).click();
  await page.getByRole("button", { name: "One epoch" }).click();
  const mine = await snapshot(page);
  const myStatus = await statusText(page);

  await openLesson(page, 8);
  await openLesson(page, 4);
  await page.getByRole("button", { name: "Three classes (softmax, CE)" }).click();
  await trainToEnd(page);
  assert.notDeepEqual((await snapshot(page)).points, mine.points);

  await page.getByRole("button", { name: "Back to my work" }).click();
  await frames(page, 3);
  const back = await snapshot(page);
  assert.deepEqual(back, mine);
  assert.equal(await statusText(page), myStatus);
  assert.equal(await page.getByRole("combobox", { name: "Hidden activation function" }).inputValue(), "tanh");
  assert.ok(await page.getByRole("button", { name: "Back to my work" }).isDisabled());
  // Undo still walks the student's own history.
  await page.getByRole("button", { name: "Undo" }).click();
  assert.deepEqual((await snapshot(page)).points, mine.points.slice(0, -1));
  assert.deepEqual(errors, []);
  await context.close();
});

test("screenshots: every lesson in English and Vietnamese, laptop and 390 px phone", async () => {
  await mkdir(SHOTS, { recursive: true });
  for (const lang of ["en", "vi"]) {
    for (const [width, height] of [[1280, 900], [390, 844]]) {
      const { page, errors, context } = await openPage(env.browser, env.server.url, {
        width, height, query: `lang=${lang}`, touch: width < 500,
      });
      for (let n = 1; n <= 14; n++) {
        await openLesson(page, n);
        if (n === 7) {
          await page.waitForFunction(() => [...document.querySelectorAll(".multiple canvas")]
            .every((x) => Number(x.dataset.epochs) >= 100), null, { timeout: 60000 });
        }
        await frames(page, 5);
        const tag = `lesson-${n}-${lang}-${width}`;
        if (width < 500) {
          await page.locator("#lessons").screenshot({ path: join(SHOTS, `${tag}.png`) });
        } else {
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({ path: join(SHOTS, `${tag}.png`) });
        }
        // Nothing wider than the phone's screen.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${tag}: the page scrolls sideways by ${overflow}px`);
      }
      if (width < 500) await screenshot(page, `lesson-9-${lang}-390-page`);
      assert.deepEqual(errors, [], `${lang} ${width}`);
      await context.close();
    }
  }
});
