//! The decision-boundary grid in one call: the network evaluated over an n×n grid of the plane.

use crate::network::Network;

/// The most cells along one side of a grid.
pub const MAX_GRID: usize = 1000;

/// Checks a grid request: n from 2 to MAX_GRID, lo < hi, both finite.
pub fn check_grid(n: usize, lo: f64, hi: f64) -> Result<(), String> {
    if !(2..=MAX_GRID).contains(&n) {
        return Err(format!("the grid size n must be between 2 and {MAX_GRID}, got {n}"));
    }
    if !(lo.is_finite() && hi.is_finite() && lo < hi) {
        return Err(format!("the grid range needs finite numbers with lo < hi, got lo = {lo}, hi = {hi}"));
    }
    Ok(())
}

/// The point at cell (r, c): x1 = lo + (hi−lo)·c/(n−1), x2 = hi − (hi−lo)·r/(n−1), so row 0 is the top.
pub fn cell_point(n: usize, lo: f64, hi: f64, r: usize, c: usize) -> [f64; 2] {
    let step = (hi - lo) / (n - 1) as f64;
    [lo + step * c as f64, hi - step * r as f64]
}

/// The output a[L] at every cell, at index r·n + c (times C, class-major inside a cell, for softmax).
pub fn predict_grid(net: &Network, n: usize, lo: f64, hi: f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(n * n * net.layers().last().map_or(1, |l| l.biases.len()));
    for r in 0..n {
        for c in 0..n {
            out.extend_from_slice(net.forward(cell_point(n, lo, hi, r, c)).output());
        }
    }
    out
}

/// Every neuron's activation a at every cell: neuron k (counting layer by layer) fills k·n·n .. (k+1)·n·n.
pub fn neuron_grids(net: &Network, n: usize, lo: f64, hi: f64) -> Vec<f64> {
    let neurons: usize = net.layers().iter().map(|l| l.biases.len()).sum();
    let cells = n * n;
    let mut out = vec![0.0; neurons * cells];
    for r in 0..n {
        for c in 0..n {
            let pass = net.forward(cell_point(n, lo, hi, r, c));
            let cell = r * n + c;
            let mut k = 0;
            for values in &pass.layers {
                for &a in &values.a {
                    out[k * cells + cell] = a;
                    k += 1;
                }
            }
        }
    }
    out
}
