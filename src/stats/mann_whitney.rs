//! Mann-Whitney U test (Wilcoxon rank-sum), two-sided.
//!
//! U is the statistic of the case group: U = R_case - n1 (n1 + 1) / 2 with midranks R over the
//! pooled sample (= R's `wilcox.test` W, SciPy's `statistic`). With U* = max(U, n1 n2 - U):
//!
//! * exact: p = 2 P(U' >= U*) under the permutation null without ties (counts of arrangements by
//!   the usual recursion), clipped to 1;
//! * asymptotic: z = (U* - n1 n2 / 2 - 0.5) / σ, σ² = n1 n2 / 12 · ((n + 1) - Σ(t³ - t) / (n (n - 1)))
//!   (tie correction; continuity correction 0.5), p = 2 (1 - Φ(z)) clipped to 1.
//!
//! Which one is used ([`ExactRule`]):
//! * [`ExactRule::Scipy`] (default), SciPy 1.17 `mannwhitneyu(method='auto')`: exact when
//!   min(n1, n2) <= 8 and there are no ties, asymptotic otherwise;
//! * [`ExactRule::R`], R `wilcox.test`: exact when n1 < 50 and n2 < 50 and there are no ties.
//!
//! All values equal: σ = 0, SciPy gives p = 1 (z = -inf after the continuity correction) and so
//! does this function; R reports NaN there.

use ndarray::ArrayView1;
use serde::Serialize;

use super::special::normal_sf;
use crate::score::rank::argsort_ascending;

/// When to use the exact null distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExactRule {
    /// SciPy's `method='auto'`: exact when the smaller group has <= 8 values and there are no ties.
    #[default]
    Scipy,
    /// R's `wilcox.test`: exact when both groups have < 50 values and there are no ties.
    R,
}

/// How a p-value was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PMethod {
    /// Exact permutation distribution.
    Exact,
    /// Normal approximation with tie and continuity correction.
    Asymptotic,
}

/// The result of a Mann-Whitney test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MannWhitney {
    /// U of the case group.
    pub u: f64,
    /// Two-sided p-value.
    pub p: f64,
    /// How p was computed.
    pub method: PMethod,
}

/// Midranks (1-based average ranks) of `values`, and Σ(t³ - t) over tie groups.
pub fn midranks(values: &[f64]) -> (Vec<f64>, f64) {
    // The stable sort by value of old: ties stay in index order.
    midranks_in_order(values, &argsort_ascending(values))
}

/// [`midranks`] given `order`, the indices of `values` sorted ascending (ties in index order).
pub(crate) fn midranks_in_order(values: &[f64], order: &[usize]) -> (Vec<f64>, f64) {
    let mut ranks = vec![0.0; values.len()];
    let mut tie_term = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i + 1;
        while j < order.len() && values[order[j]] == values[order[i]] {
            j += 1;
        }
        let r = (i + j + 1) as f64 / 2.0;
        for &k in &order[i..j] {
            ranks[k] = r;
        }
        let t = (j - i) as f64;
        tie_term += t * t * t - t;
        i = j;
    }
    (ranks, tie_term)
}

/// Two groups pooled, cases first, with the ascending order of the pooled values (ties in index
/// order): the one sort that Mann-Whitney, DeLong and Youden of a row can share.
#[derive(Debug, Clone)]
pub struct Pooled {
    /// Case values, then control values.
    pub values: Vec<f64>,
    /// Indices of `values` sorted ascending by `f64::total_cmp`, ties in index order.
    pub order: Vec<usize>,
    /// Number of cases (the first `n_case` values).
    pub n_case: usize,
}

impl Pooled {
    /// Pools and sorts the two groups.
    pub fn new(case: ArrayView1<f64>, control: ArrayView1<f64>) -> Self {
        let values: Vec<f64> = case.iter().chain(control.iter()).copied().collect();
        let order = argsort_ascending(&values);
        Self {
            values,
            order,
            n_case: case.len(),
        }
    }

    /// Number of controls.
    pub fn n_control(&self) -> usize {
        self.values.len() - self.n_case
    }
}

/// Mann-Whitney test of `case` against `control`; `None` when a group is empty.
///
/// ```
/// use ndarray::array;
/// use osteomir::stats::mann_whitney::{mann_whitney, ExactRule};
/// let r = mann_whitney(array![3.0, 4.0, 5.0].view(), array![1.0, 2.0].view(), ExactRule::Scipy).unwrap();
/// assert_eq!(r.u, 6.0);
/// assert!((r.p - 0.2).abs() < 1e-15);
/// ```
pub fn mann_whitney(
    case: ArrayView1<f64>,
    control: ArrayView1<f64>,
    rule: ExactRule,
) -> Option<MannWhitney> {
    if case.is_empty() || control.is_empty() {
        return None;
    }
    mann_whitney_pooled(&Pooled::new(case, control), rule)
}

/// [`mann_whitney`] of groups already pooled and sorted; `None` when a group is empty.
pub fn mann_whitney_pooled(pooled: &Pooled, rule: ExactRule) -> Option<MannWhitney> {
    let (n1, n2) = (pooled.n_case, pooled.n_control());
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (ranks, tie_term) = midranks_in_order(&pooled.values, &pooled.order);
    let r1: f64 = ranks[..n1].iter().sum();
    let (f1, f2) = (n1 as f64, n2 as f64);
    let u = r1 - f1 * (f1 + 1.0) / 2.0;
    let u_star = u.max(f1 * f2 - u);
    let ties = tie_term > 0.0;
    let exact = !ties
        && match rule {
            ExactRule::Scipy => n1.min(n2) <= 8,
            ExactRule::R => n1 < 50 && n2 < 50,
        };
    let (p, method) = if exact {
        // U* is an integer without ties.
        (exact_p(n1, n2, u_star as usize), PMethod::Exact)
    } else {
        let n = f1 + f2;
        let s = (f1 * f2 / 12.0 * ((n + 1.0) - tie_term / (n * (n - 1.0)))).sqrt();
        let z = (u_star - f1 * f2 / 2.0 - 0.5) / s;
        let p = if s == 0.0 { 1.0 } else { 2.0 * normal_sf(z) };
        (p.clamp(0.0, 1.0), PMethod::Asymptotic)
    };
    Some(MannWhitney { u, p, method })
}

/// Exact two-sided p-value: 2 P(U' <= n1 n2 - u_star), clipped to 1.
fn exact_p(n1: usize, n2: usize, u_star: usize) -> f64 {
    let k = n1 * n2 - u_star;
    let freq = u_frequencies(n1, n2, k);
    let total = binom(n1 + n2, n1.min(n2));
    let cum: f64 = freq.iter().sum();
    (2.0 * cum / total).min(1.0)
}

/// Binomial coefficient by the multiplicative formula (exact while it fits 2^53).
fn binom(n: usize, k: usize) -> f64 {
    (1..=k).fold(1.0, |acc, i| acc * (n - k + i) as f64 / i as f64)
}

/// Number of arrangements with U = 0, 1, ..., max_u for group sizes (m, n): the coefficients of the
/// Gaussian binomial [m + n choose m]_q = Π_{i=1..k} (1 - q^(l+i)) / (1 - q^i), k = min(m, n),
/// l = max(m, n), truncated at degree max_u. Each factor is applied in place (multiply by
/// 1 - q^(l+i) from the top, divide by 1 - q^i from the bottom), O(k · max_u). Coefficients of low
/// degree, which make the tail probabilities, are small integers and exact.
fn u_frequencies(m: usize, n: usize, max_u: usize) -> Vec<f64> {
    let (k, l) = (m.min(n), m.max(n));
    let mut c = vec![0.0; max_u + 1];
    c[0] = 1.0;
    for i in 1..=k {
        let up = l + i;
        for u in (up..=max_u).rev() {
            c[u] -= c[u - up];
        }
        for u in i..=max_u {
            c[u] += c[u - i];
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// The plain recursion c(u; m, n) = c(u - n; m - 1, n) + c(u; m, n - 1), as an oracle.
    fn naive_frequencies(m: usize, n: usize, max_u: usize) -> Vec<f64> {
        let width = max_u + 1;
        let mut prev = vec![0.0; (n + 1) * width];
        for j in 0..=n {
            prev[j * width] = 1.0;
        }
        for _ in 1..=m {
            let mut cur = vec![0.0; (n + 1) * width];
            cur[0] = 1.0;
            for j in 1..=n {
                for u in 0..width {
                    let a = if u >= j { prev[j * width + u - j] } else { 0.0 };
                    cur[j * width + u] = a + cur[(j - 1) * width + u];
                }
            }
            prev = cur;
        }
        prev[n * width..].to_vec()
    }

    #[test]
    fn gaussian_binomial_matches_the_recursion() {
        for (m, n) in [(1, 1), (3, 7), (8, 40), (12, 15), (20, 20), (5, 2)] {
            let max_u = m * n / 2;
            assert_eq!(
                u_frequencies(m, n, max_u),
                naive_frequencies(m, n, max_u),
                "{m} {n}"
            );
        }
    }

    #[test]
    fn frequencies_sum_to_the_binomial() {
        let f = u_frequencies(3, 4, 12);
        assert_eq!(f.iter().sum::<f64>(), 35.0);
        assert_eq!(f[0], 1.0);
        assert_eq!(f[12], 1.0);
    }

    #[test]
    fn all_ties_give_p_one_like_scipy() {
        let r = mann_whitney(
            array![1.0, 1.0, 1.0].view(),
            array![1.0, 1.0, 1.0].view(),
            ExactRule::Scipy,
        )
        .unwrap();
        assert_eq!((r.u, r.p, r.method), (4.5, 1.0, PMethod::Asymptotic));
    }

    #[test]
    fn r_rule_is_exact_up_to_49() {
        let a: Vec<f64> = (0..20).map(|i| i as f64 * 2.0).collect();
        let b: Vec<f64> = (0..20).map(|i| i as f64 * 2.0 + 1.0).collect();
        let (a, b) = (ndarray::Array1::from(a), ndarray::Array1::from(b));
        let s = mann_whitney(a.view(), b.view(), ExactRule::Scipy).unwrap();
        let r = mann_whitney(a.view(), b.view(), ExactRule::R).unwrap();
        assert_eq!(s.method, PMethod::Asymptotic);
        assert_eq!(r.method, PMethod::Exact);
        assert!((s.p - r.p).abs() < 0.01);
    }
}
