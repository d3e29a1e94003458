// The front end's shape (DESIGN.md, "Layout"): folders by layer, every import pointing one way,
//   model/ (pure code)  <-  app/ (state and services)  <-  views/ and panels/  <-  main.js (composition root)
// no circle, and panels never import each other (a panel's own folder is one panel).
import { test } from "node:test";
import assert from "node:assert/strict";
import { pageFiles, importsOf, read } from "./modules.mjs";

const RANK = { model: 0, app: 1, views: 2, panels: 3 };

/** @param {string} file  path under www/ */
function layerOf(file) {
  if (file === "main.js") return { name: "main", rank: 4, unit: "main" };
  const [top, sub] = file.split("/");
  if (!(top in RANK)) return null;
  return { name: top, rank: RANK[top], unit: top === "panels" ? `panels/${sub}` : top };
}

test("every page module sits in a layer folder, main.js alone at the top", () => {
  const loose = pageFiles().filter((f) => layerOf(f) === null);
  assert.deepEqual(loose, [], "modules outside model/, app/, views/, panels/");
});

test("imports point one way: model <- app <- views, panels <- main.js; panels never import each other", () => {
  const wrong = [];
  let count = 0;
  for (const file of pageFiles()) {
    const from = layerOf(file);
    const { static: st, dynamic } = importsOf(file);
    for (const target of [...st, ...dynamic]) {
      count += 1;
      if (target.startsWith("pkg/") || target.startsWith("vendor/")) {
        // The generated core and the vendored libraries: only services load them.
        if (from.name !== "app") wrong.push(`${file} -> ${target} (only app/ loads the core and libraries)`);
        continue;
      }
      const to = layerOf(target);
      if (!to) wrong.push(`${file} -> ${target} (not a page module)`);
      else if (to.rank > from.rank) wrong.push(`${file} -> ${target} (${from.name} may not import ${to.name})`);
      else if (from.name === "panels" && to.name === "panels" && to.unit !== from.unit) {
        wrong.push(`${file} -> ${target} (panels never import each other)`);
      } else if (from.name === "views" && to.name === "panels") wrong.push(`${file} -> ${target}`);
    }
  }
  assert.ok(count > 40, `read ${count} imports`);
  assert.deepEqual(wrong, []);
});

test("no circle among the page's modules", () => {
  const files = pageFiles();
  const edges = new Map(files.map((f) => [f, importsOf(f).static.filter((t) => files.includes(t))]));
  /** @type {Map<string, number>} 1 = on the path, 2 = done */
  const mark = new Map();
  const circles = [];
  const visit = (f, path) => {
    if (mark.get(f) === 2) return;
    if (mark.get(f) === 1) {
      circles.push([...path.slice(path.indexOf(f)), f].join(" -> "));
      return;
    }
    mark.set(f, 1);
    for (const t of edges.get(f)) visit(t, [...path, f]);
    mark.set(f, 2);
  };
  for (const f of files) visit(f, []);
  assert.deepEqual(circles, []);
});

test("model/ is pure: it touches no page globals, so Node tests can import all of it", async () => {
  for (const file of pageFiles().filter((f) => f.startsWith("model/"))) {
    const src = read(file).replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    assert.doesNotMatch(src, /\b(document|window|localStorage|requestAnimationFrame)\b\s*[.(]/, `${file} reaches into the page`);
    await import(new URL(`../../www/${file}`, import.meta.url).href);
  }
});

test("the layer check sees a wrong-way import (planted in memory)", () => {
  const from = layerOf("model/points.js");
  const to = layerOf("views/plane.js");
  assert.ok(to.rank > from.rank);
  assert.notEqual(layerOf("panels/lessons/x.js").unit, layerOf("panels/backprop/y.js").unit);
});
