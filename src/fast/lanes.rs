//! Two f64 lanes at a time: one wasm `simd128` `f64x2`, or a pair of scalars elsewhere.
//!
//! Every hot loop of the fast path runs over samples two at a time through `V`; the
//! operations are the ones the kernels need and no more.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
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
        /// |self| with the sign of `sign` (`mask`: −0.0, the sign bit).
        #[inline(always)]
        pub fn with_sign_of(self, sign: Self, mask: Self) -> Self {
            Self(v128_bitselect(sign.0, self.0, mask.0))
        }
        /// 2^k from t = x/ln2 + 1.5·2^52, whose low bits hold the integer k (−1022 ≤ k ≤ 1023);
        /// `bias`: 1023 as an integer's bits.
        #[inline(always)]
        pub fn pow2_from_shifted(t: Self, bias: Self) -> Self {
            Self(i64x2_shl(i64x2_add(t.0, bias.0), 52))
        }
        #[inline(always)]
        pub fn sum_lanes(self) -> f64 {
            f64x2_extract_lane::<0>(self.0) + f64x2_extract_lane::<1>(self.0)
        }
        #[inline(always)]
        pub fn first_lane(self) -> f64 {
            f64x2_extract_lane::<0>(self.0)
        }
        /// [a.lane0 + a.lane1, b.lane0 + b.lane1]: two `sum_lanes` in one add.
        #[inline(always)]
        pub fn pair_sums(a: Self, b: Self) -> Self {
            Self(f64x2_add(i64x2_shuffle::<0, 2>(a.0, b.0), i64x2_shuffle::<1, 3>(a.0, b.0)))
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
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
        /// |self| with the sign of `sign` (`mask`: −0.0, the sign bit).
        #[inline(always)]
        pub fn with_sign_of(self, sign: Self, _mask: Self) -> Self {
            self.zip(sign, f64::copysign)
        }
        /// 2^k from t = x/ln2 + 1.5·2^52, whose low bits hold the integer k (−1022 ≤ k ≤ 1023);
        /// `bias`: 1023 as an integer's bits.
        #[inline(always)]
        pub fn pow2_from_shifted(t: Self, bias: Self) -> Self {
            t.zip(bias, |t, bias| f64::from_bits(t.to_bits().wrapping_add(bias.to_bits()) << 52))
        }
        #[inline(always)]
        pub fn sum_lanes(self) -> f64 {
            self.0[0] + self.0[1]
        }
        #[inline(always)]
        pub fn first_lane(self) -> f64 {
            self.0[0]
        }
        /// [a.lane0 + a.lane1, b.lane0 + b.lane1]: two `sum_lanes` in one add.
        #[inline(always)]
        pub fn pair_sums(a: Self, b: Self) -> Self {
            Self([a.0[0] + a.0[1], b.0[0] + b.0[1]])
        }
    }
}

pub use imp::V;

/// A kernel's bounds check (the loads and stores after it are unchecked): false is a bug in
/// the caller. In the .wasm it traps without a message, as a panic there ends anyway; a
/// panic's message and location for each check would only add to the .wasm's size.
#[inline(always)]
#[track_caller]
pub fn bounds(ok: bool) {
    if !ok {
        out_of_bounds();
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn out_of_bounds() -> ! {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    panic!("a fast kernel's block is out of range");
}
