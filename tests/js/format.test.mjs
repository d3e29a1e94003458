// Readouts and messages write a loss with the lecture's dot and enough digits for the stop
// message to read true: "0.004999 fell below 0.005", never "0.00500 fell below 0.005".
import { test } from "node:test";
import assert from "node:assert/strict";
import { fmtLoss } from "../../www/model/format.js";

test("a loss is written with a dot and at least four significant digits", () => {
  assert.equal(fmtLoss(0.69314718), "0.69315");
  assert.equal(fmtLoss(0.0049787501480171815), "0.004979");
  assert.equal(fmtLoss(4.998e-4), "4.998e-4");
  assert.equal(fmtLoss(0.5), "0.50000");
  assert.equal(fmtLoss(null), "—");
});

test("a loss just below a stop threshold never reads as the threshold itself", () => {
  for (const stop of [0.005, 0.01, 0.05, 0.001, 0.7, 0.25, 1e-4]) {
    for (const below of [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-9]) {
      const loss = stop * (1 - below);
      const shown = fmtLoss(loss);
      assert.ok(Number(shown) < stop, `loss ${loss} is shown as ${shown}, which is not below ${stop}`);
      assert.doesNotMatch(shown, /,/);
    }
  }
});

test("a diverging run's huge loss is written in powers of ten, short enough for its box", async () => {
  const { fmtLoss } = await import("../../www/model/format.js");
  assert.equal(fmtLoss(208092540305284005888), "2.081e+20");
  assert.equal(fmtLoss(4.2067e272), "4.207e+272");
  assert.equal(fmtLoss(123456.789), "123456.78900");
});
