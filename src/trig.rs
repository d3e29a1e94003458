//! sin and cos for the input features and the data generators, the same on every machine.
//!
//! fdlibm's algorithm as Rust's `libm` has it (the same constants and operations, so the
//! same results for |x| < 2^20·π/2), with a smaller reduction for larger |x|: libm's
//! general one (`rem_pio2_large`) alone would add about 5 KB to the .wasm.

/// sin x, within 1 ulp.
pub fn sin(x: f64) -> f64 {
    let ix = high_word(x);
    if ix <= 0x3fe921fb {
        // |x| ≲ π/4; below 2^−26, sin x rounds to x.
        return if ix < 0x3e500000 { x } else { k_sin(x, 0.0, false) };
    }
    if ix >= 0x7ff00000 {
        return x - x; // NaN for ±∞ and NaN
    }
    let (n, y0, y1) = rem_pio2(x);
    match n & 3 {
        0 => k_sin(y0, y1, true),
        1 => k_cos(y0, y1),
        2 => -k_sin(y0, y1, true),
        _ => -k_cos(y0, y1),
    }
}

/// cos x, within 1 ulp.
pub fn cos(x: f64) -> f64 {
    let ix = high_word(x);
    if ix <= 0x3fe921fb {
        // |x| ≲ π/4; below 2^−27·√2, cos x rounds to 1.
        return if ix < 0x3e46a09e { 1.0 } else { k_cos(x, 0.0) };
    }
    if ix >= 0x7ff00000 {
        return x - x;
    }
    let (n, y0, y1) = rem_pio2(x);
    match n & 3 {
        0 => k_cos(y0, y1),
        1 => -k_sin(y0, y1, true),
        2 => -k_cos(y0, y1),
        _ => k_sin(y0, y1, true),
    }
}

/// The upper 32 bits of |x|.
fn high_word(x: f64) -> u32 {
    (x.to_bits() >> 32) as u32 & 0x7fffffff
}

/// sin(x + y) for |x| ≤ π/4, y a tail below x's last bit (`has_tail` false: y = 0).
fn k_sin(x: f64, y: f64, has_tail: bool) -> f64 {
    const S1: f64 = -1.66666666666666324348e-01;
    const S2: f64 = 8.33333333332248946124e-03;
    const S3: f64 = -1.98412698298579493134e-04;
    const S4: f64 = 2.75573137070700676789e-06;
    const S5: f64 = -2.50507602534068634195e-08;
    const S6: f64 = 1.58969099521155010221e-10;
    let z = x * x;
    let w = z * z;
    let r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
    let v = z * x;
    if has_tail {
        x - ((z * (0.5 * y - v * r) - y) - v * S1)
    } else {
        x + v * (S1 + z * r)
    }
}

/// cos(x + y) for |x| ≤ π/4, y a tail below x's last bit.
fn k_cos(x: f64, y: f64) -> f64 {
    const C1: f64 = 4.16666666666666019037e-02;
    const C2: f64 = -1.38888888888741095749e-03;
    const C3: f64 = 2.48015872894767294178e-05;
    const C4: f64 = -2.75573143513906633035e-07;
    const C5: f64 = 2.08757232129817482790e-09;
    const C6: f64 = -1.13596475577881948265e-11;
    let z = x * x;
    let w = z * z;
    let r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
    let hz = 0.5 * z;
    let w = 1.0 - hz;
    w + (((1.0 - w) - hz) + (z * r - x * y))
}

/// π/2 in pieces: PIO2_1 has 33 bits, so n·PIO2_1 is exact for |n| < 2^20.
const PIO2_1: f64 = 1.57079632673412561417e+00;
const PIO2_1T: f64 = 6.07710050650619224932e-11;
const PIO2_2: f64 = 6.07710050630396597660e-11;
const PIO2_2T: f64 = 2.02226624879595063154e-21;
const PIO2_3: f64 = 2.02226624871116645580e-21;
const PIO2_3T: f64 = 8.47842766036889956997e-32;

/// (n, y0, y1) with x = n·π/2 + (y0 + y1) and |y0 + y1| ≤ π/4 (a little more near the limits).
fn rem_pio2(x: f64) -> (i32, f64, f64) {
    let ix = high_word(x);
    let sign = if x < 0.0 { -1.0 } else { 1.0 };
    // |x| ≤ 9π/4, away from multiples of π/2: one step of n·π/2 (libm's fast cases).
    if ix <= 0x401c463b && (ix & 0xfffff) != 0x921fb && ix != 0x4012d97c {
        let n = if ix <= 0x4002d97c {
            1.0
        } else if ix <= 0x400f6a7a {
            2.0
        } else if ix <= 0x4015fdbc {
            3.0
        } else {
            4.0
        };
        let z = x - sign * n * PIO2_1;
        let y0 = z - sign * n * PIO2_1T;
        let y1 = (z - y0) - sign * n * PIO2_1T;
        return ((sign * n) as i32, y0, y1);
    }
    if ix < 0x413921fb {
        return medium(x, ix);
    }
    large(x)
}

/// Cody–Waite reduction for |x| < 2^20·π/2, in up to three rounds (good to 151 bits).
fn medium(x: f64, ix: u32) -> (i32, f64, f64) {
    const INV_PIO2: f64 = 6.36619772367581382433e-01;
    const TO_INT: f64 = 1.5 / f64::EPSILON;
    let f_n = (x * INV_PIO2 + TO_INT) - TO_INT; // x·2/π rounded to an integer
    let n = f_n as i32;
    let mut r = x - f_n * PIO2_1;
    let mut w = f_n * PIO2_1T;
    let mut y0 = r - w;
    let ex = (ix >> 20) as i32;
    let exponent = |y: f64| (y.to_bits() >> 52) as i32 & 0x7ff;
    if ex - exponent(y0) > 16 {
        let t = r;
        w = f_n * PIO2_2;
        r = t - w;
        w = f_n * PIO2_2T - ((t - r) - w);
        y0 = r - w;
        if ex - exponent(y0) > 49 {
            let t = r;
            w = f_n * PIO2_3;
            r = t - w;
            w = f_n * PIO2_3T - ((t - r) - w);
            y0 = r - w;
        }
    }
    (n, y0, (r - y0) - w)
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

    #[test]
    fn known_values() {
        assert_eq!(sin(0.0), 0.0);
        assert_eq!(cos(0.0), 1.0);
        assert_eq!(sin(0.5), 0.479425538604203);
        assert_eq!(sin(-2.0), -0.9092974268256817);
        assert_eq!(cos(std::f64::consts::PI), -1.0);
        assert!(sin(f64::INFINITY).is_nan() && cos(f64::NAN).is_nan());
        // Far out, where only the wide reduction is exact: sin(1e22) (a classic test value).
        assert_eq!(sin(1e22), -0.8522008497671888);
        assert_eq!(cos(1e22), 0.523214785395139);
    }
}
