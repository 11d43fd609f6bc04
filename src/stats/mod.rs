//! Two-group statistics a reviewer accepts, each matched to a named reference implementation.
//!
//! | module | what | reference matched |
//! |---|---|---|
//! | [`welch`] | Welch's unequal-variance t test | `scipy.stats.ttest_ind(equal_var=False)`, R `t.test` |
//! | [`mann_whitney`] | Mann-Whitney U (Wilcoxon rank-sum) | `scipy.stats.mannwhitneyu(method='auto')`, R `wilcox.test` |
//! | [`effect`] | Cohen's d, Hedges' g | textbook formulas (pooled SD, ddof = 1) |
//! | [`roc`] | AUC, DeLong variance/CI/paired test, Youden cut, bootstrap CI | R pROC 1.18, scikit-learn `roc_auc_score` |
//! | [`p_adjust`] | BH, BY, Bonferroni, Holm | R `p.adjust`, statsmodels `multipletests` |
//! | [`moderated_t`] | limma moderated t and B statistic (two groups) | limma 3.54 `lmFit` + `eBayes` + `topTable` |
//!
//! Every function takes the case values and the control values as separate views and never looks
//! at group labels; sample sheets and joins live in [`crate::io::sample_sheet`]. Special functions
//! that statrs lacks (digamma, trigamma and their inverse, t quantiles refined to full precision)
//! are in [`special`].

pub mod effect;
pub mod mann_whitney;
pub mod moderated_t;
pub mod p_adjust;
pub mod roc;
pub mod special;
pub mod welch;

use ndarray::ArrayView1;

/// Mean with ddof spelled out elsewhere: the arithmetic mean of `x` (NaN for an empty view).
pub fn mean(x: ArrayView1<f64>) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    x.sum() / x.len() as f64
}

/// Sample variance with `ddof` delta degrees of freedom: sum((x - mean)^2) / (n - ddof).
///
/// `None` when `n <= ddof`.
pub fn variance(x: ArrayView1<f64>, ddof: usize) -> Option<f64> {
    let n = x.len();
    if n <= ddof {
        return None;
    }
    let m = mean(x);
    let ss: f64 = x.iter().map(|v| (v - m) * (v - m)).sum();
    Some(ss / (n - ddof) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn variance_spells_out_ddof() {
        let x = array![1.0, 2.0, 3.0, 4.0];
        assert_eq!(variance(x.view(), 1), Some(5.0 / 3.0));
        assert_eq!(variance(x.view(), 0), Some(1.25));
        assert_eq!(variance(array![1.0].view(), 1), None);
    }
}
