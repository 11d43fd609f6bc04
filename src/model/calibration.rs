//! Calibration of predicted probabilities.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::fit::fit;

/// One bin of the calibration table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationBin {
    /// Bin number, 1 = lowest predicted risks.
    pub bin: usize,
    /// Samples in the bin.
    pub n: usize,
    /// Mean predicted probability.
    pub mean_predicted: f64,
    /// Observed share of cases.
    pub observed: f64,
}

/// Calibration summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// Mean squared error of the probabilities.
    pub brier: f64,
    /// Cox calibration slope: b in logit P(case) = a + b * logit(p) (1 = ideal).
    pub slope: f64,
    /// Cox calibration intercept a of the same fit (0 = ideal together with slope 1).
    pub intercept: f64,
    /// Deciles of the predicted probability (fewer bins when there are fewer than 10 samples).
    pub table: Vec<CalibrationBin>,
}

/// Brier score, Cox calibration and the binned table of probabilities `p` for outcomes `y`.
pub fn calibration(p: &[f64], y: &[bool]) -> Calibration {
    let n = p.len();
    let yv = |i: usize| f64::from(u8::from(y[i]));
    let brier = (0..n).map(|i| (p[i] - yv(i)).powi(2)).sum::<f64>() / n.max(1) as f64;
    let logit: Vec<f64> = p
        .iter()
        .map(|&q| {
            let q = q.clamp(1e-12, 1.0 - 1e-12);
            (q / (1.0 - q)).ln()
        })
        .collect();
    let x = Array2::from_shape_fn((n, 1), |(i, _)| logit[i]);
    let (slope, intercept) =
        fit(x.view(), y, 0.0).map_or((f64::NAN, f64::NAN), |m| (m.coef[0], m.intercept));
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let bins = n.min(10);
    let mut table = Vec::new();
    for b in 0..bins {
        let idx = &order[b * n / bins..(b + 1) * n / bins];
        if idx.is_empty() {
            continue;
        }
        let k = idx.len() as f64;
        table.push(CalibrationBin {
            bin: b + 1,
            n: idx.len(),
            mean_predicted: idx.iter().map(|&i| p[i]).sum::<f64>() / k,
            observed: idx.iter().map(|&i| yv(i)).sum::<f64>() / k,
        });
    }
    Calibration {
        brier,
        slope,
        intercept,
        table,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfectly_calibrated_probabilities_have_slope_one() {
        // outcomes drawn so that within each of 5 levels the observed rate equals p
        let mut p = Vec::new();
        let mut y = Vec::new();
        for (q, cases) in [(0.1, 1), (0.3, 3), (0.5, 5), (0.7, 7), (0.9, 9)] {
            for i in 0..10 {
                p.push(q);
                y.push(i < cases);
            }
        }
        let c = calibration(&p, &y);
        assert!((c.slope - 1.0).abs() < 1e-6, "{c:?}");
        assert!(c.intercept.abs() < 1e-6);
        assert_eq!(c.table.len(), 10);
        assert!((c.brier - (0.09 + 0.21 + 0.25 + 0.21 + 0.09) / 5.0).abs() < 1e-12);
    }
}
