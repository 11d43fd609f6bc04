//! Benchmarking signatures on labelled cohorts: AUC with DeLong CI, Mann-Whitney p, an
//! expression-matched random-signature p ([`null`]), direction concordance, and a
//! DerSimonian-Laird pooled AUC over cohorts ([`pool`]).
//!
//! The AUC is that of the signature score as curated (higher score = higher risk), never flipped:
//! an AUC below 0.5 means the signature points the wrong way in that cohort.

pub mod null;
pub mod pool;

use ndarray::{Array1, Array2, ArrayView1};
use serde::Serialize;

use crate::score::{self, Method};
use crate::signature::MappedSignature;
use crate::stats::mann_whitney::{mann_whitney, ExactRule};
use crate::stats::roc::auc_delong;
use null::{empirical_p, MatchedNull};

/// One cohort ready to benchmark: normalised values of the compared samples only, cases first.
#[derive(Debug, Clone)]
pub struct Cohort {
    /// Cohort name (the `cohort` column).
    pub name: String,
    /// Row ids.
    pub features: Vec<String>,
    /// Sample ids, cases then controls.
    pub samples: Vec<String>,
    /// features x samples.
    pub values: Array2<f64>,
    /// The first `n_case` samples are cases, the rest controls.
    pub n_case: usize,
}

impl Cohort {
    /// Number of controls.
    pub fn n_control(&self) -> usize {
        self.samples.len() - self.n_case
    }
}

/// One output row: a signature scored by one method in one cohort (or pooled).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchRow {
    /// Cohort name, or `pooled`.
    pub cohort: String,
    /// Signature name.
    pub signature: String,
    /// Scoring method.
    pub method: Method,
    /// Cases with a score.
    pub n_case: usize,
    /// Controls with a score.
    pub n_control: usize,
    /// Measured members / listed members (NaN for the pooled row).
    pub coverage: f64,
    /// AUC of the score, curated direction.
    pub auc: f64,
    /// DeLong variance of the AUC (the pooled row: variance of the pooled estimate).
    pub auc_var: f64,
    /// Lower 95% bound.
    pub auc_ci_lo: f64,
    /// Upper 95% bound.
    pub auc_ci_hi: f64,
    /// Two-sided Mann-Whitney p of the score.
    pub p_mwu: f64,
    /// (b + 1) / (N + 1) over expression-matched random signatures (NaN without replicates).
    pub p_random: f64,
    /// Share of measured members whose case-minus-control mean difference has the curated sign.
    pub direction_concordance: f64,
}

/// Options of one benchmark.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BenchOptions {
    /// Random signatures per signature x method (0: no p_random).
    pub n_random: usize,
    /// Seed of the random signatures.
    pub seed: u64,
}

/// The score of one mapped signature for every sample of the cohort.
fn score_one(cohort: &Cohort, sig: &MappedSignature, method: Method) -> Array1<f64> {
    let (table, _) = score::score(
        cohort.values.view(),
        &cohort.features,
        &cohort.samples,
        std::slice::from_ref(sig),
        method,
    );
    table.scores.row(0).to_owned()
}

fn split(cohort: &Cohort, scores: ArrayView1<'_, f64>) -> (Array1<f64>, Array1<f64>) {
    let pick = |range: std::ops::Range<usize>| -> Array1<f64> {
        range.map(|j| scores[j]).filter(|v| v.is_finite()).collect()
    };
    (
        pick(0..cohort.n_case),
        pick(cohort.n_case..cohort.samples.len()),
    )
}

/// The AUC of `sig` scored by `method` (NaN when a group has no score).
pub fn auc_of(cohort: &Cohort, sig: &MappedSignature, method: Method) -> f64 {
    let s = score_one(cohort, sig, method);
    let (case, control) = split(cohort, s.view());
    crate::stats::roc::auc(case.view(), control.view()).unwrap_or(f64::NAN)
}

/// Share of measured members whose mean difference (cases minus controls, normalised values) has
/// the curated sign. Members with a non-finite difference are left out; a zero difference counts
/// as not concordant. NaN when no member is usable.
pub fn direction_concordance(cohort: &Cohort, sig: &MappedSignature) -> f64 {
    let n_case = cohort.n_case;
    let diff = |row: usize| -> f64 {
        let r = cohort.values.row(row);
        let a = r.slice(ndarray::s![..n_case]);
        let b = r.slice(ndarray::s![n_case..]);
        a.sum() / a.len() as f64 - b.sum() / b.len() as f64
    };
    let mut n = 0usize;
    let mut agree = 0usize;
    for (rows, sign) in [(&sig.up, 1.0), (&sig.down, -1.0)] {
        for &row in rows {
            let d = diff(row);
            if d.is_finite() {
                n += 1;
                if d * sign > 0.0 {
                    agree += 1;
                }
            }
        }
    }
    if n == 0 {
        f64::NAN
    } else {
        agree as f64 / n as f64
    }
}

/// Benchmarks one signature with one method in one cohort.
pub fn evaluate(
    cohort: &Cohort,
    null: &MatchedNull,
    sig: &MappedSignature,
    method: Method,
    options: BenchOptions,
) -> BenchRow {
    let s = score_one(cohort, sig, method);
    let (case, control) = split(cohort, s.view());
    let roc = auc_delong(case.view(), control.view());
    let (auc, var, lo, hi) = roc.map_or((f64::NAN, f64::NAN, f64::NAN, f64::NAN), |a| {
        (a.auc, a.var, a.ci_lo, a.ci_hi)
    });
    let p_mwu =
        mann_whitney(case.view(), control.view(), ExactRule::Scipy).map_or(f64::NAN, |m| m.p);
    let p_random = if options.n_random == 0 || sig.found() == 0 {
        f64::NAN
    } else {
        let draws = null.replicate(sig, options.n_random, options.seed, |r| {
            auc_of(cohort, r, method)
        });
        empirical_p(auc, &draws)
    };
    BenchRow {
        cohort: cohort.name.clone(),
        signature: sig.name.clone(),
        method,
        n_case: case.len(),
        n_control: control.len(),
        coverage: sig.coverage(),
        auc,
        auc_var: var,
        auc_ci_lo: lo,
        auc_ci_hi: hi,
        p_mwu,
        p_random,
        direction_concordance: direction_concordance(cohort, sig),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn normal(rng: &mut ChaCha8Rng) -> f64 {
        // Box-Muller
        let u1: f64 = rng.random::<f64>().max(1e-300);
        let u2: f64 = rng.random();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    fn cohort(seed: u64, n_features: usize, n_case: usize, n_control: usize, shift: f64) -> Cohort {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let n = n_case + n_control;
        let mut values = Array2::from_shape_fn((n_features, n), |(i, _)| 5.0 + (i % 10) as f64);
        for v in values.iter_mut() {
            *v += normal(&mut rng);
        }
        // rows 0..5 go up in cases, rows 5..10 go down
        for j in 0..n_case {
            for i in 0..5 {
                values[[i, j]] += shift;
                values[[i + 5, j]] -= shift;
            }
        }
        Cohort {
            name: "synthetic".into(),
            features: (0..n_features).map(|i| format!("f{i}")).collect(),
            samples: (0..n).map(|j| format!("s{j}")).collect(),
            values,
            n_case,
        }
    }

    fn sig(name: &str, up: Vec<usize>, down: Vec<usize>) -> MappedSignature {
        MappedSignature {
            name: name.into(),
            listed: up.len() + down.len() + 1,
            up,
            down,
            missing: vec!["absent".into()],
        }
    }

    #[test]
    fn planted_signature_wins() {
        let c = cohort(3, 200, 30, 30, 1.0);
        let null = MatchedNull::new(c.values.view());
        let opts = BenchOptions {
            n_random: 200,
            seed: 5,
        };
        let right = evaluate(
            &c,
            &null,
            &sig("right", (0..5).collect(), (5..10).collect()),
            Method::Zscore,
            opts,
        );
        let wrong = evaluate(
            &c,
            &null,
            &sig("wrong", (5..10).collect(), (0..5).collect()),
            Method::Zscore,
            opts,
        );
        let noise = evaluate(
            &c,
            &null,
            &sig("noise", (50..55).collect(), (60..65).collect()),
            Method::Zscore,
            opts,
        );
        assert!(right.auc > 0.95, "{right:?}");
        assert!(right.auc_ci_lo > 0.5);
        assert!(right.p_random <= 2.0 / 201.0, "{right:?}");
        assert!(right.p_mwu < 1e-6);
        assert_eq!(right.direction_concordance, 1.0);
        assert!((right.coverage - 10.0 / 11.0).abs() < 1e-15);
        // never flipped: the reversed signature gets the complementary AUC
        assert!((wrong.auc - (1.0 - right.auc)).abs() < 1e-12);
        assert_eq!(wrong.direction_concordance, 0.0);
        assert!(wrong.p_random > 0.9);
        assert!(noise.auc_ci_lo < 0.5 + 0.25 && noise.auc < right.auc);
        assert_eq!((right.n_case, right.n_control), (30, 30));
    }

    #[test]
    fn null_cis_cover_half_at_roughly_nominal_rate() {
        let mut covered = 0;
        let runs = 300;
        for seed in 0..runs {
            let c = cohort(1000 + seed, 12, 25, 25, 0.0);
            let null = MatchedNull::new(c.values.view());
            let r = evaluate(
                &c,
                &null,
                &sig("s", vec![0, 1, 2], vec![5, 6]),
                Method::Zscore,
                BenchOptions {
                    n_random: 0,
                    seed: 0,
                },
            );
            assert!(r.p_random.is_nan());
            if r.auc_ci_lo <= 0.5 && 0.5 <= r.auc_ci_hi {
                covered += 1;
            }
        }
        let rate = covered as f64 / runs as f64;
        assert!((0.90..=0.99).contains(&rate), "coverage {rate}");
    }

    #[test]
    fn null_p_random_is_roughly_uniform() {
        // under no signal, p_random <= 0.2 should happen about 20% of the time
        let mut small = 0;
        let runs = 60;
        for seed in 0..runs {
            let c = cohort(5000 + seed, 60, 15, 15, 0.0);
            let null = MatchedNull::new(c.values.view());
            let r = evaluate(
                &c,
                &null,
                &sig("s", vec![0, 1, 2], vec![5]),
                Method::Zscore,
                BenchOptions { n_random: 49, seed },
            );
            if r.p_random <= 0.2 {
                small += 1;
            }
        }
        assert!((3..=24).contains(&small), "{small} of {runs}");
    }
}
