//! Input formats: each reader on its fixture, the same data through every format, qPCR Ct
//! normalisation by hand, quantile normalisation against limma.

mod common;

use std::path::Path;

use common::{assert_close, osteomir, read_golden, repo};
use osteomir::io::matrix::{load_matrix, InputFormat, MatrixSource, ReadOptions};
use osteomir::io::warnings::Warnings;
use osteomir::normalize::{prepare_with, NormalizeOptions};
use osteomir::{ExpressionMatrix, InputKind};

fn load(path: &str, options: &ReadOptions) -> osteomir::io::matrix::LoadedMatrix {
    load_matrix(&MatrixSource::Path(repo(path)), options).unwrap()
}

fn cross_options() -> ReadOptions {
    ReadOptions {
        gdc_sample_sheet: Some(repo("fixtures/formats/cross/gdc_sample_sheet.tsv")),
        ..ReadOptions::default()
    }
}

#[test]
fn every_format_is_detected_and_reads_the_same_matrix() {
    let tsv = load("fixtures/formats/cross/counts.tsv", &ReadOptions::default());
    assert_eq!(tsv.format, InputFormat::Delimited);
    assert_eq!(tsv.matrix.n_features(), 30);
    assert_eq!(tsv.matrix.n_samples(), 8);
    let mut cases = vec![
        ("fixtures/formats/cross/counts.gct", InputFormat::Gct),
        ("fixtures/formats/cross/counts_v13.gct", InputFormat::Gct),
        ("fixtures/formats/cross/gdc", InputFormat::Gdc),
    ];
    if cfg!(feature = "parquet") {
        cases.push((
            "fixtures/formats/cross/counts_wide.parquet",
            InputFormat::Parquet,
        ));
        cases.push((
            "fixtures/formats/cross/counts_long.parquet",
            InputFormat::Parquet,
        ));
    }
    for (path, format) in cases {
        let options = if format == InputFormat::Gdc {
            cross_options()
        } else {
            ReadOptions::default()
        };
        let other = load(path, &options);
        assert_eq!(other.format, format, "{path}");
        assert!(!other.detection.is_empty(), "{path}: detection reported");
        assert_eq!(other.matrix, tsv.matrix, "{path}");
    }
}

#[test]
fn every_format_gives_identical_scores_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let gmt = repo("fixtures/formats/demo_prostate.gmt");
    let run = |input: &str, extra: &[&str]| {
        let mut args = vec![
            "score",
            input,
            "--signature",
            gmt.to_str().unwrap(),
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let out = osteomir(dir.path(), &args, None);
        assert!(
            out.status.success(),
            "{input}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json
    };
    let base_path = repo("fixtures/formats/cross/counts.tsv");
    let base = run(base_path.to_str().unwrap(), &[]);
    assert_eq!(base["input"]["normalisation"]["kind_used"], "counts");
    assert_eq!(base["input"]["normalisation"]["method_used"], "cpm");
    assert_eq!(base["input"]["format"], "delimited");
    let sheet = repo("fixtures/formats/cross/gdc_sample_sheet.tsv");
    let mut cases = vec![
        ("fixtures/formats/cross/counts.gct", vec![], "gct"),
        ("fixtures/formats/cross/counts_v13.gct", vec![], "gct"),
        (
            "fixtures/formats/cross/gdc",
            vec!["--gdc-sample-sheet", sheet.to_str().unwrap()],
            "gdc",
        ),
    ];
    if cfg!(feature = "parquet") {
        cases.push((
            "fixtures/formats/cross/counts_wide.parquet",
            vec![],
            "parquet",
        ));
        cases.push((
            "fixtures/formats/cross/counts_long.parquet",
            vec![],
            "parquet",
        ));
    }
    for (path, extra, format) in cases {
        let p = repo(path);
        let got = run(p.to_str().unwrap(), &extra);
        assert_eq!(got["input"]["format"], format, "{path}");
        assert_eq!(got["samples"], base["samples"], "{path}");
        assert_eq!(
            got["signatures"], base["signatures"],
            "{path}: scores differ"
        );
    }
}

#[test]
fn gdc_without_sample_sheet_names_samples_by_file_stem_and_reads_rpm() {
    let m = load("fixtures/formats/cross/gdc", &ReadOptions::default()).matrix;
    assert!(m.samples.iter().all(|s| s.len() == 36), "{:?}", m.samples);
    let rpm = load(
        "fixtures/formats/cross/gdc",
        &ReadOptions {
            gdc_value: osteomir::io::gdc::GdcValue::Rpm,
            ..cross_options()
        },
    )
    .matrix;
    let counts = load("fixtures/formats/cross/counts.tsv", &ReadOptions::default()).matrix;
    // log2(RPM + 1) from the file (6 decimals) against log2(CPM + 1) from the counts.
    let mut from_counts = counts.clone();
    osteomir::normalize::log2_cpm(&mut from_counts, Path::new("c")).unwrap();
    let a: Vec<f64> = rpm.values.iter().copied().collect();
    let b: Vec<f64> = from_counts.values.iter().copied().collect();
    assert_close("gdc rpm", &a, &b, 1e-6);
}

#[test]
fn geo_series_matrix_with_platform_annotation() {
    let plain = load(
        "fixtures/formats/geo/GSE000001_series_matrix.txt.gz",
        &ReadOptions::default(),
    );
    assert_eq!(plain.format, InputFormat::Geo);
    assert_eq!(plain.matrix.n_features(), 7);
    assert_eq!(plain.warnings.iter().next().unwrap().code, "probe_ids");
    let mapped = load(
        "fixtures/formats/geo/GSE000001_series_matrix.txt.gz",
        &ReadOptions {
            platform_annotation: Some(repo("fixtures/formats/geo/GPL000001_annotation.txt")),
            geo_sample_names: osteomir::io::geo::GeoSampleNames::Title,
            ..ReadOptions::default()
        },
    );
    let m = &mapped.matrix;
    assert_eq!(
        m.features,
        [
            "hsa-miR-210-3p",
            "hsa-miR-205-5p",
            "hsa-miR-203a-3p",
            "hsa-miR-21-5p",
            "hsa-miR-409-3p"
        ]
    );
    assert_eq!(m.samples[0], "PCa bone met 1");
    // Two probes for miR-210-3p: means 7.65625 and 7.5833 (null skipped): the first is kept.
    assert_eq!(m.values.row(0).to_vec(), [9.125, 8.75, 6.5, 6.25]);
    let codes: Vec<_> = mapped.warnings.iter().map(|w| (w.code, w.count)).collect();
    assert_eq!(codes, [("unannotated_probes", 1), ("duplicate_probes", 1)]);
    let mut m = mapped.matrix;
    let n = osteomir::normalize::prepare(&mut m, InputKind::Auto, Path::new("g")).unwrap();
    assert_eq!(n.kind_used, InputKind::Log);
}

#[test]
fn xena_log2_rpm_matrix_reads_and_is_detected_as_log() {
    let loaded = load(
        "fixtures/golden/prad_xena_log2rpm_subset.tsv.gz",
        &ReadOptions::default(),
    );
    assert_eq!(loaded.format, InputFormat::Delimited);
    let mut m = loaded.matrix;
    let n = osteomir::normalize::prepare(&mut m, InputKind::Auto, Path::new("x")).unwrap();
    assert_eq!(n.kind_used, InputKind::Log, "{}", n.detection);
    // The real Xena download, when the shared data sit beside the repository.
    let real = repo("../shared/data/tcga-prad-mirna/TCGA-PRAD_miRNA_precursor_log2RPM_xena.tsv.gz");
    if !real.exists() {
        eprintln!("skipped: {} not present", real.display());
        return;
    }
    let mut m = load_matrix(&MatrixSource::Path(real), &ReadOptions::default())
        .unwrap()
        .matrix;
    assert_eq!(m.n_features(), 1881);
    let n = osteomir::normalize::prepare(&mut m, InputKind::Auto, Path::new("x")).unwrap();
    assert_eq!(n.kind_used, InputKind::Log, "{}", n.detection);
}

fn ct_normalised(path: &str, references: &[&str]) -> (ExpressionMatrix, Warnings) {
    let loaded = load(path, &ReadOptions::default());
    assert_eq!(loaded.format, InputFormat::Ct, "{path}");
    let mut m = loaded.matrix;
    let mut w = loaded.warnings;
    let options = NormalizeOptions {
        references: references.iter().map(|s| s.to_string()).collect(),
        kind_hint: Some((InputKind::Ct, "ct table".into())),
        ..NormalizeOptions::default()
    };
    let n = prepare_with(&mut m, InputKind::Auto, &options, Path::new(path), &mut w).unwrap();
    assert_eq!(n.kind_used, InputKind::Ct);
    assert_eq!(n.method_used, "delta_ct");
    (m, w)
}

fn row(m: &ExpressionMatrix, id: &str) -> Vec<f64> {
    let i = m.features.iter().position(|f| f == id).unwrap();
    m.values.row(i).to_vec()
}

#[test]
fn qpcr_ct_with_references_by_hand() {
    for path in [
        "fixtures/formats/ct/panel_long.csv",
        "fixtures/formats/ct/panel_wide.tsv",
    ] {
        let (m, w) = ct_normalised(path, &["RNU6B", "RNU48"]);
        assert_eq!(m.samples, ["P1", "P2", "P3"]);
        assert_eq!(m.features.len(), 3, "reference rows removed");
        // Reference means: P1 (18 + 20)/2 = 19, P2 (18.5 + 21.5)/2 = 20, P3 (17.5 + 19.5)/2 = 18.5.
        // miR-210-3p: P1 replicates (24.1 + 24.3)/2 = 24.2 -> -(24.2 - 19) = -5.2;
        // P2 -(26 - 20) = -6; P3 -(25 - 18.5) = -6.5.
        assert_close(path, &row(&m, "hsa-miR-210-3p"), &[-5.2, -6.0, -6.5], 1e-12);
        // miR-21-5p: -(20 - 19), -(21.5 - 20), -(19 - 18.5).
        assert_close(path, &row(&m, "hsa-miR-21-5p"), &[-1.0, -1.5, -0.5], 1e-12);
        // miR-205-5p: Undetermined in P1, 41 >= 40 in P3: non-detects; P2 -(30.5 - 20).
        let r = row(&m, "hsa-miR-205-5p");
        assert!(r[0].is_nan() && r[2].is_nan());
        assert_eq!(r[1], -10.5);
        assert!(w.iter().any(|w| w.code == "ct_non_detects"));
    }
}

#[test]
fn qpcr_ct_global_mean_by_hand() {
    let (m, _) = ct_normalised("fixtures/formats/ct/panel_long.csv", &[]);
    assert_eq!(m.features.len(), 5, "no reference row removed");
    // Targets detected in all samples: miR-210-3p, miR-21-5p, RNU6B, RNU48.
    // P1 (24.2 + 20 + 18 + 20)/4 = 20.55; P2 (26 + 21.5 + 18.5 + 21.5)/4 = 21.875;
    // P3 (25 + 19 + 17.5 + 19.5)/4 = 20.25.
    assert_close(
        "global",
        &row(&m, "hsa-miR-210-3p"),
        &[-(24.2 - 20.55), -(26.0 - 21.875), -(25.0 - 20.25)],
        1e-12,
    );
    assert_close(
        "global",
        &row(&m, "RNU6B"),
        &[-(18.0 - 20.55), -(18.5 - 21.875), -(17.5 - 20.25)],
        1e-12,
    );
}

#[test]
fn qpcr_on_the_command_line_reports_kind_non_detects_and_dropped_rows() {
    let dir = tempfile::tempdir().unwrap();
    let sig = dir.path().join("sig.tsv");
    std::fs::write(
        &sig,
        "signature\tmirna\tdirection\ns\thsa-miR-210-3p\tup\ns\thsa-miR-21-5p\tup\ns\thsa-miR-205-5p\tdown\n",
    )
    .unwrap();
    let input = repo("fixtures/formats/ct/panel_long.csv");
    let out = osteomir(
        dir.path(),
        &[
            "score",
            input.to_str().unwrap(),
            "--signature",
            sig.to_str().unwrap(),
            "--reference",
            "RNU6B,RNU48",
            "--format",
            "json",
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("input kind: ct"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = &json["input"]["normalisation"];
    assert_eq!(n["kind_used"], "ct");
    assert_eq!(n["ct"]["method"], "references");
    assert_eq!(n["ct"]["non_detects"], 2);
    assert_eq!(json["signatures"][0]["dropped"][0], "hsa-miR-205-5p");
    // Asking for a reference that is not measured is a usage error (exit 2).
    let out = osteomir(
        dir.path(),
        &[
            "score",
            input.to_str().unwrap(),
            "--signature",
            sig.to_str().unwrap(),
            "--reference",
            "RNU44",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("RNU44"));
}

#[test]
fn quantile_normalisation_matches_limma() {
    let input = read_golden(&repo("fixtures/formats/quantile_input.tsv"));
    let want = read_golden(&repo("fixtures/formats/quantile_limma.tsv"));
    let mut names: Vec<&String> = input.rows.keys().collect();
    names.sort();
    let n = names.len();
    let m = input.columns.len();
    let mut x = ndarray::Array2::<f64>::zeros((n, m));
    for (i, name) in names.iter().enumerate() {
        for j in 0..m {
            x[[i, j]] = input.rows[*name][j];
        }
    }
    osteomir::normalize::quantile::normalize_quantiles(&mut x);
    for (i, name) in names.iter().enumerate() {
        assert_close(name, &x.row(i).to_vec(), &want.rows[*name], 1e-14);
    }
}

#[test]
fn normalisation_options_are_recorded_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let gmt = repo("fixtures/formats/demo_prostate.gmt");
    let input = repo("fixtures/formats/cross/counts.tsv");
    let out = osteomir(
        dir.path(),
        &[
            "score",
            input.to_str().unwrap(),
            "--signature",
            gmt.to_str().unwrap(),
            "--normalize",
            "uq",
            "--min-mean-count",
            "50",
            "--format",
            "json",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = &json["input"]["normalisation"];
    assert_eq!(n["method_requested"], "uq");
    assert_eq!(n["method_used"], "uq");
    assert_eq!(n["min_mean_count"], 50.0);
    assert_eq!(n["uq_factors"].as_array().unwrap().len(), 8);
    let filtered = n["features_filtered"].as_u64().unwrap();
    assert!(
        filtered > 0,
        "some of the 30 rows have a mean count below 50"
    );
    assert!(json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "low_count_features" && w["count"] == filtered));
    // cpm on log data is refused with exit code 2.
    let xena = repo("fixtures/golden/prad_xena_log2rpm_subset.tsv.gz");
    let out = osteomir(
        dir.path(),
        &[
            "score",
            xena.to_str().unwrap(),
            "--signature",
            gmt.to_str().unwrap(),
            "--normalize",
            "cpm",
            "--min-coverage",
            "0",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}
