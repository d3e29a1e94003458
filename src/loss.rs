//! The output layer and its loss: a sigmoid unit with binary cross-entropy, a
//! softmax over C units with cross-entropy, or a linear unit with the squared error
//! (regression). Each loss is computed from z so that a saturated output gives a
//! large finite loss, never inf or NaN. In every case dL/dz = a − y (y one-hot for softmax).

/// The output layer's activation, which fixes the loss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// One unit, a = σ(z) = P(class 1), binary cross-entropy.
    Sigmoid,
    /// C ≥ 2 units, a = softmax(z), cross-entropy.
    Softmax,
    /// One unit, a = z, squared error L = ½(a − y)² (regression: y is a real number).
    Linear,
}

impl Output {
    pub const NAMES: [&'static str; 3] = ["sigmoid", "softmax", "linear"];

    pub fn parse(name: &str) -> Result<Self, String> {
        match name {
            "sigmoid" => Ok(Self::Sigmoid),
            "softmax" => Ok(Self::Softmax),
            "linear" => Ok(Self::Linear),
            _ => Err(format!(
                "unknown output \"{name}\": expected \"sigmoid\" (one unit), \"softmax\" (2 or more units) or \"linear\" (one unit, regression)"
            )),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sigmoid => "sigmoid",
            Self::Softmax => "softmax",
            Self::Linear => "linear",
        }
    }

    /// How many classes `units` output units stand for (0 for regression, which has none).
    pub fn classes(self, units: usize) -> usize {
        match self {
            Self::Sigmoid => 2,
            Self::Softmax => units,
            Self::Linear => 0,
        }
    }

    /// a = σ(z), softmax(z) or z, written into `a`.
    pub fn activate(self, z: &[f64], a: &mut [f64]) {
        match self {
            Self::Sigmoid => a[0] = crate::activation::sigmoid(z[0]),
            Self::Softmax => softmax(z, a),
            Self::Linear => a[0] = z[0],
        }
    }

    /// The loss of one sample with target y (a class index, or a real number for regression), from the output's z.
    pub fn loss(self, z: &[f64], y: f64) -> f64 {
        match self {
            Self::Sigmoid => binary_cross_entropy(z[0], y),
            Self::Softmax => cross_entropy(z, y as usize),
            Self::Linear => squared_error(z[0], y),
        }
    }

    /// dL/dz of the output layer: a − y for sigmoid and linear, a − onehot(y) for softmax.
    pub fn dz(self, a: &[f64], y: f64) -> Vec<f64> {
        match self {
            Self::Sigmoid | Self::Linear => vec![a[0] - y],
            Self::Softmax => a.iter().enumerate().map(|(j, &aj)| aj - f64::from(u8::from(j == y as usize))).collect(),
        }
    }

    /// The most probable class, given the output's a (regression has none: 0).
    pub fn predicted_class(self, a: &[f64]) -> usize {
        match self {
            Self::Linear => 0,
            Self::Sigmoid => usize::from(a[0] >= 0.5),
            Self::Softmax => {
                let mut best = 0;
                for (j, &aj) in a.iter().enumerate() {
                    if aj > a[best] {
                        best = j;
                    }
                }
                best
            }
        }
    }
}

/// ln(1 + e^z), without overflow.
pub fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

/// Binary cross-entropy of a = σ(z) against y ∈ {0, 1}:
/// L = −(y ln a + (1 − y) ln(1 − a)) = softplus(z) − y z.
pub fn binary_cross_entropy(z: f64, y: f64) -> f64 {
    softplus(z) - y * z
}

/// The squared error of a = z against the target y: L = ½(a − y)², so dL/dz = a − y.
pub fn squared_error(z: f64, y: f64) -> f64 {
    let d = z - y;
    0.5 * d * d
}

/// softmax(z)_j = e^(z_j − m) / Σ_k e^(z_k − m), with m = max z so nothing overflows.
pub fn softmax(z: &[f64], a: &mut [f64]) {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for (aj, &zj) in a.iter_mut().zip(z) {
        *aj = (zj - m).exp();
        sum += *aj;
    }
    for aj in a.iter_mut() {
        *aj /= sum;
    }
}

/// Cross-entropy of a = softmax(z) against class `label`: L = −ln a_label = logsumexp(z) − z_label.
pub fn cross_entropy(z: &[f64], label: usize) -> f64 {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = z.iter().map(|&zj| (zj - m).exp()).sum();
    m + sum.ln() - z[label]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bce_matches_the_lecture_formula() {
        for z in [-2.0, 0.1, 3.0] {
            let a = crate::activation::sigmoid(z);
            for y in [0.0, 1.0] {
                let lecture = -(y * a.ln() + (1.0 - y) * (1.0 - a).ln());
                assert!((binary_cross_entropy(z, y) - lecture).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn saturated_outputs_give_large_finite_losses() {
        assert!((binary_cross_entropy(800.0, 0.0) - 800.0).abs() < 1e-9);
        assert!((binary_cross_entropy(-800.0, 1.0) - 800.0).abs() < 1e-9);
        assert!(binary_cross_entropy(800.0, 1.0) >= 0.0);
        let ce = cross_entropy(&[900.0, -900.0, 0.0], 1);
        assert!(ce.is_finite() && (ce - 1800.0).abs() < 1e-9);
        let mut a = [0.0; 3];
        softmax(&[900.0, -900.0, 0.0], &mut a);
        assert!(a.iter().all(|x| x.is_finite()));
    }

    #[test]
    fn squared_error_dz_is_a_minus_y() {
        let out = Output::Linear;
        for (z, y) in [(0.3, -1.2), (2.5, 2.5), (-4.0, 0.7)] {
            let mut a = [0.0];
            out.activate(&[z], &mut a);
            assert_eq!(a[0], z);
            assert_eq!(out.loss(&[z], y), 0.5 * (z - y) * (z - y));
            let h = 1e-6;
            let numeric = (out.loss(&[z + h], y) - out.loss(&[z - h], y)) / (2.0 * h);
            assert!((numeric - out.dz(&a, y)[0]).abs() < 1e-8);
        }
    }

    #[test]
    fn softmax_dz_is_a_minus_onehot() {
        let out = Output::Softmax;
        let z = [0.5, -1.0, 2.0];
        let mut a = [0.0; 3];
        out.activate(&z, &mut a);
        let dz = out.dz(&a, 2.0);
        for j in 0..3 {
            let h = 1e-6;
            let mut zp = z;
            let mut zm = z;
            zp[j] += h;
            zm[j] -= h;
            let numeric = (out.loss(&zp, 2.0) - out.loss(&zm, 2.0)) / (2.0 * h);
            assert!((numeric - dz[j]).abs() < 1e-8);
        }
    }
}
