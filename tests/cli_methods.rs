//! `osteomir score --method ...` and the method flags, through the binary.

mod common;

use common::{osteomir, repo};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn every_method_scores_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    for method in ["zscore", "ssgsea", "gsva", "plage", "singscore", "mean"] {
        let out = osteomir(
            dir.path(),
            &["score", "--demo", "--method", method, "--quiet"],
            None,
        );
        assert!(out.status.success(), "{method}: {}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert_eq!(stdout.lines().count(), 61, "{method}: header + 60 samples");
    }
}

#[test]
fn singscore_json_reports_dispersion_and_combination() {
    let dir = tempfile::tempdir().unwrap();
    let out = osteomir(
        dir.path(),
        &[
            "score",
            "--demo",
            "--method",
            "singscore",
            "--format",
            "json",
            "--quiet",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sig = &v["signatures"][0];
    assert_eq!(sig["dispersion"].as_array().map(|a| a.len()), Some(60));
    assert!(sig["combination"]
        .as_str()
        .unwrap()
        .contains("S(up) - S(down)"));
}

#[test]
fn gsva_auto_kcdf_is_poisson_for_counts_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let out = osteomir(
        dir.path(),
        &[
            "score", "--demo", "--method", "gsva", "--format", "json", "--quiet",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["params"]["kcdf"], "poisson");
}

#[test]
fn poisson_kernel_on_log_data_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let m = repo("fixtures/golden/synthetic_ties.tsv");
    let s = repo("fixtures/golden/synthetic_sets.gmt");
    let out = osteomir(
        dir.path(),
        &[
            "score",
            m.to_str().unwrap(),
            "--signature",
            s.to_str().unwrap(),
            "--method",
            "gsva",
            "--kcdf",
            "poisson",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--kcdf poisson needs raw counts"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn negative_alpha_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = osteomir(
        dir.path(),
        &["score", "--demo", "--method", "ssgsea", "--alpha=-1"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--alpha"),
        "{}",
        text(&out.stderr)
    );
}
