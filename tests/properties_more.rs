//! More invariants (proptest, few cases so they run in seconds):
//!
//! * adding a constant row leaves the score of every signature that does not contain it unchanged,
//!   for the methods where that is true: `zscore` and `mean` (each member row is standardised or
//!   averaged on its own) and `plage` (the SVD of the member rows alone). The rank methods
//!   (`ssgsea`, `singscore`, `gsva`) rank every row of a sample, so a new row moves the ranks of the
//!   members and changes the scores; they are not tested for it;
//! * multiplying the whole matrix by a positive constant leaves the rank methods unchanged:
//!   `ssgsea` and `singscore` exactly for any factor (ranks within a sample are kept), `gsva`
//!   exactly for powers of two (its Gaussian kernel scales with the rows' standard deviations, and a
//!   power-of-two factor makes that scaling exact in floating point);
//! * signatures exported to JSON read back to the same JSON (lossless), and exported to GMT or TSV
//!   read back to the same names, members and directions.

use ndarray::{concatenate, Array2, Axis};
use osteomir::score::{score_with, Method, MethodParams};
use osteomir::signature::export::{from_json, to_gmt, to_json, to_tsv, Selection};
use osteomir::signature::{gmt, table, Direction, MappedSignature, Member, Signature};
use proptest::prelude::*;

/// Two signatures over rows 0..8; the rows after 8 belong to no signature.
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

fn run(x: &Array2<f64>, method: Method, params: &MethodParams) -> Array2<f64> {
    let f: Vec<String> = (0..x.nrows()).map(|i| format!("f{i}")).collect();
    let s: Vec<String> = (0..x.ncols()).map(|j| format!("s{j}")).collect();
    score_with(x.view(), &f, &s, &signatures(), method, params)
        .0
        .scores
}

/// 10..16 features x 4..8 samples, values on a quarter grid (ties happen), column 0 distinct.
fn matrix() -> impl Strategy<Value = Array2<f64>> {
    (10usize..16, 4usize..8).prop_flat_map(|(n, m)| {
        proptest::collection::vec(0u32..40, n * m).prop_map(move |v| {
            let mut a =
                Array2::from_shape_vec((n, m), v.into_iter().map(|x| x as f64 / 4.0).collect())
                    .unwrap();
            for i in 0..n {
                a[[i, 0]] = 20.0 + i as f64;
            }
            a
        })
    })
}

fn close(a: &Array2<f64>, b: &Array2<f64>, tol: f64) -> bool {
    a.shape() == b.shape()
        && a.iter()
            .zip(b.iter())
            .all(|(u, v)| (u - v).abs() <= tol * (1.0 + u.abs().max(v.abs())))
}

/// A signature name or member name as users write them (GMT/TSV-safe: no tab, newline, leading
/// `#` or surrounding blanks).
fn name() -> impl Strategy<Value = String> {
    "[a-zA-Z][a-zA-Z0-9_.*-]{0,10}"
}

fn user_signatures() -> impl Strategy<Value = Vec<Signature>> {
    proptest::collection::btree_set(name(), 1..4).prop_flat_map(|names| {
        let names: Vec<String> = names.into_iter().collect();
        let n = names.len();
        proptest::collection::vec(
            proptest::collection::btree_map(name(), any::<bool>(), 1..6),
            n,
        )
        .prop_map(move |sets| {
            names
                .iter()
                .zip(sets)
                .map(|(name, members)| {
                    let members = members
                        .into_iter()
                        .map(|(m, up)| {
                            Member::new(m, if up { Direction::Up } else { Direction::Down })
                        })
                        .collect();
                    Signature::new(name, members, "generated").unwrap()
                })
                .collect()
        })
    })
}

/// Name and (member, direction) list of each signature, members sorted (GMT groups them by
/// direction, so member order is not kept across directions).
fn content(signatures: &[Signature]) -> Vec<(String, Vec<(String, Direction)>)> {
    signatures
        .iter()
        .map(|s| {
            let mut members: Vec<(String, Direction)> = s
                .members
                .iter()
                .map(|m| (m.name.clone(), m.direction))
                .collect();
            members.sort();
            (s.name.clone(), members)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_constant_row_outside_a_signature_changes_none_of_its_scores(
        x in matrix(), c in -50i32..50
    ) {
        let row = Array2::from_elem((1, x.ncols()), c as f64 / 2.0);
        let bigger = concatenate(Axis(0), &[x.view(), row.view()]).unwrap();
        let params = MethodParams::default();
        for method in [Method::Zscore, Method::Mean, Method::Plage] {
            let (a, b) = (run(&x, method, &params), run(&bigger, method, &params));
            prop_assert!(close(&a, &b, 1e-12), "{}: {:?} vs {:?}", method, a, b);
        }
    }

    #[test]
    fn positive_scaling_leaves_rank_methods_unchanged(
        x in matrix(), k in 0usize..4, e in -3i32..4
    ) {
        let params = MethodParams::default();
        let factor = [0.001, 0.5, 3.0, 1000.0][k];
        let y = x.mapv(|v| v * factor);
        for method in [Method::Ssgsea, Method::Singscore] {
            prop_assert_eq!(run(&x, method, &params), run(&y, method, &params), "{}", method);
        }
        let y = x.mapv(|v| v * 2f64.powi(e));
        prop_assert_eq!(
            run(&x, Method::Gsva, &params),
            run(&y, Method::Gsva, &params),
            "gsva x 2^{}", e
        );
    }

    #[test]
    fn export_then_import_is_lossless(sigs in user_signatures()) {
        let json = to_json(&sigs).unwrap();
        let back = from_json(std::str::from_utf8(&json).unwrap(), "x.json").unwrap();
        prop_assert_eq!(&to_json(&back).unwrap(), &json);
        prop_assert_eq!(content(&back), content(&sigs));

        let text = String::from_utf8(to_gmt(&sigs, Selection::All)).unwrap();
        let back = gmt::parse(&text, "x.gmt").unwrap();
        prop_assert_eq!(content(&back), content(&sigs), "GMT:\n{}", text);

        let text = String::from_utf8(to_tsv(&sigs, Selection::All)).unwrap();
        let back = table::parse(&text, "x.tsv").unwrap();
        prop_assert_eq!(content(&back), content(&sigs), "TSV:\n{}", text);
    }
}

#[test]
fn builtin_signatures_survive_a_json_round_trip() {
    let sigs = osteomir::signature::builtin::all().unwrap();
    let json = to_json(&sigs).unwrap();
    let back = from_json(std::str::from_utf8(&json).unwrap(), "all.json").unwrap();
    assert_eq!(back, sigs);
    assert_eq!(to_json(&back).unwrap(), json);
}
