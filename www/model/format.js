// format.js: numbers as the page writes them in readouts and messages (the lecture's dot).

/** @param {number | null} x */
export function fmtLoss(x) {
  if (x === null) return "—";
  return x < 1e-3 ? x.toExponential(3) : x.toFixed(5);
}

/** @param {number} x */
export function fmtNum(x) {
  return String(Number(x.toPrecision(3)));
}

/** @param {number} x */
export function fmtPct(x) {
  return `${(100 * x).toFixed(1)}%`;
}

