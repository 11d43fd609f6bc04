//! limma's moderated t statistic for two groups (design `~ group`), with empirical Bayes variance
//! shrinkage and the B statistic.
//!
//! For each feature with case values (n1) and control values (n0), n = n1 + n0:
//!
//! ```text
//! logFC = mean case - mean control,   AveExpr = mean of all values
//! s² = (Σ_case (x - mean case)² + Σ_control (x - mean control)²) / d,   d = n - 2
//! v  = 1/n1 + 1/n0                    (stdev.unscaled²)
//! ```
//!
//! `squeezeVar`/`fitFDist` (limma 3.54, no covariate, not robust): with s² floored at
//! 1e-5 · median(s²), e = ln s² - ψ(d/2) + ln(d/2), ē its mean, evar = Σ(e - ē)²/(G - 1) - ψ'(d/2);
//! if evar > 0: d0 = 2 ψ'^{-1}(evar), s0² = exp(ē + ψ(d0/2) - ln(d0/2)); else d0 = inf, s0² =
//! mean(floored s²). Posterior s̃² = (d s² + d0 s0²) / (d + d0) (s0² when d0 = inf).
//!
//! Moderated t = logFC / (sqrt(v) s̃), df_total = min(d + d0, G d), p = P(|T_df_total| >= |t|).
//!
//! B (log-odds of differential expression, `proportion` = 0.01): the prior variance of the
//! coefficient v0 comes from `tmixture.vector` (top ceil(proportion/2 · G) |t|, clipped to
//! [0.1², 4²] / median s0²), r = (v + v0)/v, B = ln(p/(1-p)) - ln(r)/2 + (1 + df)/2 ·
//! ln((t² + df)/(t²/r + df)) (or t²(1 - 1/r)/2 when d0 > 1e6).
//!
//! p_bh is BH over all features. Reference: limma 3.54.1 `topTable(eBayes(lmFit(x, model.matrix(~
//! factor(group, levels = c(control, case))))), coef = 2, number = Inf, sort.by = "none")`.
//! Rows must be complete (the caller leaves out rows with missing values).

use ndarray::ArrayView2;
use serde::Serialize;

use super::p_adjust::{p_adjust, Adjust};
use super::special::{digamma, t_quantile_upper, t_sf2, trigamma, trigamma_inverse};

/// The B-statistic prior proportion of differentially expressed features (limma's default).
pub const PROPORTION: f64 = 0.01;

/// One feature's row of the moderated t table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ModeratedRow {
    /// Mean case minus mean control.
    pub logfc: f64,
    /// Mean over all samples of both groups.
    pub ave_expr: f64,
    /// Moderated t.
    pub t: f64,
    /// Two-sided p-value.
    pub p: f64,
    /// BH-adjusted p-value.
    pub p_bh: f64,
    /// B statistic (log-odds).
    pub b: f64,
}

/// The whole fit: per-feature rows and the estimated hyperparameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModeratedT {
    /// One row per feature, input order.
    pub rows: Vec<ModeratedRow>,
    /// Residual degrees of freedom per feature (n - 2).
    pub df_residual: f64,
    /// Prior degrees of freedom d0 (may be infinite).
    pub df_prior: f64,
    /// Prior variance s0².
    pub s2_prior: f64,
    /// Prior variance of the coefficient used by B (v0).
    pub var_prior: f64,
    /// Features whose residual variance was exactly zero (floored, as limma does).
    pub n_zero_variance: usize,
}

/// Fits the two-group moderated t on `x` (features x samples, complete rows); `is_case[j]` says
/// whether sample j is a case (the rest are controls).
///
/// `None` when there is no residual degree of freedom (n1 + n0 < 3), a group is empty, or `x` has
/// no rows.
pub fn moderated_t(x: ArrayView2<f64>, is_case: &[bool]) -> Option<ModeratedT> {
    let g = x.nrows();
    let n1 = is_case.iter().filter(|&&c| c).count();
    let n0 = is_case.len() - n1;
    if g == 0 || n1 == 0 || n0 == 0 || n1 + n0 < 3 || x.ncols() != is_case.len() {
        return None;
    }
    let d = (n1 + n0 - 2) as f64;
    let v = 1.0 / n1 as f64 + 1.0 / n0 as f64;
    let mut logfc = Vec::with_capacity(g);
    let mut ave = Vec::with_capacity(g);
    let mut s2 = Vec::with_capacity(g);
    for row in x.rows() {
        let (mut s1, mut s0) = (0.0, 0.0);
        for (val, &c) in row.iter().zip(is_case) {
            if c {
                s1 += val;
            } else {
                s0 += val;
            }
        }
        let (m1, m0) = (s1 / n1 as f64, s0 / n0 as f64);
        let mut ss = 0.0;
        for (val, &c) in row.iter().zip(is_case) {
            let r = val - if c { m1 } else { m0 };
            ss += r * r;
        }
        logfc.push(m1 - m0);
        ave.push(row.sum() / row.len() as f64);
        s2.push(ss / d);
    }
    let n_zero_variance = s2.iter().filter(|&&s| s == 0.0).count();
    let (s2_prior, df_prior) = fit_f_dist(&s2, d);
    let df_total = (d + df_prior).min(d * g as f64);
    let t: Vec<f64> = (0..g)
        .map(|i| {
            let post = if df_prior.is_finite() {
                (d * s2[i] + df_prior * s2_prior) / (d + df_prior)
            } else {
                s2_prior
            };
            logfc[i] / v.sqrt() / post.sqrt()
        })
        .collect();
    let p: Vec<f64> = t.iter().map(|&t| t_sf2(t, df_total)).collect();
    let p_bh = p_adjust(&p, Adjust::Bh);
    let lim = (0.1f64.powi(2) / s2_prior, 4.0f64.powi(2) / s2_prior);
    let var_prior = tmixture(&t, v, df_total, PROPORTION, lim).unwrap_or(1.0 / s2_prior);
    let r = (v + var_prior) / v;
    let rows = (0..g)
        .map(|i| {
            let t2 = t[i] * t[i];
            let kernel = if df_prior > 1e6 {
                t2 * (1.0 - 1.0 / r) / 2.0
            } else {
                (1.0 + df_total) / 2.0 * ((t2 + df_total) / (t2 / r + df_total)).ln()
            };
            ModeratedRow {
                logfc: logfc[i],
                ave_expr: ave[i],
                t: t[i],
                p: p[i],
                p_bh: p_bh[i],
                b: (PROPORTION / (1.0 - PROPORTION)).ln() - r.ln() / 2.0 + kernel,
            }
        })
        .collect();
    Some(ModeratedT {
        rows,
        df_residual: d,
        df_prior,
        s2_prior,
        var_prior,
        n_zero_variance,
    })
}

/// limma `fitFDist(x, df1)` for a common df1 and no covariate: returns (scale s0², df2 d0).
fn fit_f_dist(s2: &[f64], df1: f64) -> (f64, f64) {
    let ok: Vec<f64> = s2
        .iter()
        .copied()
        .filter(|v| v.is_finite() && *v > -1e-15)
        .collect();
    let n = ok.len();
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    if n == 1 {
        return (ok[0], 0.0);
    }
    let x: Vec<f64> = ok.iter().map(|v| v.max(0.0)).collect();
    let mut sorted = x.clone();
    sorted.sort_by(f64::total_cmp);
    let mut m = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    if m == 0.0 {
        m = 1.0;
    }
    let x: Vec<f64> = x.iter().map(|v| v.max(1e-5 * m)).collect();
    let shift = -digamma(df1 / 2.0) + (df1 / 2.0).ln();
    let e: Vec<f64> = x.iter().map(|v| v.ln() + shift).collect();
    let emean = e.iter().sum::<f64>() / n as f64;
    let evar = e.iter().map(|v| (v - emean) * (v - emean)).sum::<f64>() / (n - 1) as f64
        - trigamma(df1 / 2.0);
    if evar > 0.0 {
        let df2 = 2.0 * trigamma_inverse(evar);
        let s20 = (emean + digamma(df2 / 2.0) - (df2 / 2.0).ln()).exp();
        (s20, df2)
    } else {
        (x.iter().sum::<f64>() / n as f64, f64::INFINITY)
    }
}

/// limma `tmixture.vector` with a common unscaled variance `v1` and common df.
fn tmixture(t: &[f64], v1: f64, df: f64, proportion: f64, lim: (f64, f64)) -> Option<f64> {
    let mut abs_t: Vec<f64> = t.iter().filter(|v| !v.is_nan()).map(|v| v.abs()).collect();
    let ngenes = abs_t.len();
    let ntarget = (proportion / 2.0 * ngenes as f64).ceil() as usize;
    if ntarget < 1 {
        return None;
    }
    let p = (ntarget as f64 / ngenes as f64).max(proportion);
    abs_t.sort_by(|a, b| b.total_cmp(a));
    let mut sum = 0.0;
    for (k, &tk) in abs_t.iter().take(ntarget).enumerate() {
        let p0 = t_sf2(tk, df);
        let ptarget = ((k as f64 + 1.0 - 0.5) / ngenes as f64 - (1.0 - p) * p0) / p;
        let mut v0 = 0.0;
        if ptarget > p0 {
            let qtarget = t_quantile_upper(ptarget / 2.0, df);
            v0 = v1 * ((tk / qtarget).powi(2) - 1.0);
        }
        sum += v0.clamp(lim.0, lim.1);
    }
    Some(sum / ntarget as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn too_few_samples_give_none() {
        let x = array![[1.0, 2.0]];
        assert!(moderated_t(x.view(), &[true, false]).is_none());
    }

    #[test]
    fn logfc_and_average_are_plain_means() {
        let x = array![
            [1.0, 2.0, 4.0, 6.0],
            [0.5, 0.7, 0.1, 0.2],
            [3.0, 3.5, 2.0, 2.2]
        ];
        let fit = moderated_t(x.view(), &[true, true, false, false]).unwrap();
        assert_eq!(fit.rows[0].logfc, 1.5 - 5.0);
        assert_eq!(fit.rows[0].ave_expr, 13.0 / 4.0);
        assert!(fit.rows.iter().all(|r| (0.0..=1.0).contains(&r.p)));
    }
}
