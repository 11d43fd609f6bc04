//! From the values a user brings to the values a method scores.
//!
//! * [`detect_kind`] decides whether a matrix holds raw counts or log-scale values.
//! * [`log2_cpm`] turns counts into log2(CPM + 1), with the library size of each sample taken as the
//!   column sum over all rows before any filtering (edgeR's `cpm(x, log = FALSE)` + 1, then log2).
//!
//! The detection rule is deliberately simple and always reported, so a wrong guess is visible and
//! fixed with `--input-kind`.

use std::path::Path;

use ndarray::{Array2, Axis};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::format::float;
use crate::matrix::{ExpressionMatrix, InputKind};

/// `auto` treats a matrix as counts when every value is a non-negative integer and the largest
/// value exceeds this threshold (log2 data never reach it: log2 of 2^100).
pub const COUNTS_MIN_MAX: f64 = 100.0;

/// What was detected and done to the values, reported on stderr and in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Normalisation {
    /// The kind the user asked for (`auto` when not given).
    pub kind_requested: InputKind,
    /// The kind used: `counts` or `log`.
    pub kind_used: InputKind,
    /// Why `auto` chose `kind_used` (empty when the user chose).
    pub detection: String,
    /// The transformation applied, in words.
    pub transformation: String,
}

/// Detects the kind of a matrix's values (see [`COUNTS_MIN_MAX`]); returns the kind and why.
pub fn detect_kind(values: &Array2<f64>) -> (InputKind, String) {
    let mut max = f64::NEG_INFINITY;
    let mut all_count_like = true;
    let mut any = false;
    for &v in values.iter().filter(|v| !v.is_nan()) {
        any = true;
        max = max.max(v);
        if v < 0.0 || v.fract() != 0.0 {
            all_count_like = false;
        }
    }
    if !any {
        return (InputKind::Log, "no measured values".into());
    }
    if all_count_like && max > COUNTS_MIN_MAX {
        (
            InputKind::Counts,
            format!("all values are non-negative integers and the largest ({}) exceeds {COUNTS_MIN_MAX}", float(max)),
        )
    } else if all_count_like {
        (
            InputKind::Log,
            format!("all values are non-negative integers but the largest ({}) is at most {COUNTS_MIN_MAX}", float(max)),
        )
    } else {
        (
            InputKind::Log,
            format!(
                "values are not all non-negative integers (largest {})",
                float(max)
            ),
        )
    }
}

/// Resolves `requested` against the data and transforms the matrix in place for scoring.
pub fn prepare(
    matrix: &mut ExpressionMatrix,
    requested: InputKind,
    source: &Path,
) -> Result<Normalisation> {
    let decided = decide_kind(matrix, requested);
    apply(matrix, requested, decided, None, source)
}

/// The kind to use and why: `requested` itself, or when `auto` what [`detect_kind`] finds.
pub fn decide_kind(matrix: &ExpressionMatrix, requested: InputKind) -> (InputKind, String) {
    match requested {
        InputKind::Auto => detect_kind(&matrix.values),
        other => (other, String::new()),
    }
}

/// Transforms the matrix for an already decided kind.
///
/// `library` gives each sample's library size for counts; `None` takes the column sums of
/// `matrix`. Identifier harmonisation passes the column sums of the matrix as read, so that
/// merging or dropping rows never changes a sample's library size.
pub fn apply(
    matrix: &mut ExpressionMatrix,
    requested: InputKind,
    (kind_used, detection): (InputKind, String),
    library: Option<&[f64]>,
    source: &Path,
) -> Result<Normalisation> {
    let transformation = match (kind_used, library) {
        (InputKind::Counts, None) => {
            log2_cpm(matrix, source)?;
            "log2(CPM + 1), library size = column sum over all rows".to_string()
        }
        (InputKind::Counts, Some(library)) => {
            log2_cpm_with_library(matrix, library, source)?;
            "log2(CPM + 1), library size = column sum over all rows as read (before identifier harmonisation)".to_string()
        }
        _ => "none (values used as given)".to_string(),
    };
    Ok(Normalisation {
        kind_requested: requested,
        kind_used,
        detection,
        transformation,
    })
}

/// Each sample's library size: the sum of its column, missing values skipped.
pub fn library_sizes(matrix: &ExpressionMatrix) -> Vec<f64> {
    matrix
        .values
        .axis_iter(Axis(1))
        .map(|c| c.iter().filter(|v| !v.is_nan()).sum())
        .collect()
}

/// Replaces counts by log2(count / library size * 1e6 + 1), column by column.
///
/// The library size is the sum of the sample's column over all rows (missing values skipped).
/// Negative counts and samples with a zero library are errors naming the sample.
pub fn log2_cpm(matrix: &mut ExpressionMatrix, source: &Path) -> Result<()> {
    let library = library_sizes(matrix);
    log2_cpm_with_library(matrix, &library, source)
}

/// [`log2_cpm`] with given library sizes (one per sample).
pub fn log2_cpm_with_library(
    matrix: &mut ExpressionMatrix,
    library: &[f64],
    source: &Path,
) -> Result<()> {
    if library.len() != matrix.n_samples() {
        return Err(Error::Internal(format!(
            "{} library sizes for {} samples",
            library.len(),
            matrix.n_samples()
        )));
    }
    for (j, mut column) in matrix.values.axis_iter_mut(Axis(1)).enumerate() {
        let sample = &matrix.samples[j];
        if let Some((i, v)) = column.iter().enumerate().find(|(_, v)| **v < 0.0) {
            return Err(Error::InvalidInput {
                path: source.into(),
                message: format!(
                    "negative count {v} for feature '{}' in sample '{sample}': counts must be >= 0 (use --input-kind log for log-scale data)",
                    matrix.features[i]
                ),
            });
        }
        let library = library[j];
        if library <= 0.0 {
            return Err(Error::InvalidInput {
                path: source.into(),
                message: format!(
                    "sample '{sample}' has no counts (library size 0): remove it or check the file"
                ),
            });
        }
        column.mapv_inplace(|c| (c / library * 1e6 + 1.0).log2());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn matrix(values: Array2<f64>) -> ExpressionMatrix {
        let f = (0..values.nrows()).map(|i| format!("f{i}")).collect();
        let s = (0..values.ncols()).map(|j| format!("s{j}")).collect();
        ExpressionMatrix::new(f, s, values)
    }

    #[test]
    fn integer_matrix_with_large_values_is_counts() {
        assert_eq!(
            detect_kind(&array![[0.0, 150.0], [3.0, 7.0]]).0,
            InputKind::Counts
        );
    }

    #[test]
    fn small_integers_and_fractions_are_log() {
        assert_eq!(
            detect_kind(&array![[0.0, 15.0], [3.0, 7.0]]).0,
            InputKind::Log
        );
        assert_eq!(detect_kind(&array![[0.5, 1500.0]]).0, InputKind::Log);
    }

    #[test]
    fn log2_cpm_uses_the_column_sum_as_library_size() {
        let mut m = matrix(array![[1.0, 0.0], [3.0, 10.0]]);
        log2_cpm(&mut m, Path::new("m")).unwrap();
        assert!((m.values[[0, 0]] - (250_000.0f64 + 1.0).log2()).abs() < 1e-12);
        assert!((m.values[[1, 1]] - (1_000_000.0f64 + 1.0).log2()).abs() < 1e-12);
        assert_eq!(m.values[[0, 1]], 0.0);
    }

    #[test]
    fn given_library_sizes_replace_the_column_sums() {
        // harmonisation merged rows away; the library of the file as read still applies
        let mut m = matrix(array![[1.0, 0.0]]);
        log2_cpm_with_library(&mut m, &[4.0, 10.0], Path::new("m")).unwrap();
        assert!((m.values[[0, 0]] - (250_000.0f64 + 1.0).log2()).abs() < 1e-12);
        assert_eq!(m.values[[0, 1]], 0.0);
        let err = log2_cpm_with_library(&mut matrix(array![[1.0]]), &[1.0, 2.0], Path::new("m"));
        assert!(err.is_err());
    }

    #[test]
    fn all_zero_sample_is_refused_by_name() {
        let mut m = matrix(array![[1.0, 0.0], [3.0, 0.0]]);
        let err = log2_cpm(&mut m, Path::new("m")).unwrap_err().to_string();
        assert!(
            err.contains("'s1'") && err.contains("library size 0"),
            "{err}"
        );
    }
}
