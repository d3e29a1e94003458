//! Numbers in messages, written as JavaScript writes them (0.5, 1e+308, NaN, Infinity).
//!
//! Hand-written rather than Rust's `Display for f64`, whose exact shortest-digits
//! algorithm would add about 18 KB to the .wasm for a few error messages.

/// `v` with up to 12 significant digits (whole numbers below 1e19 exactly), as a student would read it.
/// Plain decimals from 1e-6 to below 1e21, else `d.ddde±x` (JavaScript's `String(v)`, rounded).
pub fn number(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    if a.fract() == 0.0 && a < 1e19 {
        return format!("{sign}{}", a as u64);
    }
    // The decimal exponent e with 10^e ≤ a < 10^(e+1), then 12 digits d with a ≈ d·10^(e−11);
    // 12 digits leave room for the few ulps `powi` may be off.
    let mut e = 0i32;
    while 10f64.powi(e) > a {
        e -= 1;
    }
    while 10f64.powi(e + 1) <= a {
        e += 1;
    }
    let scaled = if e >= 11 {
        a / 10f64.powi(e - 11)
    } else if e > -290 {
        a * 10f64.powi(11 - e)
    } else {
        a * 1e300 * 10f64.powi(11 - e - 300) // 10^(11−e) alone would overflow
    };
    let mut d = scaled.round() as u64;
    if d >= 1_000_000_000_000 {
        d /= 10;
        e += 1;
    }
    let mut digits = d.to_string();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    let body = if (-6..21).contains(&e) {
        if e < 0 {
            format!("0.{}{digits}", "0".repeat((-e - 1) as usize))
        } else if digits.len() as i32 <= e + 1 {
            format!("{digits}{}", "0".repeat((e + 1) as usize - digits.len()))
        } else {
            let (int, frac) = digits.split_at(e as usize + 1);
            format!("{int}.{frac}")
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let exp = if e < 0 { format!("-{}", -e) } else { format!("+{e}") };
        if rest.is_empty() { format!("{first}e{exp}") } else { format!("{first}.{rest}e{exp}") }
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn writes_numbers_as_javascript_does() {
        let cases: [(f64, &str); 16] = [
            (0.0, "0"), (1.0, "1"), (-3.0, "-3"), (0.5, "0.5"), (0.95, "0.95"), (0.1 + 0.2, "0.3"),
            (10.0, "10"), (1234.5, "1234.5"), (2f64.powi(32), "4294967296"), (1e-6, "0.000001"),
            (1.5e-7, "1.5e-7"), (1e21, "1e+21"), (1e308, "1e+308"), (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"), (f64::NEG_INFINITY, "-Infinity"),
        ];
        for (v, want) in cases {
            assert_eq!(number(v), want, "{v:?}");
        }
        assert_eq!(number(9007199254740994.0), "9007199254740994");
        assert_eq!(number(1.0 / 3.0), "0.333333333333");
        assert_eq!(number(f64::MIN_POSITIVE), "2.22507385851e-308");
    }
}
