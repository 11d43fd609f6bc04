//! Shared bookkeeping of the methods: which members a method can use, the report of each set, the
//! warnings about dropped members and small sets, and the up/down combination of rank methods.
//!
//! Rule for small sets (all methods): a signature left with no usable member scores NA
//! (`empty_signature` warning); one left with a single usable member is still scored, as GSVA does,
//! with a `small_signature` warning naming it, because a one-member "set" is just that feature.

use super::SetReport;
use crate::io::warnings::Warnings;
use crate::signature::MappedSignature;

/// A signature restricted to the rows a method can use, re-indexed into the method's own row space.
#[derive(Debug, Clone)]
pub(crate) struct UsableSet {
    /// Up members, as indices into the method's kept rows.
    pub up: Vec<usize>,
    /// Down members, likewise.
    pub down: Vec<usize>,
}

/// Maps every signature onto `kept` (matrix row -> index among kept rows, or `None` when the method
/// cannot use that row) and builds the reports and warnings.
pub(crate) fn usable_sets(
    signatures: &[MappedSignature],
    features: &[String],
    kept: &[Option<usize>],
    combination: &str,
    drop_reason: &str,
) -> (Vec<UsableSet>, Vec<SetReport>, Warnings) {
    let mut sets = Vec::with_capacity(signatures.len());
    let mut reports = Vec::with_capacity(signatures.len());
    let mut dropped_rows = std::collections::BTreeSet::new();
    for sig in signatures {
        let mut dropped = Vec::new();
        let mut pick = |rows: &[usize]| -> Vec<usize> {
            rows.iter()
                .filter_map(|&r| match kept.get(r).copied().flatten() {
                    Some(k) => Some(k),
                    None => {
                        dropped.push(features[r].clone());
                        dropped_rows.insert(r);
                        None
                    }
                })
                .collect()
        };
        let up = pick(&sig.up);
        let down = pick(&sig.down);
        reports.push(SetReport {
            name: sig.name.clone(),
            n_up_used: up.len(),
            n_down_used: down.len(),
            dropped,
            combination: combination.to_string(),
            dispersion: None,
        });
        sets.push(UsableSet { up, down });
    }
    let mut warnings = Warnings::default();
    if !dropped_rows.is_empty() {
        warnings.push(
            "constant_members_dropped",
            dropped_rows.len(),
            format!(
                "{} signature member row(s) are {drop_reason} and were left out",
                dropped_rows.len()
            ),
        );
    }
    for r in &reports {
        match r.n_up_used + r.n_down_used {
            0 => warnings.push(
                "empty_signature",
                1,
                format!(
                    "signature '{}' has no usable member: its scores are NA",
                    r.name
                ),
            ),
            1 => warnings.push(
                "small_signature",
                1,
                format!(
                    "signature '{}' has a single usable member: its score is that feature's",
                    r.name
                ),
            ),
            _ => {}
        }
    }
    (sets, reports, warnings)
}

/// Rows with no missing value, as the `kept` map of [`usable_sets`], and their matrix indices.
pub(crate) fn complete_rows(
    expr: ndarray::ArrayView2<'_, f64>,
) -> (Vec<Option<usize>>, Vec<usize>) {
    keep_rows(expr, |row| row.iter().all(|v| !v.is_nan()))
}

/// Rows for which `keep` holds, as the `kept` map of [`usable_sets`], and their matrix indices.
pub(crate) fn keep_rows(
    expr: ndarray::ArrayView2<'_, f64>,
    keep: impl Fn(ndarray::ArrayView1<'_, f64>) -> bool,
) -> (Vec<Option<usize>>, Vec<usize>) {
    let mut map = vec![None; expr.nrows()];
    let mut rows = Vec::new();
    for (i, row) in expr.rows().into_iter().enumerate() {
        if keep(row) {
            map[i] = Some(rows.len());
            rows.push(i);
        }
    }
    (map, rows)
}

/// The rank-method combination: score(up) - score(down); a missing half contributes nothing; NA
/// when both halves are empty.
pub(crate) fn up_minus_down(up: Option<f64>, down: Option<f64>) -> f64 {
    match (up, down) {
        (Some(u), Some(d)) => u - d,
        (Some(u), None) => u,
        (None, Some(d)) => -d,
        (None, None) => f64::NAN,
    }
}

/// Sample standard deviation (n - 1 denominator) of `x`.
pub(crate) fn sd(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    (x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0)).sqrt()
}

/// GSVA's constant-row rule (`.filterFeatures`): a row is dropped when its standard deviation is
/// below 1e-10 or undefined (missing values, fewer than two samples).
pub(crate) fn gsva_keeps(row: ndarray::ArrayView1<'_, f64>) -> bool {
    if row.len() < 2 || row.iter().any(|v| v.is_nan()) {
        return false;
    }
    let x: Vec<f64> = row.to_vec();
    sd(&x) >= 1e-10
}
