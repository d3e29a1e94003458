//! Training on the fast path: the plain path's `train`, block by block, in buffers kept
//! between calls (a `Workspace`), so nothing is allocated per epoch or per step.

use super::blocks::{add_gradients, forward_layers, output_delta, Block, HiddenKernels};
use crate::data::Samples;
use crate::features::Feature;
use crate::loss::Output;
use crate::optimizer::{OptimizerState, UpdateRule};
use crate::options::{divergence_message, TrainOptions, TrainResult};
use crate::params::{zeros_like, Layer};
use crate::spec::Spec;

/// Samples per block in training: a full batch larger than this runs block after block.
const BLOCK: usize = 128;

/// Training's buffers, kept between calls and resized only when the architecture or the
/// samples change.
#[derive(Clone, Default)]
pub struct Workspace {
    sizes: Vec<usize>,
    /// Samples the inputs were laid out for, and their row stride (≥ samples + 1, even).
    samples: usize,
    data_stride: usize,
    /// a[0] of every sample, features × samples; the padding is 0.
    inputs: Vec<f64>,
    /// The target of every sample, units × samples: y for a sigmoid or linear output, one-hot for softmax.
    targets: Vec<f64>,
    /// The samples' y the targets were built from.
    ys: Vec<f64>,
    /// a[l] for l = 1..L over one block, neurons × BLOCK.
    values: Vec<Vec<f64>>,
    /// z[L] over one block.
    output_z: Vec<f64>,
    /// dz[l] for l = 1..L over one block.
    deltas: Vec<Vec<f64>>,
    /// Σ dW, Σ db over the current batch.
    grads: Vec<Layer>,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Workspace {{ sizes: {:?}, samples: {} }}", self.sizes, self.samples)
    }
}

impl Workspace {
    /// Sizes the buffers for this architecture (only when it changed).
    fn fit_architecture(&mut self, layers: &[Layer], sizes: &[usize]) {
        if self.sizes == sizes {
            return;
        }
        self.sizes = sizes.to_vec();
        self.values = sizes[1..].iter().map(|&n| vec![0.0; n * BLOCK]).collect();
        self.deltas = sizes[1..].iter().map(|&n| vec![0.0; n * BLOCK]).collect();
        self.output_z = vec![0.0; sizes[sizes.len() - 1] * BLOCK];
        self.grads = zeros_like(layers);
        self.samples = 0;
        self.ys.clear();
    }

    /// Lays out the inputs and targets batch-major (features computed once per call).
    fn fit_samples(&mut self, features: &[Feature], output: Output, samples: &Samples) {
        let n = samples.len();
        let stride = (n + 2) & !1;
        let units = self.sizes[self.sizes.len() - 1];
        self.samples = n;
        self.data_stride = stride;
        self.inputs.clear();
        self.inputs.resize(features.len() * stride, 0.0);
        for i in 0..n {
            let [x1, x2] = samples.point(i);
            for (f, feature) in features.iter().enumerate() {
                self.inputs[f * stride + i] = feature.value(x1, x2);
            }
        }
        if self.ys != samples.targets() || self.targets.len() != units * stride {
            self.ys.clear();
            self.ys.extend_from_slice(samples.targets());
            self.targets.clear();
            self.targets.resize(units * stride, 0.0);
            for (i, &y) in samples.targets().iter().enumerate() {
                match output {
                    Output::Sigmoid | Output::Linear => self.targets[i] = y,
                    Output::Softmax => self.targets[y as usize * stride + i] = 1.0,
                }
            }
        }
    }
}

/// Trains `layers` as the plain path's `train` does, block by block; the caller checks the
/// arguments and restores the layers (and the optimizer's state) if this reports divergence.
pub fn train(
    spec: &Spec,
    layers: &mut [Layer],
    ws: &mut Workspace,
    state: &mut OptimizerState,
    samples: &Samples,
    options: &TrainOptions,
    rule: &UpdateRule,
) -> Result<TrainResult, String> {
    let n = samples.len();
    let batch = options.batch_for(n);
    let (hidden, output) = (HiddenKernels::new(spec.hidden), spec.output);
    ws.fit_architecture(layers, &spec.layers);
    ws.fit_samples(&spec.inputs, output, samples);
    let Workspace { inputs, targets, values, output_z, deltas, grads, data_stride, .. } = ws;
    let data_stride = *data_stride;
    // Slices, not Vecs, from here on: indexing them needs no call at any opt-level.
    let (values, deltas, grads) = (values.as_mut_slice(), deltas.as_mut_slice(), grads.as_mut_slice());
    let units = spec.layers[spec.layers.len() - 1];
    let depth = layers.len();
    let ys = samples.targets();

    let mut losses = Vec::new();
    let mut stopped = false;
    while losses.len() < options.epochs {
        let mut epoch_loss = 0.0;
        let mut start = 0;
        while start < n {
            let size = batch.min(n - start);
            let mut block_start = start;
            while block_start < start + size {
                let count = BLOCK.min(start + size - block_start);
                let pairs = count.div_ceil(2);
                // The block's own buffers are packed: stride = its (even) sample count.
                let stride = 2 * pairs;
                let input = Block { data: inputs, stride: data_stride, offset: block_start };
                // Forward, and the loss, measured before this batch's update.
                let block_ys = &ys[block_start..block_start + count];
                epoch_loss += forward_layers(hidden, output, layers, input, values, output_z, stride, pairs, Some(block_ys));
                // Backward, layer by layer.
                let target = Block { data: targets, stride: data_stride, offset: block_start };
                output_delta(&values[depth - 1], target, &mut deltas[depth - 1], units, stride, count);
                for l in (0..depth).rev() {
                    let a_prev = if l == 0 { input } else { Block { data: &values[l - 1], stride, offset: 0 } };
                    add_gradients(&mut grads[l], &deltas[l], stride, a_prev, pairs);
                    if l > 0 {
                        let (below, above) = deltas.split_at_mut(l);
                        hidden.back_delta(&layers[l], &above[0], &values[l - 1], &mut below[l - 1], stride, pairs);
                    }
                }
                block_start += count;
            }
            rule.apply(layers, grads, options.reduction.divisor(size), options.learning_rate, state);
            for grad in grads.iter_mut() {
                grad.clear();
            }
            start += size;
        }
        let mean = epoch_loss / n as f64;
        losses.push(mean);
        // The weights are checked once an epoch: a weight that stops being finite stays so
        // (every update adds to it: inf ± x, NaN), so a step's non-finite weight is still
        // there at the epoch's end.
        if !mean.is_finite() || !weights_sum(layers).is_finite() {
            return Err(divergence_message(options.learning_rate, &format!("epoch {}", losses.len())));
        }
        if options.stop_loss.is_some_and(|stop| mean < stop) {
            stopped = true;
            break;
        }
    }
    // The mean loss of the final weights, by the same kernels.
    let mut total = 0.0;
    let mut block_start = 0;
    while block_start < n {
        let count = BLOCK.min(n - block_start);
        let pairs = count.div_ceil(2);
        let input = Block { data: inputs, stride: data_stride, offset: block_start };
        total += forward_layers(hidden, output, layers, input, values, output_z, 2 * pairs, pairs, Some(&ys[block_start..block_start + count]));
        block_start += count;
    }
    let loss = total / n as f64;
    if !loss.is_finite() {
        return Err(divergence_message(options.learning_rate, &format!("epoch {}", losses.len())));
    }
    Ok(TrainResult { epochs: losses.len(), loss, stopped, losses })
}

/// The sum of every weight and bias: finite exactly when they all are (short of the sum itself
/// overflowing past 1e308), which spares a separate check of each.
#[inline(never)]
fn weights_sum(layers: &[Layer]) -> f64 {
    layers.iter().map(|layer| layer.weights.data().iter().chain(&layer.biases).sum::<f64>()).sum()
}
