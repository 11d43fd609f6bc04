//! Invariants of the scoring methods on random matrices (proptest, few cases so they run fast):
//! per-sample methods ignore other samples, permuting samples permutes scores, rank methods ignore
//! monotone transforms of a sample, and finite input gives finite scores.

use ndarray::{Array2, Axis};
use osteomir::score::{score_with, Method, MethodParams};
use osteomir::signature::MappedSignature;
use proptest::prelude::*;

fn signatures() -> Vec<MappedSignature> {
    vec![
        MappedSignature {
            name: "up_only".into(),
            listed: 3,
            up: vec![0, 1, 2],
            down: vec![],
            missing: vec![],
        },
        MappedSignature {
            name: "up_down".into(),
            listed: 5,
            up: vec![3, 4],
            down: vec![5, 6, 7],
            missing: vec![],
        },
    ]
}

fn run(x: &Array2<f64>, method: Method) -> Array2<f64> {
    let f: Vec<String> = (0..x.nrows()).map(|i| format!("f{i}")).collect();
    let s: Vec<String> = (0..x.ncols()).map(|j| format!("s{j}")).collect();
    score_with(
        x.view(),
        &f,
        &s,
        &signatures(),
        method,
        &MethodParams::default(),
    )
    .0
    .scores
}

/// 10..20 features x 4..8 samples, values on a quarter grid (ties happen), each row non-constant.
fn matrix() -> impl Strategy<Value = Array2<f64>> {
    (10usize..20, 4usize..8).prop_flat_map(|(n, m)| {
        proptest::collection::vec(0u32..40, n * m).prop_map(move |v| {
            let mut a =
                Array2::from_shape_vec((n, m), v.into_iter().map(|x| x as f64 / 4.0).collect())
                    .unwrap();
            for i in 0..n {
                a[[i, 0]] = 20.0 + i as f64; // column 0 differs from the others in every row
            }
            a
        })
    })
}

const PER_SAMPLE: [Method; 2] = [Method::Ssgsea, Method::Singscore];
const ALL: [Method; 6] = [
    Method::Zscore,
    Method::Ssgsea,
    Method::Gsva,
    Method::Plage,
    Method::Singscore,
    Method::Mean,
];

/// GSVA is left out of the tied-data permutation check: permuting samples reorders its kernel sums,
/// which can break (or make) exact ties between features' statistics, and tied features are ordered
/// by row, exactly as in GSVA itself. It is checked on continuous (tie-free) data instead.
const PERMUTATION_EXACT: [Method; 5] = [
    Method::Zscore,
    Method::Ssgsea,
    Method::Plage,
    Method::Singscore,
    Method::Mean,
];

fn permuted(x: &Array2<f64>, seed: usize) -> Option<(Vec<usize>, Array2<f64>)> {
    let m = x.ncols();
    let perm: Vec<usize> = (0..m).map(|j| (j * 3 + seed) % m).collect();
    let mut uniq = perm.clone();
    uniq.sort();
    uniq.dedup();
    (uniq.len() == m).then(|| (perm.clone(), x.select(Axis(1), &perm)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn per_sample_scores_ignore_other_samples(x in matrix()) {
        let fewer = x.slice(ndarray::s![.., ..x.ncols() - 1]).to_owned();
        for method in PER_SAMPLE {
            let a = run(&x, method);
            let b = run(&fewer, method);
            for j in 0..fewer.ncols() {
                prop_assert_eq!(a.column(j), b.column(j), "{} sample {}", method, j);
            }
        }
    }

    #[test]
    fn permuting_samples_permutes_scores(x in matrix(), seed in 0usize..1000) {
        let p = permuted(&x, seed);
        prop_assume!(p.is_some());
        let (perm, xp) = p.unwrap();
        for method in PERMUTATION_EXACT {
            let a = run(&x, method);
            let b = run(&xp, method);
            for (jp, &j) in perm.iter().enumerate() {
                for s in 0..2 {
                    let (u, v) = (a[[s, j]], b[[s, jp]]);
                    // kernel and SVD sums change order with the samples: rounding only
                    prop_assert!((u - v).abs() <= 1e-9, "{} set {} sample {}: {} vs {}", method, s, j, u, v);
                }
            }
        }
    }

    #[test]
    fn gsva_permuting_samples_permutes_scores_on_continuous_data(
        v in proptest::collection::vec(-5.0f64..5.0, 12 * 7), seed in 0usize..1000
    ) {
        let x = Array2::from_shape_vec((12, 7), v).unwrap();
        let p = permuted(&x, seed);
        prop_assume!(p.is_some());
        let (perm, xp) = p.unwrap();
        let (a, b) = (run(&x, Method::Gsva), run(&xp, Method::Gsva));
        for (jp, &j) in perm.iter().enumerate() {
            for s in 0..2 {
                prop_assert!((a[[s, j]] - b[[s, jp]]).abs() <= 1e-9, "set {} sample {}", s, j);
            }
        }
    }

    #[test]
    fn rank_methods_ignore_monotone_transforms_of_a_sample(x in matrix(), j in 0usize..4) {
        let mut y = x.clone();
        y.column_mut(j).mapv_inplace(|v| (v / 3.0).exp() - 7.0);
        for method in PER_SAMPLE {
            prop_assert_eq!(run(&x, method), run(&y, method), "{}", method);
        }
    }

    #[test]
    fn finite_input_gives_finite_scores(x in matrix()) {
        for method in ALL {
            let s = run(&x, method);
            prop_assert!(s.iter().all(|v| v.is_finite()), "{}: {:?}", method, s);
        }
    }
}
