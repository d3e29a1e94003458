// The playground's point editing: add, remove, paint, undo/redo, clear, classes.

import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, snapshot, clickPlane, planePoint, frames, checkSelected } from "./harness.mjs";

const env = useBrowser();

/** The lecture point nearest (x1, x2). */
function nearestIndex(points, x1, x2) {
  let best = -1;
  let bd = Infinity;
  points.forEach((p, i) => {
    const d = (p.x1 - x1) ** 2 + (p.x2 - x2) ** 2;
    if (d < bd) {
      bd = d;
      best = i;
    }
  });
  return best;
}

test("right-click, ctrl-click and the Remove tool delete the nearest point", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  let before = (await snapshot(page)).points;
  for (const how of ["right", "ctrl", "tool"]) {
    const target = before[5];
    const at = [target.x1 + 0.05, target.x2 - 0.04];
    if (how === "right") await clickPlane(page, ...at, { button: "right" });
    if (how === "ctrl") await clickPlane(page, ...at, { modifiers: ["Control"] });
    if (how === "tool") {
      await page.getByRole("radio", { name: "Remove", exact: true }).check();
      await clickPlane(page, ...at);
      await page.getByRole("radio", { name: "Add", exact: true }).check();
    }
    const after = (await snapshot(page)).points;
    assert.equal(after.length, before.length - 1, how);
    assert.equal(nearestIndex(before, ...at), 5);
    assert.deepEqual(after, before.filter((_, i) => i !== 5), how);
    before = after;
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("press and drag paints several points; one undo removes the whole stroke", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  const start = (await snapshot(page)).points;
  const a = await planePoint(page, -1.2, -1.3);
  const b = await planePoint(page, 1.2, -1.3);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 30 });
  await page.mouse.up();
  const painted = (await snapshot(page)).points;
  assert.ok(painted.length >= start.length + 10, `painted ${painted.length - start.length}`);
  assert.ok(painted.slice(start.length).every((p) => p.label === 0 && Math.abs(p.x2 + 1.3) < 0.03));
  await page.getByRole("button", { name: "Undo" }).click();
  assert.deepEqual((await snapshot(page)).points, start);
  await page.getByRole("button", { name: "Redo" }).click();
  assert.deepEqual((await snapshot(page)).points, painted);
  assert.deepEqual(errors, []);
  await context.close();
});

test("undo restores the exact previous points; Ctrl+Z and Ctrl+Shift+Z work; clear all is undoable", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  const s0 = (await snapshot(page)).points;
  await clickPlane(page, 0.1, 0.2);
  const s1 = (await snapshot(page)).points;
  await clickPlane(page, -0.3, 1.1, { modifiers: ["Shift"] });
  const s2 = (await snapshot(page)).points;
  await clickPlane(page, s0[0].x1, s0[0].x2, { button: "right" });
  const s3 = (await snapshot(page)).points;
  assert.equal(s3.length, s2.length - 1);

  await page.getByRole("button", { name: "Undo" }).click();
  assert.deepEqual((await snapshot(page)).points, s2);
  await page.keyboard.press("Control+z");
  assert.deepEqual((await snapshot(page)).points, s1);
  await page.keyboard.press("Control+z");
  assert.deepEqual((await snapshot(page)).points, s0);
  await frames(page);
  assert.equal(await page.getByRole("button", { name: "Undo" }).isDisabled(), true);
  await page.keyboard.press("Control+Shift+z");
  assert.deepEqual((await snapshot(page)).points, s1);
  await page.getByRole("button", { name: "Redo" }).click();
  assert.deepEqual((await snapshot(page)).points, s2);

  await page.getByRole("button", { name: "Clear all points" }).click();
  assert.equal((await snapshot(page)).points.length, 0);
  await frames(page);
  assert.match(await page.getByRole("status", { name: "Points per class" }).textContent(), /red 0, green 0; 0 in all/);
  await page.getByRole("button", { name: "Undo" }).click();
  assert.deepEqual((await snapshot(page)).points, s2);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a third and fourth class switch the output to softmax and say so", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await page.getByRole("radio", { name: "Blue (label 2)" }).check();
  await clickPlane(page, 1.3, -1.3);
  let s = await snapshot(page);
  assert.equal(s.points.at(-1).label, 2);
  assert.equal(s.spec.output, "softmax");
  assert.deepEqual(s.spec.layers, [2, 3, 3, 3]);
  await frames(page);
  assert.match(await page.locator("#output-note").textContent(), /3 classes: the output layer is softmax/);
  assert.match(await page.getByRole("status", { name: "Training status" }).textContent(), /architecture changed/i);

  await page.getByRole("radio", { name: "Purple (label 3)" }).check();
  await clickPlane(page, -1.3, -1.3);
  s = await snapshot(page);
  assert.deepEqual(s.spec.layers, [2, 3, 3, 4]);
  await frames(page);
  assert.match(await page.getByRole("status", { name: "Points per class" }).textContent(), /red 10, green 10, blue 1, purple 1/);

  // It trains: four classes, cross-entropy falls.
  await page.getByRole("spinbutton", { name: "Maximum number of epochs" }).fill("300");
  await page.getByRole("spinbutton", { name: "Maximum number of epochs" }).press("Enter");
  const lossBefore = (await snapshot(page)).trainLoss;
  await page.getByRole("button", { name: "Train" }).click();
  await page.getByRole("status", { name: "Training status" }).filter({ hasText: /Stopped at epoch/ }).waitFor();
  s = await snapshot(page);
  assert.ok(s.trainLoss < lossBefore, `${lossBefore} → ${s.trainLoss}`);

  await page.keyboard.press("Control+z");
  await page.keyboard.press("Control+z");
  s = await snapshot(page);
  assert.equal(s.spec.output, "sigmoid");
  assert.deepEqual(s.spec.layers, [2, 3, 3, 1]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the Select tool selects the nearest point and says what the network gives it", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  const points = (await snapshot(page)).points;
  await page.getByRole("radio", { name: "Select", exact: true }).check();
  await clickPlane(page, points[3].x1 + 0.03, points[3].x2);
  const s = await snapshot(page);
  assert.equal(s.selected, 3);
  assert.equal(s.points.length, points.length);
  // The number it gives, read from the screen, is forward()'s output for point 3 (3 digits).
  const { out } = await checkSelected(page, ["green"]);
  assert.ok(out[0] > 0 && out[0] < 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the keyboard: arrows move a cross, Enter adds, shift+Enter adds green, Delete removes the nearest", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  const start = (await snapshot(page)).points;
  const plane = page.getByRole("img", { name: /^Plane:/ });
  await plane.focus();
  for (let i = 0; i < 4; i++) await plane.press("ArrowRight");
  await plane.press("Shift+ArrowDown");
  await plane.press("Enter");
  let s = await snapshot(page);
  assert.equal(s.points.length, start.length + 1);
  assert.deepEqual(s.points.at(-1), { x1: 0.2, x2: -0.25, label: 0, test: false });
  await plane.press("ArrowUp");
  await plane.press("Shift+Enter");
  s = await snapshot(page);
  assert.deepEqual(s.points.at(-1), { x1: 0.2, x2: -0.2, label: 1, test: false });
  await plane.press("Delete");
  s = await snapshot(page);
  assert.equal(s.points.length, start.length + 1);
  assert.equal(s.points.at(-1).label, 0);
  await page.keyboard.press("Control+z");
  assert.equal((await snapshot(page)).points.length, start.length + 2);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Draws one training and one test mark per class and measures them (returns { dpr, k, worst, hollow }[]). */
const MEASURE = async (paletteName) => {
  const plane = await import("/views/plane.js");
  const pal = await import("/views/palette.js");
  const lum = ([r, g, b]) => { const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  pal.usePalette(paletteName);
  const out = [];
  for (const dpr of [1, 2]) for (let k = 0; k < 4; k++) {
    const N = 80;
    const canvas = document.createElement("canvas");
    canvas.width = 2 * N * dpr; canvas.height = N * dpr;
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const px = new Uint8ClampedArray(4);
    pal.writeMix(px, 0, pal.CLASS_RGB[k], 0.68);
    const bg = [px[0], px[1], px[2]];
    ctx.fillStyle = `rgb(${bg.join(",")})`;
    ctx.fillRect(0, 0, 2 * N, N);
    const g = { plot: 510, toPx: (x1, x2) => [x1, x2] };
    plane.drawPoints(ctx, g, { points: [{ x1: N / 2, x2: N / 2, label: k, test: false }, { x1: 1.5 * N, x2: N / 2, label: k, test: true }], errors: null, wrong: null, selected: null });
    const data = ctx.getImageData(0, 0, 2 * N * dpr, N * dpr).data;
    const at = (x, y) => { const i = 4 * (Math.round(y * dpr) * 2 * N * dpr + Math.round(x * dpr)); return [data[i], data[i + 1], data[i + 2]]; };
    const r = 6;
    let worst = Infinity;
    for (let d = 0; d < 32; d++) {
      const a = (2 * Math.PI * d) / 32;
      let best = 1;
      for (let s = 0; s <= r * 1.6 + 5; s += 0.25 / dpr) best = Math.max(best, ratio(at(N / 2 + s * Math.cos(a), N / 2 + s * Math.sin(a)), bg));
      worst = Math.min(worst, best);
    }
    // hollow: the share of the test mark's own shape (its traced path) that is white
    ctx.beginPath();
    pal.traceMark(ctx, k, 1.5 * N, N / 2, r);
    let white = 0, shape = 0;
    for (let j = 0; j < N * dpr; j++) for (let i = N * dpr; i < 2 * N * dpr; i++) {
      if (!ctx.isPointInPath(i + 0.5, j + 0.5)) continue;
      shape++;
      const q = at((i + 0.5) / dpr, (j + 0.5) / dpr);
      if (Math.min(...q) >= 230) white++;
    }
    out.push({ dpr, k, worst: +worst.toFixed(2), hollow: +(white / shape).toFixed(2) });
  }
  pal.usePalette("lecture");
  return out;
};

test("point marks stand out on their own class's shading, and test marks are hollow, in both palettes", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  for (const palette of ["lecture", "safe"]) {
    // Each class's training and test mark at the plane's largest radius (6 px), drawn by drawPoints on the
    // region's strongest shading of that class, at 1 and 2 device pixels per CSS pixel.
    const results = await page.evaluate(MEASURE, palette);
    for (const r of results) {
      const what = `${palette}, class ${r.k}, ${r.dpr}×`;
      // In every direction out of the mark a pixel differs from the region by 3:1 at least (WCAG's
      // non-text contrast); 5:1 with twice the pixels.
      assert.ok(r.worst >= (r.dpr === 1 ? 3 : 5), `${what}: the mark's weakest edge has contrast ${r.worst}`);
      // A test mark is white inside: most of its shape (the green X's was 0 % white: it read as solid).
      // (At 1× the edge pixels of a thin arm are half white at best, so less is asked there.)
      assert.ok(r.hollow >= (r.dpr === 1 ? 0.45 : 0.7), `${what}: a test mark is ${r.hollow} white inside`);
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});
