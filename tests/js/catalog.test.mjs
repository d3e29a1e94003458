// One catalog: the names the page offers and checks are the core's (limits()), never a list that drifts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { limits } from "./load.mjs";
import { SETTINGS_SCHEMA } from "../../www/model/statefile.js";
import { STRINGS, LANGS } from "../../www/model/i18n.js";

const catalog = limits();

test("the state file accepts exactly the core's activations, inputs, data sets and reductions", () => {
  assert.deepEqual(SETTINGS_SCHEMA.activation, catalog.activations);
  assert.deepEqual(SETTINGS_SCHEMA.inputs[1], catalog.inputs);
  assert.deepEqual(SETTINGS_SCHEMA.dataset, [...catalog.datasets, "own"]);
  assert.deepEqual(SETTINGS_SCHEMA.reduction, catalog.reductions);
});

test("every name in the catalog has words in both languages", () => {
  for (const lang of LANGS) {
    for (const name of catalog.activations) assert.ok(`act.${name}` in STRINGS[lang], `act.${name} (${lang})`);
    for (const name of catalog.datasets) assert.ok(`data.${name}` in STRINGS[lang], `data.${name} (${lang})`);
  }
});
