// sharelink.js: the state in a link. The data set (compactly), the settings and,
// optionally, the weights and the open lesson go into the address's #fragment, so nothing is
// sent to a server. Decoding trusts nothing: a bad link gives an Error, and nothing changes.
// The fragment: "s1." points "." settings ["." weights] ["." "~" lesson id]. The lesson part
// starts with "~", which base64url never uses, so links made before it existed still decode.
// Regression (issue 15) writes "s2." instead: the same parts, settings.task "regress", and each
// point's target y is its x2 (the plane's vertical axis), so its label byte is 0 and unused. Pages
// made before it refuse an "s2." link as not theirs instead of misreading it; "s1." links decode as ever.

import { readSettings, readParams, MAX_CLASSES, MAX_POINTS, MAX_COORD } from "./statefile.js";
import { refusal } from "./refusal.js";

/** Links longer than this are refused: offer the file instead. */
export const MAX_LINK_CHARS = 8000;
/** Coordinates are stored as 16-bit integers in steps of 1/2000 (±16.38). */
const SCALE = 2000;
const PREFIX = "s1.";
/** The prefix of a regression link. */
const PREFIX_REGRESSION = "s2.";
/** The lesson part's mark, and what a lesson id may be (lessons.js ids: short, lower case). */
const LESSON_MARK = "~";
const LESSON_ID = /^[a-z0-9-]{1,40}$/;

/**
 * @param {{ points: readonly {x1: number, x2: number, label: number}[], settings: object,
 *   params?: { W: number[][], b: number[] }[] | null, lesson?: string | null }} state
 * @returns {string} the fragment, starting with "#"
 */
export function encodeLink(state) {
  const regress = /** @type {{ task?: unknown }} */ (state.settings).task === "regress";
  const n = state.points.length;
  const bytes = new Uint8Array(5 * n);
  const view = new DataView(bytes.buffer);
  state.points.forEach((p, i) => {
    view.setInt16(5 * i, quantise(p.x1), true);
    view.setInt16(5 * i + 2, quantise(p.x2), true);
    view.setUint8(5 * i + 4, regress ? 0 : p.label);
  });
  const parts = [toBase64Url(bytes), toBase64Url(new TextEncoder().encode(JSON.stringify(state.settings)))];
  if (state.params) parts.push(toBase64Url(paramsToBytes(state.params)));
  if (state.lesson) {
    if (!LESSON_ID.test(state.lesson)) throw refusal("refuse.lesson");
    parts.push(`${LESSON_MARK}${state.lesson}`);
  }
  return `#${regress ? PREFIX_REGRESSION : PREFIX}${parts.join(".")}`;
}

/**
 * Whether a fragment is a share link of this page (classification "#s1." or regression "#s2."),
 * not another of its links (an exercise's "#x1.").
 * @param {string} fragment
 */
export function isShareLink(fragment) {
  return fragment.startsWith(`#${PREFIX}`) || fragment.startsWith(`#${PREFIX_REGRESSION}`);
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
 *   params: { W: number[][], b: number[] }[] | null, lesson: string | null }}  lesson: the open lesson's id
 */
export function decodeLink(fragment) {
  const text = fragment.startsWith("#") ? fragment.slice(1) : fragment;
  if (text.length > MAX_LINK_CHARS) throw refusal("refuse.link.tooLong", { n: text.length });
  const regress = text.startsWith(PREFIX_REGRESSION);
  if (!text.startsWith(PREFIX) && !regress) throw refusal("refuse.link.notState");
  const parts = text.slice(PREFIX.length).split(".");
  /** @type {string | null} */
  let lesson = null;
  if (parts.length > 2 && parts[parts.length - 1].startsWith(LESSON_MARK)) {
    lesson = /** @type {string} */ (parts.pop()).slice(LESSON_MARK.length);
    if (!LESSON_ID.test(lesson)) throw refusal("refuse.lesson");
  }
  if (parts.length < 2 || parts.length > 3) throw refusal("refuse.link.incomplete");
  const bytes = fromBase64Url(parts[0], "refuse.link.points");
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
  /** @type {unknown} */
  let settings;
  try {
    settings = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(parts[1], "refuse.link.settings")));
  } catch {
    throw refusal("refuse.link.settings");
  }
  const params = parts.length === 3 ? readParams(bytesToParams(fromBase64Url(parts[2], "refuse.link.weights"))) : null;
  const read = readSettings(settings);
  // The prefix and the settings say the same task, or the link is damaged.
  if (regress !== (read.task === "regress")) throw refusal("refuse.link.settings");
  return { points, settings: read, params, lesson };
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
  const layers = bytes[0] ?? 0;
  const header = 1 + 2 * layers;
  if (layers === 0 || layers > 8 || bytes.length < header) throw refusal("refuse.link.weights");
  let count = 0;
  for (let i = 0; i < layers; i++) count += bytes[1 + 2 * i] * (bytes[2 + 2 * i] + 1);
  if (bytes.length !== header + 8 * count) throw refusal("refuse.link.weights");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = header;
  const next = () => {
    const v = view.getFloat64(at, true);
    at += 8;
    return v;
  };
  const out = [];
  for (let i = 0; i < layers; i++) {
    const rows = bytes[1 + 2 * i];
    const cols = bytes[2 + 2 * i];
    const W = Array.from({ length: rows }, () => Array.from({ length: cols }, next));
    const b = Array.from({ length: rows }, next);
    out.push({ W, b });
  }
  return out;
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
