//! The lecture's run: 2-3-3-1 sigmoid on its 20 XOR-like points, full batch, summed
//! gradients, α = 0.4, at most 20000 epochs, stop when the mean loss drops below 0.005.

use backprop_lab::network::{Reduction, TrainOptions};
use backprop_lab::{data, Network, Spec};

fn lecture_net(seed: u64) -> Network {
    Network::new(Spec::new(vec![2, 3, 3, 1], "sigmoid", "sigmoid", seed, None).unwrap())
}

const LECTURE: TrainOptions =
    TrainOptions { epochs: 20_000, learning_rate: 0.4, batch_size: 0, reduction: Reduction::Sum, stop_loss: Some(0.005) };

#[test]
fn the_lecture_run_converges_and_reports_its_epoch() {
    let samples = data::lecture();
    for seed in [7, 1, 2, 3] {
        let mut net = lecture_net(seed);
        let result = net.train(&samples, &LECTURE).unwrap();
        assert!(result.epochs < 20_000, "seed {seed}: did not stop ({result:?})");
        assert!(result.loss < 0.005, "seed {seed}: final loss {}", result.loss);
        assert_eq!(net.accuracy(&samples), 1.0);
        println!("seed {seed}: stopped at epoch {} with loss {:.6}", result.epochs, result.loss);
    }
}

#[test]
fn logistic_regression_cannot_fit_the_lecture_data() {
    let samples = data::lecture();
    let mut net = Network::new(Spec::new(vec![2, 1], "sigmoid", "sigmoid", 7, None).unwrap());
    let result = net.train(&samples, &LECTURE).unwrap();
    assert_eq!(result.epochs, 20_000);
    assert!(net.accuracy(&samples) < 1.0);
}

#[test]
fn the_same_seed_gives_the_same_weights() {
    assert_eq!(lecture_net(7).layers(), lecture_net(7).layers());
    assert_ne!(lecture_net(7).layers(), lecture_net(8).layers());
    // Pinned values: the same on every machine and in every browser.
    let w = lecture_net(7).layers()[0].weights.get(0, 0);
    assert!((w - 0.6989569034114227).abs() < 1e-15, "{w}");
}

#[test]
fn divergence_restores_the_weights() {
    let samples = data::lecture();
    let mut net = Network::new(Spec::new(vec![2, 8, 8, 1], "relu", "sigmoid", 3, None).unwrap());
    let before = net.layers().to_vec();
    let wild = TrainOptions { epochs: 50, learning_rate: 1e200, ..LECTURE };
    let err = net.train(&samples, &wild).unwrap_err();
    assert!(err.contains("diverged") && err.contains("learning rate"), "{err}");
    assert_eq!(net.layers(), &before[..]);
}
