//! A polynomial e^x, and σ and tanh built on it, evaluated two lanes at a time.
//!
//! Range reduction by ln 2, then e^r − 1 = r·q(r) with q of degree 10 (relative error below
//! 3e-16), so values stay within about 1e-15 of the plain path's `f64::exp`/`tanh`.

use super::lanes::V;


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

/// r(u) ≈ atanh(s)/s with u = s², on 0 ≤ u ≤ 1/9 (s ≤ 1/3), degree 9: the Chebyshev fit
/// (mpmath `chebyfit`, 50 digits, interval widened by 0.05 %) rounded to f64; max relative
/// error 9e-17 (the series Σ u^k/(2k + 1) needs 16 terms for as much).
const ATANH_R: [f64; 10] = [
    1.0,
    0.33333333333341325,
    0.19999999997633708,
    0.14285714556849163,
    0.11111095379353883,
    0.0909143134061109,
    0.07681814506503815,
    0.06795877378567428,
    0.049392471306748495,
    0.08892814928330126,
];

/// `ATANH_R` splatted, read as `ExpConsts::new` reads its constants (once per kernel call).
#[inline(always)]
pub fn atanh_consts() -> [V; 10] {
    let at = |i| opaque(&ATANH_R, i);
    [at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9)]
}

/// `table[i]` in both lanes, read with a volatile load so that the compiler keeps it a value
/// (a local) instead of folding it into a constant at every use.
#[inline(always)]
fn opaque(table: &'static [f64], i: usize) -> V {
    assert!(i < table.len());
    // SAFETY: i < table.len(), checked above (the check folds away: every i is a constant).
    V::splat(unsafe { std::ptr::read_volatile(table.as_ptr().add(i)) })
}

/// The kernels' constants as numbers in memory: `ExpConsts::new` reads them with volatile
/// loads, so that the compiler cannot fold them back into `v128.const`s at every use (a
/// browser's compiler rebuilds such a constant, a few instructions each time, inside the
/// loop); read once per kernel call, they stay in locals, registers if there is room.
static CONSTS: [f64; 21] = [
    EXPM1_Q[0], EXPM1_Q[1], EXPM1_Q[2], EXPM1_Q[3], EXPM1_Q[4], EXPM1_Q[5], EXPM1_Q[6],
    EXPM1_Q[7], EXPM1_Q[8], EXPM1_Q[9], EXPM1_Q[10],
    std::f64::consts::LOG2_E,
    // 1.5·2^52: adding it rounds x/ln2 to an integer held in the low mantissa bits.
    6755399441055744.0,
    // ln 2 split so that k·LN2_HI is exact (fdlibm's constants).
    6.93147180369123816490e-01,
    1.90821492927058770002e-10,
    // Below this exp(x) leaves the normal range; callers only ever pass x ≤ 0.
    -708.0,
    1.0,
    2.0,
    -2.0,
    // 1023 as an integer's bits: the exponent's bias, added to k.
    f64::from_bits(1023),
    -0.0,
];

/// The polynomial exp's constants, read once per kernel call and kept in locals.
#[derive(Clone, Copy)]
pub struct ExpConsts {
    /// `EXPM1_Q`, splatted.
    c: [V; 11],
    inv_ln2: V,
    shifter: V,
    ln2_hi: V,
    ln2_lo: V,
    lowest: V,
    one: V,
    two: V,
    minus_two: V,
    bias: V,
    sign: V,
}

impl ExpConsts {
    #[inline(always)]
    pub fn new() -> Self {
        let at = |i| opaque(&CONSTS, i);
        Self {
            c: [at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9), at(10)],
            inv_ln2: at(11),
            shifter: at(12),
            ln2_hi: at(13),
            ln2_lo: at(14),
            lowest: at(15),
            one: at(16),
            two: at(17),
            minus_two: at(18),
            bias: at(19),
            sign: at(20),
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
        (V::pow2_from_shifted(t, self.bias), r.mul(q))
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
        s.mul(p).add(s.sub(self.one))
    }

    /// σ(z) = 1/(1 + e^−z) for z ≥ 0, e^z/(1 + e^z) below, as `activation::sigmoid`.
    #[inline(always)]
    pub fn sigmoid(&self, z: V) -> V {
        self.sigmoid_from(z, self.exp(z.abs().neg()))
    }

    /// σ(z) given e = e^−|z|.
    #[inline(always)]
    fn sigmoid_from(&self, z: V, e: V) -> V {
        z.if_nonnegative(self.one, e).div(self.one.add(e))
    }

    /// softplus(z) = ln(1 + e^z) = max(z, 0) + ln(1 + x), as `loss::softplus`, given x = e^−|z| ∈ (0, 1].
    /// ln(1 + x) = 2·atanh(s), s = x/(2 + x) ≤ 1/3: 2s·r(s²) by Horner's scheme, with r the
    /// fit `ATANH_R` (`q`: from `atanh_consts`).
    #[inline(always)]
    fn softplus_from(&self, z: V, x: V, q: &[V; 10]) -> V {
        let two = self.two;
        let s = x.div(two.add(x));
        let u = s.mul(s);
        let mut p = q[9];
        for k in (0..9).rev() {
            p = p.mul(u).add(q[k]);
        }
        z.relu().add(two.mul(s).mul(p))
    }

    /// (σ(z), softplus(z)) from one e^−|z|: a sigmoid output and its loss's first term.
    #[inline(always)]
    pub fn sigmoid_and_softplus(&self, z: V, q: &[V; 10]) -> (V, V) {
        let e = self.exp(z.abs().neg());
        (self.sigmoid_from(z, e), self.softplus_from(z, e, q))
    }

    /// tanh z = −m/(2 + m) with m = e^(−2|z|) − 1, and the sign of z.
    #[inline(always)]
    pub fn tanh(&self, z: V) -> V {
        let m = self.exp_m1(z.abs().mul(self.minus_two));
        m.neg().div(self.two.add(m)).with_sign_of(z, self.sign)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softplus_matches_the_plain_one() {
        let k = ExpConsts::new();
        let mut worst = 0.0f64;
        let mut z = -60.0;
        while z <= 60.0 {
            let mut out = [0.0; 2];
            // SAFETY: out has 2 elements.
            unsafe { k.sigmoid_and_softplus(V::splat(z), &atanh_consts()).1.store(&mut out, 0) };
            let want = crate::loss::softplus(z);
            worst = worst.max((out[0] - want).abs() / want);
            z += 0.000_613;
        }
        assert!(worst < 1e-15, "softplus's worst relative error {worst:e}");
    }
}
