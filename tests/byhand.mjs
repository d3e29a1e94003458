// The lecture's formulas for one iteration, written by hand and independently of the core and the
// page: the reference the exercise tests (Node and browser) hold the page's answers to.

const g = {
  sigmoid: { f: (z) => 1 / (1 + Math.exp(-z)), d: (z, a) => a * (1 - a) },
  tanh: { f: Math.tanh, d: (z, a) => 1 - a * a },
  relu: { f: (z) => Math.max(0, z), d: (z) => (z > 0 ? 1 : 0) },
  linear: { f: (z) => z, d: () => 1 },
};
const matVec = (W, v) => W.map((row) => row.reduce((s, w, j) => s + w * v[j], 0));

/** One step of the lecture's loop by hand: forward, backward per point, sums, W ← W − α dW. */
export function byHand(ex) {
  const { params, points, alpha } = ex;
  const { hidden, output } = ex.spec;
  const L = params.length;
  const dW = params.map((p) => p.W.map((r) => r.map(() => 0)));
  const db = params.map((p) => p.b.map(() => 0));
  const perPoint = points.map(({ x1, x2, label }) => {
    const a = [[x1, x2]];
    const z = [null];
    for (let l = 1; l <= L; l++) {
      // z[l] = W[l] a[l-1] + b[l]
      z[l] = matVec(params[l - 1].W, a[l - 1]).map((s, i) => s + params[l - 1].b[i]);
      if (l < L) a[l] = z[l].map(g[hidden].f);
      else if (output === "sigmoid") a[l] = z[l].map(g.sigmoid.f);
      else {
        const m = Math.max(...z[l]);
        const e = z[l].map((v) => Math.exp(v - m));
        const s = e.reduce((p, q) => p + q, 0);
        a[l] = e.map((v) => v / s);
      }
    }
    const y = output === "sigmoid" ? [label] : a[L].map((_, j) => (j === label ? 1 : 0));
    const loss = output === "sigmoid"
      ? -(label * Math.log(a[L][0]) + (1 - label) * Math.log(1 - a[L][0]))
      : -Math.log(a[L][label]);
    const dz = [];
    dz[L] = a[L].map((v, j) => v - y[j]); // dz[L] = a[L] − y
    for (let l = L - 1; l >= 1; l--) {
      // dz[l] = W[l+1]ᵀ dz[l+1] ∘ g'(z[l])
      const Wn = params[l].W;
      dz[l] = z[l].map((zi, i) => Wn.reduce((s, row, k) => s + row[i] * dz[l + 1][k], 0) * g[hidden].d(zi, a[l][i]));
    }
    for (let l = 1; l <= L; l++) {
      // dW[l] += dz[l] a[l-1]ᵀ; db[l] += dz[l]
      dz[l].forEach((d, i) => {
        db[l - 1][i] += d;
        a[l - 1].forEach((v, j) => (dW[l - 1][i][j] += d * v));
      });
    }
    return { z, a, loss, dz };
  });
  const Wafter = params.map((p, l) => p.W.map((r, i) => r.map((w, j) => w - alpha * dW[l][i][j])));
  const bafter = params.map((p, l) => p.b.map((b, i) => b - alpha * db[l][i]));
  return { perPoint, dW, db, Wafter, bafter };
}

/** The hand value of a question. */
export function handValue(h, q) {
  const pp = h.perPoint[q.point ?? 0];
  const l = q.layer;
  switch (q.kind) {
    case "z": return pp.z[l][q.row];
    case "a": return pp.a[l][q.row];
    case "L": return pp.loss;
    case "dz": return pp.dz[l][q.row];
    case "dW": return h.dW[l - 1][q.row][q.col];
    case "db": return h.db[l - 1][q.row];
    case "W": return h.Wafter[l - 1][q.row][q.col];
    case "b": return h.bafter[l - 1][q.row];
  }
  throw new Error(q.kind);
}

