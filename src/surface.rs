//! The loss surface: the mean data loss over a grid of values of two parameters, the rest
//! as they are, for the page's heat map (and the descent path drawn on it).

use crate::data::Samples;
use crate::fast::evaluation::{mean_loss_with, Evaluator};
use crate::params::{Layer, ParamRef};
use crate::show::number;
use crate::spec::Spec;

/// The most cells along one side of a loss surface (n² mean losses over every sample).
pub const MAX_SURFACE: usize = 101;

/// What a loss surface is over: two parameters θ₁ (`first`, along the columns) and θ₂
/// (`second`, along the rows), `n` values each, reaching `span` either side of the current values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurfaceRequest {
    pub first: ParamRef,
    pub second: ParamRef,
    pub n: usize,
    pub span: f64,
}

impl SurfaceRequest {
    /// Checks the request against the layers: both parameters exist and differ, n from 2 to
    /// MAX_SURFACE, span a positive finite number.
    pub fn check(&self, layers: &[Layer]) -> Result<(), String> {
        self.first.check(layers).map_err(|e| format!("first: {e}"))?;
        self.second.check(layers).map_err(|e| format!("second: {e}"))?;
        if self.first == self.second {
            return Err("first and second must be two different parameters".into());
        }
        if !(2..=MAX_SURFACE).contains(&self.n) {
            return Err(format!("n must be a whole number from 2 to {MAX_SURFACE}, got {}", self.n));
        }
        if !(self.span.is_finite() && self.span > 0.0) {
            return Err(format!("span must be a positive finite number, got {}", number(self.span)));
        }
        Ok(())
    }
}

/// The mean data loss at every cell (r, c), index r·n + c: θ₁ = θ₁⁰ + span·(2c/(n−1) − 1),
/// θ₂ = θ₂⁰ + span·(1 − 2r/(n−1)) (row 0 at the top, as the plane's grid). `layers` are not changed.
pub fn loss_surface(spec: &Spec, layers: &[Layer], samples: &Samples, request: &SurfaceRequest) -> Vec<f64> {
    let SurfaceRequest { first, second, n, span } = *request;
    let (theta1, theta2) = (first.get(layers), second.get(layers));
    let mut probe = layers.to_vec();
    let mut evaluator = Evaluator::new(spec);
    let last = (n - 1) as f64;
    let mut out = Vec::with_capacity(n * n);
    for r in 0..n {
        *second.get_mut(&mut probe) = theta2 + span * (1.0 - 2.0 * r as f64 / last);
        for c in 0..n {
            *first.get_mut(&mut probe) = theta1 + span * (2.0 * c as f64 / last - 1.0);
            out.push(mean_loss_with(&mut evaluator, spec, &probe, samples));
        }
    }
    out
}
