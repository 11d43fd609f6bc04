//! Standardisation and the L2-penalised logistic fit.
//!
//! The objective is linfa-logistic 0.8's: `sum_i -log sigma(y_i z_i) + alpha/2 * ||beta||^2` with
//! the intercept not penalised, i.e. scikit-learn's `LogisticRegression(C = 1/alpha)` (lbfgs,
//! `penalty="l2"`), whose intercept is not penalised either.

use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Per-feature centring and scaling (sample SD, ddof = 1; an SD of 0 is replaced by 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Standardiser {
    /// Means.
    pub mean: Vec<f64>,
    /// Standard deviations.
    pub sd: Vec<f64>,
}

impl Standardiser {
    /// Learns the parameters from `x` (samples x features).
    pub fn learn(x: ArrayView2<'_, f64>) -> Self {
        let n = x.nrows() as f64;
        let mean: Vec<f64> = x
            .mean_axis(Axis(0))
            .map_or_else(|| vec![0.0; x.ncols()], |m| m.to_vec());
        let sd = x
            .columns()
            .into_iter()
            .zip(&mean)
            .map(|(c, m)| {
                let ss: f64 = c.iter().map(|v| (v - m) * (v - m)).sum();
                let s = (ss / (n - 1.0)).sqrt();
                if s.is_finite() && s > 0.0 {
                    s
                } else {
                    1.0
                }
            })
            .collect();
        Standardiser { mean, sd }
    }

    /// Applies the parameters.
    pub fn apply(&self, x: ArrayView2<'_, f64>) -> Array2<f64> {
        let mut z = x.to_owned();
        for (j, mut col) in z.columns_mut().into_iter().enumerate() {
            col.mapv_inplace(|v| (v - self.mean[j]) / self.sd[j]);
        }
        z
    }
}

/// A fitted logistic model on standardised features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Logistic {
    /// Coefficients (per SD of each feature).
    pub coef: Vec<f64>,
    /// Intercept.
    pub intercept: f64,
    /// The L2 penalty alpha (scikit-learn C = 1/alpha).
    pub alpha: f64,
}

impl Logistic {
    /// Linear predictors of the rows of `x`.
    pub fn logit(&self, x: ArrayView2<'_, f64>) -> Array1<f64> {
        x.dot(&ArrayView1::from(&self.coef)) + self.intercept
    }
}

/// The logistic function.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Fits `y` (true = case) on `x` (samples x features) with penalty `alpha`.
pub fn fit(x: ArrayView2<'_, f64>, y: &[bool], alpha: f64) -> Result<Logistic> {
    if !(alpha.is_finite() && alpha >= 0.0) {
        return Err(Error::Usage(format!(
            "penalty must be finite and >= 0, got {alpha}"
        )));
    }
    if !y.iter().any(|&v| v) || y.iter().all(|&v| v) {
        return Err(Error::Usage(
            "the model needs both cases and controls".into(),
        ));
    }
    // labels "case"/"control": linfa's positive class is the first label it meets; fix it by
    // reading its labels back
    let labels: Array1<usize> = y.iter().map(|&v| usize::from(v)).collect();
    let data = Dataset::new(x.to_owned(), labels);
    let model = LogisticRegression::default()
        .alpha(alpha)
        .gradient_tolerance(1e-10)
        .max_iterations(10_000)
        .fit(&data)
        .map_err(|e| Error::Internal(format!("logistic fit failed: {e}")))?;
    let sign = if model.labels().pos.class == 1 {
        1.0
    } else {
        -1.0
    };
    Ok(Logistic {
        coef: model.params().iter().map(|b| sign * b).collect(),
        intercept: sign * model.intercept(),
        alpha,
    })
}

/// Standard errors of (coefficients..., intercept) from the inverse of the penalised Hessian
/// `X~' W X~ + alpha * diag(1..1, 0)` at the fit (X~ = [x, 1]). Under a penalty this is the usual
/// approximate (Bayesian / ridge) covariance, narrower than an unpenalised Wald interval.
/// `None` when the Hessian is singular.
pub fn standard_errors(model: &Logistic, x: ArrayView2<'_, f64>) -> Option<Vec<f64>> {
    let p = x.ncols();
    let mut h = Array2::<f64>::zeros((p + 1, p + 1));
    let eta = model.logit(x);
    for (i, row) in x.rows().into_iter().enumerate() {
        let pr = sigmoid(eta[i]);
        let w = pr * (1.0 - pr);
        let xt: Vec<f64> = row.iter().copied().chain(std::iter::once(1.0)).collect();
        for a in 0..=p {
            for b in 0..=p {
                h[[a, b]] += w * xt[a] * xt[b];
            }
        }
    }
    for a in 0..p {
        h[[a, a]] += model.alpha;
    }
    let inv = invert(h)?;
    Some((0..=p).map(|a| inv[[a, a]].max(0.0).sqrt()).collect())
}

/// Gauss-Jordan inverse with partial pivoting (small symmetric matrices).
fn invert(mut a: Array2<f64>) -> Option<Array2<f64>> {
    let n = a.nrows();
    let mut inv = Array2::<f64>::eye(n);
    for c in 0..n {
        let piv = (c..n).max_by(|&i, &j| a[[i, c]].abs().total_cmp(&a[[j, c]].abs()))?;
        if a[[piv, c]].abs() < 1e-12 {
            return None;
        }
        for k in 0..n {
            a.swap([c, k], [piv, k]);
            inv.swap([c, k], [piv, k]);
        }
        let d = a[[c, c]];
        for k in 0..n {
            a[[c, k]] /= d;
            inv[[c, k]] /= d;
        }
        for r in 0..n {
            if r != c {
                let f = a[[r, c]];
                if f != 0.0 {
                    for k in 0..n {
                        a[[r, k]] -= f * a[[c, k]];
                        inv[[r, k]] -= f * inv[[c, k]];
                    }
                }
            }
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn inverse_of_small_matrix() {
        let inv = invert(array![[4.0, 1.0], [1.0, 3.0]]).unwrap();
        assert!((inv[[0, 0]] - 3.0 / 11.0).abs() < 1e-15);
        assert!((inv[[0, 1]] + 1.0 / 11.0).abs() < 1e-15);
        assert!(invert(array![[1.0, 2.0], [2.0, 4.0]]).is_none());
    }

    #[test]
    fn gradient_vanishes_at_the_fit() {
        let x = array![
            [0.1, 1.0],
            [0.5, -0.3],
            [1.2, 0.2],
            [-0.7, 0.9],
            [0.3, -1.1],
            [2.0, 0.4]
        ];
        let y = [false, true, true, false, false, true];
        let m = fit(x.view(), &y, 0.5).unwrap();
        let eta = m.logit(x.view());
        let r: Vec<f64> = (0..6)
            .map(|i| sigmoid(eta[i]) - f64::from(u8::from(y[i])))
            .collect();
        for j in 0..2 {
            let g: f64 = (0..6).map(|i| r[i] * x[[i, j]]).sum::<f64>() + 0.5 * m.coef[j];
            assert!(g.abs() < 1e-7, "{g}");
        }
        assert!(r.iter().sum::<f64>().abs() < 1e-7);
        assert!(m.coef[0] > 0.0, "case rows have larger x0");
    }
}
