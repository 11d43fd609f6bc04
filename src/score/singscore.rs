//! singscore (Foroutan et al. 2018, BMC Bioinformatics 19:404), the rank-based single-sample score
//! of the Bioconductor package `singscore` (`rankGenes` + `simpleScore`), implemented from the paper
//! and the package documentation (no peer is installed here: Debian has no r-bioc-singscore).
//!
//! In each sample the n features are ranked ascending (1 = lowest; ties take the minimum rank, the
//! package's default `tiesMethod = "min"`). For a set of k members with mean rank m the score is
//! centred and scaled by its theoretical bounds L = (k + 1) / 2 and U = (2n - k + 1) / 2:
//!
//! ```text
//! S = (m - L) / (U - L) - 0.5      in [-0.5, 0.5] (tie-free data)
//! ```
//!
//! Dispersion: the median absolute deviation of the members' ranks (R's `mad`, constant 1.4826),
//! reported per sample in JSON (`dispersion`).
//!
//! Directional signatures: S(up) - S(down), both on the same ranks, in [-1, 1]. The package scores
//! the down set on reversed ranks and adds: n + 1 - r reverses the ranks, and since L + U = n + 1 its
//! centred score is exactly -S(down) on tie-free data. The dispersion is the sum of the two halves'
//! (the package's `TotalDispersion`). Rows with a missing value are left out of the ranking.
//!
//! Cost: O(n log n) per sample plus O(k log k) per set; samples in parallel (rayon), merged in order.

use ndarray::{Array2, ArrayView2};

use super::columns::map_columns;
use super::rank::min_ranks;
use super::sets::{complete_rows, up_minus_down, usable_sets};
use super::SetReport;
use crate::io::warnings::Warnings;
use crate::signature::MappedSignature;

/// R's `median`.
fn median(mut x: Vec<f64>) -> f64 {
    x.sort_by(f64::total_cmp);
    let n = x.len();
    if n % 2 == 1 {
        x[n / 2]
    } else {
        (x[n / 2 - 1] + x[n / 2]) / 2.0
    }
}

/// R's `mad(x)`: 1.4826 * median |x - median(x)|.
pub fn mad(x: &[f64]) -> f64 {
    let m = median(x.to_vec());
    1.4826 * median(x.iter().map(|v| (v - m).abs()).collect())
}

/// Centred score and dispersion of one set (indices into `ranks`).
pub fn centred_score(ranks: &[f64], set: &[usize]) -> (f64, f64) {
    let n = ranks.len() as f64;
    let k = set.len() as f64;
    let r: Vec<f64> = set.iter().map(|&g| ranks[g]).collect();
    let mean = r.iter().sum::<f64>() / k;
    let low = (k + 1.0) / 2.0;
    let high = (2.0 * n - k + 1.0) / 2.0;
    ((mean - low) / (high - low) - 0.5, mad(&r))
}

/// Scores `signatures` on `expr` (features x samples); returns signatures x samples.
pub fn score(
    expr: ArrayView2<'_, f64>,
    features: &[String],
    signatures: &[MappedSignature],
) -> (Array2<f64>, Vec<SetReport>, Warnings) {
    let (kept, rows) = complete_rows(expr);
    let (sets, mut reports, warnings) = usable_sets(
        signatures,
        features,
        &kept,
        "S(up) - S(down), centred scores on the same ranks; dispersion = MAD(up) + MAD(down)",
        "incomplete (missing values)",
    );
    let per_sample: Vec<Vec<(f64, f64)>> = map_columns(expr, &rows, |x| {
        let ranks = min_ranks(x);
        sets.iter()
            .map(|s| {
                let half = |h: &[usize]| (!h.is_empty()).then(|| centred_score(&ranks, h));
                let (up, down) = (half(&s.up), half(&s.down));
                let score = up_minus_down(up.map(|u| u.0), down.map(|d| d.0));
                let dispersion = match (up, down) {
                    (None, None) => f64::NAN,
                    _ => up.map_or(0.0, |u| u.1) + down.map_or(0.0, |d| d.1),
                };
                (score, dispersion)
            })
            .collect()
    });
    let mut scores = Array2::<f64>::from_elem((signatures.len(), expr.ncols()), f64::NAN);
    for (s, report) in reports.iter_mut().enumerate() {
        report.dispersion = Some(per_sample.iter().map(|col| col[s].1).collect());
        for (j, col) in per_sample.iter().enumerate() {
            scores[[s, j]] = col[s].0;
        }
    }
    (scores, reports, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_worked_example() {
        // n = 6 features, values ranked 1..6 as written; set = features with ranks 5 and 6 (k = 2).
        // mean rank m = 5.5; L = (2 + 1) / 2 = 1.5; U = (12 - 2 + 1) / 2 = 5.5
        // S = (5.5 - 1.5) / (5.5 - 1.5) - 0.5 = 0.5 (the top: upper bound)
        let ranks = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let (s, d) = centred_score(&ranks, &[4, 5]);
        assert_eq!(s, 0.5);
        // MAD of {5, 6}: median 5.5, deviations {0.5, 0.5} -> 1.4826 * 0.5
        assert!((d - 0.7413).abs() < 1e-15);
        // set {ranks 2, 6}: m = 4, S = (4 - 1.5) / 4 - 0.5 = 0.125
        assert!((centred_score(&ranks, &[1, 5]).0 - 0.125).abs() < 1e-15);
        // set {ranks 1, 2}: the lower bound, S = -0.5
        assert_eq!(centred_score(&ranks, &[0, 1]).0, -0.5);
    }

    #[test]
    fn swapping_up_and_down_negates_the_score() {
        use ndarray::array;
        let x = array![[1.0, 5.0], [2.0, 4.0], [3.0, 3.5], [4.0, 2.0], [5.0, 1.0]];
        let f: Vec<String> = (0..5).map(|i| format!("f{i}")).collect();
        let sig = |up: Vec<usize>, down: Vec<usize>| MappedSignature {
            name: "s".into(),
            listed: up.len() + down.len(),
            up,
            down,
            missing: vec![],
        };
        let (a, _, _) = score(x.view(), &f, &[sig(vec![0, 1], vec![3, 4])]);
        let (b, _, _) = score(x.view(), &f, &[sig(vec![3, 4], vec![0, 1])]);
        for j in 0..2 {
            assert_eq!(a[[0, j]], -b[[0, j]]);
        }
        assert_eq!(a[[0, 0]], -1.0);
    }
}
