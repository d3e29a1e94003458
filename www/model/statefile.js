// statefile.js: the page's files. The whole state as versioned JSON, the data set
// as CSV or JSON. Everything read is checked field by field and never trusted:
// a bad file gives an Error naming the line or field (its reason a key of i18n.js, refusal.js),
// and nothing is changed.

import { refusal } from "./refusal.js";

/**
 * The format name and version written into every state file. Version 2 (issue 15) adds the task
 * (settings.task: "classify" or "regress"; a regression point's label is its real target y) and
 * `away`, the other task's settings and points; a file without them is written as version 1, as
 * before, and version 1 files open as they always did (classification).
 */
export const FORMAT = "backprop-lab";
export const VERSION = 2;
/** The most points a file may carry (the page's limit). */
export const MAX_POINTS = 10000;
/** Files larger than this are refused before they are read. */
export const MAX_FILE_BYTES = 5_000_000;
/** Coordinates must lie in this range (the plane is [-1.5, 1.5]²; a little slack). */
export const MAX_COORD = 10;
export const MAX_CLASSES = 4;

/**
 * A point as files carry it. `key` (in [0, 1), fixes test membership) and `own` (placed by
 * the student) are kept by state files so a reload restores the split exactly.
 * @typedef {{ x1: number, x2: number, label: number, key?: number, own?: boolean }} PlainPoint
 */
/** @typedef {{ W: number[][], b: number[] }} LayerParams */
/** @typedef {import("./i18n.js").Message} Message */
/**
 * @typedef {{ format: string, version: number, points: PlainPoint[],
 *   settings: Record<string, unknown>, params: LayerParams[] | null, lesson: string | null, epoch?: number,
 *   snapshots?: SavedSnapshot[], away?: AwayTask }} StateDocument
 * snapshots: named weights the student kept to go back to (optional; older files have none).
 * away: the task the student is not on, given back when switched to (version 2; optional).
 */
/** @typedef {{ settings: Record<string, unknown>, points: PlainPoint[] }} AwayTask */
/**
 * optimizer: what the optimizer remembered when the snapshot was taken (optional; files before it
 * have none, and pages before it ignore it, so the version stays): optimizerState()'s shape.
 * @typedef {{ name: string, epoch: number, params: LayerParams[], optimizer?: SavedOptimizer }} SavedSnapshot
 * @typedef {{ optimizer: "gd" | "momentum" | "adam" | null, momentum: number | null, t: number,
 *   first: LayerParams[], second: LayerParams[] }} SavedOptimizer
 */
/** How many snapshots a file may hold. */
export const MAX_SAVED_SNAPSHOTS = 12;

/**
 * What each setting may hold. Numbers: [min, max, integer?]; strings: the allowed values;
 * "boolean"; arrays: ["numbers", min, max, maxLength] or ["strings", allowed].
 * Keys not listed here are dropped on reading.
 * @type {Record<string, [number, number, boolean] | string[] | "boolean" | ["numbers", number, number, number] | ["strings", string[]]>}
 */
export const SETTINGS_SCHEMA = {
  dataset: ["lecture", "xor", "circle", "gaussians", "spiral", "moons", "linear", "own"],
  count: [1, MAX_POINTS, true],
  noise: [0, 1, false],
  dataSeed: [0, 2 ** 53, true],
  keepOwn: "boolean",
  testFraction: [0, 0.9, false],
  hidden: ["numbers", 1, 16, 6],
  activation: ["sigmoid", "tanh", "relu", "linear"],
  inputs: ["strings", ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"]],
  netSeed: [0, 2 ** 53, true],
  learningRate: [1e-4, 10, false],
  batch: ["full", "mini", "one"],
  batchSize: [1, MAX_POINTS, true],
  reduction: ["sum", "mean"],
  optimizer: ["gd", "momentum", "adam"],
  momentum: [0, 0.999, false],
  regularization: ["none", "l2", "l1"],
  regularizationRate: [0, 1, false],
  stopLoss: [0, 100, false],
  maxEpochs: [1, 10_000_000, true],
  speed: [0, 8, true], // the speed slider's stops (trainer.js SPEEDS)
  drawClass: [0, MAX_CLASSES - 1, true],
  tool: ["add", "remove", "select"],
  discretise: "boolean",
  logScale: "boolean",
  palette: ["lecture", "safe"],
  task: ["classify", "regress"],
};

/**
 * The whole state as a versioned JSON document.
 * @param {{ points: readonly PlainPoint[], settings: object, params?: LayerParams[] | null, lesson?: string | null,
 *   epoch?: number, snapshots?: readonly SavedSnapshot[], away?: { settings: object, points: readonly PlainPoint[] } | null }} state
 * @returns {string}
 */
export function stateToJson(state) {
  const settings = /** @type {Record<string, unknown>} */ ({ ...state.settings });
  // Version 2 only where its additions are used, so a classification file opens in older pages too.
  const version = settings.task === "regress" || state.away ? VERSION : 1;
  /** @type {StateDocument} */
  const doc = {
    format: FORMAT,
    version,
    points: plainPoints(state.points),
    settings,
    params: state.params ?? null,
    lesson: state.lesson ?? null,
    ...(state.epoch === undefined ? {} : { epoch: state.epoch }),
    ...(state.snapshots && state.snapshots.length > 0
      ? { snapshots: state.snapshots.map(({ name, epoch, params, optimizer }) => ({ name, epoch, params,
        ...(optimizer ? { optimizer: savedOptimizer(optimizer) } : {}) })) } : {}),
    ...(state.away ? { away: { settings: { ...state.away.settings }, points: plainPoints(state.away.points) } } : {}),
  };
  return JSON.stringify(doc);
}

/** @param {readonly PlainPoint[]} points @returns {PlainPoint[]} */
function plainPoints(points) {
  return points.map(({ x1, x2, label, key, own }) => ({ x1, x2, label, ...(key === undefined ? {} : { key }),
    ...(own === undefined ? {} : { own }) }));
}

/**
 * Reads a state file (or a bare data set in JSON). Throws an Error naming the problem.
 * @param {string} text
 * @returns {StateDocument}
 */
export function stateFromJson(text) {
  checkSize(text);
  /** @type {unknown} */
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw jsonRefusal(text, e);
  }
  if (Array.isArray(doc)) {
    return { format: FORMAT, version: VERSION, points: readPoints(doc, { key: "refuse.at.list" }), settings: {}, params: null, lesson: null };
  }
  if (!isRecord(doc)) throw refusal("refuse.notObject");
  if (doc.format !== FORMAT) throw refusal("refuse.format", { format: FORMAT });
  if (typeof doc.version !== "number" || !Number.isInteger(doc.version) || doc.version < 1) {
    throw refusal("refuse.version", { got: describe(doc.version) });
  }
  if (doc.version > VERSION) throw refusal("refuse.newer", { version: doc.version, max: VERSION });
  const settings = doc.settings === undefined ? {} : readSettings(doc.settings);
  const params = doc.params === undefined || doc.params === null ? null : readParams(doc.params);
  let lesson = null;
  if (doc.lesson !== undefined && doc.lesson !== null) {
    if (typeof doc.lesson !== "string" || doc.lesson.length > 40) throw refusal("refuse.lesson");
    lesson = doc.lesson;
  }
  let epoch;
  if (doc.epoch !== undefined) {
    if (typeof doc.epoch !== "number" || !Number.isInteger(doc.epoch) || doc.epoch < 0 || doc.epoch > 1e9) {
      throw refusal("refuse.epoch", { got: describe(doc.epoch) });
    }
    epoch = doc.epoch;
  }
  const snapshots = doc.snapshots === undefined ? [] : readSnapshots(doc.snapshots);
  /** @type {AwayTask | null} */
  let away = null;
  if (doc.away !== undefined && doc.away !== null) {
    if (!isRecord(doc.away)) throw refusal("refuse.away");
    const awaySettings = readSettings(doc.away.settings);
    away = { settings: awaySettings, points: readPoints(doc.away.points, { key: "refuse.at.awayPoints" }, awaySettings.task === "regress") };
  }
  return {
    format: FORMAT, version: VERSION,
    points: readPoints(doc.points, { key: "refuse.at.pointsField" }, settings.task === "regress"), settings, params, lesson,
    ...(epoch === undefined ? {} : { epoch }),
    ...(snapshots.length > 0 ? { snapshots } : {}),
    ...(away ? { away } : {}),
  };
}

/**
 * The data set as CSV: a header line, then x1,x2,label per point.
 * @param {readonly PlainPoint[]} points
 */
export function pointsToCsv(points) {
  return ["x1,x2,label", ...points.map((p) => `${p.x1},${p.x2},${p.label}`)].join("\n") + "\n";
}

/**
 * Reads CSV: lines of x1,x2,label (comma, semicolon or tab separated), an optional header line,
 * blank lines and lines starting with # ignored. Throws an Error naming the line and field.
 * @param {string} text
 * @param {boolean} [real]  regression: a label is a real target y, checked as a coordinate is
 * @returns {PlainPoint[]}
 */
export function pointsFromCsv(text, real = false) {
  checkSize(text);
  /** @type {PlainPoint[]} */
  const points = [];
  let sawHeader = false;
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line.startsWith("#")) continue;
    const fields = line.split(/[,;\t]/).map((f) => f.trim());
    // One header line at most, before the first point, and only of words ("x1,x2,label"):
    // "foo,0.5,1" or "NaN,0.3,0" are points with a bad number, said with their line.
    if (points.length === 0 && !sawHeader && fields.every(isWord)) {
      sawHeader = true;
      continue;
    }
    if (fields.length !== 3) throw refusal("refuse.csvFields", { line: i + 1, found: fields.length });
    const [x1, x2, label] = fields.map(decimal);
    /** @param {string} field */
    const at = (field) => ({ key: "refuse.at.lineField", values: { line: i + 1, field } });
    checkCoordinate(x1, at("x1"), fields[0]);
    checkCoordinate(x2, at("x2"), fields[1]);
    if (real) checkCoordinate(label, at("label"), fields[2]);
    else checkLabel(label, at("label"), fields[2]);
    points.push({ x1, x2, label });
    if (points.length > MAX_POINTS) throw refusal("refuse.csvTooMany", { max: MAX_POINTS });
  }
  if (points.length === 0) throw refusal("refuse.noPoints");
  return points;
}

/** A plain decimal number as people write it (12, -0.5, .5, 1e-3); anything else (0x5, 0b1, NaN, Infinity, "") is NaN. @param {string} f */
function decimal(f) {
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(f) ? Number(f) : NaN;
}

/** A header's field: a word, not a number nor NaN or Infinity. @param {string} f */
function isWord(f) {
  return /^["']?[a-z_]/i.test(f) && !/^["']?[+-]?(nan|infinity)["']?$/i.test(f);
}

/**
 * Reads either format, chosen by the file's name or its first character.
 * @param {string} name
 * @param {string} text
 * @param {boolean} [real]  a CSV file's labels are real targets (the page is in regression; a state file says its own task)
 * @returns {StateDocument}
 */
export function readFile(name, text, real = false) {
  const looksJson = /\.json$/i.test(name) || /^\s*[[{]/.test(text);
  if (looksJson) return stateFromJson(text);
  return { format: FORMAT, version: VERSION, points: pointsFromCsv(text, real), settings: {}, params: null, lesson: null };
}

// ---- checks ----------------------------------------------------------------------

/** @param {string} text */
function checkSize(text) {
  if (typeof text !== "string") throw refusal("refuse.notText");
  if (text.length > MAX_FILE_BYTES) throw tooLarge(text.length);
}

/**
 * The refusal of a file of `bytes` bytes (over MAX_FILE_BYTES).
 * @param {number} bytes
 */
export function tooLarge(bytes) {
  return refusal("refuse.tooLarge", { size: (bytes / 1e6).toFixed(1), max: MAX_FILE_BYTES / 1e6 });
}

/**
 * Text that JSON.parse refused: where, when the browser's message says (its words are English).
 * @param {string} text
 * @param {unknown} e
 */
function jsonRefusal(text, e) {
  const message = e instanceof Error ? e.message : "";
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return refusal("refuse.jsonAt", { line: Number(lineColumn[1]), column: Number(lineColumn[2]) });
  const position = /position (\d+)/.exec(message);
  if (position) {
    const before = text.slice(0, Number(position[1])).split(/\r\n|\n|\r/);
    return refusal("refuse.jsonAt", { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 });
  }
  return refusal("refuse.json");
}

/**
 * @param {unknown} list
 * @param {Message} where
 * @param {boolean} [real]  regression: a label is a real target y, checked as a coordinate is
 * @returns {PlainPoint[]}
 */
function readPoints(list, where, real = false) {
  if (!Array.isArray(list)) throw refusal("refuse.pointsList", { where });
  if (list.length > MAX_POINTS) throw refusal("refuse.pointsTooMany", { where, n: list.length, max: MAX_POINTS });
  return list.map((p, i) => {
    /** @param {string} field @returns {Message} */
    const at = (field) => ({ key: "refuse.at.pointField", values: { point: i + 1, field } });
    if (!isRecord(p)) throw refusal("refuse.pointObject", { where: { key: "refuse.at.point", values: { point: i + 1 } } });
    checkCoordinate(p.x1, at("x1"), p.x1);
    checkCoordinate(p.x2, at("x2"), p.x2);
    if (real) checkCoordinate(p.label, at("label"), p.label);
    else checkLabel(p.label, at("label"), p.label);
    /** @type {PlainPoint} */
    const point = { x1: /** @type {number} */ (p.x1), x2: /** @type {number} */ (p.x2), label: /** @type {number} */ (p.label) };
    if (p.key !== undefined) {
      if (typeof p.key !== "number" || !(p.key >= 0 && p.key < 1)) throw refusal("refuse.pointKey", { where: at("key") });
      point.key = p.key;
    }
    if (p.own !== undefined) {
      if (typeof p.own !== "boolean") throw refusal("refuse.pointOwn", { where: at("own") });
      point.own = p.own;
    }
    return point;
  });
}

/**
 * @param {unknown} v
 * @param {Message} where
 * @param {unknown} shown
 */
function checkCoordinate(v, where, shown) {
  if (typeof v !== "number" || !Number.isFinite(v) || Math.abs(v) > MAX_COORD) {
    throw refusal("refuse.coordinate", { where, shown: describe(shown), max: MAX_COORD });
  }
}

/**
 * @param {unknown} v
 * @param {Message} where
 * @param {unknown} shown
 */
function checkLabel(v, where, shown) {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= MAX_CLASSES) {
    throw refusal("refuse.label", { where, shown: describe(shown), max: MAX_CLASSES - 1 });
  }
}

/**
 * Checks every known setting; drops unknown keys.
 * @param {unknown} raw
 * @returns {Record<string, unknown>}
 */
export function readSettings(raw) {
  if (!isRecord(raw)) throw refusal("refuse.settings");
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, rule] of Object.entries(SETTINGS_SCHEMA)) {
    if (!(key in raw)) continue;
    const v = raw[key];
    if (rule === "boolean") {
      if (typeof v !== "boolean") throw refusal("refuse.setting.boolean", { name: key, got: describe(v) });
    } else if (rule[0] === "numbers") {
      const [, min, max, maxLength] = /** @type {["numbers", number, number, number]} */ (rule);
      if (!Array.isArray(v) || v.length > maxLength || !v.every((x) => Number.isInteger(x) && x >= min && x <= max)) {
        throw refusal("refuse.setting.numbers", { name: key, length: maxLength, min, max });
      }
    } else if (rule[0] === "strings") {
      const allowed = /** @type {string[]} */ (rule[1]);
      if (!Array.isArray(v) || v.length === 0 || !v.every((x) => allowed.includes(x)) || new Set(v).size !== v.length) {
        throw refusal("refuse.setting.strings", { name: key, allowed: allowed.join(", ") });
      }
    } else if (typeof rule[0] === "string") {
      if (typeof v !== "string" || !(/** @type {string[]} */ (rule).includes(v))) {
        throw refusal("refuse.setting.oneOf", { name: key, allowed: rule.join(", "), got: describe(v) });
      }
    } else {
      const [min, max, integer] = /** @type {[number, number, boolean]} */ (rule);
      if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
        throw refusal(integer ? "refuse.setting.integer" : "refuse.setting.number", { name: key, min, max, got: describe(v) });
      }
    }
    out[key] = Array.isArray(v) ? [...v] : v;
  }
  return out;
}

/**
 * The snapshots of a state file, checked like its weights; throws a refusal.
 * @param {unknown} raw
 * @returns {SavedSnapshot[]}
 */
function readSnapshots(raw) {
  if (!Array.isArray(raw) || raw.length > MAX_SAVED_SNAPSHOTS) throw refusal("refuse.snapshots", { max: MAX_SAVED_SNAPSHOTS });
  return raw.map((s) => {
    if (!isRecord(s) || typeof s.name !== "string" || s.name.length > 60 || typeof s.epoch !== "number" ||
      !Number.isInteger(s.epoch) || s.epoch < 0 || s.epoch > 1e9) {
      throw refusal("refuse.snapshots", { max: MAX_SAVED_SNAPSHOTS });
    }
    return { name: s.name, epoch: s.epoch, params: readParams(s.params),
      ...(s.optimizer === undefined || s.optimizer === null ? {} : { optimizer: readOptimizer(s.optimizer) }) };
  });
}

/** An optimizer's state as files keep it (the fields of optimizerState()). @param {SavedOptimizer} o @returns {SavedOptimizer} */
export function savedOptimizer(o) {
  return { optimizer: o.optimizer, momentum: o.momentum, t: o.t, first: o.first, second: o.second };
}

/**
 * A snapshot's optimizer state, checked like weights (the shapes and the rest by the core when it is used).
 * @param {unknown} raw
 * @returns {SavedOptimizer}
 */
export function readOptimizer(raw) {
  const bad = () => refusal("refuse.snapshots", { max: MAX_SAVED_SNAPSHOTS });
  if (!isRecord(raw)) throw bad();
  const { optimizer, momentum, t } = raw;
  if (!(optimizer === null || optimizer === "gd" || optimizer === "momentum" || optimizer === "adam")) throw bad();
  if (!(momentum === null || (typeof momentum === "number" && momentum >= 0 && momentum < 1))) throw bad();
  if (typeof t !== "number" || !Number.isInteger(t) || t < 0 || t > 2 ** 32 - 1) throw bad();
  /** @param {unknown} m */
  const moments = (m) => (Array.isArray(m) && m.length === 0 ? [] : readParams(m));
  return { optimizer, momentum, t, first: moments(raw.first), second: moments(raw.second) };
}

/**
 * Checks the shape of parameters: a list of {W, b} with finite numbers; sizes are checked by the network.
 * @param {unknown} raw
 * @returns {LayerParams[]}
 */
export function readParams(raw) {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 8) {
    throw refusal("refuse.params");
  }
  return raw.map((layer, l) => {
    if (!isRecord(layer)) throw refusal("refuse.params.layer", { layer: l + 1 });
    const { W, b } = layer;
    if (!Array.isArray(W) || W.length === 0 || W.length > 16) throw refusal("refuse.params.W", { layer: l + 1 });
    const rows = W.map((row, i) => {
      if (!Array.isArray(row) || row.length === 0 || row.length > 16 || !row.every(isFiniteNumber)) {
        throw refusal("refuse.params.row", { layer: l + 1, row: i + 1 });
      }
      return [...row];
    });
    if (!Array.isArray(b) || b.length !== rows.length || !b.every(isFiniteNumber)) {
      throw refusal("refuse.params.b", { layer: l + 1, n: rows.length });
    }
    return { W: rows, b: [...b] };
  });
}

/** @param {unknown} v @returns {v is Record<string, unknown>} */
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** @param {unknown} v @returns {v is number} */
function isFiniteNumber(v) {
  return typeof v === "number" && Number.isFinite(v);
}

/** A short, safe description of a value for a message. @param {unknown} v */
function describe(v) {
  const s = typeof v === "string" ? JSON.stringify(v) : String(v);
  return s.length > 24 ? `${s.slice(0, 21)}...` : s;
}
