// The classroom (issue 16): lesson links (a share link, a state file and a reload re-enter the
// lesson), presenter mode, the lessons' challenges, figures (PNG, LaTeX) and the print layout.
// Screenshots in target/e2e/classroom-*.png.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { useBrowser, openPage, snapshot, screenshot, frames, whenReady, settled, SHOTS } from "./harness.mjs";

const env = useBrowser();

/** Opens lesson n (1-based) by its button. */
async function openLesson(page, n) {
  await page.getByRole("button", { name: new RegExp(`^${n}\\. `) }).click();
  await page.waitForFunction((n) => window.backpropLab.snapshot().lesson === n, n);
}

/** The open lesson's card heading ("Lesson 6 of 14: …"). */
function lessonHeading(page) {
  return page.getByRole("heading", { level: 3, name: /^Lesson \d+ of \d+:/ });
}

/** Clicks a button by its name and returns the downloaded file. */
async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name }).click()]);
  return file;
}

test("lesson links: a share link, a state file and a reload come back to the open lesson", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  const own = await snapshot(page);
  await openLesson(page, 6);
  await page.getByRole("button", { name: "One epoch" }).click();
  await settled(page);
  const inLesson = await snapshot(page);
  assert.equal(inLesson.epoch, 1);

  // A share link (with the weights) opens lesson 6 elsewhere, on exactly this work.
  await page.getByRole("checkbox", { name: "include the weights" }).check();
  await page.getByRole("button", { name: "Make a share link" }).click();
  const url = await page.getByRole("textbox", { name: "Share link" }).inputValue();
  assert.match(url, /\.~descent$/);
  const other = await openPage(env.browser, env.server.url);
  await other.page.goto("about:blank");
  await other.page.goto(url.replace(/\?[^#]*/, "?lang=en"));
  await whenReady(other.page);
  await other.page.waitForFunction(() => window.backpropLab.snapshot().lesson === 6);
  assert.match(await lessonHeading(other.page).textContent(), /^Lesson 6 of 14: Gradient descent/);
  const linked = await snapshot(other.page);
  assert.deepEqual(linked.params, inLesson.params);
  assert.equal(linked.points.length, inLesson.points.length);

  // A state file saved during the lesson re-enters it when opened; "Back to my work" then gives back
  // the work the page had before the file.
  const file = await download(page, "Everything (JSON)");
  const text = await readFile(await file.path(), "utf8");
  assert.equal(JSON.parse(text).lesson, "descent");
  const third = await openPage(env.browser, env.server.url);
  const before = await snapshot(third.page);
  const [chooser] = await Promise.all([third.page.waitForEvent("filechooser"),
    third.page.getByRole("button", { name: "Open a file (CSV or JSON)" }).click()]);
  await chooser.setFiles({ name: "lesson.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await third.page.waitForFunction(() => window.backpropLab.snapshot().lesson === 6);
  assert.deepEqual((await snapshot(third.page)).params, inLesson.params);
  await third.page.getByRole("button", { name: "Back to my work" }).click();
  await third.page.waitForFunction(() => window.backpropLab.snapshot().lesson === null);
  assert.deepEqual((await snapshot(third.page)).params, before.params);

  // A reload during the lesson comes back to it, at its epoch; the own work is still there to go back to.
  await page.reload(); // pagehide saves at once
  await whenReady(page);
  await page.waitForFunction(() => window.backpropLab.snapshot().lesson === 6);
  await lessonHeading(page).waitFor();
  const reloaded = await snapshot(page);
  assert.equal(reloaded.epoch, inLesson.epoch);
  assert.deepEqual(reloaded.params, inLesson.params);
  await page.getByRole("button", { name: "Back to my work" }).click();
  await page.waitForFunction(() => window.backpropLab.snapshot().lesson === null);
  const back = await snapshot(page);
  assert.deepEqual(back.params, own.params);
  assert.equal(back.points.length, own.points.length);

  assert.deepEqual([...errors, ...other.errors, ...third.errors], []);
  await context.close();
  await other.context.close();
  await third.context.close();
});

/**
 * Opens the page at a viewport in a context that lets axe-core in (the page's CSP refuses an
 * injected script, so this context alone bypasses it), and waits for the panels.
 */
async function openAt(width, height, query = "lang=en") {
  const context = await env.browser.newContext({ viewport: { width, height }, bypassCSP: true });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${env.server.url}?${query}`);
  await whenReady(page);
  return { page, context, errors };
}

/** Serious and critical axe-core violations on the page as it is. */
async function axeViolations(page) {
  await page.addScriptTag({ path: new URL("../../node_modules/axe-core/axe.min.js", import.meta.url).pathname });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, where: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
}

const presenting = (page) => page.evaluate(() => document.documentElement.classList.contains("presenting"));

/** Where the normal page's panels and plane are (document coordinates) and how it is scrolled. */
function layoutOf(page) {
  return page.evaluate(() => ({
    scroll: [scrollX, scrollY],
    boxes: [...document.querySelectorAll("section, #plane, .bp-net, .readouts")].map((el) => {
      const r = el.getBoundingClientRect();
      return [el.id || el.className, Math.round(r.left + scrollX), Math.round(r.top + scrollY), Math.round(r.width), Math.round(r.height)];
    }),
    plane: document.getElementById("plane").width,
    url: location.search,
  }));
}

/** Waits until the equations are typeset and the page has drawn what changed. */
async function typeset(page) {
  await page.waitForFunction(() => document.querySelector(".bp-eq-scroll")?.getAttribute("aria-busy") === "false" &&
    document.querySelector(".bp-eq .katex") !== null);
  await frames(page, 3);
}

test("presenter mode: the button, f and Esc enter and leave it, and the normal page comes back unchanged", async () => {
  const { page, context, errors } = await openAt(1280, 800);
  await typeset(page);
  await page.evaluate(() => scrollTo(0, 700));
  await frames(page, 3);
  const before = await layoutOf(page);
  assert.equal(before.scroll[1], 700);

  // The key f from where the student is, Esc to leave: the page comes back scrolled where it was.
  await page.keyboard.press("f");
  await page.waitForFunction(() => document.documentElement.classList.contains("presenting"));
  assert.match(await page.evaluate(() => location.search), /present=1/);
  await frames(page, 3);
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.documentElement.classList.contains("presenting"));
  await frames(page, 4);
  assert.deepEqual(await layoutOf(page), before, "after f and Esc");

  // The button (in the page's header) to enter and to leave.
  const button = page.getByRole("button", { name: "Presenter mode (f)" });
  await button.scrollIntoViewIfNeeded();
  await frames(page, 3);
  const atButton = await layoutOf(page);
  await button.click();
  await page.waitForFunction(() => document.documentElement.classList.contains("presenting"));
  await page.getByRole("button", { name: "Leave presenter mode (Esc)" }).click();
  await page.waitForFunction(() => !document.documentElement.classList.contains("presenting"));
  await frames(page, 4);
  assert.deepEqual(await layoutOf(page), atButton, "after the button");
  assert.deepEqual(errors, []);
  await context.close();
});

/** Asserts that each of the presenter's parts is whole on screen. */
async function assertOnScreen(page, what) {
  const { width, height } = page.viewportSize();
  const parts = {
    plane: page.getByRole("img", { name: /^Plane: the points/ }),
    train: page.getByRole("button", { name: /^(Train|Pause)$/ }),
    oneEpoch: page.getByRole("button", { name: "One epoch" }),
    epoch: page.getByRole("status", { name: "Epoch", exact: true }),
    trainLoss: page.getByRole("status", { name: "Train loss", exact: true }),
    testAcc: page.getByRole("status", { name: "Test accuracy", exact: true }),
    diagram: page.locator(".bp-net"),
    next: page.getByRole("button", { name: /^Next phase|^Next iteration/ }),
    equation: page.locator(".bp-eq:visible").first(),
    leave: page.getByRole("button", { name: "Leave presenter mode (Esc)" }),
  };
  for (const [name, locator] of Object.entries(parts)) {
    const box = await locator.boundingBox();
    assert.ok(box, `${what}: ${name} is shown`);
    assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5,
      `${what}: ${name} at ${JSON.stringify(box)} is inside ${width}×${height}`);
  }
  assert.equal(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight &&
    document.documentElement.scrollWidth <= innerWidth), true, `${what}: nothing below or beside the screen`);
}

/** The smallest font size of the text shown (outside the diagram's SVG and KaTeX's inner boxes), and KaTeX's. */
function textSizes(page) {
  return page.evaluate(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let min = Infinity;
    let where = "";
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      if (!node.textContent.trim() || !el || el.closest("svg, .katex, .sr-only, dialog, option")) continue;
      if (!el.checkVisibility() || el.getBoundingClientRect().width === 0) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < min) {
        min = size;
        where = el.outerHTML.slice(0, 100);
      }
    }
    const math = [...document.querySelectorAll(".bp-eq .katex")].filter((k) => k.checkVisibility())
      .map((k) => parseFloat(getComputedStyle(k).fontSize));
    // The diagram's numbers and titles: SVG units times the drawing's scale on screen.
    const svg = [...document.querySelectorAll(".bp-net text")].filter((e) => e.textContent.trim() && e.checkVisibility())
      .map((e) => parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a);
    return { min, where, math: Math.min(...math), count: math.length, svg: Math.min(...svg), svgCount: svg.length };
  });
}

test("presenter mode at 1920×1080 and 1280×720: plane, diagram, readouts, the step's equation; large text; keys", async () => {
  const { page, context, errors } = await openAt(1920, 1080, "lang=en&present=1");
  assert.equal(await presenting(page), true, "?present=1 opens presenter mode");
  await typeset(page);
  await assertOnScreen(page, "1920×1080");
  const sizes = await textSizes(page);
  assert.ok(sizes.min >= 24, `the smallest text is ${sizes.min}px: ${sizes.where}`);
  assert.ok(sizes.count >= 1 && sizes.math >= 24, `equations at ${sizes.math}px (${sizes.count} shown)`);
  assert.ok(sizes.svgCount >= 9 && sizes.svg >= 24, `the diagram's numbers at ${sizes.svg.toFixed(1)}px (${sizes.svgCount})`);
  assert.deepEqual(await axeViolations(page), []);

  // Space trains and pauses, s trains one epoch, n takes the step-through's next phase.
  const train = page.locator("#train");
  await page.keyboard.press(" ");
  await page.waitForFunction(() => document.getElementById("train")?.getAttribute("aria-pressed") === "true");
  await page.waitForFunction(() => window.backpropLab.snapshot().epoch > 0);
  await page.keyboard.press(" ");
  await settled(page);
  assert.equal(await train.getAttribute("aria-pressed"), "false");
  const paused = (await snapshot(page)).epoch;
  await page.keyboard.press("s");
  await page.waitForFunction((e) => window.backpropLab.snapshot().epoch === e + 1, paused);
  await page.keyboard.press("n");
  await page.getByRole("status", { name: "Phase", exact: true }).filter({ hasText: /^Phase 1 of \d+/ }).waitFor();
  await typeset(page);
  const shown = await page.locator(".bp-eq:visible").evaluateAll((els) => els.map((e) => e.dataset.phase));
  assert.deepEqual([...new Set(shown)], ["forward-1"], "the current step's equations, and only them");
  await page.keyboard.press("n");
  await page.getByRole("status", { name: "Phase", exact: true }).filter({ hasText: /^Phase 2 of \d+/ }).waitFor();
  await typeset(page);
  await assertOnScreen(page, "1920×1080, step 2");
  await screenshot(page, "classroom-presenter-1920x1080");

  await page.setViewportSize({ width: 1280, height: 720 });
  await frames(page, 4);
  await typeset(page);
  await assertOnScreen(page, "1280×720");
  await screenshot(page, "classroom-presenter-1280x720");
  assert.deepEqual(errors, []);
  await context.close();

  // In Vietnamese (longer words) too: all on one screen at 1280×720, large text, axe clean.
  const vi = await openAt(1280, 720, "lang=vi&present=1");
  await typeset(vi.page);
  assert.equal(await vi.page.evaluate(() => document.documentElement.scrollHeight <= innerHeight &&
    document.documentElement.scrollWidth <= innerWidth), true, "vi: nothing below or beside the screen");
  const leave = await vi.page.getByRole("button", { name: "Thoát chế độ trình chiếu (Esc)" }).boundingBox();
  assert.ok(leave && leave.x + leave.width <= 1280 && leave.y >= 0, `vi: the leave button at ${JSON.stringify(leave)}`);
  assert.ok((await textSizes(vi.page)).min >= 16, "vi: text at 720 p");
  assert.deepEqual(await axeViolations(vi.page), []);
  await screenshot(vi.page, "classroom-presenter-vi-1280x720");
  assert.deepEqual(vi.errors, []);
  await vi.context.close();
});

/** The open lesson's challenge mark ("not yet" or "✓ met"). */
const challenge = (page) => page.getByRole("status", { name: "Challenge", exact: true });

test("challenges: lesson 6 is met by diverging and rescuing, lesson 8 by 90 % test accuracy with 3 hidden neurons", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await openLesson(page, 6);
  await page.getByText(/^Challenge: Make training diverge/).waitFor();
  assert.equal(await challenge(page).textContent(), "not yet");
  // Training that converges is not a rescue.
  await page.getByRole("button", { name: "One epoch" }).click();
  await settled(page);
  assert.equal(await challenge(page).textContent(), "not yet");
  await page.getByRole("button", { name: "α = 10", exact: true }).click();
  await page.getByRole("button", { name: "Train", exact: true }).click();
  const restore = page.getByRole("button", { name: "Restore the last good weights" });
  await restore.waitFor({ timeout: 30000 });
  assert.equal(await challenge(page).textContent(), "not yet", "diverged, not yet rescued");
  await restore.click();
  await challenge(page).filter({ hasText: "✓ met" }).waitFor();
  await mkdir(SHOTS, { recursive: true });
  await page.locator(".lesson-card").screenshot({ path: join(SHOTS, "classroom-challenge-met.png") });
  // A met challenge stays met: after a reload, lesson 6 opened again shows it met.
  await page.reload();
  await whenReady(page);
  await openLesson(page, 6);
  await page.getByText(/^Challenge: Make training diverge/).waitFor();
  assert.equal(await challenge(page).textContent(), "✓ met", "met before the reload");

  // Lesson 8: the large network never counts; more data and 3 hidden neurons reach 90 %.
  await openLesson(page, 8);
  assert.equal(await challenge(page).textContent(), "not yet");
  await page.getByRole("button", { name: "More data (300 points)" }).click();
  await page.getByRole("button", { name: "Remove hidden layer" }).click();
  for (let i = 0; i < 5; i++) await page.getByRole("button", { name: "Remove a neuron from hidden layer 1" }).click();
  assert.deepEqual((await snapshot(page)).spec.layers, [2, 3, 1]);
  const maxEpochs = page.getByRole("spinbutton", { name: "Maximum number of epochs" });
  await maxEpochs.fill("4000");
  await maxEpochs.press("Enter");
  await page.getByRole("button", { name: "Train", exact: true }).click();
  await challenge(page).filter({ hasText: "✓ met" }).waitFor({ timeout: 60000 });
  await settled(page, 60000);
  const s = await snapshot(page);
  assert.deepEqual(s.spec.layers, [2, 3, 1]);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Width and height of a PNG file, from its IHDR chunk. */
function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString("latin1"), "PNG", "a PNG file");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Downloads a figure by its button and returns its bytes. */
async function figure(page, name) {
  const file = await download(page, name);
  return readFile(await file.path());
}

test("figures: the plane, the diagram and the loss chart as PNG at 3× their size; the equations as LaTeX", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "One epoch" }).click();
  await settled(page);
  await typeset(page);
  const css = await page.evaluate(() => ({
    plane: Math.floor(document.getElementById("plane").getBoundingClientRect().width),
    diagram: (({ width, height }) => ({ width, height }))(document.querySelector(".bp-net").getBoundingClientRect()),
    chart: Math.max(300, document.getElementById("loss-chart").clientWidth),
  }));

  const plane = await figure(page, "Download the plane (PNG)");
  assert.deepEqual(pngSize(plane), { width: 3 * css.plane, height: 3 * css.plane });
  // Redrawn, not an enlarged copy: the axes' numbers are drawn at 3× (thin dark strokes), and the
  // plot is tinted by the boundary while the margins are white.
  const look = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const at = (x, y) => Array.from(ctx.getImageData(x, y, 1, 1).data);
    const { geometry } = await import("./views/plane.js");
    const g = geometry(img.width / 3);
    return { corner: at(1, 1), inside: at(3 * (g.left + g.plot * 0.1), 3 * (g.top + g.plot * 0.5)) };
  }, plane.toString("base64"));
  assert.deepEqual(look.corner, [255, 255, 255, 255], "white margin");
  assert.ok(!(look.inside[0] === 255 && look.inside[1] === 255 && look.inside[2] === 255), `tinted plot ${look.inside}`);

  const diagram = await figure(page, "Download the diagram (PNG)");
  assert.deepEqual(pngSize(diagram), { width: Math.round(3 * css.diagram.width), height: Math.round(3 * css.diagram.height) });
  // The diagram as SVG: a standalone vector drawing that a browser can draw, with every word and
  // number of the diagram on screen, and the page's colours written onto its elements.
  const svgText = (await figure(page, "Download the diagram (SVG)")).toString("utf8");
  const svgLook = await page.evaluate(async (text) => {
    const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
    await img.decode();
    return { root: parsed.documentElement.nodeName, ns: parsed.documentElement.namespaceURI, width: img.width,
      text: parsed.documentElement.textContent, shown: document.querySelector(".bp-net").textContent,
      styled: parsed.querySelectorAll("[style*='stroke']").length };
  }, svgText);
  assert.equal(svgLook.root, "svg");
  assert.equal(svgLook.ns, "http://www.w3.org/2000/svg");
  assert.equal(svgLook.width, Math.round(css.diagram.width));
  assert.equal(svgLook.text, svgLook.shown);
  assert.match(svgLook.text, /\d\.\d/, "the diagram's numbers are in it");
  assert.ok(svgLook.styled > 10, `${svgLook.styled} elements carry their style`);
  const chart = await figure(page, "Download the loss chart (PNG)");
  assert.deepEqual(pngSize(chart), { width: 3 * css.chart, height: 3 * 220 });

  // LaTeX: the equations shown, exactly the TeX KaTeX typeset, to the clipboard and into a box.
  await page.getByRole("button", { name: "Copy the equations as LaTeX" }).click();
  const box = page.getByRole("textbox", { name: "The equations in LaTeX" });
  await box.waitFor();
  const text = await box.inputValue();
  const copied = [...text.matchAll(/^\\\[ (.*) \\\]$/gm)].map((m) => m[1]);
  const shown = await page.evaluate(() => [...document.querySelectorAll(".bp-eq annotation")]
    .map((a) => a.textContent.replace(/^\\displaystyle /, "")));
  assert.ok(copied.length >= 20, `${copied.length} equations`);
  assert.deepEqual(copied, shown);
  // The page says "Copied" once the clipboard's write has resolved: read the clipboard after that.
  const note = page.getByText(/^Copied \d+ equations as LaTeX/);
  await note.waitFor({ timeout: 10000 });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
  assert.match(await note.textContent(), new RegExp(`^Copied ${copied.length} equations`));
  assert.match(text, /^% Forward, layer 1/m);
  assert.deepEqual(errors, []);
  await context.close();
});

test("print: the plane, the readouts and every equation with its numbers on at most two A4 pages", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "One epoch" }).click();
  await settled(page);
  await page.getByRole("button", { name: "Next phase" }).click(); // a phase is highlighted on screen; print shows all
  await typeset(page);
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
  await frames(page, 3);
  await page.waitForFunction(() => [...document.querySelectorAll(".bp-eq")].every((e) => e.querySelector(".katex")));
  // The plane on paper is a figure redrawn at about 290 dpi (1044 px for 92 mm), not the screen's bitmap.
  await page.waitForFunction(() => document.querySelector(".print-plane")?.complete &&
    document.querySelector(".print-plane").naturalWidth > 0);
  const printed = await page.evaluate(() => {
    const img = document.querySelector(".print-plane");
    return { width: img.naturalWidth, mm: img.getBoundingClientRect().width * 25.4 / 96,
      screenBitmap: document.getElementById("plane").checkVisibility(), alt: img.alt };
  });
  assert.equal(printed.width, 1044);
  assert.ok(Math.abs(printed.mm - 92) < 0.5, `${printed.mm} mm wide`);
  assert.equal(printed.screenBitmap, false, "the screen's bitmap is not printed");
  assert.match(printed.alt, /^Plane: .*10 red circles, 10 green crosses.*epoch 2\.$/, "the figure says what it shows");
  const shown = await page.evaluate(() => {
    const seen = (el) => el !== null && el.checkVisibility() && el.getBoundingClientRect().width > 0;
    return {
      plane: seen(document.querySelector(".print-plane")),
      readouts: ["r-epoch", "r-train-loss", "r-train-acc"].every((id) => seen(document.getElementById(id))),
      equations: [...document.querySelectorAll(".bp-eq")].filter(seen).length,
      all: document.querySelectorAll(".bp-eq").length,
      buttons: [...document.querySelectorAll("button")].filter(seen).map((b) => b.textContent),
      epoch: document.getElementById("r-epoch").textContent,
      clipped: (({ scrollHeight, clientHeight }) => scrollHeight - clientHeight)(document.querySelector(".bp-eq-scroll")),
    };
  });
  assert.equal(shown.plane, true, "the plane is printed");
  assert.equal(shown.readouts, true, "the readouts are printed");
  assert.equal(shown.epoch, "2");
  assert.ok(shown.all >= 20 && shown.equations === shown.all, `${shown.equations} of ${shown.all} equations printed`);
  assert.deepEqual(shown.buttons, [], "no controls on paper");
  assert.ok(shown.clipped <= 1, `the equations' box hides ${shown.clipped}px behind its scroll bar`);
  await screenshot(page, "classroom-print");
  const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
  const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
  assert.ok(pages >= 1 && pages <= 2, `${pages} A4 pages`);
  // Back on screen, the figure for paper is gone (nothing extra stays in the page).
  await page.emulateMedia({ media: "screen" });
  await page.waitForFunction(() => document.querySelector(".print-plane") === null);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a student hands in a lesson's work as one HTML file; the teacher reads it into a table with the same numbers", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await openLesson(page, 2);
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "One epoch" }).click();
  await settled(page);
  const shown = {
    epoch: await page.getByRole("status", { name: "Epoch", exact: true }).textContent(),
    trainLoss: await page.getByRole("status", { name: "Train loss", exact: true }).textContent(),
    trainAcc: await page.getByRole("status", { name: "Train accuracy", exact: true }).textContent(),
  };
  // No name, no file: the page asks for it.
  await page.getByRole("button", { name: "Hand in this work (HTML)" }).click();
  await page.locator("#files-status").filter({ hasText: "Type your name first" }).waitFor();
  await page.getByRole("textbox", { name: "Student (the name on the hand-in)" }).fill("Trần Thị Bình");
  const file = await download(page, "Hand in this work (HTML)");
  assert.equal(file.suggestedFilename(), "backprop-lab-work-Tran-Thi-Binh.html");
  await page.locator("#files-status").filter({ hasText: "The hand-in file was made (backprop-lab-work-Tran-Thi-Binh.html)" }).waitFor();
  const html = await readFile(await file.path(), "utf8");

  // The file, opened as a page of its own: the name, the lesson and the readouts as the page showed
  // them, and the two pictures, which a browser can draw.
  const reader = await context.newPage();
  await reader.setContent(html);
  const field = async (term) => reader.locator(`dt:text-is("${term}") + dd`).textContent();
  assert.equal(await field("Name"), "Trần Thị Bình");
  assert.match(await field("Lesson"), /^Lesson 2: /);
  assert.equal(await field("Epoch"), shown.epoch);
  assert.equal(Number(await field("Train loss")), Number(shown.trainLoss));
  assert.equal((await field("Train accuracy")).replace(/\s/g, ""), shown.trainAcc.replace(/\s/g, ""));
  const pictures = await reader.locator("img").evaluateAll((imgs) => Promise.all(imgs.map(async (img) => {
    await img.decode();
    return { alt: img.alt, width: img.naturalWidth };
  })));
  assert.deepEqual(pictures.map((p) => p.alt), ["The decision boundary and the points", "The loss over the epochs"]);
  assert.ok(pictures.every((p) => p.width >= 300), JSON.stringify(pictures));
  await mkdir(SHOTS, { recursive: true });
  await reader.screenshot({ path: join(SHOTS, "classroom-work-handin.png"), fullPage: true });
  await reader.close();

  // The teacher reads it (with a file that is not a hand-in) in the table of training work.
  await page.getByText("Read hand-ins (for teachers)").click();
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: "Open hand-in files…" }).click()]);
  await chooser.setFiles([{ name: "bai.html", mimeType: "text/html", buffer: Buffer.from(html) },
    { name: "notes.html", mimeType: "text/html", buffer: Buffer.from("<p>notes</p>") }]);
  const table = page.getByRole("table", { name: "Training work handed in" });
  await table.waitFor();
  const cells = await table.getByRole("row").nth(1).locator("th, td").allTextContents();
  assert.equal(cells[0], "Trần Thị Bình");
  assert.match(cells[1], /^Lesson 2: /);
  assert.equal(cells[4], shown.epoch);
  assert.equal(Number(cells[5]), Number(shown.trainLoss));
  await page.getByText("notes.html was not read: it is not a backprop-lab result file.").waitFor();
  // The name is kept for the next hand-in.
  await page.reload();
  await whenReady(page);
  await page.waitForFunction(() => /** @type {HTMLInputElement} */ (document.getElementById("work-name"))?.value === "Trần Thị Bình");
  assert.equal(await page.getByRole("textbox", { name: "Student (the name on the hand-in)" }).inputValue(), "Trần Thị Bình");
  assert.deepEqual(errors, []);
  await context.close();
});
