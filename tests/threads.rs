//! The same output bytes whatever the thread count: `score` (every per-sample and across-sample
//! method) and `de` on a matrix large enough that the parallel reader, the column blocks of the
//! per-sample methods and the per-row tests all split their work differently for 1 and 3 threads
//! (GSVA on a smaller matrix).

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

use rand::{Rng, SeedableRng};

/// 300 features x 700 samples of log2-like values (ties included), a GMT and a sample sheet.
fn write_inputs(dir: &Path) {
    let (n, m) = (300, 700);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    let mut text = String::from("feature");
    for j in 0..m {
        let _ = write!(text, "\tS{j}");
    }
    text.push('\n');
    for i in 0..n {
        let mu = rng.random_range(2.0..12.0);
        let _ = write!(text, "hsa-miR-{i}");
        for j in 0..m {
            let shift = if j >= m / 2 && i % 7 == 0 { 1.0 } else { 0.0 };
            // Quarter steps on a few rows give ties.
            let v: f64 = mu + shift + rng.random_range(-1.5..1.5);
            let v = if i % 11 == 0 {
                (v * 4.0).round() / 4.0
            } else {
                v
            };
            let _ = write!(text, "\t{v:.6}");
        }
        text.push('\n');
    }
    fs::write(dir.join("m.tsv"), text).unwrap();
    let mut gmt = String::new();
    for s in 0..8 {
        let members: Vec<String> = (0..5 + 3 * s)
            .map(|k| format!("hsa-miR-{}", (s * 37 + k * 13) % n))
            .collect();
        let half = members.len() / 2;
        let _ = writeln!(gmt, "SIG{s}_UP\t-\t{}", members[..half].join("\t"));
        let _ = writeln!(gmt, "SIG{s}_DN\t-\t{}", members[half..].join("\t"));
    }
    fs::write(dir.join("s.gmt"), gmt).unwrap();
    let mut sheet = String::from("sample\tgroup\n");
    for j in 0..m {
        let group = if j < m / 2 { "control" } else { "case" };
        let _ = writeln!(sheet, "S{j}\t{group}");
    }
    fs::write(dir.join("groups.tsv"), sheet).unwrap();
}

fn run(dir: &Path, threads: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_osteomir"))
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn score_and_de_output_does_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    write_inputs(dir.path());
    for method in ["zscore", "ssgsea", "singscore", "plage", "mean"] {
        let args = [
            "score",
            "m.tsv",
            "--signature",
            "s.gmt",
            "--method",
            method,
            "--input-kind",
            "log",
            "--id-mode",
            "exact",
            "--quiet",
        ];
        let one = run(dir.path(), "1", &args);
        assert!(one.len() > 1000, "{method}");
        assert_eq!(one, run(dir.path(), "3", &args), "{method}");
    }
    let args = [
        "de",
        "m.tsv",
        "--samples",
        "groups.tsv",
        "--group",
        "group",
        "--case",
        "case",
        "--control",
        "control",
        "--input-kind",
        "log",
        "--tests",
        "limma,welch,mwu",
        "--quiet",
    ];
    let one = run(dir.path(), "1", &args);
    assert_eq!(one, run(dir.path(), "3", &args));
}

/// GSVA's kernel is O(samples^2) per feature: a smaller matrix, Gaussian kernel.
#[test]
fn gsva_output_does_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    write_inputs(dir.path());
    let text = fs::read_to_string(dir.path().join("m.tsv")).unwrap();
    let small: String = text
        .lines()
        .take(121)
        .map(|l| l.split('\t').take(151).collect::<Vec<_>>().join("\t") + "\n")
        .collect();
    fs::write(dir.path().join("small.tsv"), small).unwrap();
    let args = [
        "score",
        "small.tsv",
        "--signature",
        "s.gmt",
        "--method",
        "gsva",
        "--kcdf",
        "gaussian",
        "--min-coverage",
        "0",
        "--input-kind",
        "log",
        "--id-mode",
        "exact",
        "--quiet",
    ];
    let one = run(dir.path(), "1", &args);
    assert!(one.len() > 1000);
    assert_eq!(one, run(dir.path(), "3", &args));
}
