// Save and share: autosave and reload, state files out and back in, refusals of bad
// files with nothing lost, share links, reset with undo, the Python export, and the
// restore of the last good weights after divergence.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { mkdtempSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mulberry32, mutate, randomText } from "../fuzz.mjs";
import { useBrowser, openPage, snapshot, clickPlane, frames, screenshot, epochsOverFrames, whenReady, checkReadouts, fileHandled } from "./harness.mjs";

const env = useBrowser();

/** Clicks a button by its name and returns the downloaded file's text. */
async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name }).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), "utf8") };
}

/** Opens a file through the page's button and the file chooser it opens. */
async function openFile(page, name, text) {
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"),
    page.getByRole("button", { name: "Open a file (CSV or JSON)" }).click()]);
  await chooser.setFiles({ name, mimeType: "text/plain", buffer: Buffer.from(text) });
  await fileHandled(page);
}

async function setLearningRate(page, log10) {
  const slider = page.getByRole("slider", { name: /Learning rate/ });
  await slider.evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }, log10);
}

const status = (page) => page.getByRole("status", { name: "Files and links" });

test("a reload restores points, settings, weights and epoch, during training and after it", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await clickPlane(page, 0.3, 1.2, { modifiers: ["Shift"] });
  await setLearningRate(page, -1); // α = 0.1
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "One epoch" }).click();
  // In the middle of training, past the three clicked epochs: what the page showed as it went away
  // comes back. The page's state at that moment is taken by a pagehide listener of the test's own
  // (it runs after the page's, in the same task, so nothing trains in between) and kept in
  // sessionStorage, which a reload keeps: the restored state is compared with it, not with the save.
  await page.getByRole("button", { name: "Train" }).click();
  await page.waitForFunction(() => window.backpropLab.snapshot().epoch >= 10, null, { timeout: 20000 });
  await page.evaluate(() => addEventListener("pagehide", () => {
    sessionStorage.setItem("test/at-pagehide", JSON.stringify({
      snapshot: window.backpropLab.snapshot(), epochShown: document.getElementById("r-epoch").textContent,
    }));
  }));
  await page.reload(); // pagehide saves at once
  await whenReady(page);
  const gone = await page.evaluate(() => JSON.parse(sessionStorage.getItem("test/at-pagehide")));
  const mid = await snapshot(page);
  assert.ok(gone.snapshot.epoch >= 10, `epoch ${gone.snapshot.epoch} when the page went away`);
  assert.equal(mid.points.length, 21);
  assert.deepEqual(mid.points, gone.snapshot.points);
  assert.deepEqual(mid.spec, gone.snapshot.spec);
  assert.deepEqual(mid.params, gone.snapshot.params);
  assert.equal(mid.epoch, gone.snapshot.epoch);
  // ... and the screen says so: the readouts are the contract's for the restored weights.
  await checkReadouts(page, "after the reload");
  assert.equal(await page.getByRole("slider", { name: /Learning rate/ }).getAttribute("aria-valuetext"), "α = 0.1");
  // After a run has stopped: everything exactly as it was.
  await page.getByRole("button", { name: "Train" }).click();
  await page.getByRole("status", { name: "Status" }).filter({ hasText: /Stopped at epoch/ }).waitFor({ timeout: 60000 });
  const before = await snapshot(page);
  await page.reload();
  await whenReady(page);
  const after = await snapshot(page);
  assert.deepEqual(after.points, before.points);
  assert.deepEqual(after.spec, before.spec);
  assert.deepEqual(after.params, before.params);
  assert.equal(after.epoch, before.epoch);
  const { shown } = await checkReadouts(page, "after the second reload");
  assert.equal(shown.epoch, String(before.epoch));
  assert.deepEqual(errors, []);
  await context.close();
});

test("everything saved as a file opens elsewhere exactly; the Python script and CSV download", async () => {
  const a = await openPage(env.browser, env.server.url);
  await clickPlane(a.page, -0.2, 1.1);
  for (let i = 0; i < 4; i++) await a.page.getByRole("button", { name: "One epoch" }).click();
  const saved = await snapshot(a.page);
  const state = await download(a.page, "Everything (JSON)");
  assert.equal(state.name, "backprop-lab.json");
  const csv = await download(a.page, "Points (CSV)");
  assert.equal(csv.text.trim().split("\n").length, 22);
  const py = await download(a.page, "Python script (numpy)");
  assert.match(py.text, /def get_gradients[\s\S]*def add_gradients[\s\S]*def gradient_descent/);
  assert.match(await status(a.page).textContent(), /Downloaded backprop_lab_train\.py/);

  const b = await openPage(env.browser, env.server.url);
  await openFile(b.page, "backprop-lab.json", state.text);
  const opened = await snapshot(b.page);
  assert.deepEqual(opened.points, saved.points);
  assert.deepEqual(opened.params, saved.params);
  assert.equal(opened.epoch, saved.epoch);
  assert.match(await status(b.page).textContent(), /Opened backprop-lab.json: 21 points with their settings and weights/);
  // Undo after an import gives the previous points back.
  await b.page.getByRole("button", { name: "Undo" }).click();
  assert.equal((await snapshot(b.page)).points.length, 20);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.context.close();
  await b.context.close();
});

test("the lecture's run exported to Python says where rounding parts it from the page, and the page says it may", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  assert.match(await page.locator("#python-note").textContent(), /sensitive to rounding.*near epoch 670/);
  const py = await download(page, "Python script (numpy)");
  assert.match(py.text, /^page_losses = \[0\.\d+, /m);
  const dir = mkdtempSync(join(tmpdir(), "pyexport-"));
  writeFileSync(join(dir, "train.py"), py.text);
  const out = spawnSync("python3", [join(dir, "train.py")], { encoding: "utf8" });
  assert.equal(out.status, 0, out.stderr);
  const result = JSON.parse(out.stdout);
  assert.equal(result.leaves_page_at, 670);
  assert.match(out.stderr, /^From epoch 670 this run leaves the page's losses/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("bad files are refused with the line or field named, and nothing is lost", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await clickPlane(page, 1.0, 1.0);
  const before = await snapshot(page);
  const bad = [
    ["points.csv", "x1,x2,label\n0.1,0.2,1\n0.3,oops,0\n", /line 3, field x2/],
    ["state.json", '{"format":"backprop-lab","version":1,"points":[{"x1":0,"x2":0,"label":9}]}', /point 1, field label/],
    ["state.json", '{"format":"backprop-lab","version":1,"poi', /not valid JSON/],
    ["evil.json", '{"format":"backprop-lab","version":1,"points":[{"x1":"<img src=x onerror=alert(1)>","x2":0,"label":0}]}', /field x1/],
    ["wrong.json", JSON.stringify({ format: "backprop-lab", version: 1, points: [{ x1: 0, x2: 0, label: 0 }, { x1: 1, x2: 1, label: 1 }],
      settings: { hidden: [3] }, params: [{ W: [[1, 2]], b: [0] }, { W: [[1]], b: [0] }] }), /weights do not fit/],
  ];
  for (const [name, text, reason] of bad) {
    await openFile(page, name, text);
    const message = await status(page).textContent();
    assert.match(message, reason, message);
    assert.match(message, /Your work is unchanged/);
    const now = await snapshot(page);
    assert.deepEqual(now.points, before.points);
    assert.deepEqual(now.params, before.params);
  }
  assert.equal(await page.locator("img").count(), 0);
  await screenshot(page, "files-refused-1280x800");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a share link restores points, settings and weights; a state too large for a link says so", async () => {
  const a = await openPage(env.browser, env.server.url);
  await clickPlane(a.page, 0.9, -1.2, { modifiers: ["Shift"] });
  for (let i = 0; i < 2; i++) await a.page.getByRole("button", { name: "One epoch" }).click();
  await a.page.getByRole("checkbox", { name: "include the weights" }).check();
  await a.page.getByRole("button", { name: "Make a share link" }).click();
  const url = await a.page.getByRole("textbox", { name: "Share link" }).inputValue();
  assert.match(url, /#s1\./);
  const shared = await snapshot(a.page);

  const b = await openPage(env.browser, env.server.url);
  await b.page.goto("about:blank"); // a new document, not a jump within the open one
  await b.page.goto(url.replace(/\?[^#]*/, "?lang=en"));
  await whenReady(b.page);
  const opened = await snapshot(b.page);
  assert.equal(opened.points.length, shared.points.length);
  opened.points.forEach((p, i) => {
    assert.ok(Math.abs(p.x1 - shared.points[i].x1) <= 2.5e-4 && Math.abs(p.x2 - shared.points[i].x2) <= 2.5e-4);
    assert.equal(p.label, shared.points[i].label);
  });
  assert.deepEqual(opened.params, shared.params);
  assert.match(await status(b.page).textContent(), /Opened a shared link: 21 points/);
  assert.ok(!(await b.page.evaluate(() => location.hash)), "the fragment is cleared after opening");

  // A damaged link is refused and the page still works.
  await b.page.goto("about:blank");
  await b.page.goto(`${env.server.url}?lang=en#s1.AAAA.$$$`);
  await whenReady(b.page);
  assert.match(await status(b.page).textContent(), /could not be opened/);

  // 3000 points do not fit in a link.
  const many = Array.from({ length: 3000 }, (_, i) => `${((i % 60) / 30 - 1).toFixed(3)},${(Math.floor(i / 60) / 25 - 1).toFixed(3)},${i % 2}`);
  await openFile(a.page, "many.csv", many.join("\n"));
  await a.page.getByRole("button", { name: "Make a share link" }).click();
  assert.match(await status(a.page).textContent(), /too large for a link.*download everything/);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.context.close();
  await b.context.close();
});

test("opening a share link keeps the saved work aside and brings it back in one click", async () => {
  // The student's own work, saved by autosave: 22 points after two epochs.
  const own = await openPage(env.browser, env.server.url);
  await clickPlane(own.page, 0.9, -1.2, { modifiers: ["Shift"] });
  await clickPlane(own.page, -0.9, 1.2);
  for (let i = 0; i < 2; i++) await own.page.getByRole("button", { name: "One epoch" }).click();
  const mine = await snapshot(own.page);
  await own.page.waitForFunction((n) => {
    const text = localStorage.getItem("backprop-lab/state/v1");
    return text !== null && JSON.parse(text).points.length === n;
  }, mine.points.length);

  // A link from someone else (another browser): 21 points.
  const other = await openPage(env.browser, env.server.url);
  await clickPlane(other.page, 0.5, 0.5, { modifiers: ["Shift"] });
  await other.page.getByRole("button", { name: "Make a share link" }).click();
  const url = await other.page.getByRole("textbox", { name: "Share link" }).inputValue();
  const theirs = await snapshot(other.page);

  // Opened in the student's browser: the link's work shows, and the page says the save is kept.
  await own.page.goto("about:blank");
  await own.page.goto(url.replace(/\?[^#]*/, "?lang=en"));
  await whenReady(own.page);
  const opened = await snapshot(own.page);
  assert.equal(opened.points.length, theirs.points.length);
  assert.match(await status(own.page).textContent(), new RegExp(`Opened a shared link: ${theirs.points.length} points\\. Your own saved work \\(${mine.points.length} points\\) is kept`));
  assert.equal(JSON.parse(await own.page.evaluate(() => localStorage.getItem("backprop-lab/state/v1/before-link"))).points.length, mine.points.length);

  // One click brings the student's own work back: points, weights and epoch.
  await own.page.getByRole("button", { name: "Bring back my saved work" }).click();
  await frames(own.page);
  const back = await snapshot(own.page);
  assert.equal(back.points.length, mine.points.length);
  assert.deepEqual(back.params, mine.params);
  assert.equal(back.epoch, mine.epoch);
  assert.match(await status(own.page).textContent(), new RegExp(`Your saved work is back \\(${mine.points.length} points\\)`));
  assert.ok(await own.page.getByRole("button", { name: "Bring back my saved work" }).isHidden());
  assert.deepEqual([...own.errors, ...other.errors], []);
  await own.context.close();
  await other.context.close();
});

test("reset everything asks first and can be undone", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await clickPlane(page, -1.2, -1.2);
  await clickPlane(page, -1.1, -1.2);
  const before = await snapshot(page);
  await page.getByRole("button", { name: "Reset everything…" }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  assert.equal((await snapshot(page)).points.length, 22);
  await page.getByRole("button", { name: "Reset everything…" }).click();
  await page.getByRole("button", { name: "Yes, reset everything" }).click();
  assert.equal((await snapshot(page)).points.length, 20);
  await page.getByRole("button", { name: "Undo the reset" }).click();
  const back = await snapshot(page);
  assert.deepEqual(back.points, before.points);
  assert.deepEqual(back.params, before.params);
  assert.deepEqual(errors, []);
  await context.close();
});

test("divergence pauses, says why, and one click restores the last good weights", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  const start = await snapshot(page);
  await setLearningRate(page, 1); // α = 10
  await page.getByRole("button", { name: "Train" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.textContent(), /diverg/i);
  assert.match(await alert.textContent(), /learning rate/i);
  await screenshot(page, "files-diverged-1280x800");
  await page.getByRole("button", { name: "Restore the last good weights" }).click();
  const restored = await snapshot(page);
  assert.deepEqual(restored.params, start.params);
  assert.equal(restored.epoch, 0);
  // The alert is hidden by the next frame's readouts, not by the click itself.
  await alert.waitFor({ state: "hidden", timeout: 10000 }).catch(() => {});
  assert.ok(!(await alert.isVisible()));
  assert.deepEqual(restored.points, start.points);
  assert.deepEqual(errors, []);
  await context.close();
});

test("10 000 points open and train without freezing the page; one more is refused with a message", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  const rows = Array.from({ length: 10000 }, (_, i) => {
    const x1 = ((i % 100) / 50 - 1).toFixed(3);
    const x2 = (Math.floor(i / 100) / 50 - 1).toFixed(3);
    return `${x1},${x2},${Number(x1) * Number(x2) < 0 ? 1 : 0}`;
  });
  await openFile(page, "big.csv", rows.join("\n"));
  assert.match(await status(page).textContent(), /Opened big\.csv: 10000 points/);
  // Summed over 10 000 points, α 0.4 would be a step of 4000: use the mean.
  await page.getByRole("combobox", { name: "Gradients" }).selectOption("mean");
  await page.getByRole("button", { name: "Train" }).click();
  // The page keeps drawing while it trains: frame after frame, it sees the epochs go by (three
  // different ones, however slowly the machine trains).
  const epochs = await epochsOverFrames(page, 3);
  assert.ok(new Set(epochs).size >= 3, `epochs seen: ${epochs.join(",")}`);
  await page.getByRole("button", { name: "Pause" }).click();
  const before = await snapshot(page);
  assert.equal(before.points.length, 10000);

  await openFile(page, "bigger.csv", [...rows, "0,0,1"].join("\n"));
  assert.match(await status(page).textContent(), /more than 10000 points.*Your work is unchanged/);
  assert.equal((await snapshot(page)).points.length, 10000);
  assert.deepEqual(errors, []);
  await context.close();
});

test("fuzzing through the page: mutated files and links never reach the console and never lose the work", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await clickPlane(page, 0.7, 1.3);
  await page.getByRole("button", { name: "One epoch" }).click();
  const state = await download(page, "Everything (JSON)");
  const csv = await download(page, "Points (CSV)");
  await page.getByRole("checkbox", { name: "include the weights" }).check();
  await page.getByRole("button", { name: "Make a share link" }).click();
  const link = await page.getByRole("textbox", { name: "Share link" }).inputValue();
  const rand = mulberry32(7);
  let refused = 0;
  const tried = 120;
  for (let i = 0; i < tried; i++) {
    const before = await snapshot(page);
    const base = i % 2 ? state.text : csv.text;
    const text = i % 10 === 0 ? randomText(rand) : mutate(base, rand);
    await openFile(page, i % 2 ? "state.json" : "points.csv", text);
    const message = await status(page).textContent();
    const after = await snapshot(page);
    if (/Could not open/.test(message)) {
      refused++;
      assert.match(message, /Your work is unchanged/);
      assert.deepEqual(after.points, before.points, `input ${i} changed the points: ${message}`);
      assert.deepEqual(after.params, before.params);
    } else {
      assert.match(message, /Opened/);
      assert.ok(after.points.every((p) => Number.isFinite(p.x1) && Number.isFinite(p.x2)));
    }
  }
  // Mutated share links, opened as a new page: refused with a message, or opened clean.
  const fuzzPage = await context.newPage();
  fuzzPage.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  fuzzPage.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
  for (let i = 0; i < 25; i++) {
    const hash = link.slice(link.indexOf("#"));
    await fuzzPage.goto("about:blank");
    await fuzzPage.goto(`${env.server.url}?lang=en${mutate(hash, rand).replace(/\s/g, "")}`);
    await whenReady(fuzzPage);
    assert.ok((await fuzzPage.evaluate(() => window.backpropLab.snapshot().points.length)) > 0);
  }
  console.log(`page fuzzing: ${tried} files (${refused} refused with a message) and 25 links`);
  assert.ok(refused > tried / 2);
  assert.deepEqual(errors, []);
  await context.close();
});

