// points.js: the student's points and their undo history, as plain values.
// Every function returns new arrays and objects; nothing here touches the DOM.

/**
 * One point of the plane.
 * `key` in [0, 1) is fixed when the point is made: with a test fraction f, the
 * round(f·n) points of smallest key are the test points (see testMask), so moving
 * the split slider back and forth is stable and the count is exact.
 * `own` is true for points the student placed (kept when a data set is regenerated).
 * @typedef {{ x1: number, x2: number, label: number, key: number, own: boolean }} Point
 */

/** @typedef {{ points: readonly Point[], past: (readonly Point[])[], future: (readonly Point[])[] }} History */

const HISTORY_LIMIT = 300;

/**
 * A history holding `points` and nothing to undo.
 * @param {readonly Point[]} points
 * @returns {History}
 */
export function startHistory(points) {
  return { points, past: [], future: [] };
}

/**
 * Records `points` as the new present; the old present becomes undoable.
 * @param {History} h
 * @param {readonly Point[]} points
 * @returns {History}
 */
export function commit(h, points) {
  const past = [...h.past, h.points];
  if (past.length > HISTORY_LIMIT) past.shift();
  return { points, past, future: [] };
}

/**
 * @param {History} h
 * @returns {History | null}  null when there is nothing to undo
 */
export function undo(h) {
  if (h.past.length === 0) return null;
  const points = h.past[h.past.length - 1];
  return { points, past: h.past.slice(0, -1), future: [h.points, ...h.future] };
}

/**
 * @param {History} h
 * @returns {History | null}  null when there is nothing to redo
 */
export function redo(h) {
  if (h.future.length === 0) return null;
  const [points, ...future] = h.future;
  return { points, past: [...h.past, h.points], future };
}

/**
 * A small seeded generator (mulberry32) for point keys: same seed, same keys.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
export function seededRandom(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Index of the point nearest (x1, x2) within `maxDistance`, or -1.
 * @param {readonly Point[]} points
 * @param {number} x1
 * @param {number} x2
 * @param {number} maxDistance
 */
export function nearest(points, x1, x2, maxDistance) {
  let best = -1;
  let bestD2 = maxDistance * maxDistance;
  points.forEach((p, i) => {
    const d2 = (p.x1 - x1) ** 2 + (p.x2 - x2) ** 2;
    if (d2 <= bestD2) {
      bestD2 = d2;
      best = i;
    }
  });
  return best;
}

/**
 * Points from a generated data set (wasm `dataset()`), keys drawn from `random`.
 * @param {{ xs: Float64Array, labels: Uint32Array }} set
 * @param {() => number} random
 * @returns {Point[]}
 */
export function fromDataset(set, random) {
  /** @type {Point[]} */
  const out = [];
  for (let i = 0; i < set.labels.length; i++) {
    out.push({ x1: set.xs[2 * i], x2: set.xs[2 * i + 1], label: set.labels[i], key: random(), own: false });
  }
  return out;
}

/**
 * How many of `n` points a test fraction makes test points: round(f·n), exactly.
 * @param {number} n
 * @param {number} testFraction
 */
export function testCount(n, testFraction) {
  return Math.min(n, Math.max(0, Math.round(testFraction * n)));
}

/** The last mask made for each points array (arrays are never changed in place). */
const masks = new WeakMap();

/**
 * Which points are test points: the testCount(n, f) points of smallest key (equal
 * keys by position). A point's role depends only on its key's rank, so it changes
 * only when points are added or removed, or the fraction moves.
 * @param {readonly Point[]} points
 * @param {number} testFraction
 * @returns {readonly boolean[]}  one entry per point, true for a test point
 */
export function testMask(points, testFraction) {
  const cached = masks.get(points);
  if (cached && cached.testFraction === testFraction) return cached.mask;
  const m = testCount(points.length, testFraction);
  const order = points.map((_, i) => i);
  order.sort((i, j) => points[i].key - points[j].key || i - j);
  const mask = new Array(points.length).fill(false);
  for (let r = 0; r < m; r++) mask[order[r]] = true;
  masks.set(points, { testFraction, mask });
  return mask;
}

/**
 * Whether point `i` of `points` is a test point (testMask).
 * @param {readonly Point[]} points
 * @param {number} i
 * @param {number} testFraction
 */
export function isTest(points, i, testFraction) {
  return testMask(points, testFraction)[i] === true;
}

/**
 * The number of points of each class, for `classes` classes.
 * @param {readonly Point[]} points
 * @param {number} classes
 */
export function countByClass(points, classes) {
  const counts = new Array(classes).fill(0);
  for (const p of points) counts[p.label] += 1;
  return counts;
}

/**
 * How many classes the points need: at least 2, at most the highest label + 1.
 * @param {readonly Point[]} points
 */
export function classesNeeded(points) {
  let c = 2;
  for (const p of points) c = Math.max(c, p.label + 1);
  return c;
}

/**
 * The samples as the network takes them: xs [x1, x2, x1, x2, ...] and labels (class indices, or
 * real targets y for regression).
 * @typedef {{ xs: Float64Array, labels: Uint32Array | Float64Array }} Samples
 */

/**
 * Splits the points into training and test samples.
 * @param {readonly Point[]} points
 * @param {number} testFraction
 * @param {boolean} [real]  regression: the labels are real targets (a Float64Array)
 * @returns {{ train: Samples, test: Samples, all: Samples }}
 */
export function toSamples(points, testFraction, real = false) {
  const pick = (/** @type {readonly Point[]} */ ps) => {
    const xs = new Float64Array(2 * ps.length);
    const labels = real ? new Float64Array(ps.length) : new Uint32Array(ps.length);
    ps.forEach((p, i) => {
      xs[2 * i] = p.x1;
      xs[2 * i + 1] = p.x2;
      labels[i] = p.label;
    });
    return { xs, labels };
  };
  const mask = testMask(points, testFraction);
  return {
    train: pick(points.filter((_, i) => !mask[i])),
    test: pick(points.filter((_, i) => mask[i])),
    all: pick(points),
  };
}

/**
 * Another tab's points added to these (two tabs' work merged): those already here (the same
 * place and label) are not added twice; none past `max` in all.
 * @template {{ x1: number, x2: number, label: number }} P
 * @param {readonly P[]} mine @param {readonly P[]} theirs @param {number} max
 * @returns {{ points: P[], added: number, left: number }}  left: points that did not fit under max
 */
export function mergePoints(mine, theirs, max) {
  const key = (/** @type {P} */ p) => `${p.x1},${p.x2},${p.label}`;
  const seen = new Set(mine.map(key));
  const points = [...mine];
  let left = 0;
  for (const p of theirs) {
    if (seen.has(key(p))) continue;
    seen.add(key(p));
    if (points.length >= max) left++;
    else points.push(p);
  }
  return { points, added: points.length - mine.length, left };
}
