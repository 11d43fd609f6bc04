//! Expression-matched random signatures: the null behind `bench`'s `p_random`.
//!
//! Measured features (rows with no missing value among the compared samples) are put into ten
//! bins by the deciles of their mean expression. A random signature of a template keeps the
//! template's size and up/down split: each member is replaced by a feature drawn uniformly from
//! the bin of that member, without repeating a feature within one draw. Replicate `r` draws with
//! its own ChaCha8 generator, seeded with the user's seed and stream `r`, so replicate `r` is the
//! same signature whatever the number of threads or the order replicates run in.

use ndarray::ArrayView2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::signature::MappedSignature;

/// Number of mean-expression bins.
pub const N_BINS: usize = 10;

/// Features binned by mean expression.
#[derive(Debug, Clone)]
pub struct MatchedNull {
    /// Bin of each matrix row (`None` for rows that cannot be drawn: missing values).
    bin_of: Vec<Option<usize>>,
    /// Rows in each bin, ascending.
    bins: Vec<Vec<usize>>,
}

impl MatchedNull {
    /// Bins the rows of `expr` (features x compared samples) by the deciles of their means.
    /// Rows with a non-finite value are never drawn.
    pub fn new(expr: ArrayView2<'_, f64>) -> Self {
        let means: Vec<Option<f64>> = expr
            .rows()
            .into_iter()
            .map(|r| {
                if r.iter().all(|v| v.is_finite()) && !r.is_empty() {
                    Some(r.sum() / r.len() as f64)
                } else {
                    None
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..means.len()).filter(|&i| means[i].is_some()).collect();
        // ties broken by row index, so the binning is deterministic
        order.sort_by(|&a, &b| {
            means[a]
                .unwrap_or(f64::NAN)
                .total_cmp(&means[b].unwrap_or(f64::NAN))
                .then(a.cmp(&b))
        });
        let n = order.len();
        let mut bin_of = vec![None; means.len()];
        let mut bins = vec![Vec::new(); N_BINS];
        for (rank, &row) in order.iter().enumerate() {
            let b = (rank * N_BINS / n.max(1)).min(N_BINS - 1);
            bin_of[row] = Some(b);
            bins[b].push(row);
        }
        for b in &mut bins {
            b.sort_unstable();
        }
        MatchedNull { bin_of, bins }
    }

    /// Number of rows that can be drawn.
    pub fn n_drawable(&self) -> usize {
        self.bins.iter().map(Vec::len).sum()
    }

    /// Bin of a row, if drawable.
    pub fn bin(&self, row: usize) -> Option<usize> {
        self.bin_of.get(row).copied().flatten()
    }

    /// One random signature matching `template` (same up and down counts, each member replaced
    /// by a feature of its mean-expression bin). Template members that are not drawable are
    /// dropped. A member whose bin is exhausted by the draw takes from the nearest bin with rows
    /// left.
    pub fn draw(&self, template: &MappedSignature, rng: &mut ChaCha8Rng) -> MappedSignature {
        let mut taken: Vec<usize> = Vec::new();
        let mut pick = |row: usize, taken: &mut Vec<usize>| -> Option<usize> {
            let home = self.bin(row)?;
            for d in 0..N_BINS {
                for b in [home.checked_sub(d), Some(home + d)].into_iter().flatten() {
                    if b >= N_BINS || (d == 0 && b != home) {
                        continue;
                    }
                    let free: Vec<usize> = self.bins[b]
                        .iter()
                        .copied()
                        .filter(|r| !taken.contains(r))
                        .collect();
                    if !free.is_empty() {
                        let r = free[rng.random_range(0..free.len())];
                        taken.push(r);
                        return Some(r);
                    }
                }
            }
            None
        };
        let up: Vec<usize> = template
            .up
            .iter()
            .filter_map(|&r| pick(r, &mut taken))
            .collect();
        let down: Vec<usize> = template
            .down
            .iter()
            .filter_map(|&r| pick(r, &mut taken))
            .collect();
        MappedSignature {
            name: format!("{}__random", template.name),
            listed: up.len() + down.len(),
            up,
            down,
            missing: Vec::new(),
        }
    }

    /// The generator of replicate `replicate` for `seed`.
    pub fn rng(seed: u64, replicate: usize) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(replicate as u64);
        rng
    }

    /// Evaluates `stat` on `n` random signatures matching `template`, in parallel, and returns
    /// the values in replicate order (identical whatever the thread count).
    pub fn replicate<F>(&self, template: &MappedSignature, n: usize, seed: u64, stat: F) -> Vec<f64>
    where
        F: Fn(&MappedSignature) -> f64 + Sync,
    {
        (0..n)
            .into_par_iter()
            .map(|r| {
                let mut rng = Self::rng(seed, r);
                stat(&self.draw(template, &mut rng))
            })
            .collect()
    }
}

/// (b + 1) / (N + 1) where b counts null values at least as large as `observed` (a NaN null
/// value counts as not as large); NaN when there are no replicates or `observed` is NaN.
pub fn empirical_p(observed: f64, null: &[f64]) -> f64 {
    if null.is_empty() || observed.is_nan() {
        return f64::NAN;
    }
    let b = null.iter().filter(|&&v| v >= observed).count();
    (b as f64 + 1.0) / (null.len() as f64 + 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    fn template(up: Vec<usize>, down: Vec<usize>) -> MappedSignature {
        MappedSignature {
            name: "t".into(),
            listed: up.len() + down.len(),
            up,
            down,
            missing: vec![],
        }
    }

    #[test]
    fn draws_keep_size_split_and_bins() {
        // 100 rows with means 0..99: bin of row i is i / 10
        let expr = Array2::from_shape_fn((100, 4), |(i, j)| i as f64 + j as f64 * 0.01);
        let null = MatchedNull::new(expr.view());
        assert_eq!(null.n_drawable(), 100);
        let t = template(vec![3, 55], vec![98]);
        for r in 0..50 {
            let d = null.draw(&t, &mut MatchedNull::rng(7, r));
            assert_eq!((d.up.len(), d.down.len()), (2, 1));
            assert_eq!(d.up[0] / 10, 0);
            assert_eq!(d.up[1] / 10, 5);
            assert_eq!(d.down[0] / 10, 9);
        }
    }

    #[test]
    fn replicate_is_seeded_and_ordered() {
        let expr = Array2::from_shape_fn((50, 3), |(i, j)| (i * 3 + j) as f64);
        let null = MatchedNull::new(expr.view());
        let t = template(vec![1, 2, 3], vec![]);
        let stat = |m: &MappedSignature| m.up.iter().sum::<usize>() as f64;
        let a = null.replicate(&t, 200, 11, stat);
        let b = null.replicate(&t, 200, 11, stat);
        let c = null.replicate(&t, 200, 12, stat);
        assert_eq!(a, b);
        assert_ne!(a, c);
        // the first replicate alone equals replicate 0 of the long run
        assert_eq!(null.replicate(&t, 1, 11, stat)[0], a[0]);
    }

    #[test]
    fn missing_rows_are_never_drawn() {
        let mut expr = Array2::from_shape_fn((20, 3), |(i, _)| i as f64);
        expr[[4, 1]] = f64::NAN;
        let null = MatchedNull::new(expr.view());
        assert_eq!(null.n_drawable(), 19);
        let t = template(vec![5, 6], vec![]);
        for r in 0..100 {
            assert!(!null.draw(&t, &mut MatchedNull::rng(1, r)).up.contains(&4));
        }
    }

    #[test]
    fn empirical_p_counts_ties() {
        assert_eq!(empirical_p(0.7, &[0.5, 0.7, 0.9, 0.1]), 3.0 / 5.0);
        assert!(empirical_p(0.7, &[]).is_nan());
    }
}
