//! GSVA's Gaussian kernel CDF sums: for each sample j, the sum over samples i, in index order, of
//! Phi((x_j - x_i) / h) read from GSVA's table (h = sd / 4).
//!
//! Three paths compute these sums and give the same bits (tests below):
//! * [`reference_left_tails`]: GSVA's C double loop, one table lookup per ordered pair. Used when a
//!   value or h is not finite, and by the tests.
//! * [`blocked_left_tails`] with the portable block: four samples j at a time, each unordered pair
//!   looked up once.
//! * the same with the AVX2 block (x86_64 with AVX2, detected at run time): the four j in the lanes
//!   of one vector. About 6x faster than the reference on 10,000 samples.
//!
//! Why the sums are bit-identical:
//! * Every sum adds its terms in index order. For sample j the terms from i < j come first (the
//!   block's running sums), then its own term, then those from i > j (added to its slot as later
//!   blocks pass over it, in increasing j).
//! * Each term is the same value. The table index `trunc(|d / h| / 10 * 10,000)` is computed as
//!   `trunc(|d| * (1,000 / h))`, which differs from it by a few ulps (< 1e-11 for indices up to
//!   10,000). Where the product lies within 1e-9 of an integer, the exact expression is used.
//! * x_i - x_j is exactly -(x_j - x_i), so both directions of a pair share the entry c; the lower
//!   one is 1 - c.
//! * The index is capped at 10,000, whose entry is exactly 1: GSVA's 0 below -10 and 1 above 10.
//!   Entry 0 is exactly 0.5, so the sign of a zero difference does not matter.

use std::sync::OnceLock;

use super::sets::sd;

/// Entries in GSVA's normal CDF table, less one.
pub(crate) const TABLE_RESOLUTION: usize = 10_000;
/// The table covers Phi on [0, TABLE_MAX].
pub(crate) const TABLE_MAX: f64 = 10.0;
/// Distance from an integer within which the fast table index is recomputed exactly.
const INDEX_MARGIN: f64 = 1e-9;
/// Largest fast index product looked at; above it every index is capped at TABLE_RESOLUTION.
const INDEX_CAP: f64 = TABLE_RESOLUTION as f64 + 0.5;

/// The standard normal CDF at 10 i / 10,000, i = 0..=10,000 (GSVA's precomputed table).
pub(crate) fn normal_table() -> &'static [f64] {
    static TABLE: OnceLock<Vec<f64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..=TABLE_RESOLUTION)
            .map(|i| {
                let z = TABLE_MAX * i as f64 / TABLE_RESOLUTION as f64;
                0.5 * statrs::function::erf::erfc(-z / std::f64::consts::SQRT_2)
            })
            .collect()
    })
}

/// GSVA's table lookup of Phi(d / h).
pub(crate) fn table_cdf(table: &[f64], d: f64, h: f64) -> f64 {
    let v = d / h;
    if v < -TABLE_MAX {
        0.0
    } else if v > TABLE_MAX {
        1.0
    } else {
        let c = table[(v.abs() / TABLE_MAX * TABLE_RESOLUTION as f64) as usize];
        if v < 0.0 {
            1.0 - c
        } else {
            c
        }
    }
}

/// The sums of the module doc, by the fastest path this machine has.
pub(crate) fn left_tails(x: &[f64]) -> Vec<f64> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        return blocked_left_tails(x, |xs, tails, y, kernel| {
            // SAFETY: AVX2 is available (checked just above).
            unsafe { avx2::block(xs, tails, y, kernel) }
        });
    }
    blocked_left_tails(x, portable_block)
}

/// GSVA's direct double loop: sum j adds the table Phi((x_j - x_i) / h) over i in index order.
pub(crate) fn reference_left_tails(x: &[f64]) -> Vec<f64> {
    let table = normal_table();
    let h = sd(x) / 4.0;
    x.iter()
        .map(|&y| x.iter().map(|&xi| table_cdf(table, y - xi, h)).sum::<f64>())
        .collect()
}

/// What a block kernel needs to look a difference up.
#[derive(Clone, Copy)]
pub(crate) struct Kernel<'a> {
    table: &'a [f64],
    h: f64,
    scale: f64,
}

impl Kernel<'_> {
    /// The table index of d = x_j - x_i: `trunc(|d / h| / 10 * 10,000)` capped at 10,000.
    #[inline(always)]
    fn index(&self, d: f64) -> usize {
        let w = (d.abs() * self.scale).min(INDEX_CAP);
        let lo = (w - INDEX_MARGIN) as i32;
        let hi = (w + INDEX_MARGIN) as i32;
        if lo == hi {
            lo as usize
        } else {
            self.exact_index(d)
        }
    }

    /// The index by GSVA's own arithmetic, for products near an integer.
    #[cold]
    #[inline(never)]
    fn exact_index(&self, d: f64) -> usize {
        (((d / self.h).abs() / TABLE_MAX * TABLE_RESOLUTION as f64) as usize).min(TABLE_RESOLUTION)
    }

    /// (term of sum j, term of sum i) for d = x_j - x_i.
    #[inline(always)]
    fn pair(&self, d: f64) -> (f64, f64) {
        let c = self.table[self.index(d)];
        let o = 1.0 - c;
        if d < 0.0 {
            (o, c)
        } else {
            (c, o)
        }
    }
}

/// The sums by blocks of four samples (see the module doc), falling back to the reference where
/// the fast index cannot be trusted.
///
/// `block(xs, tails, y, kernel)` is given `xs = x[..j]`, their sums so far and `y = x[j..j + 4]`;
/// it adds to each `tails[i]` the terms of y[0], ..., y[3] in that order and returns the four
/// sums over `xs`.
pub(crate) fn blocked_left_tails<F>(x: &[f64], block: F) -> Vec<f64>
where
    F: Fn(&[f64], &mut [f64], [f64; 4], Kernel<'_>) -> [f64; 4],
{
    let table = normal_table();
    let h = sd(x) / 4.0;
    let usable = h.is_finite()
        && h > 0.0
        && x.iter().all(|v| v.is_finite())
        && table[0] == 0.5
        && table[TABLE_RESOLUTION] == 1.0;
    if !usable {
        return reference_left_tails(x);
    }
    let kernel = Kernel {
        table,
        h,
        scale: TABLE_RESOLUTION as f64 / TABLE_MAX / h,
    };
    let own_term = table_cdf(table, 0.0, h);
    let n = x.len();
    let mut tails = vec![0.0f64; n];
    let mut j = 0;
    while j + 4 <= n {
        let y = [x[j], x[j + 1], x[j + 2], x[j + 3]];
        let (before, rest) = tails.split_at_mut(j);
        let own = block(&x[..j], before, y, kernel);
        // the 4 x 4 corner, each sum still in index order
        for p in 0..4 {
            let mut s = own[p];
            for q in 0..4 {
                s += match q.cmp(&p) {
                    std::cmp::Ordering::Less => kernel.pair(y[p] - y[q]).0,
                    std::cmp::Ordering::Equal => own_term,
                    std::cmp::Ordering::Greater => kernel.pair(y[q] - y[p]).1,
                };
            }
            rest[p] = s;
        }
        j += 4;
    }
    for j in j..n {
        let (before, rest) = tails.split_at_mut(j);
        let mut own = 0.0f64;
        for (xi, tail) in x[..j].iter().zip(before.iter_mut()) {
            let (to_j, to_i) = kernel.pair(x[j] - xi);
            own += to_j;
            *tail += to_i;
        }
        rest[0] = own + own_term;
    }
    tails
}

/// The block kernel in plain Rust: four independent running sums.
fn portable_block(xs: &[f64], tails: &mut [f64], y: [f64; 4], kernel: Kernel<'_>) -> [f64; 4] {
    let mut own = [0.0f64; 4];
    for (xi, tail) in xs.iter().zip(tails.iter_mut()) {
        let mut t = *tail;
        for (lane, yl) in y.iter().enumerate() {
            let (to_j, to_i) = kernel.pair(yl - xi);
            own[lane] += to_j;
            t += to_i;
        }
        *tail = t;
    }
    own
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    //! The block kernel with the four samples j in the lanes of an AVX2 vector. Lane arithmetic is
    //! the portable block's, operation for operation (no fused multiply-add), so the bits agree.

    use std::arch::x86_64::*;

    use super::{Kernel, INDEX_CAP, INDEX_MARGIN};

    /// (terms of sums j, terms of sum i) for the four differences `d = y - x_i`.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn lookup(d: __m256d, y: &[f64; 4], xi: f64, kernel: Kernel<'_>) -> (__m256d, __m256d) {
        let magnitude = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7fff_ffff_ffff_ffff));
        let w = _mm256_min_pd(
            _mm256_mul_pd(_mm256_and_pd(d, magnitude), _mm256_set1_pd(kernel.scale)),
            _mm256_set1_pd(INDEX_CAP),
        );
        let lo = _mm256_cvttpd_epi32(_mm256_sub_pd(w, _mm256_set1_pd(INDEX_MARGIN)));
        let hi = _mm256_cvttpd_epi32(_mm256_add_pd(w, _mm256_set1_pd(INDEX_MARGIN)));
        if _mm_movemask_epi8(_mm_cmpeq_epi32(lo, hi)) == 0xffff {
            // SAFETY: every lane of `lo` is in 0..=TABLE_RESOLUTION (w is capped at INDEX_CAP and
            // not negative), inside the table of TABLE_RESOLUTION + 1 entries.
            let c = unsafe { _mm256_i32gather_pd::<8>(kernel.table.as_ptr(), lo) };
            let o = _mm256_sub_pd(_mm256_set1_pd(1.0), c);
            let negative = _mm256_cmp_pd::<_CMP_LT_OQ>(d, _mm256_setzero_pd());
            (
                _mm256_blendv_pd(c, o, negative),
                _mm256_blendv_pd(o, c, negative),
            )
        } else {
            let mut to_j = [0.0f64; 4];
            let mut to_i = [0.0f64; 4];
            for lane in 0..4 {
                (to_j[lane], to_i[lane]) = kernel.pair(y[lane] - xi);
            }
            // SAFETY: both arrays hold four f64.
            unsafe {
                (
                    _mm256_loadu_pd(to_j.as_ptr()),
                    _mm256_loadu_pd(to_i.as_ptr()),
                )
            }
        }
    }

    /// Adds to each of `tail[0..4]` its four terms, in lane order: the columns of the 4 x 4
    /// matrix whose rows are `terms`.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn add_transposed(tail: &mut [f64], terms: [__m256d; 4]) {
        let t0 = _mm256_unpacklo_pd(terms[0], terms[1]);
        let t1 = _mm256_unpackhi_pd(terms[0], terms[1]);
        let t2 = _mm256_unpacklo_pd(terms[2], terms[3]);
        let t3 = _mm256_unpackhi_pd(terms[2], terms[3]);
        assert!(tail.len() >= 4);
        // SAFETY: `tail` holds at least four f64 (asserted).
        let mut t = unsafe { _mm256_loadu_pd(tail.as_ptr()) };
        t = _mm256_add_pd(t, _mm256_permute2f128_pd::<0x20>(t0, t2));
        t = _mm256_add_pd(t, _mm256_permute2f128_pd::<0x20>(t1, t3));
        t = _mm256_add_pd(t, _mm256_permute2f128_pd::<0x31>(t0, t2));
        t = _mm256_add_pd(t, _mm256_permute2f128_pd::<0x31>(t1, t3));
        // SAFETY: as for the load.
        unsafe { _mm256_storeu_pd(tail.as_mut_ptr(), t) };
    }

    /// The block contract of [`super::blocked_left_tails`], four lanes at a time.
    ///
    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn block(
        xs: &[f64],
        tails: &mut [f64],
        y: [f64; 4],
        kernel: Kernel<'_>,
    ) -> [f64; 4] {
        // SAFETY: `y` holds four f64.
        let yv = unsafe { _mm256_loadu_pd(y.as_ptr()) };
        let mut own = _mm256_setzero_pd();
        let whole = xs.len() / 4 * 4;
        for (x4, tail4) in xs[..whole].chunks_exact(4).zip(tails.chunks_exact_mut(4)) {
            let mut terms = [_mm256_setzero_pd(); 4];
            for (k, &xi) in x4.iter().enumerate() {
                let d = _mm256_sub_pd(yv, _mm256_set1_pd(xi));
                let (to_j, to_i) = lookup(d, &y, xi, kernel);
                own = _mm256_add_pd(own, to_j);
                terms[k] = to_i;
            }
            add_transposed(tail4, terms);
        }
        let mut sums = [0.0f64; 4];
        // SAFETY: `sums` holds four f64.
        unsafe { _mm256_storeu_pd(sums.as_mut_ptr(), own) };
        for (xi, tail) in xs[whole..].iter().zip(tails[whole..].iter_mut()) {
            for (lane, yl) in y.iter().enumerate() {
                let (to_j, to_i) = kernel.pair(yl - xi);
                sums[lane] += to_j;
                *tail += to_i;
            }
        }
        sums
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uniform(seed: u64) -> impl FnMut() -> f64 {
        let mut state = seed;
        move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// Ties, wide outliers (saturated pairs), ordinary spread, and integer counts.
    fn samples(n: usize, seed: u64) -> Vec<f64> {
        let mut next = uniform(seed);
        (0..n)
            .map(|i| match i % 7 {
                0 => 3.0,
                1 => 40.0 * next(),
                2 => (20.0 * next()).floor(),
                _ => 5.0 + next(),
            })
            .collect()
    }

    fn assert_same_bits(a: &[f64], b: &[f64], what: &str) {
        assert_eq!(a.len(), b.len());
        for (i, (a, b)) in a.iter().zip(b).enumerate() {
            assert_eq!(a.to_bits(), b.to_bits(), "{what}: sum {i}: {a} vs {b}");
        }
    }

    #[test]
    fn table_cdf_saturates_and_mirrors() {
        let t = normal_table();
        assert_eq!(table_cdf(t, 11.0, 1.0), 1.0);
        assert_eq!(table_cdf(t, -11.0, 1.0), 0.0);
        assert!((table_cdf(t, 0.0, 1.0) - 0.5).abs() < 1e-15);
        // truncation: 1.00049 / 10 * 10,000 = 100.049 -> entry 100 = Phi(0.1)
        assert!((table_cdf(t, 1.00049, 10.0) - t[100]).abs() == 0.0);
        assert!((table_cdf(t, -1.0, 1.0) - (1.0 - t[1000])).abs() < 1e-15);
    }

    #[test]
    fn table_ends_are_exact() {
        let t = normal_table();
        assert_eq!(t[0], 0.5);
        assert_eq!(t[TABLE_RESOLUTION], 1.0);
    }

    #[test]
    fn portable_blocks_are_bit_identical_to_the_reference() {
        for n in [1usize, 2, 3, 4, 5, 7, 8, 9, 17, 64, 203] {
            for seed in [1u64, 2] {
                let x = samples(n, seed);
                let fast = blocked_left_tails(&x, portable_block);
                assert_same_bits(&fast, &reference_left_tails(&x), &format!("n = {n}"));
            }
        }
    }

    #[test]
    fn the_dispatched_path_is_bit_identical_to_the_reference() {
        for n in [4usize, 6, 11, 128, 301] {
            let x = samples(n, 9);
            assert_same_bits(&left_tails(&x), &reference_left_tails(&x), "dispatch");
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx2_blocks_are_bit_identical_to_the_reference() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            eprintln!("no AVX2 on this CPU: the AVX2 block is not tested here");
            return;
        }
        for n in [4usize, 5, 8, 13, 16, 19, 100, 257] {
            for seed in [3u64, 4] {
                let x = samples(n, seed);
                let fast = blocked_left_tails(&x, |xs, tails, y, k| unsafe {
                    avx2::block(xs, tails, y, k)
                });
                assert_same_bits(&fast, &reference_left_tails(&x), &format!("n = {n}"));
            }
        }
    }

    /// Differences placed on and next to the table's grid points exercise the exact fallback.
    #[test]
    fn grid_differences_take_gsvas_index() {
        let table = normal_table();
        let mut next = uniform(5);
        for _ in 0..20 {
            let h = 0.01 + 3.0 * next();
            let kernel = Kernel {
                table,
                h,
                scale: TABLE_RESOLUTION as f64 / TABLE_MAX / h,
            };
            for k in (0..=10_010).step_by(7) {
                let on_grid = k as f64 * h / 1000.0;
                for d in [
                    on_grid,
                    f64::from_bits(on_grid.to_bits() + 1),
                    f64::from_bits(on_grid.to_bits().saturating_sub(1)),
                    -on_grid,
                ] {
                    let direct = table_cdf(table, d, h);
                    let fast = kernel.pair(d).0;
                    assert_eq!(direct.to_bits(), fast.to_bits(), "h = {h}, d = {d}");
                }
            }
        }
    }

    #[test]
    fn grid_valued_samples_are_bit_identical_too() {
        // values on a 0.001 grid with sd near a round number push many products onto integers
        let mut next = uniform(6);
        let x: Vec<f64> = (0..150)
            .map(|_| ((next() * 4000.0).floor()) / 1000.0)
            .collect();
        assert_same_bits(
            &blocked_left_tails(&x, portable_block),
            &reference_left_tails(&x),
            "grid",
        );
        assert_same_bits(&left_tails(&x), &reference_left_tails(&x), "grid");
    }

    #[test]
    fn non_finite_values_fall_back_to_the_reference() {
        let x = [1.0, f64::INFINITY, 2.0, 3.0, 4.0];
        let fast = left_tails(&x);
        let slow = reference_left_tails(&x);
        for (a, b) in fast.iter().zip(&slow) {
            assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()));
        }
    }
}
