// The front end's module graph, read from the sources: which file imports which.
// Used by the preload test and the layer test.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const WWW = fileURLToPath(new URL("../../www/", import.meta.url));

/** Every .js file of the page (not the generated package or the vendored libraries), as paths under www/. */
export function pageFiles(dir = "") {
  const out = [];
  for (const entry of readdirSync(path.join(WWW, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (rel !== "pkg" && rel !== "vendor") out.push(...pageFiles(rel));
    } else if (entry.name.endsWith(".js")) {
      out.push(rel);
    }
  }
  return out.sort();
}

/** The source of a file under www/. @param {string} name */
export const read = (name) => readFileSync(path.join(WWW, name), "utf8");

/** Strips comments, so JSDoc type imports do not count as imports. @param {string} source */
function code(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

/**
 * The files a module imports, as paths under www/: `static` (import … from) and `dynamic` (import(…) with a literal).
 * @param {string} name
 */
export function importsOf(name) {
  const src = code(read(name));
  const dir = path.posix.dirname(name);
  const resolve = (spec) => path.posix.normalize(path.posix.join(dir, spec));
  const statics = [...src.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"(\.{1,2}\/[^"]+)"/gm)].map((m) => resolve(m[1]));
  const dynamics = [...src.matchAll(/\bimport\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g)].map((m) => resolve(m[1]));
  const workers = [...src.matchAll(/new URL\(\s*"(\.{1,2}\/[^"]+\.js)"\s*,\s*import\.meta\.url\s*\)/g)].map((m) => resolve(m[1]));
  return { static: statics, dynamic: [...dynamics, ...workers] };
}

/** The files reachable from `entry` by static imports, entry included. @param {string} entry */
export function staticGraph(entry) {
  const seen = new Set();
  const queue = [entry];
  while (queue.length > 0) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    seen.add(name);
    queue.push(...importsOf(name).static.filter((f) => !f.startsWith("pkg/")));
  }
  return seen;
}
