//! miRNA identifier harmonisation on real data.
//!
//! Committed fixtures (always run): the same 120 TCGA-PRAD aliquots as v21 hairpin rows (Xena,
//! log2 RPM) and v22 mature read counts; after harmonisation the z-scores of review signatures
//! written with paper names must agree across samples.
//!
//! Shared data (`<repo>/../shared/data`, or `$OSTEOMIR_SHARED_DATA`; skipped with a message when
//! absent): the embedded miRBase table is what the generator makes; the full TCGA files and
//! GSE63511 (miRBase v20 names) are detected and covered as reported.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::repo;
use osteomir::io::matrix::{MatrixSource, ReadOptions};
use osteomir::mirna::{IdMode, Level, Release, Status};
use osteomir::pipeline::ids::{check, CheckConfig};
use osteomir::pipeline::score::{run, ScoreConfig, ScoreRun};
use osteomir::score::Method;
use osteomir::signature::load_file;
use osteomir::InputKind;

fn shared_data() -> Option<PathBuf> {
    let dir = std::env::var_os("OSTEOMIR_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo("../shared/data"));
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("SKIP: shared data not found at {}", dir.display());
        None
    }
}

fn score_fixture(matrix: &str) -> ScoreRun {
    let config = ScoreConfig {
        source: MatrixSource::Path(repo(matrix)),
        read: ReadOptions::default(),
        input_kind: InputKind::Auto,
        signatures: load_file(&repo("fixtures/ids/review_sets.gmt")).unwrap(),
        method: Method::Zscore,
        min_coverage: 0.5,
        id_mode: IdMode::Mirbase,
        params: Default::default(),
        normalize: Default::default(),
    };
    run(&config).unwrap()
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

#[test]
fn precursor_and_mature_files_of_one_cohort_give_the_same_scores() {
    let pre = score_fixture("fixtures/ids/prad_precursor_log2rpm_subset.tsv.gz");
    let mat = score_fixture("fixtures/ids/prad_mature_counts_subset.tsv.gz");
    assert_eq!(pre.samples, mat.samples);
    let pre_ids = pre.input.ids.as_ref().unwrap();
    let mat_ids = mat.input.ids.as_ref().unwrap();
    assert_eq!(pre_ids.level, Level::Precursor);
    assert_eq!(mat_ids.level, Level::Mature);
    assert_eq!(pre.input.normalisation.kind_used, InputKind::Log);
    assert_eq!(mat.input.normalisation.kind_used, InputKind::Counts);
    for (p, m) in pre.signatures.iter().zip(&mat.signatures) {
        assert_eq!(p.name, m.name);
        assert_eq!(
            (p.found, m.found),
            (p.listed, m.listed),
            "{}: full coverage",
            p.name
        );
        let r = pearson(&p.scores, &m.scores);
        println!("{}: r = {r:.4} over {} samples", p.name, p.scores.len());
        assert!(r >= 0.9, "{}: r = {r}", p.name);
    }
}

#[test]
fn paper_names_resolve_by_status_in_the_score_report() {
    let run = score_fixture("fixtures/ids/prad_mature_counts_subset.tsv.gz");
    let let7 = run.signatures.iter().find(|s| s.name == "let7").unwrap();
    let got: Vec<(Status, Option<&str>)> = let7
        .member_ids
        .iter()
        .map(|m| (m.resolution.status, m.row.as_deref()))
        .collect();
    // hsa-let-7a was a mature name up to v17 (v22: -5p); hsa-let-7b/c/d/g are v22 hairpin names
    // (they were also mature names up to v17): the hairpin wins, and a member stands for its
    // dominant product, the -5p arm.
    assert_eq!(
        got,
        [
            (Status::ArmAssigned, Some("MIMAT0000062")),
            (Status::Precursor, Some("MIMAT0000063")),
            (Status::Precursor, Some("MIMAT0000064")),
            (Status::Precursor, Some("MIMAT0000065")),
            (Status::Precursor, Some("MIMAT0000414")),
        ]
    );
    // the extra row carrying the other reads is unknown: counted, warned, kept by name
    let ids = run.input.ids.as_ref().unwrap();
    assert_eq!(ids.unresolved.len(), 1);
    assert!(run
        .warnings
        .iter()
        .any(|w| w.code == "ids_unknown" && w.message.contains("__other_mature_reads__")));
}

#[test]
fn embedded_mirbase_table_is_what_the_generator_makes() {
    let Some(data) = shared_data() else { return };
    let script = repo("fixtures/mirbase/make_table.py");
    let out = match Command::new("python3")
        .arg(&script)
        .arg(data.join("mirbase"))
        .arg("--check")
        .arg(repo("src/mirna/mirbase_table.tsv"))
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            println!("SKIP: python3 not runnable: {e}");
            return;
        }
    };
    assert!(
        out.status.success(),
        "table out of date: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn check_file(path: PathBuf, signatures: bool) -> osteomir::pipeline::ids::CheckRun {
    check(&CheckConfig {
        source: MatrixSource::Path(path),
        read: ReadOptions::default(),
        input_kind: InputKind::Auto,
        signatures: if signatures {
            load_file(&repo("fixtures/ids/review_sets.gmt")).unwrap()
        } else {
            Vec::new()
        },
    })
    .unwrap()
}

#[test]
fn full_tcga_files_are_detected_as_v21_hairpins_and_v22_matures() {
    let Some(data) = shared_data() else { return };
    let xena = check_file(
        data.join("tcga-prad-mirna/TCGA-PRAD_miRNA_precursor_log2RPM_xena.tsv.gz"),
        false,
    );
    println!(
        "xena: release {:?} explains {}/{}, by status {:?}",
        xena.ids.release.release.map(Release::label),
        xena.ids.release.explained,
        xena.ids.rows_in,
        xena.ids.by_status
    );
    assert_eq!(xena.ids.release.release.map(Release::label), Some("21"));
    assert_eq!(xena.ids.release.explained, 1881);
    assert_eq!(xena.ids.level, Level::Precursor);
    let mature = check_file(
        data.join("tcga-prad-mirna/TCGA-PRAD_miRNA_mature_counts.tsv.gz"),
        false,
    );
    println!(
        "mature: release {:?} explains {}/{}, by status {:?}",
        mature.ids.release.release.map(Release::label),
        mature.ids.release.explained,
        mature.ids.rows_in,
        mature.ids.by_status
    );
    assert_eq!(mature.ids.release.release, Some(Release::V22));
    assert_eq!(mature.ids.level, Level::Mature);
    assert_eq!(
        mature.ids.by_status[0].rows, mature.ids.rows_in,
        "all current"
    );
}

#[test]
fn gse63511_v20_names_are_detected_and_cover_the_review_signatures() {
    let Some(data) = shared_data() else { return };
    let run = check_file(
        data.join("thca-gse63511-ptc-vs-normal/GSE63511_miRNA_counts.tsv"),
        true,
    );
    println!(
        "GSE63511: release {:?} explains {}/{}; by status {:?}",
        run.ids.release.release.map(Release::label),
        run.ids.release.explained,
        run.ids.rows_in,
        run.ids.by_status
    );
    assert_eq!(run.ids.release.release.map(Release::label), Some("20"));
    let resolved: usize = run
        .ids
        .by_status
        .iter()
        .filter(|c| c.status.is_resolved())
        .map(|c| c.rows)
        .sum();
    let dead: Vec<&str> = run
        .ids
        .unresolved
        .iter()
        .map(|r| r.query.as_str())
        .collect();
    println!("GSE63511: {resolved} rows resolved; not resolved: {dead:?}");
    assert!(
        resolved as f64 >= 0.98 * run.ids.rows_in as f64,
        "{resolved}"
    );
    for s in &run.signatures {
        println!(
            "GSE63511 coverage {}: {}/{} missing {:?}",
            s.name, s.found, s.listed, s.missing
        );
        assert!(s.coverage >= 0.8, "{}: {}", s.name, s.coverage);
    }
}
