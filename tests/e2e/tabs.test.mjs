// Two tabs of the page, and storage that is blocked: nobody's work is silently lost (issue 14).

import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, whenReady, clickPlane, snapshot, SHOTS } from "./harness.mjs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";

const env = useBrowser();
const KEY = "backprop-lab/state/v1";
/** How many points the save holds (0 when there is none). */
const savedPoints = (page) => page.evaluate((key) => {
  const text = localStorage.getItem(key);
  return text ? JSON.parse(text).points.length : 0;
}, KEY);

async function open(context) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${env.server.url}?lang=en`);
  await whenReady(page);
  return { page, errors };
}

test("two tabs: once one saves, the other stops saving over it, says so, and its close does not erase the newer work", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const a = await open(context);
  await clickPlane(a.page, 0.5, 0.5);
  await a.page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? "{\"points\":[]}").points.length === 21, KEY);

  const b = await open(context);
  assert.equal((await snapshot(b.page)).points.length, 21, "the second tab opens the first one's save");
  await clickPlane(b.page, -0.5, 0.5);
  await clickPlane(b.page, -0.5, -0.5);
  await b.page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? "{}").points?.length === 23, KEY);

  // The first tab hears of it and says so in its files panel.
  await a.page.locator("#files-status").filter({ hasText: /Another tab of this page has just saved/ }).waitFor();
  await clickPlane(a.page, 0.2, -0.7); // a change in the first tab after that
  assert.equal((await snapshot(a.page)).points.length, 22);
  // Past the autosave's delay (1 s), by the first tab's own clock: its change was not saved over the other's.
  const clicked = await a.page.evaluate(() => performance.now());
  await a.page.waitForFunction((t0) => performance.now() > t0 + 1500, clicked);
  assert.equal(await savedPoints(b.page), 23, "the first tab's later change did not overwrite the newer save");
  await a.page.goto("about:blank"); // leaving fires pagehide: the close-time save must not erase it either
  assert.equal(await savedPoints(b.page), 23, "the newer work of the other tab is still the save");
  assert.deepEqual([...a.errors, ...b.errors], []);
  await context.close();
});

test("two tabs: the tab that stopped saving offers to open the other's work, merge the points, or keep both", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Tab A: one point more than the lecture's 20 (saved); tab B opens those 21 and saves two more
  // (23); then A, no longer saving, adds one of its own (22 on screen).
  const a = await open(context);
  await clickPlane(a.page, 0.5, 0.5);
  await a.page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? "{\"points\":[]}").points.length === 21, KEY);
  const b = await open(context);
  await clickPlane(b.page, -0.5, 0.5);
  await clickPlane(b.page, -0.5, -0.5);
  await b.page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? "{}").points?.length === 23, KEY);
  const choices = a.page.getByRole("group", { name: "Work saved by another tab" });
  await choices.waitFor();
  await clickPlane(a.page, 0.2, -0.7);
  await mkdir(SHOTS, { recursive: true });
  await a.page.locator("#files").screenshot({ path: join(SHOTS, "tabs-other-tab-choice.png") });
  const status = a.page.locator("#files-status");
  const mine = (await snapshot(a.page)).points;
  const theirs = (await snapshot(b.page)).points;
  const key = (p) => `${p.x1},${p.x2},${p.label}`;

  // Merge: A's 22 points and B's two new ones (the 21 they share counted once): 24.
  await choices.getByRole("button", { name: "Merge: add the other tab's points to these" }).click();
  await status.filter({ hasText: "2 points of the other tab were added to these (24 in all); this tab saves again." }).waitFor();
  const merged = (await snapshot(a.page)).points;
  assert.deepEqual(merged.map(key).sort(), [...new Set([...mine, ...theirs].map(key))].sort());
  assert.equal(merged.length, 24);
  assert.ok(await choices.isHidden(), "the choice is made");
  // A saves again: the merged work is the save now, and B in turn is told and offered the choice.
  await a.page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? "{}").points?.length === 24, KEY);
  const bChoices = b.page.getByRole("group", { name: "Work saved by another tab" });
  await bChoices.waitFor();

  // B opens A's merged work: its 23 points become the 24; Undo brings B's own points back.
  await bChoices.getByRole("button", { name: "Open the other tab's work here" }).click();
  await b.page.locator("#files-status").filter({ hasText: "The other tab's work is open here (24 points)." }).waitFor();
  assert.deepEqual((await snapshot(b.page)).points.map(key).sort(), merged.map(key).sort());
  await b.page.getByRole("button", { name: "Undo", exact: true }).click();
  await b.page.waitForFunction(() => window.backpropLab.snapshot().points.length === 23);

  // Keep both: B saves its 23 again; A keeps its 24 on screen and saves them, and the other's 23
  // are kept aside, brought back by "Bring back my saved work".
  await b.page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? "{}").points?.length === 23, KEY);
  await choices.waitFor();
  await choices.getByRole("button", { name: "Keep both: save this tab's work, keep the other's aside" }).click();
  await status.filter({ hasText: /^This tab's work is saved; the other tab's work is kept aside/ }).waitFor();
  await a.page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? "{}").points?.length === 24, KEY);
  assert.equal((await snapshot(a.page)).points.length, 24);
  await a.page.getByRole("button", { name: "Bring back my saved work" }).click();
  await a.page.waitForFunction(() => window.backpropLab.snapshot().points.length === 23);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await context.close();
});

test("blocked storage is said at once, and the page still works", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    Object.defineProperty(window, "localStorage", { get() { throw new DOMException("The operation is insecure.", "SecurityError"); } });
  });
  const { page, errors } = await open(context);
  await page.locator("#files-status").filter({ hasText: /does not let the page keep your work between visits/ }).waitFor();
  await clickPlane(page, 0.5, 0.5);
  await page.waitForFunction(() => window.backpropLab.snapshot().points.length === 21);
  assert.deepEqual(errors, []);
  await context.close();
});

test("an unreadable save is said, kept aside without overwriting an earlier one, and offered as a file", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  // The save is damaged from a page of the same origin that is not the app (the app would save over it as it leaves).
  const seed = await context.newPage();
  await seed.goto(`${env.server.url}not-the-app`);
  await seed.evaluate((key) => localStorage.setItem(key, '{"format":"backprop-lab","version":1,"points":[{"x1":0'), KEY);
  await seed.close();
  const { page, errors } = await open(context);
  await page.locator("#files-status").filter({ hasText: /could not be read/ }).waitFor();
  const button = page.getByRole("button", { name: "Download the save that could not be read" });
  await button.waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
  const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  assert.equal(text, '{"format":"backprop-lab","version":1,"points":[{"x1":0', "the file is the save as it was");
  // A second unreadable save later: both copies are kept.
  await page.goto(`${env.server.url}not-the-app`); // leaving, the app saves; then the save is damaged again
  await page.evaluate((key) => localStorage.setItem(key, "not json at all"), KEY);
  await page.goto(`${env.server.url}?lang=en`);
  await whenReady(page);
  await page.locator("#files-status").filter({ hasText: /could not be read/ }).waitFor();
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("backprop-lab/state/v1/unreadable/"))
    .map((k) => localStorage.getItem(k)).sort());
  assert.deepEqual(kept, ['not json at all', '{"format":"backprop-lab","version":1,"points":[{"x1":0'].sort());
  assert.deepEqual(errors, []);
  await context.close();
});
