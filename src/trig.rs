//! sin and cos for the input features, the data generators and the seeded normal numbers,
//! the same on every machine (the standard library's would add about 10 KB to the .wasm).
//!
//! x = n·π/2 + r with |r| ≤ π/4 (a hair more), then sin r or cos r by their Taylor series
//! (truncation below 1e−19) and the quadrant n mod 4. The reduction subtracts n·π/2 in three
//! pieces for |x| < 2^20·π/2, which leaves r within about 1e−20 of exact (so sin and cos are
//! within an ulp or so, and within 1e−16 absolute near their zeros); beyond that, `large`
//! multiplies x by enough bits of 2/π.

/// sin x.
pub fn sin(x: f64) -> f64 {
    if !x.is_finite() {
        return f64::NAN;
    }
    let (n, r, tail) = reduce(x);
    on_quadrant(n, r, tail)
}

/// cos x = sin(x + π/2): one quadrant further on.
pub fn cos(x: f64) -> f64 {
    if !x.is_finite() {
        return f64::NAN;
    }
    let (n, r, tail) = reduce(x);
    on_quadrant(n.wrapping_add(1), r, tail)
}

/// sin(n·π/2 + r + tail) for |r| ≤ π/4.
fn on_quadrant(n: i32, r: f64, tail: f64) -> f64 {
    match n & 3 {
        0 => sin_reduced(r, tail),
        1 => cos_reduced(r, tail),
        2 => -sin_reduced(r, tail),
        _ => -cos_reduced(r, tail),
    }
}

/// (−1)^k / (2k+1)! for k = 1..8: sin r = r + r·Σ_k S[k−1]·r^(2k).
const S: [f64; 8] = [
    -1.0 / 6.0,
    1.0 / 120.0,
    -1.0 / 5040.0,
    1.0 / 362880.0,
    -1.0 / 39916800.0,
    1.0 / 6227020800.0,
    -1.0 / 1307674368000.0,
    1.0 / 355687428096000.0,
];

/// (−1)^k / (2k)! for k = 2..9: cos r = 1 − r²/2 + Σ_k C[k−2]·r^(2k).
const C: [f64; 8] = [
    1.0 / 24.0,
    -1.0 / 720.0,
    1.0 / 40320.0,
    -1.0 / 3628800.0,
    1.0 / 479001600.0,
    -1.0 / 87178291200.0,
    1.0 / 20922789888000.0,
    -1.0 / 6402373705728000.0,
];

/// Σ_i coefficients[i]·z^i by Horner's rule.
fn series(coefficients: &[f64; 8], z: f64) -> f64 {
    coefficients.iter().rev().fold(0.0, |sum, &c| sum * z + c)
}

/// sin(r + tail), |r| ≤ π/4, tail far below r's last bit: sin r + tail·cos r, with cos r ≈ 1 − r²/2.
fn sin_reduced(r: f64, tail: f64) -> f64 {
    let z = r * r;
    r + (r * z * series(&S, z) + tail * (1.0 - 0.5 * z))
}

/// cos(r + tail) = cos r − tail·sin r. 1 − r²/2 is rounded once, and the rounding error put back.
fn cos_reduced(r: f64, tail: f64) -> f64 {
    let z = r * r;
    let half = 0.5 * z;
    let w = 1.0 - half;
    let lost = (1.0 - w) - half; // exact: what rounding 1 − z/2 to w dropped
    w + (lost + (z * z * series(&C, z) - r * tail))
}

/// π/2 in three pieces: P1 has 33 significant bits, so n·P1 is exact for |n| < 2^20.
const P1: f64 = 1.57079632673412561417e+00;
const P2: f64 = 6.07710050630396597660e-11;
const P3: f64 = 2.02226624871116645580e-21;

/// (n, r, tail) with x = n·π/2 + r + tail, |r| ≤ π/4 + a little.
fn reduce(x: f64) -> (i32, f64, f64) {
    if x.abs() <= std::f64::consts::FRAC_PI_4 {
        return (0, x, 0.0);
    }
    if x.abs() < 1_647_099.0 {
        // below 2^20·π/2
        let n = (x * std::f64::consts::FRAC_2_PI).round();
        let a = x - n * P1; // exact: n·P1 is exact and close to x
        let b = n * P2;
        let r = a - b;
        let tail = ((a - r) - b) - n * P3;
        return (n as i32, r + tail, tail - ((r + tail) - r));
    }
    large(x)
}

/// The bits of 2/π after the binary point, most significant first (1216 of them).
const TWO_OVER_PI: [u64; 19] = [
    0xA2F9836E4E441529, 0xFC2757D1F534DDC0, 0xDB6295993C439041, 0xFE5163ABDEBBC561, 0xB7246E3A424DD2E0,
    0x06492EEA09D1921C, 0xFE1DEB1CB129A73E, 0xE88235F52EBB4484, 0xE99C7026B45F7E41, 0x3991D639835339F4,
    0x9C845F8BBDF9283B, 0x1FF897FFDE05980F, 0xEF2F118B5A0A6D1F, 0x6D367ECF27CB09B7, 0x4F463F669E5FEA2D,
    0x7527BAC7EBE5F17B, 0x3D0739F78A5292EA, 0x6BFB5FB11F8D5D08, 0x56033046FC7B6BAB,
];

/// Payne–Hanek reduction for 2^20·π/2 ≤ |x| < ∞: x = m·2^e exactly, and of x·2/π only the
/// part below 4 matters, which m times 192 bits of 2/π (from bit e − 1 on) gives to 2^−137.
fn large(x: f64) -> (i32, f64, f64) {
    let bits = x.to_bits();
    let m = (bits & ((1 << 52) - 1)) | (1 << 52);
    let e = ((bits >> 52) & 0x7ff) as i32 - 1075; // x = ±m·2^e, e ≥ −32 here
    // Bit k of 2/π (k ≥ 1) sits at position k + 63 of [0, TWO_OVER_PI...]; the window starts at k = e − 1.
    let start = (e + 62) as usize;
    let word = |i: usize| if i == 0 { 0 } else { TWO_OVER_PI[i - 1] };
    let (at, shift) = (start / 64, start % 64);
    let window = |i: usize| {
        let w = word(at + i);
        if shift == 0 { w } else { (w << shift) | (word(at + i + 1) >> (64 - shift)) }
    };
    // m × window, 245 bits; bits 190 and 191 are n mod 4, the bits below are the fraction.
    let p2 = u128::from(m) * u128::from(window(2));
    let p1 = u128::from(m) * u128::from(window(1)) + (p2 >> 64);
    let p0 = u128::from(m) * u128::from(window(0)) + (p1 >> 64);
    let (h, mid, low) = (p0 as u64, p1 as u64, p2 as u64);
    let mut n = (h >> 62) as i32;
    // The fraction's top 128 bits, as a signed fraction of 2^128 in [−1/2, 1/2): rounds n to nearest.
    let f = ((u128::from(h & ((1 << 62) - 1)) << 66) | (u128::from(mid) << 2) | u128::from(low >> 62)) as i128;
    if f < 0 {
        n += 1;
    }
    // t = f / 2^64 as hi + lo, each part exact before the sum: (f >> 96)·2^32, then bits 64..96, then the rest.
    let top = (f >> 64) as i64;
    let a = ((top >> 32) as f64) * 4294967296.0;
    let b = (top & 0xffff_ffff) as f64;
    let c = (f as u64) as f64 * (1.0 / 18446744073709551616.0);
    let hi = a + b;
    let lo = (b - (hi - a)) + c;
    // r = t·π/2 / 2^64, the product's rounding error kept (Dekker's exact product, no fma).
    const PIO2_HI: f64 = 1.57079632679489655800e+00;
    const PIO2_LO: f64 = 6.12323399573676603587e-17;
    let p = hi * PIO2_HI;
    let split = |v: f64| {
        let c = 134217729.0 * v;
        let high = c - (c - v);
        (high, v - high)
    };
    let ((ah, al), (bh, bl)) = (split(hi), split(PIO2_HI));
    let err = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    let tail = err + (hi * PIO2_LO + lo * PIO2_HI);
    const SCALE: f64 = 1.0 / 18446744073709551616.0; // 2^−64
    let (p, tail) = (p * SCALE, tail * SCALE);
    let y0 = p + tail;
    let y1 = tail - (y0 - p);
    if x < 0.0 {
        (-n, -y0, -y1)
    } else {
        (n, y0, y1)
    }
}

#[cfg(test)]
mod tests {
    use super::{cos, sin};

    /// Within `ulps` units in the last place of `want`, or 1e−16 absolute near zero.
    fn near(got: f64, want: f64, ulps: f64) -> bool {
        (got - want).abs() <= (ulps * f64::EPSILON * want.abs()).max(1e-16)
    }

    #[test]
    fn known_values() {
        assert_eq!(sin(0.0), 0.0);
        assert_eq!(cos(0.0), 1.0);
        assert!(near(sin(0.5), 0.479425538604203, 1.0));
        assert!(near(sin(-2.0), -0.9092974268256817, 1.0));
        assert!(near(cos(std::f64::consts::PI), -1.0, 1.0));
        assert!(sin(f64::INFINITY).is_nan() && cos(f64::NAN).is_nan());
        // Far out, where only the wide reduction is exact: sin(1e22) (a classic test value).
        assert!(near(sin(1e22), -0.8522008497671888, 1.0));
        assert!(near(cos(1e22), 0.523214785395139, 1.0));
    }

    #[test]
    fn matches_the_standard_library() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut worst = 0.0f64;
        for i in 0..400_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            let x = match i % 4 {
                0 => (u - 0.5) * 8.0,
                1 => (u - 0.5) * 200.0,
                2 => (u - 0.5) * 2e7,
                _ => (u - 0.5) * 1e300,
            };
            for (got, want) in [(sin(x), x.sin()), (cos(x), x.cos())] {
                assert!(near(got, want, 2.0), "x = {x}: {got} vs {want}");
                worst = worst.max((got - want).abs() / want.abs().max(1e-300));
            }
        }
        assert!(worst < 3.0 * f64::EPSILON, "worst relative difference {worst}");
    }
}
