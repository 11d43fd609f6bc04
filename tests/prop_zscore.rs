//! Invariants of the z-score method on random matrices (proptest).

use ndarray::Array2;
use osteomir::score::{score, Method};
use osteomir::signature::MappedSignature;
use proptest::prelude::*;

fn names(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}

fn mapped(up: Vec<usize>, down: Vec<usize>) -> MappedSignature {
    MappedSignature {
        name: "s".into(),
        listed: up.len() + down.len(),
        up,
        down,
        missing: vec![],
    }
}

fn matrix() -> impl Strategy<Value = Array2<f64>> {
    (3usize..8, 3usize..12).prop_flat_map(|(f, n)| {
        proptest::collection::vec(-1e6f64..1e6, f * n)
            .prop_map(move |v| Array2::from_shape_vec((f, n), v).unwrap())
    })
}

fn zscore(x: &Array2<f64>, sets: &[MappedSignature]) -> Array2<f64> {
    let f = names("f", x.nrows());
    let s = names("s", x.ncols());
    score(x.view(), &f, &s, sets, Method::Zscore).0.scores
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn scores_are_finite_for_finite_input(x in matrix()) {
        let sets = [mapped(vec![0, 1], vec![2])];
        for v in zscore(&x, &sets).iter() {
            prop_assert!(v.is_finite());
        }
    }

    #[test]
    fn permuting_samples_permutes_scores(x in matrix(), seed in 0u64..1000) {
        let n = x.ncols();
        let mut order: Vec<usize> = (0..n).collect();
        order.rotate_left((seed as usize) % n);
        let permuted = x.select(ndarray::Axis(1), &order);
        let sets = [mapped(vec![0], vec![1, 2])];
        let a = zscore(&x, &sets);
        let b = zscore(&permuted, &sets);
        for (j, &o) in order.iter().enumerate() {
            prop_assert!((a[[0, o]] - b[[0, j]]).abs() <= 1e-9 * (1.0 + a[[0, o]].abs()));
        }
    }

    #[test]
    fn adding_a_constant_row_changes_no_other_score(x in matrix(), c in -100f64..100.0) {
        let sets = [mapped(vec![0, 2], vec![1])];
        let before = zscore(&x, &sets);
        let mut grown = x.clone();
        grown.push_row(ndarray::Array1::from_elem(x.ncols(), c).view()).unwrap();
        let after = zscore(&grown, &sets);
        prop_assert_eq!(before, after);
    }
}
