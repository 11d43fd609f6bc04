//! Standardised effect sizes of case versus control.
//!
//! ```text
//! s_pooled = sqrt(((n1 - 1) s1² + (n2 - 1) s2²) / (n1 + n2 - 2))     (s² with ddof = 1)
//! d = (mean case - mean control) / s_pooled                           (Cohen's d)
//! g = d · J,  J = Γ(m/2) / (sqrt(m/2) Γ((m - 1)/2)),  m = n1 + n2 - 2  (Hedges' g, exact J)
//! ```
//!
//! `None` when a group has fewer than 2 values; d is ±inf or NaN when both groups are constant.

use ndarray::ArrayView1;
use statrs::function::gamma::ln_gamma;

use super::{mean, variance};

/// Cohen's d with the pooled standard deviation.
pub fn cohens_d(case: ArrayView1<f64>, control: ArrayView1<f64>) -> Option<f64> {
    let (n1, n2) = (case.len() as f64, control.len() as f64);
    let s1 = variance(case, 1)?;
    let s2 = variance(control, 1)?;
    let pooled = (((n1 - 1.0) * s1 + (n2 - 1.0) * s2) / (n1 + n2 - 2.0)).sqrt();
    Some((mean(case) - mean(control)) / pooled)
}

/// Hedges' g: Cohen's d times the exact small-sample correction J(n1 + n2 - 2).
pub fn hedges_g(case: ArrayView1<f64>, control: ArrayView1<f64>) -> Option<f64> {
    let d = cohens_d(case, control)?;
    let m = (case.len() + control.len()) as f64 - 2.0;
    let j = (ln_gamma(m / 2.0) - ln_gamma((m - 1.0) / 2.0)).exp() / (m / 2.0).sqrt();
    Some(d * j)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn d_and_g_of_a_textbook_example() {
        let a = array![2.0, 4.0, 6.0];
        let b = array![1.0, 2.0, 3.0];
        // pooled sd = sqrt((8 + 2) / 4), d = 2 / 1.5811...
        let d = cohens_d(a.view(), b.view()).unwrap();
        assert!((d - 2.0 / 2.5f64.sqrt()).abs() < 1e-15);
        let g = hedges_g(a.view(), b.view()).unwrap();
        // J(4) = Γ(2)/(sqrt 2 Γ(1.5)) = 1 / (sqrt 2 * sqrt(pi)/2)
        let j = 1.0 / (2.0f64.sqrt() * std::f64::consts::PI.sqrt() / 2.0);
        assert!((g - d * j).abs() < 1e-14);
        assert!(g < d);
    }
}
