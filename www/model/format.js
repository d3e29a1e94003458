// format.js: numbers as the page writes them in readouts and messages (the lecture's dot).

/** The fewest significant digits a loss is written with. */
const LOSS_DIGITS = 4;

/**
 * A loss to at least four significant digits (0.4321, 0.004998, 4.998e-4, 2.081e+20). A loss that rounds onto
 * a number written with one or two significant digits, where stop thresholds sit (0.005000,
 * 0.01000), gets more digits until its side of that number shows: "0.004999 fell below 0.005",
 * never "0.00500 fell below 0.005".
 * @param {number | null} x
 */
export function fmtLoss(x) {
  if (x === null) return "—";
  if (!Number.isFinite(x) || x === 0) return String(x);
  // Very small and very large losses (a diverging run's 2.081e+20) in powers of ten, so they fit their box.
  const exponential = Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6;
  let digits = exponential ? LOSS_DIGITS - 1 : Math.max(5, LOSS_DIGITS - 1 - Math.floor(Math.log10(Math.abs(x))));
  const write = () => (exponential ? x.toExponential(digits) : x.toFixed(digits));
  let s = write();
  for (let more = 0; more < 6 && Number(s) !== x && /00(?:e|$)/.test(s); more++) {
    digits++;
    s = write();
  }
  return s;
}

/** @param {number} x */
export function fmtNum(x) {
  return String(Number(x.toPrecision(3)));
}

/** @param {number} x */
export function fmtPct(x) {
  return `${(100 * x).toFixed(1)}%`;
}
