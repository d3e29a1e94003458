// Exercises and hand-ins (issue 16, parts 3 and 5), in the page as a teacher and students use
// them: a teacher builds an exercise and copies its link; a student opens it, types some right
// and some wrong numbers, checks, reads the marks and the lecture's equation for a wrong one,
// asks for one answer, and downloads a result; the teacher reads several results in a table.
// Correct values come from tests/byhand.mjs (the lecture's formulas by hand), never from the page.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { useBrowser, openPage, whenReady, screenshot, frames, WWW } from "./harness.mjs";
import { byHand, handValue } from "../byhand.mjs";
import { decodeExercise, encodeExercise, questions, symbol } from "../../www/model/exercise.js";

const env = useBrowser();

/** The value by hand of the question labelled `label` ("z[1]₂", "z[1]₂, point 2", "W[2]₁₂ after the step"). */
function expected(ex, label) {
  const [, sym, point, after] = /^(.*?)(?:, (?:point|điểm) (\d))?( after the step| sau bước cập nhật)?$/.exec(label);
  const q = questions(ex).find((q) => symbol(q) === sym && (q.point === null || q.point === Number(point ?? 1) - 1) &&
    (after ? q.kind === "W" || q.kind === "b" : q.kind !== "W" && q.kind !== "b"));
  assert.ok(q, `no question ${label}`);
  return handValue(byHand(ex), q);
}

/** The table row of the answer box named `label`. */
const rowOf = (page, label) => page.getByRole("row").filter({ has: page.getByRole("textbox", { name: label, exact: true }) });

/** Clicks a button and returns the downloaded file. */
async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name }).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), "utf8") };
}

/** Opens `url` (an exercise link) in a fresh page and waits for the exercise to be shown. */
async function openStudent(url, heading = "The exercise") {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await whenReady(page);
  await page.getByRole("heading", { name: heading, exact: true }).waitFor();
  return { page, context, errors };
}

test("a teacher makes an exercise link; a student checks answers, sees equations and one answer, and hands in; the teacher reads the results", async () => {
  const teacher = await openPage(env.browser, env.server.url);
  const origin = new URL(env.server.url).origin;
  await teacher.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  const tp = teacher.page;
  await tp.getByText("Make an exercise (for teachers)").click();
  // 2-2-1 sigmoid (the builder's first network), weights from seed 4, two points, α 0.3.
  await tp.getByLabel("Seed", { exact: true }).fill("4");
  await tp.getByRole("button", { name: "Random weights (one decimal)" }).click();
  await tp.getByLabel("W[1]₁₂", { exact: true }).fill("-0,7"); // the teacher types a weight over the random one
  await tp.getByLabel("Points in the exercise", { exact: true }).selectOption("2");
  await tp.getByLabel("x₁, Point 2", { exact: true }).fill("1.5");
  await tp.getByLabel("Learning rate α", { exact: true }).fill("0.3");
  await tp.getByRole("checkbox", { name: "b[l] after the step" }).uncheck();
  await tp.getByRole("button", { name: "Make the exercise link" }).click();
  const link = await tp.getByRole("textbox", { name: "Exercise link" }).inputValue();
  // 2 points × (z, a, dz: 3 each) + L 2 + dW 6 + db 3 + W after 6
  const total = 2 * 9 + 2 + 6 + 3 + 6;
  await tp.getByText(`The link holds the exercise (${total} numbers to compute)`).waitFor();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/\?lang=en#x1\.[A-Za-z0-9_-]+$/);
  await tp.getByRole("button", { name: "Copy the link" }).click();
  await tp.getByText("The link was copied.").waitFor();
  assert.equal(await tp.evaluate(() => navigator.clipboard.readText()), link);
  const ex = decodeExercise(new URL(link).hash);
  assert.deepEqual(ex.spec, { layers: [2, 2, 1], hidden: "sigmoid", output: "sigmoid" });
  assert.equal(ex.params[0].W[0][1], -0.7);
  assert.equal(ex.points.length, 2);
  assert.equal(ex.points[1].x1, 1.5);
  assert.equal(ex.alpha, 0.3);
  assert.ok(!ex.asked.includes("b1") && ex.asked.includes("W2") && ex.asked.includes("L"));

  // The student.
  const s = await openStudent(link);
  const sp = s.page;
  await sp.getByText(`The exercise from the link is open: ${total} numbers to compute.`).waitFor();
  await sp.getByText("within 0.005 of the value, or within 0.5 % of it").waitFor();
  await sp.getByRole("cell", { name: "-0.7", exact: true }).first().waitFor(); // the weights are on screen
  await sp.getByText("Learning rate α = 0.3").waitFor();
  // Right: two values with a dot, one with a comma; wrong: one; not a number: one; the rest empty.
  const z11 = expected(ex, "z[1]₁, point 1");
  const a21 = expected(ex, "a[2]₁, point 2");
  const W212 = expected(ex, "W[2]₁₂ after the step");
  const dz11 = expected(ex, "dz[1]₁, point 1");
  await sp.getByRole("textbox", { name: "z[1]₁, point 1", exact: true }).fill(z11.toFixed(4));
  await sp.getByRole("textbox", { name: "a[2]₁, point 2", exact: true }).fill(a21.toFixed(3).replace(".", ","));
  await sp.getByRole("textbox", { name: "W[2]₁₂ after the step", exact: true }).fill(W212.toFixed(3));
  await sp.getByRole("textbox", { name: "dz[1]₁, point 1", exact: true }).fill((dz11 + 0.05).toFixed(4));
  await sp.getByRole("textbox", { name: "L, point 2", exact: true }).fill("zero point five");
  // No answer is on the page before it is asked for.
  assert.doesNotMatch(await sp.locator("#exercise").innerText(), /Answer:/);
  await sp.getByRole("button", { name: "Check", exact: true }).click();
  await sp.getByRole("status").filter({ hasText: `3 of ${total} right.` }).waitFor();
  for (const label of ["z[1]₁, point 1", "a[2]₁, point 2", "W[2]₁₂ after the step"]) {
    assert.match(await rowOf(sp, label).innerText(), /✓ right/, label);
    assert.doesNotMatch(await rowOf(sp, label).innerText(), /=|Show answer/, `${label}: no equation beside a right answer`);
  }
  const wrongRow = rowOf(sp, "dz[1]₁, point 1");
  assert.match(await wrongRow.innerText(), /✗ wrong/);
  assert.match(await wrongRow.innerText(), /dz\[1\] = \(W\[2\]ᵀ dz\[2\]\) ∘ a\[1\] ∘ \(1 − a\[1\]\)/);
  assert.equal(await sp.getByRole("textbox", { name: "dz[1]₁, point 1", exact: true }).getAttribute("aria-invalid"), "true");
  assert.match(await rowOf(sp, "L, point 2").innerText(), /✗ not a number[\s\S]*L = −\(y log a\[2\] \+ \(1 − y\) log\(1 − a\[2\]\)\)/);
  assert.match(await rowOf(sp, "z[1]₂, point 1").innerText(), /– not answered[\s\S]*z\[1\] = W\[1\] x \+ b\[1\]/);
  assert.doesNotMatch(await wrongRow.innerText(), /Answer:/, "the answer waits until it is asked for");
  await sp.getByRole("button", { name: "Show the answer for dz[1]₁, point 1" }).click();
  const shown = Number((await wrongRow.innerText()).match(/Answer: (\S+)/)?.[1]);
  assert.ok(Math.abs(shown - dz11) < 1e-6 * Math.max(1, Math.abs(dz11)), `shown ${shown}, by hand ${dz11}`);
  await sp.getByRole("status").filter({ hasText: `3 of ${total} right; answers shown: 1.` }).waitFor();
  assert.equal((await sp.locator("#exercise").innerText()).match(/Answer:/g)?.length, 1, "only the asked answer is shown");
  // A changed answer loses its old mark until the next Check.
  await sp.getByRole("textbox", { name: "dz[1]₁, point 1", exact: true }).fill(dz11.toFixed(5));
  assert.doesNotMatch(await wrongRow.innerText(), /✗ wrong/);
  await sp.getByRole("button", { name: "Check", exact: true }).click();
  await sp.getByRole("status").filter({ hasText: `4 of ${total} right; answers shown: 1.` }).waitFor();
  assert.match(await wrongRow.innerText(), /✓ right/);
  await sp.getByRole("textbox", { name: "dz[1]₁, point 1", exact: true }).fill("1");
  await sp.getByRole("textbox", { name: "dz[1]₁, point 1", exact: true }).press("Enter"); // Enter checks too
  await sp.getByRole("status").filter({ hasText: `3 of ${total} right; answers shown: 1.` }).waitFor();
  // The work is kept in the browser: a reload brings back the answers, the marks and the shown answer.
  await sp.reload();
  await whenReady(sp);
  await sp.getByRole("status").filter({ hasText: `3 of ${total} right; answers shown: 1.` }).waitFor();
  assert.equal(await sp.getByRole("textbox", { name: "a[2]₁, point 2", exact: true }).inputValue(), a21.toFixed(3).replace(".", ","));
  assert.match(await wrongRow.innerText(), /✗ wrong[\s\S]*Answer: /);
  await sp.locator("#exercise").scrollIntoViewIfNeeded();
  await screenshot(sp, "exercise-marked-en");

  // Hand in: a name is needed; then one self-contained HTML file.
  await sp.getByRole("button", { name: "Download my result (HTML)" }).click();
  await sp.getByText("Type your name first.").waitFor();
  await sp.getByRole("textbox", { name: "Your name" }).fill("Trần Thị Bình");
  const file = await download(sp, "Download my result (HTML)");
  assert.match(file.name, /^backprop-lab-Tran-Thi-Binh-[0-9A-Z]{6}\.html$/);
  assert.match(file.text, /Trần Thị Bình/);
  assert.match(file.text, new RegExp(`3 of ${total} right; answers shown: 1\\.`));
  assert.match(file.text, /<th scope="row">dz\[1\]₁, point 1<\/th><td>1<\/td><td>✗ wrong \(answer shown\)<\/td>/);
  assert.match(file.text, /<td>✗ not a number<\/td>/);
  assert.match(file.text, new RegExp(`<dt>Date</dt><dd>[^<]*${new Date().getFullYear()}`));
  // It reads with scripts off: the file shows the name, the score and the marks by itself.
  const reader = await env.browser.newContext({ javaScriptEnabled: false, viewport: { width: 900, height: 900 } });
  const rp = await reader.newPage();
  await rp.setContent(file.text);
  assert.match(await rp.locator("body").innerText(), new RegExp(`Trần Thị Bình[\\s\\S]*3 of ${total} right[\\s\\S]*✓ right`));
  await screenshot(rp, "exercise-handin-file");
  await reader.close();
  // A second student hands in an empty sheet.
  const s2 = await openStudent(link);
  await s2.page.getByRole("textbox", { name: "Your name" }).fill("An");
  const file2 = await download(s2.page, "Download my result (HTML)");

  // The teacher reads both, and a file that is not a hand-in, at once.
  await tp.getByText("Read hand-ins (for teachers)").click();
  const [chooser] = await Promise.all([tp.waitForEvent("filechooser"), tp.getByRole("button", { name: "Open hand-in files…" }).click()]);
  assert.ok(chooser.isMultiple());
  await chooser.setFiles([
    { name: file.name, mimeType: "text/html", buffer: Buffer.from(file.text) },
    { name: "notes.html", mimeType: "text/html", buffer: Buffer.from("<html><body>my notes</body></html>") },
    { name: file2.name, mimeType: "text/html", buffer: Buffer.from(file2.text) },
  ]);
  await tp.getByText("Read 2 hand-ins.").waitFor();
  await tp.getByText("notes.html was not read: it is not a backprop-lab result file.").waitFor();
  const table = tp.getByRole("table", { name: "Hand-ins" });
  const rows = table.getByRole("row");
  assert.equal(await rows.count(), 3);
  const an = await rows.nth(1).innerText();
  const binh = await rows.nth(2).innerText();
  assert.match(an, new RegExp(`^An\\t[0-9A-Z]{6}\\t.*\\t0/${total}\\t`));
  assert.match(binh, new RegExp(`^Trần Thị Bình\\t[0-9A-Z]{6}\\t.*\\t3/${total}\\t✓ right`));
  assert.match(binh, /✗ wrong \(answer shown\)/);
  assert.match(await table.getByRole("columnheader").nth(4).innerText(), /z\[1\]₁, point 1/);
  await tp.locator("#exercise").scrollIntoViewIfNeeded();
  await screenshot(tp, "exercise-handins-table");
  const csv = await download(tp, "Download the table (CSV)");
  assert.equal(csv.name, "backprop-lab-hand-ins.csv");
  const lines = csv.text.trim().split("\r\n");
  assert.equal(lines.length, 3);
  assert.match(lines[0], /^Name,Exercise,Date,Right,Questions,"z\[1\]₁, point 1",/);
  assert.match(lines[2], new RegExp(`^Trần Thị Bình,[0-9A-Z]{6},\\d{4}-[^,]+,3,${total},right,`));
  assert.match(lines[2], /,wrong \(answer shown\),/);

  // The teacher tries the exercise in the same page.
  await tp.getByRole("button", { name: "Open it here as a student" }).click();
  await tp.getByRole("heading", { name: "The exercise", exact: true }).waitFor();
  assert.equal(await tp.evaluate(() => location.hash), new URL(link).hash);
  assert.equal(await tp.getByRole("textbox", { name: /^z\[1\]₁, point 1$/ }).count(), 1);
  for (const p of [teacher, s, s2]) assert.deepEqual(p.errors, []);
  for (const p of [teacher, s, s2]) await p.context.close();
});

test("in Vietnamese, a softmax exercise: marks, equations and the answer in the page's language", async () => {
  /** @type {import("../../www/model/exercise.js").Exercise} */
  const ex = {
    spec: { layers: [2, 2, 3], hidden: "tanh", output: "softmax" },
    params: [{ W: [[0.7, -0.4], [-0.2, 0.9]], b: [0.1, -0.3] }, { W: [[0.5, -0.6], [-0.8, 0.2], [0.3, 0.4]], b: [0, 0.2, -0.1] }],
    points: [{ x1: 1, x2: 0.5, label: 2 }],
    alpha: 0.5,
    asked: ["a2", "L", "dz1", "dz2", "db2"],
  };
  const { page, context, errors } = await openStudent(`${env.server.url}?lang=vi${encodeExercise(ex)}`, "Đề bài");
  await page.getByText("softmax với 3 nơ-rơn").waitFor();
  await page.getByText("Tốc độ học α = 0.5").waitFor();
  await page.getByText("không quá 0.005, hoặc không quá 0.5 % giá trị đó").waitFor();
  const a23 = expected(ex, "a[2]₃");
  const L = expected(ex, "L");
  await page.getByRole("textbox", { name: "a[2]₃", exact: true }).fill(a23.toFixed(4).replace(".", ","));
  await page.getByRole("textbox", { name: "L", exact: true }).fill(L.toFixed(3));
  await page.getByRole("textbox", { name: "dz[2]₁", exact: true }).fill("0,9");
  await page.getByRole("textbox", { name: "dz[1]₂", exact: true }).fill("0.1");
  await page.getByRole("button", { name: "Kiểm tra", exact: true }).click();
  await page.getByRole("status").filter({ hasText: "Đúng 2 trên 12." }).waitFor();
  assert.match(await rowOf(page, "a[2]₃").innerText(), /✓ đúng/);
  assert.match(await rowOf(page, "L").innerText(), /✓ đúng/);
  const dz21 = rowOf(page, "dz[2]₁");
  assert.match(await dz21.innerText(), /✗ sai[\s\S]*dz\[2\] = a\[2\] − y \(với softmax, y dạng one-hot\)/);
  assert.match(await rowOf(page, "dz[1]₂").innerText(), /✗ sai[\s\S]*dz\[1\] = \(W\[2\]ᵀ dz\[2\]\) ∘ \(1 − a\[1\]²\)/);
  assert.match(await rowOf(page, "a[2]₁").innerText(), /– chưa trả lời[\s\S]*a\[2\]ⱼ = e\^\(z\[2\]ⱼ\) \/ Σₖ e\^\(z\[2\]ₖ\)/);
  await page.getByRole("button", { name: "Xem đáp án của dz[2]₁" }).click();
  const shown = Number((await dz21.innerText()).match(/Đáp án: (\S+)/)?.[1]);
  assert.ok(Math.abs(shown - expected(ex, "dz[2]₁")) < 1e-6, `shown ${shown}`);
  await page.getByRole("status").filter({ hasText: "Đúng 2 trên 12; số đáp án đã xem: 1." }).waitFor();
  // Switching the language keeps the typed answers and the marks, now in English.
  await page.getByRole("combobox", { name: "Ngôn ngữ" }).selectOption("en");
  await page.getByRole("status").filter({ hasText: "2 of 12 right; answers shown: 1." }).waitFor();
  assert.equal(await page.getByRole("textbox", { name: "L", exact: true }).inputValue(), L.toFixed(3));
  assert.match(await dz21.innerText(), /✗ wrong[\s\S]*y one-hot for softmax[\s\S]*Answer: /);
  await page.getByRole("combobox", { name: "Language" }).selectOption("vi");
  await page.getByRole("textbox", { name: "Họ tên" }).fill("Lê Văn Cường");
  const file = await download(page, "Tải kết quả của tôi (HTML)");
  assert.match(file.text, /<html lang="vi">[\s\S]*Lê Văn Cường[\s\S]*Đúng 2 trên 12; số đáp án đã xem: 1\./);
  await page.locator("#exercise").scrollIntoViewIfNeeded();
  await screenshot(page, "exercise-marked-vi");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a damaged exercise link is refused with its reason, the page works on; a new link in the same tab opens", async () => {
  // Loaded from the address at once (not a change of the fragment in an open page).
  const { page, context, errors } = await openStudent(`${env.server.url}?lang=en#x1.eyJsYXllcnMiOlsy`, "Exercise: backpropagation by hand");
  await page.getByText("The exercise link could not be opened: the link is damaged or incomplete.").waitFor();
  // Not taken for a share link (startup.js opens #s1. only), and no alert.
  await frames(page);
  assert.equal(await page.getByRole("status", { name: "Files and links" }).textContent(), "");
  assert.equal(await page.getByRole("alert").isVisible(), false);
  assert.equal((await page.evaluate(() => window.backpropLab.snapshot())).points.length > 0, true);
  const ex = { spec: { layers: [2, 1], hidden: "relu", output: "sigmoid" }, params: [{ W: [[0.5, -0.5]], b: [0.1] }],
    points: [{ x1: 1, x2: 2, label: 0 }], alpha: 1, asked: ["z1", "W1"] };
  await page.evaluate((hash) => (location.hash = hash), encodeExercise(ex));
  await page.getByText("The exercise from the link is open: 3 numbers to compute.").waitFor();
  // Typed key by key: digits and letters in an answer are text, not the page's shortcuts (4: purple, r: reset).
  const params = (await page.evaluate(() => window.backpropLab.snapshot())).params;
  const box = page.getByRole("textbox", { name: "z[1]₁", exact: true });
  await box.pressSequentially("r-0.4");
  await box.press("Home");
  await box.press("Delete");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await page.getByRole("status").filter({ hasText: "1 of 3 right." }).waitFor();
  assert.equal(await page.getByRole("radio", { name: /Purple/ }).isChecked(), false);
  assert.deepEqual((await page.evaluate(() => window.backpropLab.snapshot())).params, params);
  assert.deepEqual(errors, []);
  await context.close();
});

test("axe: the exercise panel, marked, with the builder and the hand-in reader open, has no violation, in both languages", async () => {
  const ex = { spec: { layers: [2, 2, 1], hidden: "sigmoid", output: "sigmoid" },
    params: [{ W: [[0.1, -0.2], [0.3, 0.4]], b: [0.5, -0.6] }, { W: [[0.7, -0.8]], b: [0.9] }],
    points: [{ x1: 1, x2: -1, label: 1 }], alpha: 0.5, asked: ["z1", "a2", "L", "dW2"] };
  for (const lang of ["en", "vi"]) {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${env.server.url}?lang=${lang}${encodeExercise(ex)}`);
    await whenReady(page);
    await page.getByRole("heading", { name: lang === "en" ? "The exercise" : "Đề bài", exact: true }).waitFor();
    await page.locator(".ex-answer").first().fill("0,5");
    await page.locator(".ex-answer").nth(1).fill("x");
    await page.getByRole("button", { name: lang === "en" ? "Check" : "Kiểm tra", exact: true }).click();
    await page.locator(".ex-show").first().click();
    for (const d of await page.locator("#exercise details").all()) await d.evaluate((el) => (el.open = true));
    await page.addScriptTag({ path: join(WWW, "../node_modules/axe-core/axe.min.js") });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run({ include: [["#exercise"]] }, { resultTypes: ["violations"] });
      if (result.passes.length < 5) throw new Error(`axe checked only ${result.passes.length} rules`);
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, where: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
    });
    assert.deepEqual(violations, [], lang);
    await context.close();
  }
});

test("a teacher's half-built exercise survives a reload: the network, a typed weight, the points and α come back", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  const builder = page.getByText("Make an exercise (for teachers)");
  await builder.click();
  await page.getByLabel("Neurons in the exercise's hidden layer 1", { exact: true }).selectOption("3");
  await page.getByLabel("W[1]₃₂", { exact: true }).fill("-0,25");
  await page.getByLabel("Points in the exercise", { exact: true }).selectOption("2");
  await page.getByLabel("x₁, Point 2", { exact: true }).fill("1.5");
  await page.getByLabel("Learning rate α", { exact: true }).fill("0.7");
  await page.reload();
  await whenReady(page);
  await builder.click();
  assert.equal(await page.getByLabel("Neurons in the exercise's hidden layer 1", { exact: true }).inputValue(), "3");
  assert.equal(await page.getByLabel("W[1]₃₂", { exact: true }).inputValue(), "-0,25");
  assert.equal(await page.getByLabel("x₁, Point 2", { exact: true }).inputValue(), "1.5");
  assert.equal(await page.getByLabel("Learning rate α", { exact: true }).inputValue(), "0.7");
  // The kept draft makes the exercise it shows.
  await page.getByRole("button", { name: "Make the exercise link" }).click();
  const ex = decodeExercise(new URL(await page.getByRole("textbox", { name: "Exercise link" }).inputValue()).hash);
  assert.deepEqual(ex.spec.layers, [2, 3, 1]);
  assert.equal(ex.params[0].W[2][1], -0.25);
  assert.equal(ex.points[1].x1, 1.5);
  assert.equal(ex.alpha, 0.7);
  assert.deepEqual(errors, []);
  await context.close();
});
