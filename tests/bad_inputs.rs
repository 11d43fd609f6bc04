//! The bad-input catalogue (tests/bad_inputs/cases.tsv): every malformed input gets exit code 2,
//! a message with the file, line, column or value that is wrong, no panic, and no output file;
//! the awkward-but-valid ones (BOM, CRLF, quotes, comments, extreme values) work, those with key
//! words with that warning on stderr.

mod common;

use std::fs;
use std::path::Path;

use common::{osteomir, repo};

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

struct Case {
    name: String,
    exit: i32,
    args: Vec<String>,
    words: Vec<String>,
}

fn cases() -> Vec<Case> {
    let text = fs::read_to_string(repo("tests/bad_inputs/cases.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Case {
                name: f[0].to_string(),
                exit: f[1].parse().unwrap(),
                args: f[2].split(' ').map(String::from).collect(),
                words: f
                    .get(3)
                    .map(|w| {
                        w.split('|')
                            .filter(|w| !w.is_empty())
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect()
}

#[test]
fn catalogue_has_at_least_forty_bad_inputs() {
    let bad = cases().iter().filter(|c| c.exit == 2).count();
    assert!(bad >= 40, "only {bad} bad-input cases");
}

#[test]
fn every_catalogued_input_gets_its_exit_code_message_and_no_output() {
    let mut failures = Vec::new();
    for case in cases() {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo("tests/bad_inputs"), dir.path());
        let mut args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        let writes_out = !args.contains(&"-o");
        if writes_out {
            args.extend(["-o", "out.tsv"]);
        }
        let out = osteomir(dir.path(), &args, None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let mut problems = Vec::new();
        if out.status.code() != Some(case.exit) {
            problems.push(format!(
                "exit {:?}, expected {}",
                out.status.code(),
                case.exit
            ));
        }
        for w in &case.words {
            if !stderr.contains(w.as_str()) {
                problems.push(format!("message lacks '{w}'"));
            }
        }
        if stderr.contains("panicked") || stderr.contains("internal error") {
            problems.push("a panic or internal error reached the user".into());
        }
        let out_exists = dir.path().join("out.tsv").exists();
        if case.exit != 0 && out_exists {
            problems.push("an output file exists after the error".into());
        }
        if case.exit == 0 && writes_out {
            // A case that works with a warning (its key words) may report NA statistics.
            let text = fs::read_to_string(dir.path().join("out.tsv")).unwrap_or_default();
            if text.lines().count() < 2 || (case.words.is_empty() && text.contains("NA")) {
                problems.push(format!("unexpected output: {text:?}"));
            }
        }
        let leftovers = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().contains("osteomir-tmp"));
        if leftovers {
            problems.push("a temporary file was left behind".into());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {}\n    stderr: {}",
                case.name,
                problems.join("; "),
                stderr.trim()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A header of 100,000 sample names (generated here rather than committed: it is about 1 MB).
fn wide_header(first: &str, n: usize) -> String {
    let mut h = String::from(first);
    for j in 0..n {
        h.push_str(&format!("\tS{j}"));
    }
    h.push('\n');
    h
}

#[test]
fn a_matrix_with_100000_sample_columns_is_scored() {
    let dir = tempfile::tempdir().unwrap();
    let n = 100_000;
    let mut text = wide_header("feature", n);
    for (i, id) in ["m1", "m2", "m3"].iter().enumerate() {
        text.push_str(id);
        for j in 0..n {
            text.push_str(&format!("\t{}", (i * 7 + j * 3) % 11));
        }
        text.push('\n');
    }
    fs::write(dir.path().join("wide.tsv"), text).unwrap();
    fs::write(dir.path().join("ok.gmt"), "sig\tdemo\tm1\tm2\tm3\n").unwrap();
    let out = osteomir(
        dir.path(),
        &[
            "score",
            "wide.tsv",
            "--signature",
            "ok.gmt",
            "-o",
            "out.tsv",
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scores = fs::read_to_string(dir.path().join("out.tsv")).unwrap();
    assert_eq!(scores.lines().count(), n + 1);
}

#[test]
fn short_rows_under_a_100000_column_header_are_refused_without_a_huge_allocation() {
    // 200,000 one-value rows under 100,000 sample columns: 2e10 cells if the row and column
    // counts were trusted before the rows were checked.
    let dir = tempfile::tempdir().unwrap();
    let mut text = wide_header("feature", 100_000);
    for i in 0..200_000 {
        text.push_str(&format!("m{i}\t1\n"));
    }
    fs::write(dir.path().join("wide_short.tsv"), text).unwrap();
    fs::write(dir.path().join("ok.gmt"), "sig\tdemo\tm1\tm2\tm3\n").unwrap();
    let mut gct = String::from("#1.2\n200000\t100000\n");
    gct.push_str(&wide_header("Name\tDescription", 100_000));
    for i in 0..200_000 {
        gct.push_str(&format!("m{i}\tna\t1\n"));
    }
    fs::write(dir.path().join("wide_short.gct"), gct).unwrap();
    for (file, words) in [("wide_short.tsv", "line 2"), ("wide_short.gct", "line 4")] {
        let started = std::time::Instant::now();
        let out = osteomir(
            dir.path(),
            &["score", file, "--signature", "ok.gmt", "-o", "out.tsv"],
            None,
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
        assert!(
            stderr.contains(words) && stderr.contains("ragged row"),
            "{file}: {stderr}"
        );
        assert!(!dir.path().join("out.tsv").exists());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "{file}: took {:?}",
            started.elapsed()
        );
    }
}
