//! End-to-end tests of `osteomir score`: happy paths and bad inputs, through the binary.

mod common;

use common::osteomir;
use std::fs;

const MATRIX: &str = "feature\tA\tB\tC\tD\nm1\t1\t2\t3\t4\nm2\t4\t3\t2\t1\nm3\t5\t7\t6\t9\n";
const GMT: &str = "s_UP\t-\tm1\tm3\ns_DN\t-\tm2\nsolo\t-\tm1\tm_absent\n";

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("m.tsv"), MATRIX).unwrap();
    fs::write(dir.path().join("s.gmt"), GMT).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn score_writes_one_row_per_sample_and_one_column_per_signature() {
    let dir = setup();
    let out = osteomir(
        dir.path(),
        &["score", "m.tsv", "--signature", "s.gmt"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "sample\ts\tsolo");
    assert_eq!(lines.len(), 5);
    assert!(lines[1].starts_with("A\t"));
    // solo = z of m1 alone (m_absent missing): A is (1 - 2.5) / sd.
    let sd = (5.0f64 / 3.0).sqrt();
    let solo_a: f64 = lines[1].split('\t').nth(2).unwrap().parse().unwrap();
    assert!((solo_a - (-1.5 / sd)).abs() < 1e-12);
}

#[test]
fn missing_member_is_reported_on_stderr_with_coverage() {
    let dir = setup();
    let out = osteomir(
        dir.path(),
        &["score", "m.tsv", "--signature", "s.gmt"],
        None,
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("coverage solo: 1/2 members measured (50%); missing: m_absent"),
        "{stderr}"
    );
    assert!(stderr.contains("missing_members"), "{stderr}");
    assert!(stderr.contains("input kind: log (detected"), "{stderr}");
}

#[test]
fn quiet_prints_nothing_on_success() {
    let dir = setup();
    let out = osteomir(
        dir.path(),
        &["score", "m.tsv", "--signature", "s.gmt", "--quiet"],
        None,
    );
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn json_output_carries_coverage_scores_and_normalisation() {
    let dir = setup();
    let out = osteomir(
        dir.path(),
        &[
            "score",
            "m.tsv",
            "--signature",
            "s.gmt",
            "--format",
            "json",
            "-o",
            "out.json",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(v["method"], "zscore");
    assert_eq!(v["samples"][3], "D");
    assert_eq!(v["signatures"][0]["name"], "s");
    assert_eq!(v["signatures"][0]["n_down_used"], 1);
    assert_eq!(v["signatures"][1]["missing"][0], "m_absent");
    assert_eq!(v["signatures"][1]["scores"].as_array().unwrap().len(), 4);
    assert_eq!(v["input"]["normalisation"]["kind_used"], "log");
}

#[test]
fn stdin_and_gzip_give_the_same_scores_as_the_file() {
    use std::io::Write;
    let dir = setup();
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(MATRIX.as_bytes()).unwrap();
    fs::write(dir.path().join("m.tsv.gz"), enc.finish().unwrap()).unwrap();
    let file = osteomir(
        dir.path(),
        &["score", "m.tsv", "--signature", "s.gmt"],
        None,
    );
    let gz = osteomir(
        dir.path(),
        &["score", "m.tsv.gz", "--signature", "s.gmt"],
        None,
    );
    let stdin = osteomir(
        dir.path(),
        &["score", "-", "--signature", "s.gmt"],
        Some(MATRIX.as_bytes()),
    );
    assert!(file.status.success() && gz.status.success() && stdin.status.success());
    assert_eq!(file.stdout, gz.stdout);
    assert_eq!(file.stdout, stdin.stdout);
}

#[test]
fn counts_are_detected_and_log2_cpm_transformed() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("c.tsv"),
        "id\tA\tB\tC\nm1\t100\t300\t50\nm2\t900\t700\t950\n",
    )
    .unwrap();
    fs::write(dir.path().join("s.gmt"), "s\t-\tm1\n").unwrap();
    let auto = osteomir(
        dir.path(),
        &["score", "c.tsv", "--signature", "s.gmt"],
        None,
    );
    assert!(
        text(&auto.stderr).contains("input kind: counts (detected"),
        "{}",
        text(&auto.stderr)
    );
    assert!(text(&auto.stderr).contains("log2(CPM + 1)"));
    let given = osteomir(
        dir.path(),
        &[
            "score",
            "c.tsv",
            "--signature",
            "s.gmt",
            "--input-kind",
            "counts",
        ],
        None,
    );
    assert_eq!(auto.stdout, given.stdout);
    let as_log = osteomir(
        dir.path(),
        &[
            "score",
            "c.tsv",
            "--signature",
            "s.gmt",
            "--input-kind",
            "log",
        ],
        None,
    );
    assert_ne!(
        auto.stdout, as_log.stdout,
        "log2 CPM changes the z-scores of m1"
    );
}

#[test]
fn demo_runs_without_any_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = osteomir(dir.path(), &["score", "--demo"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 61);
}

/// Runs a failing command and checks exit code 2, the message and that no output was written.
fn assert_bad_input(files: &[(&str, &[u8])], args: &[&str], words: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        fs::write(dir.path().join(name), content).unwrap();
    }
    fs::write(dir.path().join("s.gmt"), GMT).unwrap();
    let out = osteomir(dir.path(), args, None);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    for w in words {
        assert!(stderr.contains(w), "{args:?}: expected '{w}' in: {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !dir.path().join("out.tsv").exists(),
        "no output after an error"
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("osteomir-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn empty_file_is_refused() {
    assert_bad_input(
        &[("m.tsv", b"")],
        &["score", "m.tsv", "--signature", "s.gmt", "-o", "out.tsv"],
        &["m.tsv", "empty file"],
    );
}

#[test]
fn ragged_row_is_refused_with_its_line() {
    assert_bad_input(
        &[("m.tsv", b"id\tA\tB\nm1\t1\t2\nm2\t3\n")],
        &["score", "m.tsv", "--signature", "s.gmt", "-o", "out.tsv"],
        &["m.tsv", "line 3", "ragged"],
    );
}

#[test]
fn non_numeric_cell_is_refused_with_line_column_and_value() {
    assert_bad_input(
        &[("m.tsv", b"id\tA\tB\nm1\t1\t2\nm2\t3\tx7\n")],
        &["score", "m.tsv", "--signature", "s.gmt", "-o", "out.tsv"],
        &["m.tsv: line 3, column 3 ('B'): 'x7' is not a number"],
    );
}

#[test]
fn missing_matrix_file_is_refused() {
    assert_bad_input(
        &[],
        &["score", "nope.tsv", "--signature", "s.gmt", "-o", "out.tsv"],
        &["nope.tsv", "No such file"],
    );
}

#[test]
fn unwritable_output_is_refused_before_work() {
    assert_bad_input(
        &[("m.tsv", MATRIX.as_bytes())],
        &[
            "score",
            "m.tsv",
            "--signature",
            "s.gmt",
            "-o",
            "missing_dir/out.tsv",
        ],
        &["missing_dir", "does not exist"],
    );
}

#[test]
fn output_onto_a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("m.tsv"), MATRIX).unwrap();
    fs::write(dir.path().join("s.gmt"), GMT).unwrap();
    fs::create_dir(dir.path().join("d")).unwrap();
    let out = osteomir(
        dir.path(),
        &["score", "m.tsv", "--signature", "s.gmt", "-o", "d"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("is a directory"));
}

#[test]
fn coverage_below_minimum_is_refused() {
    assert_bad_input(
        &[("m.tsv", MATRIX.as_bytes())],
        &[
            "score",
            "m.tsv",
            "--signature",
            "s.gmt",
            "--min-coverage",
            "0.9",
            "-o",
            "out.tsv",
        ],
        &["signature 'solo'", "1 of 2 members", "--min-coverage"],
    );
}

#[test]
fn bad_usage_exits_with_two() {
    assert_bad_input(
        &[],
        &["score", "--method", "nonsense", "x.tsv"],
        &["nonsense"],
    );
}
