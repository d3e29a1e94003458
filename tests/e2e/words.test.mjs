// What the student reads, in the page's language and as the lecture writes it (issue 13):
// numbers with the lecture's dot in a Vietnamese browser, whole epochs on every epoch axis,
// refusal reasons in the page's language, feature labels with real sub- and superscripts,
// and the shortcuts dialog's keys apart from their words.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useBrowser, openPage, frames, screenshot, SHOTS } from "./harness.mjs";

const env = useBrowser();

/**
 * Runs in the page before its scripts: every canvas remembers the text drawn on it since it
 * was last cleared whole (uPlot clears and redraws its axes), i.e. the text on screen.
 */
function recordCanvasText() {
  const proto = CanvasRenderingContext2D.prototype;
  const fillText = proto.fillText;
  const clearRect = proto.clearRect;
  proto.fillText = function (text, x, y, ...rest) {
    const c = /** @type {any} */ (this.canvas);
    (c.drawnText ??= []).push({ text: String(text), align: this.textAlign });
    return fillText.call(this, text, x, y, ...rest);
  };
  proto.clearRect = function (x, y, w, h) {
    const c = /** @type {any} */ (this.canvas);
    if (x <= 0 && y <= 0 && w >= c.width && h >= c.height) c.drawnText = [];
    return clearRect.call(this, x, y, w, h);
  };
}

/**
 * Waits, frame after frame, until a chart's canvas shows text of a kind (uPlot loads after the
 * first boundary and draws on frames of its own: a state to wait for, not a number of frames).
 * "epochTick": an x-axis tick of 1000 or more (the chart holds the whole run); "number": any number.
 * @param {import("playwright-core").Locator} chart
 * @param {"epochTick" | "number"} kind
 */
async function drawnWhen(chart, kind) {
  await chart.locator("canvas").evaluate((c, kind) => new Promise((ok) => {
    const number = /^[-−]?[\d.,]+(e[-−]?\d+)?$/;
    const ready = (/** @type {{ text: string, align: string }[]} */ drawn) => drawn.some((d) =>
      kind === "epochTick" ? /^\d{4,}$/.test(d.text) && d.align === "center" : number.test(d.text));
    const deadline = performance.now() + 30000;
    const wait = () => (ready(/** @type {any} */ (c).drawnText ?? []) || performance.now() > deadline ? ok(undefined) : requestAnimationFrame(wait));
    wait();
  }), kind);
}

/** The numbers drawn on a chart's canvas, each with its alignment (uPlot centres the x axis's ticks). */
async function drawnNumbers(chart) {
  const drawn = await chart.locator("canvas").evaluate((c) => /** @type {any} */ (c).drawnText ?? []);
  return drawn.filter((d) => /^[-−]?[\d.,]+(e[-−]?\d+)?$/.test(d.text));
}

/** Asserts numbers are written as the lecture writes them: a dot, no grouping, whole epochs on the x axis. */
function assertLectureNumbers(numbers, what) {
  assert.ok(numbers.length > 0, `${what}: no numbers drawn`);
  for (const { text, align } of numbers) {
    assert.doesNotMatch(text, /,/, `${what}: ${text} has a decimal comma`);
    if (align === "center") assert.match(text, /^\d+$/, `${what}: epoch tick ${text} is not a whole epoch`);
  }
}

test("a Vietnamese browser: charts write 0.1 and 1000 with the lecture's dot, the stop message reads true", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url, { query: "lang=vi", locale: "vi-VN", init: recordCanvasText });
  assert.equal(await page.evaluate(() => new Intl.NumberFormat().format(1000.5)), "1.000,5", "the browser writes numbers the Vietnamese way");
  // A stop loss the lecture's run reaches after more than 1000 epochs.
  const stop = page.getByRole("spinbutton", { name: "Dừng khi hàm mất mát nhỏ hơn" });
  await stop.fill("0.002");
  await stop.press("Tab");
  await page.getByRole("slider", { name: /^Nhịp huấn luyện/ }).evaluate((el) => {
    el.value = el.max;
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await page.getByRole("button", { name: "Huấn luyện", exact: true }).click();
  const status = page.getByRole("status", { name: "Trạng thái huấn luyện" });
  await status.filter({ hasText: /^Dừng ở epoch/ }).waitFor({ timeout: 60000 });
  const epoch = (await page.evaluate(() => window.backpropLab.snapshot())).epoch;
  assert.ok(epoch > 1000, `the run stopped at epoch ${epoch}`);
  const [, loss, threshold] = /hàm mất mát (\S+) đã nhỏ hơn (\S+)\.$/.exec(await status.textContent()) ?? [];
  assert.ok(Number(loss) < Number(threshold), `the status says ${loss} is below ${threshold}`);
  await frames(page, 3);

  for (const name of ["Hàm mất mát theo epoch", "Độ chính xác theo epoch"]) {
    const chart = page.getByRole("img", { name });
    await chart.scrollIntoViewIfNeeded();
    // Drawn with the whole run: an epoch tick of 1000 or more.
    await drawnWhen(chart, "epochTick");
    const numbers = await drawnNumbers(chart);
    assertLectureNumbers(numbers, name);
    assert.ok(numbers.some((n) => /^\d{4,}$/.test(n.text) && n.align === "center"), `${name}: an epoch tick of 1000 or more, ungrouped`);
    // Hover at the right end: the legend shows the epoch there and the values, with dots.
    const over = chart.locator(".u-over");
    const box = await over.boundingBox();
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    // The legend follows the cursor on uPlot's next frame: wait until it names an epoch there.
    await chart.locator(".u-legend .u-value").first().filter({ hasText: /^\d{4,}$/ }).waitFor({ timeout: 10000 }).catch(() => {});
    const values = await chart.locator(".u-legend .u-value").allTextContents();
    assert.match(values[0], /^\d{4,}$/, `${name}: the epoch under the cursor is ${values[0]}`);
    for (const v of values) assert.doesNotMatch(v, /,/, `${name}: legend value ${v}`);
  }
  const health = page.getByRole("img", { name: /độ lớn gradient/i });
  await health.scrollIntoViewIfNeeded();
  // The panel samples and draws once it is on screen: wait until its chart has numbers drawn.
  await drawnWhen(health, "number");
  assertLectureNumbers(await drawnNumbers(health), "gradient chart");
  await screenshot(page, "words-vi-browser-1280x800");
  assert.deepEqual(errors, []);
  await context.close();
});

test("after one epoch the gradient chart's epoch axis has whole epochs only (no 0.2, 0.4 …)", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url, { init: recordCanvasText });
  const health = page.getByRole("img", { name: /size of each layer's gradient/ });
  await health.scrollIntoViewIfNeeded();
  await page.getByRole("button", { name: "One epoch" }).click();
  await page.waitForFunction(() => window.backpropLab.snapshot().epoch === 1);
  // The chart has its sample when its legend names the layers' values at an epoch.
  await health.locator("canvas").evaluate((c) => new Promise((ok, fail) => {
    const ready = () => (/** @type {any} */ (c).drawnText ?? []).some((d) => d.align === "center" && /\d/.test(d.text));
    const until = performance.now() + 30000;
    const wait = () => (ready() ? ok(undefined) : performance.now() > until ? fail(new Error("the gradient chart drew no epoch in 30 s"))
      : requestAnimationFrame(wait));
    wait();
  }));
  const numbers = await drawnNumbers(health);
  assertLectureNumbers(numbers, "gradient chart after one epoch");
  await screenshot(page, "words-health-one-epoch-1280x800");
  assert.deepEqual(errors, []);
  await context.close();
});

test("Vietnamese: the file button is the page's own, and a bad file is refused in Vietnamese", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url, { query: "lang=vi", locale: "en-US" });
  // The browser's own control ("Choose File / No file chosen", in the browser's language) is not shown.
  // (every file input of the page: files, and the exercise panel's hand-ins, mounted after the
  // first boundary: wait until both are there)
  await page.waitForFunction(() => document.querySelectorAll('input[type="file"]').length === 2);
  assert.deepEqual(await page.locator('input[type="file"]').evaluateAll((els) => els.map((e) => e.checkVisibility())),
    [false, false]);
  const open = async (name, text) => {
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"),
      page.getByRole("button", { name: "Mở một tệp (CSV hoặc JSON)" }).click()]);
    await chooser.setFiles({ name, mimeType: "text/plain", buffer: Buffer.from(text) });
    const status = page.getByRole("status", { name: "Tệp và đường dẫn" });
    await status.filter({ hasText: name }).waitFor();
    return status.textContent();
  };
  assert.equal(await open("bad.csv", "x1,x2,label\n0.1,0.2\n"),
    "Không mở được bad.csv: dòng 2: cần 3 cột (x1, x2, nhãn), nhưng có 2. Bài làm của bạn không đổi.");
  assert.match(await open("bad.json", '{"format":"backprop-lab","version":1,"points":[{"x1":0,"x2":0,"label":9}]}'),
    /^Không mở được bad\.json: điểm 1, trường label: 9 không phải là một lớp \(từ 0 đến 3\)\./);
  // Switching the language rewrites the reason too.
  await page.getByRole("combobox", { name: "Ngôn ngữ" }).selectOption("en");
  await page.getByRole("status", { name: "Files and links" }).filter({ hasText: /^Could not open bad\.json: point 1, field label/ }).waitFor();
  await page.getByRole("combobox", { name: "Language" }).selectOption("vi");
  await page.getByRole("region", { name: "Lưu và chia sẻ" }).scrollIntoViewIfNeeded();
  await screenshot(page, "words-file-refused-vi-1280x800");
  assert.deepEqual(errors, []);
  await context.close();
});

test("Vietnamese: a damaged share link is refused in Vietnamese", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url, { query: "lang=vi#s1.AAAAAA.e30" });
  const status = page.getByRole("status", { name: "Tệp và đường dẫn" });
  await status.filter({ hasText: /^Không mở được đường dẫn/ }).waitFor();
  assert.match(await status.textContent(), /^Không mở được đường dẫn: các điểm trong đường dẫn bị hỏng\./);
  assert.deepEqual(errors, []);
  await context.close();
});

test("feature labels x₁², x₂², x₁·x₂ are set as math: subscripts low, superscripts high, next to their x", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url, { width: 390, height: 844 });
  for (const name of ["x1", "x2", "x1 squared", "x2 squared", "x1 times x2", "sin x1", "sin x2"]) {
    const box = page.getByRole("checkbox", { name, exact: true });
    const shape = await box.evaluate((input) => {
      const label = /** @type {HTMLElement} */ (input.closest("label"));
      const rect = (/** @type {Element | null} */ el) => el?.getBoundingClientRect() ?? null;
      const x = [...label.querySelectorAll("sub")].map((sub) => {
        // The x just before the subscript: the last character of the text before it.
        const text = /** @type {Text} */ (sub.previousSibling);
        const range = document.createRange();
        range.setStart(text, text.length - 1);
        range.setEnd(text, text.length);
        const base = range.getBoundingClientRect();
        return { gap: sub.getBoundingClientRect().left - base.right, drop: sub.getBoundingClientRect().bottom - base.bottom };
      });
      return { subs: x, sub: rect(label.querySelector("sub")), sup: rect(label.querySelector("sup")) };
    });
    assert.ok(shape.subs.length > 0, `${name}: no subscript`);
    for (const { gap, drop } of shape.subs) {
      assert.ok(gap < 1, `${name}: the subscript stands ${gap.toFixed(1)} px away from its x`);
      assert.ok(drop > 1, `${name}: the subscript is not below the line (${drop.toFixed(1)} px)`);
    }
    if (shape.sup) assert.ok(shape.sup.top < shape.sub.top - 2, `${name}: the superscript is not above the subscript`);
  }
  await page.getByRole("group", { name: "Input features" }).scrollIntoViewIfNeeded();
  await page.getByRole("group", { name: "Input features" }).screenshot({ path: join(SHOTS, "words-features-390.png") });
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [lang, width] of [["en", 1280], ["vi", 1280], ["vi", 390], ["en", 390]]) {
  test(`the shortcuts dialog keeps each row's keys apart from its words (${lang}, ${width} px)`, async () => {
    const { page, context, errors } = await openPage(env.browser, env.server.url, { query: `lang=${lang}`, width, height: 844 });
    await page.keyboard.press("?");
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    const rows = await dialog.evaluate((d) => [...d.querySelectorAll("dt")].map((dt) => {
      const dd = /** @type {Element} */ (dt.nextElementSibling);
      // The keys as drawn (they may overflow their column), and the words.
      const range = document.createRange();
      range.selectNodeContents(dt);
      const keys = range.getBoundingClientRect();
      const words = dd.getBoundingClientRect();
      return { text: dt.textContent ?? "", words: dd.textContent ?? "", keys: { right: keys.right, bottom: keys.bottom }, at: { left: words.left, top: words.top } };
    }));
    assert.ok(rows.length >= 10);
    for (const r of rows) {
      const beside = r.keys.right <= r.at.left - 4;
      const above = r.keys.bottom <= r.at.top + 0.5;
      assert.ok(beside || above, `"${r.text}" runs into "${r.words}" (keys end at ${r.keys.right.toFixed(0)}, words start at ${r.at.left.toFixed(0)})`);
      // Read in one go (a screen reader's say-all, copied text), the keys end with a pause.
      assert.match(r.text, /\S:\s*$/, `"${r.text}${r.words}": no separation between the keys and the words`);
    }
    await dialog.screenshot({ path: join(SHOTS, `words-shortcuts-${lang}-${width}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  });
}
