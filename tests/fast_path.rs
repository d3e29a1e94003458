//! Two paths, one truth: the fast kernels (`kernels.rs`, used by `Network::train`,
//! `predict_grid` and `neuron_grids`) against the plain path (`Network::train_plain`,
//! `forward` per cell), on the reference cases and on random networks.
//!
//! Tolerance: the fast path's polynomial exp is within ~2e-16 (relative) of `f64::exp`
//! and sums gradients in two interleaved partial sums, so single values differ by a few
//! ulps. A grid value is one forward pass: 1e-13. A training run compounds those ulps
//! through every step; over the epochs below the weights stay within 1e-12 (relative to
//! max(1, |w|)), which `TRAIN_TOL` asserts.

use backprop_lab::data::{self, Samples};
use backprop_lab::kernels::{exp_scalar, sigmoid_scalar, tanh_scalar};
use backprop_lab::network::{Reduction, TrainOptions};
use backprop_lab::{Layer, Matrix, Network, Spec};
use serde_json::Value;

const TRAIN_TOL: f64 = 1e-12;
const GRID_TOL: f64 = 1e-13;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * b.abs().max(1.0)
}

/// The largest |a − b| / max(1, |b|) over every weight and bias.
fn max_rel_diff(a: &[Layer], b: &[Layer]) -> f64 {
    a.iter()
        .zip(b)
        .flat_map(|(x, y)| {
            x.weights.data().iter().chain(&x.biases).zip(y.weights.data().iter().chain(&y.biases))
        })
        .map(|(p, q)| (p - q).abs() / q.abs().max(1.0))
        .fold(0.0, f64::max)
}

fn max_change(a: &[Layer], b: &[Layer]) -> f64 {
    a.iter()
        .zip(b)
        .flat_map(|(x, y)| x.weights.data().iter().chain(&x.biases).zip(y.weights.data().iter().chain(&y.biases)))
        .map(|(p, q)| (p - q).abs())
        .fold(0.0, f64::max)
}

/// How far the plain path itself moves when every starting weight is nudged by one ulp:
/// where training is chaotic (the lecture's run near epoch 300, large steps), any
/// rounding difference grows like this, so the fast path can only be held to it.
fn sensitivity(net: &Network, samples: &Samples, options: &TrainOptions) -> f64 {
    let mut plain = net.clone();
    let mut nudged = net.clone();
    let layers = net
        .layers()
        .iter()
        .map(|l| {
            let mut l = l.clone();
            for (k, w) in l.weights.data_mut().iter_mut().enumerate() {
                *w *= if k % 2 == 0 { 1.0 + f64::EPSILON } else { 1.0 - f64::EPSILON / 2.0 };
            }
            l
        })
        .collect();
    nudged.set_layers(layers).unwrap();
    match (plain.train_plain(samples, options), nudged.train_plain(samples, options)) {
        (Ok(_), Ok(_)) => max_rel_diff(nudged.layers(), plain.layers()),
        _ => 0.0,
    }
}

/// Trains copies of `net` by both paths and asserts the same epochs, loss and weights:
/// within TRAIN_TOL, or within 100× the plain path's own one-ulp sensitivity where that is
/// larger (the fast path rounds differently at every step, not once at the start, so in an
/// unstable run it drifts further than a single nudge). Returns that sensitivity.
fn assert_same_training(what: &str, net: &Network, samples: &Samples, options: &TrainOptions) -> f64 {
    let mut fast = net.clone();
    let mut plain = net.clone();
    let f = fast.train(samples, options);
    let p = plain.train_plain(samples, options);
    let sens = sensitivity(net, samples, options);
    let tol = TRAIN_TOL.max(100.0 * sens);
    match (f, p) {
        (Ok(f), Ok(p)) => {
            assert_eq!(f.epochs, p.epochs, "{what}: epochs run");
            assert!(close(f.loss, p.loss, tol), "{what}: final loss {} vs plain {} (tolerance {tol:e})", f.loss, p.loss);
            let diff = max_rel_diff(fast.layers(), plain.layers());
            assert!(diff <= tol, "{what}: weights differ from the plain path by {diff:e} (tolerance {tol:e}, one-ulp sensitivity {sens:e})");
            // The run really trained: a fast path that did nothing would fail here.
            if options.epochs > 0 {
                assert!(max_change(fast.layers(), net.layers()) > 1e-9, "{what}: the weights did not move");
            }
        }
        (Err(f), Err(p)) => {
            assert_eq!(f, p, "{what}: divergence messages");
            assert_eq!(fast.layers(), net.layers(), "{what}: weights restored after divergence");
        }
        (f, p) => panic!("{what}: fast {f:?} but plain {p:?}"),
    }
    sens
}

fn options(epochs: usize, learning_rate: f64, batch_size: usize, reduction: Reduction, stop_loss: Option<f64>) -> TrainOptions {
    TrainOptions { epochs, learning_rate, batch_size, reduction, stop_loss }
}

/// A network and its samples from one reference case of tests/fixtures/cases.json.
fn case_network(case: &Value) -> (Network, Samples) {
    let spec = &case["spec"];
    let layers: Vec<usize> = spec["layers"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as usize).collect();
    let spec = Spec::new(layers, spec["hidden"].as_str().unwrap(), spec["output"].as_str().unwrap(), 1, None).unwrap();
    let mut net = Network::new(spec);
    let params = case["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let rows: Vec<Vec<f64>> = p["W"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect())
                .collect();
            let biases = p["b"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
            Layer { weights: Matrix::from_rows(&rows).unwrap(), biases }
        })
        .collect();
    net.set_layers(params).unwrap();
    let xs = case["X"].as_array().unwrap().iter().flat_map(|p| p.as_array().unwrap().iter().map(|v| v.as_f64().unwrap())).collect();
    let labels = case["y"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as usize).collect();
    (net, Samples::new(xs, labels).unwrap())
}

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cases.json")).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    json["cases"].as_array().unwrap().clone()
}

#[test]
fn polynomial_exp_matches_f64_exp() {
    let mut worst = 0.0f64;
    let mut x = -745.0;
    while x <= 0.0 {
        if x >= -708.0 {
            let rel = (exp_scalar(x) - x.exp()).abs() / x.exp();
            worst = worst.max(rel);
        }
        x += 0.000_731;
    }
    for x in [0.0, -0.0, -1e-300, -1e-17, -1e-9, -0.34657359, -0.34657360, -1.0, -700.0, -708.0] {
        let rel = (exp_scalar(x) - f64::exp(x)).abs() / f64::exp(x);
        worst = worst.max(rel);
    }
    assert!(worst < 4e-16, "polynomial exp's worst relative error {worst:e}");
    assert!(exp_scalar(f64::NAN).is_nan());
    assert!(exp_scalar(-1e308) >= 0.0 && exp_scalar(-1e308) < 1e-307);
}

#[test]
fn polynomial_sigmoid_and_tanh_match_the_plain_ones() {
    let (mut ws, mut wt) = (0.0f64, 0.0f64);
    let mut z = -40.0;
    while z <= 40.0 {
        let s = backprop_lab::activation::sigmoid(z);
        ws = ws.max((sigmoid_scalar(z) - s).abs() / s);
        let t = z.tanh();
        if t != 0.0 {
            wt = wt.max((tanh_scalar(z) - t).abs() / t.abs());
        }
        z += 0.000_917;
    }
    for z in [1e-300, -1e-12, 1e-6, 3e-3, -0.2] {
        wt = wt.max((tanh_scalar(z) - z.tanh()).abs() / z.tanh().abs());
    }
    assert!(ws < 1e-15, "sigmoid's worst relative error {ws:e}");
    assert!(wt < 1e-15, "tanh's worst relative error {wt:e}");
    assert_eq!(sigmoid_scalar(1000.0), 1.0);
    assert!(sigmoid_scalar(-1000.0) < 1e-300);
    assert_eq!(tanh_scalar(800.0), 1.0);
    assert_eq!(tanh_scalar(-800.0), -1.0);
    assert!(tanh_scalar(f64::NAN).is_nan() && sigmoid_scalar(f64::NAN).is_nan());
}

#[test]
fn training_matches_the_plain_path_on_every_reference_case() {
    for case in cases() {
        let name = case["name"].as_str().unwrap();
        let (net, samples) = case_network(&case);
        let n = samples.len();
        let (lr, epochs) = match case.get("train") {
            Some(t) => (t["lr"].as_f64().unwrap(), t["epochs"].as_u64().unwrap() as usize),
            None => (0.1, 100),
        };
        for batch in [0, 1, 2, 3, 7, n - 1, n] {
            for reduction in [Reduction::Sum, Reduction::Mean] {
                let what = format!("{name}, batch {batch}, {reduction:?}");
                assert_same_training(&what, &net, &samples, &options(epochs, lr, batch, reduction, None));
            }
        }
        // The lecture's loop: the stop rule, then the fixture's own trajectory.
        assert_same_training(&format!("{name}, stop loss"), &net, &samples, &options(20000, lr, 0, Reduction::Sum, Some(0.3)));
        if let Some(t) = case.get("train") {
            let mut fast = net.clone();
            let result = fast.train(&samples, &options(epochs, lr, 0, Reduction::Sum, None)).unwrap();
            let expected = t["final_loss"].as_f64().unwrap();
            assert!(close(result.loss, expected, 1e-9), "{name}: final loss {} vs the fixture's {expected}", result.loss);
        }
    }
}

#[test]
fn the_lectures_run_matches_the_plain_path() {
    let spec = Spec::new(vec![2, 3, 3, 1], "sigmoid", "sigmoid", 7, None).unwrap();
    let net = Network::new(spec);
    let samples = data::lecture();
    // Up to epoch ~300 the run is stable and the paths agree to TRAIN_TOL.
    let sens = assert_same_training("lecture, 250 epochs", &net, &samples, &options(250, 0.4, 0, Reduction::Sum, None));
    assert!(sens < 1e-13, "the first 250 epochs are not chaotic: {sens:e}");
    // Past it a one-ulp nudge moves the weights by ~0.1 (the plain path against itself), so
    // the whole run is compared by its outcome: both converge below 0.005 within a few epochs.
    let stop = options(20000, 0.4, 0, Reduction::Sum, Some(0.005));
    let (mut fast, mut plain) = (net.clone(), net.clone());
    let f = fast.train(&samples, &stop).unwrap();
    let p = plain.train_plain(&samples, &stop).unwrap();
    assert!(f.loss < 0.005 && p.loss < 0.005, "{f:?} {p:?}");
    assert!(f.epochs.abs_diff(p.epochs) <= p.epochs / 50, "epochs {} vs plain {}", f.epochs, p.epochs);
}

/// Random architectures: every hidden activation × output, inputs with and without extra features.
fn random_networks() -> Vec<(String, Network)> {
    let mut nets = Vec::new();
    let mut seed = 11;
    for hidden in ["sigmoid", "tanh", "relu", "linear"] {
        for (output, units) in [("sigmoid", 1), ("softmax", 3)] {
            for (layers, inputs) in [
                (vec![2, 5, 4], None),
                (vec![7, 6, 16, 3], Some(vec!["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"])),
                (vec![2], None),
            ] {
                let mut layers = layers.clone();
                layers.push(units);
                let inputs: Option<Vec<String>> = inputs.map(|v| v.iter().map(|s| s.to_string()).collect());
                let spec = Spec::new(layers.clone(), hidden, output, seed, inputs.as_deref()).unwrap();
                seed += 1;
                nets.push((format!("{layers:?} {hidden}/{output}"), Network::new(spec)));
            }
        }
    }
    nets
}

/// Labels for `units` outputs: 0/1 for a sigmoid, 0..3 for softmax.
fn samples_for(net: &Network, count: usize, seed: u64) -> Samples {
    let base = data::generate("spiral", count, 0.3, seed).unwrap();
    let classes = net.spec().classes();
    let labels = (0..count).map(|i| if classes == 2 { base.label(i) } else { (i * 7 + i / 3) % classes }).collect();
    Samples::new(base.xs().to_vec(), labels).unwrap()
}

#[test]
fn training_matches_the_plain_path_on_random_networks() {
    let (mut runs, mut stable) = (0, 0);
    for (name, net) in random_networks() {
        for (count, batch, lr) in [(37, 0, 0.01), (37, 1, 0.05), (37, 5, 0.05), (300, 10, 0.03), (300, 0, 0.002), (301, 129, 0.002)] {
            let samples = samples_for(&net, count, count as u64);
            for reduction in [Reduction::Sum, Reduction::Mean] {
                let lr = if reduction == Reduction::Mean { lr * batch.max(1).min(10) as f64 } else { lr };
                let what = format!("{name}, {count} points, batch {batch}, {reduction:?}");
                let sens = assert_same_training(&what, &net, &samples, &options(30, lr, batch, reduction, None));
                runs += 1;
                stable += usize::from(100.0 * sens <= TRAIN_TOL);
            }
        }
    }
    // Most runs must be held to TRAIN_TOL itself, not to a chaotic run's sensitivity.
    assert!(stable * 10 >= runs * 9, "only {stable} of {runs} runs were stable");
}

#[test]
fn cached_buffers_follow_new_data() {
    // One network trained on sets of other sizes and labels in turn: the kept workspace must not leak.
    let spec = Spec::new(vec![2, 6, 3], "tanh", "softmax", 4, None).unwrap();
    let mut fast = Network::new(spec);
    let mut plain = fast.clone();
    for (count, seed) in [(40, 1), (40, 2), (9, 3), (250, 4), (40, 1)] {
        let samples = samples_for(&fast, count, seed);
        let opts = options(15, 0.05, 4, Reduction::Mean, None);
        let f = fast.train(&samples, &opts).unwrap();
        let p = plain.train_plain(&samples, &opts).unwrap();
        assert!(close(f.loss, p.loss, TRAIN_TOL));
        let diff = max_rel_diff(fast.layers(), plain.layers());
        assert!(diff <= TRAIN_TOL, "after {count} points (seed {seed}): {diff:e}");
    }
}

#[test]
fn divergence_is_reported_and_undone_like_the_plain_path() {
    let spec = Spec::new(vec![2, 8, 1], "relu", "sigmoid", 3, None).unwrap();
    let net = Network::new(spec);
    let samples = data::generate("circle", 50, 0.1, 2).unwrap();
    let mut fast = net.clone();
    let err = fast.train(&samples, &options(50, 1e200, 0, Reduction::Sum, None)).unwrap_err();
    assert!(err.contains("diverged"), "{err}");
    assert_eq!(fast.layers(), net.layers());
    for stop in [None, Some(0.01)] {
        assert_same_training("divergence", &net, &samples, &options(50, 1e200, 0, Reduction::Sum, stop));
    }
}

#[test]
fn predict_and_mean_loss_match_the_plain_path() {
    for (name, net) in random_networks() {
        assert!(net.predict(&[]).is_empty(), "{name}: no samples");
        for count in [1, 2, 3, 255, 256, 257, 600] {
            let samples = samples_for(&net, count, 11);
            let (loss, plain_loss) = (net.mean_loss(&samples), net.mean_loss_plain(&samples));
            assert!(close(loss, plain_loss, GRID_TOL), "{name}: mean loss of {count} samples: {loss} vs {plain_loss}");
            let xs: Vec<f64> = samples.xs().to_vec();
            let (fast, plain) = (net.predict(&xs), net.predict_plain(&xs));
            assert_eq!(fast.len(), plain.len(), "{name}: {count} samples");
            for (i, (&got, &want)) in fast.iter().zip(&plain).enumerate() {
                assert!(close(got, want, GRID_TOL), "{name}: predict of {count} samples, value {i}: {got} vs {want}");
            }
        }
    }
}

#[test]
fn grids_match_forward_at_every_cell() {
    for (name, net) in random_networks() {
        let units = net.layers().last().unwrap().biases.len();
        for (n, lo, hi) in [(37, -1.5, 1.5), (300, -6.0, 6.0), (2, -1.0, 1.0)] {
            let grid = net.predict_grid(n, lo, hi);
            let neurons = net.neuron_grids(n, lo, hi);
            assert_eq!(grid.len(), n * n * units);
            let total: usize = net.layers().iter().map(|l| l.biases.len()).sum();
            assert_eq!(neurons.len(), total * n * n);
            for r in 0..n {
                for c in 0..n {
                    let pass = net.forward(backprop_lab::grid::cell_point(n, lo, hi, r, c));
                    for (j, &want) in pass.output().iter().enumerate() {
                        let got = grid[(r * n + c) * units + j];
                        assert!(close(got, want, GRID_TOL), "{name}: predict_grid({n}) cell ({r}, {c}) unit {j}: {got} vs {want}");
                    }
                    let mut k = 0;
                    for values in &pass.layers {
                        for &want in &values.a {
                            let got = neurons[k * n * n + r * n + c];
                            assert!(close(got, want, GRID_TOL), "{name}: neuron_grids({n}) neuron {k} cell ({r}, {c}): {got} vs {want}");
                            k += 1;
                        }
                    }
                }
            }
        }
    }
}
