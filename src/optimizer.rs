//! How a step turns a batch's gradient g into new parameters: plain gradient descent,
//! momentum or Adam, with an optional L2 or L1 penalty on the weights.
//!
//! g is the batch's summed gradient divided by the reduction's divisor; the penalty's
//! gradient is added to it once per step, for weights only (never biases):
//!   L2 (penalty λ/2·ΣW²): g + λW;   L1 (penalty λ·Σ|W|): g + λ·sign(W), sign 0 = 0.
//! Then, per parameter θ:
//!   gd:        θ ← θ − α g
//!   momentum:  v ← μ v + g;  θ ← θ − α v
//!   adam:      t ← t + 1;  m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²;
//!              θ ← θ − α m̂ / (√v̂ + ε),  m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
//!
//! Both the plain and the fast training path step through `UpdateRule::apply`.

use crate::matrix::require;
use crate::params::{zeros_like, Layer};
use crate::show::number;

/// The optimizer and its constants.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Optimizer {
    /// θ ← θ − α g (the lecture's gradient_descent).
    GradientDescent,
    /// v ← μ v + g; θ ← θ − α v.
    Momentum { momentum: f64 },
    /// Adam with bias-corrected moments.
    Adam { beta1: f64, beta2: f64, epsilon: f64 },
}

impl Optimizer {
    pub const NAMES: [&'static str; 3] = ["gd", "momentum", "adam"];
    pub const MOMENTUM: f64 = 0.9;
    pub const BETA1: f64 = 0.9;
    pub const BETA2: f64 = 0.999;
    pub const EPSILON: f64 = 1e-8;

    /// How many moments it keeps per parameter: none (gd), v (momentum), m and v (Adam).
    pub fn moments(self) -> usize {
        match self {
            Self::GradientDescent => 0,
            Self::Momentum { .. } => 1,
            Self::Adam { .. } => 2,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::GradientDescent => "gd",
            Self::Momentum { .. } => "momentum",
            Self::Adam { .. } => "adam",
        }
    }

    /// The named optimizer with its constants, each `None` taking its default. Every constant
    /// given is checked (μ, β₁, β₂ in [0, 1), ε > 0), whichever optimizer uses it.
    pub fn new(name: &str, momentum: Option<f64>, beta1: Option<f64>, beta2: Option<f64>, epsilon: Option<f64>) -> Result<Self, String> {
        let momentum = fraction("momentum μ", momentum.unwrap_or(Self::MOMENTUM))?;
        let beta1 = fraction("beta1 β₁", beta1.unwrap_or(Self::BETA1))?;
        let beta2 = fraction("beta2 β₂", beta2.unwrap_or(Self::BETA2))?;
        let epsilon = epsilon.unwrap_or(Self::EPSILON);
        if !(epsilon.is_finite() && epsilon > 0.0) {
            return Err(format!("epsilon ε must be a positive finite number (default 1e-8), got {}", number(epsilon)));
        }
        match name {
            "gd" => Ok(Self::GradientDescent),
            "momentum" => Ok(Self::Momentum { momentum }),
            "adam" => Ok(Self::Adam { beta1, beta2, epsilon }),
            _ => Err(format!("unknown optimizer \"{name}\": expected one of {}", crate::show::names(&Self::NAMES))),
        }
    }
}

/// A constant in [0, 1): a decay rate.
#[inline(never)]
fn fraction(what: &str, value: f64) -> Result<f64, String> {
    if value.is_finite() && (0.0..1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{what} must be a number from 0 up to (not including) 1, got {}", number(value)))
    }
}

/// A penalty on the weights, with its rate λ.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Regularization {
    None,
    /// Penalty λ/2·ΣW², gradient λW.
    L2 { rate: f64 },
    /// Penalty λ·Σ|W|, gradient λ·sign(W).
    L1 { rate: f64 },
}

impl Regularization {
    pub const NAMES: [&'static str; 3] = ["none", "l2", "l1"];

    /// The named penalty; `rate` λ (default 0) must be a finite number ≥ 0.
    pub fn new(name: &str, rate: Option<f64>) -> Result<Self, String> {
        let lambda = rate.unwrap_or(0.0);
        if !(lambda.is_finite() && lambda >= 0.0) {
            return Err(format!("regularizationRate λ must be a finite number ≥ 0, got {}", number(lambda)));
        }
        match name {
            "none" => Ok(Self::None),
            "l2" => Ok(Self::L2 { rate: lambda }),
            "l1" => Ok(Self::L1 { rate: lambda }),
            _ => Err(format!("unknown regularization \"{name}\": expected one of {}", crate::show::names(&Self::NAMES))),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::L2 { .. } => "l2",
            Self::L1 { .. } => "l1",
        }
    }

    /// The penalty's gradient at the weight w: λw (L2), λ·sign(w) (L1, sign 0 = 0), or 0.
    #[inline(always)]
    pub fn gradient(self, w: f64) -> f64 {
        match self {
            Self::None => 0.0,
            Self::L2 { rate } => rate * w,
            Self::L1 { rate } => {
                if w > 0.0 {
                    rate
                } else if w < 0.0 {
                    -rate
                } else {
                    0.0
                }
            }
        }
    }

    /// The penalty itself over every weight (not biases): λ/2·ΣW² or λ·Σ|W|.
    pub fn penalty(self, layers: &[Layer]) -> f64 {
        let weights = layers.iter().flat_map(|l| l.weights.data());
        match self {
            Self::None => 0.0,
            Self::L2 { rate } => 0.5 * rate * weights.map(|w| w * w).sum::<f64>(),
            Self::L1 { rate } => rate * weights.map(|w| w.abs()).sum::<f64>(),
        }
    }
}

/// How a step updates the parameters: the optimizer and the penalty. The default is the
/// lecture's: plain gradient descent, no penalty.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UpdateRule {
    pub optimizer: Optimizer,
    pub regularization: Regularization,
}

impl Default for UpdateRule {
    fn default() -> Self {
        Self { optimizer: Optimizer::GradientDescent, regularization: Regularization::None }
    }
}

/// What the optimizer remembers between steps (and between calls): the step count t, the
/// first moment (momentum's velocity v, Adam's m) and Adam's second moment v, per parameter.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OptimizerState {
    /// The optimizer this state belongs to (none before the first step); another one, or other
    /// constants, start afresh.
    optimizer: Option<Optimizer>,
    /// Steps taken.
    pub t: u64,
    /// β₁ᵗ and β₂ᵗ (Adam's bias corrections), kept as running products.
    beta1_power: f64,
    beta2_power: f64,
    /// Momentum's v or Adam's m, in the layers' shape.
    pub first: Vec<Layer>,
    /// Adam's v, in the layers' shape.
    pub second: Vec<Layer>,
}

impl OptimizerState {
    /// The optimizer this state belongs to (none before the first step).
    pub fn optimizer(&self) -> Option<Optimizer> {
        self.optimizer
    }

    /// The state `t` steps of `optimizer` leave with these moments (each in the layers' shape,
    /// zeros where the optimizer keeps none), so the next step goes on exactly as it would have:
    /// β₁ᵗ and β₂ᵗ are the same running products `apply` keeps.
    pub fn resumed(optimizer: Optimizer, t: u64, first: Vec<Layer>, second: Vec<Layer>) -> Self {
        let (mut beta1_power, mut beta2_power) = (1.0, 1.0);
        if let Optimizer::Adam { beta1, beta2, .. } = optimizer {
            // Once βᵗ ≤ 2⁻⁵⁴, 1 − βᵗ rounds to 1 for every later t: the rest of the product cannot
            // change a step, and stopping there bounds the loop for any t.
            const ONE_ROUNDS_TO: f64 = 1.0 / 18014398509481984.0; // 2⁻⁵⁴
            for _ in 0..t {
                if beta1_power <= ONE_ROUNDS_TO && beta2_power <= ONE_ROUNDS_TO {
                    break;
                }
                beta1_power *= beta1;
                beta2_power *= beta2;
            }
        }
        Self { optimizer: Some(optimizer), t, beta1_power, beta2_power, first, second }
    }

    /// The moments the optimizer uses: none (gd), momentum's v, or Adam's m and v.
    pub fn moments(&self) -> (&[Layer], &[Layer]) {
        let used = self.optimizer.map_or(0, Optimizer::moments);
        let none: &[Layer] = &[];
        (if used >= 1 { &self.first } else { none }, if used == 2 { &self.second } else { none })
    }

    /// Forgets every step: the next one starts afresh.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// Keeps the state if it belongs to `optimizer`, else starts afresh with zeros in the layers' shape.
    fn prepare(&mut self, optimizer: Optimizer, layers: &[Layer]) {
        if self.optimizer != Some(optimizer) {
            *self = Self {
                optimizer: Some(optimizer),
                t: 0,
                beta1_power: 1.0,
                beta2_power: 1.0,
                first: zeros_like(layers),
                second: zeros_like(layers),
            };
        }
    }
}

impl UpdateRule {
    /// One step on every parameter: θ from the batch's summed gradients `sums` divided by `divisor`,
    /// the penalty's gradient added for weights, then the optimizer's update with learning rate α.
    pub fn apply(&self, layers: &mut [Layer], sums: &[Layer], divisor: f64, learning_rate: f64, state: &mut OptimizerState) {
        state.prepare(self.optimizer, layers);
        state.t += 1;
        if let Optimizer::Adam { beta1, beta2, .. } = self.optimizer {
            state.beta1_power *= beta1;
            state.beta2_power *= beta2;
        }
        let corrections = (1.0 - state.beta1_power, 1.0 - state.beta2_power);
        let moments = state.first.iter_mut().zip(state.second.iter_mut());
        for ((layer, sum), (first, second)) in layers.iter_mut().zip(sums).zip(moments) {
            let weights = (layer.weights.data_mut(), sum.weights.data(), first.weights.data_mut(), second.weights.data_mut());
            self.apply_to(weights, self.regularization, divisor, learning_rate, corrections);
            let biases = (&mut layer.biases[..], &sum.biases[..], &mut first.biases[..], &mut second.biases[..]);
            self.apply_to(biases, Regularization::None, divisor, learning_rate, corrections);
        }
    }

    /// The update of one array of parameters θ, given their summed gradients and their moments.
    fn apply_to(
        &self,
        (theta, sums, first, second): (&mut [f64], &[f64], &mut [f64], &mut [f64]),
        penalty: Regularization,
        divisor: f64,
        alpha: f64,
        (correction1, correction2): (f64, f64),
    ) {
        require(theta.len() == sums.len() && theta.len() == first.len() && theta.len() == second.len(), "parameter shapes differ");
        if self.optimizer == Optimizer::GradientDescent {
            // θ − α(Σg/d + λ·r(θ)) as θ − ((α/d)·Σg + α·λ·r(θ)): without a penalty this is the
            // lecture's step exactly as it has always been computed, and it needs no division.
            let rate = alpha / divisor;
            if penalty == Regularization::None {
                for (theta, &sum) in theta.iter_mut().zip(sums) {
                    *theta -= rate * sum;
                }
                return;
            }
            for (theta, &sum) in theta.iter_mut().zip(sums) {
                *theta -= rate * sum + alpha * penalty.gradient(*theta);
            }
            return;
        }
        for (((theta, &sum), m), v) in theta.iter_mut().zip(sums).zip(first).zip(second) {
            let g = sum / divisor + penalty.gradient(*theta);
            let direction = match self.optimizer {
                Optimizer::GradientDescent => g,
                Optimizer::Momentum { momentum } => {
                    // v ← μ v + g (held in `m`, the first moment)
                    *m = momentum * *m + g;
                    *m
                }
                Optimizer::Adam { beta1, beta2, epsilon } => {
                    *m = beta1 * *m + (1.0 - beta1) * g;
                    *v = beta2 * *v + (1.0 - beta2) * g * g;
                    let (m_hat, v_hat) = (*m / correction1, *v / correction2);
                    m_hat / (v_hat.sqrt() + epsilon)
                }
            };
            *theta -= alpha * direction;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Layer;

    /// `resumed` rebuilds the same β₁ᵗ, β₂ᵗ as t steps of `apply`; past 2⁻⁵⁴ the powers may differ
    /// but 1 − βᵗ, all a step uses, does not.
    #[test]
    fn resumed_rebuilds_the_running_products() {
        let adam = Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
        let rule = UpdateRule { optimizer: adam, regularization: Regularization::None };
        let mut layers = vec![Layer::zeros(1, 1)];
        let sums = vec![Layer::zeros(1, 1)];
        let mut state = OptimizerState::default();
        for t in 1..=50_000u64 {
            rule.apply(&mut layers, &sums, 1.0, 0.1, &mut state);
            if t % 997 == 0 || t < 20 {
                let again = OptimizerState::resumed(adam, t, state.first.clone(), state.second.clone());
                assert_eq!(1.0 - again.beta1_power, 1.0 - state.beta1_power, "t = {t}");
                assert_eq!(1.0 - again.beta2_power, 1.0 - state.beta2_power, "t = {t}");
                if state.beta2_power > 1.0 / 18014398509481984.0 {
                    // until both are past 2⁻⁵⁴ the products are the same to the bit
                    assert_eq!((again.beta1_power, again.beta2_power), (state.beta1_power, state.beta2_power), "t = {t}");
                }
            }
        }
        // Momentum and gd keep no powers; gd's and momentum's unused moments are hidden.
        let momentum = OptimizerState::resumed(Optimizer::Momentum { momentum: 0.9 }, 3, vec![Layer::zeros(1, 1)], vec![Layer::zeros(1, 1)]);
        assert_eq!((momentum.beta1_power, momentum.beta2_power), (1.0, 1.0));
        assert_eq!((momentum.moments().0.len(), momentum.moments().1.len()), (1, 0));
    }
}
