// controls.js: the page's form controls: finding them, showing the settings in
// them, and turning their events into setting changes and actions for main.js.

import { SPEEDS } from "../model/trainer.js";
import { setText, setAttr, setProp } from "./dom.js";
import { X1_FEATURES } from "../model/regression.js";

/** @typedef {import("../model/settings.js").Settings} Settings */

/** The learning-rate slider holds log10 α; α is rounded to two significant digits. */
/** @param {number} slider */
export function learningRateFromSlider(slider) {
  return Number((10 ** slider).toPrecision(2));
}

/** @param {number} lr */
export function sliderFromLearningRate(lr) {
  return Math.round(Math.log10(lr) * 20) / 20;
}

/**
 * Fills the activation and data-set selects from the core's catalog (limits()), so a name the
 * core adds appears here without another list to edit; the page's own extra ("own": the
 * student's points only) stays last. Each option's words come from i18n (act.*, data.*).
 * @param {ReturnType<typeof findControls>} c
 * @param {{ activations: string[], datasets: string[], optimizers: string[], regularizations: string[] }} catalog
 * @param {(key: string) => string} t
 */
export function fillCatalog(c, catalog, t) {
  /** @param {HTMLSelectElement} select @param {string[]} names @param {string} prefix */
  const fill = (select, names, prefix) => {
    const value = select.value;
    const options = names.map((name) => {
      const option = select.ownerDocument.createElement("option");
      option.value = name;
      option.dataset.i18n = `${prefix}.${name}`;
      option.textContent = t(`${prefix}.${name}`);
      return option;
    });
    select.replaceChildren(...options);
    if (names.includes(value)) select.value = value;
  };
  fill(c.activation, catalog.activations, "act");
  fill(c.optimizer, catalog.optimizers, "opt");
  fill(c.regularization, catalog.regularizations, "reg");
  fill(c.dataset, [...catalog.datasets, "own"], "data");
}

/** @param {Document} doc */
export function findControls(doc) {
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (doc.getElementById(id));
  const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id));
  const select = (/** @type {string} */ id) => /** @type {HTMLSelectElement} */ ($(id));
  const button = (/** @type {string} */ id) => /** @type {HTMLButtonElement} */ ($(id));
  return {
    lang: select("lang"),
    plane: /** @type {HTMLCanvasElement} */ ($("plane")),
    viewNote: $("view-note"),
    drawClass: /** @type {HTMLInputElement[]} */ ([...doc.querySelectorAll('input[name="draw-class"]')]),
    tool: /** @type {HTMLInputElement[]} */ ([...doc.querySelectorAll('input[name="tool"]')]),
    undo: button("undo"),
    redo: button("redo"),
    clear: button("clear"),
    counts: /** @type {HTMLOutputElement} */ ($("counts")),
    outputNote: $("output-note"),
    discretise: input("discretise"),
    paletteSafe: input("palette-safe"),
    paletteNote: $("palette-note"),
    selectedInfo: $("selected-info"),
    logScale: input("log-scale"),
    lossChart: $("loss-chart"),
    accChart: $("acc-chart"),
    train: button("train"),
    oneEpoch: button("one-epoch"),
    fastest: button("fastest"),
    optimizer: select("optimizer"),
    momentum: input("momentum"),
    momentumField: $("momentum-field"),
    regularization: select("regularization"),
    regRate: input("reg-rate"),
    regRateField: $("reg-rate-field"),
    updateNote: $("update-note"),
    reset: button("reset"),
    defaults: button("defaults"),
    epoch: /** @type {HTMLOutputElement} */ ($("r-epoch")),
    trainLoss: /** @type {HTMLOutputElement} */ ($("r-train-loss")),
    testLoss: /** @type {HTMLOutputElement} */ ($("r-test-loss")),
    trainAcc: /** @type {HTMLOutputElement} */ ($("r-train-acc")),
    testAcc: /** @type {HTMLOutputElement} */ ($("r-test-acc")),
    trainMse: /** @type {HTMLOutputElement} */ ($("r-train-mse")),
    testMse: /** @type {HTMLOutputElement} */ ($("r-test-mse")),
    accRows: [$("row-train-acc"), $("row-test-acc")],
    mseRows: [$("row-train-mse"), $("row-test-mse")],
    mseNote: $("mse-note"),
    // Words that differ by task: [element, its key when classifying, its key in regression]
    taskWords: /** @type {[HTMLElement, string, string][]} */ ([
      [$("counts-label"), "counts.label", "counts.labelRegress"],
      [$("plane-heading"), "plane.heading", "plane.headingRegress"],
      [$("plane-hint"), "plane.hint", "plane.hintRegress"],
      [$("plane-hint-touch"), "plane.hintTouch", "plane.hintTouchRegress"],
    ]),
    // What only classification has: classes to draw, the accuracy chart, the confusion matrix (hidden in regression)
    classifyOnly: [$("class-field"), $("discretise-field"), $("acc-figure"), $("confusion-heading"), $("confusion-hint"), $("confusion")],
    status: $("status"),
    alert: $("alert"),
    lr: input("lr"),
    lrValue: $("lr-value"),
    batch: select("batch"),
    batchSize: input("batch-size"),
    reduction: select("reduction"),
    trainHint: $("train-hint"),
    stopLoss: input("stop-loss"),
    maxEpochs: input("max-epochs"),
    speed: input("speed"),
    speedValue: $("speed-value"),
    task: select("task"),
    taskNote: $("task-note"),
    dataset: select("dataset"),
    count: input("count"),
    countValue: $("count-value"),
    noise: input("noise"),
    noiseValue: $("noise-value"),
    newData: button("new-data"),
    keepOwn: input("keep-own"),
    split: input("split"),
    splitValue: $("split-value"),
    arch: /** @type {HTMLOutputElement} */ ($("arch")),
    layerCount: /** @type {HTMLOutputElement} */ ($("layer-count")),
    addLayer: button("add-layer"),
    removeLayer: button("remove-layer"),
    activation: select("activation"),
    lectureNet: button("lecture-net"),
    netNote: $("net-note"),
    features: /** @type {HTMLInputElement[]} */ ([...doc.querySelectorAll('input[name="feature"]')]),
    diagram: $("diagram"),
  };
}

/** @typedef {ReturnType<typeof findControls>} Controls */

/**
 * Shows `s` in the controls, with each slider's current value in words.
 * @param {Controls} c
 * @param {Settings} s
 * @param {(key: string, values?: Record<string, string | number>) => string} t
 * @param {{ maxHiddenLayers: number }} limits
 */
export function showSettings(c, s, t, limits) {
  c.drawClass.forEach((r) => setProp(r, "checked", Number(r.value) === s.drawClass));
  c.tool.forEach((r) => setProp(r, "checked", r.value === s.tool));
  setProp(c.discretise, "checked", s.discretise);
  setProp(c.paletteSafe, "checked", s.palette === "safe");
  setText(c.paletteNote, s.palette === "safe" ? t("palette.note") : "");
  setProp(c.logScale, "checked", s.logScale);

  setIfIdle(c.lr, String(sliderFromLearningRate(s.learningRate)));
  setText(c.lrValue, String(s.learningRate));
  setAttr(c.lr, "aria-valuetext", `α = ${s.learningRate}`);
  setProp(c.batch, "value", s.batch);
  setIfIdle(c.batchSize, String(s.batchSize));
  setProp(c.batchSize, "disabled", s.batch !== "mini");
  setProp(c.reduction, "value", s.reduction);
  setProp(c.optimizer, "value", s.optimizer);
  setIfIdle(c.momentum, String(s.momentum));
  setProp(c.momentumField, "hidden", s.optimizer !== "momentum");
  setProp(c.regularization, "value", s.regularization);
  setIfIdle(c.regRate, String(s.regularizationRate));
  setProp(c.regRateField, "hidden", s.regularization === "none");
  setText(c.updateNote, t(`update.${s.optimizer}`, { mu: s.momentum }) +
    (s.regularization === "none" ? "" : ` ${t(`update.${s.regularization}`, { lambda: s.regularizationRate })}`));
  setIfIdle(c.stopLoss, String(s.stopLoss));
  setIfIdle(c.maxEpochs, String(s.maxEpochs));
  setProp(c.speed, "value", String(s.speed));
  const speed = SPEEDS[s.speed];
  const speedText = speed === Infinity ? t("speed.max") : t("speed.value", { n: speed });
  setText(c.speedValue, speedText);
  setAttr(c.speed, "aria-valuetext", speedText);
  setAttr(c.fastest, "aria-pressed", String(speed === Infinity));

  const regress = s.task === "regress";
  setProp(c.task, "value", s.task);
  setText(c.taskNote, regress ? t("task.note.regress") : "");
  setProp(c.taskNote, "hidden", !regress);
  // Regression: the core's data sets are classification sets, and an input of x₂ would be the target.
  setProp(c.dataset, "disabled", regress);
  setProp(c.dataset, "value", s.dataset);
  setProp(c.count, "value", String(s.count));
  setText(c.countValue, String(s.count));
  setProp(c.noise, "value", String(s.noise));
  setText(c.noiseValue, String(s.noise));
  const generated = s.dataset !== "lecture" && s.dataset !== "own";
  setProp(c.count, "disabled", !generated);
  setProp(c.noise, "disabled", !generated);
  setProp(c.newData, "disabled", s.dataset === "own" || regress);
  setProp(c.keepOwn, "checked", s.keepOwn);
  const percent = Math.round(s.testFraction * 100);
  setProp(c.split, "value", String(percent));
  setText(c.splitValue, `${percent}%`);
  setAttr(c.split, "aria-valuetext", t("data.splitValue", { p: percent }));

  setText(c.layerCount, String(s.hidden.length));
  setProp(c.addLayer, "disabled", s.hidden.length >= limits.maxHiddenLayers);
  setProp(c.removeLayer, "disabled", s.hidden.length === 0);
  setProp(c.activation, "value", s.activation);
  c.features.forEach((f) => {
    const feature = /** @type {import("../types").Feature} */ (f.value);
    setProp(f, "checked", s.inputs.includes(feature) && (!regress || X1_FEATURES.includes(feature)));
    setProp(f, "disabled", regress && !X1_FEATURES.includes(feature));
  });
}

/**
 * Writes a text field's value unless the student is typing in it.
 * @param {HTMLInputElement} el
 * @param {string} value
 */
function setIfIdle(el, value) {
  if (el.ownerDocument.activeElement !== el || el.type === "range") setProp(el, "value", value);
}

/**
 * A number typed in a field, or null when it is not a finite number in [min, max].
 * @param {HTMLInputElement} el
 * @param {number} min
 * @param {number} max
 */
export function readNumber(el, min, max) {
  const v = Number(el.value);
  if (el.value.trim() === "" || !Number.isFinite(v) || v < min || v > max) return null;
  return v;
}

/**
 * Wires the static controls: each event becomes a settings patch or a named action.
 * @param {Controls} c
 * @param {(patch: Partial<Settings>) => void} onChange
 * @param {(action: string) => void} onAction
 */
export function wireControls(c, onChange, onAction) {
  c.drawClass.forEach((r) => r.addEventListener("change", () => onChange({ drawClass: Number(r.value) })));
  c.tool.forEach((r) =>
    r.addEventListener("change", () => onChange({ tool: /** @type {Settings["tool"]} */ (r.value) })),
  );
  c.discretise.addEventListener("change", () => onChange({ discretise: c.discretise.checked }));
  c.paletteSafe.addEventListener("change", () => onChange({ palette: c.paletteSafe.checked ? "safe" : "lecture" }));
  c.logScale.addEventListener("change", () => onChange({ logScale: c.logScale.checked }));

  c.lr.addEventListener("input", () => onChange({ learningRate: learningRateFromSlider(Number(c.lr.value)) }));
  c.batch.addEventListener("change", () => onChange({ batch: /** @type {Settings["batch"]} */ (c.batch.value) }));
  c.batchSize.addEventListener("change", () => {
    const v = readNumber(c.batchSize, 1, 10000);
    if (v !== null) onChange({ batchSize: Math.round(v) });
    else onAction("invalid:batchSize");
  });
  c.reduction.addEventListener("change", () =>
    onChange({ reduction: /** @type {Settings["reduction"]} */ (c.reduction.value) }),
  );
  c.optimizer.addEventListener("change", () =>
    onChange({ optimizer: /** @type {Settings["optimizer"]} */ (c.optimizer.value) }),
  );
  c.momentum.addEventListener("change", () => {
    const v = readNumber(c.momentum, 0, 0.999);
    if (v !== null) onChange({ momentum: v });
    else onAction("invalid:momentum");
  });
  c.regularization.addEventListener("change", () =>
    onChange({ regularization: /** @type {Settings["regularization"]} */ (c.regularization.value) }),
  );
  c.regRate.addEventListener("change", () => {
    const v = readNumber(c.regRate, 0, 1);
    if (v !== null) onChange({ regularizationRate: v });
    else onAction("invalid:regularizationRate");
  });
  c.stopLoss.addEventListener("change", () => {
    const v = readNumber(c.stopLoss, 0, 100);
    if (v !== null) onChange({ stopLoss: v });
    else onAction("invalid:stopLoss");
  });
  c.maxEpochs.addEventListener("change", () => {
    const v = readNumber(c.maxEpochs, 1, 1e7);
    if (v !== null) onChange({ maxEpochs: Math.round(v) });
    else onAction("invalid:maxEpochs");
  });
  c.speed.addEventListener("input", () => onChange({ speed: Number(c.speed.value) }));

  c.task.addEventListener("change", () => onChange({ task: /** @type {Settings["task"]} */ (c.task.value) }));
  c.dataset.addEventListener("change", () => onChange({ dataset: c.dataset.value }));
  c.count.addEventListener("change", () => onChange({ count: Number(c.count.value) }));
  c.count.addEventListener("input", () => (c.countValue.textContent = c.count.value));
  c.noise.addEventListener("change", () => onChange({ noise: Number(c.noise.value) }));
  c.noise.addEventListener("input", () => (c.noiseValue.textContent = c.noise.value));
  c.keepOwn.addEventListener("change", () => onChange({ keepOwn: c.keepOwn.checked }));
  c.split.addEventListener("input", () => onChange({ testFraction: Number(c.split.value) / 100 }));
  c.activation.addEventListener("change", () =>
    onChange({ activation: /** @type {Settings["activation"]} */ (c.activation.value) }),
  );
  c.features.forEach((f) => f.addEventListener("change", () => onAction("features")));

  /** @type {[HTMLButtonElement, string][]} */
  const buttons = [
    [c.undo, "undo"], [c.redo, "redo"], [c.clear, "clear"], [c.train, "train"], [c.oneEpoch, "oneEpoch"], [c.fastest, "fastest"],
    [c.reset, "reset"], [c.defaults, "defaults"], [c.newData, "newData"], [c.addLayer, "addLayer"],
    [c.removeLayer, "removeLayer"], [c.lectureNet, "lectureNet"],
  ];
  for (const [b, action] of buttons) b.addEventListener("click", () => onAction(action));
}

/**
 * The input features ticked, in the core's order.
 * @param {Controls} c
 * @returns {import("../types").Feature[]}
 */
export function checkedFeatures(c) {
  return c.features.filter((f) => f.checked).map((f) => /** @type {import("../types").Feature} */ (f.value));
}
