//! A network's parameters: each layer's weights W and biases b, and a way to name one of them.

use crate::matrix::{add_scaled, Matrix};

/// The weights and biases of one layer l: W[l] is out×in (row i holds the weights into neuron i).
/// The same shape holds a layer's gradients dW[l], db[l] and an optimizer's per-parameter state.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub weights: Matrix,
    pub biases: Vec<f64>,
}

impl Layer {
    pub fn zeros(outputs: usize, inputs: usize) -> Self {
        Self { weights: Matrix::zeros(outputs, inputs), biases: vec![0.0; outputs] }
    }

    pub fn is_finite(&self) -> bool {
        self.all(f64::is_finite)
    }

    /// Whether every weight and bias passes `test`.
    pub fn all(&self, test: fn(f64) -> bool) -> bool {
        self.weights.data().iter().chain(&self.biases).all(|&v| test(v))
    }

    /// `self += scale · other` (weights and biases alike).
    pub fn add_scaled(&mut self, scale: f64, other: &Layer) {
        self.weights.add_scaled(scale, &other.weights);
        add_scaled(&mut self.biases, scale, &other.biases);
    }

    pub fn clear(&mut self) {
        self.weights.fill(0.0);
        self.biases.fill(0.0);
    }
}

/// Zeros in the shape of `layers`.
pub fn zeros_like(layers: &[Layer]) -> Vec<Layer> {
    layers.iter().map(|l| Layer::zeros(l.weights.rows(), l.weights.cols())).collect()
}

/// Which of a layer's two parameter arrays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// W, out×in.
    Weight,
    /// b, one per neuron.
    Bias,
}

impl Param {
    pub fn name(self) -> &'static str {
        match self {
            Self::Weight => "W",
            Self::Bias => "b",
        }
    }
}

/// One parameter of the network: W[layer](row, col) or b[layer](row) (col 0).
/// `layer` counts from 0, the first layer after the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamRef {
    pub layer: usize,
    pub param: Param,
    pub row: usize,
    pub col: usize,
}

impl ParamRef {
    /// Checks that the parameter exists in `layers`, saying what would be valid if not.
    pub fn check(&self, layers: &[Layer]) -> Result<(), String> {
        let Some(l) = layers.get(self.layer) else {
            return Err(format!("layer {} does not exist: layers go from 0 to {} (0 is the first after the input)", self.layer, layers.len() - 1));
        };
        let (rows, cols) = (l.weights.rows(), l.weights.cols());
        let exists = match self.param {
            Param::Weight => self.row < rows && self.col < cols,
            Param::Bias => self.row < rows && self.col == 0,
        };
        if !exists {
            return Err(format!(
                "layer {} has no {}[{}][{}]: its W is {rows}×{cols} (row 0 to {}, col 0 to {}) and its b has {rows} values (col 0)",
                self.layer,
                self.param.name(),
                self.row,
                self.col,
                rows - 1,
                cols - 1
            ));
        }
        Ok(())
    }

    /// The parameter's value; it must exist (see `check`).
    pub fn get(&self, layers: &[Layer]) -> f64 {
        let l = &layers[self.layer];
        match self.param {
            Param::Weight => l.weights.get(self.row, self.col),
            Param::Bias => l.biases[self.row],
        }
    }

    /// The parameter itself, to change; it must exist (see `check`).
    pub fn get_mut<'a>(&self, layers: &'a mut [Layer]) -> &'a mut f64 {
        let l = &mut layers[self.layer];
        match self.param {
            Param::Weight => {
                let cols = l.weights.cols();
                &mut l.weights.data_mut()[self.row * cols + self.col]
            }
            Param::Bias => &mut l.biases[self.row],
        }
    }
}
