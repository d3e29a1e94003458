//! The training extensions (DESIGN.md, "Training extensions") against independent values:
//! momentum and Adam written out by hand, the L2/L1 gradient against central differences of
//! the penalised loss, regression by central differences, the loss surface cell by cell, and
//! the plain and fast paths held equal with every optimizer and penalty.

use backprop_lab::data::{self, Samples};
use backprop_lab::optimizer::{Optimizer, Regularization, UpdateRule};
use backprop_lab::params::{Param, ParamRef};
use backprop_lab::surface::SurfaceRequest;
use backprop_lab::{Layer, Network, Reduction, Spec, TrainOptions};

fn net(layers: Vec<usize>, hidden: &str, output: &str, seed: u64) -> Network {
    Network::new(Spec::new(layers, hidden, output, seed, None).unwrap())
}

fn full_batch(epochs: usize, learning_rate: f64) -> TrainOptions {
    TrainOptions { epochs, learning_rate, batch_size: 0, reduction: Reduction::Sum, stop_loss: None }
}

fn rule(optimizer: Optimizer, regularization: Regularization) -> UpdateRule {
    UpdateRule { optimizer, regularization }
}

const MOMENTUM: Optimizer = Optimizer::Momentum { momentum: 0.9 };
const ADAM: Optimizer = Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/// Every weight and bias, flat.
fn flat(layers: &[Layer]) -> Vec<f64> {
    layers.iter().flat_map(|l| l.weights.data().iter().chain(&l.biases).copied().collect::<Vec<_>>()).collect()
}

/// Whether each flat parameter is a weight (true) or a bias.
fn is_weight(layers: &[Layer]) -> Vec<bool> {
    layers.iter().flat_map(|l| std::iter::repeat_n(true, l.weights.data().len()).chain(std::iter::repeat_n(false, l.biases.len()))).collect()
}

fn unflat(like: &[Layer], values: &[f64]) -> Vec<Layer> {
    let mut at = 0;
    like.iter()
        .map(|l| {
            let mut l = l.clone();
            for v in l.weights.data_mut().iter_mut().chain(l.biases.iter_mut()) {
                *v = values[at];
                at += 1;
            }
            l
        })
        .collect()
}

fn assert_close(a: &[f64], b: &[f64], tol: f64, what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: lengths");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!((x - y).abs() <= tol * y.abs().max(1.0), "{what}[{i}]: {x} vs {y}");
    }
}

/// The summed data gradient at `layers`, flat (backprop on the plain path, checked elsewhere
/// against central differences).
fn summed_gradient(at: &Network, layers: &[Layer], samples: &Samples) -> Vec<f64> {
    let mut probe = at.clone();
    probe.set_layers(layers.to_vec()).unwrap();
    flat(&probe.batch_gradients(samples).1)
}

#[test]
fn momentum_follows_its_update_rule_step_by_step() {
    let start = net(vec![2, 3, 1], "tanh", "sigmoid", 4);
    let samples = data::generate("circle", 12, 0.2, 3).unwrap();
    let (alpha, mu) = (0.05, 0.9);
    let mut theta = flat(start.layers());
    let mut v = vec![0.0; theta.len()];
    for _ in 0..4 {
        let g = summed_gradient(&start, &unflat(start.layers(), &theta), &samples);
        for k in 0..theta.len() {
            v[k] = mu * v[k] + g[k];
            theta[k] -= alpha * v[k];
        }
    }
    for path in ["fast", "plain"] {
        let mut trained = start.clone();
        let opts = full_batch(4, alpha);
        let r = rule(MOMENTUM, Regularization::None);
        if path == "fast" { trained.train_with(&samples, &opts, &r) } else { trained.train_plain_with(&samples, &opts, &r) }.unwrap();
        assert_close(&flat(trained.layers()), &theta, 1e-12, &format!("momentum, {path} path"));
        assert_eq!(trained.optimizer_state().t, 4);
    }
}

#[test]
fn adam_follows_its_update_rule_step_by_step() {
    let start = net(vec![2, 4, 3], "relu", "softmax", 9);
    let base = data::generate("spiral", 15, 0.1, 2).unwrap();
    let samples = Samples::new(base.xs().to_vec(), (0..15).map(|i| i % 3).collect()).unwrap();
    let (alpha, b1, b2, eps) = (0.01, 0.9, 0.999, 1e-8);
    let mut theta = flat(start.layers());
    let (mut m, mut v) = (vec![0.0; theta.len()], vec![0.0; theta.len()]);
    for t in 1..=5 {
        let g = summed_gradient(&start, &unflat(start.layers(), &theta), &samples);
        for k in 0..theta.len() {
            m[k] = b1 * m[k] + (1.0 - b1) * g[k];
            v[k] = b2 * v[k] + (1.0 - b2) * g[k] * g[k];
            let m_hat = m[k] / (1.0 - f64::powi(b1, t));
            let v_hat = v[k] / (1.0 - f64::powi(b2, t));
            theta[k] -= alpha * m_hat / (v_hat.sqrt() + eps);
        }
    }
    // The same five steps as five calls of one epoch each: the state carries over.
    let mut fast = start.clone();
    for _ in 0..5 {
        fast.train_with(&samples, &full_batch(1, alpha), &rule(ADAM, Regularization::None)).unwrap();
    }
    assert_close(&flat(fast.layers()), &theta, 1e-12, "adam, fast path, five calls");
    let mut plain = start.clone();
    plain.train_plain_with(&samples, &full_batch(5, alpha), &rule(ADAM, Regularization::None)).unwrap();
    assert_close(&flat(plain.layers()), &theta, 1e-12, "adam, plain path, one call");
    // Without the bias correction the first step alone would be about 1/(1 − β₁) = 10× smaller.
    let mut one = start.clone();
    one.train_with(&samples, &full_batch(1, alpha), &rule(ADAM, Regularization::None)).unwrap();
    let moved = flat(one.layers()).iter().zip(flat(start.layers())).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
    assert!((moved - alpha).abs() < 1e-3 * alpha, "Adam's first step moves the largest parameter by about α: {moved}");
}

#[test]
fn the_step_uses_the_accumulated_gradient_and_the_optimizers_state() {
    let start = net(vec![2, 3, 1], "sigmoid", "sigmoid", 1);
    let samples = data::lecture();
    let mut a = start.clone();
    for _ in 0..3 {
        for i in 0..samples.len() {
            let g = a.backward(&a.forward(samples.point(i)), samples.label(i));
            a.accumulate(&g);
        }
        a.step_with(0.3, &rule(MOMENTUM, Regularization::L2 { rate: 0.01 })).unwrap();
        assert!(a.accumulated().iter().all(|l| l.weights.data().iter().chain(&l.biases).all(|&g| g == 0.0)));
    }
    let mut b = start.clone();
    b.train_with(&samples, &full_batch(3, 0.3), &rule(MOMENTUM, Regularization::L2 { rate: 0.01 })).unwrap();
    assert_close(&flat(a.layers()), &flat(b.layers()), 1e-12, "step() three times = train() three epochs");
    // Another optimizer or other constants start afresh; so does setParams and resetOptimizer.
    let mut c = b.clone();
    c.train_with(&samples, &full_batch(1, 0.3), &rule(Optimizer::Momentum { momentum: 0.5 }, Regularization::None)).unwrap();
    assert_eq!(c.optimizer_state().t, 1);
    let mut d = b.clone();
    d.set_layers(b.layers().to_vec()).unwrap();
    assert_eq!(d.optimizer_state().t, 0);
    let mut e = b.clone();
    e.reset_optimizer();
    assert_eq!(e.optimizer_state().t, 0);
    // A penalty's rate does not belong to the optimizer: its state carries over.
    let mut f = b.clone();
    f.train_with(&samples, &full_batch(1, 0.3), &rule(MOMENTUM, Regularization::L1 { rate: 0.2 })).unwrap();
    assert_eq!(f.optimizer_state().t, 4);
}

/// One gd step with α = 1 from the layers moves each parameter by its penalised gradient;
/// that must match central differences of Σ data loss + penalty.
#[test]
fn l2_and_l1_gradients_match_central_differences_of_the_penalised_loss() {
    let start = net(vec![2, 4, 3, 1], "tanh", "sigmoid", 12);
    let samples = data::generate("moons", 20, 0.2, 5).unwrap();
    let lambda = 0.3;
    for regularization in [Regularization::L2 { rate: lambda }, Regularization::L1 { rate: lambda }] {
        let mut stepped = start.clone();
        let mut acc = start.clone();
        for i in 0..samples.len() {
            let g = acc.backward(&acc.forward(samples.point(i)), samples.label(i));
            stepped.accumulate(&g);
        }
        stepped.step_with(1.0, &rule(Optimizer::GradientDescent, regularization)).unwrap();
        let applied: Vec<f64> = flat(start.layers()).iter().zip(flat(stepped.layers())).map(|(a, b)| a - b).collect();
        // The penalised loss, written out here: Σ data loss + λ/2·ΣW² or λ·Σ|W| (weights only).
        let weights = is_weight(start.layers());
        let mut penalised = |theta: &[f64]| {
            acc.set_layers(unflat(start.layers(), theta)).unwrap();
            let data = acc.mean_loss_plain(&samples) * samples.len() as f64;
            let penalty: f64 = theta.iter().zip(&weights).filter(|(_, &w)| w).map(|(t, _)| match regularization {
                Regularization::L2 { .. } => 0.5 * lambda * t * t,
                _ => lambda * t.abs(),
            }).sum();
            data + penalty
        };
        let theta = flat(start.layers());
        let h = 1e-6;
        for k in 0..theta.len() {
            let (mut plus, mut minus) = (theta.clone(), theta.clone());
            plus[k] += h;
            minus[k] -= h;
            let numeric = (penalised(&plus) - penalised(&minus)) / (2.0 * h);
            assert!(
                (applied[k] - numeric).abs() < 1e-7 * numeric.abs().max(1.0),
                "{regularization:?}, parameter {k} ({}): step moved {} but the penalised gradient is {numeric}",
                if weights[k] { "weight" } else { "bias" },
                applied[k]
            );
        }
    }
}

#[test]
fn regression_gradients_match_central_differences() {
    for (layers, inputs) in [(vec![1, 5, 1], Some(vec!["x1".to_string()])), (vec![2, 4, 3, 1], None)] {
        for hidden in ["tanh", "sigmoid", "relu", "linear"] {
            let spec = Spec::new(layers.clone(), hidden, "linear", 3, inputs.as_deref()).unwrap();
            let net = Network::new(spec);
            let mut rng = backprop_lab::random::Random::new(8);
            let xs: Vec<f64> = (0..24).map(|_| rng.between(-1.2, 1.2)).collect();
            let ys: Vec<f64> = xs.chunks(2).map(|p| (3.0 * p[0]).sin() + 0.5 * p[1]).collect();
            let samples = Samples::with_targets(xs, ys).unwrap();
            for row in net.gradient_check(&samples, 1e-6) {
                let tol = if hidden == "relu" { 1e-5 } else { 1e-6 };
                assert!(
                    row.rel_error < tol || (row.backprop - row.numeric).abs() < 1e-8,
                    "{layers:?} {hidden}: layer {} {}[{}][{}]: {} vs {}",
                    row.layer, row.param, row.row, row.col, row.backprop, row.numeric
                );
            }
            // L = ½(a − y)², dz = a − y, a = z.
            let pass = net.forward(samples.point(0));
            let grads = net.backward_to(&pass, samples.target(0));
            let a = pass.output()[0];
            assert_eq!(a, pass.layers.last().unwrap().z[0]);
            assert!((grads.loss - 0.5 * (a - samples.target(0)).powi(2)).abs() < 1e-15);
            assert!((grads.layers.last().unwrap().dz[0] - (a - samples.target(0))).abs() < 1e-15);
        }
    }
}

#[test]
fn regression_with_x1_alone_ignores_x2_and_fits_a_curve() {
    let spec = Spec::new(vec![1, 8, 1], "tanh", "linear", 5, Some(&["x1".to_string()])).unwrap();
    let mut net = Network::new(spec);
    let xs: Vec<f64> = (0..30).flat_map(|i| [-1.0 + i as f64 / 14.5, 100.0 * (i % 3) as f64]).collect();
    let ys: Vec<f64> = xs.chunks(2).map(|p| p[0] * p[0]).collect();
    let samples = Samples::with_targets(xs, ys).unwrap();
    assert_eq!(net.predict(&[0.3, 5.0]), net.predict(&[0.3, -7.0]), "x2 is ignored");
    let before = net.mean_loss(&samples);
    let r = net.train_with(&samples, &full_batch(3000, 0.01), &rule(ADAM, Regularization::None)).unwrap();
    assert!(r.loss < 0.01 * before && r.loss < 1e-3, "the curve y = x1² is fitted: {before} -> {}", r.loss);
}

#[test]
fn losses_are_every_epochs_loss_measured_during_it() {
    let start = net(vec![2, 3, 3, 1], "sigmoid", "sigmoid", 7);
    let samples = data::lecture();
    let mut fast = start.clone();
    let r = fast.train(&samples, &TrainOptions { stop_loss: Some(0.3), ..full_batch(20_000, 0.4) }).unwrap();
    assert!(r.stopped && r.losses.len() == r.epochs);
    assert!(*r.losses.last().unwrap() < 0.3 && r.losses[..r.epochs - 1].iter().all(|&l| l >= 0.3));
    // Full batch: epoch 1's loss is the mean loss of the starting weights.
    assert!((r.losses[0] - start.mean_loss_plain(&samples)).abs() < 1e-13);
    let mut plain = start.clone();
    let p = plain.train_plain(&samples, &TrainOptions { stop_loss: Some(0.3), ..full_batch(20_000, 0.4) }).unwrap();
    assert_close(&r.losses, &p.losses, 1e-12, "losses, fast vs plain");
}

#[test]
fn plain_and_fast_paths_agree_with_every_optimizer_and_penalty() {
    let optimizers = [Optimizer::GradientDescent, MOMENTUM, ADAM, Optimizer::Adam { beta1: 0.5, beta2: 0.9, epsilon: 1e-6 }];
    let penalties = [Regularization::None, Regularization::L2 { rate: 0.01 }, Regularization::L1 { rate: 0.003 }];
    let cases: Vec<(Network, Samples, f64)> = vec![
        (net(vec![2, 5, 1], "tanh", "sigmoid", 2), data::generate("xor", 37, 0.2, 1).unwrap(), 0.02),
        (net(vec![2, 4, 4, 3], "relu", "softmax", 3), {
            let b = data::generate("gaussians", 40, 0.3, 2).unwrap();
            Samples::new(b.xs().to_vec(), (0..40).map(|i| (i * 7) % 3).collect()).unwrap()
        }, 0.01),
        (net(vec![2, 6, 1], "sigmoid", "linear", 4), {
            let b = data::generate("circle", 33, 0.1, 3).unwrap();
            let ys = b.xs().chunks(2).map(|p| p[0] - 2.0 * p[1] * p[1]).collect();
            Samples::with_targets(b.xs().to_vec(), ys).unwrap()
        }, 0.005),
    ];
    let (mut runs, mut stable) = (0, 0);
    for (start, samples, lr) in &cases {
        for optimizer in optimizers {
            for regularization in penalties {
                for (batch, reduction) in [(0, Reduction::Sum), (5, Reduction::Mean), (1, Reduction::Sum)] {
                    let opts = TrainOptions { epochs: 12, learning_rate: *lr, batch_size: batch, reduction, stop_loss: None };
                    let r = rule(optimizer, regularization);
                    let (mut fast, mut plain) = (start.clone(), start.clone());
                    let f = fast.train_with(samples, &opts, &r).unwrap();
                    let p = plain.train_plain_with(samples, &opts, &r).unwrap();
                    let what = format!("{:?} {optimizer:?} {regularization:?} batch {batch}", start.spec().output);
                    // L1's sign(W) jumps where a weight crosses 0, and Adam's step does not shrink
                    // with the gradient, so there the plain path itself moves when its start is
                    // nudged by one ulp: the fast path is held to 100× that where it exceeds 1e-12.
                    let sens = sensitivity(start, samples, &opts, &r);
                    let tol = 1e-12f64.max(100.0 * sens);
                    runs += 1;
                    stable += usize::from(tol == 1e-12);
                    assert_close(&flat(fast.layers()), &flat(plain.layers()), tol, &what);
                    assert_close(&f.losses, &p.losses, tol, &what);
                    assert!((f.loss - p.loss).abs() <= tol * p.loss.max(1.0), "{what}: loss");
                    assert!(flat(fast.layers()) != flat(start.layers()), "{what}: trained");
                    assert_eq!(fast.optimizer_state().t, plain.optimizer_state().t, "{what}: steps");
                }
            }
        }
    }
    assert!(stable * 10 >= runs * 9, "only {stable} of {runs} runs were held to 1e-12");
}

/// How far the plain path moves when every starting weight is nudged by one ulp.
fn sensitivity(start: &Network, samples: &Samples, opts: &TrainOptions, rule: &UpdateRule) -> f64 {
    let mut nudged = start.clone();
    let layers = flat(start.layers()).iter().enumerate().map(|(k, w)| w * if k % 2 == 0 { 1.0 + f64::EPSILON } else { 1.0 - f64::EPSILON / 2.0 }).collect::<Vec<_>>();
    nudged.set_layers(unflat(start.layers(), &layers)).unwrap();
    let mut plain = start.clone();
    plain.train_plain_with(samples, opts, rule).unwrap();
    nudged.train_plain_with(samples, opts, rule).unwrap();
    flat(nudged.layers()).iter().zip(flat(plain.layers())).map(|(a, b)| (a - b).abs() / b.abs().max(1.0)).fold(0.0, f64::max)
}

#[test]
fn divergence_restores_the_weights_and_the_optimizers_state() {
    let mut net = net(vec![2, 8, 1], "relu", "sigmoid", 3);
    let samples = data::generate("circle", 50, 0.1, 2).unwrap();
    net.train_with(&samples, &full_batch(3, 0.01), &rule(MOMENTUM, Regularization::None)).unwrap();
    let (layers, state) = (net.layers().to_vec(), net.optimizer_state().clone());
    let err = net.train_with(&samples, &full_batch(50, 1e300), &rule(MOMENTUM, Regularization::None)).unwrap_err();
    assert!(err.contains("diverged"), "{err}");
    assert_eq!(net.layers(), &layers[..]);
    assert_eq!(net.optimizer_state(), &state);
}

#[test]
fn loss_surface_cells_are_the_loss_with_the_two_parameters_set_by_hand() {
    let net = net(vec![2, 3, 2], "tanh", "softmax", 6);
    let base = data::generate("xor", 30, 0.2, 4).unwrap();
    let samples = Samples::new(base.xs().to_vec(), base.xs().chunks(2).map(|p| usize::from(p[0] > 0.0)).collect()).unwrap();
    let first = ParamRef { layer: 1, param: Param::Weight, row: 1, col: 2 };
    let second = ParamRef { layer: 0, param: Param::Bias, row: 2, col: 0 };
    let (n, span) = (7, 1.5);
    let before = net.layers().to_vec();
    let surface = net.loss_surface(&samples, &SurfaceRequest { first, second, n, span }).unwrap();
    assert_eq!(surface.len(), n * n);
    assert_eq!(net.layers(), &before[..], "the network is unchanged");
    for (r, c) in [(0, 0), (0, 6), (3, 3), (6, 0), (2, 5), (6, 6)] {
        let mut probe = net.clone();
        let mut layers = before.clone();
        layers[1].weights.data_mut()[3 + 2] = before[1].weights.get(1, 2) + span * (2.0 * c as f64 / 6.0 - 1.0);
        layers[0].biases[2] = before[0].biases[2] + span * (1.0 - 2.0 * r as f64 / 6.0);
        probe.set_layers(layers).unwrap();
        let want = probe.mean_loss_plain(&samples);
        assert!((surface[r * n + c] - want).abs() < 1e-13, "cell ({r}, {c}): {} vs {want}", surface[r * n + c]);
    }
    // The centre is the current loss.
    assert!((surface[3 * n + 3] - net.mean_loss_plain(&samples)).abs() < 1e-13);
    let bad = |first: ParamRef, n: usize, span: f64| net.loss_surface(&samples, &SurfaceRequest { first, second, n, span }).unwrap_err();
    assert!(bad(ParamRef { layer: 2, ..first }, n, span).contains("layer 2 does not exist"));
    assert!(bad(ParamRef { row: 2, ..first }, n, span).contains("2×3"));
    assert!(bad(ParamRef { param: Param::Bias, col: 1, ..first }, n, span).contains("col 0"));
    assert!(bad(second, n, span).contains("different"));
    assert!(bad(first, 1, span).contains("n must"));
    assert!(bad(first, 102, span).contains("101"));
    assert!(bad(first, n, f64::NAN).contains("span"));
    assert!(bad(first, n, 0.0).contains("span"));
}

#[test]
fn bad_optimizer_constants_say_what_was_expected() {
    let err = |name: &str, m: Option<f64>, b1: Option<f64>, b2: Option<f64>, e: Option<f64>| Optimizer::new(name, m, b1, b2, e).unwrap_err();
    assert!(err("sgd", None, None, None, None).contains("gd, momentum, adam"));
    assert!(err("momentum", Some(-0.1), None, None, None).contains("momentum"));
    assert!(err("momentum", Some(f64::NAN), None, None, None).contains("NaN"));
    assert!(err("adam", None, Some(1.0), None, None).contains("beta1"));
    assert!(err("adam", None, None, Some(1.5), None).contains("beta2"));
    assert!(err("adam", None, None, None, Some(0.0)).contains("epsilon"));
    assert!(Regularization::new("l3", None).unwrap_err().contains("none, l2, l1"));
    assert!(Regularization::new("l2", Some(-1.0)).unwrap_err().contains("regularizationRate"));
    assert_eq!(Optimizer::new("adam", None, None, None, None).unwrap(), ADAM);
    assert_eq!(Optimizer::new("momentum", None, None, None, None).unwrap(), MOMENTUM);
}

/// A network given another's weights and optimizer state continues to the bit as the original does.
#[test]
fn a_state_given_to_another_network_continues_to_the_bit() {
    let samples = data::generate("moons", 30, 0.1, 4).unwrap();
    for (optimizer, batch_size) in [(MOMENTUM, 0), (ADAM, 7), (Optimizer::Adam { beta1: 0.5, beta2: 0.6, epsilon: 1e-6 }, 1)] {
        let options = TrainOptions { batch_size, ..full_batch(40, 0.05) };
        let update = rule(optimizer, Regularization::None);
        let mut original = net(vec![2, 5, 1], "tanh", "sigmoid", 3);
        original.train_with(&samples, &options, &update).unwrap();
        let state = original.optimizer_state().clone();
        let (first, second) = state.moments();
        let mut copy = net(vec![2, 5, 1], "tanh", "sigmoid", 99);
        copy.set_layers(original.layers().to_vec()).unwrap();
        copy.set_optimizer_state(optimizer, state.t, first.to_vec(), second.to_vec()).unwrap();
        if batch_size != 1 {
            // (the third run is past 2⁻⁵⁴, where the powers are no longer multiplied: checked below)
            assert_eq!(copy.optimizer_state(), &state, "{optimizer:?}: the same state, β powers included");
        }
        original.train_with(&samples, &options, &update).unwrap();
        copy.train_with(&samples, &options, &update).unwrap();
        assert_eq!(flat(copy.layers()), flat(original.layers()), "{optimizer:?}: the same weights to the bit");
        // Without the state, the copy would not continue as the original does.
        let mut fresh = net(vec![2, 5, 1], "tanh", "sigmoid", 99);
        fresh.set_layers(copy.layers().to_vec()).unwrap();
        fresh.train_with(&samples, &options, &update).unwrap();
        original.train_with(&samples, &options, &update).unwrap();
        assert_ne!(flat(fresh.layers()), flat(original.layers()), "{optimizer:?}: the state matters");
    }
}

/// Past 2⁻⁵⁴ the powers βᵗ are not multiplied further, yet 1 − βᵗ = 1 as in the original.
#[test]
fn a_long_adam_run_resumes_with_the_same_corrections() {
    let samples = data::generate("xor", 8, 0.0, 1).unwrap();
    let fast = Optimizer::Adam { beta1: 0.1, beta2: 0.2, epsilon: 1e-8 };
    let options = TrainOptions { batch_size: 1, ..full_batch(10, 0.01) };
    let mut original = net(vec![2, 3, 1], "tanh", "sigmoid", 5);
    original.train_with(&samples, &options, &rule(fast, Regularization::None)).unwrap();
    let state = original.optimizer_state().clone();
    assert_eq!(state.t, 80);
    let mut copy = original.clone();
    let (first, second) = state.moments();
    copy.set_optimizer_state(fast, state.t, first.to_vec(), second.to_vec()).unwrap();
    original.train_with(&samples, &options, &rule(fast, Regularization::None)).unwrap();
    copy.train_with(&samples, &options, &rule(fast, Regularization::None)).unwrap();
    assert_eq!(flat(copy.layers()), flat(original.layers()));
}

/// Every state that does not fit is refused and the network is as it was.
#[test]
fn a_state_that_does_not_fit_is_refused() {
    let samples = data::generate("moons", 10, 0.1, 4).unwrap();
    let mut network = net(vec![2, 3, 1], "tanh", "sigmoid", 3);
    network.train_with(&samples, &full_batch(3, 0.1), &rule(ADAM, Regularization::None)).unwrap();
    let before = network.clone();
    let first = network.layers().to_vec();
    let mut second = first.clone();
    second.iter_mut().for_each(|l| l.weights.data_mut().iter_mut().chain(&mut l.biases).for_each(|v| *v = v.abs()));
    let mut negative = second.clone();
    negative[1].biases[0] = -1.0;
    let mut nan = first.clone();
    nan[0].weights.data_mut()[2] = f64::NAN;
    let cases: Vec<(Optimizer, Vec<Layer>, Vec<Layer>, &str)> = vec![
        (MOMENTUM, first.clone(), second.clone(), "second: must be []"),
        (Optimizer::GradientDescent, first.clone(), vec![], "first: must be []"),
        (ADAM, first[..1].to_vec(), second.clone(), "first: expected values for 2 layers"),
        (ADAM, first.clone(), vec![], "second: expected values for 2 layers"),
        (ADAM, nan, second.clone(), "first: layer 1: every number"),
        (ADAM, first.clone(), negative, "second: layer 2: every number"),
        (ADAM, vec![first[1].clone(), first[0].clone()], second.clone(), "first: layer 1: W must be 3×2"),
    ];
    for (optimizer, first, second, expected) in cases {
        let message = network.set_optimizer_state(optimizer, 4, first, second).unwrap_err();
        assert!(message.starts_with(expected), "{message}");
        assert_eq!(network.optimizer_state(), before.optimizer_state(), "{expected}: the state is unchanged");
        assert_eq!(flat(network.layers()), flat(before.layers()));
    }
}
