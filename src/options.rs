//! How a training run goes (the JS contract's `opts`), what it returns, and the messages it refuses with.

use crate::show::number;

/// How `train` runs (the JS contract's `opts`; the optimizer is in `optimizer::UpdateRule`).
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    pub epochs: usize,
    pub learning_rate: f64,
    /// Samples per step; 0 means the whole set (full batch, the lecture's).
    pub batch_size: usize,
    pub reduction: Reduction,
    /// Stop after an epoch whose mean loss, measured during the epoch, is below this.
    pub stop_loss: Option<f64>,
}

impl TrainOptions {
    /// Samples per step for a set of `n`: the whole set for 0, never more than the set.
    pub fn batch_for(&self, n: usize) -> usize {
        if self.batch_size == 0 {
            n
        } else {
            self.batch_size.min(n)
        }
    }
}

/// What a step uses: the batch's summed gradients (the lecture) or their mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduction {
    Sum,
    Mean,
}

impl Reduction {
    pub const NAMES: [&'static str; 2] = ["sum", "mean"];

    pub fn parse(name: &str) -> Result<Self, String> {
        match name {
            "sum" => Ok(Self::Sum),
            "mean" => Ok(Self::Mean),
            _ => Err(format!("unknown reduction \"{name}\": expected \"sum\" (the lecture) or \"mean\"")),
        }
    }

    /// What the summed gradients of a batch of `size` samples are divided by.
    pub fn divisor(self, size: usize) -> f64 {
        match self {
            Self::Sum => 1.0,
            Self::Mean => size as f64,
        }
    }
}

/// The most epochs one `train` call may run.
pub const MAX_EPOCHS_PER_CALL: usize = 1_000_000;

/// `train`'s result: epochs run, the mean loss of the final weights, whether the stop rule
/// ended the run, and every epoch's mean loss.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainResult {
    pub epochs: usize,
    pub loss: f64,
    /// True when an epoch's mean loss fell below `stop_loss` (the lecture's `break`).
    pub stopped: bool,
    /// One per epoch run: its mean data loss, measured during it (before each batch's update),
    /// which is what `stop_loss` tests.
    pub losses: Vec<f64>,
}

/// Checks a learning rate α: a positive finite number.
pub fn check_learning_rate(rate: f64) -> Result<(), String> {
    if !(rate.is_finite() && rate > 0.0) {
        return Err(format!("the learning rate must be a positive finite number, got {}", number(rate)));
    }
    Ok(())
}

/// The message for a run whose loss or weights stopped being finite numbers.
pub fn divergence_message(learning_rate: f64, when: &str) -> String {
    format!(
        "training diverged at {when}: the loss or a weight is no longer a finite number. \
         The learning rate α = {} is probably too large; the weights are left as they were before",
        number(learning_rate)
    )
}
