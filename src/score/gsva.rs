//! Gene set variation analysis (Hänzelmann, Castelo & Guinney 2013, BMC Bioinformatics 14:7) as in
//! Bioconductor GSVA 1.46 `method = "gsva"`.
//!
//! 1. Rows constant across samples (sd < 1e-10) or with a missing value are dropped from the whole
//!    matrix (GSVA's `.filterFeatures`), so n below counts the kept rows.
//! 2. Each feature's values are turned into a kernel estimate of its CDF at each sample,
//!    `r = log(F / (1 - F))`:
//!    * Gaussian (`--kcdf gaussian`): F = mean over samples i of Phi((x_j - x_i) / h), h = sd / 4
//!      (n - 1 denominator). Like GSVA, Phi is read from a 10,001-entry table of the standard normal
//!      CDF on [0, 10], indexed by truncating |v| / 10 * 10,000, mirrored for v < 0, 0 below -10 and 1
//!      above 10 (not the exact Phi, which differs by up to 1.3e-3); saturated features tie at +Inf.
//!    * Poisson (`--kcdf poisson`, for raw counts): F = mean over i of P(Pois(x_i + 0.5) <= x_j).
//!    * none: the empirical CDF, F = #{x_i <= x_j} / n.
//! 3. In each sample features are ordered by r, highest first (ties in input row order, R's stable
//!    `order`), and the feature at position p (1-based) gets rank score |n - p + 1 - n / 2|.
//! 4. For a set of k members the walk adds score / (sum of member scores) at a member and subtracts
//!    1 / (n - k) otherwise (tau = 1). With `--max-diff true` the score is the largest positive plus
//!    the largest negative deviation (`--abs-ranking true`: positive minus negative); with `false`,
//!    the deviation of larger magnitude.
//!
//! Directional signatures: score(up) - score(down), each half its own set (GSVA's convention).
//!
//! Cost: O(n_samples^2) kernel evaluations per feature for the Gaussian and Poisson kernels (as
//! GSVA; its arithmetic is kept exactly for parity). The Gaussian sums are in [`super::gsva_kernel`]:
//! each pair looked up once, four samples at a time, in AVX2 lanes where the CPU has them, with the
//! same bits as GSVA's double loop. The empirical CDF is O(n log n). Features run in parallel; then
//! O(n log n + sets x n) per sample, in parallel over samples. Results are merged in input order,
//! so they do not depend on the thread count.

use ndarray::{Array2, ArrayView2};
use rayon::prelude::*;

use super::gsva_kernel::left_tails;
use super::params::{Kcdf, MethodParams};
use super::rank::argsort_descending;
use super::sets::{gsva_keeps, keep_rows, up_minus_down, usable_sets};
use super::SetReport;
use crate::io::warnings::Warnings;
use crate::signature::MappedSignature;

/// P(X <= floor(q)) for X ~ Poisson(lambda).
fn poisson_cdf(q: f64, lambda: f64) -> f64 {
    if q < 0.0 {
        return 0.0;
    }
    statrs::function::gamma::gamma_ur(q.floor() + 1.0, lambda)
}

/// The per-sample statistic r of one feature (step 2 of the module doc).
pub fn feature_density(x: &[f64], kcdf: Kcdf) -> Vec<f64> {
    let n = x.len() as f64;
    match kcdf {
        Kcdf::None => {
            // #{x_i <= y} by binary search in the sorted values: exact counts, O(n log n)
            let mut sorted = x.to_vec();
            sorted.sort_by(f64::total_cmp);
            x.iter()
                .map(|&y| {
                    let f = sorted.partition_point(|&v| v <= y) as f64 / n;
                    (f / (1.0 - f)).ln()
                })
                .collect()
        }
        Kcdf::Poisson => x
            .iter()
            .map(|&y| {
                let lt = x.iter().map(|&xi| poisson_cdf(y, xi + 0.5)).sum::<f64>() / n;
                -((1.0 - lt) / lt).ln()
            })
            .collect(),
        Kcdf::Gaussian | Kcdf::Auto => left_tails(x)
            .into_iter()
            .map(|lt| {
                let lt = lt / n;
                -((1.0 - lt) / lt).ln()
            })
            .collect(),
    }
}

/// The max-deviation walk of one set (`mask` marks members) over features in `order`.
fn walk(
    order: &[usize],
    rank_score: &[f64],
    set: &[usize],
    mask: &[bool],
    params: &MethodParams,
) -> f64 {
    let n = order.len();
    let dec = 1.0 / (n - set.len()) as f64;
    let total: f64 = set.iter().map(|&g| rank_score[g]).sum();
    let (mut cum, mut pos, mut neg) = (0.0f64, 0.0f64, 0.0f64);
    for &g in order {
        if mask[g] {
            cum += rank_score[g] / total;
        } else {
            cum -= dec;
        }
        pos = pos.max(cum);
        neg = neg.min(cum);
    }
    match (params.max_diff, params.abs_ranking) {
        (true, false) => pos + neg,
        (true, true) => pos - neg,
        (false, _) => {
            if pos > neg.abs() {
                pos
            } else {
                neg
            }
        }
    }
}

/// Scores `signatures` on `expr` (features x samples); returns signatures x samples.
///
/// `expr` must be what the kernel expects: log-scale values for Gaussian/none, raw counts for
/// Poisson (the pipeline passes the counts).
pub fn score(
    expr: ArrayView2<'_, f64>,
    features: &[String],
    signatures: &[MappedSignature],
    params: &MethodParams,
) -> (Array2<f64>, Vec<SetReport>, Warnings) {
    let (kept, rows) = keep_rows(expr, gsva_keeps);
    let (sets, reports, warnings) = usable_sets(
        signatures,
        features,
        &kept,
        "GSVA(up) - GSVA(down), each half its own set",
        "constant or incomplete across samples (dropped from the whole matrix, as GSVA does)",
    );
    let n = rows.len();
    let density: Vec<Vec<f64>> = rows
        .par_iter()
        .map(|&r| feature_density(&expr.row(r).to_vec(), params.kcdf))
        .collect();
    let masks: Vec<[Vec<bool>; 2]> = sets
        .iter()
        .map(|s| {
            let mask = |h: &[usize]| {
                let mut m = vec![false; n];
                h.iter().for_each(|&g| m[g] = true);
                m
            };
            [mask(&s.up), mask(&s.down)]
        })
        .collect();
    let columns: Vec<Vec<f64>> = (0..expr.ncols())
        .into_par_iter()
        .map(|j| {
            let r: Vec<f64> = density.iter().map(|d| d[j]).collect();
            let order = argsort_descending(&r, false);
            let mut rank_score = vec![0.0; n];
            for (p, &g) in order.iter().enumerate() {
                rank_score[g] = ((n - p) as f64 - n as f64 / 2.0).abs();
            }
            sets.iter()
                .zip(&masks)
                .map(|(s, [mu, md])| {
                    let half = |h: &[usize], m: &[bool]| {
                        (!h.is_empty()).then(|| walk(&order, &rank_score, h, m, params))
                    };
                    up_minus_down(half(&s.up, mu), half(&s.down, md))
                })
                .collect()
        })
        .collect();
    let mut scores = Array2::<f64>::from_elem((signatures.len(), expr.ncols()), f64::NAN);
    for (j, col) in columns.iter().enumerate() {
        for (s, v) in col.iter().enumerate() {
            scores[[s, j]] = *v;
        }
    }
    (scores, reports, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empirical_cdf_counts_ties_as_at_most() {
        let r = feature_density(&[2.0, 1.0, 2.0, 3.0], Kcdf::None);
        let f = [0.75f64, 0.25, 0.75, 1.0];
        for (got, f) in r.iter().zip(f) {
            assert_eq!(*got, (f / (1.0 - f)).ln());
        }
    }

    #[test]
    fn poisson_cdf_matches_direct_sum() {
        let lambda: f64 = 3.5;
        let direct: f64 = (0..=4)
            .map(|k| (-lambda).exp() * lambda.powi(k) / (1..=k).map(f64::from).product::<f64>())
            .sum();
        assert!((poisson_cdf(4.0, lambda) - direct).abs() < 1e-14);
    }

    #[test]
    fn walk_of_a_set_at_the_top_is_positive() {
        let order: Vec<usize> = (0..6).collect();
        let rs = [3.0, 2.0, 1.0, 0.0, 1.0, 2.0];
        let set = [0, 1];
        let mask = [true, true, false, false, false, false];
        let p = MethodParams::default();
        // walk: +3/5, +2/5 -> 1.0, then -1/4 x 4 -> 0: max 1, min 0
        assert!((walk(&order, &rs, &set, &mask, &p) - 1.0).abs() < 1e-15);
    }
}
