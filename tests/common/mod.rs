//! Helpers shared by the native integration tests: the reference cases and small builders.
#![allow(dead_code)]

use backprop_lab::{Layer, Matrix, Network, Samples, Spec};
use serde_json::Value;

/// The reference cases (`tests/fixtures/cases.json`, from ../shared/reference).
pub fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cases.json")).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    json["cases"].as_array().unwrap().clone()
}

pub fn vector(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

pub fn matrix(v: &Value) -> Matrix {
    let rows: Vec<Vec<f64>> = v.as_array().unwrap().iter().map(vector).collect();
    Matrix::from_rows(&rows).unwrap()
}

/// `[{W, b}]` as layers.
pub fn layers(v: &Value) -> Vec<Layer> {
    v.as_array().unwrap().iter().map(|l| Layer { weights: matrix(&l["W"]), biases: vector(&l["b"]) }).collect()
}

/// The case's network with the case's parameters.
pub fn network(case: &Value) -> Network {
    let spec = &case["spec"];
    let sizes: Vec<usize> = spec["layers"].as_array().unwrap().iter().map(|x| x.as_u64().unwrap() as usize).collect();
    let spec = Spec::new(sizes, spec["hidden"].as_str().unwrap(), spec["output"].as_str().unwrap(), 1, None).unwrap();
    let mut net = Network::new(spec);
    net.set_layers(layers(&case["params"])).unwrap();
    net
}

pub fn samples(case: &Value) -> Samples {
    let xs = case["X"].as_array().unwrap().iter().flat_map(vector).collect();
    let ys = case["y"].as_array().unwrap().iter().map(|y| y.as_u64().unwrap() as usize).collect();
    Samples::new(xs, ys).unwrap()
}

/// Asserts |a − b| ≤ tol element by element, naming `what` on failure.
pub fn assert_close(a: &[f64], b: &[f64], tol: f64, what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: lengths {} and {}", a.len(), b.len());
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!((x - y).abs() <= tol, "{what}[{i}]: {x} vs {y} (difference {:e} > {tol:e})", (x - y).abs());
    }
}
