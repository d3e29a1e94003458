// mutants.mjs: plants each mutation of scripts/mutants.list.mjs in a scratch copy of the
// project and runs the tests that should catch it; prints which were caught, which survived,
// and the score. `make mutants` runs it (outside `make test`: it takes a while).
//
//   node scripts/mutants.mjs                 every mutant, after a baseline run of their checks
//   node scripts/mutants.mjs ID …            only these mutants
//   node scripts/mutants.mjs --no-baseline   skip the baseline (the checks must pass unmutated,
//                                            or a "caught" means nothing)
//
// The scratch copy (target/mutants/tree) holds the tracked files, the built page (www/pkg,
// www/vendor) and node_modules; the project itself is never changed.

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MUTANTS } from "./mutants.list.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WORK = join(ROOT, "target/mutants");
const TREE = join(WORK, "tree");
const CARGO_TARGET = join(WORK, "cargo");
const LIMIT_MS = 20 * 60 * 1000;

/** @typedef {import("./mutants.list.mjs").Mutant} Mutant @typedef {import("./mutants.list.mjs").Check} Check */

const args = process.argv.slice(2);
const baseline = !args.includes("--no-baseline");
const only = args.filter((a) => !a.startsWith("--"));
const unknown = only.filter((id) => !MUTANTS.some((m) => m.id === id));
if (unknown.length > 0) {
  console.error(`unknown mutant ${unknown.join(", ")}; known: ${MUTANTS.map((m) => m.id).join(", ")}`);
  process.exit(2);
}
const chosen = only.length > 0 ? MUTANTS.filter((m) => only.includes(m.id)) : MUTANTS;

/**
 * Runs a command in the scratch tree; true when it exits with 0.
 * @param {string} cmd @param {string[]} argv @param {Record<string, string>} [env]
 */
function run(cmd, argv, env = {}) {
  const r = spawnSync(cmd, argv, {
    cwd: TREE, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], timeout: LIMIT_MS, maxBuffer: 1 << 28,
  });
  if (r.error) console.error(`  ${cmd}: ${r.error.message}`);
  return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** @param {Check} check */
function describe(check) {
  if (check.cargo) return `cargo test${check.cargo.length ? ` ${check.cargo.join(" ")}` : ""}`;
  if (check.node) return `node --test ${check.node.join(" ")}`;
  return `e2e ${(check.e2e ?? []).join(" ")}${check.grep ? ` (tests named /${check.grep}/)` : ""}`;
}

/** @param {Check} check */
function runCheck(check) {
  if (check.cargo) {
    return run("cargo", ["test", "--release", "--quiet", ...(check.cargo.length ? check.cargo : [])], { CARGO_TARGET_DIR: CARGO_TARGET });
  }
  if (check.node) return run("node", ["--test", ...check.node]);
  const pattern = check.grep ? [`--test-name-pattern=${check.grep}`] : [];
  return run("node", ["--test", "--test-concurrency=1", ...pattern, ...(check.e2e ?? [])]);
}

/** Builds www/pkg in the scratch tree from its (mutated) core, as the Makefile does. */
function buildWasm() {
  const wasm = join(CARGO_TARGET, "wasm32-unknown-unknown/wasm/backprop_lab.wasm");
  const steps = [
    ["cargo", ["build", "--profile", "wasm", "--lib", "--target", "wasm32-unknown-unknown", "--quiet"]],
    ["wasm-bindgen", ["--target", "web", "--out-dir", "www/pkg", "--no-typescript", wasm]],
    ["node_modules/.bin/wasm-opt", ["-Oz", "--converge", "--low-memory-unused", "--strip-producers", "--strip-target-features",
      "--enable-simd", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
      "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue",
      "www/pkg/backprop_lab_bg.wasm", "-o", "www/pkg/backprop_lab_bg.wasm"]],
    ["node", ["scripts/minify-names.mjs", "www/pkg/backprop_lab_bg.wasm", "www/pkg/backprop_lab.js"]],
  ];
  for (const [cmd, argv] of steps) {
    const r = run(/** @type {string} */ (cmd), /** @type {string[]} */ (argv), {
      CARGO_TARGET_DIR: CARGO_TARGET, PATH: `${process.env.HOME}/.cargo/bin:${process.env.PATH}`,
    });
    if (!r.ok) throw new Error(`building the mutated wasm failed at ${cmd}:\n${r.output.slice(-2000)}`);
  }
  writeFileSync(join(TREE, "www/pkg/package.json"), '{"type":"module"}\n');
}

function prepareTree() {
  for (const needed of ["www/pkg/backprop_lab.js", "www/vendor", "node_modules"]) {
    if (!existsSync(join(ROOT, needed))) throw new Error(`${needed} is missing: run make build first`);
  }
  rmSync(TREE, { recursive: true, force: true });
  mkdirSync(TREE, { recursive: true });
  const files = spawnSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).stdout.split("\0").filter(Boolean);
  for (const f of files) if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(TREE, f), { recursive: true });
  for (const d of ["www/pkg", "www/vendor", "node_modules"]) cpSync(join(ROOT, d), join(TREE, d), { recursive: true, verbatimSymlinks: true });
}

prepareTree();
const shippedPkg = join(WORK, "pkg");
rmSync(shippedPkg, { recursive: true, force: true });
cpSync(join(TREE, "www/pkg"), shippedPkg, { recursive: true });

if (baseline) {
  const checks = [...new Map(chosen.flatMap((m) => m.checks).map((c) => [describe(c), c])).values()];
  console.log(`baseline: ${checks.length} checks on the unmutated project`);
  for (const c of checks) {
    const r = runCheck(c);
    console.log(`  ${r.ok ? "pass" : "FAIL"}  ${describe(c)}`);
    if (!r.ok) {
      console.error(r.output.slice(-3000));
      console.error("a check fails without any mutation: fix it first (or pass --no-baseline)");
      process.exit(2);
    }
  }
}

/** @type {{ mutant: Mutant, result: "caught" | "survived" | "stale", by?: string, seconds: number }[]} */
const results = [];
for (const m of chosen) {
  const started = Date.now();
  const path = join(TREE, m.file);
  const original = readFileSync(path, "utf8");
  const count = original.split(m.from).length - 1;
  if (count !== 1) {
    console.log(`stale     ${m.id}: "${m.from}" occurs ${count} times in ${m.file}`);
    results.push({ mutant: m, result: "stale", seconds: 0 });
    continue;
  }
  writeFileSync(path, original.replace(m.from, m.to));
  /** @type {string | undefined} */
  let by;
  try {
    if (m.wasm) buildWasm();
    for (const c of m.checks) {
      if (!runCheck(c).ok) {
        by = describe(c);
        break;
      }
    }
  } finally {
    writeFileSync(path, original);
    if (m.wasm) {
      rmSync(join(TREE, "www/pkg"), { recursive: true, force: true });
      cpSync(shippedPkg, join(TREE, "www/pkg"), { recursive: true });
    }
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  results.push({ mutant: m, result: by ? "caught" : "survived", by, seconds });
  console.log(`${by ? "caught  " : "SURVIVED"}  ${m.id} (${m.what})${by ? `: by ${by}` : ""}, ${seconds} s`);
}

const caught = results.filter((r) => r.result === "caught").length;
const live = results.filter((r) => r.result !== "stale").length;
const report = [
  `mutation score: ${caught} of ${live} caught${live ? ` (${Math.round((100 * caught) / live)} %)` : ""}`,
  ...results.filter((r) => r.result !== "caught").map((r) => `  ${r.result}: ${r.mutant.id} in ${r.mutant.file} (${r.mutant.what})`),
].join("\n");
console.log(report);
writeFileSync(join(WORK, "report.txt"), `${report}\n`);
process.exit(caught === live ? 0 : 1);
