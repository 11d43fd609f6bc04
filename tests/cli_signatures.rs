//! `osteomir signatures list|show|export|validate` and `score --signature NAME|--cancer|--all`.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::osteomir;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(dir: &Path, args: &[&str]) -> Output {
    let out = osteomir(dir, args, None);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        text(&out.stderr)
    );
    out
}

fn fails_with(dir: &Path, args: &[&str], words: &[&str]) {
    let out = osteomir(dir, args, None);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    for w in words {
        assert!(stderr.contains(w), "{args:?}: expected '{w}' in: {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn list_names_every_builtin_with_counts() {
    let dir = tempfile::tempdir().unwrap();
    let out = text(&ok(dir.path(), &["signatures", "list"]).stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "name\tcancer\tset\tn_entries\tn_members\tn_up\tn_down\tn_conflicted\tn_scorable"
    );
    assert_eq!(lines.len(), 15);
    assert!(lines.contains(&"prostate_full\tprostate\tfull\t19\t28\t12\t16\t15\t13"));
    assert!(lines.contains(&"thyroid_core\tthyroid\tcore\t0\t0\t0\t0\t0\t0"));
    let json = ok(dir.path(), &["signatures", "list", "--format", "json"]).stdout;
    let rows: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 14);
    assert_eq!(rows[3]["name"], "prostate_full");
    assert_eq!(rows[3]["n_conflicted"], 15);
}

#[test]
fn show_lists_every_member_with_source_and_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let out = text(&ok(dir.path(), &["signatures", "show", "prostate_full"]).stdout);
    assert_eq!(
        out.matches("\n+1 ").count() + out.matches("\n-1 ").count(),
        28
    );
    assert!(
        out.contains("-1 hsa-miR-200a-3p (MIMAT0000682)  CONFLICT"),
        "{out}"
    );
    assert!(out.contains("as written: miR-200s  (entry 3, Table 2 (row 3); Section 3)"));
    assert!(out.contains("conflict: [blank-cell]"));
    fails_with(
        dir.path(),
        &["signatures", "show", "prostate"],
        &["unknown signature 'prostate'"],
    );
}

#[test]
fn json_export_round_trips_through_the_loader() {
    let dir = tempfile::tempdir().unwrap();
    ok(
        dir.path(),
        &[
            "signatures",
            "export",
            "--all",
            "--format",
            "json",
            "-o",
            "all.json",
        ],
    );
    let first = fs::read(dir.path().join("all.json")).unwrap();
    let again = ok(
        dir.path(),
        &["signatures", "export", "all.json", "--format", "json"],
    )
    .stdout;
    assert_eq!(again, first, "export -> load -> export changed the bytes");
    let v: serde_json::Value = serde_json::from_slice(&first).unwrap();
    let m = &v[2]["members"][0];
    assert_eq!(v[2]["name"], "prostate_core");
    for key in ["as_written", "name", "id", "direction", "conflict", "refs"] {
        assert!(m.get(key).is_some(), "member lacks '{key}': {m}");
    }
}

#[test]
fn gmt_export_scores_like_the_builtin() {
    let dir = tempfile::tempdir().unwrap();
    for (name, extra) in [
        ("prostate_core", None),
        ("prostate_full", Some("--include-conflicted")),
        ("liver_core", None),
    ] {
        let mut export = vec![
            "signatures",
            "export",
            name,
            "--format",
            "gmt",
            "-o",
            "x.gmt",
        ];
        export.extend(extra);
        ok(dir.path(), &export);
        let mut a = vec!["score", "--demo", "--signature", "x.gmt", "--quiet"];
        let mut b = vec!["score", "--demo", "--signature", name, "--quiet"];
        a.extend(extra);
        b.extend(extra);
        let from_gmt = ok(dir.path(), &a).stdout;
        let builtin = ok(dir.path(), &b).stdout;
        assert_eq!(text(&from_gmt), text(&builtin), "{name}");
        assert!(text(&builtin).starts_with(&format!("sample\t{name}\n")));
    }
}

#[test]
fn tsv_export_has_one_row_per_scored_member() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(
        dir.path(),
        &[
            "signatures",
            "export",
            "--cancer",
            "lung",
            "--format",
            "tsv",
        ],
    );
    let body = text(&out.stdout);
    assert!(body.starts_with("signature\tmirna\tdirection\n"));
    // lung: 4 core + 4 scorable of full; conflicted members need --include-conflicted.
    assert_eq!(body.lines().count(), 1 + 4 + 4);
    assert!(text(&out.stderr).contains("lung_full: 4 conflicted member(s) left out"));
    let all = ok(
        dir.path(),
        &[
            "signatures",
            "export",
            "lung_full",
            "--format",
            "tsv",
            "--include-conflicted",
        ],
    );
    assert_eq!(text(&all.stdout).lines().count(), 1 + 8);
}

#[test]
fn export_needs_a_selection() {
    let dir = tempfile::tempdir().unwrap();
    fails_with(
        dir.path(),
        &["signatures", "export", "--format", "json"],
        &["--cancer C or --all"],
    );
}

#[test]
fn validate_reports_ok_or_the_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        common::repo("signatures/lung.toml"),
        dir.path().join("lung.toml"),
    )
    .unwrap();
    let out = text(&ok(dir.path(), &["signatures", "validate", "lung.toml"]).stdout);
    assert!(out.starts_with("lung.toml: OK, 2 signature(s)"), "{out}");
    assert!(out.contains("lung_full\t8 members (6 up, 2 down), 4 conflicted, 4 scorable"));
    let bad = fs::read_to_string(dir.path().join("lung.toml"))
        .unwrap()
        .replacen("direction = 1", "direction = 2", 1);
    fs::write(dir.path().join("bad.toml"), bad).unwrap();
    fails_with(
        dir.path(),
        &["signatures", "validate", "bad.toml"],
        &["bad.toml", "invalid direction 2 (must be 1 or -1)", "line "],
    );
    fs::write(dir.path().join("s.gmt"), "A_UP\t-\tx\ty\n").unwrap();
    let out = text(&ok(dir.path(), &["signatures", "validate", "s.gmt"]).stdout);
    assert!(out.contains("A\t2 members (2 up, 0 down)"), "{out}");
}

#[test]
fn score_cancer_and_all_name_their_columns() {
    let dir = tempfile::tempdir().unwrap();
    let header = |args: &[&str]| -> String {
        let out = ok(dir.path(), args);
        text(&out.stdout).lines().next().unwrap().to_string()
    };
    assert_eq!(
        header(&[
            "score",
            "--demo",
            "--cancer",
            "prostate",
            "--include-conflicted"
        ]),
        "sample\tprostate_core\tprostate_full"
    );
    let out = ok(
        dir.path(),
        &["score", "--demo", "--all", "--min-coverage", "0"],
    );
    assert_eq!(
        text(&out.stdout).lines().next().unwrap(),
        "sample\tbreast_core\tprostate_core\tlung_core\tliver_core\tosteosarcoma_core"
    );
    let stderr = text(&out.stderr);
    assert!(stderr.contains("thyroid_core skipped"), "{stderr}");
    assert!(stderr.contains("coverage breast_core: "), "{stderr}");
    assert_eq!(
        header(&[
            "score",
            "--demo",
            "--all",
            "--include-conflicted",
            "--min-coverage",
            "0"
        ])
        .split('\t')
        .count(),
        1 + 12
    );
}

#[test]
fn demo_scores_the_builtin_prostate_signature() {
    let dir = tempfile::tempdir().unwrap();
    let json = ok(
        dir.path(),
        &["score", "--demo", "--format", "json", "--quiet"],
    )
    .stdout;
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let w = &v["warnings"][0];
    assert_eq!(
        (&w["code"], &w["count"]),
        (&"conflicted_not_scored".into(), &15.into()),
        "{w}"
    );
    let demo = ok(dir.path(), &["score", "--demo", "--quiet"]).stdout;
    let named = ok(
        dir.path(),
        &["score", "--demo", "--signature", "prostate_core", "--quiet"],
    )
    .stdout;
    assert_eq!(demo, named);
}

#[test]
fn empty_or_unknown_signatures_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    fails_with(
        dir.path(),
        &["score", "--demo", "--cancer", "thyroid"],
        &["thyroid", "--include-conflicted"],
    );
    fails_with(
        dir.path(),
        &["score", "--demo", "--signature", "ewing_sarcoma_core"],
        &[
            "no scorable members",
            "ewing_sarcoma_full with --include-conflicted",
        ],
    );
    fails_with(
        dir.path(),
        &["score", "--demo", "--signature", "thyroid_full"],
        &["all its members are conflicted, add --include-conflicted"],
    );
    fails_with(
        dir.path(),
        &["score", "--demo", "--signature", "nope_core"],
        &["unknown signature 'nope_core'"],
    );
    let out = ok(
        dir.path(),
        &[
            "score",
            "--demo",
            "--signature",
            "thyroid_full",
            "--include-conflicted",
            "--quiet",
        ],
    );
    assert!(text(&out.stdout).starts_with("sample\tthyroid_full\n"));
}

#[test]
fn user_toml_scores_like_the_builtin_it_copies() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        common::repo("signatures/prostate.toml"),
        dir.path().join("mine.toml"),
    )
    .unwrap();
    let mine = ok(
        dir.path(),
        &["score", "--demo", "--signature", "mine.toml", "--quiet"],
    )
    .stdout;
    let builtin = ok(
        dir.path(),
        &["score", "--demo", "--cancer", "prostate", "--quiet"],
    )
    .stdout;
    let mine = text(&mine);
    assert!(mine.starts_with("sample\tmine_core\tmine_full\n"), "{mine}");
    // Without --include-conflicted, mine_full scores exactly the core members.
    for (m, b) in mine.lines().skip(1).zip(text(&builtin).lines().skip(1)) {
        let f: Vec<&str> = m.split('\t').collect();
        assert_eq!(format!("{}\t{}", f[0], f[1]), b);
        assert_eq!(f[1], f[2]);
    }
}
