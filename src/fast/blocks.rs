//! The block kernels: the equations of one layer over a block of samples, batch-major.
//!
//! A block holds a layer's values as neurons × samples (neuron j of sample s at
//! `j · stride + s`), so every hot loop runs over the samples innermost, two at a time.
//!
//! The hot loops are written so that any opt-level compiles them tight: bounds checked once
//! up front, offsets advanced by addition, no iterator adapters in inner loops.

use super::activations::{with_activation, Act, Linear, Sigmoid, WithActivation};
use super::exp::{atanh_consts, ExpConsts};
use super::lanes::{bounds, V};
use crate::activation::Activation;
use crate::loss::Output;
use crate::params::Layer;
use crate::spec::MAX_NEURONS;

/// A block of values, neurons × samples: neuron j's samples start at `offset + j·stride`.
#[derive(Clone, Copy)]
pub struct Block<'a> {
    pub data: &'a [f64],
    pub stride: usize,
    pub offset: usize,
}

impl Block<'_> {
    #[inline(always)]
    fn check(&self, rows: usize, pairs: usize) {
        bounds(rows == 0 || self.offset + (rows - 1) * self.stride + 2 * pairs <= self.data.len());
    }
}

/// z = W a_prev + b over a block, neurons × samples (row i at `i · stride`), summed in the
/// plain path's order: ((w0·a0 + w1·a1) + …) + b.
#[allow(non_snake_case)]
#[inline(never)]
fn weighted_sums(W: &Layer, a_prev: Block, z: &mut [f64], stride: usize, pairs: usize) {
    let (outs, ins) = (W.weights.rows(), W.weights.cols());
    let (w, b) = (W.weights.data(), &W.biases[..]);
    a_prev.check(ins, pairs);
    bounds(ins > 0 && w.len() == outs * ins && b.len() == outs);
    bounds(outs * stride <= z.len() && 2 * pairs <= stride);
    let (x, step) = (a_prev.data, a_prev.stride);
    let mut i = 0;
    // Two neurons per pass: each a_prev pair is loaded once for both.
    while i + 2 <= outs {
        let (r0, r1) = (i * ins, (i + 1) * ins);
        let (z0, z1) = (i * stride, (i + 1) * stride);
        // SAFETY: i + 1 < outs, so r1 < w.len() and i + 1 < b.len().
        let (w0, w1, b0, b1) = unsafe {
            (V::splat(*w.get_unchecked(r0)), V::splat(*w.get_unchecked(r1)), V::splat(*b.get_unchecked(i)), V::splat(*b.get_unchecked(i + 1)))
        };
        for p in 0..pairs {
            let s = a_prev.offset + 2 * p;
            // SAFETY: a_prev.check and the checks above bound every index.
            unsafe {
                let x0 = V::load(x, s);
                let mut acc0 = w0.mul(x0);
                let mut acc1 = w1.mul(x0);
                let mut at = s;
                for j in 1..ins {
                    at += step;
                    let xj = V::load(x, at);
                    acc0 = acc0.add(V::splat(*w.get_unchecked(r0 + j)).mul(xj));
                    acc1 = acc1.add(V::splat(*w.get_unchecked(r1 + j)).mul(xj));
                }
                acc0.add(b0).store(z, z0 + 2 * p);
                acc1.add(b1).store(z, z1 + 2 * p);
            }
        }
        i += 2;
    }
    if i < outs {
        let (r, z0) = (i * ins, i * stride);
        // SAFETY: i < outs, so r < w.len() and i < b.len().
        let (w0, b0) = unsafe { (V::splat(*w.get_unchecked(r)), V::splat(*b.get_unchecked(i))) };
        for p in 0..pairs {
            let s = a_prev.offset + 2 * p;
            // SAFETY: as above.
            unsafe {
                let mut acc = w0.mul(V::load(x, s));
                let mut at = s;
                for j in 1..ins {
                    at += step;
                    acc = acc.add(V::splat(*w.get_unchecked(r + j)).mul(V::load(x, at)));
                }
                acc.add(b0).store(z, z0 + 2 * p);
            }
        }
    }
}


/// a = g(z) over `len` values (a whole block, every neuron), z and a possibly the same buffer.
#[inline(never)]
fn activate<G: Act>(z: Option<&[f64]>, a: &mut [f64], len: usize) {
    if G::IDENTITY && z.is_none() {
        return;
    }
    bounds(len % 2 == 0 && len <= a.len() && z.is_none_or(|z| len <= z.len()));
    let k = ExpConsts::new();
    let mut i = 0;
    // Two pairs per turn: two independent polynomial chains in flight.
    while i + 4 <= len {
        // SAFETY: i + 4 ≤ len, checked above.
        unsafe {
            let z0 = V::load(z.unwrap_or(a), i);
            let z1 = V::load(z.unwrap_or(a), i + 2);
            let (a0, a1) = (G::value(&k, z0), G::value(&k, z1));
            a0.store(a, i);
            a1.store(a, i + 2);
        }
        i += 4;
    }
    if i < len {
        // SAFETY: i + 2 ≤ len (len is even).
        unsafe { G::value(&k, V::load(z.unwrap_or(a), i)).store(a, i) };
    }
}

/// softmax(z) per sample, as `loss::softmax`: e^(z_j − m) / Σ_k e^(z_k − m), m = max z.
#[inline(never)]
fn softmax_columns(z: &[f64], a: &mut [f64], units: usize, stride: usize, pairs: usize) {
    bounds((units - 1) * stride + 2 * pairs <= z.len().min(a.len()));
    let k = ExpConsts::new();
    for p in 0..pairs {
        let s = 2 * p;
        // SAFETY: bounded by the check above.
        unsafe {
            let mut m = V::load(z, s);
            for j in 1..units {
                let zj = V::load(z, j * stride + s);
                m = zj.sub(m).if_nonnegative(zj, m);
            }
            let mut sum = V::splat(0.0);
            for j in 0..units {
                let e = k.exp(V::load(z, j * stride + s).sub(m));
                e.store(a, j * stride + s);
                sum = sum.add(e);
            }
            for j in 0..units {
                V::load(a, j * stride + s).div(sum).store(a, j * stride + s);
            }
        }
    }
}

/// dz[L] = a − t (t the target, y or one-hot) for the first `count` samples; 0 for the padding lane.
#[inline(never)]
pub fn output_delta(a: &[f64], targets: Block, dz: &mut [f64], units: usize, stride: usize, count: usize) {
    let pairs = count.div_ceil(2);
    targets.check(units, pairs);
    bounds((units - 1) * stride + 2 * pairs <= a.len().min(dz.len()));
    for j in 0..units {
        for p in 0..pairs {
            let s = 2 * p;
            // SAFETY: bounded by the checks above.
            unsafe {
                let t = V::load(targets.data, targets.offset + j * targets.stride + s);
                V::load(a, j * stride + s).sub(t).store(dz, j * stride + s);
            }
        }
        if count % 2 == 1 {
            dz[j * stride + count] = 0.0;
        }
    }
}

/// Σ over the block's samples: dW += dz a_prevᵀ, db += dz (the padding lane's dz is 0).
#[allow(non_snake_case)]
#[inline(never)]
pub fn add_gradients(grad: &mut Layer, dz: &[f64], stride: usize, a_prev: Block, pairs: usize) {
    let (outs, ins) = (grad.weights.rows(), grad.weights.cols());
    a_prev.check(ins, pairs);
    let (x, step) = (a_prev.data, a_prev.stride);
    let dW = grad.weights.data_mut();
    let db = &mut grad.biases[..];
    bounds((outs - 1) * stride + 2 * pairs <= dz.len() && dW.len() == outs * ins && db.len() == outs);
    for i in 0..outs {
        let row = i * stride;
        let mut j = 0;
        // Four columns at a time: dz_i is loaded once for four running sums.
        while j + 4 <= ins {
            let zero = V::splat(0.0);
            let (mut acc0, mut acc1, mut acc2, mut acc3) = (zero, zero, zero, zero);
            let col = a_prev.offset + j * step;
            for p in 0..pairs {
                let s = 2 * p;
                // SAFETY: bounded by the checks above.
                unsafe {
                    let d = V::load(dz, row + s);
                    let at = col + s;
                    acc0 = acc0.add(d.mul(V::load(x, at)));
                    acc1 = acc1.add(d.mul(V::load(x, at + step)));
                    acc2 = acc2.add(d.mul(V::load(x, at + 2 * step)));
                    acc3 = acc3.add(d.mul(V::load(x, at + 3 * step)));
                }
            }
            let at = i * ins + j;
            // SAFETY: at + 4 ≤ (i + 1)·ins = dW.len() at most.
            unsafe {
                V::load(dW, at).add(V::pair_sums(acc0, acc1)).store(dW, at);
                V::load(dW, at + 2).add(V::pair_sums(acc2, acc3)).store(dW, at + 2);
            }
            j += 4;
        }
        // The last ins − j < 4 columns and the bias in one pass: a missing column reads the
        // last real one again (its sum is not kept), so one loop serves every remainder.
        let left = ins - j;
        if left == 0 {
            let mut bias = V::splat(0.0);
            for p in 0..pairs {
                // SAFETY: bounded by the check above.
                unsafe { bias = bias.add(V::load(dz, row + 2 * p)) };
            }
            db[i] += bias.sum_lanes();
            continue;
        }
        let last = ins - 1;
        let (c0, c1, c2) = (a_prev.offset + j.min(last) * step, a_prev.offset + (j + 1).min(last) * step, a_prev.offset + (j + 2).min(last) * step);
        let zero = V::splat(0.0);
        let (mut acc0, mut acc1, mut acc2, mut bias) = (zero, zero, zero, zero);
        for p in 0..pairs {
            let s = 2 * p;
            // SAFETY: bounded by the checks above (every column index is at most ins − 1).
            unsafe {
                let d = V::load(dz, row + s);
                acc0 = acc0.add(d.mul(V::load(x, c0 + s)));
                acc1 = acc1.add(d.mul(V::load(x, c1 + s)));
                acc2 = acc2.add(d.mul(V::load(x, c2 + s)));
                bias = bias.add(d);
            }
        }
        let at = i * ins + j;
        dW[at] += acc0.sum_lanes();
        if left > 1 {
            dW[at + 1] += acc1.sum_lanes();
        }
        if left > 2 {
            dW[at + 2] += acc2.sum_lanes();
        }
        db[i] += bias.sum_lanes();
    }
}

/// dz[l−1] = (W[l]ᵀ dz[l]) ∘ g'(a[l−1]): the sums (`back_sums`, one function for every
/// activation), then the product with g' (`times_derivative`, one small kernel per activation).
/// The products are the same as in one pass; the .wasm holds the sums once instead of four times.
#[allow(non_snake_case)]
#[inline(never)]
fn back_delta<G: Act>(W: &Layer, dz: &[f64], a_prev: &[f64], dz_prev: &mut [f64], stride: usize, pairs: usize) {
    back_sums(W, dz, dz_prev, stride, pairs);
    if !G::IDENTITY {
        times_derivative::<G>(a_prev, dz_prev, W.weights.cols(), stride, pairs);
    }
}

/// dz_prev[j] ∘= g'(a_prev[j]) for the `ins` rows of a block.
#[inline(never)]
fn times_derivative<G: Act>(a_prev: &[f64], dz_prev: &mut [f64], ins: usize, stride: usize, pairs: usize) {
    bounds(ins > 0 && (ins - 1) * stride + 2 * pairs <= a_prev.len().min(dz_prev.len()));
    for j in 0..ins {
        let o = j * stride;
        for p in 0..pairs {
            let s = o + 2 * p;
            // SAFETY: bounded by the check above.
            unsafe { V::load(dz_prev, s).mul(G::derivative(V::load(a_prev, s))).store(dz_prev, s) };
        }
    }
}

/// dz_prev = W[l]ᵀ dz[l] over a block, summing over i in order as `Matrix::transpose_times`.
#[allow(non_snake_case)]
#[inline(never)]
fn back_sums(W: &Layer, dz: &[f64], dz_prev: &mut [f64], stride: usize, pairs: usize) {
    let (outs, ins) = (W.weights.rows(), W.weights.cols());
    let w = W.weights.data();
    bounds(ins > 0 && w.len() == outs * ins);
    bounds((outs - 1) * stride + 2 * pairs <= dz.len());
    bounds((ins - 1) * stride + 2 * pairs <= dz_prev.len());
    let mut j = 0;
    // Two inputs per pass: each dz pair is loaded once for both.
    while j + 2 <= ins {
        let (o0, o1) = (j * stride, (j + 1) * stride);
        // SAFETY: j + 1 < ins ≤ w.len().
        let (w0, w1) = unsafe { (V::splat(*w.get_unchecked(j)), V::splat(*w.get_unchecked(j + 1))) };
        for p in 0..pairs {
            let s = 2 * p;
            // SAFETY: bounded by the checks above.
            unsafe {
                let d0 = V::load(dz, s);
                let mut da0 = w0.mul(d0);
                let mut da1 = w1.mul(d0);
                let (mut at, mut wi) = (s, j);
                for _ in 1..outs {
                    at += stride;
                    wi += ins;
                    let di = V::load(dz, at);
                    da0 = da0.add(V::splat(*w.get_unchecked(wi)).mul(di));
                    da1 = da1.add(V::splat(*w.get_unchecked(wi + 1)).mul(di));
                }
                da0.store(dz_prev, o0 + s);
                da1.store(dz_prev, o1 + s);
            }
        }
        j += 2;
    }
    if j < ins {
        let o = j * stride;
        // SAFETY: j < ins ≤ w.len().
        let w0 = unsafe { V::splat(*w.get_unchecked(j)) };
        for p in 0..pairs {
            let s = 2 * p;
            // SAFETY: bounded by the checks above.
            unsafe {
                let mut da = w0.mul(V::load(dz, s));
                let (mut at, mut wi) = (s, j);
                for _ in 1..outs {
                    at += stride;
                    wi += ins;
                    da = da.add(V::splat(*w.get_unchecked(wi)).mul(V::load(dz, at)));
                }
                da.store(dz_prev, o + s);
            }
        }
    }
}


/// a = g(z) in place over `len` values: `activate` with its z known to be a itself (a direct
/// call with a constant, which an optimizer can specialise `activate` for).
#[inline(never)]
fn activate_in_place<G: Act>(a: &mut [f64], len: usize) {
    activate::<G>(None, a, len)
}

/// A hidden layer's two kernels for its activation, picked once (by `with_activation`) per call.
#[derive(Clone, Copy)]
pub struct HiddenKernels {
    /// a = g(z) in place over a block.
    activate: fn(&mut [f64], usize),
    /// dz[l−1] = (W[l]ᵀ dz[l]) ∘ g'(a[l−1]).
    #[allow(clippy::type_complexity)]
    back_delta: fn(&Layer, &[f64], &[f64], &mut [f64], usize, usize),
}

impl HiddenKernels {
    pub fn new(g: Activation) -> Self {
        struct Pick;
        impl WithActivation for Pick {
            type Output = HiddenKernels;
            fn run<G: Act>(self) -> HiddenKernels {
                HiddenKernels { activate: activate_in_place::<G>, back_delta: back_delta::<G> }
            }
        }
        with_activation(g, Pick)
    }

    /// dz[l−1] = (W[l]ᵀ dz[l]) ∘ g'(a[l−1]) over a block.
    #[allow(non_snake_case)]
    #[inline(always)]
    pub fn back_delta(&self, W: &Layer, dz: &[f64], a_prev: &[f64], dz_prev: &mut [f64], stride: usize, pairs: usize) {
        (self.back_delta)(W, dz, a_prev, dz_prev, stride, pairs)
    }
}

/// Forward through every layer over one block: a[l] into `values[l − 1]`, z[L] into `output_z`.
/// With the block's targets `ys` (one per sample), returns the Σ of the samples' losses
/// (as `Output::loss`; a sigmoid output computes σ and the loss from one e^−|z|); 0 without.
#[allow(clippy::too_many_arguments, non_snake_case)]
pub fn forward_layers(
    hidden: HiddenKernels,
    output: Output,
    layers: &[Layer],
    input: Block,
    values: &mut [Vec<f64>],
    output_z: &mut [f64],
    stride: usize,
    pairs: usize,
    ys: Option<&[f64]>,
) -> f64 {
    let depth = layers.len();
    for l in 0..depth - 1 {
        let (before, rest) = values.split_at_mut(l);
        let a_prev = if l == 0 { input } else { Block { data: &before[l - 1], stride, offset: 0 } };
        // z = W a_prev + b, then a = g(z) in place (z is not kept: g' comes from a).
        weighted_sums(&layers[l], a_prev, &mut rest[0], stride, pairs);
        (hidden.activate)(&mut rest[0], layers[l].biases.len() * stride);
    }
    let (before, rest) = values.split_at_mut(depth - 1);
    let a_prev = if depth == 1 { input } else { Block { data: &before[depth - 2], stride, offset: 0 } };
    let W = &layers[depth - 1];
    weighted_sums(W, a_prev, output_z, stride, pairs);
    let units = W.biases.len();
    match (output, ys) {
        (Output::Sigmoid, Some(ys)) => return sigmoid_with_loss(output_z, &mut rest[0], ys, stride),
        (Output::Sigmoid, None) => activate::<Sigmoid>(Some(output_z), &mut rest[0], stride),
        (Output::Linear, _) => activate::<Linear>(Some(output_z), &mut rest[0], stride),
        (Output::Softmax, _) => softmax_columns(output_z, &mut rest[0], units, stride, pairs),
    }
    ys.map_or(0.0, |ys| other_loss(output, output_z, units, ys, stride))
}

/// a = σ(z) over a one-unit output block of `stride` lanes, and the Σ over its first
/// `ys.len()` samples of the loss softplus(z) − y z (as `Output::loss`), from one e^−|z| each.
#[inline(never)]
fn sigmoid_with_loss(z: &[f64], a: &mut [f64], ys: &[f64], stride: usize) -> f64 {
    let (count, pairs) = (ys.len(), stride / 2);
    bounds(stride % 2 == 0 && count <= stride && stride <= z.len().min(a.len()));
    let k = ExpConsts::new();
    let q = atanh_consts();
    let mut sum = V::splat(0.0);
    let mut last = 0.0;
    for p in 0..pairs {
        let s = 2 * p;
        // SAFETY: s + 2 ≤ stride ≤ the lengths of z and a; ys is read only for whole pairs within it.
        unsafe {
            let zs = V::load(z, s);
            let (sigma, softplus) = k.sigmoid_and_softplus(zs, &q);
            sigma.store(a, s);
            if s + 2 <= count {
                sum = sum.add(softplus.sub(V::load(ys, s).mul(zs)));
            } else if s < count {
                // The odd last sample: its lane only (the other is padding).
                last = softplus.first_lane() - ys[s] * zs.first_lane();
            }
        }
    }
    sum.sum_lanes() + last
}

/// Σ of the block's samples' losses from z[L] (as `Output::loss`) for a linear output
/// (½(z − y)², two samples at a time) or a softmax one (one at a time); a sigmoid output's
/// loss comes with its σ from `sigmoid_with_loss`.
fn other_loss(output: Output, z: &[f64], units: usize, targets: &[f64], stride: usize) -> f64 {
    if output != Output::Softmax {
        let half = V::splat(0.5);
        return pair_losses(output, z, targets, |z, y| {
            let d = z.sub(y);
            half.mul(d).mul(d)
        });
    }
    let mut sum = 0.0;
    let mut column = [0.0; MAX_NEURONS];
    for (s, &y) in targets.iter().enumerate() {
        for (j, zj) in column[..units].iter_mut().enumerate() {
            *zj = z[j * stride + s];
        }
        sum += output.loss(&column[..units], y);
    }
    sum
}

/// Σ of `loss` over the pairs of samples of a one-unit output, and the last, odd one by `Output::loss`.
#[inline(always)]
fn pair_losses(output: Output, z: &[f64], targets: &[f64], loss: impl Fn(V, V) -> V) -> f64 {
    let pairs = targets.len() / 2;
    bounds(2 * pairs <= z.len());
    let mut sum = V::splat(0.0);
    for p in 0..pairs {
        // SAFETY: 2p + 2 ≤ 2·pairs ≤ the lengths of z and targets.
        unsafe { sum = sum.add(loss(V::load(z, 2 * p), V::load(targets, 2 * p))) };
    }
    let mut total = sum.sum_lanes();
    if targets.len() % 2 == 1 {
        let last = targets.len() - 1;
        total += output.loss(&z[last..last + 1], targets[last]);
    }
    total
}
