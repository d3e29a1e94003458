// Layout at laptop, small-laptop and phone sizes; touch; both languages.

import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, snapshot, screenshot, planePoint, frames, pauseIfRunning } from "./harness.mjs";

const env = useBrowser();

/** Boxes of the panels and of every visible control, to check nothing overlaps or sticks out. */
function layoutFacts(page) {
  return page.evaluate(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height, name: el.id || el.className || el.tagName };
    };
    const visible = (el) => el.getBoundingClientRect().width > 0 && getComputedStyle(el).visibility !== "hidden";
    const panels = [...document.querySelectorAll(".panel")].map(box);
    const controls = [...document.querySelectorAll("button, input, select, canvas, output")].filter(visible).map(box);
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth,
      panels,
      controls,
    };
  });
}

function overlap(a, b) {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 1 && h > 1;
}

for (const [width, height, touch] of [[1280, 800, false], [1024, 768, false], [390, 844, true]]) {
  test(`layout at ${width}×${height}: no sideways scroll, panels apart, controls inside`, async () => {
    const { page, errors, context } = await openPage(env.browser, env.server.url, { width, height, touch });
    await page.getByRole("combobox", { name: "Data set" }).selectOption("circle");
    await page.getByRole("slider", { name: /Test split/ }).fill("30");
    await page.getByRole("button", { name: "Add hidden layer" }).click();
    await page.getByRole("combobox", { name: "Hidden activation function" }).selectOption("tanh");
    await page.getByRole("combobox", { name: "Gradients" }).selectOption("mean");
    await page.getByRole("button", { name: "Train" }).click();
    // Some training for the screenshots: until 30 epochs are done (far from the run's own stop).
    await page.waitForFunction(() => window.backpropLab.snapshot().epoch >= 30, null, { timeout: 20000 });
    await pauseIfRunning(page);
    await frames(page, 3);
    const f = await layoutFacts(page);
    assert.ok(f.scrollWidth <= f.innerWidth, `page is ${f.scrollWidth} px wide in a ${f.innerWidth} px window`);
    for (let i = 0; i < f.panels.length; i++) {
      for (let j = i + 1; j < f.panels.length; j++) {
        assert.ok(!overlap(f.panels[i], f.panels[j]), `${f.panels[i].name} overlaps ${f.panels[j].name}`);
      }
    }
    for (const c of f.controls) {
      assert.ok(c.x >= -1 && c.x + c.w <= width + 1, `${c.name} sticks out: x ${c.x}, w ${c.w}`);
    }
    // The plane is big enough to work on.
    const plane = f.controls.find((c) => c.name === "plane");
    assert.ok(plane.w >= Math.min(340, width - 40), `plane ${plane.w} px`);
    await page.evaluate(() => scrollTo(0, 0));
    await screenshot(page, `playground-${width}x${height}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("phone: the training bar is one opaque row, leaves room for the page's last line, and the hint speaks of taps", async () => {
  for (const lang of ["en", "vi"]) {
    const { page, errors, context } = await openPage(env.browser, env.server.url, { width: 390, height: 844, touch: true, query: `lang=${lang}` });
    // To the very bottom (panels below typeset as they come into view, so the page grows meanwhile).
    await page.waitForFunction(() => {
      const h = document.documentElement.scrollHeight;
      const still = h === window.__lastHeight;
      window.__lastHeight = h;
      scrollTo(0, h);
      return still && Math.ceil(scrollY + innerHeight) >= h;
    }, null, { polling: 300, timeout: 30000 });
    await frames(page, 3);
    const f = await page.evaluate(() => {
      const bar = document.querySelector(".main-buttons");
      const r = bar.getBoundingClientRect();
      const panels = [...document.querySelectorAll(".panel")].filter((p) => p.getBoundingClientRect().height > 0);
      const last = Math.max(...panels.map((p) => p.getBoundingClientRect().bottom));
      const buttons = [...bar.querySelectorAll("button")].map((b) => b.getBoundingClientRect().top);
      const hints = [...document.querySelectorAll(".plane-panel .hint")].filter((h) => h.getBoundingClientRect().height > 0);
      return {
        top: r.top, height: r.height, padding: parseFloat(getComputedStyle(document.body).paddingBottom), last,
        background: getComputedStyle(bar).backgroundColor, buttons, hints: hints.map((h) => h.textContent),
      };
    });
    assert.ok(f.height <= 0.09 * 844, `${lang}: the bar takes ${f.height} px of 844`);
    assert.ok(Math.abs(f.padding - f.height) <= 1, `${lang}: room below the page ${f.padding} px, bar ${f.height} px`);
    assert.ok(f.last <= f.top + 0.5, `${lang}: the last panel ends at ${f.last}, under the bar at ${f.top}`);
    assert.equal(f.background, "rgb(255, 255, 255)", `${lang}: nothing shows through the bar`);
    assert.ok(f.buttons.every((y) => Math.abs(y - f.buttons[0]) < 1), `${lang}: one row of buttons ${f.buttons}`);
    assert.equal(f.hints.length, 1);
    assert.doesNotMatch(f.hints[0], /shift|ctrl|right-click|chuột phải/i, `${lang}: ${f.hints[0]}`);
    assert.match(f.hints[0], lang === "en" ? /^Tap .*long press/ : /^Chạm .*nhấn giữ/);
    assert.deepEqual(errors, []);
    await context.close();
  }
  // With a mouse the hint gives the clicks and keys.
  const { page, context } = await openPage(env.browser, env.server.url);
  const hints = await page.evaluate(() => [...document.querySelectorAll(".plane-panel .hint")]
    .filter((h) => h.getBoundingClientRect().height > 0).map((h) => h.textContent));
  assert.equal(hints.length, 1);
  assert.match(hints[0], /shift-click adds green/);
  await context.close();
});

test("a tap on a phone adds a point", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url, { width: 390, height: 844, touch: true });
  const before = (await snapshot(page)).points.length;
  const at = await planePoint(page, 1.1, -1.2);
  await page.touchscreen.tap(at.x, at.y);
  const s = await snapshot(page);
  assert.equal(s.points.length, before + 1);
  assert.ok(Math.abs(s.points.at(-1).x1 - 1.1) < 0.03 && Math.abs(s.points.at(-1).x2 + 1.2) < 0.03);
  assert.deepEqual(errors, []);
  await context.close();
});

test("Vietnamese: ?lang=vi shows the lecture's terms; the switch changes language in place", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url, { query: "lang=vi" });
  assert.equal(await page.evaluate(() => document.documentElement.lang), "vi");
  await page.getByRole("button", { name: "Huấn luyện" }).waitFor();
  await page.getByRole("combobox", { name: "Hàm kích hoạt của lớp ẩn" }).waitFor();
  await page.getByRole("slider", { name: /Tốc độ học α/ }).waitFor();
  const text = await page.locator("body").textContent();
  for (const term of ["biên quyết định", "lan truyền ngược", "quá khớp", "Hàm mất mát"]) {
    assert.ok(text.includes(term), term);
  }
  await page.getByRole("combobox", { name: "Ngôn ngữ" }).selectOption("en");
  await page.getByRole("button", { name: "Train" }).waitFor();
  await page.getByRole("button", { name: "Add a neuron to hidden layer 1" }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  assert.match(page.url(), /lang=en/);
  await page.getByRole("combobox", { name: "Language" }).selectOption("vi");
  await page.getByRole("button", { name: "Thêm một nơ-rơn vào lớp ẩn 1" }).waitFor();
  await screenshot(page, "playground-vi-1280x800");
  assert.deepEqual(errors, []);
  await context.close();
});

test("every control has an accessible name", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  const unnamed = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll("button, input, select, output, canvas")) {
      const labelled = el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") ||
        (el.labels && el.labels.length > 0) || (el.tagName === "BUTTON" && el.textContent.trim() !== "");
      // Canvases inside a labelled thumbnail button or a labelled chart (role img) are part of it.
      const thumb = el.tagName === "CANVAS" && (el.closest(".thumb") || el.closest("[role=img][aria-labelledby], [role=img][aria-label]"));
      const hidden = el.closest("[aria-hidden=true]");
      if (!labelled && !thumb && !hidden) out.push(el.outerHTML.slice(0, 80));
    }
    return out;
  });
  assert.deepEqual(unnamed, []);
  assert.deepEqual(errors, []);
  await context.close();
});
