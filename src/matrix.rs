//! The expression matrix every reader produces and every method consumes.

use ndarray::{Array2, ArrayView2, Axis};
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

    /// The rows `rows` (strictly increasing) and columns `cols` (any order) of the matrix, in that order, built in the matrix's own buffer: no second
    /// full-size matrix is allocated (used by `de`, which keeps the compared samples only).
    ///
    /// # Panics
    /// When an index is out of range (a caller bug).
    pub fn into_subset(self, rows: &[usize], cols: &[usize]) -> crate::Result<Self> {
        let features = rows.iter().map(|&i| self.features[i].clone()).collect();
        let samples = cols.iter().map(|&j| self.samples[j].clone()).collect();
        let (nr, nc) = self.values.dim();
        let m = cols.len();
        let in_place = self.values.is_standard_layout()
            && m <= nc
            && rows.windows(2).all(|w| w[0] < w[1])
            && rows.last().is_none_or(|&i| i < nr)
            && cols.iter().all(|&j| j < nc);
        if !in_place {
            let values = self.values.select(Axis(0), rows).select(Axis(1), cols);
            return Ok(Self::new(features, samples, values));
        }
        let (mut data, offset) = self.values.into_raw_vec_and_offset();
        let start = offset.unwrap_or(0);
        // Row k of the result is written at k*m, at or before where row rows[k] (k <= rows[k]) was
        // read from, and never over a row not read yet: (k + 1) m <= (rows[k] + 1) nc.
        let mut scratch = vec![0.0; m];
        for (k, &i) in rows.iter().enumerate() {
            let row = &data[start + i * nc..start + (i + 1) * nc];
            for (s, &j) in scratch.iter_mut().zip(cols) {
                *s = row[j];
            }
            data[start + k * m..start + (k + 1) * m].copy_from_slice(&scratch);
        }
        data.truncate(start + rows.len() * m);
        data.drain(..start);
        let values = Array2::from_shape_vec((rows.len(), m), data)
            .map_err(|e| crate::Error::Internal(format!("subset of the matrix: {e}")))?;
        Ok(Self::new(features, samples, values))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_in_place_equals_select() {
        let values = Array2::from_shape_fn((6, 5), |(i, j)| (10 * i + j) as f64);
        let m = ExpressionMatrix::new(
            (0..6).map(|i| format!("f{i}")).collect(),
            (0..5).map(|j| format!("s{j}")).collect(),
            values.clone(),
        );
        for (rows, cols) in [
            (vec![0, 2, 5], vec![4, 0, 2]),
            (vec![0, 1, 2, 3, 4, 5], vec![0, 1, 2, 3, 4]),
            (vec![1], vec![3]),
            (vec![], vec![1, 2]),
            (vec![3, 1], vec![0]),
            (vec![0, 5], vec![1, 1, 2, 3, 4, 0]),
        ] {
            let sub = m.clone().into_subset(&rows, &cols).unwrap();
            let want = values.select(Axis(0), &rows).select(Axis(1), &cols);
            assert_eq!(sub.values, want, "{rows:?} {cols:?}");
            let f: Vec<String> = rows.iter().map(|i| format!("f{i}")).collect();
            let s: Vec<String> = cols.iter().map(|j| format!("s{j}")).collect();
            assert_eq!((sub.features, sub.samples), (f, s));
        }
    }
}
