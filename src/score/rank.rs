//! Ranking helpers shared by the rank-based methods.

use std::cmp::Ordering;

/// Indices of `x` sorted by value, ascending (`f64::total_cmp`); ties in index order. NaN sorts
/// last.
///
/// Sorts integer keys that order like the values (see `sort_keys`) instead of indices with a
/// comparator that looks the values up: several times faster, and the same order, as the order
/// is total.
pub fn argsort_ascending(x: &[f64]) -> Vec<usize> {
    sort_keys(x.iter().map(|&v| total_key(v)).collect(), false)
}

/// Indices of `x` sorted by value, descending. Ties keep index order when `ties_reversed` is false
/// (R's stable `order(decreasing = TRUE)`), reverse index order when true.
///
/// Without NaN this sorts integer keys (see [`argsort_ascending`]); `0.0` and `-0.0` tie, as they
/// compare equal. With a NaN the comparator sort of old is kept as is.
pub fn argsort_descending(x: &[f64], ties_reversed: bool) -> Vec<usize> {
    if x.iter().any(|v| v.is_nan()) {
        let mut idx: Vec<usize> = (0..x.len()).collect();
        // Unstable sort is deterministic here: the index tie-break makes the order total.
        idx.sort_unstable_by(|&a, &b| {
            let by_value = x[b].partial_cmp(&x[a]).unwrap_or(Ordering::Equal);
            let by_index = if ties_reversed { b.cmp(&a) } else { a.cmp(&b) };
            by_value.then(by_index)
        });
        return idx;
    }
    sort_keys(
        x.iter().map(|&v| !total_key(v + 0.0)).collect(),
        ties_reversed,
    )
}

/// An unsigned key ordered as `f64::total_cmp` orders the values.
fn total_key(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// Below this many keys a comparison sort beats the radix passes.
const RADIX_MIN: usize = 256;

/// Indices of `keys` in ascending key order, ties in index order (reversed when `ties_reversed`).
///
/// Long inputs take a least-significant-digit radix sort, 8 bits per pass, skipping the digits
/// every key shares; it is stable, so starting from the tie order gives exactly the order of a
/// comparison sort of (key, tie index) pairs, which shorter inputs use.
fn sort_keys(keys: Vec<u64>, ties_reversed: bool) -> Vec<usize> {
    let n = keys.len();
    let tie = |i: usize| if ties_reversed { n - 1 - i } else { i };
    let Ok(n32) = u32::try_from(n) else {
        let mut pairs: Vec<(u64, usize)> = (0..n).map(|i| (keys[tie(i)], i)).collect();
        pairs.sort_unstable();
        return pairs.into_iter().map(|(_, i)| tie(i)).collect();
    };
    let mut items: Vec<(u64, u32)> = (0..n32).map(|i| (keys[tie(i as usize)], i)).collect();
    if n < RADIX_MIN {
        items.sort_unstable();
    } else {
        let mut counts = [[0u32; 256]; 8];
        for &(k, _) in &items {
            for (d, c) in counts.iter_mut().enumerate() {
                c[((k >> (8 * d)) & 0xff) as usize] += 1;
            }
        }
        let mut buf = vec![(0u64, 0u32); n];
        for (d, c) in counts.iter().enumerate() {
            if c.contains(&n32) {
                continue;
            }
            let mut offset = [0usize; 256];
            let mut sum = 0;
            for (o, &x) in offset.iter_mut().zip(c) {
                *o = sum;
                sum += x as usize;
            }
            for &(k, i) in &items {
                let digit = ((k >> (8 * d)) & 0xff) as usize;
                buf[offset[digit]] = (k, i);
                offset[digit] += 1;
            }
            std::mem::swap(&mut items, &mut buf);
        }
    }
    items.into_iter().map(|(_, i)| tie(i as usize)).collect()
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

    /// The comparator sort that the packed keys replace, as a reference.
    fn reference_descending(x: &[f64], ties_reversed: bool) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..x.len()).collect();
        idx.sort_by(|&a, &b| {
            let by_value = x[b].partial_cmp(&x[a]).unwrap_or(Ordering::Equal);
            let by_index = if ties_reversed { b.cmp(&a) } else { a.cmp(&b) };
            by_value.then(by_index)
        });
        idx
    }

    #[test]
    fn packed_sorts_equal_the_comparator_sorts() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let specials = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e-310,
            -1e-310,
        ];
        for n in [0, 1, 2, 3, 10, 100, 255, 256, 1000, 5000] {
            for _ in 0..20 {
                let x: Vec<f64> = (0..n)
                    .map(|_| match rng.random_range(0..4) {
                        0 => specials[rng.random_range(0..specials.len())],
                        1 => f64::from(rng.random_range(-3i32..3)),
                        _ => rng.random_range(-1e3..1e3),
                    })
                    .collect();
                for rev in [false, true] {
                    assert_eq!(argsort_descending(&x, rev), reference_descending(&x, rev));
                }
                let mut asc: Vec<usize> = (0..n).collect();
                asc.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
                assert_eq!(argsort_ascending(&x), asc);
                let mut with_nan = x.clone();
                with_nan.push(f64::NAN);
                with_nan.push(-f64::NAN);
                let mut asc: Vec<usize> = (0..with_nan.len()).collect();
                asc.sort_by(|&a, &b| with_nan[a].total_cmp(&with_nan[b]).then(a.cmp(&b)));
                assert_eq!(argsort_ascending(&with_nan), asc);
            }
        }
    }

    #[test]
    fn descending_order_breaks_ties_by_index_either_way() {
        let x = [1.0, 2.0, 1.0, 2.0];
        assert_eq!(argsort_descending(&x, false), [1, 3, 0, 2]);
        assert_eq!(argsort_descending(&x, true), [3, 1, 2, 0]);
    }
}
