//! The fast path: the plain path's equations (`plain.rs`), evaluated on whole blocks of samples.
//!
//! Layout: a layer's values are held batch-major, neurons × samples (neuron j of sample s at
//! `j · stride + s`), so every hot loop runs over the samples innermost, two at a time
//! (`lanes`: `f64x2` of wasm `simd128`, a pair of scalars elsewhere). `exp` is a polynomial
//! (range reduction by ln 2, degree 11, relative error below 3e-16), so values stay within
//! about 1e-15 of the plain path's `f64::exp`/`tanh`; tests hold the two paths equal.
//!
//! Like the plain path it works on the spec and the layers, never on a `Network`:
//! - `lanes`: two f64 at a time;  `exp`: the polynomial e^x, σ and tanh;
//! - `activations`: the hidden activations as types and the one dispatch on them;
//! - `blocks`: one layer's forward and backward over a block;
//! - `training`: epochs, batches and steps in buffers kept between calls (`Workspace`);
//! - `evaluation`: forward only, for the mean loss, predictions and the grids.

pub mod activations;
pub mod blocks;
pub mod evaluation;
pub mod exp;
pub mod lanes;
pub mod training;
