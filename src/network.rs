//! `Network`: a facade that owns a network's state and delegates the math.
//!
//! It holds the architecture, the parameters, the gradient accumulator (the lecture's tdW,
//! tdb), the fast path's buffers and the optimizer's state; the equations live in `plain.rs`
//! (the reference, one sample at a time) and `fast/` (blocks of samples), the grids in `grid.rs`.

use crate::data::Samples;
use crate::fast;
use crate::fast::training::Workspace;
use crate::features::input_vector;
use crate::grid;
use crate::optimizer::{Optimizer, OptimizerState, UpdateRule};
use crate::options::{check_learning_rate, divergence_message};
use crate::params::zeros_like;
use crate::plain::{self, Backward, ForwardPass, GradientCheckRow};
use crate::random::Random;
use crate::show::number;
use crate::spec::Spec;
use crate::surface::{self, SurfaceRequest};

// The types callers of `Network` name, where they have always been found.
pub use crate::options::{Reduction, TrainOptions, TrainResult, MAX_EPOCHS_PER_CALL};
pub use crate::params::Layer;

/// A network: its architecture, its parameters, its gradient accumulator and the state
/// training keeps between calls.
#[derive(Clone, Debug)]
pub struct Network {
    spec: Spec,
    layers: Vec<Layer>,
    /// Σ dW, Σ db over the samples passed to `accumulate` since the last step (the lecture's tdW, tdb).
    accumulator: Vec<Layer>,
    /// The fast path's buffers, kept between `train` calls.
    workspace: Workspace,
    /// Momentum's or Adam's memory, kept between steps and calls.
    optimizer: OptimizerState,
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
        Self { spec, layers, accumulator, workspace: Workspace::default(), optimizer: OptimizerState::default() }
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

    /// What the optimizer remembers (steps taken, its moments).
    pub fn optimizer_state(&self) -> &OptimizerState {
        &self.optimizer
    }

    /// Replaces every weight and bias; refuses a wrong shape or a non-finite number and keeps the old ones.
    /// The optimizer starts afresh.
    pub fn set_layers(&mut self, layers: Vec<Layer>) -> Result<(), String> {
        self.check_shape(&layers, "", f64::is_finite)?;
        self.layers = layers;
        self.optimizer.reset();
        Ok(())
    }

    /// Checks that `layers` have the network's shape (W out×in, b out, per layer after the input)
    /// and that every number passes `test` (finite; Adam's v also ≥ 0); `what` starts each message
    /// ("" for the parameters).
    fn check_shape(&self, layers: &[Layer], what: &str, test: fn(f64) -> bool) -> Result<(), String> {
        let expected = self.spec.layers.len() - 1;
        if layers.len() != expected {
            return Err(format!("{what}expected values for {expected} layers (every layer after the input), got {}", layers.len()));
        }
        for (l, (new, old)) in layers.iter().zip(&self.layers).enumerate() {
            let (rows, cols) = (old.weights.rows(), old.weights.cols());
            if new.weights.rows() != rows || new.weights.cols() != cols {
                return Err(format!(
                    "{what}layer {}: W must be {rows}×{cols} (out×in), got {}×{}",
                    l + 1,
                    new.weights.rows(),
                    new.weights.cols()
                ));
            }
            if new.biases.len() != rows {
                return Err(format!("{what}layer {}: b must have {rows} values, got {}", l + 1, new.biases.len()));
            }
            if !new.all(test) {
                return Err(format!("{what}layer {}: every number of W and b must be finite (≥ 0 in Adam's v)", l + 1));
            }
        }
        Ok(())
    }

    /// Replaces what the optimizer remembers: the inverse of `optimizer_state`: the state after `t`
    /// steps of `optimizer`, with the moments it uses in the layers' shape (momentum: `first` = v;
    /// Adam: `first` = m, `second` = v ≥ 0) and the others empty. The next step with the same
    /// optimizer and constants goes on from it; another starts afresh. Refuses (and changes
    /// nothing) a state that does not fit.
    pub fn set_optimizer_state(&mut self, optimizer: Optimizer, t: u64, mut first: Vec<Layer>, mut second: Vec<Layer>) -> Result<(), String> {
        let used = optimizer.moments();
        self.check_moment(&mut first, "first: ", used >= 1, f64::is_finite)?;
        self.check_moment(&mut second, "second: ", used == 2, |v| v >= 0.0 && v.is_finite())?;
        self.optimizer = OptimizerState::resumed(optimizer, t, first, second);
        Ok(())
    }

    /// A moment the optimizer uses must have the layers' shape, its numbers passing `test`; one it
    /// does not use must be empty, and becomes zeros.
    #[inline(never)]
    fn check_moment(&self, moment: &mut Vec<Layer>, what: &str, used: bool, test: fn(f64) -> bool) -> Result<(), String> {
        if used {
            return self.check_shape(moment, what, test);
        }
        if !moment.is_empty() {
            return Err(what.to_owned() + "must be [] (momentum keeps first, adam both)");
        }
        *moment = zeros_like(&self.layers);
        Ok(())
    }

    /// Forgets the optimizer's state (momentum's velocity, Adam's moments and step count).
    pub fn reset_optimizer(&mut self) {
        self.optimizer.reset();
    }

    /// Checks that `label` names one of the network's classes.
    pub fn check_label(&self, label: usize) -> Result<(), String> {
        self.check_target(label as f64)
    }

    /// Checks a target y: a class index of this network, or any finite number for regression.
    pub fn check_target(&self, y: f64) -> Result<(), String> {
        if self.spec.output == crate::loss::Output::Linear {
            if !y.is_finite() {
                return Err(format!("the target y is {}: a regression target must be a finite number", number(y)));
            }
            return Ok(());
        }
        let classes = self.spec.classes();
        if !(y.fract() == 0.0 && y >= 0.0 && y < classes as f64) {
            return Err(format!("label {} is out of range: this network has {classes} classes, labels 0 to {}", number(y), classes - 1));
        }
        Ok(())
    }

    /// Checks every target of a sample set.
    pub fn check_labels(&self, samples: &Samples) -> Result<(), String> {
        for (i, &y) in samples.targets().iter().enumerate() {
            self.check_target(y).map_err(|e| format!("point {}: {e}", i + 1))?;
        }
        Ok(())
    }

    /// a[0] for the point x = (x1, x2).
    pub fn input(&self, x: [f64; 2]) -> Vec<f64> {
        input_vector(&self.spec.inputs, x[0], x[1])
    }

    /// Forward through every layer (`plain::forward`).
    pub fn forward(&self, x: [f64; 2]) -> ForwardPass {
        plain::forward(&self.spec, &self.layers, x)
    }

    /// The loss of one sample with class `label`, from its forward pass.
    pub fn sample_loss(&self, pass: &ForwardPass, label: usize) -> f64 {
        plain::sample_loss(&self.spec, pass, label as f64)
    }

    /// Backward for one sample of class `label` (`plain::backward`); the accumulator is untouched.
    pub fn backward(&self, pass: &ForwardPass, label: usize) -> Backward {
        self.backward_to(pass, label as f64)
    }

    /// Backward for one sample with target y (a class index, or a real number for regression).
    pub fn backward_to(&self, pass: &ForwardPass, y: f64) -> Backward {
        plain::backward(&self.spec, &self.layers, pass, y)
    }

    /// The lecture's add_gradients: tdW += dW, tdb += db.
    pub fn accumulate(&mut self, grads: &Backward) {
        plain::add_gradients(&mut self.accumulator, grads);
    }

    /// Clears the accumulator.
    pub fn zero_grad(&mut self) {
        self.accumulator.iter_mut().for_each(Layer::clear);
    }

    /// The lecture's gradient_descent: W −= α ΣdW, b −= α Σdb, then clears the accumulator.
    /// Refuses (and changes nothing) if a weight would stop being a finite number.
    pub fn step(&mut self, learning_rate: f64) -> Result<(), String> {
        self.step_with(learning_rate, &UpdateRule::default())
    }

    /// One step of the update rule with the accumulated gradient as it stands, then clears the
    /// accumulator. Refuses (and changes nothing, the optimizer's state included) if a weight
    /// would stop being a finite number.
    pub fn step_with(&mut self, learning_rate: f64, rule: &UpdateRule) -> Result<(), String> {
        check_learning_rate(learning_rate)?;
        let mut layers = self.layers.clone();
        let mut state = self.optimizer.clone();
        rule.apply(&mut layers, &self.accumulator, 1.0, learning_rate, &mut state);
        if !layers.iter().all(Layer::is_finite) {
            return Err(divergence_message(learning_rate, "the step"));
        }
        self.layers = layers;
        self.optimizer = state;
        self.zero_grad();
        Ok(())
    }

    /// The mean loss over a sample set (by the fast path).
    pub fn mean_loss(&self, samples: &Samples) -> f64 {
        fast::evaluation::mean_loss(&self.spec, &self.layers, samples)
    }

    /// The plain path of `mean_loss`, one sample at a time.
    pub fn mean_loss_plain(&self, samples: &Samples) -> f64 {
        plain::mean_loss(&self.spec, &self.layers, samples)
    }

    /// The fraction of samples whose most probable class is their label.
    pub fn accuracy(&self, samples: &Samples) -> f64 {
        plain::accuracy(&self.spec, &self.layers, samples)
    }

    /// The output a[L] of every sample, one after another (by the fast path).
    pub fn predict(&self, xs: &[f64]) -> Vec<f64> {
        fast::evaluation::predict(&self.spec, &self.layers, xs)
    }

    /// The plain path of `predict`, one sample at a time, for tests to hold the fast path against.
    pub fn predict_plain(&self, xs: &[f64]) -> Vec<f64> {
        plain::predict(&self.spec, &self.layers, xs)
    }

    /// The summed gradients over a sample set and its mean loss; the accumulator is untouched.
    pub fn batch_gradients(&self, samples: &Samples) -> (f64, Vec<Layer>) {
        plain::batch_gradients(&self.spec, &self.layers, samples)
    }

    /// Trains by plain gradient descent (the lecture's), by the fast path: see `train_with`.
    pub fn train(&mut self, samples: &Samples, options: &TrainOptions) -> Result<TrainResult, String> {
        self.train_with(samples, options, &UpdateRule::default())
    }

    /// Trains with the update rule, by the fast path: each epoch visits the samples in order and
    /// steps after every batch (the last, shorter batch steps at the epoch's end). With a stop
    /// loss, stops after the first epoch whose mean loss (measured before each batch's update)
    /// is below it. On divergence, restores the weights and the optimizer's state from before the call.
    pub fn train_with(&mut self, samples: &Samples, options: &TrainOptions, rule: &UpdateRule) -> Result<TrainResult, String> {
        check_learning_rate(options.learning_rate)?;
        self.check_labels(samples)?;
        let (layers, state) = (self.layers.clone(), self.optimizer.clone());
        let result = fast::training::train(&self.spec, &mut self.layers, &mut self.workspace, &mut self.optimizer, samples, options, rule);
        if result.is_err() {
            (self.layers, self.optimizer) = (layers, state);
        }
        result
    }

    /// The plain path of `train`, one sample at a time, for tests to hold the fast path against.
    pub fn train_plain(&mut self, samples: &Samples, options: &TrainOptions) -> Result<TrainResult, String> {
        self.train_plain_with(samples, options, &UpdateRule::default())
    }

    /// The plain path of `train_with`.
    pub fn train_plain_with(&mut self, samples: &Samples, options: &TrainOptions, rule: &UpdateRule) -> Result<TrainResult, String> {
        check_learning_rate(options.learning_rate)?;
        self.check_labels(samples)?;
        let (layers, state) = (self.layers.clone(), self.optimizer.clone());
        let result = plain::train(&self.spec, &mut self.layers, &mut self.optimizer, samples, options, rule);
        if result.is_err() {
            (self.layers, self.optimizer) = (layers, state);
        }
        result
    }

    /// The output over an n×n grid of [lo, hi]²: cell (r, c) is x1 = lo + (hi−lo)·c/(n−1),
    /// x2 = hi − (hi−lo)·r/(n−1), at index r·n + c (times C, class-major inside a cell, for softmax).
    pub fn predict_grid(&self, n: usize, lo: f64, hi: f64) -> Vec<f64> {
        grid::predict_grid(&self.spec, &self.layers, n, lo, hi)
    }

    /// Every neuron's activation over the grid: neuron k (layer by layer, neuron by neuron) at k·n·n.
    pub fn neuron_grids(&self, n: usize, lo: f64, hi: f64) -> Vec<f64> {
        grid::neuron_grids(&self.spec, &self.layers, n, lo, hi)
    }

    /// The mean data loss over a grid of two parameters around their current values (`surface.rs`).
    pub fn loss_surface(&self, samples: &Samples, request: &SurfaceRequest) -> Result<Vec<f64>, String> {
        request.check(&self.layers)?;
        self.check_labels(samples)?;
        Ok(surface::loss_surface(&self.spec, &self.layers, samples, request))
    }

    /// Central differences of the summed loss against backprop's summed gradients, for every parameter.
    pub fn gradient_check(&self, samples: &Samples, eps: f64) -> Vec<GradientCheckRow> {
        plain::gradient_check(&self.spec, &self.layers, samples, eps)
    }
}
