//! Hidden-layer activation functions g, each value beside its derivative g'.

/// An activation g applied neuron by neuron: a = g(z).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activation {
    Sigmoid,
    Tanh,
    Relu,
    Linear,
}

impl Activation {
    pub const NAMES: [&'static str; 4] = ["sigmoid", "tanh", "relu", "linear"];

    /// Reads a name as the page and the JS contract spell it.
    pub fn parse(name: &str) -> Result<Self, String> {
        match name {
            "sigmoid" => Ok(Self::Sigmoid),
            "tanh" => Ok(Self::Tanh),
            "relu" => Ok(Self::Relu),
            "linear" => Ok(Self::Linear),
            _ => Err(format!(
                "unknown activation \"{name}\": expected one of {}",
                crate::show::names(&Self::NAMES)
            )),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sigmoid => "sigmoid",
            Self::Tanh => "tanh",
            Self::Relu => "relu",
            Self::Linear => "linear",
        }
    }

    /// g(z).
    pub fn value(self, z: f64) -> f64 {
        match self {
            Self::Sigmoid => sigmoid(z),
            Self::Tanh => z.tanh(),
            Self::Relu => z.max(0.0),
            Self::Linear => z,
        }
    }

    /// g'(z), given a = g(z) too, since sigmoid and tanh are cheaper from a.
    /// sigmoid: a(1 − a);  tanh: 1 − a²;  relu: 1 if z > 0 else 0;  linear: 1.
    ///
    /// Each of these can be computed from a alone (relu: z > 0 exactly when a = max(z, 0) > 0),
    /// and the fast path (`fast::activations`) does so: it keeps a but not z for hidden layers.
    /// `derivative_from_output` is that form; a test holds the two equal.
    pub fn derivative(self, z: f64, a: f64) -> f64 {
        match self {
            Self::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            _ => self.derivative_from_output(a),
        }
    }

    /// g'(z) from a = g(z) alone, as the fast path computes it:
    /// sigmoid: a(1 − a);  tanh: 1 − a²;  relu: 1 if a > 0 else 0;  linear: 1.
    pub fn derivative_from_output(self, a: f64) -> f64 {
        match self {
            Self::Sigmoid => a * (1.0 - a),
            Self::Tanh => 1.0 - a * a,
            Self::Relu => {
                if a > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Self::Linear => 1.0,
        }
    }
}

/// The logistic sigmoid g(z) = 1 / (1 + e^−z), written so that neither branch overflows.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_central_differences() {
        for g in [Activation::Sigmoid, Activation::Tanh, Activation::Relu, Activation::Linear] {
            for z in [-3.0, -0.7, 0.3, 2.5] {
                let h = 1e-6;
                let numeric = (g.value(z + h) - g.value(z - h)) / (2.0 * h);
                let analytic = g.derivative(z, g.value(z));
                assert!((numeric - analytic).abs() < 1e-8, "{g:?} at {z}: {numeric} vs {analytic}");
            }
        }
    }

    #[test]
    fn the_derivative_from_a_alone_is_the_same() {
        for g in [Activation::Sigmoid, Activation::Tanh, Activation::Relu, Activation::Linear] {
            for z in [-800.0, -3.0, -0.7, -1e-300, 0.0, -0.0, 1e-300, 0.3, 2.5, 800.0, f64::NAN] {
                let a = g.value(z);
                let (from_z, from_a) = (g.derivative(z, a), g.derivative_from_output(a));
                assert!(from_z == from_a || (from_z.is_nan() && from_a.is_nan()), "{g:?} at z = {z}: {from_z} vs {from_a}");
            }
        }
    }

    #[test]
    fn sigmoid_is_finite_far_out() {
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(sigmoid(0.0), 0.5);
    }

    #[test]
    fn names_round_trip() {
        for name in Activation::NAMES {
            assert_eq!(Activation::parse(name).unwrap().name(), name);
        }
        assert!(Activation::parse("softplus").unwrap_err().contains("expected one of"));
    }
}
