//! Multiple-testing adjustment of p-values, as R's `p.adjust`.
//!
//! With m the number of non-missing p-values (NaN stays NaN and does not count), p sorted:
//!
//! ```text
//! bonferroni: min(1, m p)
//! holm:       cummax over ascending p of min(1, (m - i + 1) p_(i))
//! BH:         cummin over descending p of min(1, m / i · p_(i))
//! BY:         as BH with m / i · Σ_{k<=m} 1/k
//! ```
//!
//! Matches statsmodels `multipletests(method = 'bonferroni' | 'holm' | 'fdr_bh' | 'fdr_by')` on
//! the finite p-values.

use serde::Serialize;

/// An adjustment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Adjust {
    /// Benjamini-Hochberg false discovery rate.
    #[default]
    Bh,
    /// Benjamini-Yekutieli false discovery rate (any dependence).
    By,
    /// Bonferroni family-wise error rate.
    Bonferroni,
    /// Holm step-down family-wise error rate.
    Holm,
}

/// Adjusts `p` by `method`; NaN entries stay NaN and are not counted in m.
///
/// ```
/// use osteomir::stats::p_adjust::{p_adjust, Adjust};
/// let q = p_adjust(&[0.01, 0.04, 0.03, f64::NAN], Adjust::Bh);
/// assert_eq!(q[..3], [0.03, 0.04, 0.04]);
/// assert!(q[3].is_nan());
/// ```
pub fn p_adjust(p: &[f64], method: Adjust) -> Vec<f64> {
    let idx: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    let m = idx.len();
    let mut out = vec![f64::NAN; p.len()];
    if m == 0 {
        return out;
    }
    let mf = m as f64;
    let mut order = idx.clone();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    match method {
        Adjust::Bonferroni => {
            for &i in &idx {
                out[i] = (mf * p[i]).min(1.0);
            }
        }
        Adjust::Holm => {
            let mut running: f64 = 0.0;
            for (rank, &i) in order.iter().enumerate() {
                running = running.max(((mf - rank as f64) * p[i]).min(1.0));
                out[i] = running;
            }
        }
        Adjust::Bh | Adjust::By => {
            let q = if method == Adjust::By {
                (1..=m).map(|k| 1.0 / k as f64).sum::<f64>()
            } else {
                1.0
            };
            let mut running = f64::INFINITY;
            for (rank, &i) in order.iter().enumerate().rev() {
                running = running.min(q * mf / (rank + 1) as f64 * p[i]);
                out[i] = running.min(1.0);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holm_and_bonferroni_of_r_example() {
        // p.adjust(c(0.01, 0.02, 0.03), "holm") = 0.03 0.04 0.04
        let h = p_adjust(&[0.01, 0.02, 0.03], Adjust::Holm);
        assert_eq!(h, [0.03, 0.04, 0.04]);
        let b = p_adjust(&[0.01, 0.5], Adjust::Bonferroni);
        assert_eq!(b, [0.02, 1.0]);
    }

    #[test]
    fn by_is_bh_times_harmonic_number() {
        let bh = p_adjust(&[0.001, 0.2], Adjust::Bh);
        let by = p_adjust(&[0.001, 0.2], Adjust::By);
        assert!((by[0] - bh[0] * 1.5).abs() < 1e-15);
    }
}
