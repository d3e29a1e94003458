//! The network over many points at once, without training: forward a block of points at a
//! time, for the mean loss, predictions and the grids.

use super::blocks::{forward_layers, Block, HiddenKernels};
use crate::data::Samples;
use crate::params::Layer;
use crate::spec::Spec;

/// Points per block (a 200-cell row of the grid is one block).
pub const POINT_BLOCK: usize = 256;

/// Buffers for evaluating the network over blocks of points.
pub struct Evaluator {
    hidden: HiddenKernels,
    inputs: Vec<f64>,
    /// a[l] for l = 1..L over the last block, neurons × `stride`.
    pub values: Vec<Vec<f64>>,
    /// z[L] over the last block.
    pub output_z: Vec<f64>,
    /// The last block's row stride: its point count rounded up to even.
    pub stride: usize,
}

impl Evaluator {
    pub fn new(spec: &Spec) -> Self {
        let sizes = &spec.layers;
        Self {
            hidden: HiddenKernels::new(spec.hidden),
            inputs: vec![0.0; sizes[0] * POINT_BLOCK],
            values: sizes[1..].iter().map(|&n| vec![0.0; n * POINT_BLOCK]).collect(),
            output_z: vec![0.0; sizes[sizes.len() - 1] * POINT_BLOCK],
            stride: 0,
        }
    }

    /// Forward over the points (x1, x2) held in pairs in `points` (at most POINT_BLOCK of them):
    /// a[0] from the features, then every layer; afterwards `values[l]` holds a[l+1], neurons × `stride`.
    /// With the points' targets `ys`, returns the Σ of their losses (0 without).
    /// (A slice, not a closure: one copy of this code serves every caller.)
    pub fn forward_points(&mut self, spec: &Spec, layers: &[Layer], points: &[f64], ys: Option<&[f64]>) -> f64 {
        let count = points.len() / 2;
        let pairs = count.div_ceil(2);
        let stride = 2 * pairs;
        self.stride = stride;
        for (f, feature) in spec.inputs.iter().enumerate() {
            let row = &mut self.inputs[f * stride..(f + 1) * stride];
            for (v, p) in row.iter_mut().zip(points.chunks_exact(2)) {
                *v = feature.value(p[0], p[1]);
            }
            row[count..].fill(0.0);
        }
        let input = Block { data: &self.inputs, stride, offset: 0 };
        forward_layers(self.hidden, spec.output, layers, input, &mut self.values, &mut self.output_z, stride, pairs, ys)
    }
}

/// The mean loss of `layers` over `samples`, a block of samples at a time (as the plain
/// path's `mean_loss`, in the same order).
pub fn mean_loss(spec: &Spec, layers: &[Layer], samples: &Samples) -> f64 {
    mean_loss_with(&mut Evaluator::new(spec), spec, layers, samples)
}

/// `mean_loss` with the caller's buffers (for many evaluations in a row).
pub fn mean_loss_with(evaluator: &mut Evaluator, spec: &Spec, layers: &[Layer], samples: &Samples) -> f64 {
    let n = samples.len();
    let mut total = 0.0;
    let mut start = 0;
    while start < n {
        let count = POINT_BLOCK.min(n - start);
        let ys = &samples.targets()[start..start + count];
        total += evaluator.forward_points(spec, layers, &samples.xs()[2 * start..2 * (start + count)], Some(ys));
        start += count;
    }
    total / n as f64
}

/// The output a[L] of every sample (x1, x2 pairs in `xs`), one after another, a block at a time.
pub fn predict(spec: &Spec, layers: &[Layer], xs: &[f64]) -> Vec<f64> {
    let units = spec.layers[spec.layers.len() - 1];
    let n = xs.len() / 2;
    let mut out = vec![0.0; n * units];
    let mut evaluator = Evaluator::new(spec);
    let depth = layers.len();
    let mut start = 0;
    while start < n {
        let count = POINT_BLOCK.min(n - start);
        evaluator.forward_points(spec, layers, &xs[2 * start..2 * (start + count)], None);
        let (a, stride) = (&evaluator.values[depth - 1], evaluator.stride);
        for j in 0..units {
            for (c, &v) in a[j * stride..j * stride + count].iter().enumerate() {
                out[(start + c) * units + j] = v;
            }
        }
        start += count;
    }
    out
}
