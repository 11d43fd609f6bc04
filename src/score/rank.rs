//! Ranking helpers shared by the rank-based methods.

use std::cmp::Ordering;

/// Indices of `x` sorted by value, ascending; ties in index order. NaN sorts last.
pub fn argsort_ascending(x: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
    idx
}

/// Indices of `x` sorted by value, descending. Ties keep index order when `ties_reversed` is false
/// (R's stable `order(decreasing = TRUE)`), reverse index order when true.
pub fn argsort_descending(x: &[f64], ties_reversed: bool) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    // Unstable sort is deterministic here: the index tie-break makes the order total.
    idx.sort_unstable_by(|&a, &b| {
        let by_value = x[b].partial_cmp(&x[a]).unwrap_or(Ordering::Equal);
        let by_index = if ties_reversed { b.cmp(&a) } else { a.cmp(&b) };
        by_value.then(by_index)
    });
    idx
}

/// Average ranks (1 = smallest) of `x`, ties sharing the mean of their positions.
///
/// Complexity: O(n log n).
pub fn average_ranks(x: &[f64]) -> Vec<f64> {
    let order = argsort_ascending(x);
    let mut ranks = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let avg = (i + j + 2) as f64 / 2.0;
        for &k in &order[i..=j] {
            ranks[k] = avg;
        }
        i = j + 1;
    }
    ranks
}

/// Minimum ranks (1 = smallest) of `x`: ties share the lowest of their positions (R's
/// `rank(ties.method = "min")`).
pub fn min_ranks(x: &[f64]) -> Vec<f64> {
    let order = argsort_ascending(x);
    let mut ranks = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        for &k in &order[i..=j] {
            ranks[k] = (i + 1) as f64;
        }
        i = j + 1;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_ranks_share_ties() {
        assert_eq!(average_ranks(&[3.0, 1.0, 3.0, 2.0]), [3.5, 1.0, 3.5, 2.0]);
    }

    #[test]
    fn min_ranks_take_the_lowest_position() {
        assert_eq!(min_ranks(&[3.0, 1.0, 3.0, 2.0]), [3.0, 1.0, 3.0, 2.0]);
        assert_eq!(min_ranks(&[5.0, 5.0, 5.0]), [1.0, 1.0, 1.0]);
    }

    #[test]
    fn descending_order_breaks_ties_by_index_either_way() {
        let x = [1.0, 2.0, 1.0, 2.0];
        assert_eq!(argsort_descending(&x, false), [1, 3, 0, 2]);
        assert_eq!(argsort_descending(&x, true), [3, 1, 2, 0]);
    }
}
