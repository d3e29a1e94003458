// The classroom (issue 16): lesson links (a share link, a state file and a reload re-enter the
// lesson), presenter mode, the lessons' challenges, figures (PNG, LaTeX) and the print layout.
// Screenshots in target/e2e/classroom-*.png.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { useBrowser, openPage, snapshot, screenshot, frames, whenReady, settled } from "./harness.mjs";

const env = useBrowser();

/** Opens lesson n (1-based) by its button. */
async function openLesson(page, n) {
  await page.getByRole("button", { name: new RegExp(`^${n}\\. `) }).click();
  await page.waitForFunction((n) => window.backpropLab.snapshot().lesson === n, n);
}

/** The open lesson's card heading ("Lesson 6 of 9: …"). */
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
  assert.match(await lessonHeading(other.page).textContent(), /^Lesson 6 of 9: Gradient descent/);
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
