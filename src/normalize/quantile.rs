//! Quantile normalisation between samples with limma's semantics
//! (`normalizeBetweenArrays(x, method = "quantile")`, i.e. `normalizeQuantiles(x, ties = TRUE)`).
//!
//! Each column is sorted; the target distribution is the mean across columns of the sorted values
//! (a column with missing values is first interpolated linearly onto the full grid of quantile
//! positions `(0..n-1)/(n-1)`). Each value is then replaced by the target interpolated at its
//! position `(r - 1)/(n_obs - 1)`, where `r` is its rank among the column's observed values with
//! ties given their average rank, so tied values receive one common value (the mean of the targets
//! they span, as limma does). Missing values stay missing.
//!
//! Checked against limma 3.54.1 in `tests/formats.rs` (golden made by
//! `fixtures/formats/make_quantile_golden.R`).

use ndarray::{Array2, Axis};

/// Quantile-normalises the columns of `x` in place (limma `normalizeQuantiles`, `ties = TRUE`).
pub fn normalize_quantiles(x: &mut Array2<f64>) {
    let (n, m) = x.dim();
    if n == 0 || m < 2 {
        return;
    }
    let grid = |k: usize| {
        if n == 1 {
            0.0
        } else {
            k as f64 / (n - 1) as f64
        }
    };
    // Sorted columns, each interpolated onto the full grid when it has missing values.
    let mut target = vec![0.0; n];
    let mut sorted_cols = Vec::with_capacity(m);
    for column in x.axis_iter(Axis(1)) {
        let mut obs: Vec<f64> = column.iter().copied().filter(|v| !v.is_nan()).collect();
        obs.sort_by(f64::total_cmp);
        sorted_cols.push(obs.len());
        for (k, t) in target.iter_mut().enumerate() {
            let value = if obs.len() == n {
                obs[k]
            } else {
                approx_on_grid(&obs, grid(k))
            };
            *t += value;
        }
    }
    for t in &mut target {
        *t /= m as f64;
    }
    for (j, mut column) in x.axis_iter_mut(Axis(1)).enumerate() {
        let n_obs = sorted_cols[j];
        let ranks = average_ranks(column.as_slice_memory_order().map_or_else(
            || column.iter().copied().collect::<Vec<_>>(),
            |s| s.to_vec(),
        ));
        for (v, r) in column.iter_mut().zip(ranks) {
            if v.is_nan() {
                continue;
            }
            let position = if n_obs == 1 {
                0.0
            } else {
                (r - 1.0) / (n_obs - 1) as f64
            };
            *v = approx_on_grid(&target, position);
        }
    }
}

/// R's `approx(seq(0, 1, length = len), values, xout = p)$y` for `values` on an even grid.
fn approx_on_grid(values: &[f64], p: f64) -> f64 {
    let len = values.len();
    match len {
        0 => f64::NAN,
        1 => values[0],
        _ => {
            // R's approx1: bisection on the grid x_k = k / (len - 1), exact hits returned as is.
            let h = (len - 1) as f64;
            let x = |k: usize| k as f64 / h;
            if p <= 0.0 {
                return values[0];
            }
            if p >= 1.0 {
                return values[len - 1];
            }
            let (mut i, mut j) = (0usize, len - 1);
            while i + 1 < j {
                let mid = (i + j) / 2;
                if p < x(mid) {
                    j = mid;
                } else {
                    i = mid;
                }
            }
            if p == x(j) {
                return values[j];
            }
            if p == x(i) {
                return values[i];
            }
            values[i] + (values[j] - values[i]) * ((p - x(i)) / (x(j) - x(i)))
        }
    }
}

/// Ranks of the observed (non-NaN) values, ties averaged; NaN entries get NaN.
fn average_ranks(values: Vec<f64>) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).filter(|&i| !values[i].is_nan()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![f64::NAN; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        let rank = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
        }
        start = end;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn columns_get_the_mean_distribution() {
        // Sorted columns (1,2,3) and (2,4,6): target (1.5, 3, 4.5).
        let mut x = array![[3.0, 2.0], [1.0, 6.0], [2.0, 4.0]];
        normalize_quantiles(&mut x);
        assert_eq!(x, array![[4.5, 1.5], [1.5, 4.5], [3.0, 3.0]]);
    }

    #[test]
    fn ties_share_the_mean_of_their_targets() {
        // Sorted columns (1, 5, 5) and (2, 4, 6): target (1.5, 4.5, 5.5). Column 1 ties at ranks 2
        // and 3 (average 2.5): both get (4.5 + 5.5) / 2 = 5.
        let mut x = array![[1.0, 2.0], [5.0, 4.0], [5.0, 6.0]];
        normalize_quantiles(&mut x);
        assert_eq!(x.column(0).to_vec(), [1.5, 5.0, 5.0]);
    }

    #[test]
    fn missing_values_stay_missing() {
        let mut x = array![[1.0, 2.0], [f64::NAN, 4.0], [3.0, 6.0]];
        normalize_quantiles(&mut x);
        assert!(x[[1, 0]].is_nan());
        // Column 1 on the grid: (1, 2, 3); target (1.5, 3, 4.5); its two values sit at 0 and 1.
        assert_eq!(x[[0, 0]], 1.5);
        assert_eq!(x[[2, 0]], 4.5);
    }
}
