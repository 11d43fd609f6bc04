//! qPCR Ct values to scores: -deltaCt (higher = more expressed).
//!
//! * Values at or above the cutoff become non-detects (NaN), counted.
//! * With reference targets (`--reference RNU6B,RNU48`): deltaCt = Ct - mean Ct of the detected
//!   references in that sample. Reference rows are then removed from the matrix. A sample where no
//!   reference was detected gets NaN throughout (counted in a warning).
//! * Without references: deltaCt = Ct - the mean, in that sample, of the targets detected in every
//!   sample (global-mean normalisation, Mestdagh et al. 2009, Genome Biology 10:R64, restricted to
//!   targets common to all samples). It is an error when no target is detected everywhere.
//! * The score input is -deltaCt. Non-detects stay NaN: `zscore` leaves out member rows with a
//!   missing value and reports them as dropped.

use ndarray::{Array2, Axis};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::warnings::Warnings;
use crate::matrix::ExpressionMatrix;

/// What the Ct normalisation did, for the JSON output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CtReport {
    /// Values at or above this were non-detects.
    pub cutoff: f64,
    /// Non-detects in the matrix before normalisation (NaN cells, cutoff applied).
    pub non_detects: usize,
    /// `references` or `global_mean`.
    pub method: &'static str,
    /// The reference targets used (empty for the global mean).
    pub references: Vec<String>,
    /// Targets averaged for the global mean (empty with references).
    pub global_mean_targets: Vec<String>,
}

/// Replaces raw Ct by -deltaCt in place (see the module notes).
pub fn delta_ct(
    matrix: &mut ExpressionMatrix,
    references: &[String],
    cutoff: f64,
    source: &std::path::Path,
    warnings: &mut Warnings,
) -> Result<CtReport> {
    let mut non_detects = 0usize;
    for v in matrix.values.iter_mut() {
        if *v >= cutoff {
            *v = f64::NAN;
        }
        if v.is_nan() {
            non_detects += 1;
        }
    }
    let (norm_rows, method) = if references.is_empty() {
        let rows: Vec<usize> = (0..matrix.n_features())
            .filter(|&i| matrix.values.row(i).iter().all(|v| !v.is_nan()))
            .collect();
        if rows.is_empty() {
            return Err(Error::invalid(
                source,
                "no target is detected in every sample, so the global mean cannot be formed: give --reference targets",
            ));
        }
        (rows, "global_mean")
    } else {
        let mut rows = Vec::with_capacity(references.len());
        for r in references {
            let i = matrix
                .features
                .iter()
                .position(|f| f == r)
                .or_else(|| {
                    matrix
                        .features
                        .iter()
                        .position(|f| f.eq_ignore_ascii_case(r))
                })
                .ok_or_else(|| {
                    Error::Usage(format!("--reference '{r}' is not a target of the Ct table"))
                })?;
            rows.push(i);
        }
        (rows, "references")
    };
    let mut no_reference = 0usize;
    let norm = matrix.values.select(Axis(0), &norm_rows);
    for (j, mut column) in matrix.values.axis_iter_mut(Axis(1)).enumerate() {
        let detected: Vec<f64> = norm
            .column(j)
            .iter()
            .copied()
            .filter(|v| !v.is_nan())
            .collect();
        let mean = if detected.is_empty() {
            no_reference += 1;
            f64::NAN
        } else {
            detected.iter().sum::<f64>() / detected.len() as f64
        };
        column.mapv_inplace(|ct| -(ct - mean));
    }
    if no_reference > 0 {
        warnings.push(
            "ct_no_reference",
            no_reference,
            format!("{no_reference} sample(s) have no detected reference target: all their values are missing"),
        );
    }
    let names = |rows: &[usize]| rows.iter().map(|&i| matrix.features[i].clone()).collect();
    let report = if method == "references" {
        CtReport {
            cutoff,
            non_detects,
            method,
            references: names(&norm_rows),
            global_mean_targets: Vec::new(),
        }
    } else {
        CtReport {
            cutoff,
            non_detects,
            method,
            references: Vec::new(),
            global_mean_targets: names(&norm_rows),
        }
    };
    if method == "references" {
        let keep: Vec<usize> = (0..matrix.n_features())
            .filter(|i| !norm_rows.contains(i))
            .collect();
        let values: Array2<f64> = matrix.values.select(Axis(0), &keep);
        let features = keep.iter().map(|&i| matrix.features[i].clone()).collect();
        *matrix = ExpressionMatrix::new(features, std::mem::take(&mut matrix.samples), values);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn m() -> ExpressionMatrix {
        ExpressionMatrix::new(
            vec!["a".into(), "b".into(), "ref".into()],
            vec!["S1".into(), "S2".into()],
            array![[25.0, 27.0], [f64::NAN, 41.0], [20.0, 21.0]],
        )
    }

    #[test]
    fn reference_normalisation_removes_the_reference_rows() {
        let mut x = m();
        let mut w = Warnings::default();
        let r = delta_ct(&mut x, &["REF".into()], 40.0, "c".as_ref(), &mut w).unwrap();
        assert_eq!(x.features, ["a", "b"]);
        assert_eq!(x.values.row(0).to_vec(), [-5.0, -6.0]); // -(25 - 20), -(27 - 21)
        assert!(x.values.row(1).iter().all(|v| v.is_nan()));
        assert_eq!(r.non_detects, 2);
        assert_eq!(r.references, ["ref"]);
    }

    #[test]
    fn global_mean_uses_targets_detected_everywhere() {
        let mut x = m();
        let mut w = Warnings::default();
        let r = delta_ct(&mut x, &[], 40.0, "c".as_ref(), &mut w).unwrap();
        assert_eq!(r.global_mean_targets, ["a", "ref"]);
        // S1 mean (25 + 20) / 2 = 22.5; S2 (27 + 21) / 2 = 24.
        assert_eq!(x.values.row(0).to_vec(), [-2.5, -3.0]);
        assert_eq!(x.values.row(2).to_vec(), [2.5, 3.0]);
    }

    #[test]
    fn unknown_reference_is_a_usage_error() {
        let err = delta_ct(
            &mut m(),
            &["RNU6B".into()],
            40.0,
            "c".as_ref(),
            &mut Warnings::default(),
        )
        .unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("RNU6B"));
    }
}
