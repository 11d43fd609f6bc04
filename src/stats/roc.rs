//! Receiver operating characteristic of a score separating cases from controls.
//!
//! * AUC = P(case > control) + 0.5 P(case = control), never flipped (a score that ranks controls
//!   higher has AUC < 0.5). Same as scikit-learn `roc_auc_score` and pROC `roc(levels =
//!   c(control, case), direction = "<")`.
//! * DeLong variance (DeLong, DeLong & Clarke-Pearson 1988), in pROC's structural-component form:
//!   V10_i = mean_j ψ(x_i, y_j) for case i, V01_j = mean_i ψ(x_i, y_j) for control j, with
//!   ψ = 1, 1/2, 0 for x > y, x = y, x < y; var = s²(V10)/m + s²(V01)/n (ddof = 1). Computed from
//!   midranks (Sun & Xu 2014) in O((m + n) log(m + n)).
//! * 95% CI: AUC ± z_{0.975} sqrt(var), clipped to [0, 1], as pROC `ci.auc(method = "delong")`.
//! * Paired DeLong test of two scores on the same samples, as pROC `roc.test(paired = TRUE,
//!   method = "delong")`: z = (A1 - A2) / sqrt(var1 + var2 - 2 cov), two-sided normal p.
//! * Youden cut-point: the threshold maximising sensitivity + specificity - 1 among midpoints of
//!   consecutive distinct values (a sample is called case when score > cut), the lowest on ties.
//! * Stratified bootstrap CI: cases and controls resampled separately with replacement, one
//!   ChaCha20 stream per replicate index (so the result does not depend on the thread count),
//!   percentile interval with R's quantile type 7.

use ndarray::ArrayView1;
use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rayon::prelude::*;
use serde::Serialize;

use super::mann_whitney::{midranks, midranks_in_order, Pooled};
use super::special::{normal_quantile, normal_sf};

/// AUC with its DeLong variance and 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Auc {
    /// P(case > control) + 0.5 P(tie).
    pub auc: f64,
    /// DeLong variance (NaN when a group has fewer than 2 values).
    pub var: f64,
    /// Lower 95% bound, clipped to 0.
    pub ci_lo: f64,
    /// Upper 95% bound, clipped to 1.
    pub ci_hi: f64,
}

/// Structural components V10 (per case) and V01 (per control).
fn components(pooled: &Pooled) -> (Vec<f64>, Vec<f64>) {
    let (m, n) = (pooled.n_case, pooled.n_control());
    let (pooled, order) = (&pooled.values, &pooled.order);
    // One sort: the pooled order restricted to each group is that group's own order (ties stay
    // in index order in both).
    let (tz, _) = midranks_in_order(pooled, order);
    let case_order: Vec<usize> = order.iter().copied().filter(|&k| k < m).collect();
    let control_order: Vec<usize> = order.iter().filter(|&&k| k >= m).map(|&k| k - m).collect();
    let (tx, _) = midranks_in_order(&pooled[..m], &case_order);
    let (ty, _) = midranks_in_order(&pooled[m..], &control_order);
    let v10 = (0..m).map(|i| (tz[i] - tx[i]) / n as f64).collect();
    let v01 = (0..n)
        .map(|j| 1.0 - (tz[m + j] - ty[j]) / m as f64)
        .collect();
    (v10, v01)
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

fn cov(a: &[f64], b: &[f64]) -> f64 {
    let (ma, mb) = (mean(a), mean(b));
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - ma) * (y - mb))
        .sum::<f64>()
        / (a.len() as f64 - 1.0)
}

/// The AUC alone, P(case > control) + 0.5 P(tie); `None` when a group is empty.
pub fn auc(case: ArrayView1<f64>, control: ArrayView1<f64>) -> Option<f64> {
    if case.is_empty() || control.is_empty() {
        return None;
    }
    let (m, n) = (case.len() as f64, control.len() as f64);
    let pooled: Vec<f64> = case.iter().chain(control.iter()).copied().collect();
    let (ranks, _) = midranks(&pooled);
    let r1: f64 = ranks[..case.len()].iter().sum();
    Some((r1 - m * (m + 1.0) / 2.0) / (m * n))
}

/// AUC, DeLong variance and 95% CI; `None` when a group is empty. With a single case or control
/// the variance and CI are NaN (pROC also refuses them).
///
/// ```
/// use ndarray::array;
/// let a = osteomir::stats::roc::auc_delong(array![0.9, 0.8, 0.4].view(), array![0.1, 0.5, 0.3].view()).unwrap();
/// assert!((a.auc - 8.0 / 9.0).abs() < 1e-15);
/// ```
pub fn auc_delong(case: ArrayView1<f64>, control: ArrayView1<f64>) -> Option<Auc> {
    if case.is_empty() || control.is_empty() {
        return None;
    }
    auc_delong_pooled(&Pooled::new(case, control))
}

/// [`auc_delong`] of groups already pooled and sorted; `None` when a group is empty.
pub fn auc_delong_pooled(pooled: &Pooled) -> Option<Auc> {
    if pooled.n_case == 0 || pooled.n_control() == 0 {
        return None;
    }
    let (v10, v01) = components(pooled);
    let a = mean(&v10);
    if pooled.n_case < 2 || pooled.n_control() < 2 {
        return Some(Auc {
            auc: a,
            var: f64::NAN,
            ci_lo: f64::NAN,
            ci_hi: f64::NAN,
        });
    }
    let var = cov(&v10, &v10) / v10.len() as f64 + cov(&v01, &v01) / v01.len() as f64;
    let z = normal_quantile(0.975);
    let sd = var.sqrt();
    Some(Auc {
        auc: a,
        var,
        ci_lo: (a - z * sd).clamp(0.0, 1.0),
        ci_hi: (a + z * sd).clamp(0.0, 1.0),
    })
}

/// The paired DeLong test of two scores measured on the same cases and controls.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairedDelong {
    /// AUC of the first score.
    pub auc1: f64,
    /// AUC of the second score.
    pub auc2: f64,
    /// z = (auc1 - auc2) / sd of the difference.
    pub z: f64,
    /// Two-sided p-value.
    pub p: f64,
}

/// DeLong test of two correlated AUCs (`case1`/`case2` are the two scores of the same cases, in
/// the same order; likewise the controls). `None` when a group has fewer than 2 values or the
/// lengths disagree.
pub fn paired_delong(
    case1: ArrayView1<f64>,
    control1: ArrayView1<f64>,
    case2: ArrayView1<f64>,
    control2: ArrayView1<f64>,
) -> Option<PairedDelong> {
    let (m, n) = (case1.len(), control1.len());
    if m < 2 || n < 2 || case2.len() != m || control2.len() != n {
        return None;
    }
    let (a10, a01) = components(&Pooled::new(case1, control1));
    let (b10, b01) = components(&Pooled::new(case2, control2));
    let (auc1, auc2) = (mean(&a10), mean(&b10));
    let (mf, nf) = (m as f64, n as f64);
    let var1 = cov(&a10, &a10) / mf + cov(&a01, &a01) / nf;
    let var2 = cov(&b10, &b10) / mf + cov(&b01, &b01) / nf;
    let c = cov(&a10, &b10) / mf + cov(&a01, &b01) / nf;
    let z = (auc1 - auc2) / (var1 + var2 - 2.0 * c).sqrt();
    Some(PairedDelong {
        auc1,
        auc2,
        z,
        p: 2.0 * normal_sf(z.abs()),
    })
}

/// The Youden-optimal threshold and its operating point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Youden {
    /// Threshold: a sample is called case when its score is above it.
    pub cut: f64,
    /// Share of cases above the cut.
    pub sensitivity: f64,
    /// Share of controls at or below the cut.
    pub specificity: f64,
}

/// The cut maximising sensitivity + specificity - 1 over midpoints between consecutive distinct
/// pooled values and ±inf (pROC's thresholds); the lowest such cut wins ties. `None` when a group
/// is empty.
pub fn youden(case: ArrayView1<f64>, control: ArrayView1<f64>) -> Option<Youden> {
    if case.is_empty() || control.is_empty() {
        return None;
    }
    youden_pooled(&Pooled::new(case, control))
}

/// [`youden`] of groups already pooled and sorted; `None` when a group is empty.
pub fn youden_pooled(pooled: &Pooled) -> Option<Youden> {
    let (m, n) = (pooled.n_case, pooled.n_control());
    if m == 0 || n == 0 {
        return None;
    }
    // (value, is_case) sorted by value (ties in input order); one sweep over the distinct values.
    let values = &pooled.values;
    let pooled: Vec<(f64, bool)> = pooled.order.iter().map(|&k| (values[k], k < m)).collect();
    let (mut cases_above, mut controls_below) = (m, 0usize);
    let mut best: Option<(f64, Youden)> = None;
    let mut consider = |cut: f64, cases_above: usize, controls_below: usize| {
        let sensitivity = cases_above as f64 / m as f64;
        let specificity = controls_below as f64 / n as f64;
        let j = sensitivity + specificity - 1.0;
        if best.as_ref().is_none_or(|(bj, _)| j > *bj) {
            best = Some((
                j,
                Youden {
                    cut,
                    sensitivity,
                    specificity,
                },
            ));
        }
    };
    consider(f64::NEG_INFINITY, cases_above, controls_below);
    let mut i = 0;
    while i < pooled.len() {
        let v = pooled[i].0;
        while i < pooled.len() && pooled[i].0 == v {
            if pooled[i].1 {
                cases_above -= 1;
            } else {
                controls_below += 1;
            }
            i += 1;
        }
        let cut = if i < pooled.len() {
            (v + pooled[i].0) / 2.0
        } else {
            f64::INFINITY
        };
        consider(cut, cases_above, controls_below);
    }
    best.map(|(_, y)| y)
}

/// A percentile bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BootstrapCi {
    /// 2.5% quantile of the replicate AUCs.
    pub lo: f64,
    /// 97.5% quantile of the replicate AUCs.
    pub hi: f64,
    /// Replicates drawn.
    pub replicates: usize,
    /// The seed used.
    pub seed: u64,
}

/// Stratified bootstrap 95% CI of the AUC with `replicates` resamples.
///
/// Replicate r draws from `ChaCha20Rng::seed_from_u64(seed)` switched to stream r: controls first,
/// then cases, each index uniform in 0..len. Replicates run in parallel and are merged in index
/// order, so the interval is the same for any thread count. `None` when a group is empty or
/// `replicates` is 0.
pub fn bootstrap_auc_ci(
    case: ArrayView1<f64>,
    control: ArrayView1<f64>,
    replicates: usize,
    seed: u64,
) -> Option<BootstrapCi> {
    if case.is_empty() || control.is_empty() || replicates == 0 {
        return None;
    }
    let mut aucs: Vec<f64> = (0..replicates)
        .into_par_iter()
        .map(|r| {
            let mut rng = ChaCha20Rng::seed_from_u64(seed);
            rng.set_stream(r as u64);
            let ctrl: Vec<f64> = (0..control.len())
                .map(|_| control[rng.random_range(0..control.len())])
                .collect();
            let cases: Vec<f64> = (0..case.len())
                .map(|_| case[rng.random_range(0..case.len())])
                .collect();
            auc(
                ArrayView1::from(cases.as_slice()),
                ArrayView1::from(ctrl.as_slice()),
            )
            .unwrap_or(f64::NAN)
        })
        .collect();
    aucs.sort_by(f64::total_cmp);
    Some(BootstrapCi {
        lo: quantile7(&aucs, 0.025),
        hi: quantile7(&aucs, 0.975),
        replicates,
        seed,
    })
}

/// R's default quantile (type 7) of sorted values.
fn quantile7(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn auc_is_never_flipped() {
        let a = auc(array![1.0, 2.0].view(), array![3.0, 4.0].view()).unwrap();
        assert_eq!(a, 0.0);
    }

    #[test]
    fn ties_count_half() {
        let a = auc(array![1.0].view(), array![1.0].view()).unwrap();
        assert_eq!(a, 0.5);
    }

    #[test]
    fn youden_finds_a_perfect_split() {
        let y = youden(array![5.0, 6.0, 7.0].view(), array![1.0, 2.0, 3.0].view()).unwrap();
        assert_eq!((y.cut, y.sensitivity, y.specificity), (4.0, 1.0, 1.0));
    }

    #[test]
    fn bootstrap_is_deterministic_whatever_the_threads() {
        let case = array![0.3, 0.9, 0.5, 0.8, 0.65, 0.1];
        let ctrl = array![0.2, 0.4, 0.35, 0.6, 0.05];
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| bootstrap_auc_ci(case.view(), ctrl.view(), 500, 7).unwrap());
        let two = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
            .install(|| bootstrap_auc_ci(case.view(), ctrl.view(), 500, 7).unwrap());
        assert_eq!(one, two);
        let a = auc(case.view(), ctrl.view()).unwrap();
        assert!(one.lo <= a && a <= one.hi);
        let other = bootstrap_auc_ci(case.view(), ctrl.view(), 500, 8).unwrap();
        assert_ne!(one, other);
    }
}
