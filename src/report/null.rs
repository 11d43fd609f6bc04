//! The random-signature null: how often does a signature of the same size and direction split,
//! drawn at random from the measured features, separate the groups at least as well?
//!
//! Draw `d` (0-based) takes `n_up + n_down` distinct rows uniformly without replacement from the
//! eligible rows (complete, non-constant: the rows a method can use), the first `n_up` of them
//! as up members and the rest as down members. Its random stream is ChaCha20 seeded with
//! `seed` and set to stream `d`, so every draw is fixed by (seed, d) alone: the result does not
//! depend on the thread count or on which other signatures are in the run. The random
//! signatures are scored with the run's own method on the same normalised matrix, and each AUC
//! is computed on the same cases and controls as the observed one.
//!
//! `p_random` = (1 + #{null AUC >= observed AUC}) / (1 + N): one-sided, because a curated
//! signature states which way is risk (the AUC is never flipped). Cost: N scorings of a
//! k-member set, O(N k samples) for `zscore`, plus N AUCs in O(N n log n).

use ndarray::{ArrayView2, Axis};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rayon::prelude::*;
use serde::Serialize;

use crate::io::sample_sheet::Groups;
use crate::score::{self, Method};
use crate::signature::MappedSignature;
use crate::stats::roc::auc;

/// Number of bins of the histogram shown on the page.
pub const BINS: usize = 20;

/// The null of one signature.
#[derive(Debug, Clone, Serialize)]
pub struct NullResult {
    /// Random signatures drawn.
    pub n_random: usize,
    /// The seed.
    pub seed: u64,
    /// Up members per random signature.
    pub n_up: usize,
    /// Down members per random signature.
    pub n_down: usize,
    /// Rows eligible for drawing.
    pub n_eligible: usize,
    /// The signature's own AUC.
    pub observed_auc: f64,
    /// (1 + #{null >= observed}) / (1 + N); NaN when nothing was drawn.
    pub p_random: f64,
    /// AUC of each random signature, in draw order (NaN when a draw could not be scored).
    pub aucs: Vec<f64>,
    /// Histogram of `aucs` over [0, 1] in [`BINS`] equal bins (the last bin includes 1).
    pub histogram: Vec<usize>,
}

/// Rows a random signature may use: no missing value and a non-zero spread.
pub fn eligible_rows(expr: ArrayView2<f64>) -> Vec<usize> {
    expr.axis_iter(Axis(0))
        .enumerate()
        .filter(|(_, row)| {
            row.iter().all(|v| v.is_finite()) && row.iter().any(|&v| v != row[0]) && row.len() >= 2
        })
        .map(|(i, _)| i)
        .collect()
}

/// Draw `d`: `n_up` up rows and `n_down` down rows from `eligible`, fixed by (`seed`, `d`).
/// `None` when there are too few eligible rows.
pub fn draw(
    eligible: &[usize],
    n_up: usize,
    n_down: usize,
    seed: u64,
    d: u64,
) -> Option<(Vec<usize>, Vec<usize>)> {
    let k = n_up + n_down;
    if k == 0 || k > eligible.len() {
        return None;
    }
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    rng.set_stream(d);
    let picked = rand::seq::index::sample(&mut rng, eligible.len(), k).into_vec();
    let rows: Vec<usize> = picked.into_iter().map(|i| eligible[i]).collect();
    Some((rows[..n_up].to_vec(), rows[n_up..].to_vec()))
}

/// Everything [`null`] needs about the run.
#[derive(Debug, Clone, Copy)]
pub struct NullInput<'a> {
    /// The normalised matrix (features x samples).
    pub expr: ArrayView2<'a, f64>,
    /// Row names.
    pub features: &'a [String],
    /// Column names.
    pub samples: &'a [String],
    /// Rows eligible for drawing ([`eligible_rows`]).
    pub eligible: &'a [usize],
    /// Cases and controls.
    pub groups: &'a Groups,
    /// The run's method.
    pub method: Method,
}

/// The null of a signature with `n_up`/`n_down` members used and AUC `observed`.
pub fn null(
    input: &NullInput<'_>,
    n_up: usize,
    n_down: usize,
    observed: f64,
    n_random: usize,
    seed: u64,
) -> NullResult {
    let sets: Vec<MappedSignature> = (0..n_random as u64)
        .into_par_iter()
        .filter_map(|d| {
            draw(input.eligible, n_up, n_down, seed, d).map(|(up, down)| MappedSignature {
                name: format!("random_{d}"),
                listed: n_up + n_down,
                up,
                down,
                missing: Vec::new(),
            })
        })
        .collect();
    let (table, _) = score::score(
        input.expr,
        input.features,
        input.samples,
        &sets,
        input.method,
    );
    let aucs: Vec<f64> = (0..sets.len())
        .into_par_iter()
        .map(|s| {
            let row = table.scores.row(s);
            let pick = |idx: &[usize]| -> ndarray::Array1<f64> {
                idx.iter()
                    .map(|&j| row[j])
                    .filter(|v| !v.is_nan())
                    .collect()
            };
            let (c, o) = (pick(&input.groups.case), pick(&input.groups.control));
            auc(c.view(), o.view()).unwrap_or(f64::NAN)
        })
        .collect();
    let valid: Vec<f64> = aucs.iter().copied().filter(|a| !a.is_nan()).collect();
    let p_random = if valid.is_empty() || observed.is_nan() {
        f64::NAN
    } else {
        let at_least = valid.iter().filter(|&&a| a >= observed).count();
        (1 + at_least) as f64 / (1 + valid.len()) as f64
    };
    NullResult {
        n_random: sets.len(),
        seed,
        n_up,
        n_down,
        n_eligible: input.eligible.len(),
        observed_auc: observed,
        p_random,
        histogram: histogram(&valid),
        aucs,
    }
}

/// Counts of `values` in [`BINS`] equal bins over [0, 1]; 1.0 falls in the last bin.
pub fn histogram(values: &[f64]) -> Vec<usize> {
    let mut counts = vec![0usize; BINS];
    for &v in values {
        if (0.0..=1.0).contains(&v) {
            let b = ((v * BINS as f64) as usize).min(BINS - 1);
            counts[b] += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn a_draw_is_fixed_by_seed_and_index_and_respects_the_split() {
        let eligible: Vec<usize> = (10..40).collect();
        let a = draw(&eligible, 3, 2, 7, 5).unwrap();
        assert_eq!(a, draw(&eligible, 3, 2, 7, 5).unwrap());
        assert_ne!(a, draw(&eligible, 3, 2, 7, 6).unwrap());
        assert_ne!(a, draw(&eligible, 3, 2, 8, 5).unwrap());
        assert_eq!((a.0.len(), a.1.len()), (3, 2));
        let mut all: Vec<usize> = a.0.iter().chain(&a.1).copied().collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 5);
        assert!(all.iter().all(|r| eligible.contains(r)));
        assert!(draw(&eligible, 20, 11, 7, 0).is_none());
    }

    #[test]
    fn constant_and_incomplete_rows_are_not_eligible() {
        let x = array![
            [1.0, 2.0, 3.0],
            [4.0, 4.0, 4.0],
            [1.0, f64::NAN, 2.0],
            [0.0, 0.0, 1.0]
        ];
        assert_eq!(eligible_rows(x.view()), vec![0, 3]);
    }

    #[test]
    fn histogram_puts_one_in_the_last_bin() {
        let h = histogram(&[0.0, 0.5, 1.0, 0.999]);
        assert_eq!((h[0], h[10], h[BINS - 1]), (1, 1, 2));
        assert_eq!(h.iter().sum::<usize>(), 4);
    }

    #[test]
    fn p_random_counts_null_aucs_at_least_the_observed_one() {
        // Row 0 separates the groups perfectly; the others are noise of the same shape.
        let x = array![
            [5.0, 6.0, 7.0, 1.0, 2.0, 3.0],
            [1.0, 3.0, 2.0, 3.0, 1.0, 2.0],
            [2.0, 1.0, 3.0, 1.0, 3.0, 2.0],
            [3.0, 2.0, 1.0, 2.0, 1.0, 3.0],
        ];
        let features: Vec<String> = (0..4).map(|i| format!("f{i}")).collect();
        let samples: Vec<String> = (0..6).map(|i| format!("s{i}")).collect();
        let groups = Groups {
            case: vec![0, 1, 2],
            control: vec![3, 4, 5],
            left_out: vec![],
        };
        let eligible = eligible_rows(x.view());
        let input = NullInput {
            expr: x.view(),
            features: &features,
            samples: &samples,
            eligible: &eligible,
            groups: &groups,
            method: Method::Zscore,
        };
        let r = null(&input, 1, 0, 1.0, 200, 1);
        assert_eq!(r.aucs.len(), 200);
        let perfect = r.aucs.iter().filter(|&&a| a == 1.0).count();
        assert!(perfect > 20 && perfect < 100, "{perfect}");
        assert_eq!(r.p_random, (1 + perfect) as f64 / 201.0);
        assert_eq!(r.histogram.iter().sum::<usize>(), 200);
    }
}
