//! Numbers in messages, written as JavaScript writes them (0.5, 1e+308, NaN, Infinity).
//!
//! Hand-written rather than Rust's `Display for f64`, whose exact shortest-digits
//! algorithm would add about 18 KB to the .wasm for a few error messages.

/// `v` with up to 12 significant digits (whole numbers below 1e19 exactly), as a student would read it.
/// Plain decimals from 1e-6 to below 1e21, else `d.ddde±x` (JavaScript's `String(v)`, rounded).
/// Written character by character: no `Display` for integers, no string slicing (each would
/// bring its own formatting and panic code into the .wasm).
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
    let mut out = String::new();
    if v < 0.0 {
        out.push('-');
    }
    let a = v.abs();
    if a.fract() == 0.0 && a < 1e19 {
        push_digits(&mut out, Digits::of(a as u64).get());
        return out;
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
    // d has 12 digits; its trailing zeros go.
    while d > 0 && d % 10 == 0 {
        d /= 10;
    }
    let digits = Digits::of(d);
    let digits = digits.get();
    if (-6..21).contains(&e) {
        if e < 0 {
            out.push_str("0.");
            push_zeros(&mut out, (-e - 1) as usize);
            push_digits(&mut out, digits);
        } else {
            // The point goes after digit e (none if the digits end first; zeros fill up to it).
            let point = e as usize + 1;
            for (i, &c) in digits.iter().enumerate() {
                if i == point {
                    out.push('.');
                }
                out.push(char::from(c));
            }
            push_zeros(&mut out, point.saturating_sub(digits.len()));
        }
    } else {
        let (first, rest) = digits.split_first().unwrap_or((&b'0', &[]));
        out.push(char::from(*first));
        if !rest.is_empty() {
            out.push('.');
            push_digits(&mut out, rest);
        }
        out.push_str(if e < 0 { "e-" } else { "e+" });
        push_digits(&mut out, Digits::of(u64::from(e.unsigned_abs())).get());
    }
    out
}

/// A whole number in decimal.
pub fn whole(n: u64) -> String {
    let mut out = String::new();
    push_digits(&mut out, Digits::of(n).get());
    out
}

/// Names separated by ", " (what `join(", ")` gives, without its generic code in the .wasm).
#[inline(never)]
pub fn names(names: &[&str]) -> String {
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
    }
    out
}

/// The decimal digits of a u64 as ASCII, most significant first, written from the end of a
/// buffer that holds any u64 (no Vec, no reverse: less code in the .wasm).
struct Digits {
    buf: [u8; 20],
    start: usize,
}

impl Digits {
    fn of(mut n: u64) -> Self {
        let mut out = Self { buf: [b'0'; 20], start: 20 };
        loop {
            out.start -= 1;
            out.buf[out.start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                return out;
            }
        }
    }

    fn get(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or_default()
    }
}

fn push_digits(out: &mut String, digits: &[u8]) {
    for &c in digits {
        out.push(char::from(c));
    }
}

fn push_zeros(out: &mut String, count: usize) {
    for _ in 0..count {
        out.push('0');
    }
}

#[cfg(test)]
mod tests {
    use super::{number, whole};

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
        assert_eq!(number(-2.5e-7), "-2.5e-7");
        assert_eq!(number(123456789012.5), "123456789013");
        assert_eq!(number(1.5e20), "150000000000000000000");
        assert_eq!(whole(0), "0");
        assert_eq!(whole(u64::MAX), "18446744073709551615");
    }
}
