//! DerSimonian-Laird random-effects pooling of AUCs with their DeLong variances.

use serde::Serialize;

use crate::stats::special::normal_quantile;

/// A pooled estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pooled {
    /// Random-effects pooled AUC.
    pub estimate: f64,
    /// Its variance, 1 / sum of random-effects weights.
    pub var: f64,
    /// Lower 95% bound (clipped to 0).
    pub ci_lo: f64,
    /// Upper 95% bound (clipped to 1).
    pub ci_hi: f64,
    /// Between-cohort variance tau², DerSimonian-Laird moment estimate (>= 0).
    pub tau2: f64,
    /// Cochran's Q.
    pub q: f64,
    /// Cohorts pooled.
    pub k: usize,
}

/// Pools `(estimate, variance)` pairs; pairs with a non-finite or non-positive variance are left
/// out. `None` when fewer than two remain.
///
/// ```
/// let p = osteomir::bench::pool::dersimonian_laird(&[(0.6, 0.01), (0.6, 0.02)]).unwrap();
/// assert!((p.estimate - 0.6).abs() < 1e-12 && p.tau2 == 0.0);
/// ```
pub fn dersimonian_laird(studies: &[(f64, f64)]) -> Option<Pooled> {
    let s: Vec<(f64, f64)> = studies
        .iter()
        .copied()
        .filter(|(y, v)| y.is_finite() && v.is_finite() && *v > 0.0)
        .collect();
    let k = s.len();
    if k < 2 {
        return None;
    }
    let w: Vec<f64> = s.iter().map(|(_, v)| 1.0 / v).collect();
    let sw: f64 = w.iter().sum();
    let sw2: f64 = w.iter().map(|x| x * x).sum();
    let fixed: f64 = s.iter().zip(&w).map(|((y, _), w)| w * y).sum::<f64>() / sw;
    let q: f64 = s
        .iter()
        .zip(&w)
        .map(|((y, _), w)| w * (y - fixed) * (y - fixed))
        .sum();
    let tau2 = ((q - (k as f64 - 1.0)) / (sw - sw2 / sw)).max(0.0);
    let ws: Vec<f64> = s.iter().map(|(_, v)| 1.0 / (v + tau2)).collect();
    let sws: f64 = ws.iter().sum();
    let estimate = s.iter().zip(&ws).map(|((y, _), w)| w * y).sum::<f64>() / sws;
    let var = 1.0 / sws;
    let z = normal_quantile(0.975);
    Some(Pooled {
        estimate,
        var,
        ci_lo: (estimate - z * var.sqrt()).clamp(0.0, 1.0),
        ci_hi: (estimate + z * var.sqrt()).clamp(0.0, 1.0),
        tau2,
        q,
        k,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_hand_computation() {
        // metafor::rma(yi = c(0.7, 0.55, 0.8), vi = c(0.004, 0.003, 0.006), method = "DL")
        let p = dersimonian_laird(&[(0.7, 0.004), (0.55, 0.003), (0.8, 0.006)]).unwrap();
        let w = [250.0, 1000.0 / 3.0, 1000.0 / 6.0];
        let y = [0.7, 0.55, 0.8];
        let sw: f64 = w.iter().sum();
        let fixed: f64 = w.iter().zip(&y).map(|(w, y)| w * y).sum::<f64>() / sw;
        let q: f64 = w.iter().zip(&y).map(|(w, y)| w * (y - fixed).powi(2)).sum();
        let c = sw - w.iter().map(|w| w * w).sum::<f64>() / sw;
        let tau2 = (q - 2.0) / c;
        assert!(tau2 > 0.0);
        assert!((p.tau2 - tau2).abs() < 1e-15);
        let ws: Vec<f64> = [0.004, 0.003, 0.006]
            .iter()
            .map(|v| 1.0 / (v + tau2))
            .collect();
        let est = ws.iter().zip(&y).map(|(w, y)| w * y).sum::<f64>() / ws.iter().sum::<f64>();
        assert!((p.estimate - est).abs() < 1e-14);
        assert_eq!(p.k, 3);
    }

    #[test]
    fn needs_two_usable_studies() {
        assert!(dersimonian_laird(&[(0.7, 0.01), (0.6, f64::NAN)]).is_none());
    }
}
