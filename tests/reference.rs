//! The core against independent reference values (../shared/reference/cases.json), to 1e-9.

mod common;
use backprop_lab::network::{Reduction, TrainOptions};
use common::*;

const TOL: f64 = 1e-9;

#[test]
fn forward_matches_every_case() {
    for case in cases() {
        let net = network(&case);
        let data = samples(&case);
        let pass = net.forward(data.point(0));
        for (l, expected) in case["forward0"].as_array().unwrap().iter().enumerate() {
            let name = case["name"].as_str().unwrap();
            assert_close(&pass.layers[l].z, &vector(&expected["z"]), TOL, &format!("{name} z[{}]", l + 1));
            assert_close(&pass.layers[l].a, &vector(&expected["a"]), TOL, &format!("{name} a[{}]", l + 1));
        }
    }
}

#[test]
fn backward_matches_every_case() {
    for case in cases() {
        let name = case["name"].as_str().unwrap();
        let net = network(&case);
        let data = samples(&case);
        let grads = net.backward(&net.forward(data.point(0)), data.label(0));
        let expected = &case["backward0"];
        assert!((grads.loss - expected["loss"].as_f64().unwrap()).abs() < TOL, "{name} loss");
        for (l, e) in expected["layers"].as_array().unwrap().iter().enumerate() {
            let g = &grads.layers[l];
            assert_close(&g.dz, &vector(&e["dz"]), TOL, &format!("{name} dz[{}]", l + 1));
            assert_close(g.dW.data(), matrix(&e["dW"]).data(), TOL, &format!("{name} dW[{}]", l + 1));
            assert_close(&g.db, &vector(&e["db"]), TOL, &format!("{name} db[{}]", l + 1));
        }
    }
}

#[test]
fn mean_loss_and_summed_gradients_match_every_case() {
    for case in cases() {
        let name = case["name"].as_str().unwrap();
        let mut net = network(&case);
        let data = samples(&case);
        assert!((net.mean_loss(&data) - case["mean_loss"].as_f64().unwrap()).abs() < TOL, "{name} mean loss");
        let expected = layers(&case["sum_grads"].as_array().unwrap().iter().map(|g| {
            serde_json::json!({ "W": g["dW"], "b": g["db"] })
        }).collect::<serde_json::Value>());
        // add_gradients, sample by sample, as the lecture's loop does.
        for i in 0..data.len() {
            let grads = net.backward(&net.forward(data.point(i)), data.label(i));
            net.accumulate(&grads);
        }
        let (_, batch) = net.batch_gradients(&data);
        for (l, e) in expected.iter().enumerate() {
            assert_close(net.accumulated()[l].weights.data(), e.weights.data(), TOL, &format!("{name} ΣdW[{}]", l + 1));
            assert_close(&net.accumulated()[l].biases, &e.biases, TOL, &format!("{name} Σdb[{}]", l + 1));
            assert_close(batch[l].weights.data(), e.weights.data(), TOL, &format!("{name} batch ΣdW[{}]", l + 1));
        }
        // gradient_descent: W −= α ΣdW, then the accumulator is empty.
        let before = net.layers().to_vec();
        net.step(0.1).unwrap();
        for (l, e) in expected.iter().enumerate() {
            let want: Vec<f64> = before[l].weights.data().iter().zip(e.weights.data()).map(|(w, g)| w - 0.1 * g).collect();
            assert_close(net.layers()[l].weights.data(), &want, TOL, &format!("{name} W[{}] after step", l + 1));
            assert!(net.accumulated()[l].weights.data().iter().all(|&g| g == 0.0));
        }
    }
}

#[test]
fn training_matches_every_case_with_a_trajectory() {
    for case in cases().iter().filter(|c| c.get("train").is_some()) {
        let name = case["name"].as_str().unwrap();
        let train = &case["train"];
        let epochs = train["epochs"].as_u64().unwrap() as usize;
        let lr = train["lr"].as_f64().unwrap();
        let data = samples(case);
        let options = |epochs, stop_loss| TrainOptions { epochs, learning_rate: lr, batch_size: 0, reduction: Reduction::Sum, stop_loss };

        let mut net = network(case);
        let result = net.train(&data, &options(epochs, None)).unwrap();
        assert_eq!(result.epochs, epochs);
        assert!(!result.stopped, "{name}: no stop loss, so the run is not stopped");
        assert!((result.loss - train["final_loss"].as_f64().unwrap()).abs() < 1e-7, "{name} final loss");
        for (l, e) in layers(&train["final_params"]).iter().enumerate() {
            assert_close(net.layers()[l].weights.data(), e.weights.data(), 1e-7, &format!("{name} final W[{}]", l + 1));
            assert_close(&net.layers()[l].biases, &e.biases, 1e-7, &format!("{name} final b[{}]", l + 1));
        }

        // The stop rule: stop after the first epoch whose loss (before its update) is below stopLoss.
        let losses = vector(&train["losses"]);
        for k in [0usize, 5, 30] {
            let stop = losses[k] + 1e-12;
            let first = losses.iter().position(|&l| l < stop).unwrap();
            let mut net = network(case);
            let result = net.train(&data, &options(epochs, Some(stop))).unwrap();
            assert_eq!(result.epochs, first + 1, "{name} stop below {stop}");
            assert!(result.stopped, "{name}: the stop rule ended the run");
        }
    }
}

#[test]
fn collapsed_linear_network_is_a_logistic_regression() {
    for case in cases().iter().filter(|c| c.get("collapsed").is_some()) {
        let net = network(case);
        let layers = net.layers();
        let product = layers[2].weights.matmul(&layers[1].weights).matmul(&layers[0].weights);
        let expected = &case["collapsed"];
        assert_close(product.data(), matrix(&expected["W"]).data(), TOL, "W3·W2·W1");
        // b = W3·W2·b1 + W3·b2 + b3
        let b: f64 = layers[2].weights.times(&layers[1].weights.times(&layers[0].biases))[0]
            + layers[2].weights.times(&layers[1].biases)[0]
            + layers[2].biases[0];
        let expected_b = vector(&expected["b"]);
        assert!((b - expected_b[0]).abs() < TOL, "collapsed bias {b} vs {}", expected_b[0]);
    }
}

#[test]
fn mean_reduction_full_batch_equals_sum_with_a_smaller_rate() {
    let case = &cases()[0];
    let data = samples(case);
    let n = data.len() as f64;
    let mut a = network(case);
    let mut b = network(case);
    let opts = |rate, reduction| TrainOptions { epochs: 20, learning_rate: rate, batch_size: 0, reduction, stop_loss: None };
    a.train(&data, &opts(0.4, Reduction::Mean)).unwrap();
    b.train(&data, &opts(0.4 / n, Reduction::Sum)).unwrap();
    for l in 0..a.layers().len() {
        assert_close(a.layers()[l].weights.data(), b.layers()[l].weights.data(), 1e-12, "mean vs sum/N");
    }
}
