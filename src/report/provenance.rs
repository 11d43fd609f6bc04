//! Where a report comes from: the build, every input file's SHA-256, the signatures' canonical
//! text hashes, every parameter with its value (defaults included), the seed and the command
//! line. No clock is read here: a timestamp enters only when the caller passes one
//! (`--timestamp`), so reruns are byte-identical.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The git commit osteomir was built from (`build.rs`), or `unknown`.
pub const GIT_COMMIT: &str = env!("OSTEOMIR_GIT_COMMIT");

/// Lower-case hex SHA-256 of `bytes`.
///
/// ```
/// assert_eq!(
///     osteomir::report::provenance::sha256_hex(b"abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputFile {
    /// `matrix`, `sample_sheet` or `signature_file`.
    pub role: &'static str,
    /// The path as given (or `<demo: ...>` for embedded data).
    pub path: String,
    /// Size in bytes, as read.
    pub bytes: usize,
    /// SHA-256 of the bytes as read (before decompression).
    pub sha256: String,
}

impl InputFile {
    /// Describes `bytes` read from `path`.
    pub fn new(role: &'static str, path: impl Into<String>, bytes: &[u8]) -> Self {
        Self {
            role,
            path: path.into(),
            bytes: bytes.len(),
            sha256: sha256_hex(bytes),
        }
    }
}

/// A signature used, by the hash of its canonical text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureHash {
    /// Signature name.
    pub name: String,
    /// SHA-256 of its canonical text.
    pub sha256: String,
}

/// Every parameter of the run, defaults included.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameters {
    /// Scoring method.
    pub method: String,
    /// `auto`, `counts` or `log` as asked.
    pub input_kind: String,
    /// Samples as rows.
    pub samples_as_rows: bool,
    /// Minimum share of members measured.
    pub min_coverage: f64,
    /// Conflicted members scored.
    pub include_conflicted: bool,
    /// Identifier matching (`exact`).
    pub id_mode: String,
    /// The sheet column, case and control labels.
    pub group_column: String,
    /// Case label.
    pub case: String,
    /// Control label.
    pub control: String,
    /// Barcode prefix matching (`sample`, `vial`) or null.
    pub match_barcode: Option<String>,
    /// Random signatures per signature.
    pub n_random: usize,
    /// Seed of the random-signature null.
    pub seed: u64,
    /// Mann-Whitney exactness rule.
    pub mwu_exact: String,
    /// Multiple-testing adjustment across signatures.
    pub p_adjust: String,
}

/// The provenance block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// Tool name.
    pub tool: &'static str,
    /// osteomir version.
    pub osteomir_version: &'static str,
    /// Git commit of the build, or `unknown`.
    pub git_commit: &'static str,
    /// The command line, argument by argument.
    pub argv: Vec<String>,
    /// Every parameter.
    pub parameters: Parameters,
    /// Every input file with its hash.
    pub inputs: Vec<InputFile>,
    /// Every signature used with the hash of its canonical text.
    pub signatures: Vec<SignatureHash>,
    /// What "canonical text" means.
    pub signature_canonical_form: &'static str,
    /// UTC time of the run, only with `--timestamp`.
    pub generated_at: Option<String>,
}

/// RFC 3339 UTC text (`2026-12-04T16:05:09Z`) of `secs` seconds after the Unix epoch.
///
/// ```
/// assert_eq!(osteomir::report::provenance::utc_text(0), "1970-01-01T00:00:00Z");
/// assert_eq!(osteomir::report::provenance::utc_text(951_782_400), "2000-02-29T00:00:00Z");
/// ```
pub fn utc_text(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
