// Usable by every student: an axe-core audit of every view in both languages, the keyboard
// alone, touch alone, classes told apart without colour, and reduced motion.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useBrowser, openPage, snapshot, planePoint, frames, screenshot, readNumber, WWW, whenReady, checkReadouts } from "./harness.mjs";

const env = useBrowser();
const AXE = join(WWW, "../node_modules/axe-core/axe.min.js");

/**
 * Opens the page for an audit. The page's CSP (script-src 'self') refuses an injected script,
 * so this context alone bypasses it.
 * @param {"en" | "vi"} lang
 */
async function openAudited(lang) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${env.server.url}?lang=${lang}`);
  await whenReady(page);
  await page.addScriptTag({ path: AXE });
  return { page, context, errors };
}

/**
 * Runs axe on the page (or inside `include`) and returns its violations by impact.
 * @param {import("playwright-core").Page} page
 */
async function audit(page, include = null) {
  await frames(page, 3);
  const violations = await page.evaluate(async (include) => {
    const result = await window.axe.run(include ? { include: [include] } : document, { resultTypes: ["violations"] });
    if (result.passes.length < 5) throw new Error(`axe checked only ${result.passes.length} rules`);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
      where: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  }, include);
  return violations;
}

/** Violations as counts per impact, e.g. { serious: 0, moderate: 2 }. */
function byImpact(violations) {
  const out = {};
  for (const v of violations) out[v.impact] = (out[v.impact] ?? 0) + v.nodes;
  return out;
}

const bad = (violations) => violations.filter((v) => v.impact === "serious" || v.impact === "critical");

for (const lang of ["en", "vi"]) {
  test(`axe (${lang}): no serious or critical violation on the main view, each panel, the shortcuts, each lesson`, async () => {
    const { page, context, errors } = await openAudited(lang);
    const seen = [];
    const check = async (what, include = null) => {
      const v = await audit(page, include);
      seen.push({ what, ...byImpact(v) });
      assert.deepEqual(bad(v), [], `${lang} ${what}`);
    };
    await check("main view");
    for (const sel of ["#plane-heading", "#charts-heading", "#lessons", "#train-heading", "#data-heading", "#net-heading",
      "#files-heading", "#backprop"]) {
      await page.locator(sel).first().scrollIntoViewIfNeeded();
      const panel = await page.locator(sel).first().evaluate((el) => {
        const p = el.closest("section") ?? el;
        return p.id ? `#${p.id}` : `.${[...p.classList].join(".")}`;
      });
      await check(`panel ${sel}`, panel);
    }
    // Select a point and pin a neuron: the views they open are audited too.
    await page.getByRole("radio", { name: lang === "en" ? "Select" : "Chọn", exact: true }).check();
    const p0 = (await snapshot(page)).points[0];
    const at = await planePoint(page, p0.x1, p0.x2);
    await page.mouse.click(at.x, at.y);
    await page.locator("button.thumb").first().click();
    await check("a point selected, a neuron pinned");
    await page.locator("button.thumb").first().click();
    await page.getByRole("checkbox", { name: lang === "en" ? "Colour-blind-safe colours" : "Màu an toàn cho người mù màu" }).check();
    await check("colour-blind-safe palette");
    await page.keyboard.press("Escape");
    await page.locator("body").focus();
    await page.getByRole("button", { name: lang === "en" ? "Keyboard shortcuts (?)" : "Phím tắt (?)" }).click();
    await check("shortcuts dialog");
    await page.keyboard.press("Escape");
    for (let n = 1; n <= 14; n++) {
      await page.getByRole("button", { name: new RegExp(`^${n}\\. `) }).click();
      await frames(page, 4);
      await check(`lesson ${n}`);
    }
    console.log(`axe ${lang}:`, JSON.stringify(seen));
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("keyboard only: Tab reaches the plane, keys add points, train, and the result is read", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await page.getByRole("button", { name: "Clear all points" }).click();
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  // Tab until the plane has focus; every stop on the way shows a focus ring.
  const noRing = [];
  let onPlane = false;
  for (let i = 0; i < 40 && !onPlane; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      const s = getComputedStyle(el);
      return { id: el.id || el.tagName, ring: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2 };
    });
    if (!f.ring) noRing.push(f.id);
    onPlane = f.id === "plane";
  }
  assert.ok(onPlane, "Tab reaches the plane");
  assert.deepEqual(noRing, [], "controls without a visible focus ring");
  // Four points of an XOR-free pattern: red left, green right; "1" and "2" choose the class.
  const add = async (cls, moves) => {
    await page.keyboard.press(cls);
    for (const m of moves) await page.keyboard.press(m);
    await page.keyboard.press("Enter");
  };
  await add("1", ["Shift+ArrowLeft", "Shift+ArrowLeft", "Shift+ArrowUp"]);
  await add("1", ["Shift+ArrowDown", "Shift+ArrowDown"]);
  await add("2", ["Shift+ArrowRight", "Shift+ArrowRight", "Shift+ArrowRight", "Shift+ArrowRight"]);
  await add("2", ["Shift+ArrowUp", "Shift+ArrowUp"]);
  let s = await snapshot(page);
  assert.deepEqual(s.points.map((p) => [p.x1, p.x2, p.label]), [[-0.5, 0.25, 0], [-0.5, -0.25, 0], [0.5, -0.25, 1], [0.5, 0.25, 1]]);
  // s trains one epoch while the plane has focus.
  await page.keyboard.press("s");
  assert.equal((await snapshot(page)).epoch, 1);
  // ? lists the shortcuts in a labelled dialog; Esc closes it and focus comes back.
  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  assert.ok(await dialog.isVisible());
  assert.match(await dialog.textContent(), /Train or pause/);
  await page.keyboard.press("Escape");
  assert.equal(await dialog.isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.id), "plane");
  // Tab on to the Train button and press it with Enter.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement.id === "train")) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), "train");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /Stopped/.test(document.getElementById("status").textContent), null, { timeout: 20000 });
  assert.equal(await readNumber(page, "Train accuracy"), 100);
  await checkReadouts(page, "keyboard run");
  // The result reaches a screen reader: the plane's name and the live region say it.
  const name = await page.locator("#plane").getAttribute("aria-label");
  assert.match(name, /2 red circles, 2 green crosses\. Train accuracy 100\.0%/);
  assert.match(await page.getByRole("status", { name: "Spoken progress" }).textContent(), /Stopped at epoch \d+.*Train accuracy 100\.0%/);
  // r resets the weights (focus on a button: the key still works; space presses the button itself).
  await page.keyboard.press("r");
  assert.equal((await snapshot(page)).epoch, 0);
  // Space with no control focused starts training (the epoch advances) and a second space stops it
  // (the epoch stays). At 100 epochs a second with no stop loss, the run cannot end by itself first.
  await page.getByRole("slider", { name: /Speed/ }).fill("4");
  await page.getByRole("spinbutton", { name: "Stop when the loss is below" }).fill("0");
  await page.getByRole("spinbutton", { name: "Stop when the loss is below" }).press("Tab");
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(" ");
  await page.waitForFunction(() => document.getElementById("train").getAttribute("aria-pressed") === "true" &&
    window.backpropLab.snapshot().epoch >= 5, null, { timeout: 20000 });
  await page.keyboard.press(" ");
  await page.waitForFunction(() => document.getElementById("train").getAttribute("aria-pressed") === "false", null, { timeout: 5000 });
  const stopped = (await snapshot(page)).epoch;
  assert.ok(stopped >= 5);
  await frames(page, 5);
  assert.equal((await snapshot(page)).epoch, stopped, "paused");
  const { shown } = await checkReadouts(page, "paused by space");
  assert.equal(shown.epoch, String(stopped));
  assert.match(await page.getByRole("status", { name: "Training status" }).textContent(), new RegExp(`Paused at epoch ${stopped}`));
  assert.deepEqual(errors, []);
  await context.close();
});

test("space plays and pauses when no control has focus; 3 and 4 choose blue and purple", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await page.getByRole("spinbutton", { name: "Stop when the loss is below" }).fill("0");
  await page.getByRole("spinbutton", { name: "Stop when the loss is below" }).press("Tab");
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(" ");
  await page.waitForFunction(() => window.backpropLab.snapshot().epoch > 50);
  await page.keyboard.press(" ");
  await page.waitForFunction(() => document.getElementById("train").getAttribute("aria-pressed") === "false", null, { timeout: 5000 });
  const e = (await snapshot(page)).epoch;
  await frames(page, 5);
  assert.equal((await snapshot(page)).epoch, e, "paused");
  assert.equal((await checkReadouts(page, "paused by space")).shown.epoch, String(e));
  await page.keyboard.press("3");
  await frames(page);
  assert.equal(await page.getByRole("radio", { name: "Blue (label 2)" }).isChecked(), true);
  await page.keyboard.press("4");
  await frames(page);
  assert.equal(await page.getByRole("radio", { name: "Purple (label 3)" }).isChecked(), true);
  // Typing in a number field is not a shortcut.
  await page.getByRole("spinbutton", { name: "Maximum number of epochs" }).fill("");
  await page.getByRole("spinbutton", { name: "Maximum number of epochs" }).pressSequentially("1234");
  assert.equal(await page.getByRole("radio", { name: "Purple (label 3)" }).isChecked(), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test("touch: a tap adds a point, a long press removes the nearest; the training bar is at hand", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url, { width: 390, height: 844, touch: true });
  const before = (await snapshot(page)).points;
  const tapAt = await planePoint(page, 1.2, -1.2);
  await page.touchscreen.tap(tapAt.x, tapAt.y);
  let s = await snapshot(page);
  assert.equal(s.points.length, before.length + 1);
  assert.ok(Math.abs(s.points.at(-1).x1 - 1.2) < 0.03 && Math.abs(s.points.at(-1).x2 + 1.2) < 0.03);

  // The plane's pointer events, with their times (event time stamps share performance.now()'s clock).
  await page.evaluate(() => {
    window.__presses = [];
    const plane = document.getElementById("plane");
    for (const type of ["pointerdown", "pointerup"]) plane.addEventListener(type, (e) => window.__presses.push({ type, t: e.timeStamp }), true);
  });
  const target = before[3];
  const at = await planePoint(page, target.x1 + 0.04, target.x2 - 0.03);
  const cdp = await context.newCDPSession(page);
  // A long press: the finger stays down until the page removes the pressed point (no fixed hold).
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: at.x, y: at.y }] });
  await page.waitForFunction(([x1, x2, n]) => {
    const points = window.backpropLab.snapshot().points;
    return points.length === n && !points.some((p) => p.x1 === x1 && p.x2 === x2);
  }, [target.x1, target.x2, before.length], { timeout: 10000 });
  const held = await page.evaluate(() => performance.now() - window.__presses.at(-1).t);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  assert.ok(held >= 500, `removed after ${held} ms of pressing, not before the half second`);
  await frames(page);
  s = await snapshot(page);
  assert.equal(s.points.length, before.length, "one added, one removed");
  assert.ok(!s.points.some((p) => p.x1 === target.x1 && p.x2 === target.x2), "the pressed point is gone");
  assert.match(await page.getByRole("status", { name: "Training status" }).textContent(), /long press removed/);

  // A short press (down and up at once, well under the half second) adds a point, and nothing is
  // removed once the half second since the press has passed.
  const kept = s.points;
  await page.evaluate(() => (window.__presses = []));
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: tapAt.x, y: tapAt.y - 30 }] });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await page.waitForFunction(() => window.__presses.some((p) => p.type === "pointerup"));
  const [down, up] = await page.evaluate(() => ["pointerdown", "pointerup"].map((type) => window.__presses.find((p) => p.type === type).t));
  assert.ok(up - down < 500, `the short press lasted ${up - down} ms`);
  await page.waitForFunction((t) => performance.now() > t + 700, down);
  await frames(page, 2);
  s = await snapshot(page);
  assert.equal(s.points.length, before.length + 1);
  assert.deepEqual(s.points.slice(0, -1), kept, "nothing removed");
  assert.ok(Math.abs(s.points.at(-1).x1 - 1.2) < 0.03 && s.points.at(-1).x2 > -1.2, `added at ${s.points.at(-1).x1}, ${s.points.at(-1).x2}`);

  // The Train button sits in a bar at the bottom of the screen, with the plane in view.
  await page.evaluate(() => scrollTo(0, 0));
  const train = await page.getByRole("button", { name: "Train", exact: true }).boundingBox();
  assert.ok(train.y + train.height <= 844 && train.height >= 38, `Train at ${JSON.stringify(train)}`);
  // These 21 points take the run to its 20 000 epochs: at the speed a student watches that is a
  // minute, so Fastest first (in the same bar).
  await page.getByRole("button", { name: "Fastest" }).tap();
  await page.getByRole("button", { name: "Train", exact: true }).tap();
  await page.waitForFunction(() => /Stopped/.test(document.getElementById("status").textContent), null, { timeout: 20000 });
  await frames(page, 3);
  await page.screenshot({ path: join(WWW, "../target/e2e/a11y-phone-390x844.png") });
  await screenshot(page, "a11y-phone-390x844-full");
  // Nothing is only on hover: the reset and defaults explanations are in the page for a tap or a screen reader.
  assert.match(await page.locator("#reset").evaluate((b) => document.getElementById(b.getAttribute("aria-describedby")).textContent),
    /New random initial weights/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the classes differ by shape, not only by colour; the colour-blind palette is remembered", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await page.getByRole("button", { name: "Clear all points" }).click();
  await frames(page, 3);
  // Greyscale samples around two places: the luminance at the four "notches" (4 px straight up,
  // down, left, right of the centre) and on the four diagonals (3 px out each way).
  const samples = async () => page.evaluate(async () => {
    const { geometry } = await import("./views/plane.js");
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById("plane"));
    const g = geometry(Math.floor(c.getBoundingClientRect().width));
    const dpr = c.width / g.size;
    const ctx = /** @type {CanvasRenderingContext2D} */ (c.getContext("2d"));
    const lum = (/** @type {number} */ x, /** @type {number} */ y) => {
      const d = ctx.getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data;
      return 0.2126 * d[0] + 0.7152 * d[1] + 0.0722 * d[2];
    };
    return [[-0.75, 0.75], [0.75, -0.75]].map(([x1, x2]) => {
      const [px, py] = g.toPx(x1, x2);
      return {
        notches: [[0, -4], [0, 4], [-4, 0], [4, 0]].map(([dx, dy]) => lum(px + dx, py + dy)),
        diagonals: [[-3, -3], [3, -3], [-3, 3], [3, 3]].map(([dx, dy]) => lum(px + dx, py + dy)),
      };
    });
  });
  const empty = await samples();
  const addAt = async (x1, x2, cls) => {
    await page.getByRole("radio", { name: cls }).check();
    const at = await planePoint(page, x1, x2);
    await page.mouse.click(at.x, at.y);
  };
  await addAt(-0.75, 0.75, "Red (label 0)");
  await addAt(0.75, -0.75, "Green (label 1)");
  await frames(page, 3);
  const drawn = await samples();
  // How much each mark changed the plane's luminance at the notches and on the diagonals.
  const change = drawn.map((d, k) => ({
    notches: d.notches.reduce((s, v, i) => s + Math.abs(v - empty[k].notches[i]), 0) / 4,
    diagonals: d.diagonals.reduce((s, v, i) => s + Math.abs(v - empty[k].diagonals[i]), 0) / 4,
  }));
  // Red: a filled circle covers both. Green: a cross covers the diagonals and leaves the notches.
  assert.ok(change[0].notches > 30 && change[0].diagonals > 30, `circle ${JSON.stringify(change[0])}`);
  assert.ok(change[1].diagonals > 30 && change[1].notches < change[1].diagonals / 3, `cross ${JSON.stringify(change[1])}`);

  await page.getByRole("checkbox", { name: "Colour-blind-safe colours" }).check();
  await frames(page, 3);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.palette), "safe");
  assert.match(await page.locator("#palette-note").textContent(), /red is shown orange/);
  const orange = await page.evaluate(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById("plane"));
    return getComputedStyle(document.documentElement).getPropertyValue("--c0").trim() + "|" + c.width;
  });
  assert.match(orange, /230 97 0/);
  // The lecture's points back (three undos), trained, for a screenshot of the palette at work.
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Undo" }).click();
  assert.equal((await snapshot(page)).points.length, 20);
  await page.getByRole("button", { name: "Train", exact: true }).click();
  await page.waitForFunction(() => /Stopped/.test(document.getElementById("status").textContent), null, { timeout: 20000 });
  await frames(page, 3);
  await page.locator(".plane-panel").screenshot({ path: join(WWW, "../target/e2e/a11y-palette-safe-plane.png") });
  await screenshot(page, "a11y-palette-safe");
  // The autosave runs a second after the last change: wait until the save holds the palette and the run.
  const trained = (await snapshot(page)).epoch;
  await page.waitForFunction((epoch) => {
    const saved = JSON.parse(localStorage.getItem("backprop-lab/state/v1") ?? "null");
    return saved?.settings?.palette === "safe" && saved.epoch === epoch;
  }, trained, { timeout: 10000 });
  await page.reload();
  await whenReady(page);
  await frames(page, 3);
  assert.equal(await page.getByRole("checkbox", { name: "Colour-blind-safe colours" }).isChecked(), true);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.palette), "safe");
  assert.deepEqual(errors, []);
  await context.close();
});

test("reduced motion: training still runs to its stop and shows the result", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await page.emulateMedia({ reducedMotion: "reduce" });
  assert.equal(await page.evaluate(() => matchMedia("(prefers-reduced-motion: reduce)").matches), true);
  const start = await page.evaluate(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById("plane"));
    return c.toDataURL();
  });
  await page.getByRole("button", { name: "Train", exact: true }).click();
  await page.waitForFunction(() => /Stopped/.test(document.getElementById("status").textContent), null, { timeout: 20000 });
  await frames(page, 3);
  assert.equal(await readNumber(page, "Train accuracy"), 100);
  assert.ok((await readNumber(page, "Train loss")) < 0.005);
  await checkReadouts(page, "reduced motion");
  const end = await page.evaluate(() => /** @type {HTMLCanvasElement} */ (document.getElementById("plane")).toDataURL());
  assert.notEqual(end, start, "the boundary was redrawn");
  assert.match(await page.getByRole("status", { name: "Spoken progress" }).textContent(), /Stopped at epoch/);
  assert.deepEqual(errors, []);
  await context.close();
});
