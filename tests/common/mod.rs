//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Path of a file under the repository root.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Runs the osteomir binary with `args` in `dir`, feeding `stdin`.
pub fn osteomir(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_osteomir"))
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("osteomir binary runs");
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

/// A golden table: first column row names, header = column names; values parsed as f64.
pub struct Golden {
    pub columns: Vec<String>,
    pub rows: HashMap<String, Vec<f64>>,
}

/// Reads a golden TSV written by the fixture scripts (`NA` = NaN).
pub fn read_golden(path: &Path) -> Golden {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let columns: Vec<String> = lines
        .next()
        .unwrap()
        .split('\t')
        .skip(1)
        .map(String::from)
        .collect();
    let rows = lines
        .map(|l| {
            let mut f = l.split('\t');
            let name = f.next().unwrap().to_string();
            let v = f
                .map(|x| {
                    if x == "NA" {
                        f64::NAN
                    } else {
                        x.parse().unwrap()
                    }
                })
                .collect();
            (name, v)
        })
        .collect();
    Golden { columns, rows }
}

/// Asserts |a - b| <= tol elementwise, printing the worst offender.
pub fn assert_close(label: &str, got: &[f64], want: &[f64], tol: f64) {
    assert_eq!(got.len(), want.len(), "{label}: length");
    let (mut worst, mut at) = (0.0f64, 0);
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        if g.is_nan() && w.is_nan() {
            continue;
        }
        let d = (g - w).abs();
        if d > worst || d.is_nan() {
            worst = d;
            at = i;
        }
    }
    assert!(
        worst <= tol,
        "{label}: max abs diff {worst:e} at index {at} (got {}, want {}) exceeds {tol:e}",
        got[at],
        want[at]
    );
}
