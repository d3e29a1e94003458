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
                Self::NAMES.join(", ")
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
    pub fn derivative(self, z: f64, a: f64) -> f64 {
        match self {
            Self::Sigmoid => a * (1.0 - a),
            Self::Tanh => 1.0 - a * a,
            Self::Relu => {
                if z > 0.0 {
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
