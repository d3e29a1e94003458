// series.js: what the loss and accuracy charts show, recorded epoch by epoch (pure data).

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
 * Forgets everything after `epoch` (the run went back to that epoch's weights).
 * @param {Series} s
 * @param {number} epoch
 */
export function truncateSeries(s, epoch) {
  const keep = (/** @type {number[]} */ epochs) => {
    let n = epochs.length;
    while (n > 0 && epochs[n - 1] > epoch) n -= 1;
    return n;
  };
  const n = keep(s.epoch);
  for (const a of [s.epoch, s.trainLoss, s.testLoss, s.trainAcc, s.testAcc]) a.length = n;
  const m = keep(s.log.epochs);
  s.log.epochs.length = m;
  s.log.trainLoss.length = m;
}

/**
 * A finished run's loss curve kept on the chart to compare the next run with (A/B).
 * @typedef {{ label: string, epochs: number[], trainLoss: number[] }} KeptCurve
 */
