//! Welch's unequal-variance two-sample t test.
//!
//! With case values x (n1), control values y (n2), sample variances s² (ddof = 1):
//!
//! ```text
//! se² = s1²/n1 + s2²/n2,   t = (mean x - mean y) / se
//! df  = se⁴ / ((s1²/n1)² / (n1 - 1) + (s2²/n2)² / (n2 - 1))        (Welch-Satterthwaite)
//! p   = P(|T_df| >= |t|)                                            (two-sided)
//! ```
//!
//! Matches `scipy.stats.ttest_ind(x, y, equal_var=False)` and R's `t.test(x, y)`. Both groups
//! constant: SciPy's conventions are kept (equal means: t, df, p NaN; different means: t = ±inf,
//! p = 0, df NaN); R stops with "data are essentially constant" there.

use ndarray::ArrayView1;
use serde::Serialize;

use super::special::t_sf2;
use super::{mean, variance};

/// The result of a Welch test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Welch {
    /// The t statistic (case minus control).
    pub t: f64,
    /// Welch-Satterthwaite degrees of freedom.
    pub df: f64,
    /// Two-sided p-value.
    pub p: f64,
}

/// Welch's t test of `case` against `control`; `None` when a group has fewer than 2 values.
///
/// ```
/// use ndarray::array;
/// let w = osteomir::stats::welch::welch(array![1.0, 2.0, 3.0].view(), array![4.0, 5.0, 7.0].view()).unwrap();
/// // scipy.stats.ttest_ind([1, 2, 3], [4, 5, 7], equal_var=False).statistic = -3.1622776601683795
/// assert!((w.t + 3.1622776601683795).abs() < 1e-12);
/// ```
pub fn welch(case: ArrayView1<f64>, control: ArrayView1<f64>) -> Option<Welch> {
    let (n1, n2) = (case.len() as f64, control.len() as f64);
    let v1 = variance(case, 1)? / n1;
    let v2 = variance(control, 1)? / n2;
    let diff = mean(case) - mean(control);
    let se2 = v1 + v2;
    if se2 == 0.0 {
        let t = if diff == 0.0 {
            f64::NAN
        } else {
            diff.signum() * f64::INFINITY
        };
        let p = if diff == 0.0 { f64::NAN } else { 0.0 };
        return Some(Welch { t, df: f64::NAN, p });
    }
    let t = diff / se2.sqrt();
    let df = se2 * se2 / (v1 * v1 / (n1 - 1.0) + v2 * v2 / (n2 - 1.0));
    Some(Welch {
        t,
        df,
        p: t_sf2(t, df),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn one_value_in_a_group_gives_none() {
        assert!(welch(array![1.0].view(), array![1.0, 2.0].view()).is_none());
    }

    #[test]
    fn constant_groups_follow_scipy() {
        let w = welch(array![1.0, 1.0].view(), array![2.0, 2.0].view()).unwrap();
        assert_eq!((w.t, w.p), (f64::NEG_INFINITY, 0.0));
        let w = welch(array![1.0, 1.0].view(), array![1.0, 1.0].view()).unwrap();
        assert!(w.t.is_nan() && w.p.is_nan());
    }
}
