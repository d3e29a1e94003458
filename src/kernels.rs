//! The fast path: the same equations as `network.rs`, evaluated on whole blocks of samples.
//!
//! Layout: a layer's values are held batch-major, neurons × samples (neuron j of sample s
//! at `j · stride + s`), so every hot loop runs over the samples innermost, two at a time
//! (`f64x2` lanes of wasm `simd128`; a pair of scalars elsewhere). `exp` is a polynomial
//! (range reduction by ln 2, degree 11, relative error below 3e-16), so values stay
//! within about 1e-15 of the plain path's `f64::exp`/`tanh`; tests hold the two paths equal.
//!
//! Every buffer lives in a `Workspace` kept inside the `Network` and sized once per
//! architecture and data size: nothing is allocated per epoch or per step.

use crate::activation::Activation;
use crate::data::Samples;
use crate::features::Feature;
use crate::loss::Output;
use crate::network::{divergence_message, Layer, Network, TrainOptions, TrainResult};

pub use lanes::V;

/// Samples per block in training: a full batch larger than this runs block after block.
const BLOCK: usize = 128;
/// Cells per block in the grid (a 200-cell row is one block).
pub(crate) const GRID_BLOCK: usize = 256;

// ---- lanes: two f64 at a time --------------------------------------------------------------

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod lanes {
    use core::arch::wasm32::*;

    /// Two f64 lanes: one wasm `v128` as `f64x2`.
    #[derive(Clone, Copy)]
    pub struct V(v128);

    impl V {
        #[inline(always)]
        pub fn splat(x: f64) -> Self {
            Self(f64x2_splat(x))
        }
        /// Lanes `s[i]`, `s[i + 1]`; the caller has checked `i + 2 <= s.len()`.
        #[inline(always)]
        pub unsafe fn load(s: &[f64], i: usize) -> Self {
            debug_assert!(i + 2 <= s.len());
            Self(v128_load(s.as_ptr().add(i) as *const v128))
        }
        /// Writes both lanes to `s[i]`, `s[i + 1]`; the caller has checked `i + 2 <= s.len()`.
        #[inline(always)]
        pub unsafe fn store(self, s: &mut [f64], i: usize) {
            debug_assert!(i + 2 <= s.len());
            v128_store(s.as_mut_ptr().add(i) as *mut v128, self.0)
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            Self(f64x2_add(self.0, o.0))
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            Self(f64x2_sub(self.0, o.0))
        }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self {
            Self(f64x2_mul(self.0, o.0))
        }
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            Self(f64x2_div(self.0, o.0))
        }
        #[inline(always)]
        pub fn abs(self) -> Self {
            Self(f64x2_abs(self.0))
        }
        #[inline(always)]
        pub fn neg(self) -> Self {
            Self(f64x2_neg(self.0))
        }
        /// max(self, lo), NaN staying NaN (so divergence is still seen): pmax is `a < b ? b : a`.
        #[inline(always)]
        pub fn at_least(self, lo: Self) -> Self {
            Self(f64x2_pmax(self.0, lo.0))
        }
        /// `z.max(0.0)` as Rust computes it (NaN gives 0).
        #[inline(always)]
        pub fn relu(self) -> Self {
            Self(f64x2_pmax(f64x2_splat(0.0), self.0))
        }
        /// Per lane: `if self ≥ 0 { a } else { b }`.
        #[inline(always)]
        pub fn if_nonnegative(self, a: Self, b: Self) -> Self {
            Self(v128_bitselect(a.0, b.0, f64x2_ge(self.0, f64x2_splat(0.0))))
        }
        /// Per lane: 1 if self > 0, else 0.
        #[inline(always)]
        pub fn positive_step(self) -> Self {
            Self(v128_and(f64x2_gt(self.0, f64x2_splat(0.0)), f64x2_splat(1.0)))
        }
        /// |self| with the sign of `sign`.
        #[inline(always)]
        pub fn with_sign_of(self, sign: Self) -> Self {
            Self(v128_bitselect(sign.0, self.0, f64x2_splat(-0.0)))
        }
        /// 2^k from t = x/ln2 + 1.5·2^52, whose low bits hold the integer k (−1022 ≤ k ≤ 1023).
        #[inline(always)]
        pub fn pow2_from_shifted(t: Self) -> Self {
            Self(i64x2_shl(i64x2_add(t.0, i64x2_splat(1023)), 52))
        }
        #[inline(always)]
        pub fn sum_lanes(self) -> f64 {
            f64x2_extract_lane::<0>(self.0) + f64x2_extract_lane::<1>(self.0)
        }
        /// [a.lane0 + a.lane1, b.lane0 + b.lane1]: two `sum_lanes` in one add.
        #[inline(always)]
        pub fn pair_sums(a: Self, b: Self) -> Self {
            Self(f64x2_add(i64x2_shuffle::<0, 2>(a.0, b.0), i64x2_shuffle::<1, 3>(a.0, b.0)))
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod lanes {
    /// Two f64 lanes as a pair of scalars (native builds; LLVM may vectorise them).
    #[derive(Clone, Copy)]
    pub struct V([f64; 2]);

    impl V {
        #[inline(always)]
        fn map(self, f: impl Fn(f64) -> f64) -> Self {
            Self([f(self.0[0]), f(self.0[1])])
        }
        #[inline(always)]
        fn zip(self, o: Self, f: impl Fn(f64, f64) -> f64) -> Self {
            Self([f(self.0[0], o.0[0]), f(self.0[1], o.0[1])])
        }
        #[inline(always)]
        pub fn splat(x: f64) -> Self {
            Self([x, x])
        }
        /// Lanes `s[i]`, `s[i + 1]`; the caller has checked `i + 2 <= s.len()`.
        #[inline(always)]
        pub unsafe fn load(s: &[f64], i: usize) -> Self {
            debug_assert!(i + 2 <= s.len());
            Self([*s.get_unchecked(i), *s.get_unchecked(i + 1)])
        }
        /// Writes both lanes to `s[i]`, `s[i + 1]`; the caller has checked `i + 2 <= s.len()`.
        #[inline(always)]
        pub unsafe fn store(self, s: &mut [f64], i: usize) {
            debug_assert!(i + 2 <= s.len());
            *s.get_unchecked_mut(i) = self.0[0];
            *s.get_unchecked_mut(i + 1) = self.0[1];
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            self.zip(o, |a, b| a + b)
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            self.zip(o, |a, b| a - b)
        }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self {
            self.zip(o, |a, b| a * b)
        }
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            self.zip(o, |a, b| a / b)
        }
        #[inline(always)]
        pub fn abs(self) -> Self {
            self.map(f64::abs)
        }
        #[inline(always)]
        pub fn neg(self) -> Self {
            self.map(|a| -a)
        }
        /// max(self, lo), NaN staying NaN (so divergence is still seen).
        #[inline(always)]
        pub fn at_least(self, lo: Self) -> Self {
            self.zip(lo, |a, lo| if a < lo { lo } else { a })
        }
        /// `z.max(0.0)` as Rust computes it (NaN gives 0).
        #[inline(always)]
        pub fn relu(self) -> Self {
            self.map(|z| z.max(0.0))
        }
        /// Per lane: `if self ≥ 0 { a } else { b }`.
        #[inline(always)]
        pub fn if_nonnegative(self, a: Self, b: Self) -> Self {
            Self([
                if self.0[0] >= 0.0 { a.0[0] } else { b.0[0] },
                if self.0[1] >= 0.0 { a.0[1] } else { b.0[1] },
            ])
        }
        /// Per lane: 1 if self > 0, else 0.
        #[inline(always)]
        pub fn positive_step(self) -> Self {
            self.map(|a| if a > 0.0 { 1.0 } else { 0.0 })
        }
        /// |self| with the sign of `sign`.
        #[inline(always)]
        pub fn with_sign_of(self, sign: Self) -> Self {
            self.zip(sign, f64::copysign)
        }
        /// 2^k from t = x/ln2 + 1.5·2^52, whose low bits hold the integer k (−1022 ≤ k ≤ 1023).
        #[inline(always)]
        pub fn pow2_from_shifted(t: Self) -> Self {
            t.map(|t| f64::from_bits(t.to_bits().wrapping_add(1023) << 52))
        }
        #[inline(always)]
        pub fn sum_lanes(self) -> f64 {
            self.0[0] + self.0[1]
        }
        /// [a.lane0 + a.lane1, b.lane0 + b.lane1]: two `sum_lanes` in one add.
        #[inline(always)]
        pub fn pair_sums(a: Self, b: Self) -> Self {
            Self([a.0[0] + a.0[1], b.0[0] + b.0[1]])
        }
    }
}

// ---- exp -------------------------------------------------------------------------------------

/// q(r) ≈ (e^r − 1)/r on |r| ≤ ln2/2, degree 10: the Chebyshev fit (mpmath `chebyfit`,
/// 40 digits, interval widened by 0.05 %) rounded to f64; max relative error 2.5e-17.
const EXPM1_Q: [f64; 11] = [
    1.0,
    0.5000000000000006,
    0.1666666666666667,
    0.04166666666657277,
    0.008333333333326112,
    0.0013888888932619635,
    0.0001984126987490126,
    2.4801504180837137e-05,
    2.7557255297969643e-06,
    2.7626426376580335e-07,
    2.5105259538448494e-08,
];

/// The polynomial exp's constants, loaded once per kernel call and kept in registers.
#[derive(Clone, Copy)]
pub struct ExpConsts {
    inv_ln2: V,
    shifter: V,
    ln2_hi: V,
    ln2_lo: V,
    lowest: V,
    /// `EXPM1_Q`, splatted.
    c: [V; 11],
}

impl ExpConsts {
    #[inline(always)]
    pub fn new() -> Self {
        Self {
            inv_ln2: V::splat(std::f64::consts::LOG2_E),
            // 1.5·2^52: adding it rounds x/ln2 to an integer held in the low mantissa bits.
            shifter: V::splat(6755399441055744.0),
            // ln 2 split so that k·LN2_HI is exact (fdlibm's constants).
            ln2_hi: V::splat(6.93147180369123816490e-01),
            ln2_lo: V::splat(1.90821492927058770002e-10),
            // Below this exp(x) leaves the normal range; callers only ever pass x ≤ 0.
            lowest: V::splat(-708.0),
            // Written out (no loop, no `map`) so that every opt-level sees constants.
            c: [
                V::splat(EXPM1_Q[0]),
                V::splat(EXPM1_Q[1]),
                V::splat(EXPM1_Q[2]),
                V::splat(EXPM1_Q[3]),
                V::splat(EXPM1_Q[4]),
                V::splat(EXPM1_Q[5]),
                V::splat(EXPM1_Q[6]),
                V::splat(EXPM1_Q[7]),
                V::splat(EXPM1_Q[8]),
                V::splat(EXPM1_Q[9]),
                V::splat(EXPM1_Q[10]),
            ],
        }
    }

    /// For x ≤ 0: (s, p) with e^x = s·(1 + p), s = 2^k, p = e^r − 1 = r·q(r), r = x − k·ln2,
    /// |r| ≤ ln2/2; q by Estrin's scheme (independent products, short dependency chains).
    #[inline(always)]
    fn parts(&self, x: V) -> (V, V) {
        let x = x.at_least(self.lowest);
        let t = x.mul(self.inv_ln2).add(self.shifter);
        let k = t.sub(self.shifter);
        let r = x.sub(k.mul(self.ln2_hi)).sub(k.mul(self.ln2_lo));
        let c = &self.c;
        let r2 = r.mul(r);
        let r4 = r2.mul(r2);
        let r8 = r4.mul(r4);
        let p01 = c[0].add(c[1].mul(r));
        let p23 = c[2].add(c[3].mul(r));
        let p45 = c[4].add(c[5].mul(r));
        let p67 = c[6].add(c[7].mul(r));
        let p89 = c[8].add(c[9].mul(r));
        let low = p01.add(r2.mul(p23)).add(r4.mul(p45.add(r2.mul(p67))));
        let high = p89.add(r2.mul(c[10]));
        let q = low.add(r8.mul(high));
        (V::pow2_from_shifted(t), r.mul(q))
    }

    /// e^x for x ≤ 0 (below −708 it gives e^−708).
    #[inline(always)]
    pub fn exp(&self, x: V) -> V {
        let (s, p) = self.parts(x);
        s.add(s.mul(p))
    }

    /// e^x − 1 for x ≤ 0, accurate near 0 too.
    #[inline(always)]
    pub fn exp_m1(&self, x: V) -> V {
        let (s, p) = self.parts(x);
        s.mul(p).add(s.sub(V::splat(1.0)))
    }

    /// σ(z) = 1/(1 + e^−z) for z ≥ 0, e^z/(1 + e^z) below, as `activation::sigmoid`.
    #[inline(always)]
    pub fn sigmoid(&self, z: V) -> V {
        let one = V::splat(1.0);
        let e = self.exp(z.abs().neg());
        z.if_nonnegative(one, e).div(one.add(e))
    }

    /// tanh z = −m/(2 + m) with m = e^(−2|z|) − 1, and the sign of z.
    #[inline(always)]
    pub fn tanh(&self, z: V) -> V {
        let m = self.exp_m1(z.abs().mul(V::splat(-2.0)));
        m.neg().div(V::splat(2.0).add(m)).with_sign_of(z)
    }
}

impl Default for ExpConsts {
    fn default() -> Self {
        Self::new()
    }
}

/// e^x for one number x ≤ 0 with the polynomial (for tests and scalar tails).
pub fn exp_scalar(x: f64) -> f64 {
    let mut out = [0.0; 2];
    let e = ExpConsts::new().exp(V::splat(x));
    // SAFETY: out has 2 elements.
    unsafe { e.store(&mut out, 0) };
    out[0]
}

/// tanh z for one number with the polynomial exp (for tests).
pub fn tanh_scalar(z: f64) -> f64 {
    let mut out = [0.0; 2];
    // SAFETY: out has 2 elements.
    unsafe { ExpConsts::new().tanh(V::splat(z)).store(&mut out, 0) };
    out[0]
}

/// σ(z) for one number with the polynomial exp (for tests).
pub fn sigmoid_scalar(z: f64) -> f64 {
    let mut out = [0.0; 2];
    // SAFETY: out has 2 elements.
    unsafe { ExpConsts::new().sigmoid(V::splat(z)).store(&mut out, 0) };
    out[0]
}

// ---- activations, as types so each hot loop is compiled for one ------------------------------

/// A hidden activation g, its value and its derivative from a (as `activation.rs`).
trait Act {
    fn value(k: &ExpConsts, z: V) -> V;
    /// g'(z) from a = g(z).
    fn derivative(a: V) -> V;
}

struct Sigmoid;
struct Tanh;
struct Relu;
struct Linear;

impl Act for Sigmoid {
    #[inline(always)]
    fn value(k: &ExpConsts, z: V) -> V {
        k.sigmoid(z)
    }
    #[inline(always)]
    fn derivative(a: V) -> V {
        a.mul(V::splat(1.0).sub(a))
    }
}

impl Act for Tanh {
    #[inline(always)]
    fn value(k: &ExpConsts, z: V) -> V {
        k.tanh(z)
    }
    #[inline(always)]
    fn derivative(a: V) -> V {
        V::splat(1.0).sub(a.mul(a))
    }
}

impl Act for Relu {
    #[inline(always)]
    fn value(_: &ExpConsts, z: V) -> V {
        z.relu()
    }
    /// z > 0 exactly when a = max(z, 0) > 0.
    #[inline(always)]
    fn derivative(a: V) -> V {
        a.positive_step()
    }
}

impl Act for Linear {
    #[inline(always)]
    fn value(_: &ExpConsts, z: V) -> V {
        z
    }
    #[inline(always)]
    fn derivative(_: V) -> V {
        V::splat(1.0)
    }
}

// ---- the block kernels -------------------------------------------------------------------------

/// A block of values, neurons × samples: neuron j's samples start at `offset + j·stride`.
#[derive(Clone, Copy)]
struct Block<'a> {
    data: &'a [f64],
    stride: usize,
    offset: usize,
}

impl Block<'_> {
    #[inline(always)]
    fn check(&self, rows: usize, pairs: usize) {
        assert!(rows == 0 || self.offset + (rows - 1) * self.stride + 2 * pairs <= self.data.len(), "block out of range");
    }
}

/// z = W a_prev + b over a block, neurons × samples (row i at `i · stride`), summed in the
/// plain path's order: ((w0·a0 + w1·a1) + …) + b.
///
/// The hot loops here and below are written so that any opt-level compiles them tight: bounds
/// checked once up front, offsets advanced by addition, no iterator adapters in inner loops.
#[allow(non_snake_case)]
#[inline(never)]
fn weighted_sums(W: &Layer, a_prev: Block, z: &mut [f64], stride: usize, pairs: usize) {
    let (outs, ins) = (W.weights.rows(), W.weights.cols());
    let (w, b) = (W.weights.data(), &W.biases[..]);
    a_prev.check(ins, pairs);
    assert!(ins > 0 && w.len() == outs * ins && b.len() == outs, "layer shape");
    assert!(outs * stride <= z.len() && 2 * pairs <= stride, "layer output out of range");
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
            // SAFETY: a_prev.check and the asserts above bound every index.
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
    assert!(len % 2 == 0 && len <= a.len() && z.is_none_or(|z| len <= z.len()));
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

/// One hidden layer over a block: z = W a_prev + b, a = g(z) (z is not kept).
#[allow(non_snake_case)]
fn dense_hidden(g: Activation, W: &Layer, a_prev: Block, a: &mut [f64], stride: usize, pairs: usize) {
    weighted_sums(W, a_prev, a, stride, pairs);
    let len = W.biases.len() * stride;
    match g {
        Activation::Sigmoid => activate::<Sigmoid>(None, a, len),
        Activation::Tanh => activate::<Tanh>(None, a, len),
        Activation::Relu => activate::<Relu>(None, a, len),
        Activation::Linear => {}
    }
}

/// The output layer over a block: z = W a_prev + b, then σ(z) or softmax(z) per sample.
#[allow(non_snake_case)]
fn dense_output(output: Output, W: &Layer, a_prev: Block, a: &mut [f64], z: &mut [f64], stride: usize, pairs: usize) {
    weighted_sums(W, a_prev, z, stride, pairs);
    match output {
        Output::Sigmoid => activate::<Sigmoid>(Some(z), a, stride),
        Output::Softmax => softmax_columns(z, a, W.biases.len(), stride, pairs),
    }
}

/// softmax(z) per sample, as `loss::softmax`: e^(z_j − m) / Σ_k e^(z_k − m), m = max z.
#[inline(never)]
fn softmax_columns(z: &[f64], a: &mut [f64], units: usize, stride: usize, pairs: usize) {
    assert!((units - 1) * stride + 2 * pairs <= z.len().min(a.len()));
    let k = ExpConsts::new();
    for p in 0..pairs {
        let s = 2 * p;
        // SAFETY: bounded by the assert above.
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
fn output_delta(a: &[f64], targets: Block, dz: &mut [f64], units: usize, stride: usize, count: usize) {
    let pairs = count.div_ceil(2);
    targets.check(units, pairs);
    assert!((units - 1) * stride + 2 * pairs <= a.len().min(dz.len()));
    for j in 0..units {
        for p in 0..pairs {
            let s = 2 * p;
            // SAFETY: bounded by the asserts above.
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
fn add_gradients(grad: &mut Layer, dz: &[f64], stride: usize, a_prev: Block, pairs: usize) {
    let (outs, ins) = (grad.weights.rows(), grad.weights.cols());
    a_prev.check(ins, pairs);
    let (x, step) = (a_prev.data, a_prev.stride);
    let dW = grad.weights.data_mut();
    let db = &mut grad.biases[..];
    assert!((outs - 1) * stride + 2 * pairs <= dz.len() && dW.len() == outs * ins && db.len() == outs);
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
                // SAFETY: bounded by the check and assert above.
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
        while j < ins {
            let mut acc = V::splat(0.0);
            let col = a_prev.offset + j * step;
            for p in 0..pairs {
                let s = 2 * p;
                // SAFETY: bounded by the check and assert above.
                unsafe { acc = acc.add(V::load(dz, row + s).mul(V::load(x, col + s))) };
            }
            dW[i * ins + j] += acc.sum_lanes();
            j += 1;
        }
        let mut acc = V::splat(0.0);
        for p in 0..pairs {
            // SAFETY: bounded by the assert above.
            unsafe { acc = acc.add(V::load(dz, row + 2 * p)) };
        }
        db[i] += acc.sum_lanes();
    }
}

/// dz[l−1] = (W[l]ᵀ dz[l]) ∘ g'(a[l−1]), summing over i in order as `Matrix::transpose_times`.
#[allow(non_snake_case)]
#[inline(never)]
fn back_delta<G: Act>(W: &Layer, dz: &[f64], a_prev: &[f64], dz_prev: &mut [f64], stride: usize, pairs: usize) {
    let (outs, ins) = (W.weights.rows(), W.weights.cols());
    let w = W.weights.data();
    assert!(ins > 0 && w.len() == outs * ins);
    assert!((outs - 1) * stride + 2 * pairs <= dz.len());
    assert!((ins - 1) * stride + 2 * pairs <= a_prev.len().min(dz_prev.len()));
    let mut j = 0;
    // Two inputs per pass: each dz pair is loaded once for both.
    while j + 2 <= ins {
        let (o0, o1) = (j * stride, (j + 1) * stride);
        // SAFETY: j + 1 < ins ≤ w.len().
        let (w0, w1) = unsafe { (V::splat(*w.get_unchecked(j)), V::splat(*w.get_unchecked(j + 1))) };
        for p in 0..pairs {
            let s = 2 * p;
            // SAFETY: bounded by the asserts above.
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
                da0.mul(G::derivative(V::load(a_prev, o0 + s))).store(dz_prev, o0 + s);
                da1.mul(G::derivative(V::load(a_prev, o1 + s))).store(dz_prev, o1 + s);
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
            // SAFETY: bounded by the asserts above.
            unsafe {
                let mut da = w0.mul(V::load(dz, s));
                let (mut at, mut wi) = (s, j);
                for _ in 1..outs {
                    at += stride;
                    wi += ins;
                    da = da.add(V::splat(*w.get_unchecked(wi)).mul(V::load(dz, at)));
                }
                da.mul(G::derivative(V::load(a_prev, o + s))).store(dz_prev, o + s);
            }
        }
    }
}

#[allow(non_snake_case)]
fn back_delta_hidden(g: Activation, W: &Layer, dz: &[f64], a_prev: &[f64], dz_prev: &mut [f64], stride: usize, pairs: usize) {
    match g {
        Activation::Sigmoid => back_delta::<Sigmoid>(W, dz, a_prev, dz_prev, stride, pairs),
        Activation::Tanh => back_delta::<Tanh>(W, dz, a_prev, dz_prev, stride, pairs),
        Activation::Relu => back_delta::<Relu>(W, dz, a_prev, dz_prev, stride, pairs),
        Activation::Linear => back_delta::<Linear>(W, dz, a_prev, dz_prev, stride, pairs),
    }
}

/// W −= rate · ΣdW, b −= rate · Σdb (as `Layer::add_scaled(−rate, …)`), then clears the sums.
/// Returns the sum of every new weight and bias: it is finite exactly when they all are
/// (short of the sum itself overflowing past 1e308), which spares a separate check.
#[inline(never)]
fn apply_step(layers: &mut [Layer], grads: &mut [Layer], rate: f64) -> f64 {
    let mut check = 0.0;
    for (layer, grad) in layers.iter_mut().zip(grads.iter_mut()) {
        for (w, g) in layer.weights.data_mut().iter_mut().zip(grad.weights.data_mut()) {
            *w += -rate * *g;
            *g = 0.0;
            check += *w;
        }
        for (b, g) in layer.biases.iter_mut().zip(grad.biases.iter_mut()) {
            *b += -rate * *g;
            *g = 0.0;
            check += *b;
        }
    }
    check
}

// ---- the workspace and training ----------------------------------------------------------------

/// Training's buffers, kept in the `Network` between calls and resized only when the
/// architecture or the number of samples changes.
#[derive(Clone, Default)]
pub struct Workspace {
    sizes: Vec<usize>,
    /// Samples the inputs were laid out for, and their row stride (≥ samples + 1, even).
    samples: usize,
    data_stride: usize,
    /// a[0] of every sample, features × samples; the padding is 0.
    inputs: Vec<f64>,
    /// The target of every sample, units × samples: y for a sigmoid output, one-hot for softmax.
    targets: Vec<f64>,
    /// The labels the targets were built from.
    labels: Vec<usize>,
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
        self.grads = crate::network::zeros_like(layers);
        self.samples = 0;
        self.labels.clear();
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
        if self.labels != samples.labels() || self.targets.len() != units * stride {
            self.labels.clear();
            self.labels.extend_from_slice(samples.labels());
            self.targets.clear();
            self.targets.resize(units * stride, 0.0);
            for (i, &y) in samples.labels().iter().enumerate() {
                match output {
                    Output::Sigmoid => self.targets[i] = y as f64,
                    Output::Softmax => self.targets[y * stride + i] = 1.0,
                }
            }
        }
    }
}

/// `Network::train`'s work, after its checks: `Network::train_plain`'s semantics, block by block.
pub fn train(net: &mut Network, samples: &Samples, options: &TrainOptions) -> Result<TrainResult, String> {
    let n = samples.len();
    let batch = if options.batch_size == 0 { n } else { options.batch_size.min(n) };
    let (spec, layers, ws) = net.training_parts();
    let (hidden, output) = (spec.hidden, spec.output);
    ws.fit_architecture(layers, &spec.layers);
    ws.fit_samples(&spec.inputs, output, samples);
    let Workspace { inputs, targets, values, output_z, deltas, grads, data_stride, .. } = ws;
    let data_stride = *data_stride;
    // Slices, not Vecs, from here on: indexing them needs no call at any opt-level.
    let (values, deltas, grads) = (values.as_mut_slice(), deltas.as_mut_slice(), grads.as_mut_slice());
    let units = spec.layers[spec.layers.len() - 1];
    let depth = layers.len();

    let mut epochs = 0;
    let mut stopped = false;
    while epochs < options.epochs {
        // With a stop loss the epoch's mean loss is needed; otherwise only whether it is finite,
        // and the loss is finite exactly when every output z is (up to overflow of the sum).
        let mut epoch_loss = 0.0;
        let mut z_check = V::splat(0.0);
        // A weight that stops being finite stays so (inf ± x, NaN), so summing every step's
        // new weights tells whether the weights at the epoch's end are all finite.
        let mut weight_check = 0.0;
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
                forward_block(hidden, output, layers, input, values, output_z, stride, pairs);
                // The loss, measured before this batch's update.
                if options.stop_loss.is_some() {
                    epoch_loss += block_loss(output, output_z, units, &samples.labels()[block_start..block_start + count], stride);
                } else {
                    z_check = z_check.add(sum_block(output_z, units, stride));
                }
                // Backward, layer by layer.
                let target = Block { data: targets, stride: data_stride, offset: block_start };
                output_delta(&values[depth - 1], target, &mut deltas[depth - 1], units, stride, count);
                for l in (0..depth).rev() {
                    let a_prev = if l == 0 { input } else { Block { data: &values[l - 1], stride, offset: 0 } };
                    add_gradients(&mut grads[l], &deltas[l], stride, a_prev, pairs);
                    if l > 0 {
                        let (below, above) = deltas.split_at_mut(l);
                        back_delta_hidden(hidden, &layers[l], &above[0], &values[l - 1], &mut below[l - 1], stride, pairs);
                    }
                }
                block_start += count;
            }
            weight_check += apply_step(layers, grads, options.learning_rate / options.reduction.divisor(size));
            start += size;
        }
        epochs += 1;
        let finite = if options.stop_loss.is_some() { (epoch_loss / n as f64).is_finite() } else { z_check.sum_lanes().is_finite() };
        if !finite || !weight_check.is_finite() {
            return Err(divergence_message(options.learning_rate, &format!("epoch {epochs}")));
        }
        if options.stop_loss.is_some_and(|stop| (epoch_loss / n as f64) < stop) {
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
        forward_block(hidden, output, layers, input, values, output_z, 2 * pairs, pairs);
        total += block_loss(output, output_z, units, &samples.labels()[block_start..block_start + count], 2 * pairs);
        block_start += count;
    }
    let loss = total / n as f64;
    if !loss.is_finite() {
        return Err(divergence_message(options.learning_rate, &format!("epoch {epochs}")));
    }
    Ok(TrainResult { epochs, loss, stopped })
}

/// Forward through every layer over one block: a[l] into `values[l − 1]`, z[L] into `output_z`.
#[allow(clippy::too_many_arguments)]
fn forward_block(
    hidden: Activation,
    output: Output,
    layers: &[Layer],
    input: Block,
    values: &mut [Vec<f64>],
    output_z: &mut [f64],
    stride: usize,
    pairs: usize,
) {
    let depth = layers.len();
    for l in 0..depth {
        let (before, rest) = values.split_at_mut(l);
        let a_prev = if l == 0 { input } else { Block { data: &before[l - 1], stride, offset: 0 } };
        if l + 1 == depth {
            dense_output(output, &layers[l], a_prev, &mut rest[0], output_z, stride, pairs);
        } else {
            dense_hidden(hidden, &layers[l], a_prev, &mut rest[0], stride, pairs);
        }
    }
}

/// Σ of the block's samples' losses, in sample order, from z[L] (as `Output::loss`).
fn block_loss(output: Output, z: &[f64], units: usize, labels: &[usize], stride: usize) -> f64 {
    let mut sum = 0.0;
    let mut column = [0.0; crate::spec::MAX_NEURONS];
    for (s, &y) in labels.iter().enumerate() {
        for (j, zj) in column[..units].iter_mut().enumerate() {
            *zj = z[j * stride + s];
        }
        sum += output.loss(&column[..units], y);
    }
    sum
}

/// Σ of z over a block (its finiteness is all that is read).
fn sum_block(z: &[f64], units: usize, stride: usize) -> V {
    let len = units * stride;
    assert!(len <= z.len() && stride % 2 == 0);
    let mut sum = V::splat(0.0);
    for i in (0..len).step_by(2) {
        // SAFETY: i + 2 ≤ len ≤ z.len().
        unsafe { sum = sum.add(V::load(z, i)) };
    }
    sum
}

/// The mean loss of the current weights over `samples`, a block of samples at a time (as
/// `Network::mean_loss_plain`, in the same order).
pub fn mean_loss(net: &Network, samples: &Samples) -> f64 {
    let n = samples.len();
    let units = net.spec().layers[net.spec().layers.len() - 1];
    let mut blocks = GridBlocks::new(&net.spec().layers);
    let mut total = 0.0;
    let mut start = 0;
    while start < n {
        let count = GRID_BLOCK.min(n - start);
        blocks.forward_points(net, &samples.xs()[2 * start..2 * (start + count)]);
        total += block_loss(net.spec().output, &blocks.output_z, units, &samples.labels()[start..start + count], blocks.stride);
        start += count;
    }
    total / n as f64
}

// ---- the grid ----------------------------------------------------------------------------------

/// Buffers for evaluating the network over blocks of grid cells.
pub(crate) struct GridBlocks {
    inputs: Vec<f64>,
    /// a[l] for l = 1..L over the last block, neurons × `stride`.
    pub values: Vec<Vec<f64>>,
    output_z: Vec<f64>,
    /// The last block's row stride: its cell count rounded up to even.
    pub stride: usize,
}

impl GridBlocks {
    pub fn new(sizes: &[usize]) -> Self {
        Self {
            inputs: vec![0.0; sizes[0] * GRID_BLOCK],
            values: sizes[1..].iter().map(|&n| vec![0.0; n * GRID_BLOCK]).collect(),
            output_z: vec![0.0; sizes[sizes.len() - 1] * GRID_BLOCK],
            stride: 0,
        }
    }

    /// Forward over the points (x1, x2) held in pairs in `points` (at most GRID_BLOCK of them):
    /// a[0] from the features, then every layer; afterwards `values[l]` holds a[l+1], neurons × `stride`.
    /// (A slice, not a closure: one copy of this code serves every caller.)
    pub fn forward_points(&mut self, net: &Network, points: &[f64]) {
        let spec = net.spec();
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
        let layers = net.layers();
        let depth = layers.len();
        for l in 0..depth {
            let (before, rest) = self.values.split_at_mut(l);
            let a_prev = if l == 0 {
                Block { data: &self.inputs, stride, offset: 0 }
            } else {
                Block { data: &before[l - 1], stride, offset: 0 }
            };
            if l + 1 == depth {
                dense_output(spec.output, &layers[l], a_prev, &mut rest[0], &mut self.output_z, stride, pairs);
            } else {
                dense_hidden(spec.hidden, &layers[l], a_prev, &mut rest[0], stride, pairs);
            }
        }
    }
}
