// sharelink.js: the state in a link. The data set (compactly), the settings and,
// optionally, the weights and the open lesson go into the address's #fragment, so nothing is
// sent to a server. Decoding trusts nothing: a bad link gives an Error, and nothing changes.
// The fragment: "s1." points "." settings ["." weights] ["." "~" lesson id]. The lesson part
// starts with "~", which base64url never uses, so links made before it existed still decode.
// Regression (issue 15) writes "s2." instead: the same parts, settings.task "regress", and each
// point's target y is its x2 (the plane's vertical axis), so its label byte is 0 and unused. Pages
// made before it refuse an "s2." link as not theirs instead of misreading it; "s1." links decode as ever.
// Version 3 (issue 15), "s3.", is written only when the link carries snapshots or the other task:
// "s3." points "." settings "." [weights] "." [snapshots] "." [other task] ["." "~" lesson], the three
// middle parts always there (empty when absent), the task read from the settings. Snapshots are bytes:
// per snapshot its name, epoch, weights and optimizer's state (optimizerState()'s fields); the other
// task its settings (JSON) and points. Pages before it refuse "s3." as not theirs; s1 and s2 decode as ever.

import { readSettings, readParams, readOptimizer, MAX_CLASSES, MAX_POINTS, MAX_COORD, MAX_SAVED_SNAPSHOTS } from "./statefile.js";
import { refusal } from "./refusal.js";

/** Links longer than this are refused: offer the file instead. */
export const MAX_LINK_CHARS = 8000;
/** Coordinates are stored as 16-bit integers in steps of 1/2000 (±16.38). */
const SCALE = 2000;
const PREFIX = "s1.";
/** The prefix of a regression link. */
const PREFIX_REGRESSION = "s2.";
/** The prefix of a link with snapshots or the other task (either task). */
const PREFIX_V3 = "s3.";
/** Optimizers as a snapshot's byte says them (0: no state kept). */
const OPTIMIZERS = [null, "gd", "momentum", "adam"];
/** The lesson part's mark, and what a lesson id may be (lessons.js ids: short, lower case). */
const LESSON_MARK = "~";
const LESSON_ID = /^[a-z0-9-]{1,40}$/;

/** @typedef {import("./statefile.js").SavedSnapshot} SavedSnapshot */
/** @typedef {{ settings: object, points: readonly { x1: number, x2: number, label: number }[] }} AwayState */

/**
 * @param {{ points: readonly {x1: number, x2: number, label: number}[], settings: object,
 *   params?: { W: number[][], b: number[] }[] | null, lesson?: string | null,
 *   snapshots?: readonly SavedSnapshot[], away?: AwayState | null }} state
 * @returns {string} the fragment, starting with "#"
 */
export function encodeLink(state) {
  const regress = isRegression(state.settings);
  const snapshots = state.snapshots ?? [];
  const away = state.away ?? null;
  const v3 = snapshots.length > 0 || away !== null;
  const parts = [toBase64Url(pointsToBytes(state.points, regress)), toBase64Url(utf8(JSON.stringify(state.settings)))];
  if (v3) {
    parts.push(state.params ? toBase64Url(paramsToBytes(state.params)) : "",
      snapshots.length > 0 ? toBase64Url(snapshotsToBytes(snapshots)) : "",
      away ? toBase64Url(awayToBytes(away)) : "");
  } else if (state.params) {
    parts.push(toBase64Url(paramsToBytes(state.params)));
  }
  if (state.lesson) {
    if (!LESSON_ID.test(state.lesson)) throw refusal("refuse.lesson");
    parts.push(`${LESSON_MARK}${state.lesson}`);
  }
  return `#${v3 ? PREFIX_V3 : regress ? PREFIX_REGRESSION : PREFIX}${parts.join(".")}`;
}

/**
 * Whether a fragment is a share link of this page (classification "#s1.", regression "#s2.", with
 * snapshots or the other task "#s3."), not another of its links (an exercise's "#x1.").
 * @param {string} fragment
 */
export function isShareLink(fragment) {
  return [PREFIX, PREFIX_REGRESSION, PREFIX_V3].some((prefix) => fragment.startsWith(`#${prefix}`));
}

/**
 * Whether the state fits in a link.
 * @param {string} fragment
 */
export function fitsInLink(fragment) {
  return fragment.length <= MAX_LINK_CHARS;
}

/**
 * Reads a fragment made by encodeLink. Throws an Error saying what is wrong.
 * @param {string} fragment  with or without the leading "#"
 * @returns {{ points: {x1: number, x2: number, label: number}[], settings: Record<string, unknown>,
 *   params: { W: number[][], b: number[] }[] | null, lesson: string | null,
 *   snapshots?: SavedSnapshot[], away?: { settings: Record<string, unknown>, points: {x1: number, x2: number, label: number}[] } }}
 *   lesson: the open lesson's id; snapshots and away only in version 3 links that carry them
 */
export function decodeLink(fragment) {
  const text = fragment.startsWith("#") ? fragment.slice(1) : fragment;
  if (text.length > MAX_LINK_CHARS) throw refusal("refuse.link.tooLong", { n: text.length });
  const version = [PREFIX, PREFIX_REGRESSION, PREFIX_V3].findIndex((prefix) => text.startsWith(prefix)) + 1;
  if (version === 0) throw refusal("refuse.link.notState");
  const parts = text.slice(PREFIX.length).split(".");
  /** @type {string | null} */
  let lesson = null;
  if (parts.length > 2 && parts[parts.length - 1].startsWith(LESSON_MARK)) {
    lesson = /** @type {string} */ (parts.pop()).slice(LESSON_MARK.length);
    if (!LESSON_ID.test(lesson)) throw refusal("refuse.lesson");
  }
  if (version === 3 ? parts.length !== 5 : parts.length < 2 || parts.length > 3) throw refusal("refuse.link.incomplete");
  const read = readSettings(settingsFrom(parts[1], "refuse.link.settings"));
  const regress = read.task === "regress";
  // The prefix and the settings say the same task, or the link is damaged.
  if (version < 3 && (version === 2) !== regress) throw refusal("refuse.link.settings");
  const points = pointsFrom(fromBase64Url(parts[0], "refuse.link.points"), regress);
  const weights = parts[2] ?? "";
  const params = weights === "" ? null : readParams(bytesToParams(fromBase64Url(weights, "refuse.link.weights")));
  if (version < 3) return { points, settings: read, params, lesson };
  const snapshots = parts[3] === "" ? [] : bytesToSnapshots(fromBase64Url(parts[3], "refuse.link.snapshots"));
  const away = parts[4] === "" ? null : bytesToAway(fromBase64Url(parts[4], "refuse.link.away"));
  return { points, settings: read, params, lesson, ...(snapshots.length > 0 ? { snapshots } : {}), ...(away ? { away } : {}) };
}

/** @param {object} settings */
function isRegression(settings) {
  return /** @type {{ task?: unknown }} */ (settings).task === "regress";
}

/** @param {string} text */
function utf8(text) {
  return new TextEncoder().encode(text);
}

/**
 * JSON from base64url, or the refusal `damaged`.
 * @param {string} part @param {string} damaged
 * @returns {unknown}
 */
function settingsFrom(part, damaged) {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(part, damaged)));
  } catch {
    throw refusal(damaged);
  }
}

/**
 * Points as 5 bytes each: x1, x2 as 16-bit steps of 1/SCALE, then the class (0 and unused in
 * regression, whose target y is x2).
 * @param {readonly {x1: number, x2: number, label: number}[]} points @param {boolean} regress
 */
function pointsToBytes(points, regress) {
  const bytes = new Uint8Array(5 * points.length);
  const view = new DataView(bytes.buffer);
  points.forEach((p, i) => {
    view.setInt16(5 * i, quantise(p.x1), true);
    view.setInt16(5 * i + 2, quantise(p.x2), true);
    view.setUint8(5 * i + 4, regress ? 0 : p.label);
  });
  return bytes;
}

/** @param {Uint8Array} bytes @param {boolean} regress */
function pointsFrom(bytes, regress) {
  if (bytes.length % 5 !== 0) throw refusal("refuse.link.points");
  if (bytes.length / 5 > MAX_POINTS) throw refusal("refuse.link.tooMany", { max: MAX_POINTS });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const points = [];
  for (let i = 0; i < bytes.length / 5; i++) {
    const byte = view.getUint8(5 * i + 4);
    if (byte >= MAX_CLASSES) throw refusal("refuse.link.class", { point: i + 1, label: byte, max: MAX_CLASSES - 1 });
    const x1 = view.getInt16(5 * i, true) / SCALE;
    const x2 = view.getInt16(5 * i + 2, true) / SCALE;
    // The same limit as files and saves, so a link never makes a save that cannot be read back.
    if (Math.abs(x1) > MAX_COORD || Math.abs(x2) > MAX_COORD) throw refusal("refuse.link.coordinate", { point: i + 1, max: MAX_COORD });
    points.push({ x1, x2, label: regress ? x2 : byte });
  }
  return points;
}

/**
 * Per snapshot: its name (a length byte, UTF-8), epoch (32 bits), weights (paramsToBytes), then
 * the optimizer (a byte: OPTIMIZERS) and, when one is kept, t (32 bits), μ (momentum, float64)
 * and the moments it keeps (paramsToBytes each).
 * @param {readonly SavedSnapshot[]} snapshots
 */
function snapshotsToBytes(snapshots) {
  /** @type {Uint8Array[]} */
  const chunks = [Uint8Array.of(snapshots.length)];
  for (const s of snapshots) {
    const name = utf8(s.name).slice(0, 255);
    const head = new Uint8Array(1 + name.length + 4);
    head[0] = name.length;
    head.set(name, 1);
    new DataView(head.buffer).setUint32(1 + name.length, s.epoch, true);
    chunks.push(head, paramsToBytes(s.params));
    const o = s.optimizer;
    const kind = o ? Math.max(0, OPTIMIZERS.indexOf(o.optimizer)) : 0;
    const tail = new Uint8Array(kind === 0 ? 1 : kind === 2 ? 13 : 5);
    const view = new DataView(tail.buffer);
    tail[0] = kind;
    if (o && kind > 0) view.setUint32(1, o.t, true);
    if (o && kind === 2) view.setFloat64(5, o.momentum ?? 0.9, true);
    chunks.push(tail);
    if (o && kind >= 2) chunks.push(paramsToBytes(o.first));
    if (o && kind === 3) chunks.push(paramsToBytes(o.second));
  }
  return concat(chunks);
}

/** @param {Uint8Array} bytes @returns {SavedSnapshot[]} */
function bytesToSnapshots(bytes) {
  const damaged = () => refusal("refuse.link.snapshots", { max: MAX_SAVED_SNAPSHOTS });
  const reader = byteReader(bytes, damaged);
  const count = reader.u8();
  if (count === 0 || count > MAX_SAVED_SNAPSHOTS) throw damaged();
  /** @type {SavedSnapshot[]} */
  const snapshots = [];
  for (let i = 0; i < count; i++) {
    let name;
    try {
      name = new TextDecoder("utf-8", { fatal: true }).decode(reader.take(reader.u8()));
    } catch {
      throw damaged();
    }
    const epoch = reader.u32();
    if (name.length > 60 || epoch > 1e9) throw damaged();
    const params = readParams(paramsAt(reader));
    const kind = reader.u8();
    if (kind >= OPTIMIZERS.length) throw damaged();
    /** @type {SavedSnapshot} */
    const snapshot = { name, epoch, params };
    if (kind > 0) {
      const t = reader.u32();
      const momentum = kind === 2 ? reader.f64() : null;
      const first = kind >= 2 ? paramsAt(reader) : [];
      const second = kind === 3 ? paramsAt(reader) : [];
      snapshot.optimizer = readOptimizer({ optimizer: OPTIMIZERS[kind], momentum, t, first, second });
    }
    snapshots.push(snapshot);
  }
  if (!reader.done()) throw damaged();
  return snapshots;
}

/**
 * The other task: its settings (a 32-bit length, then JSON in UTF-8) and its points.
 * @param {AwayState} away
 */
function awayToBytes(away) {
  const settings = utf8(JSON.stringify(away.settings));
  const head = new Uint8Array(4);
  new DataView(head.buffer).setUint32(0, settings.length, true);
  return concat([head, settings, pointsToBytes(away.points, isRegression(away.settings))]);
}

/** @param {Uint8Array} bytes */
function bytesToAway(bytes) {
  const damaged = () => refusal("refuse.link.away");
  const reader = byteReader(bytes, damaged);
  /** @type {unknown} */
  let raw;
  try {
    raw = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(reader.take(reader.u32())));
  } catch {
    throw damaged();
  }
  const settings = readSettings(raw);
  return { settings, points: pointsFrom(reader.rest(), settings.task === "regress") };
}

/** @param {Uint8Array[]} chunks */
function concat(chunks) {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Reads bytes in order; reading past the end is the refusal `damaged`.
 * @param {Uint8Array} bytes @param {() => Error} damaged
 */
function byteReader(bytes, damaged) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  /** @param {number} n */
  const need = (n) => {
    if (at + n > bytes.length) throw damaged();
    const start = at;
    at += n;
    return start;
  };
  return {
    u8: () => view.getUint8(need(1)),
    u32: () => view.getUint32(need(4), true),
    f64: () => view.getFloat64(need(8), true),
    /** @param {number} n */
    take: (n) => bytes.subarray(need(n), at),
    rest: () => bytes.subarray(need(bytes.length - at), at),
    done: () => at === bytes.length,
    damaged,
  };
}

/**
 * Weights written by paramsToBytes, read from where the reader is.
 * @param {ReturnType<typeof byteReader>} reader
 */
function paramsAt(reader) {
  const layers = reader.u8();
  if (layers === 0 || layers > 8) throw reader.damaged();
  const shapes = Array.from({ length: layers }, () => [reader.u8(), reader.u8()]);
  return shapes.map(([rows, cols]) => {
    const W = Array.from({ length: rows }, () => Array.from({ length: cols }, () => reader.f64()));
    const b = Array.from({ length: rows }, () => reader.f64());
    return { W, b };
  });
}

/** @param {number} v */
function quantise(v) {
  return Math.max(-32768, Math.min(32767, Math.round(v * SCALE)));
}

/**
 * Layer count, then (rows, cols) per layer, then every W (row-major) and b as float64.
 * @param {{ W: number[][], b: number[] }[]} params
 */
function paramsToBytes(params) {
  const values = params.flatMap((l) => [...l.W.flat(), ...l.b]);
  const header = 1 + 2 * params.length;
  const bytes = new Uint8Array(header + 8 * values.length);
  bytes[0] = params.length;
  params.forEach((l, i) => {
    bytes[1 + 2 * i] = l.W.length;
    bytes[2 + 2 * i] = l.W[0]?.length ?? 0;
  });
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat64(header + 8 * i, v, true));
  return bytes;
}

/** @param {Uint8Array} bytes @returns {unknown} */
function bytesToParams(bytes) {
  const reader = byteReader(bytes, () => refusal("refuse.link.weights"));
  const params = paramsAt(reader);
  if (!reader.done()) throw reader.damaged();
  return params;
}

/** @param {Uint8Array} bytes */
function toBase64Url(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * @param {string} text
 * @param {string} damaged  the refusal when it is not base64url: "refuse.link.points", ….settings or ….weights
 */
function fromBase64Url(text, damaged) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw refusal(damaged);
  let s;
  try {
    s = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
  } catch {
    throw refusal(damaged);
  }
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}
