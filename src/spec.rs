//! The architecture of a network, checked: layer sizes, activations, output, seed, inputs.

use crate::activation::Activation;
use crate::features::Feature;
use crate::loss::Output;

/// The page offers 0 to 6 hidden layers.
pub const MAX_HIDDEN_LAYERS: usize = 6;
/// At most 16 neurons in any layer.
pub const MAX_NEURONS: usize = 16;
/// The page offers up to four classes (softmax beyond two).
pub const MAX_CLASSES: usize = 4;

/// A checked architecture: `layers[0]` inputs, then hidden layers, then the output layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub layers: Vec<usize>,
    pub hidden: Activation,
    pub output: Output,
    pub seed: u64,
    pub inputs: Vec<Feature>,
}

impl Spec {
    /// Checks an architecture. `inputs` defaults to (x1, x2), the lecture's.
    pub fn new(layers: Vec<usize>, hidden: &str, output: &str, seed: u64, inputs: Option<&[String]>) -> Result<Self, String> {
        let hidden = Activation::parse(hidden)?;
        let output = Output::parse(output)?;
        let inputs = match inputs {
            None => vec![Feature::X1, Feature::X2],
            Some(names) => {
                let mut features = Vec::with_capacity(names.len());
                for name in names {
                    features.push(Feature::parse(name)?);
                }
                features
            }
        };
        if inputs.is_empty() {
            return Err("the network needs at least one input feature".into());
        }
        if layers.len() < 2 {
            return Err(format!(
                "layers must list at least the input size and the output size, e.g. [2, 3, 3, 1]; got {} size(s)",
                layers.len()
            ));
        }
        let hidden_count = layers.len() - 2;
        if hidden_count > MAX_HIDDEN_LAYERS {
            return Err(format!("{hidden_count} hidden layers is more than the limit of {MAX_HIDDEN_LAYERS}"));
        }
        for (l, &size) in layers.iter().enumerate() {
            if size == 0 || size > MAX_NEURONS {
                return Err(format!("layer {l} has {size} neurons: each layer needs between 1 and {MAX_NEURONS}"));
            }
        }
        if layers[0] != inputs.len() {
            return Err(format!(
                "layer 0 (the input) has size {} but there are {} input features ({}); they must match",
                layers[0],
                inputs.len(),
                crate::show::names(&inputs.iter().map(|f| f.name()).collect::<Vec<_>>())
            ));
        }
        let units = layers[layers.len() - 1];
        match output {
            Output::Sigmoid if units != 1 => {
                return Err(format!("a sigmoid output has exactly 1 unit, got {units}; use \"softmax\" for {units} classes"))
            }
            Output::Linear if units != 1 => {
                return Err(format!("a linear (regression) output has exactly 1 unit, got {units}"))
            }
            Output::Softmax if !(2..=MAX_CLASSES).contains(&units) => {
                return Err(format!("a softmax output needs one unit per class, 2 to {MAX_CLASSES} classes; got {units}"))
            }
            _ => {}
        }
        if seed > (1u64 << 53) {
            return Err(format!("the seed must be a whole number from 0 to 2^53, got {}", crate::show::whole(seed)));
        }
        Ok(Self { layers, hidden, output, seed, inputs })
    }

    /// How many classes the output tells apart (0 for a regression output).
    pub fn classes(&self) -> usize {
        self.output.classes(self.layers[self.layers.len() - 1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lecture_network_is_valid() {
        let s = Spec::new(vec![2, 3, 3, 1], "sigmoid", "sigmoid", 7, None).unwrap();
        assert_eq!(s.classes(), 2);
        assert_eq!(s.inputs, vec![Feature::X1, Feature::X2]);
    }

    #[test]
    fn bad_architectures_say_why() {
        let err = |layers: Vec<usize>, out: &str| Spec::new(layers, "tanh", out, 1, None).unwrap_err();
        assert!(err(vec![2], "sigmoid").contains("at least"));
        assert!(err(vec![2, 0, 1], "sigmoid").contains("layer 1 has 0"));
        assert!(err(vec![2, 17, 1], "sigmoid").contains("between 1 and 16"));
        assert!(err(vec![2, 3, 3, 3, 3, 3, 3, 3, 1], "sigmoid").contains("hidden layers"));
        assert!(err(vec![2, 1], "softmax").contains("2 to 4"));
        assert!(err(vec![2, 5], "softmax").contains("2 to 4"));
        assert!(err(vec![2, 2], "sigmoid").contains("exactly 1"));
        assert!(err(vec![3, 1], "sigmoid").contains("must match"));
        assert!(err(vec![2, 2], "linear").contains("exactly 1"));
        assert!(Spec::new(vec![2, 1], "swish", "sigmoid", 1, None).unwrap_err().contains("unknown activation"));
    }
}
