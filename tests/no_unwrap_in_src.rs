//! No `unwrap`/`expect`/`panic!` on user-data paths: library and binary code outside test modules
//! may not call them, except the justified exceptions listed here.

use std::fs;
use std::path::Path;

/// (file suffix, code fragment, why it cannot fail on user data)
const ALLOWED: &[(&str, &str, &str)] = &[];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn library_code_has_no_unwrap_expect_or_panic() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files.sort();
    let mut offenders = Vec::new();
    for file in &files {
        // Test-only module files (declared `#[cfg(test)] mod x_tests;`) are exempt.
        if file.to_string_lossy().ends_with("tests.rs") {
            continue;
        }
        let text = fs::read_to_string(file).unwrap();
        // Test modules sit at the end of a file, after `#[cfg(test)]`.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (i, line) in code.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            for pattern in [
                ".unwrap()",
                ".expect(",
                "panic!(",
                "unreachable!(",
                "todo!(",
                "unimplemented!(",
            ] {
                if line.contains(pattern) {
                    let name = file.to_string_lossy();
                    let allowed = ALLOWED
                        .iter()
                        .any(|(f, frag, _)| name.ends_with(f) && line.contains(frag));
                    if !allowed {
                        offenders.push(format!("{}:{}: {}", name, i + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "unwrap/expect/panic in library code:\n{}",
        offenders.join("\n")
    );
}
