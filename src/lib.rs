//! backprop-lab: the lecture's neural network (Mạng nơ-rơn nhân tạo) and its
//! backpropagation in plain Rust, compiled to WebAssembly for a teaching page.
//!
//! The core (`matrix` … `grid`) knows nothing of JavaScript; `wasm` is the only
//! file that does.

pub mod activation;
pub mod data;
pub mod features;
pub mod grid;
pub mod kernels;
pub mod loss;
pub mod matrix;
pub mod network;
pub mod random;
pub mod show;
pub mod spec;
pub mod trig;
pub mod wasm;

pub use activation::Activation;
pub use data::Samples;
pub use loss::Output;
pub use matrix::Matrix;
pub use network::{Backward, ForwardPass, Layer, Network, Reduction, TrainOptions, TrainResult};
pub use spec::Spec;

/// The .wasm's allocator: talc, a few KB smaller than Rust's default (dlmalloc). Nothing hot
/// allocates (training and the grid reuse their buffers), so its speed does not show.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
