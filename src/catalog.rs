//! The one catalog of what the core offers, which the page reads through `limits()` instead
//! of repeating names: activations, outputs, optimizers, penalties, reductions, data sets,
//! input features, and the limits on sizes. Each name list is the one its parser uses.

use crate::activation::Activation;
use crate::data::{DataSet, MAX_POINTS};
use crate::features::Feature;
use crate::grid::MAX_GRID;
use crate::loss::Output;
use crate::optimizer::{Optimizer, Regularization};
use crate::options::{Reduction, MAX_EPOCHS_PER_CALL};
use crate::spec::{MAX_CLASSES, MAX_HIDDEN_LAYERS, MAX_NEURONS};
use crate::surface::MAX_SURFACE;

/// A limit on sizes, by the name `limits()` gives it.
pub const LIMITS: [(&str, usize); 7] = [
    ("maxHiddenLayers", MAX_HIDDEN_LAYERS),
    ("maxNeurons", MAX_NEURONS),
    ("maxClasses", MAX_CLASSES),
    ("maxPoints", MAX_POINTS),
    ("maxGrid", MAX_GRID),
    ("maxEpochsPerCall", MAX_EPOCHS_PER_CALL),
    ("maxSurface", MAX_SURFACE),
];

/// Every list of names, by the name `limits()` gives it.
pub const NAMES: [(&str, &[&str]); 7] = [
    ("inputs", &Feature::NAMES),
    ("activations", &Activation::NAMES),
    ("datasets", &DataSet::NAMES),
    ("outputs", &Output::NAMES),
    ("optimizers", &Optimizer::NAMES),
    ("regularizations", &Regularization::NAMES),
    ("reductions", &Reduction::NAMES),
];
