//! The combined z-score of Lee et al. (2008), as in Bioconductor GSVA 1.46 `method = "zscore"`.
//!
//! Each feature is standardised across samples, z = (x - mean) / sd with the n - 1 denominator;
//! the score of a set of k members in a sample is the sum of their z divided by sqrt(k). A member
//! with direction -1 enters with its sign flipped, so the score of a directional signature is
//! (sum z_up - sum z_down) / sqrt(k_up + k_down); with only up members this equals GSVA exactly.
//!
//! Like GSVA, features that are constant across samples (sd = 0) are removed before sets are
//! mapped, so a set loses such members (reported, with a warning giving their count). Features
//! with a missing value are removed the same way. A set left with no member scores NaN.
//!
//! Cost: O(m x n) for the m distinct member rows and n samples.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use super::SetReport;
use crate::io::warnings::Warnings;
use crate::signature::MappedSignature;

/// The z-scores of a row, (x - mean) / sd with the sample standard deviation (ddof = 1), or
/// `None` when the row has a missing value, fewer than two values, or zero variance.
///
/// Rows with magnitudes beyond 1e150 are first divided by a power of two (exact), so sums and
/// squares stay finite; for ordinary data the arithmetic is exactly GSVA's.
pub fn standardised(row: ArrayView1<'_, f64>) -> Option<Array1<f64>> {
    let n = row.len();
    if n < 2 || row.iter().any(|v| v.is_nan()) {
        return None;
    }
    let max = row.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let scale = if max < 1e150 {
        1.0
    } else {
        2f64.powi(max.log2().ceil() as i32 - 1)
    };
    let x = row.mapv(|v| v / scale);
    let mean = x.sum() / n as f64;
    let ss: f64 = x.iter().map(|v| (v - mean) * (v - mean)).sum();
    let sd = (ss / (n - 1) as f64).sqrt();
    (sd > 0.0).then(|| x.mapv(|v| (v - mean) / sd))
}

/// Scores `signatures` on `expr` (features x samples); returns signatures x samples.
pub fn score(
    expr: ArrayView2<'_, f64>,
    features: &[String],
    signatures: &[MappedSignature],
) -> (Array2<f64>, Vec<SetReport>, Warnings) {
    let n = expr.ncols();
    let mut scores = Array2::<f64>::from_elem((signatures.len(), n), f64::NAN);
    let mut reports = Vec::with_capacity(signatures.len());
    let mut dropped_rows = std::collections::BTreeSet::new();
    let mut cache: std::collections::HashMap<usize, Option<Array1<f64>>> = Default::default();
    for (s, sig) in signatures.iter().enumerate() {
        let mut sum = Array1::<f64>::zeros(n);
        let mut used = [0usize; 2];
        let mut dropped = Vec::new();
        for (half, rows) in [&sig.up, &sig.down].into_iter().enumerate() {
            let sign = if half == 0 { 1.0 } else { -1.0 };
            for &row in rows {
                let z = cache
                    .entry(row)
                    .or_insert_with(|| standardised(expr.row(row)));
                match z {
                    Some(z) => {
                        sum.scaled_add(sign, z);
                        used[half] += 1;
                    }
                    None => {
                        dropped.push(features[row].clone());
                        dropped_rows.insert(row);
                    }
                }
            }
        }
        let k = used[0] + used[1];
        if k > 0 {
            scores.row_mut(s).assign(&(sum / (k as f64).sqrt()));
        }
        reports.push(SetReport {
            name: sig.name.clone(),
            n_up_used: used[0],
            n_down_used: used[1],
            dropped,
            combination: "(sum of z of up members - sum of z of down members) / sqrt(k)".into(),
            dispersion: None,
        });
    }
    let mut warnings = Warnings::default();
    if !dropped_rows.is_empty() {
        warnings.push(
            "constant_members_dropped",
            dropped_rows.len(),
            format!(
                "{} signature member row(s) are constant or incomplete across samples and were left out of the z-score, as GSVA does",
                dropped_rows.len()
            ),
        );
    }
    for r in reports.iter().filter(|r| r.n_up_used + r.n_down_used == 0) {
        warnings.push(
            "empty_signature",
            1,
            format!(
                "signature '{}' has no usable member: its scores are NA",
                r.name
            ),
        );
    }
    (scores, reports, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn mapped(up: Vec<usize>, down: Vec<usize>) -> MappedSignature {
        MappedSignature {
            name: "s".into(),
            listed: up.len() + down.len(),
            up,
            down,
            missing: vec![],
        }
    }

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("f{i}")).collect()
    }

    #[test]
    fn single_member_score_is_its_z() {
        let x = array![[1.0, 2.0, 3.0]];
        let (s, _, _) = score(x.view(), &names(1), &[mapped(vec![0], vec![])]);
        assert_eq!(s.row(0).to_vec(), vec![-1.0, 0.0, 1.0]);
    }

    #[test]
    fn down_member_enters_with_flipped_sign() {
        let x = array![[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]];
        let (s, _, _) = score(x.view(), &names(2), &[mapped(vec![0], vec![1])]);
        let expected = 2.0 / 2f64.sqrt();
        assert!((s[[0, 2]] - expected).abs() < 1e-15);
        assert!((s[[0, 0]] + expected).abs() < 1e-15);
    }

    #[test]
    fn constant_member_is_dropped_and_counted() {
        let x = array![[1.0, 2.0, 3.0], [5.0, 5.0, 5.0]];
        let (s, reports, warnings) = score(x.view(), &names(2), &[mapped(vec![0, 1], vec![])]);
        assert_eq!(s.row(0).to_vec(), vec![-1.0, 0.0, 1.0]);
        assert_eq!(reports[0].dropped, ["f1"]);
        assert_eq!(warnings.iter().next().map(|w| w.count), Some(1));
    }

    #[test]
    fn extreme_magnitudes_give_finite_z_scores() {
        let x = array![[1e308, 1e308, -1e308]];
        let (s, _, _) = score(x.view(), &names(1), &[mapped(vec![0], vec![])]);
        let small = array![[1.0, 1.0, -1.0]];
        let (t, _, _) = score(small.view(), &names(1), &[mapped(vec![0], vec![])]);
        for (a, b) in s.iter().zip(t.iter()) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
    }

    #[test]
    fn set_with_only_constant_members_scores_nan() {
        let x = array![[5.0, 5.0, 5.0]];
        let (s, _, w) = score(x.view(), &names(1), &[mapped(vec![0], vec![])]);
        assert!(s.iter().all(|v| v.is_nan()));
        assert!(w.iter().any(|w| w.code == "empty_signature"));
    }
}
