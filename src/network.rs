//! The network of the lecture, for any layer sizes: forward, backward, the
//! gradient accumulator (add_gradients), the step (gradient_descent) and training.
//!
//! This is the plain path: one sample at a time, the equations line by line.
//! `kernels.rs` holds the fast batch path used for training and the grid; tests hold the two equal.

use crate::show::number;
use crate::data::Samples;
use crate::features::input_vector;
use crate::matrix::{add_scaled, Matrix};
use crate::random::Random;
use crate::spec::Spec;

/// The weights and biases of one layer l: W[l] is out×in (row i holds the weights into neuron i).
/// The same shape holds a layer's gradients dW[l], db[l].
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub weights: Matrix,
    pub biases: Vec<f64>,
}

impl Layer {
    pub fn zeros(outputs: usize, inputs: usize) -> Self {
        Self { weights: Matrix::zeros(outputs, inputs), biases: vec![0.0; outputs] }
    }

    fn is_finite(&self) -> bool {
        self.weights.data().iter().chain(&self.biases).all(|v| v.is_finite())
    }

    /// `self += scale · other` (weights and biases alike).
    fn add_scaled(&mut self, scale: f64, other: &Layer) {
        self.weights.add_scaled(scale, &other.weights);
        add_scaled(&mut self.biases, scale, &other.biases);
    }

    fn clear(&mut self) {
        self.weights.fill(0.0);
        self.biases.fill(0.0);
    }
}

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

/// How `train` runs (the JS contract's `opts`).
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    pub epochs: usize,
    pub learning_rate: f64,
    /// Samples per step; 0 means the whole set (full batch, the lecture's).
    pub batch_size: usize,
    pub reduction: Reduction,
    /// Stop after an epoch whose mean loss, measured during the epoch, is below this.
    pub stop_loss: Option<f64>,
}

/// What a step uses: the batch's summed gradients (the lecture) or their mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduction {
    Sum,
    Mean,
}

impl Reduction {
    pub fn parse(name: &str) -> Result<Self, String> {
        match name {
            "sum" => Ok(Self::Sum),
            "mean" => Ok(Self::Mean),
            _ => Err(format!("unknown reduction \"{name}\": expected \"sum\" (the lecture) or \"mean\"")),
        }
    }
}

/// The most epochs one `train` call may run.
pub const MAX_EPOCHS_PER_CALL: usize = 1_000_000;

/// `train`'s result: epochs run, the mean loss of the final weights, and whether the stop rule ended the run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainResult {
    pub epochs: usize,
    pub loss: f64,
    /// True when an epoch's mean loss fell below `stop_loss` (the lecture's `break`).
    pub stopped: bool,
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

/// A network: its architecture, its parameters and its gradient accumulator.
#[derive(Clone, Debug)]
pub struct Network {
    spec: Spec,
    layers: Vec<Layer>,
    /// Σ dW, Σ db over the samples passed to `accumulate` since the last step (the lecture's tdW, tdb).
    accumulator: Vec<Layer>,
    /// The fast path's buffers, kept between `train` calls (see `kernels.rs`).
    workspace: crate::kernels::Workspace,
}

impl Network {
    /// A network with seeded random weights: W ~ N(0, 1/fan_in) (2/fan_in for ReLU), b = 0.
    pub fn new(spec: Spec) -> Self {
        let mut rng = Random::new(spec.seed);
        let gain = if spec.hidden == crate::activation::Activation::Relu { 2.0 } else { 1.0 };
        let layers: Vec<Layer> = spec
            .layers
            .windows(2)
            .map(|pair| {
                let (inputs, outputs) = (pair[0], pair[1]);
                let scale = (gain / inputs as f64).sqrt();
                let mut layer = Layer::zeros(outputs, inputs);
                layer.weights.data_mut().iter_mut().for_each(|w| *w = scale * rng.normal());
                layer
            })
            .collect();
        let accumulator = zeros_like(&layers);
        Self { spec, layers, accumulator, workspace: Default::default() }
    }

    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// W[l], b[l] for l = 1..L (index 0 is layer 1).
    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// The accumulated Σ dW, Σ db since the last step.
    pub fn accumulated(&self) -> &[Layer] {
        &self.accumulator
    }

    /// Replaces every weight and bias; refuses a wrong shape or a non-finite number and keeps the old ones.
    pub fn set_layers(&mut self, layers: Vec<Layer>) -> Result<(), String> {
        let expected = self.spec.layers.len() - 1;
        if layers.len() != expected {
            return Err(format!("expected parameters for {expected} layers (every layer after the input), got {}", layers.len()));
        }
        for (l, (new, old)) in layers.iter().zip(&self.layers).enumerate() {
            let (rows, cols) = (old.weights.rows(), old.weights.cols());
            if new.weights.rows() != rows || new.weights.cols() != cols {
                return Err(format!(
                    "layer {}: W must be {rows}×{cols} (out×in), got {}×{}",
                    l + 1,
                    new.weights.rows(),
                    new.weights.cols()
                ));
            }
            if new.biases.len() != rows {
                return Err(format!("layer {}: b must have {rows} values, got {}", l + 1, new.biases.len()));
            }
            if !new.is_finite() {
                return Err(format!("layer {}: every weight and bias must be a finite number", l + 1));
            }
        }
        self.layers = layers;
        Ok(())
    }

    /// Checks that `label` names one of the network's classes.
    pub fn check_label(&self, label: usize) -> Result<(), String> {
        let classes = self.spec.classes();
        if label >= classes {
            return Err(format!("label {label} is out of range: this network has {classes} classes, labels 0 to {}", classes - 1));
        }
        Ok(())
    }

    /// Checks every label of a sample set.
    pub fn check_labels(&self, samples: &Samples) -> Result<(), String> {
        for (i, &y) in samples.labels().iter().enumerate() {
            self.check_label(y).map_err(|e| format!("point {}: {e}", i + 1))?;
        }
        Ok(())
    }

    /// a[0] for the point x = (x1, x2).
    pub fn input(&self, x: [f64; 2]) -> Vec<f64> {
        input_vector(&self.spec.inputs, x[0], x[1])
    }

    /// Forward through every layer: z[l] = W[l] a[l−1] + b[l], a[l] = g(z[l]); a[0] = x's features.
    #[allow(non_snake_case)]
    pub fn forward(&self, x: [f64; 2]) -> ForwardPass {
        let input = self.input(x);
        let last = self.layers.len() - 1;
        let mut values: Vec<LayerValues> = Vec::with_capacity(self.layers.len());
        for (l, layer) in self.layers.iter().enumerate() {
            let a_prev = values.last().map_or(&input, |v| &v.a);
            let (W, b) = (&layer.weights, &layer.biases);
            let z: Vec<f64> = W.times(a_prev).iter().zip(b).map(|(wa, b)| wa + b).collect();
            let mut a = vec![0.0; z.len()];
            if l == last {
                self.spec.output.activate(&z, &mut a);
            } else {
                for (a, &z) in a.iter_mut().zip(&z) {
                    *a = self.spec.hidden.value(z);
                }
            }
            values.push(LayerValues { z, a });
        }
        ForwardPass { input, layers: values }
    }

    /// The loss of one sample, from its forward pass.
    pub fn sample_loss(&self, pass: &ForwardPass, label: usize) -> f64 {
        self.spec.output.loss(&pass.layers[pass.layers.len() - 1].z, label)
    }

    /// Backward through every layer, the lecture's get_gradients for any depth:
    /// dz[L] = a[L] − y;  dW[l] = dz[l] a[l−1]ᵀ;  db[l] = dz[l];  da[l−1] = W[l]ᵀ dz[l];  dz[l−1] = da[l−1] ∘ g'(z[l−1]).
    #[allow(non_snake_case)]
    pub fn backward(&self, pass: &ForwardPass, label: usize) -> Backward {
        let L = self.layers.len();
        let mut grads = Vec::with_capacity(L);
        let mut dz = self.spec.output.dz(pass.output(), label);
        for l in (1..=L).rev() {
            let a_prev = pass.activations(l - 1);
            let mut dW = Matrix::zeros(dz.len(), a_prev.len());
            dW.add_outer(1.0, &dz, a_prev);
            let db = dz.clone();
            let next_dz = (l > 1).then(|| {
                let da_prev = self.layers[l - 1].weights.transpose_times(&dz);
                let prev = &pass.layers[l - 2];
                da_prev.iter().zip(&prev.z).zip(&prev.a).map(|((da, &z), &a)| da * self.spec.hidden.derivative(z, a)).collect()
            });
            grads.push(LayerGradients { dz, dW, db });
            match next_dz {
                Some(next) => dz = next,
                None => break,
            }
        }
        grads.reverse();
        Backward { loss: self.sample_loss(pass, label), layers: grads }
    }

    /// The lecture's add_gradients: tdW += dW, tdb += db.
    pub fn accumulate(&mut self, grads: &Backward) {
        for (acc, g) in self.accumulator.iter_mut().zip(&grads.layers) {
            acc.weights.add_scaled(1.0, &g.dW);
            add_scaled(&mut acc.biases, 1.0, &g.db);
        }
    }

    /// Clears the accumulator.
    pub fn zero_grad(&mut self) {
        self.accumulator.iter_mut().for_each(Layer::clear);
    }

    /// The lecture's gradient_descent: W −= α ΣdW, b −= α Σdb, then clears the accumulator.
    /// Refuses (and changes nothing) if a weight would stop being a finite number.
    pub fn step(&mut self, learning_rate: f64) -> Result<(), String> {
        check_learning_rate(learning_rate)?;
        let updated: Vec<Layer> = self
            .layers
            .iter()
            .zip(&self.accumulator)
            .map(|(layer, grad)| {
                let mut next = layer.clone();
                next.add_scaled(-learning_rate, grad);
                next
            })
            .collect();
        if !updated.iter().all(Layer::is_finite) {
            return Err(divergence_message(learning_rate, "the step"));
        }
        self.layers = updated;
        self.zero_grad();
        Ok(())
    }

    /// The mean loss over a sample set (by the fast path, `kernels.rs`).
    pub fn mean_loss(&self, samples: &Samples) -> f64 {
        crate::kernels::mean_loss(self, samples)
    }

    /// The plain path of `mean_loss`, one sample at a time.
    pub fn mean_loss_plain(&self, samples: &Samples) -> f64 {
        let total: f64 = (0..samples.len()).map(|i| self.sample_loss(&self.forward(samples.point(i)), samples.label(i))).sum();
        total / samples.len() as f64
    }

    /// The fraction of samples whose most probable class is their label.
    pub fn accuracy(&self, samples: &Samples) -> f64 {
        let right = (0..samples.len())
            .filter(|&i| self.spec.output.predicted_class(self.forward(samples.point(i)).output()) == samples.label(i))
            .count();
        right as f64 / samples.len() as f64
    }

    /// The output a[L] of every sample, one after another (by the fast path, `grid.rs`).
    pub fn predict(&self, samples_xs: &[f64]) -> Vec<f64> {
        crate::grid::predict_points(self, samples_xs)
    }

    /// The plain path of `predict`, one sample at a time, for tests to hold the fast path against.
    pub fn predict_plain(&self, samples_xs: &[f64]) -> Vec<f64> {
        samples_xs.chunks_exact(2).flat_map(|p| self.forward([p[0], p[1]]).output().to_vec()).collect()
    }

    /// The summed gradients over a sample set and its mean loss; the accumulator is untouched.
    pub fn batch_gradients(&self, samples: &Samples) -> (f64, Vec<Layer>) {
        let mut sum = zeros_like(&self.layers);
        let mut loss = 0.0;
        for i in 0..samples.len() {
            let grads = self.backward(&self.forward(samples.point(i)), samples.label(i));
            loss += grads.loss;
            for (s, g) in sum.iter_mut().zip(&grads.layers) {
                s.weights.add_scaled(1.0, &g.dW);
                add_scaled(&mut s.biases, 1.0, &g.db);
            }
        }
        (loss / samples.len() as f64, sum)
    }

    /// Trains: each epoch visits the samples in order and steps after every batch
    /// (the last, shorter batch steps at the epoch's end). With a stop loss, stops
    /// after the first epoch whose mean loss (measured before each sample's update) is below it.
    /// Divergence (a non-finite loss or weight) restores the weights from before the call.
    pub fn train(&mut self, samples: &Samples, options: &TrainOptions) -> Result<TrainResult, String> {
        check_learning_rate(options.learning_rate)?;
        self.check_labels(samples)?;
        let before = self.layers.clone();
        let result = crate::kernels::train(self, samples, options);
        if result.is_err() {
            self.layers = before;
        }
        result
    }

    /// The plain path of `train`, one sample at a time, for tests to hold the fast path against.
    pub fn train_plain(&mut self, samples: &Samples, options: &TrainOptions) -> Result<TrainResult, String> {
        let n = samples.len();
        let batch = if options.batch_size == 0 { n } else { options.batch_size.min(n) };
        let mut batch_sum = zeros_like(&self.layers);
        let mut epochs = 0;
        let mut stopped = false;
        while epochs < options.epochs {
            let mut epoch_loss = 0.0;
            let mut in_batch = 0;
            for i in 0..n {
                let grads = self.backward(&self.forward(samples.point(i)), samples.label(i));
                epoch_loss += grads.loss;
                for (s, g) in batch_sum.iter_mut().zip(&grads.layers) {
                    s.weights.add_scaled(1.0, &g.dW);
                    add_scaled(&mut s.biases, 1.0, &g.db);
                }
                in_batch += 1;
                if in_batch == batch || i == n - 1 {
                    let rate = options.learning_rate / options.reduction.divisor(in_batch);
                    for (layer, s) in self.layers.iter_mut().zip(batch_sum.iter_mut()) {
                        layer.add_scaled(-rate, s);
                        s.clear();
                    }
                    in_batch = 0;
                }
            }
            epochs += 1;
            let mean = epoch_loss / n as f64;
            if !mean.is_finite() || !self.layers.iter().all(Layer::is_finite) {
                return Err(divergence_message(options.learning_rate, &format!("epoch {epochs}")));
            }
            if options.stop_loss.is_some_and(|stop| mean < stop) {
                stopped = true;
                break;
            }
        }
        let loss = self.mean_loss_plain(samples);
        if !loss.is_finite() {
            return Err(divergence_message(options.learning_rate, &format!("epoch {epochs}")));
        }
        Ok(TrainResult { epochs, loss, stopped })
    }

    /// The output over an n×n grid of [lo, hi]²: cell (r, c) is x1 = lo + (hi−lo)·c/(n−1),
    /// x2 = hi − (hi−lo)·r/(n−1), at index r·n + c (times C, class-major inside a cell, for softmax).
    pub fn predict_grid(&self, n: usize, lo: f64, hi: f64) -> Vec<f64> {
        crate::grid::predict_grid(self, n, lo, hi)
    }

    /// Every neuron's activation over the grid: neuron k (layer by layer, neuron by neuron) at k·n·n.
    pub fn neuron_grids(&self, n: usize, lo: f64, hi: f64) -> Vec<f64> {
        crate::grid::neuron_grids(self, n, lo, hi)
    }

    /// Central differences of the summed loss against backprop's summed gradients, for every parameter.
    pub fn gradient_check(&self, samples: &Samples, eps: f64) -> Vec<GradientCheckRow> {
        let (_, analytic) = self.batch_gradients(samples);
        let total_loss = |net: &Network| net.mean_loss_plain(samples) * samples.len() as f64;
        let mut probe = self.clone();
        let mut rows = Vec::new();
        for l in 0..self.layers.len() {
            let (out, inp) = (self.layers[l].weights.rows(), self.layers[l].weights.cols());
            let params = (0..out).flat_map(|r| (0..inp).map(move |c| ("W", r, c))).chain((0..out).map(|r| ("b", r, 0)));
            for (param, r, c) in params {
                let original = *probe.parameter_mut(l, param, r, c);
                *probe.parameter_mut(l, param, r, c) = original + eps;
                let plus = total_loss(&probe);
                *probe.parameter_mut(l, param, r, c) = original - eps;
                let minus = total_loss(&probe);
                *probe.parameter_mut(l, param, r, c) = original;
                let numeric = (plus - minus) / (2.0 * eps);
                let backprop = if param == "W" { analytic[l].weights.get(r, c) } else { analytic[l].biases[r] };
                let rel_error = (backprop - numeric).abs() / (backprop.abs() + numeric.abs()).max(1e-8);
                rows.push(GradientCheckRow { layer: l + 1, param, row: r, col: c, backprop, numeric, rel_error });
            }
        }
        rows
    }
}

impl Network {
    /// What the fast path trains with: the architecture, the layers to update and its kept buffers.
    pub(crate) fn training_parts(&mut self) -> (&Spec, &mut [Layer], &mut crate::kernels::Workspace) {
        (&self.spec, &mut self.layers, &mut self.workspace)
    }

    /// The weight W[l+1](r, c) or the bias b[l+1](r), for the gradient check.
    fn parameter_mut(&mut self, l: usize, param: &str, r: usize, c: usize) -> &mut f64 {
        let layer = &mut self.layers[l];
        if param == "W" {
            let cols = layer.weights.cols();
            &mut layer.weights.data_mut()[r * cols + c]
        } else {
            &mut layer.biases[r]
        }
    }
}

impl Reduction {
    /// What the summed gradients of a batch of `size` samples are divided by.
    pub fn divisor(self, size: usize) -> f64 {
        match self {
            Self::Sum => 1.0,
            Self::Mean => size as f64,
        }
    }
}

/// Zeros in the shape of `layers`.
pub fn zeros_like(layers: &[Layer]) -> Vec<Layer> {
    layers.iter().map(|l| Layer::zeros(l.weights.rows(), l.weights.cols())).collect()
}

fn check_learning_rate(rate: f64) -> Result<(), String> {
    if !(rate.is_finite() && rate > 0.0) {
        return Err(format!("the learning rate must be a positive finite number, got {}", number(rate)));
    }
    Ok(())
}

/// The message for a run whose loss or weights stopped being finite numbers.
pub fn divergence_message(learning_rate: f64, when: &str) -> String {
    format!(
        "training diverged at {when}: the loss or a weight is no longer a finite number. \
         The learning rate α = {} is probably too large; the weights are left as they were before",
        number(learning_rate)
    )
}
