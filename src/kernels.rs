//! The fast path: training on whole batches at once. For now it delegates to the plain path.

use crate::data::Samples;
use crate::network::{Network, TrainOptions, TrainResult};

/// `Network::train`'s work, after its checks.
pub fn train(net: &mut Network, samples: &Samples, options: &TrainOptions) -> Result<TrainResult, String> {
    net.train_plain(samples, options)
}
