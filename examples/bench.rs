//! `make bench`, native half: the workloads W1–W3 of DESIGN.md ("Performance")
//! on this machine's CPU, as JSON lines. Medians over alternating rounds after a
//! warm-up round; spread = (max − min) / median; best = the fastest run (on a
//! shared, loaded machine the least disturbed one). `plain` rows run the reference
//! path (`Network::train_plain`, per-cell `forward`) for comparison.
//!
//!     cargo run --release --example bench [-- rounds]

use std::time::Instant;

use backprop_lab::data;
use backprop_lab::network::{Reduction, TrainOptions};
use backprop_lab::{Network, Samples, Spec};

struct Workload {
    id: &'static str,
    unit: &'static str,
    /// Samples or grid points per run.
    count: usize,
    run: Box<dyn FnMut() -> f64>,
}

fn net(layers: &[usize], hidden: &str, seed: u64) -> Network {
    Network::new(Spec::new(layers.to_vec(), hidden, "sigmoid", seed, None).expect("a valid spec"))
}

fn train_workload(
    id: &'static str,
    start: Network,
    samples: Samples,
    options: TrainOptions,
    plain: bool,
) -> Workload {
    let count = samples.len() * options.epochs;
    let mut net = start.clone();
    Workload {
        id,
        unit: "samples_per_s",
        count,
        run: Box::new(move || {
            net.set_layers(start.layers().to_vec()).expect("same shapes");
            let result = if plain { net.train_plain(&samples, &options) } else { net.train(&samples, &options) };
            result.expect("the workload converges").loss
        }),
    }
}

fn grid_workload(id: &'static str, net: Network, plain: bool) -> Workload {
    Workload {
        id,
        unit: "grid_points_per_s",
        count: 200 * 200 * 50,
        run: Box::new(move || {
            let mut s = 0.0;
            for i in 0..50 {
                s += if plain { plain_grid(&net, 200, -6.0, 6.0)[i] } else { net.predict_grid(200, -6.0, 6.0)[i] };
            }
            s
        }),
    }
}

/// The grid one `forward` per cell, as before the fast grid.
fn plain_grid(net: &Network, n: usize, lo: f64, hi: f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(n * n);
    for r in 0..n {
        for c in 0..n {
            out.extend_from_slice(net.forward(backprop_lab::grid::cell_point(n, lo, hi, r, c)).output());
        }
    }
    out
}

fn median(xs: &[f64]) -> f64 {
    let mut s = xs.to_vec();
    s.sort_by(f64::total_cmp);
    let m = s.len() / 2;
    if s.len() % 2 == 1 {
        s[m]
    } else {
        (s[m - 1] + s[m]) / 2.0
    }
}

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(7);
    let w1 = TrainOptions { epochs: 20000, learning_rate: 0.4, batch_size: 0, reduction: Reduction::Sum, stop_loss: None };
    let w2 = TrainOptions { epochs: 200, learning_rate: 0.03, batch_size: 10, reduction: Reduction::Mean, stop_loss: None };
    let lecture = data::lecture();
    let spiral = data::generate("spiral", 500, 0.1, 1).expect("a data set");
    let mut workloads = vec![
        train_workload("W1", net(&[2, 3, 3, 1], "sigmoid", 7), lecture.clone(), w1.clone(), false),
        train_workload("W2", net(&[2, 8, 8, 1], "tanh", 3), spiral.clone(), w2.clone(), false),
        grid_workload("W3", net(&[2, 8, 8, 1], "tanh", 5), false),
        train_workload("W1", net(&[2, 3, 3, 1], "sigmoid", 7), lecture, w1, true),
        train_workload("W2", net(&[2, 8, 8, 1], "tanh", 3), spiral, w2, true),
        grid_workload("W3", net(&[2, 8, 8, 1], "tanh", 5), true),
    ];
    let mut times = vec![Vec::new(); workloads.len()];
    for round in 0..=rounds {
        for (w, t) in workloads.iter_mut().zip(&mut times) {
            let start = Instant::now();
            std::hint::black_box((w.run)());
            if round > 0 {
                t.push(start.elapsed().as_secs_f64() * 1000.0);
            }
        }
    }
    for (i, (w, t)) in workloads.iter().zip(&times).enumerate() {
        let ms = median(t);
        let best = t.iter().copied().fold(f64::MAX, f64::min);
        let spread = (t.iter().copied().fold(f64::MIN, f64::max) - best) / ms;
        let path = if i < 3 { "fast" } else { "plain" };
        println!(
            "{{\"id\":\"{}\",\"where\":\"native\",\"path\":\"{path}\",\"ms\":{:.3},\"{}\":{:.0},\"runs\":{},\"spread\":{:.3},\"best_ms\":{:.3},\"best_{}\":{:.0}}}",
            w.id,
            ms,
            w.unit,
            w.count as f64 / ms * 1000.0,
            t.len(),
            spread,
            best,
            w.unit,
            w.count as f64 / best * 1000.0
        );
    }
}
