//! A dense matrix of `f64`, the only container the network's math needs.

/// Dense matrix, row-major: element (i, j) is `data[i * cols + j]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    data: Vec<f64>,
}

impl Matrix {
    /// A `rows × cols` matrix of zeros.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Self { rows, cols, data: vec![0.0; rows * cols] }
    }

    /// Wraps `data` as a `rows × cols` matrix.
    pub fn from_vec(rows: usize, cols: usize, data: Vec<f64>) -> Result<Self, String> {
        if data.len() != rows * cols {
            return Err(format!(
                "a {rows}×{cols} matrix needs {} values, got {}",
                rows * cols,
                data.len()
            ));
        }
        Ok(Self { rows, cols, data })
    }

    /// Builds a matrix from its rows; every row must have the same length.
    pub fn from_rows(rows: &[Vec<f64>]) -> Result<Self, String> {
        let cols = rows.first().map_or(0, Vec::len);
        if let Some((i, row)) = rows.iter().enumerate().find(|(_, r)| r.len() != cols) {
            return Err(format!("row {} has {} values but row 1 has {cols}", i + 1, row.len()));
        }
        Ok(Self { rows: rows.len(), cols, data: rows.concat() })
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Element (i, j).
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.data[i * self.cols + j]
    }

    /// Row i, as a slice of `cols` values.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// All elements, row by row.
    pub fn data(&self) -> &[f64] {
        &self.data
    }

    pub fn data_mut(&mut self) -> &mut [f64] {
        &mut self.data
    }

    /// The rows as vectors (for display and serialisation).
    pub fn to_rows(&self) -> Vec<Vec<f64>> {
        self.data.chunks(self.cols.max(1)).map(<[f64]>::to_vec).take(self.rows).collect()
    }

    /// `self · x`: a `rows`-vector from a `cols`-vector.
    pub fn times(&self, x: &[f64]) -> Vec<f64> {
        require(x.len() == self.cols, "matrix-vector product: the vector's length is not the matrix's column count");
        (0..self.rows).map(|i| dot(self.row(i), x)).collect()
    }

    /// `selfᵀ · v`: a `cols`-vector from a `rows`-vector.
    pub fn transpose_times(&self, v: &[f64]) -> Vec<f64> {
        require(v.len() == self.rows, "transposed product: the vector's length is not the matrix's row count");
        let mut out = vec![0.0; self.cols];
        for (i, &vi) in v.iter().enumerate() {
            for (o, &w) in out.iter_mut().zip(self.row(i)) {
                *o += w * vi;
            }
        }
        out
    }

    /// `self · other`, the matrix product.
    pub fn matmul(&self, other: &Matrix) -> Matrix {
        require(self.cols == other.rows, "matrix product: the inner sizes differ");
        let mut out = Matrix::zeros(self.rows, other.cols);
        for i in 0..self.rows {
            for k in 0..self.cols {
                let a = self.get(i, k);
                for j in 0..other.cols {
                    out.data[i * other.cols + j] += a * other.get(k, j);
                }
            }
        }
        out
    }

    /// `self += scale · u vᵀ`, the outer product that gives dW = dz a_prevᵀ.
    pub fn add_outer(&mut self, scale: f64, u: &[f64], v: &[f64]) {
        require(u.len() == self.rows && v.len() == self.cols, "outer product: the vectors do not fit the matrix");
        for (i, &ui) in u.iter().enumerate() {
            let row = &mut self.data[i * self.cols..(i + 1) * self.cols];
            for (r, &vj) in row.iter_mut().zip(v) {
                *r += scale * ui * vj;
            }
        }
    }

    /// `self += scale · other`, element by element.
    pub fn add_scaled(&mut self, scale: f64, other: &Matrix) {
        require(self.rows == other.rows && self.cols == other.cols, "adding matrices of different shapes");
        add_scaled(&mut self.data, scale, &other.data);
    }

    /// The Frobenius norm ‖self‖.
    pub fn norm(&self) -> f64 {
        dot(&self.data, &self.data).sqrt()
    }

    pub fn fill(&mut self, value: f64) {
        self.data.fill(value);
    }
}

/// `Σ a_i b_i`.
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `y += scale · x`, element by element.
pub fn add_scaled(y: &mut [f64], scale: f64, x: &[f64]) {
    require(y.len() == x.len(), "adding vectors of different lengths");
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += scale * xi;
    }
}

/// A shape check on the plain path (a bug in the caller, never a student's input, which
/// `wasm.rs` checks first). Natively it panics with `what`; in the .wasm it traps without a
/// message, as a panic there ends anyway, so that the messages and their panic code stay out
/// of the .wasm.
#[inline(always)]
#[track_caller]
pub fn require(ok: bool, what: &'static str) {
    if !ok {
        shape_mismatch(what);
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn shape_mismatch(what: &'static str) -> ! {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = what;
        core::arch::wasm32::unreachable();
    }
    #[cfg(not(target_arch = "wasm32"))]
    panic!("{what}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_major_layout() {
        let m = Matrix::from_vec(2, 3, vec![1., 2., 3., 4., 5., 6.]).unwrap();
        assert_eq!(m.get(1, 0), 4.0);
        assert_eq!(m.row(1), &[4., 5., 6.]);
        assert_eq!(m.to_rows(), vec![vec![1., 2., 3.], vec![4., 5., 6.]]);
    }

    #[test]
    fn products() {
        let m = Matrix::from_rows(&[vec![1., 2.], vec![3., 4.], vec![5., 6.]]).unwrap();
        assert_eq!(m.times(&[1., 1.]), vec![3., 7., 11.]);
        assert_eq!(m.transpose_times(&[1., 0., 1.]), vec![6., 8.]);
        let id = Matrix::from_rows(&[vec![1., 0.], vec![0., 1.]]).unwrap();
        assert_eq!(m.matmul(&id), m);
        let mut z = Matrix::zeros(2, 2);
        z.add_outer(2.0, &[1., 2.], &[3., 4.]);
        assert_eq!(z.data(), &[6., 8., 12., 16.]);
    }

    #[test]
    fn bad_shapes_are_errors() {
        assert!(Matrix::from_vec(2, 2, vec![1.0]).unwrap_err().contains("needs 4 values"));
        assert!(Matrix::from_rows(&[vec![1.0], vec![1.0, 2.0]]).unwrap_err().contains("row 2"));
    }
}
