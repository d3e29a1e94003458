//! The output layer and its loss: a sigmoid unit with binary cross-entropy, or a
//! softmax over C units with cross-entropy. Both are computed from z so that a
//! saturated output gives a large finite loss, never inf or NaN.

/// The output layer's activation, which fixes the loss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// One unit, a = σ(z) = P(class 1), binary cross-entropy.
    Sigmoid,
    /// C ≥ 2 units, a = softmax(z), cross-entropy.
    Softmax,
}

impl Output {
    pub fn parse(name: &str) -> Result<Self, String> {
        match name {
            "sigmoid" => Ok(Self::Sigmoid),
            "softmax" => Ok(Self::Softmax),
            _ => Err(format!("unknown output \"{name}\": expected \"sigmoid\" (one unit) or \"softmax\" (2 or more units)")),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sigmoid => "sigmoid",
            Self::Softmax => "softmax",
        }
    }

    /// How many classes `units` output units stand for.
    pub fn classes(self, units: usize) -> usize {
        match self {
            Self::Sigmoid => 2,
            Self::Softmax => units,
        }
    }

    /// a = σ(z) or softmax(z), written into `a`.
    pub fn activate(self, z: &[f64], a: &mut [f64]) {
        match self {
            Self::Sigmoid => a[0] = crate::activation::sigmoid(z[0]),
            Self::Softmax => softmax(z, a),
        }
    }

    /// The loss of one sample with class `label`, from the output's z.
    pub fn loss(self, z: &[f64], label: usize) -> f64 {
        match self {
            Self::Sigmoid => binary_cross_entropy(z[0], label as f64),
            Self::Softmax => cross_entropy(z, label),
        }
    }

    /// dL/dz of the output layer: a − y for sigmoid, a − onehot(y) for softmax.
    pub fn dz(self, a: &[f64], label: usize) -> Vec<f64> {
        match self {
            Self::Sigmoid => vec![a[0] - label as f64],
            Self::Softmax => a.iter().enumerate().map(|(j, &aj)| aj - f64::from(u8::from(j == label))).collect(),
        }
    }

    /// The most probable class, given the output's a.
    pub fn predicted_class(self, a: &[f64]) -> usize {
        match self {
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
    fn softmax_dz_is_a_minus_onehot() {
        let out = Output::Softmax;
        let z = [0.5, -1.0, 2.0];
        let mut a = [0.0; 3];
        out.activate(&z, &mut a);
        let dz = out.dz(&a, 2);
        for j in 0..3 {
            let h = 1e-6;
            let mut zp = z;
            let mut zm = z;
            zp[j] += h;
            zm[j] -= h;
            let numeric = (out.loss(&zp, 2) - out.loss(&zm, 2)) / (2.0 * h);
            assert!((numeric - dz[j]).abs() < 1e-8);
        }
    }
}
