//! Parity of ssgsea, gsva and plage with Bioconductor GSVA 1.46 and of ssgsea with GSEApy 1.3.1 on
//! real TCGA data (log2 CPM of PRAD demo counts and a LUAD subset; ties from low counts) and a small
//! synthetic matrix with ties and a constant row. Goldens and the scripts that made them:
//! fixtures/golden/ (make_method_inputs.py, make_method_goldens.R, make_gseapy_goldens.py).
//! Every GMT line is scored as its own signature here, as the peers did.
//! Tolerances: 1e-10 for ssgsea and plage (plage up to the sign GSVA's SVD returned), 1e-6 for gsva.

mod common;

use common::{read_golden, repo};
use osteomir::io::matrix::{read_matrix, MatrixSource, ReadOptions};
use osteomir::normalize::prepare;
use osteomir::score::{score_with, Compat, Kcdf, Method, MethodParams, SsgseaNormalize};
use osteomir::signature::{map_onto, Direction, Member, Signature};
use osteomir::{ExpressionMatrix, InputKind};

const COUNTS_PRAD: &str = "fixtures/demo/prad_n1_vs_n0_counts.tsv.gz";
const COUNTS_LUAD: &str = "fixtures/golden/luad_counts_subset.tsv.gz";
const SYN: &str = "fixtures/golden/synthetic_ties.tsv";

fn load(path: &str, kind: InputKind) -> ExpressionMatrix {
    let mut m = read_matrix(&MatrixSource::Path(repo(path)), ReadOptions::default()).unwrap();
    prepare(&mut m, kind, "m".as_ref()).unwrap();
    m
}

/// Every GMT line as an all-up signature (the peers scored X_UP and X_DN as separate sets).
fn gmt_lines(path: &str) -> Vec<Signature> {
    std::fs::read_to_string(repo(path))
        .unwrap()
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let members = f[2..]
                .iter()
                .map(|m| Member::new(*m, Direction::Up))
                .collect();
            Signature::new(f[0], members, path).unwrap()
        })
        .collect()
}

/// Max abs diff of our scores vs the golden (per set; `sign_free` allows a per-set sign flip).
fn max_diff(
    m: &ExpressionMatrix,
    sets: &str,
    golden: &str,
    method: Method,
    p: &MethodParams,
    sign_free: bool,
) -> f64 {
    let sigs = gmt_lines(sets);
    let mapped: Vec<_> = sigs.iter().map(|s| map_onto(s, &m.features)).collect();
    let (table, _) = score_with(m.view(), &m.features, &m.samples, &mapped, method, p);
    let g = read_golden(&repo(golden));
    assert_eq!(
        g.columns, m.samples,
        "{golden}: columns are the samples in order"
    );
    assert_eq!(
        g.rows.len(),
        table.signatures.len(),
        "{golden}: one row per set"
    );
    let mut worst = 0.0f64;
    for (s, name) in table.signatures.iter().enumerate() {
        let want = &g.rows[name];
        let got = table.scores.row(s);
        let diff = |sign: f64| {
            got.iter()
                .zip(want)
                .map(|(a, b)| {
                    if a.is_nan() && b.is_nan() {
                        0.0
                    } else {
                        (a - sign * b).abs()
                    }
                })
                .fold(
                    0.0f64,
                    |x, d| if d.is_nan() { f64::INFINITY } else { x.max(d) },
                )
        };
        let d = if sign_free {
            diff(1.0).min(diff(-1.0))
        } else {
            diff(1.0)
        };
        if d > worst {
            eprintln!("{golden} {name}: {d:e}");
        }
        worst = worst.max(d);
    }
    println!("{golden}: max abs diff {worst:e}");
    worst
}

fn params() -> MethodParams {
    MethodParams::default()
}

#[test]
fn ssgsea_matches_gsva_raw_and_normalised() {
    for (path, tag) in [(COUNTS_PRAD, "prad"), (COUNTS_LUAD, "luad")] {
        let m = load(path, InputKind::Counts);
        let raw = max_diff(
            &m,
            "fixtures/golden/sets_mature.gmt",
            &format!("fixtures/golden/ssgsea_raw_{tag}.tsv"),
            Method::Ssgsea,
            &params(),
            false,
        );
        assert!(raw <= 1e-10, "{tag} raw {raw:e}");
        let p = MethodParams {
            ssgsea_normalize: SsgseaNormalize::Range,
            ..params()
        };
        let norm = max_diff(
            &m,
            "fixtures/golden/sets_mature.gmt",
            &format!("fixtures/golden/ssgsea_norm_{tag}.tsv"),
            Method::Ssgsea,
            &p,
            false,
        );
        assert!(norm <= 1e-10, "{tag} norm {norm:e}");
    }
    let m = load(SYN, InputKind::Log);
    let raw = max_diff(
        &m,
        "fixtures/golden/synthetic_sets.gmt",
        "fixtures/golden/ssgsea_raw_syn.tsv",
        Method::Ssgsea,
        &params(),
        false,
    );
    assert!(raw <= 1e-10, "syn raw {raw:e}");
    let p = MethodParams {
        ssgsea_normalize: SsgseaNormalize::Range,
        ..params()
    };
    let norm = max_diff(
        &m,
        "fixtures/golden/synthetic_sets.gmt",
        "fixtures/golden/ssgsea_norm_syn.tsv",
        Method::Ssgsea,
        &p,
        false,
    );
    assert!(norm <= 1e-10, "syn norm {norm:e}");
}

#[test]
fn ssgsea_compat_gseapy_matches_gseapy() {
    let p = MethodParams {
        compat: Compat::Gseapy,
        ..params()
    };
    for (path, tag) in [(COUNTS_PRAD, "prad"), (COUNTS_LUAD, "luad")] {
        let m = load(path, InputKind::Counts);
        let d = max_diff(
            &m,
            "fixtures/golden/sets_mature.gmt",
            &format!("fixtures/golden/gseapy_ssgsea_{tag}.tsv"),
            Method::Ssgsea,
            &p,
            false,
        );
        assert!(d <= 1e-10, "{tag} {d:e}");
    }
    let m = load(SYN, InputKind::Log);
    let d = max_diff(
        &m,
        "fixtures/golden/synthetic_sets.gmt",
        "fixtures/golden/gseapy_ssgsea_syn.tsv",
        Method::Ssgsea,
        &p,
        false,
    );
    assert!(d <= 1e-10, "syn {d:e}");
}

#[test]
fn plage_matches_gsva_up_to_sign() {
    for (path, tag) in [(COUNTS_PRAD, "prad"), (COUNTS_LUAD, "luad")] {
        let m = load(path, InputKind::Counts);
        let d = max_diff(
            &m,
            "fixtures/golden/sets_mature.gmt",
            &format!("fixtures/golden/plage_{tag}.tsv"),
            Method::Plage,
            &params(),
            true,
        );
        assert!(d <= 1e-10, "{tag} {d:e}");
    }
    let m = load(SYN, InputKind::Log);
    let d = max_diff(
        &m,
        "fixtures/golden/synthetic_sets.gmt",
        "fixtures/golden/plage_syn.tsv",
        Method::Plage,
        &params(),
        true,
    );
    assert!(d <= 1e-10, "syn {d:e}");
}

#[test]
fn gsva_gaussian_matches_gsva_with_and_without_max_diff() {
    let gauss = MethodParams {
        kcdf: Kcdf::Gaussian,
        ..params()
    };
    let nomx = MethodParams {
        max_diff: false,
        ..gauss
    };
    for (path, tag) in [(COUNTS_PRAD, "prad"), (COUNTS_LUAD, "luad")] {
        let m = load(path, InputKind::Counts);
        let d = max_diff(
            &m,
            "fixtures/golden/sets_mature.gmt",
            &format!("fixtures/golden/gsva_gauss_{tag}.tsv"),
            Method::Gsva,
            &gauss,
            false,
        );
        assert!(d <= 1e-6, "{tag} {d:e}");
        let d = max_diff(
            &m,
            "fixtures/golden/sets_mature.gmt",
            &format!("fixtures/golden/gsva_gauss_nomx_{tag}.tsv"),
            Method::Gsva,
            &nomx,
            false,
        );
        assert!(d <= 1e-6, "{tag} no max diff {d:e}");
    }
}

#[test]
fn gsva_poisson_on_counts_matches_gsva() {
    let p = MethodParams {
        kcdf: Kcdf::Poisson,
        ..params()
    };
    for (path, tag) in [(COUNTS_PRAD, "prad"), (COUNTS_LUAD, "luad")] {
        let m = load(path, InputKind::Log); // raw counts, untouched
        let d = max_diff(
            &m,
            "fixtures/golden/sets_mature.gmt",
            &format!("fixtures/golden/gsva_pois_{tag}.tsv"),
            Method::Gsva,
            &p,
            false,
        );
        assert!(d <= 1e-6, "{tag} {d:e}");
    }
}

#[test]
fn gsva_on_synthetic_ties_matches_each_kernel_and_abs_ranking() {
    let m = load(SYN, InputKind::Log);
    let sets = "fixtures/golden/synthetic_sets.gmt";
    let gauss = MethodParams {
        kcdf: Kcdf::Gaussian,
        ..params()
    };
    for (golden, p) in [
        ("fixtures/golden/gsva_gauss_syn.tsv", gauss),
        (
            "fixtures/golden/gsva_none_syn.tsv",
            MethodParams {
                kcdf: Kcdf::None,
                ..params()
            },
        ),
        (
            "fixtures/golden/gsva_gauss_abs_syn.tsv",
            MethodParams {
                abs_ranking: true,
                ..gauss
            },
        ),
    ] {
        let d = max_diff(&m, sets, golden, Method::Gsva, &p, false);
        assert!(d <= 1e-6, "{golden} {d:e}");
    }
}

#[test]
fn compat_modes_differ_on_real_tied_data() {
    // GSVA's truncated ranks and tie order are not GSEApy's: the other mode must miss its golden.
    let m = load(COUNTS_PRAD, InputKind::Counts);
    let d = max_diff(
        &m,
        "fixtures/golden/sets_mature.gmt",
        "fixtures/golden/gseapy_ssgsea_prad.tsv",
        Method::Ssgsea,
        &params(),
        false,
    );
    assert!(d > 1e-6, "gsva mode vs gseapy golden {d:e}");
}

#[test]
fn directional_ssgsea_and_gsva_are_up_minus_down_of_the_peer_halves() {
    let m = load(COUNTS_PRAD, InputKind::Counts);
    let risk = osteomir::signature::gmt::parse(
        &std::fs::read_to_string(repo("fixtures/golden/sets_mature.gmt")).unwrap(),
        "sets",
    )
    .unwrap()
    .into_iter()
    .find(|s| s.name == "risk")
    .unwrap();
    let mapped = vec![map_onto(&risk, &m.features)];
    let gauss = MethodParams {
        kcdf: Kcdf::Gaussian,
        ..params()
    };
    for (method, p, golden, tol) in [
        (
            Method::Ssgsea,
            params(),
            "fixtures/golden/ssgsea_raw_prad.tsv",
            1e-10,
        ),
        (
            Method::Gsva,
            gauss,
            "fixtures/golden/gsva_gauss_prad.tsv",
            1e-6,
        ),
    ] {
        let (table, _) = score_with(m.view(), &m.features, &m.samples, &mapped, method, &p);
        let g = read_golden(&repo(golden));
        let want: Vec<f64> = g.rows["risk_UP"]
            .iter()
            .zip(&g.rows["risk_DN"])
            .map(|(u, d)| u - d)
            .collect();
        common::assert_close(
            &format!("{method} risk"),
            &table.scores.row(0).to_vec(),
            &want,
            tol,
        );
    }
}
