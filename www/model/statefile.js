// statefile.js: the page's files. The whole state as versioned JSON, the data set
// as CSV or JSON. Everything read is checked field by field and never trusted:
// a bad file gives an Error naming the line or field, and nothing is changed.

/** The format name and version written into every state file. */
export const FORMAT = "backprop-lab";
export const VERSION = 1;
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
/**
 * @typedef {{ format: string, version: number, points: PlainPoint[],
 *   settings: Record<string, unknown>, params: LayerParams[] | null, lesson: string | null, epoch?: number }} StateDocument
 */

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
};

/**
 * The whole state as a versioned JSON document.
 * @param {{ points: readonly PlainPoint[], settings: object, params?: LayerParams[] | null, lesson?: string | null,
 *   epoch?: number }} state
 * @returns {string}
 */
export function stateToJson(state) {
  /** @type {StateDocument} */
  const doc = {
    format: FORMAT,
    version: VERSION,
    points: state.points.map(({ x1, x2, label, key, own }) => ({ x1, x2, label, ...(key === undefined ? {} : { key }),
      ...(own === undefined ? {} : { own }) })),
    settings: { ...state.settings },
    params: state.params ?? null,
    lesson: state.lesson ?? null,
    ...(state.epoch === undefined ? {} : { epoch: state.epoch }),
  };
  return JSON.stringify(doc);
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
    throw new Error(`the file is not valid JSON (${e instanceof Error ? e.message : e})`);
  }
  if (Array.isArray(doc)) {
    return { format: FORMAT, version: VERSION, points: readPoints(doc, "the list"), settings: {}, params: null, lesson: null };
  }
  if (!isRecord(doc)) throw new Error("the file must hold a JSON object or a list of points");
  if (doc.format !== FORMAT) {
    throw new Error(`field "format" must be "${FORMAT}" (this is not a backprop-lab file)`);
  }
  if (typeof doc.version !== "number" || !Number.isInteger(doc.version) || doc.version < 1) {
    throw new Error(`field "version" must be a whole number, got ${describe(doc.version)}`);
  }
  if (doc.version > VERSION) {
    throw new Error(`the file is version ${doc.version}, newer than this page understands (${VERSION})`);
  }
  const settings = doc.settings === undefined ? {} : readSettings(doc.settings);
  const params = doc.params === undefined || doc.params === null ? null : readParams(doc.params);
  let lesson = null;
  if (doc.lesson !== undefined && doc.lesson !== null) {
    if (typeof doc.lesson !== "string" || doc.lesson.length > 40) throw new Error('field "lesson" must be a short text');
    lesson = doc.lesson;
  }
  let epoch;
  if (doc.epoch !== undefined) {
    if (typeof doc.epoch !== "number" || !Number.isInteger(doc.epoch) || doc.epoch < 0 || doc.epoch > 1e9) {
      throw new Error(`field "epoch" must be a whole number, got ${describe(doc.epoch)}`);
    }
    epoch = doc.epoch;
  }
  return {
    format: FORMAT, version: VERSION, points: readPoints(doc.points, 'field "points"'), settings, params, lesson,
    ...(epoch === undefined ? {} : { epoch }),
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
 * @returns {PlainPoint[]}
 */
export function pointsFromCsv(text) {
  checkSize(text);
  /** @type {PlainPoint[]} */
  const points = [];
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line.startsWith("#")) continue;
    const fields = line.split(/[,;\t]/).map((f) => f.trim());
    if (points.length === 0 && /^[a-z_"]/i.test(fields[0]) && Number.isNaN(Number(fields[0]))) continue; // header
    if (fields.length !== 3) {
      throw new Error(`line ${i + 1}: expected 3 fields (x1, x2, label), found ${fields.length}`);
    }
    const [x1, x2, label] = fields.map((f) => (f === "" ? NaN : Number(f)));
    checkCoordinate(x1, `line ${i + 1}, field x1`, fields[0]);
    checkCoordinate(x2, `line ${i + 1}, field x2`, fields[1]);
    checkLabel(label, `line ${i + 1}, field label`, fields[2]);
    points.push({ x1, x2, label });
    if (points.length > MAX_POINTS) throw new Error(`the file holds more than ${MAX_POINTS} points, the page's limit`);
  }
  if (points.length === 0) throw new Error("the file holds no points");
  return points;
}

/**
 * Reads either format, chosen by the file's name or its first character.
 * @param {string} name
 * @param {string} text
 * @returns {StateDocument}
 */
export function readFile(name, text) {
  const looksJson = /\.json$/i.test(name) || /^\s*[[{]/.test(text);
  if (looksJson) return stateFromJson(text);
  return { format: FORMAT, version: VERSION, points: pointsFromCsv(text), settings: {}, params: null, lesson: null };
}

// ---- checks ----------------------------------------------------------------------

/** @param {string} text */
function checkSize(text) {
  if (typeof text !== "string") throw new Error("the file could not be read as text");
  if (text.length > MAX_FILE_BYTES) {
    throw new Error(`the file is too large (${(text.length / 1e6).toFixed(1)} MB; at most ${MAX_FILE_BYTES / 1e6} MB)`);
  }
}

/**
 * @param {unknown} list
 * @param {string} where
 * @returns {PlainPoint[]}
 */
function readPoints(list, where) {
  if (!Array.isArray(list)) throw new Error(`${where} must be a list of points {x1, x2, label}`);
  if (list.length > MAX_POINTS) throw new Error(`${where} holds ${list.length} points, more than the page's limit of ${MAX_POINTS}`);
  return list.map((p, i) => {
    const at = `point ${i + 1}`;
    if (!isRecord(p)) throw new Error(`${at} must be an object {x1, x2, label}`);
    checkCoordinate(p.x1, `${at}, field x1`, p.x1);
    checkCoordinate(p.x2, `${at}, field x2`, p.x2);
    checkLabel(p.label, `${at}, field label`, p.label);
    /** @type {PlainPoint} */
    const point = { x1: /** @type {number} */ (p.x1), x2: /** @type {number} */ (p.x2), label: /** @type {number} */ (p.label) };
    if (p.key !== undefined) {
      if (typeof p.key !== "number" || !(p.key >= 0 && p.key < 1)) throw new Error(`${at}, field key: must be a number in [0, 1)`);
      point.key = p.key;
    }
    if (p.own !== undefined) {
      if (typeof p.own !== "boolean") throw new Error(`${at}, field own: must be true or false`);
      point.own = p.own;
    }
    return point;
  });
}

/**
 * @param {unknown} v
 * @param {string} where
 * @param {unknown} shown
 */
function checkCoordinate(v, where, shown) {
  if (typeof v !== "number" || !Number.isFinite(v) || Math.abs(v) > MAX_COORD) {
    throw new Error(`${where}: ${describe(shown)} is not a number between -${MAX_COORD} and ${MAX_COORD}`);
  }
}

/**
 * @param {unknown} v
 * @param {string} where
 * @param {unknown} shown
 */
function checkLabel(v, where, shown) {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= MAX_CLASSES) {
    throw new Error(`${where}: ${describe(shown)} is not a class (0 to ${MAX_CLASSES - 1})`);
  }
}

/**
 * Checks every known setting; drops unknown keys.
 * @param {unknown} raw
 * @returns {Record<string, unknown>}
 */
export function readSettings(raw) {
  if (!isRecord(raw)) throw new Error('field "settings" must be an object');
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, rule] of Object.entries(SETTINGS_SCHEMA)) {
    if (!(key in raw)) continue;
    const v = raw[key];
    const where = `setting "${key}"`;
    if (rule === "boolean") {
      if (typeof v !== "boolean") throw new Error(`${where} must be true or false, got ${describe(v)}`);
    } else if (rule[0] === "numbers") {
      const [, min, max, maxLength] = /** @type {["numbers", number, number, number]} */ (rule);
      if (!Array.isArray(v) || v.length > maxLength || !v.every((x) => Number.isInteger(x) && x >= min && x <= max)) {
        throw new Error(`${where} must be a list of at most ${maxLength} whole numbers from ${min} to ${max}`);
      }
    } else if (rule[0] === "strings") {
      const allowed = /** @type {string[]} */ (rule[1]);
      if (!Array.isArray(v) || v.length === 0 || !v.every((x) => allowed.includes(x)) || new Set(v).size !== v.length) {
        throw new Error(`${where} must be a list of distinct values from ${allowed.join(", ")}`);
      }
    } else if (typeof rule[0] === "string") {
      if (typeof v !== "string" || !(/** @type {string[]} */ (rule).includes(v))) {
        throw new Error(`${where} must be one of ${rule.join(", ")}, got ${describe(v)}`);
      }
    } else {
      const [min, max, integer] = /** @type {[number, number, boolean]} */ (rule);
      if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
        throw new Error(`${where} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}, got ${describe(v)}`);
      }
    }
    out[key] = Array.isArray(v) ? [...v] : v;
  }
  return out;
}

/**
 * Checks the shape of parameters: a list of {W, b} with finite numbers; sizes are checked by the network.
 * @param {unknown} raw
 * @returns {LayerParams[]}
 */
export function readParams(raw) {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 8) {
    throw new Error('field "params" must be a list of 1 to 8 layers {W, b}');
  }
  return raw.map((layer, l) => {
    const at = `params, layer ${l + 1}`;
    if (!isRecord(layer)) throw new Error(`${at} must be an object {W, b}`);
    const { W, b } = layer;
    if (!Array.isArray(W) || W.length === 0 || W.length > 16) throw new Error(`${at}: W must be a list of 1 to 16 rows`);
    const rows = W.map((row, i) => {
      if (!Array.isArray(row) || row.length === 0 || row.length > 16 || !row.every(isFiniteNumber)) {
        throw new Error(`${at}: W row ${i + 1} must be a list of 1 to 16 finite numbers`);
      }
      return [...row];
    });
    if (!Array.isArray(b) || b.length !== rows.length || !b.every(isFiniteNumber)) {
      throw new Error(`${at}: b must be a list of ${rows.length} finite numbers`);
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
