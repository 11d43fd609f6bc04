//! End-to-end tests of `osteomir ids resolve|check` and `score --id-mode`.

mod common;

use common::{osteomir, repo};
use std::fs;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn resolve_writes_one_json_object_per_query() {
    let dir = tempfile::tempdir().unwrap();
    let out = osteomir(
        dir.path(),
        &[
            "ids",
            "resolve",
            "miR-451",
            "hsa-mir-21",
            "junk",
            "--format",
            "json",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 3);
    assert_eq!(a[0]["query"], "miR-451");
    assert_eq!(a[0]["status"], "renamed");
    assert_eq!(
        a[0]["matches"][0],
        serde_json::json!({"id": "MIMAT0001631", "name": "hsa-miR-451a", "release": "22"})
    );
    assert_eq!(a[1]["status"], "precursor");
    assert_eq!(a[1]["matches"].as_array().unwrap().len(), 2);
    assert_eq!(a[2]["status"], "unknown");
    assert_eq!(a[2]["matches"], serde_json::json!([]));
    let keys: Vec<&String> = a[0].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 3);
}

#[test]
fn resolve_tsv_has_one_line_per_match_and_release_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let out = osteomir(
        dir.path(),
        &[
            "ids",
            "resolve",
            "hsa-miR-34b",
            "hsa-miR-220",
            "--release",
            "9.2",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "query\tstatus\tid\tname\trelease\n\
         hsa-miR-34b\tarm_assigned\tMIMAT0000685\thsa-miR-34b-5p\t22\n\
         hsa-miR-220\tdead\tMIMAT0000277\thsa-miR-220a\t16\n"
    );
}

#[test]
fn resolve_refuses_an_uncovered_release_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = osteomir(
        dir.path(),
        &["ids", "resolve", "miR-21", "--release", "23"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--release '23'"),
        "{}",
        text(&out.stderr)
    );
}

const MIXED: &str = "id\tA\tB\tC\n\
hsa-miR-21\t5\t6\t7\n\
hsa-miR-21-5p\t1\t2\t3\n\
hsa-mir-143\t2\t1\t4\n\
HSA-MIR-21\t0\t0\t1\n\
hsa-miR-10392\t1\t1\t2\n\
hsa-miR-720\t3\t3\t3\n\
spike_in\t9\t8\t7\n";

#[test]
fn check_reports_statuses_release_and_never_drops_silently() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("m.tsv"), MIXED).unwrap();
    fs::write(
        dir.path().join("s.gmt"),
        "s\t-\tmiR-21\tmiR-143\tmiR-145\tHSA-MIR-21\n",
    )
    .unwrap();
    let out = osteomir(
        dir.path(),
        &["ids", "check", "m.tsv", "--signature", "s.gmt"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for line in [
        "rows\t7",
        "level\tmature",
        "status.current\t1",
        "status.arm_assigned\t1",
        "status.precursor\t1",
        "status.ambiguous\t2",
        "status.dead\t1",
        "status.unknown\t1",
        "rows.ambiguous\tHSA-MIR-21,hsa-miR-10392",
        "rows.dead\thsa-miR-720",
        "rows.unknown\tspike_in",
        "merge_rule\thighest_mean",
        // miR-21 and miR-143 measured; miR-145 absent; HSA-MIR-21 ambiguous, matched verbatim
        "coverage.s\t0.75 (3/4)",
        "missing.s\tmiR-145",
    ] {
        assert!(
            stdout.contains(&format!("{line}\n")),
            "missing '{line}' in\n{stdout}"
        );
    }
    let stderr = text(&out.stderr);
    for code in [
        "ids_ambiguous x2",
        "ids_dead x1",
        "ids_unknown x1",
        "ids_merged",
    ] {
        assert!(stderr.contains(code), "{code}: {stderr}");
    }
    let out = osteomir(
        dir.path(),
        &["ids", "check", "m.tsv", "--format", "json"],
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let unresolved: Vec<&str> = v["ids"]["unresolved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["query"].as_str().unwrap())
        .collect();
    assert_eq!(
        unresolved,
        ["HSA-MIR-21", "hsa-miR-10392", "hsa-miR-720", "spike_in"]
    );
}

#[test]
fn score_matches_paper_names_to_hairpin_rows_only_in_mirbase_mode() {
    let dir = tempfile::tempdir().unwrap();
    let matrix = repo("fixtures/ids/prad_precursor_log2rpm_subset.tsv.gz");
    let gmt = repo("fixtures/ids/review_sets.gmt");
    let (m, g) = (matrix.to_str().unwrap(), gmt.to_str().unwrap());
    let out = osteomir(dir.path(), &["score", m, "--signature", g], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(
        stdout.lines().next().unwrap(),
        "sample\tbone_up\tbone_dn\tlet7\tmix"
    );
    assert_eq!(stdout.lines().count(), 121);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("precursor level"), "{stderr}");
    assert!(
        stderr.contains("coverage let7: 5/5 members measured (100%)"),
        "{stderr}"
    );
    assert!(stderr.contains("ids_precursor_rows"), "{stderr}");
    // exact: paper names never equal hairpin names, coverage 0 -> refused with exit 2
    let out = osteomir(
        dir.path(),
        &["score", m, "--signature", g, "--id-mode", "exact"],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("below --min-coverage"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn score_refuses_low_coverage_after_harmonisation() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("m.tsv"), MIXED).unwrap();
    fs::write(dir.path().join("s.gmt"), "s\t-\tmiR-21\tmiR-145\tmiR-155\n").unwrap();
    let out = osteomir(
        dir.path(),
        &["score", "m.tsv", "--signature", "s.gmt"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("1 of 3 members measured"),
        "{}",
        text(&out.stderr)
    );
    let out = osteomir(
        dir.path(),
        &[
            "score",
            "m.tsv",
            "--signature",
            "s.gmt",
            "--min-coverage",
            "0.3",
            "--format",
            "json",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["input"]["ids"]["id_mode"], "mirbase");
    assert_eq!(
        v["signatures"][0]["member_ids"][0]["resolution"]["status"],
        "arm_assigned"
    );
    assert_eq!(v["signatures"][0]["member_ids"][0]["row"], "MIMAT0000076");
}
