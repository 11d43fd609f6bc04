//! Seeded stratified k-fold cross-validation and the choice of the L2 penalty.

use ndarray::{Array2, Axis};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::fit::{fit, sigmoid, Standardiser};
use crate::error::Result;

/// Default penalties tried (linfa alpha; scikit-learn C = 1/alpha).
pub const DEFAULT_PENALTIES: [f64; 5] = [0.1, 1.0, 10.0, 100.0, 1000.0];

/// Fold (0..k) of each sample: cases and controls are each shuffled with a ChaCha8 generator of
/// `seed` and dealt round-robin, so every fold has about the same case share.
pub fn stratified_folds(y: &[bool], k: usize, seed: u64) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut fold = vec![0; y.len()];
    let mut next = 0;
    for class in [true, false] {
        let mut idx: Vec<usize> = (0..y.len()).filter(|&i| y[i] == class).collect();
        idx.shuffle(&mut rng);
        for i in idx {
            fold[i] = next % k;
            next += 1;
        }
    }
    fold
}

/// Out-of-fold predicted probabilities with penalty `alpha`; each training part is standardised
/// on its own and the held-out part with the training parameters.
pub fn out_of_fold(
    x: &Array2<f64>,
    y: &[bool],
    folds: &[usize],
    k: usize,
    alpha: f64,
) -> Result<Vec<f64>> {
    let mut p = vec![f64::NAN; y.len()];
    for f in 0..k {
        let train: Vec<usize> = (0..y.len()).filter(|&i| folds[i] != f).collect();
        let test: Vec<usize> = (0..y.len()).filter(|&i| folds[i] == f).collect();
        if test.is_empty() {
            continue;
        }
        let xt = x.select(Axis(0), &train);
        let st = Standardiser::learn(xt.view());
        let yt: Vec<bool> = train.iter().map(|&i| y[i]).collect();
        let m = fit(st.apply(xt.view()).view(), &yt, alpha)?;
        let eta = m.logit(st.apply(x.select(Axis(0), &test).view()).view());
        for (j, &i) in test.iter().enumerate() {
            p[i] = sigmoid(eta[j]);
        }
    }
    Ok(p)
}

/// Mean log loss (deviance / 2n) of probabilities `p`.
pub fn log_loss(p: &[f64], y: &[bool]) -> f64 {
    let s: f64 = p
        .iter()
        .zip(y)
        .map(|(&q, &c)| {
            let q = q.clamp(1e-15, 1.0 - 1e-15);
            if c {
                -q.ln()
            } else {
                -(1.0 - q).ln()
            }
        })
        .sum();
    s / p.len() as f64
}

/// The penalty with the lowest cross-validated log loss (the smallest penalty wins a tie),
/// with the log loss of every penalty tried, in the order given.
pub fn choose_penalty(
    x: &Array2<f64>,
    y: &[bool],
    folds: &[usize],
    k: usize,
    penalties: &[f64],
) -> Result<(f64, Vec<(f64, f64)>)> {
    let mut tried = Vec::new();
    for &a in penalties {
        let p = out_of_fold(x, y, folds, k, a)?;
        tried.push((a, log_loss(&p, y)));
    }
    let best = tried
        .iter()
        .copied()
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)))
        .map_or(f64::NAN, |t| t.0);
    Ok((best, tried))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_stratified_and_seeded() {
        let y: Vec<bool> = (0..50).map(|i| i % 5 == 0).collect();
        let f = stratified_folds(&y, 5, 1);
        assert_eq!(f, stratified_folds(&y, 5, 1));
        assert_ne!(f, stratified_folds(&y, 5, 2));
        for k in 0..5 {
            let cases = (0..50).filter(|&i| f[i] == k && y[i]).count();
            let all = (0..50).filter(|&i| f[i] == k).count();
            assert_eq!((cases, all), (2, 10));
        }
    }
}
