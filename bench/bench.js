// The workloads W1–W3 of DESIGN.md ("Performance") in the browser, against the
// built package www/pkg (or `?pkg=DIR`, a folder of the repository holding another
// build, for comparing two). bench/browser.mjs drives this page in headless Chromium
// and reads `window.bench`; opened by hand, the page runs and prints them itself.
const pkg = new URLSearchParams(location.search).get("pkg") ?? "www/pkg";
const { default: init, Network, dataset } = await import(`../${pkg}/backprop_lab.js`);

const wasm = await init();

/** Wasm linear memory in bytes, read from the exports init() returned. */
const wasmBytes = () => wasm.memory.buffer.byteLength;

/** One workload: `setup()` once, then `run()` timed; `count` units of work per run. */
function workloads() {
  const lecture = dataset("lecture");
  const lectureNet = new Network({ layers: [2, 3, 3, 1], hidden: "sigmoid", output: "sigmoid", seed: 7 });
  const lectureStart = lectureNet.params();

  const spiral = dataset("spiral", 500, 0.1, 1);
  const w2Net = new Network({ layers: [2, 8, 8, 1], hidden: "tanh", output: "sigmoid", seed: 3 });
  const w2Start = w2Net.params();

  const gridNet = new Network({ layers: [2, 8, 8, 1], hidden: "tanh", output: "sigmoid", seed: 5 });

  return {
    W1: {
      unit: "samples_per_s",
      count: 20 * 20000,
      run() {
        lectureNet.setParams(lectureStart);
        return lectureNet.train(lecture.xs, lecture.labels, { epochs: 20000, learningRate: 0.4, batchSize: 0, reduction: "sum" });
      },
    },
    W2: {
      unit: "samples_per_s",
      count: 500 * 200,
      run() {
        w2Net.setParams(w2Start);
        return w2Net.train(spiral.xs, spiral.labels, { epochs: 200, learningRate: 0.03, batchSize: 10, reduction: "mean" });
      },
    },
    W3: {
      unit: "grid_points_per_s",
      count: 200 * 200 * 50,
      run() {
        let s = 0;
        for (let i = 0; i < 50; i++) s += gridNet.predictGrid(200, -6, 6)[i];
        return s;
      },
    },
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * W1–W3, `rounds` alternating rounds after `warmup` untimed ones (Chromium tiers
 * the wasm up while it runs). Median ms per run; spread = (max − min) / median;
 * best = the fastest run (on a shared, loaded machine the least disturbed one).
 */
export function runAll(rounds = 7, warmup = 2) {
  const w = workloads();
  const ids = Object.keys(w);
  const times = Object.fromEntries(ids.map((id) => [id, []]));
  const last = {};
  for (let r = 0; r < warmup + rounds; r++) {
    for (const id of ids) {
      const t0 = performance.now();
      last[id] = w[id].run();
      const ms = performance.now() - t0;
      if (r >= warmup) times[id].push(ms);
    }
  }
  return ids.map((id) => {
    const ms = median(times[id]);
    const best = Math.min(...times[id]);
    const spread = (Math.max(...times[id]) - best) / ms;
    return {
      id,
      where: "chromium",
      ms: +ms.toFixed(3),
      [w[id].unit]: Math.round((w[id].count / ms) * 1000),
      runs: times[id].length,
      best_ms: +best.toFixed(3),
      [`best_${w[id].unit}`]: Math.round((w[id].count / best) * 1000),
      spread: +spread.toFixed(3),
      ...(id === "W3" ? {} : { result: { epochs: last[id].epochs, loss: last[id].loss } }), // not the per-epoch losses
    };
  });
}

/**
 * Wasm linear memory before and after a long training run (once the caches
 * exist it must not grow), and with 10 000 points on F's network (2-8-8-8-1):
 * training, the 200×200 boundary and every neuron's thumbnail.
 */
export function memory() {
  const data = dataset("spiral", 500, 0.1, 2);
  const net = new Network({ layers: [2, 8, 8, 8, 1], hidden: "tanh", output: "sigmoid", seed: 1 });
  const opts = { epochs: 1, learningRate: 0.03, batchSize: 10, reduction: "mean" };
  net.train(data.xs, data.labels, opts);
  net.predictGrid(200, -1.5, 1.5);
  net.neuronGrids(50, -1.5, 1.5);
  const before = wasmBytes();
  for (let i = 0; i < 2000; i++) {
    net.train(data.xs, data.labels, opts);
    if (i % 20 === 0) {
      net.predictGrid(200, -1.5, 1.5);
      net.neuronGrids(50, -1.5, 1.5);
    }
  }
  const after = wasmBytes();

  const big = dataset("spiral", 10000, 0.1, 3);
  net.train(big.xs, big.labels, { epochs: 5, learningRate: 0.03, batchSize: 10, reduction: "mean" });
  const boundary = net.predictGrid(200, -1.5, 1.5);
  const thumbs = net.neuronGrids(50, -1.5, 1.5);
  return {
    id: "memory",
    where: "chromium",
    long_run: "2000 train calls of 500 points (1 epoch each) on 2-8-8-8-1, grids every 20",
    wasm_bytes_before: before,
    wasm_bytes_after: after,
    grew: after > before,
    wasm_bytes_10k_points: wasmBytes(),
    kept_js_bytes: big.xs.byteLength + big.labels.byteLength + boundary.byteLength + thumbs.byteLength,
  };
}

/** The workloads, made once, for `runOne` (the CPU-time rounds of bench/browser.mjs). */
let made = null;

/** One run of workload `id` ("W1" to "W3"); returns its units of work. */
export function runOne(id) {
  made ??= workloads();
  made[id].run();
  return made[id].count;
}

window.bench = { runAll, runOne, memory, wasmBytes };
if (!navigator.webdriver) {
  const out = document.getElementById("out");
  for (const line of [...runAll(), memory()]) {
    out.textContent += JSON.stringify(line) + "\n";
    console.log(JSON.stringify(line));
  }
}
window.benchReady = true;
