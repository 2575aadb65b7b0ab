use serde::{Deserialize, Serialize};

use crate::{Result, SensitivityError};

/// One uncertain input: a name and the closed interval it is varied over.
///
/// All designs sample the unit cube and map each coordinate `u ∈ [0, 1]`
/// linearly to `low + u · (high − low)`. Parameters with a non-uniform prior
/// can be handled by the caller by treating the design value as a quantile
/// level (range [0, 1]) and applying the inverse CDF inside the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamRange {
    /// Parameter name, used in results.
    pub name: String,
    /// Lower bound.
    pub low: f64,
    /// Upper bound (must exceed `low`).
    pub high: f64,
}

impl ParamRange {
    /// Convenience constructor.
    pub fn new(name: impl Into<String>, low: f64, high: f64) -> Self {
        Self {
            name: name.into(),
            low,
            high,
        }
    }

    /// `high − low`.
    pub fn width(&self) -> f64 {
        self.high - self.low
    }

    /// Map a unit-cube coordinate to the parameter's scale.
    pub fn scale(&self, u: f64) -> f64 {
        self.low + u * (self.high - self.low)
    }
}

pub(crate) fn validate_ranges(ranges: &[ParamRange]) -> Result<()> {
    if ranges.is_empty() {
        return Err(SensitivityError::NoParameters);
    }
    for r in ranges {
        if !(r.low.is_finite() && r.high.is_finite() && r.low < r.high) {
            return Err(SensitivityError::InvalidRange {
                name: r.name.clone(),
                low: r.low,
                high: r.high,
            });
        }
    }
    Ok(())
}

/// A design matrix: `rows × cols` parameter values in row-major order, with
/// column names. Each row is one model evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Design {
    names: Vec<String>,
    rows: usize,
    values: Vec<f64>,
}

impl Design {
    pub(crate) fn new(names: Vec<String>, rows: usize, values: Vec<f64>) -> Self {
        debug_assert_eq!(values.len(), rows * names.len());
        Self {
            names,
            rows,
            values,
        }
    }

    /// Number of rows (model evaluations).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns (parameters, including a dummy if requested).
    pub fn cols(&self) -> usize {
        self.names.len()
    }

    /// Column names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The parameter values of row `i`.
    ///
    /// # Panics
    /// If `i >= self.rows()`.
    pub fn row(&self, i: usize) -> &[f64] {
        let c = self.cols();
        &self.values[i * c..(i + 1) * c]
    }

    /// Iterate over rows in order.
    pub fn iter_rows(&self) -> impl ExactSizeIterator<Item = &[f64]> + '_ {
        self.values.chunks_exact(self.cols())
    }

    /// The whole matrix, row-major.
    pub fn as_slice(&self) -> &[f64] {
        &self.values
    }

    /// Evaluate `eval` on every row in parallel (rayon, indexed collect), so
    /// the output vector is in row order and identical for any thread count.
    pub fn evaluate<F>(&self, eval: F) -> Vec<f64>
    where
        F: Fn(&[f64]) -> f64 + Sync,
    {
        use rayon::prelude::*;
        (0..self.rows)
            .into_par_iter()
            .map(|i| eval(self.row(i)))
            .collect()
    }
}

pub(crate) fn check_outputs(expected: usize, outputs: &[f64]) -> Result<()> {
    if outputs.len() != expected {
        return Err(SensitivityError::OutputLength {
            expected,
            got: outputs.len(),
        });
    }
    if let Some((row, &value)) = outputs.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(SensitivityError::NonFiniteOutput { row, value });
    }
    Ok(())
}
