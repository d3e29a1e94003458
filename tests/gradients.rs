//! Every analytic gradient matches a central difference, for every hidden activation × output.

mod common;
use backprop_lab::{Network, Samples, Spec};

fn random_samples(n: usize, classes: usize, seed: u64) -> Samples {
    let mut rng = backprop_lab::random::Random::new(seed);
    let xs = (0..2 * n).map(|_| rng.between(-1.2, 1.2)).collect();
    let labels = (0..n).map(|i| i % classes).collect();
    Samples::new(xs, labels).unwrap()
}

#[test]
fn backward_matches_central_differences() {
    for hidden in ["sigmoid", "tanh", "relu", "linear"] {
        for (output, units) in [("sigmoid", 1), ("softmax", 3)] {
            for layers in [vec![2, units], vec![2, 4, units], vec![2, 5, 3, 4, units]] {
                let spec = Spec::new(layers.clone(), hidden, output, 11, None).unwrap();
                let net = Network::new(spec);
                let data = random_samples(9, net.spec().classes(), 3);
                for row in net.gradient_check(&data, 1e-5) {
                    // ReLU's kink makes a difference quotient wrong only where a z sits within eps of 0.
                    let tol = if hidden == "relu" { 1e-5 } else { 1e-6 };
                    assert!(
                        row.rel_error < tol || (row.backprop - row.numeric).abs() < 1e-9,
                        "{hidden}/{output} {layers:?}: layer {} {}[{},{}] backprop {} numeric {} rel {:e}",
                        row.layer, row.param, row.row, row.col, row.backprop, row.numeric, row.rel_error
                    );
                }
            }
        }
    }
}

#[test]
fn input_features_are_differentiated_through() {
    let names: Vec<String> = ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"].map(String::from).to_vec();
    let spec = Spec::new(vec![7, 4, 1], "tanh", "sigmoid", 5, Some(&names)).unwrap();
    let net = Network::new(spec);
    let data = random_samples(12, 2, 8);
    assert!(net.gradient_check(&data, 1e-5).iter().all(|r| r.rel_error < 1e-6 || (r.backprop - r.numeric).abs() < 1e-9));
    assert_eq!(net.input([0.5, -2.0]), vec![0.5, -2.0, 0.25, 4.0, -1.0, 0.5f64.sin(), (-2.0f64).sin()]);
}
