// charts.js: loss and accuracy against epochs, drawn by uPlot (vendored from npm).

/** @typedef {import("../app/libraries.js").UPlotCtor} UPlotCtor */
/** @typedef {import("uplot")} UPlot */

/**
 * The series the charts show, one entry per recorded moment (thinned when long), and `log`:
 * every epoch trained since the last reset with its mean training loss, never thinned
 * (snapshot().history).
 * @typedef {{ epoch: number[], trainLoss: number[], testLoss: (number | null)[],
 *   trainAcc: number[], testAcc: (number | null)[], log: { epochs: number[], trainLoss: number[] } }} Series
 */

/** @returns {Series} */
export function emptySeries() {
  return { epoch: [], trainLoss: [], testLoss: [], trainAcc: [], testAcc: [], log: { epochs: [], trainLoss: [] } };
}

/**
 * Logs epochs just trained: epoch `first + i` had mean training loss `losses[i]`.
 * @param {Series} s
 * @param {number} first
 * @param {ArrayLike<number>} losses
 */
export function logEpochs(s, first, losses) {
  for (let i = 0; i < losses.length; i++) {
    s.log.epochs.push(first + i);
    s.log.trainLoss.push(losses[i]);
  }
}

const MAX_SAMPLES = 3000;

/**
 * Appends one moment; keeps the series short by dropping every other old sample.
 * @param {Series} s
 * @param {number} epoch
 * @param {number} trainLoss
 * @param {number | null} testLoss
 * @param {number} trainAcc
 * @param {number | null} testAcc
 */
export function record(s, epoch, trainLoss, testLoss, trainAcc, testAcc) {
  const last = s.epoch.length - 1;
  if (last >= 0 && s.epoch[last] === epoch) {
    s.trainLoss[last] = trainLoss;
    s.testLoss[last] = testLoss;
    s.trainAcc[last] = trainAcc;
    s.testAcc[last] = testAcc;
    return;
  }
  s.epoch.push(epoch);
  s.trainLoss.push(trainLoss);
  s.testLoss.push(testLoss);
  s.trainAcc.push(trainAcc);
  s.testAcc.push(testAcc);
  if (s.epoch.length > MAX_SAMPLES) {
    for (const key of /** @type {(keyof Series)[]} */ (["epoch", "trainLoss", "testLoss", "trainAcc", "testAcc"])) {
      const a = /** @type {unknown[]} */ (s[key]);
      const kept = a.filter((_, i) => i % 2 === 0 || i === a.length - 1);
      a.length = 0;
      a.push(...kept);
    }
  }
}

/**
 * @typedef {{ loss: UPlot, acc: UPlot }} Charts
 */

/**
 * Creates both charts inside their containers.
 * @param {UPlotCtor} uPlot
 * @param {HTMLElement} lossEl
 * @param {HTMLElement} accEl
 * @param {{ epoch: string, train: string, test: string, loss: string, accuracy: string }} words
 * @param {boolean} logScale
 * @param {Series} s
 * @returns {Charts}
 */
export function createCharts(uPlot, lossEl, accEl, words, logScale, s) {
  lossEl.replaceChildren();
  accEl.replaceChildren();
  const width = Math.max(200, lossEl.clientWidth || 300);
  const height = width < 360 ? 150 : 180;
  const x = { label: words.epoch };
  const lossOpts = {
    width,
    height,
    scales: { x: { time: false }, y: logScale ? { distr: 3 } : { auto: true } },
    axes: [{ label: words.epoch }, { label: words.loss, size: 60 }],
    series: [
      x,
      { label: words.train, stroke: "#1f4e9c", width: 2, value: fmt },
      { label: words.test, stroke: "#e07b00", width: 2, dash: [6, 4], value: fmt },
    ],
    legend: { live: true },
  };
  const accOpts = {
    width,
    height,
    scales: { x: { time: false }, y: { range: /** @type {[number, number]} */ ([0, 1]) } },
    axes: [{ label: words.epoch }, { label: words.accuracy, size: 60 }],
    series: [
      x,
      { label: words.train, stroke: "#1f4e9c", width: 2, value: pct },
      { label: words.test, stroke: "#e07b00", width: 2, dash: [6, 4], value: pct },
    ],
    legend: { live: true },
  };
  return {
    loss: new uPlot(lossOpts, lossData(s), lossEl),
    acc: new uPlot(accOpts, accData(s), accEl),
  };
}

/**
 * @param {Charts} charts
 * @param {Series} s
 */
export function updateCharts(charts, s) {
  charts.loss.setData(lossData(s));
  charts.acc.setData(accData(s));
}

/**
 * @param {Charts} charts
 * @param {number} width
 */
export function resizeCharts(charts, width) {
  const w = Math.max(200, width);
  const h = w < 360 ? 150 : 180;
  charts.loss.setSize({ width: w, height: h });
  charts.acc.setSize({ width: w, height: h });
}

/** @param {Series} s @returns {import("uplot").AlignedData} */
function lossData(s) {
  return [s.epoch, s.trainLoss, s.testLoss];
}

/** @param {Series} s @returns {import("uplot").AlignedData} */
function accData(s) {
  return [s.epoch, s.trainAcc, s.testAcc];
}

/** @param {unknown} _u @param {number | null} v */
function fmt(_u, v) {
  return v === null || v === undefined ? "—" : v < 1e-3 ? v.toExponential(2) : v.toPrecision(3);
}

/** @param {unknown} _u @param {number | null} v */
function pct(_u, v) {
  return v === null || v === undefined ? "—" : `${(100 * v).toFixed(1)}%`;
}
