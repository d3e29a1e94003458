// Serving the page (issue 13 item 23): make serve binds 127.0.0.1 unless HOST says otherwise,
// and the README says what to install first and how to serve a lab.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The server command make serve would run (make -n: nothing is built or served). @param {string[]} args */
function serveCommand(args) {
  const out = execFileSync("make", ["-n", "serve", ...args], { cwd: ROOT, encoding: "utf8" });
  const line = out.split("\n").find((l) => l.includes("http.server"));
  assert.ok(line, out);
  return line;
}

test("make serve binds 127.0.0.1; make serve HOST=0.0.0.0 binds every address (a lab)", () => {
  assert.match(serveCommand([]), /--bind 127\.0\.0\.1 /);
  assert.match(serveCommand(["HOST=0.0.0.0"]), /--bind 0\.0\.0\.0 /);
  assert.match(serveCommand(["HOST=0.0.0.0", "PORT=9000"]), /http\.server 9000 --bind 0\.0\.0\.0 /);
});

test("the README lists what to install first, that the first build downloads, and how to serve a lab", () => {
  const readme = readFileSync(new URL("README.md", `file://${ROOT}`), "utf8");
  for (const need of [/rustup/, /Node\.js\*\* with \*\*npm/, /Python 3/, /first `make serve` or `make test` downloads/,
    /make serve HOST=0\.0\.0\.0/, /file:\/\//]) {
    assert.match(readme, need);
  }
});
