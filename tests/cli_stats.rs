//! CLI tests of `osteomir test` and `osteomir de`: contract columns, parity end to end, bad sample
//! sheets (exit 2, message, no output file), determinism of the bootstrap across thread counts.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::{osteomir, read_golden, repo};

const TEST_HEADER: &str = "signature\tn_case\tn_control\tmean_case\tmean_control\tdiff\twelch_t\twelch_df\twelch_p\tmwu_u\tmwu_p\tauc\tauc_ci_lo\tauc_ci_hi\twelch_p_bh\tmwu_p_bh";

/// Writes a score table and a sheet from the `medium` golden case (30 cases, 25 controls) and a
/// second column that is minus the first; returns (table, sheet) paths.
fn write_inputs(dir: &Path) -> (String, String) {
    let text = std::fs::read_to_string(repo("fixtures/golden/stats/groups.tsv")).unwrap();
    let mut table = String::from("sample\tmedium\tflipped\n");
    let mut sheet = String::from("sample\tstatus\n");
    let mut k = 0;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f[0] != "medium" {
            continue;
        }
        k += 1;
        let v: f64 = f[2].parse().unwrap();
        table.push_str(&format!("S{k}\t{}\t{}\n", f[2], -v));
        sheet.push_str(&format!(
            "S{k}\t{}\n",
            if f[1] == "case" { "met" } else { "none" }
        ));
    }
    // one sample with another label: left out with a warning
    table.push_str("X1\t0.5\t-0.5\n");
    sheet.push_str("X1\tunknown\n");
    std::fs::write(dir.join("scores.tsv"), table).unwrap();
    std::fs::write(dir.join("sheet.tsv"), sheet).unwrap();
    ("scores.tsv".into(), "sheet.tsv".into())
}

fn parse_tsv(bytes: &[u8]) -> (String, Vec<HashMap<String, String>>) {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let cols: Vec<&str> = header.split('\t').collect();
    let rows = lines
        .map(|l| {
            cols.iter()
                .zip(l.split('\t'))
                .map(|(c, v)| (c.to_string(), v.to_string()))
                .collect()
        })
        .collect();
    (header, rows)
}

fn num(row: &HashMap<String, String>, col: &str) -> f64 {
    row[col].parse().unwrap_or(f64::NAN)
}

#[test]
fn test_writes_the_contract_columns_and_matches_scipy() {
    let dir = tempfile::tempdir().unwrap();
    let (table, sheet) = write_inputs(dir.path());
    let args = [
        "test",
        &table,
        "--samples",
        &sheet,
        "--group",
        "status",
        "--case",
        "met",
        "--control",
        "none",
    ];
    let out = osteomir(dir.path(), &args, None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("samples_left_out x1"), "{stderr}");
    let (header, rows) = parse_tsv(&out.stdout);
    assert!(header.starts_with(TEST_HEADER), "{header}");
    assert!(header.ends_with("cohens_d\thedges_g\tyouden_cut\tsensitivity\tspecificity"));
    let g = read_golden(&repo("fixtures/golden/stats/scipy_tests.tsv"));
    let want = &g.rows["medium"];
    let r = &rows[0];
    assert_eq!(
        (r["n_case"].as_str(), r["n_control"].as_str()),
        ("30", "25")
    );
    for (k, col) in ["welch_t", "welch_df", "welch_p", "mwu_u", "mwu_p", "auc"]
        .iter()
        .enumerate()
    {
        let (got, w) = (num(r, col), want[k]);
        assert!(
            (got - w).abs() <= 1e-8 * w.abs(),
            "{col}: got {got}, want {w}"
        );
    }
    // the flipped column: AUC is 1 - AUC, never flipped back
    assert!((num(&rows[1], "auc") - (1.0 - want[5])).abs() < 1e-12);
}

#[test]
fn test_bootstrap_is_byte_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let (table, sheet) = write_inputs(dir.path());
    let run = |threads: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_osteomir"))
            .args([
                "test",
                &table,
                "--samples",
                &sheet,
                "--group",
                "status",
                "--case",
                "met",
                "--control",
                "none",
                "--bootstrap",
                "300",
                "--seed",
                "11",
                "--format",
                "json",
                "--quiet",
            ])
            .env("RAYON_NUM_THREADS", threads)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    let json: serde_json::Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(json["options"]["seed"], 11);
    assert!(
        json["rows"][0]["bootstrap"]["lo"].as_f64().unwrap()
            < json["rows"][0]["auc"].as_f64().unwrap()
    );
}

#[test]
fn bad_sample_sheets_exit_2_with_a_message_and_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let (table, _) = write_inputs(dir.path());
    std::fs::write(
        dir.path().join("missing.tsv"),
        "sample\tstatus\nS1\tmet\nS2\tnone\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("dup.tsv"),
        "sample\tstatus\nS1\tmet\nS1\tnone\n",
    )
    .unwrap();
    let cases: [(&str, &str, &str, &str); 4] = [
        ("sheet.tsv", "stage", "met", "no group column 'stage'"),
        (
            "sheet.tsv",
            "status",
            "metastasis",
            "--case value 'metastasis' does not occur",
        ),
        (
            "missing.tsv",
            "status",
            "met",
            "are not in the sample sheet: 'S3'",
        ),
        ("dup.tsv", "status", "met", "line 3"),
    ];
    for (sheet, group, case, message) in cases {
        let out = osteomir(
            dir.path(),
            &[
                "test",
                &table,
                "--samples",
                sheet,
                "--group",
                group,
                "--case",
                case,
                "--control",
                "none",
                "-o",
                "out.tsv",
            ],
            None,
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{sheet} {group} {case}: {stderr}"
        );
        assert!(stderr.contains(message), "want '{message}' in: {stderr}");
        assert!(
            !dir.path().join("out.tsv").exists(),
            "{sheet}: output written"
        );
    }
}

#[test]
fn paired_auc_with_an_unknown_column_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (table, sheet) = write_inputs(dir.path());
    let out = osteomir(
        dir.path(),
        &[
            "test",
            &table,
            "--samples",
            &sheet,
            "--group",
            "status",
            "--case",
            "met",
            "--control",
            "none",
            "--paired-auc",
            "medium,nope",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no column 'nope'"));
}

#[test]
fn de_matches_limma_on_gse36803_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let matrix = repo("fixtures/golden/stats/gse36803_log2.tsv.gz");
    let sheet = repo("fixtures/golden/stats/gse36803_samples.tsv");
    let out = osteomir(
        dir.path(),
        &[
            "de",
            matrix.to_str().unwrap(),
            "--samples",
            sheet.to_str().unwrap(),
            "--group",
            "group",
            "--case",
            "PCA",
            "--control",
            "Benign",
            "--tests",
            "limma,welch,mwu",
            "-o",
            "de.tsv",
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("input kind: log"), "{stderr}");
    let (header, rows) = parse_tsv(&std::fs::read(dir.path().join("de.tsv")).unwrap());
    assert_eq!(
        header,
        "feature\tlogfc\tave_expr\tt\tp\tp_bh\tb\twelch_t\twelch_df\twelch_p\twelch_p_bh\tmwu_u\tmwu_p\tmwu_p_bh"
    );
    let g = read_golden(&repo(
        "fixtures/golden/stats/limma_gse36803_pca_vs_benign.tsv",
    ));
    assert_eq!(rows.len(), g.rows.len());
    for r in &rows {
        let want = &g.rows[&r["feature"]];
        for (k, col) in ["logfc", "ave_expr", "t", "p", "p_bh", "b"]
            .iter()
            .enumerate()
        {
            let got = num(r, col);
            assert!(
                (got - want[k]).abs() <= 1e-8 * want[k].abs() + 1e-15,
                "{} {col}: got {got}, want {}",
                r["feature"],
                want[k]
            );
        }
    }
}

#[test]
fn de_refuses_a_sheet_missing_matrix_samples() {
    let dir = tempfile::tempdir().unwrap();
    let matrix = repo("fixtures/golden/stats/gse36803_log2.tsv.gz");
    std::fs::write(
        dir.path().join("s.tsv"),
        "sample,group\nGSM901263_Benign21.CEL,Benign\nGSM901253_PCA21.CEL,PCA\n",
    )
    .unwrap();
    let out = osteomir(
        dir.path(),
        &[
            "de",
            matrix.to_str().unwrap(),
            "--samples",
            "s.tsv",
            "--group",
            "group",
            "--case",
            "PCA",
            "--control",
            "Benign",
            "-o",
            "de.tsv",
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("40 of 42 samples") && stderr.contains("and 35 more"),
        "{stderr}"
    );
    assert!(!dir.path().join("de.tsv").exists());
}
