//! The network over a grid of the plane: the decision boundary and every neuron's grid,
//! evaluated by the fast path a row of cells at a time. Works on the spec and the layers.

use crate::fast::evaluation::{Evaluator, POINT_BLOCK};
use crate::params::Layer;
use crate::show::number;
use crate::spec::Spec;

/// The most cells along one side of a grid.
pub const MAX_GRID: usize = 1000;

/// Checks a grid request: n from 2 to MAX_GRID, lo < hi, both finite.
pub fn check_grid(n: usize, lo: f64, hi: f64) -> Result<(), String> {
    if !(2..=MAX_GRID).contains(&n) {
        return Err(format!("the grid size n must be between 2 and {MAX_GRID}, got {n}"));
    }
    if !(lo.is_finite() && hi.is_finite() && lo < hi) {
        return Err(format!("the grid range needs finite numbers with lo < hi, got lo = {}, hi = {}", number(lo), number(hi)));
    }
    Ok(())
}

/// The point at cell (r, c): x1 = lo + (hi−lo)·c/(n−1), x2 = hi − (hi−lo)·r/(n−1), so row 0 is the top.
pub fn cell_point(n: usize, lo: f64, hi: f64, r: usize, c: usize) -> [f64; 2] {
    let step = (hi - lo) / (n - 1) as f64;
    [lo + step * c as f64, hi - step * r as f64]
}

/// The output a[L] at every cell, at index r·n + c (times C, class-major inside a cell, for softmax).
/// Evaluated a row of cells at a time, layer by layer (`fast::evaluation`).
pub fn predict_grid(spec: &Spec, layers: &[Layer], n: usize, lo: f64, hi: f64) -> Vec<f64> {
    let units = layers.last().map_or(1, |l| l.biases.len());
    let mut out = vec![0.0; n * n * units];
    let depth = layers.len();
    for_each_block(spec, layers, n, lo, hi, |blocks, r, c0, count| {
        let (a, out) = (blocks.values[depth - 1].as_slice(), out.as_mut_slice());
        for j in 0..units {
            let row = &a[j * blocks.stride..j * blocks.stride + count];
            for (c, &v) in row.iter().enumerate() {
                out[(r * n + c0 + c) * units + j] = v;
            }
        }
    });
    out
}

/// Every neuron's activation a at every cell: neuron k (counting layer by layer) fills k·n·n .. (k+1)·n·n.
pub fn neuron_grids(spec: &Spec, layers: &[Layer], n: usize, lo: f64, hi: f64) -> Vec<f64> {
    let neurons: usize = layers.iter().map(|l| l.biases.len()).sum();
    let cells = n * n;
    let mut out = vec![0.0; neurons * cells];
    for_each_block(spec, layers, n, lo, hi, |blocks, r, c0, count| {
        let mut k = 0;
        for a in &blocks.values {
            for row in a.chunks_exact(blocks.stride).take(a.len() / POINT_BLOCK) {
                let start = k * cells + r * n + c0;
                out[start..start + count].copy_from_slice(&row[..count]);
                k += 1;
            }
        }
    });
    out
}

/// Runs the network over the grid a block of one row at a time and hands each block's
/// values (row r, columns c0 .. c0 + count) to `visit`.
fn for_each_block(spec: &Spec, layers: &[Layer], n: usize, lo: f64, hi: f64, mut visit: impl FnMut(&Evaluator, usize, usize, usize)) {
    let mut blocks = Evaluator::new(spec);
    let mut points = vec![0.0; 2 * POINT_BLOCK];
    let step = (hi - lo) / (n - 1) as f64;
    for r in 0..n {
        let x2 = hi - step * r as f64;
        let mut c0 = 0;
        while c0 < n {
            let count = POINT_BLOCK.min(n - c0);
            for (c, p) in points[..2 * count].chunks_exact_mut(2).enumerate() {
                p[0] = lo + step * (c0 + c) as f64;
                p[1] = x2;
            }
            blocks.forward_points(spec, layers, &points[..2 * count], None);
            visit(&blocks, r, c0, count);
            c0 += count;
        }
    }
}
