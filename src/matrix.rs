//! The expression matrix every reader produces and every method consumes.

use ndarray::{Array2, ArrayView2};
use serde::Serialize;

/// What the numbers of a matrix are, which decides how they are normalised before scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    /// Detect from the values (see [`crate::normalize::detect_kind`]).
    Auto,
    /// Raw read counts: non-negative integers, transformed to log2(CPM + 1).
    Counts,
    /// Already on a log scale (log2 intensities, log2 CPM): used exactly as given.
    Log,
    /// qPCR Ct values: normalised to -deltaCt (see [`crate::normalize::ct`]).
    Ct,
}

impl std::fmt::Display for InputKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            InputKind::Auto => "auto",
            InputKind::Counts => "counts",
            InputKind::Log => "log",
            InputKind::Ct => "ct",
        })
    }
}

/// A features x samples matrix of f64 with its row and column names.
///
/// Rows are features (miRNAs), columns are samples, in input order. Missing values are NaN.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpressionMatrix {
    /// Row identifiers as written in the input.
    pub features: Vec<String>,
    /// Sample names as written in the input.
    pub samples: Vec<String>,
    /// The values, `features.len()` x `samples.len()`.
    pub values: Array2<f64>,
}

impl ExpressionMatrix {
    /// Builds a matrix, checking that the names fit the shape.
    ///
    /// # Panics
    /// When the number of names disagrees with the shape of `values` (a caller bug).
    pub fn new(features: Vec<String>, samples: Vec<String>, values: Array2<f64>) -> Self {
        assert_eq!(values.nrows(), features.len(), "one feature name per row");
        assert_eq!(values.ncols(), samples.len(), "one sample name per column");
        Self {
            features,
            samples,
            values,
        }
    }

    /// Number of features (rows).
    pub fn n_features(&self) -> usize {
        self.features.len()
    }

    /// Number of samples (columns).
    pub fn n_samples(&self) -> usize {
        self.samples.len()
    }

    /// A view of the values.
    pub fn view(&self) -> ArrayView2<'_, f64> {
        self.values.view()
    }

    /// The matrix with rows and columns swapped (used for `--samples-as-rows`).
    pub fn transposed(self) -> Self {
        let values = self.values.t().as_standard_layout().into_owned();
        Self {
            features: self.samples,
            samples: self.features,
            values,
        }
    }
}
