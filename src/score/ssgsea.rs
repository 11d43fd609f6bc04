//! Single-sample GSEA (Barbie et al. 2009) as in Bioconductor GSVA 1.46 `method = "ssgsea"` and
//! GSEApy 1.3 `ssgsea` (raw ES).
//!
//! In each sample the n features are ranked by value (average ranks, 1 = lowest) and ordered from
//! the highest; with weights w = rank^alpha and the 1-based positions p of the k members in that
//! order, the enrichment score is the sum of the running-sum walk, in closed form
//!
//! ```text
//! ES = sum_S w (n - p + 1) / sum_S w  -  (n (n + 1) / 2 - sum_S (n - p + 1)) / (n - k)
//! ```
//!
//! Conventions (`--compat`): GSVA truncates average ranks to integers (4.5 -> 4) and keeps tied
//! features in input row order; GSEApy keeps fractional average ranks and puts tied features in
//! reverse input order. On tie-free data the two agree (GSEApy's rank scaling 10^4 rank / n cancels
//! in the ratio). Both keep constant rows; rows with a missing value are left out of the ranking.
//!
//! Scaling (`--ssgsea-normalize`): `none` returns raw ES, so a sample's score depends on that sample
//! only; `range` divides every score by (max - min) of the raw ES over all signature halves and
//! samples scored together, which is GSVA's `ssgsea.norm = TRUE` and GSEApy's NES when every half is
//! scored as its own set.
//!
//! Directional signatures: ES(up) - ES(down), each half scored as its own set (GSVA's convention).
//!
//! Cost: O(n log n) per sample for the ranking plus O(k) per set; samples run in parallel (rayon,
//! in cache-friendly blocks, see `score::columns`), results merged in sample order, so the output
//! does not depend on the thread count.

use ndarray::{Array2, ArrayView2};

use super::columns::map_columns;
use super::params::{Compat, MethodParams, SsgseaNormalize};
use super::rank::argsort_descending;
#[cfg(test)]
use super::rank::average_ranks;
use super::sets::{complete_rows, up_minus_down, usable_sets};
use super::SetReport;
use crate::io::warnings::Warnings;
use crate::signature::MappedSignature;

/// Raw ES of one set (member indices into `pos`/`weight`) for a sample of `n` features.
fn enrichment(set: &[usize], pos: &[usize], weight: &[f64], n: usize) -> f64 {
    let nf = n as f64;
    let (mut num, mut den, mut hit) = (0.0, 0.0, 0.0);
    for &g in set {
        let step = nf - pos[g] as f64 + 1.0;
        num += weight[g] * step;
        den += weight[g];
        hit += step;
    }
    num / den - (nf * (nf + 1.0) / 2.0 - hit) / (nf - set.len() as f64)
}

/// Ranks, weights and positions of one sample: (1-based position of each feature, weight).
///
/// One sort: tie groups are contiguous in the descending order, and a group at descending positions
/// i..=j (0-based) holds the ascending ranks n - j ..= n - i, so its average rank is (2n - i - j) / 2.
///
/// `weights` is [`weight_table`] for `n = x.len()`.
fn sample_walk(x: &[f64], params: &MethodParams, weights: &[f64]) -> (Vec<usize>, Vec<f64>) {
    let n = x.len();
    let order = argsort_descending(x, params.compat == Compat::Gseapy);
    let mut pos = vec![0usize; n];
    let mut weight = vec![0.0; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let w = weights[2 * n - i - j];
        for (p, &g) in order.iter().enumerate().take(j + 1).skip(i) {
            pos[g] = p + 1;
            weight[g] = w;
        }
        i = j + 1;
    }
    (pos, weight)
}

/// The weight of every possible average rank of `n` features: entry `k` is `(k / 2)^alpha`, the
/// rank truncated first under GSVA's convention. Average ranks are multiples of 1/2, so one table
/// per matrix replaces a `powf` per feature and sample, with the same values.
fn weight_table(n: usize, params: &MethodParams) -> Vec<f64> {
    (0..=2 * n)
        .map(|k| {
            let mut rank = k as f64 / 2.0;
            if params.compat == Compat::Gsva {
                rank = rank.trunc();
            }
            rank.abs().powf(params.alpha)
        })
        .collect()
}

/// Scores `signatures` on `expr` (features x samples); returns signatures x samples.
pub fn score(
    expr: ArrayView2<'_, f64>,
    features: &[String],
    signatures: &[MappedSignature],
    params: &MethodParams,
) -> (Array2<f64>, Vec<SetReport>, Warnings) {
    let (kept, rows) = complete_rows(expr);
    let (sets, reports, warnings) = usable_sets(
        signatures,
        features,
        &kept,
        "ES(up) - ES(down), each half its own set",
        "incomplete (missing values)",
    );
    let n = rows.len();
    // Raw ES per half: [up, down] for each signature, per sample (None = empty half).
    let weights = weight_table(n, params);
    let per_sample: Vec<Vec<[Option<f64>; 2]>> = map_columns(expr, &rows, |x| {
        let (pos, weight) = sample_walk(x, params, &weights);
        sets.iter()
            .map(|s| {
                let half = |h: &[usize]| (!h.is_empty()).then(|| enrichment(h, &pos, &weight, n));
                [half(&s.up), half(&s.down)]
            })
            .collect()
    });
    let scale = match params.ssgsea_normalize {
        SsgseaNormalize::None => 1.0,
        SsgseaNormalize::Range => {
            let (lo, hi) = per_sample
                .iter()
                .flatten()
                .flatten()
                .flatten()
                .filter(|v| v.is_finite())
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                    (lo.min(v), hi.max(v))
                });
            hi - lo
        }
    };
    let mut scores = Array2::<f64>::from_elem((signatures.len(), expr.ncols()), f64::NAN);
    for (j, halves) in per_sample.iter().enumerate() {
        for (s, [up, down]) in halves.iter().enumerate() {
            scores[[s, j]] = up_minus_down(up.map(|v| v / scale), down.map(|v| v / scale));
        }
    }
    (scores, reports, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The running-sum definition, step by step, as a naive reference.
    fn naive(x: &[f64], set: &[usize], alpha: f64, ties_reversed: bool, truncate: bool) -> f64 {
        let n = x.len();
        let mut r = average_ranks(x);
        if truncate {
            r.iter_mut().for_each(|v| *v = v.trunc());
        }
        let order = argsort_descending(x, ties_reversed);
        let total: f64 = set.iter().map(|&g| r[g].powf(alpha)).sum();
        let (mut run, mut es) = (0.0, 0.0);
        for &g in &order {
            if set.contains(&g) {
                run += r[g].powf(alpha) / total;
            } else {
                run -= 1.0 / (n - set.len()) as f64;
            }
            es += run;
        }
        es
    }

    #[test]
    fn closed_form_equals_running_sum() {
        let x = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0];
        for compat in [Compat::Gsva, Compat::Gseapy] {
            let p = MethodParams {
                compat,
                ..Default::default()
            };
            let (pos, w) = sample_walk(&x, &p, &weight_table(x.len(), &p));
            let set = [0, 4, 8];
            let got = enrichment(&set, &pos, &w, x.len());
            let want = naive(
                &x,
                &set,
                0.25,
                compat == Compat::Gseapy,
                compat == Compat::Gsva,
            );
            assert!((got - want).abs() < 1e-12, "{compat:?}: {got} vs {want}");
        }
    }
}
