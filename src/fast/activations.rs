//! The hidden activations as types, so that each hot loop is compiled for one of them, and
//! the fast path's one `match` on `Activation` (`with_activation`).
//!
//! g'(z) is computed from a = g(z) alone (`Activation::derivative_from_output`): the fast
//! path keeps a hidden layer's a, not its z.

use super::exp::ExpConsts;
use super::lanes::V;
use crate::activation::Activation;

/// A hidden activation g: its value and its derivative from a.
pub trait Act {
    /// a = g(z) is z itself (nothing to compute).
    const IDENTITY: bool = false;
    fn value(k: &ExpConsts, z: V) -> V;
    /// g'(z) from a = g(z).
    fn derivative(a: V) -> V;
}

pub struct Sigmoid;
pub struct Tanh;
pub struct Relu;
pub struct Linear;

impl Act for Sigmoid {
    #[inline(always)]
    fn value(k: &ExpConsts, z: V) -> V {
        k.sigmoid(z)
    }
    #[inline(always)]
    fn derivative(a: V) -> V {
        a.mul(V::splat(1.0).sub(a))
    }
}

impl Act for Tanh {
    #[inline(always)]
    fn value(k: &ExpConsts, z: V) -> V {
        k.tanh(z)
    }
    #[inline(always)]
    fn derivative(a: V) -> V {
        V::splat(1.0).sub(a.mul(a))
    }
}

impl Act for Relu {
    #[inline(always)]
    fn value(_: &ExpConsts, z: V) -> V {
        z.relu()
    }
    /// z > 0 exactly when a = max(z, 0) > 0.
    #[inline(always)]
    fn derivative(a: V) -> V {
        a.positive_step()
    }
}

impl Act for Linear {
    const IDENTITY: bool = true;
    #[inline(always)]
    fn value(_: &ExpConsts, z: V) -> V {
        z
    }
    #[inline(always)]
    fn derivative(_: V) -> V {
        V::splat(1.0)
    }
}

/// Work to do with one hidden activation, compiled once per activation type.
pub trait WithActivation {
    type Output;
    fn run<G: Act>(self) -> Self::Output;
}

/// Runs `work` with the activation type for `g`: the fast path's one dispatch on the activation.
pub fn with_activation<W: WithActivation>(g: Activation, work: W) -> W::Output {
    match g {
        Activation::Sigmoid => work.run::<Sigmoid>(),
        Activation::Tanh => work.run::<Tanh>(),
        Activation::Relu => work.run::<Relu>(),
        Activation::Linear => work.run::<Linear>(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lanes' value and derivative for g at z, as scalars.
    struct Probe(f64);

    impl WithActivation for Probe {
        type Output = (f64, f64);
        fn run<G: Act>(self) -> (f64, f64) {
            let mut out = [0.0; 4];
            let a = G::value(&ExpConsts::new(), V::splat(self.0));
            // SAFETY: out has 4 elements.
            unsafe {
                a.store(&mut out, 0);
                G::derivative(a).store(&mut out, 2);
            }
            (out[0], out[2])
        }
    }

    #[test]
    fn values_and_derivatives_from_a_match_activation_rs() {
        for g in [Activation::Sigmoid, Activation::Tanh, Activation::Relu, Activation::Linear] {
            for z in [-40.0, -3.0, -0.7, -1e-300, 0.0, 1e-300, 0.3, 2.5, 40.0] {
                let (a, d) = with_activation(g, Probe(z));
                let want = g.value(z);
                assert!((a - want).abs() <= 1e-15 * want.abs().max(1e-300), "{g:?}({z}): {a} vs {want}");
                let want_d = g.derivative(z, want);
                assert!((d - want_d).abs() <= 1e-15, "{g:?}'({z}) from a: {d} vs {want_d}");
                assert_eq!(g.derivative_from_output(want), want_d);
            }
        }
    }
}
