//! Mean of signed standardised members: a simple baseline.
//!
//! Each feature is standardised across samples (z = (x - mean) / sd, n - 1 denominator); the score
//! is (sum of z of up members - sum of z of down members) / k. It equals the `zscore` score divided
//! by sqrt(k). Constant or incomplete rows are left out (reported), as in `zscore`.
//!
//! Cost: O(m x n) for the m member rows and n samples.

use ndarray::{Array2, ArrayView2};

use super::sets::{keep_rows, usable_sets};
use super::zscore::standardised;
use super::SetReport;
use crate::io::warnings::Warnings;
use crate::signature::MappedSignature;

/// Scores `signatures` on `expr` (features x samples); returns signatures x samples.
pub fn score(
    expr: ArrayView2<'_, f64>,
    features: &[String],
    signatures: &[MappedSignature],
) -> (Array2<f64>, Vec<SetReport>, Warnings) {
    let (kept, rows) = keep_rows(expr, |row| standardised(row).is_some());
    let (sets, reports, warnings) = usable_sets(
        signatures,
        features,
        &kept,
        "(sum of z of up members - sum of z of down members) / k",
        "constant or incomplete across samples",
    );
    let n = expr.ncols();
    let z = |k: usize| -> Vec<f64> {
        match standardised(expr.row(rows[k])) {
            Some(z) => z.to_vec(),
            None => vec![f64::NAN; n],
        }
    };
    let mut scores = Array2::<f64>::from_elem((signatures.len(), n), f64::NAN);
    for (s, set) in sets.iter().enumerate() {
        let k = set.up.len() + set.down.len();
        if k == 0 {
            continue;
        }
        let zs: Vec<(Vec<f64>, f64)> = set
            .up
            .iter()
            .map(|&m| (m, 1.0))
            .chain(set.down.iter().map(|&m| (m, -1.0)))
            .map(|(m, sign)| (z(m), sign))
            .collect();
        for j in 0..n {
            scores[[s, j]] = zs.iter().map(|(z, sign)| sign * z[j]).sum::<f64>() / k as f64;
        }
    }
    (scores, reports, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::MappedSignature;
    use ndarray::array;

    #[test]
    fn mean_is_zscore_over_sqrt_k() {
        let x = array![[1.0, 2.0, 3.0], [3.0, 2.0, 1.0], [1.0, 1.0, 4.0]];
        let f: Vec<String> = (0..3).map(|i| format!("f{i}")).collect();
        let sig = MappedSignature {
            name: "s".into(),
            listed: 3,
            up: vec![0, 2],
            down: vec![1],
            missing: vec![],
        };
        let (m, _, _) = score(x.view(), &f, std::slice::from_ref(&sig));
        let (z, _, _) = super::super::zscore::score(x.view(), &f, &[sig]);
        for j in 0..3 {
            assert!((m[[0, j]] - z[[0, j]] / 3f64.sqrt()).abs() < 1e-14);
        }
    }
}
