//! Parity of the z-score method with Bioconductor GSVA 1.46 `method = "zscore"` on real TCGA-PRAD
//! data (goldens and the R script that made them: fixtures/golden/). Tolerance 1e-10 absolute.

mod common;

use common::{assert_close, read_golden, repo};
use osteomir::io::matrix::{read_matrix, MatrixSource, ReadOptions};
use osteomir::normalize::prepare;
use osteomir::score::{score, Method};
use osteomir::signature::{gmt, map_onto};
use osteomir::InputKind;

const TOLERANCE: f64 = 1e-10;

fn check(matrix_path: &str, gmt_path: &str, golden_path: &str, kind: InputKind, directional: &str) {
    let source = MatrixSource::Path(repo(matrix_path));
    let mut m = read_matrix(&source, ReadOptions::default()).unwrap();
    prepare(&mut m, kind, "m".as_ref()).unwrap();
    let text = std::fs::read_to_string(repo(gmt_path)).unwrap();
    let golden = read_golden(&repo(golden_path));
    assert_eq!(
        golden.columns, m.samples,
        "golden columns are the samples in input order"
    );
    let sigs = gmt::parse(&text, gmt_path).unwrap();
    let mapped: Vec<_> = sigs.iter().map(|s| map_onto(s, &m.features)).collect();
    let (table, _) = score(m.view(), &m.features, &m.samples, &mapped, Method::Zscore);
    for (s, name) in table.signatures.iter().enumerate() {
        let got = table.scores.row(s).to_vec();
        if name == directional {
            // Signed sum: (sqrt(ku) * Z_UP - sqrt(kd) * Z_DN) / sqrt(ku + kd), from GSVA's halves.
            let r = &table.reports[s];
            let (ku, kd) = (r.n_up_used as f64, r.n_down_used as f64);
            let up = &golden.rows[&format!("{name}_UP")];
            let dn = &golden.rows[&format!("{name}_DN")];
            let want: Vec<f64> = up
                .iter()
                .zip(dn)
                .map(|(u, d)| (ku.sqrt() * u - kd.sqrt() * d) / (ku + kd).sqrt())
                .collect();
            assert_close(name, &got, &want, TOLERANCE);
        } else {
            assert_close(name, &got, &golden.rows[name], TOLERANCE);
        }
    }
    assert_eq!(table.signatures.len() + 1, golden.rows.len());
}

#[test]
fn zscore_matches_gsva_on_prad_counts_as_log2_cpm() {
    check(
        "fixtures/demo/prad_n1_vs_n0_counts.tsv.gz",
        "fixtures/golden/sets_mature.gmt",
        "fixtures/golden/zscore_mature.tsv",
        InputKind::Counts,
        "risk",
    );
}

#[test]
fn zscore_matches_gsva_on_prad_xena_log2_rpm() {
    check(
        "fixtures/golden/prad_xena_log2rpm_subset.tsv.gz",
        "fixtures/golden/sets_precursor.gmt",
        "fixtures/golden/zscore_precursor.tsv",
        InputKind::Log,
        "prisk",
    );
}

#[test]
fn constant_member_is_dropped_like_gsva() {
    let source = MatrixSource::Path(repo("fixtures/demo/prad_n1_vs_n0_counts.tsv.gz"));
    let mut m = read_matrix(&source, ReadOptions::default()).unwrap();
    prepare(&mut m, InputKind::Counts, "m".as_ref()).unwrap();
    let text = std::fs::read_to_string(repo("fixtures/golden/sets_mature.gmt")).unwrap();
    let sigs = gmt::parse(&text, "sets").unwrap();
    let with_constant = sigs.iter().find(|s| s.name == "with_constant").unwrap();
    let mapped = vec![map_onto(with_constant, &m.features)];
    let (table, warnings) = score(m.view(), &m.features, &m.samples, &mapped, Method::Zscore);
    assert_eq!(table.reports[0].dropped, ["hsa-miR-208a-5p"]);
    assert_eq!(table.reports[0].n_up_used, 2);
    assert!(warnings
        .iter()
        .any(|w| w.code == "constant_members_dropped" && w.count == 1));
}
