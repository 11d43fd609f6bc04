//! The one error type of osteomir.
//!
//! Every fallible function of the library returns [`Result`]. Each variant carries the values a user
//! needs to fix their input (file, line, column, the offending value). [`Error::exit_code`] maps
//! variants to the process exit codes of the command-line contract: 2 for bad input or usage, 1 for
//! an internal error. The match is exhaustive, so a new variant forces a decision.

use std::path::PathBuf;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in osteomir.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned (`-` for stdin/stdout).
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A cell, line or field of an input file is malformed.
    #[error("{path}: line {line}{}: {message}", column_suffix(.column))]
    Parse {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// 1-based column number and header name, when known.
        column: Option<(usize, String)>,
        /// What is wrong, quoting the offending value.
        message: String,
    },
    /// An input is well-formed but unusable (empty matrix, no samples, duplicate names...).
    #[error("{path}: {message}")]
    InvalidInput {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A signature file or definition is invalid.
    #[error("{source_name}: {message}")]
    InvalidSignature {
        /// The file or built-in name the signature came from.
        source_name: String,
        /// What is wrong (with the line when known).
        message: String,
    },
    /// A signature name that is neither built in nor a readable file.
    #[error("unknown signature '{name}': not a built-in signature name and not a file")]
    UnknownSignature {
        /// The name asked for.
        name: String,
    },
    /// Too few members of a signature are measured in the matrix.
    #[error(
        "signature '{signature}': {found} of {listed} members measured, coverage {coverage:.2} is below --min-coverage {needed:.2}"
    )]
    LowCoverage {
        /// The signature.
        signature: String,
        /// Members found in the matrix.
        found: usize,
        /// Members listed.
        listed: usize,
        /// found / listed.
        coverage: f64,
        /// The threshold asked for.
        needed: f64,
    },
    /// A command-line combination that cannot be honoured.
    #[error("{0}")]
    Usage(String),
    /// A broken internal invariant: a bug in osteomir.
    #[error("internal error: {0}")]
    Internal(String),
}

fn column_suffix(column: &Option<(usize, String)>) -> String {
    match column {
        Some((index, name)) if name.is_empty() => format!(", column {index}"),
        Some((index, name)) => format!(", column {index} ('{name}')"),
        None => String::new(),
    }
}

impl Error {
    /// The process exit code for this error: 2 for bad input or usage, 1 for a bug.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Io { .. }
            | Error::Parse { .. }
            | Error::InvalidInput { .. }
            | Error::InvalidSignature { .. }
            | Error::UnknownSignature { .. }
            | Error::LowCoverage { .. }
            | Error::Usage(_) => 2,
            Error::Internal(_) => 1,
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// An [`Error::InvalidInput`] for `path`.
    pub fn invalid(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            path: path.into(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_error_names_file_line_column_and_value() {
        let err = Error::Parse {
            path: "m.tsv".into(),
            line: 3,
            column: Some((4, "S3".into())),
            message: "'abc' is not a number".into(),
        };
        assert_eq!(
            err.to_string(),
            "m.tsv: line 3, column 4 ('S3'): 'abc' is not a number"
        );
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn internal_errors_exit_with_one() {
        assert_eq!(Error::Internal("x".into()).exit_code(), 1);
    }
}
