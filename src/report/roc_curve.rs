//! The empirical ROC curve of a score separating cases from controls.
//!
//! A sample is called a case when its score is at least the threshold; thresholds run over the
//! distinct scores from the highest down, so the curve starts at (0, 0) and ends at (1, 1). Tied
//! cases and controls move the curve diagonally, which makes the area under the polyline equal
//! to P(case > control) + 0.5 P(tie), the AUC of [`crate::stats::roc::auc`]. Missing scores are
//! left out. Cost: O(n log n).

use serde::Serialize;

/// One point of the curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RocPoint {
    /// Threshold: a score at or above it is called a case (+inf for the first point).
    pub threshold: f64,
    /// 1 - specificity.
    pub fpr: f64,
    /// Sensitivity.
    pub tpr: f64,
}

/// The curve; empty when either group has no score.
pub fn roc_points(case: &[f64], control: &[f64]) -> Vec<RocPoint> {
    let mut all: Vec<(f64, bool)> = case
        .iter()
        .map(|&v| (v, true))
        .chain(control.iter().map(|&v| (v, false)))
        .filter(|(v, _)| !v.is_nan())
        .collect();
    let m = all.iter().filter(|(_, c)| *c).count();
    let n = all.len() - m;
    if m == 0 || n == 0 {
        return Vec::new();
    }
    all.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut points = vec![RocPoint {
        threshold: f64::INFINITY,
        fpr: 0.0,
        tpr: 0.0,
    }];
    let (mut tp, mut fp) = (0usize, 0usize);
    let mut i = 0;
    while i < all.len() {
        let t = all[i].0;
        while i < all.len() && all[i].0 == t {
            if all[i].1 {
                tp += 1;
            } else {
                fp += 1;
            }
            i += 1;
        }
        points.push(RocPoint {
            threshold: t,
            fpr: fp as f64 / n as f64,
            tpr: tp as f64 / m as f64,
        });
    }
    points
}

/// Area under the polyline (trapezoids): equals the Mann-Whitney AUC.
pub fn area(points: &[RocPoint]) -> f64 {
    points
        .windows(2)
        .map(|w| (w[1].fpr - w[0].fpr) * (w[1].tpr + w[0].tpr) / 2.0)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::roc::auc;
    use ndarray::Array1;

    #[test]
    fn area_under_the_curve_is_the_mann_whitney_auc_with_ties() {
        let case = [0.9, 0.5, 0.5, 0.2, 0.7];
        let control = [0.5, 0.1, 0.3, 0.7, 0.0, 0.5];
        let pts = roc_points(&case, &control);
        let want = auc(
            Array1::from(case.to_vec()).view(),
            Array1::from(control.to_vec()).view(),
        )
        .unwrap();
        assert!(
            (area(&pts) - want).abs() < 1e-15,
            "{} vs {want}",
            area(&pts)
        );
        assert_eq!((pts[0].fpr, pts[0].tpr), (0.0, 0.0));
        let last = pts[pts.len() - 1];
        assert_eq!((last.fpr, last.tpr), (1.0, 1.0));
    }

    #[test]
    fn missing_scores_are_left_out_and_an_empty_group_gives_no_curve() {
        assert!(roc_points(&[1.0], &[f64::NAN]).is_empty());
        let pts = roc_points(&[2.0, f64::NAN], &[1.0]);
        assert_eq!(area(&pts), 1.0);
    }
}
