//! The plain path: the lecture's equations for any layer sizes, one sample at a time, line by
//! line: forward, backward, the summed gradients (add_gradients), the step and training.
//!
//! This is the reference a curious student opens; the fast path (`fast/`) computes the same on
//! blocks of samples and tests hold the two equal. Both work on the spec and the layers.

use crate::data::Samples;
use crate::features::input_vector;
use crate::matrix::Matrix;
use crate::optimizer::{OptimizerState, UpdateRule};
use crate::options::{divergence_message, TrainOptions, TrainResult};
use crate::params::{zeros_like, Layer, Param, ParamRef};
use crate::spec::Spec;

/// The values forward leaves behind for one sample: a[0], then z[l] and a[l] for l = 1..L.
#[derive(Clone, Debug, PartialEq)]
pub struct ForwardPass {
    /// a[0], the input features of the sample.
    pub input: Vec<f64>,
    pub layers: Vec<LayerValues>,
}

/// z[l] = W[l] a[l−1] + b[l] and a[l] = g(z[l]).
#[derive(Clone, Debug, PartialEq)]
pub struct LayerValues {
    pub z: Vec<f64>,
    pub a: Vec<f64>,
}

impl ForwardPass {
    /// The network's output a[L].
    pub fn output(&self) -> &[f64] {
        &self.layers[self.layers.len() - 1].a
    }

    /// a[l] for l = 0..L (a[0] is the input).
    fn activations(&self, l: usize) -> &[f64] {
        if l == 0 {
            &self.input
        } else {
            &self.layers[l - 1].a
        }
    }
}

/// One sample's gradients, layer by layer: dz[l] = ∂L/∂z[l], dW[l] = ∂L/∂W[l], db[l] = ∂L/∂b[l].
#[allow(non_snake_case)]
#[derive(Clone, Debug, PartialEq)]
pub struct LayerGradients {
    pub dz: Vec<f64>,
    pub dW: Matrix,
    pub db: Vec<f64>,
}

/// backward's result: the sample's loss and every layer's gradients.
#[derive(Clone, Debug, PartialEq)]
pub struct Backward {
    pub loss: f64,
    pub layers: Vec<LayerGradients>,
}

/// One row of a gradient check: a parameter, its gradient by backprop and by central differences.
#[derive(Clone, Debug, PartialEq)]
pub struct GradientCheckRow {
    /// 1-based as in the lecture.
    pub layer: usize,
    /// "W" or "b".
    pub param: &'static str,
    pub row: usize,
    pub col: usize,
    pub backprop: f64,
    pub numeric: f64,
    pub rel_error: f64,
}

/// Forward through every layer: z[l] = W[l] a[l−1] + b[l], a[l] = g(z[l]); a[0] = x's features.
#[allow(non_snake_case)]
pub fn forward(spec: &Spec, layers: &[Layer], x: [f64; 2]) -> ForwardPass {
    let input = input_vector(&spec.inputs, x[0], x[1]);
    let last = layers.len() - 1;
    let mut values: Vec<LayerValues> = Vec::with_capacity(layers.len());
    for (l, layer) in layers.iter().enumerate() {
        let a_prev = values.last().map_or(&input, |v| &v.a);
        let (W, b) = (&layer.weights, &layer.biases);
        let z: Vec<f64> = W.times(a_prev).iter().zip(b).map(|(wa, b)| wa + b).collect();
        let mut a = vec![0.0; z.len()];
        if l == last {
            spec.output.activate(&z, &mut a);
        } else {
            for (a, &z) in a.iter_mut().zip(&z) {
                *a = spec.hidden.value(z);
            }
        }
        values.push(LayerValues { z, a });
    }
    ForwardPass { input, layers: values }
}

/// The loss of one sample with target y, from its forward pass.
pub fn sample_loss(spec: &Spec, pass: &ForwardPass, y: f64) -> f64 {
    spec.output.loss(&pass.layers[pass.layers.len() - 1].z, y)
}

/// Backward through every layer, the lecture's get_gradients for any depth:
/// dz[L] = a[L] − y;  dW[l] = dz[l] a[l−1]ᵀ;  db[l] = dz[l];  da[l−1] = W[l]ᵀ dz[l];  dz[l−1] = da[l−1] ∘ g'(z[l−1]).
#[allow(non_snake_case)]
pub fn backward(spec: &Spec, layers: &[Layer], pass: &ForwardPass, y: f64) -> Backward {
    let L = layers.len();
    let mut grads = Vec::with_capacity(L);
    let mut dz = spec.output.dz(pass.output(), y);
    for l in (1..=L).rev() {
        let a_prev = pass.activations(l - 1);
        let mut dW = Matrix::zeros(dz.len(), a_prev.len());
        dW.add_outer(1.0, &dz, a_prev);
        let db = dz.clone();
        let next_dz = (l > 1).then(|| {
            let da_prev = layers[l - 1].weights.transpose_times(&dz);
            let prev = &pass.layers[l - 2];
            da_prev.iter().zip(&prev.z).zip(&prev.a).map(|((da, &z), &a)| da * spec.hidden.derivative(z, a)).collect()
        });
        grads.push(LayerGradients { dz, dW, db });
        match next_dz {
            Some(next) => dz = next,
            None => break,
        }
    }
    grads.reverse();
    Backward { loss: sample_loss(spec, pass, y), layers: grads }
}

/// The lecture's add_gradients: tdW += dW, tdb += db.
pub fn add_gradients(sums: &mut [Layer], grads: &Backward) {
    for (sum, g) in sums.iter_mut().zip(&grads.layers) {
        sum.weights.add_scaled(1.0, &g.dW);
        crate::matrix::add_scaled(&mut sum.biases, 1.0, &g.db);
    }
}

/// The mean loss over a sample set, one sample at a time.
pub fn mean_loss(spec: &Spec, layers: &[Layer], samples: &Samples) -> f64 {
    let total: f64 = (0..samples.len()).map(|i| sample_loss(spec, &forward(spec, layers, samples.point(i)), samples.target(i))).sum();
    total / samples.len() as f64
}

/// The fraction of samples whose most probable class is their label.
pub fn accuracy(spec: &Spec, layers: &[Layer], samples: &Samples) -> f64 {
    let right = (0..samples.len())
        .filter(|&i| spec.output.predicted_class(forward(spec, layers, samples.point(i)).output()) == samples.label(i))
        .count();
    right as f64 / samples.len() as f64
}

/// The output a[L] of every sample (x1, x2 pairs in `xs`), one after another.
pub fn predict(spec: &Spec, layers: &[Layer], xs: &[f64]) -> Vec<f64> {
    xs.chunks_exact(2).flat_map(|p| forward(spec, layers, [p[0], p[1]]).output().to_vec()).collect()
}

/// The summed gradients over a sample set and its mean loss.
pub fn batch_gradients(spec: &Spec, layers: &[Layer], samples: &Samples) -> (f64, Vec<Layer>) {
    let mut sums = zeros_like(layers);
    let mut loss = 0.0;
    for i in 0..samples.len() {
        let grads = backward(spec, layers, &forward(spec, layers, samples.point(i)), samples.target(i));
        loss += grads.loss;
        add_gradients(&mut sums, &grads);
    }
    (loss / samples.len() as f64, sums)
}

/// Trains: each epoch visits the samples in order and steps after every batch (the last,
/// shorter batch steps at the epoch's end) with the update rule (gradient descent by default).
/// With a stop loss, stops after the first epoch whose mean loss (measured before each batch's
/// update) is below it. Reports divergence; the caller restores the layers and the state.
pub fn train(
    spec: &Spec,
    layers: &mut [Layer],
    state: &mut OptimizerState,
    samples: &Samples,
    options: &TrainOptions,
    rule: &UpdateRule,
) -> Result<TrainResult, String> {
    let n = samples.len();
    let batch = options.batch_for(n);
    let mut batch_sum = zeros_like(layers);
    let mut losses = Vec::new();
    let mut stopped = false;
    while losses.len() < options.epochs {
        let mut epoch_loss = 0.0;
        let mut in_batch = 0;
        for i in 0..n {
            let grads = backward(spec, layers, &forward(spec, layers, samples.point(i)), samples.target(i));
            epoch_loss += grads.loss;
            add_gradients(&mut batch_sum, &grads);
            in_batch += 1;
            if in_batch == batch || i == n - 1 {
                rule.apply(layers, &batch_sum, options.reduction.divisor(in_batch), options.learning_rate, state);
                batch_sum.iter_mut().for_each(Layer::clear);
                in_batch = 0;
            }
        }
        let mean = epoch_loss / n as f64;
        losses.push(mean);
        if !mean.is_finite() || !layers.iter().all(Layer::is_finite) {
            return Err(divergence_message(options.learning_rate, &format!("epoch {}", losses.len())));
        }
        if options.stop_loss.is_some_and(|stop| mean < stop) {
            stopped = true;
            break;
        }
    }
    let loss = mean_loss(spec, layers, samples);
    if !loss.is_finite() {
        return Err(divergence_message(options.learning_rate, &format!("epoch {}", losses.len())));
    }
    Ok(TrainResult { epochs: losses.len(), loss, stopped, losses })
}

/// Central differences of the summed loss against backprop's summed gradients, for every parameter.
pub fn gradient_check(spec: &Spec, layers: &[Layer], samples: &Samples, eps: f64) -> Vec<GradientCheckRow> {
    let (_, analytic) = batch_gradients(spec, layers, samples);
    let total_loss = |probe: &[Layer]| mean_loss(spec, probe, samples) * samples.len() as f64;
    let mut probe = layers.to_vec();
    let mut rows = Vec::new();
    for layer in 0..layers.len() {
        let (out, inp) = (layers[layer].weights.rows(), layers[layer].weights.cols());
        let weights = (0..out).flat_map(|row| (0..inp).map(move |col| ParamRef { layer, param: Param::Weight, row, col }));
        let biases = (0..out).map(|row| ParamRef { layer, param: Param::Bias, row, col: 0 });
        for at in weights.chain(biases) {
            let original = at.get(&probe);
            *at.get_mut(&mut probe) = original + eps;
            let plus = total_loss(&probe);
            *at.get_mut(&mut probe) = original - eps;
            let minus = total_loss(&probe);
            *at.get_mut(&mut probe) = original;
            let numeric = (plus - minus) / (2.0 * eps);
            let backprop = at.get(&analytic);
            let rel_error = (backprop - numeric).abs() / (backprop.abs() + numeric.abs()).max(1e-8);
            rows.push(GradientCheckRow { layer: layer + 1, param: at.param.name(), row: at.row, col: at.col, backprop, numeric, rel_error });
        }
    }
    rows
}
