//! Interrupt safety: SIGINT or SIGTERM while `score` is still reading leaves no output file and no
//! temporary file behind.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

fn interrupted_score_leaves_nothing(signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.gmt"), "s\t-\tm1\tm2\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_osteomir"))
        .args(["score", "-", "--signature", "s.gmt", "-o", "out.tsv"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Half a matrix: osteomir is mid-read when the signal arrives.
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"feature\tA\tB\tC\nm1\t1\t2\t3\n").unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    assert!(!out.status.success(), "{signal}: the process was stopped");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["s.gmt"], "{signal}: nothing but the input remains");
}

#[test]
fn sigint_during_score_leaves_no_partial_output() {
    interrupted_score_leaves_nothing("-INT");
}

#[test]
fn sigterm_during_score_leaves_no_partial_output() {
    interrupted_score_leaves_nothing("-TERM");
}
