//! Messages on stderr (unless `--quiet`) and result writing for handlers.

use crate::io::warnings::Warnings;

/// Prints progress lines and warnings on stderr unless quiet.
#[derive(Debug, Clone, Copy)]
pub struct Stderr {
    quiet: bool,
}

impl Stderr {
    /// A reporter; `quiet` silences everything.
    pub fn new(quiet: bool) -> Self {
        Self { quiet }
    }

    /// One informational line.
    pub fn info(&self, line: &str) {
        if !self.quiet {
            eprintln!("osteomir: {line}");
        }
    }

    /// Every warning with its count.
    pub fn warnings(&self, warnings: &Warnings) {
        for w in warnings.iter() {
            self.info(&format!("warning [{} x{}]: {}", w.code, w.count, w.message));
        }
    }
}
