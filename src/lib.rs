//! backprop-lab: the lecture's neural network (Mạng nơ-rơn nhân tạo) and its
//! backpropagation in plain Rust, compiled to WebAssembly for a teaching page.
//!
//! Layered, each layer using only those before it (tests/module_graph.rs checks it):
//! 1. leaves: `matrix`, `activation`, `loss`, `features`, `random`, `trig`, `show`, `data`, `spec`;
//! 2. parameters and options: `params`, `options`, `optimizer`;
//! 3. the two paths, side by side, on the spec and the layers: `plain` (the lecture's
//!    equations, the reference) and `fast` (blocks of samples, SIMD);
//! 4. `grid` and `surface` (the network over a grid of the plane, of two parameters);
//! 5. `network`: `Network`, a facade that owns the state and delegates; `catalog`: the names
//!    and limits the page reads;
//! 6. `wasm`, the only module that knows JavaScript.

pub mod activation;
pub mod catalog;
pub mod data;
pub mod fast;
pub mod features;
pub mod grid;
pub mod loss;
pub mod matrix;
pub mod network;
pub mod optimizer;
pub mod options;
pub mod params;
pub mod plain;
pub mod random;
pub mod show;
pub mod spec;
pub mod surface;
pub mod trig;
pub mod wasm;

pub use activation::Activation;
pub use data::Samples;
pub use loss::Output;
pub use matrix::Matrix;
pub use network::Network;
pub use optimizer::{Optimizer, Regularization, UpdateRule};
pub use options::{Reduction, TrainOptions, TrainResult};
pub use params::Layer;
pub use plain::{Backward, ForwardPass};
pub use spec::Spec;

/// The scalar probes of the fast path's polynomial exp, σ and tanh, under the path they had
/// before `kernels.rs` was split into `fast/` (existing callers import them from here).
pub mod kernels {
    pub use crate::fast::exp::{exp_scalar, sigmoid_scalar, tanh_scalar};
}

/// The .wasm's allocator: lol_alloc's free list (first fit, neighbours merged on free), about
/// 1 KB smaller than talc and several than Rust's default (dlmalloc). Nothing hot allocates
/// (training and the grid reuse their buffers), so its speed does not show; wasm memory stays
/// flat over long runs as before (bench's `memory`).
#[cfg(all(not(target_feature = "atomics"), target_arch = "wasm32"))]
#[global_allocator]
// SAFETY: without atomics the .wasm runs on one thread, the only condition AssumeSingleThreaded has.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
