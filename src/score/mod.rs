//! Per-sample signature scores.
//!
//! | method   | what it is                                           | matches            | file          |
//! |----------|------------------------------------------------------|--------------------|---------------|
//! | `zscore` | sum of signed per-feature z-scores / sqrt(k)          | GSVA 1.46 `zscore` | `zscore.rs`   |
//!
//! Every method takes the expression matrix (features x samples, already normalised) and the
//! signatures mapped onto its rows, and returns a [`ScoreTable`] of signatures x samples plus one
//! [`SetReport`] per signature saying which members were used.

pub mod zscore;

use ndarray::{Array2, ArrayView2};
use serde::Serialize;

use crate::io::warnings::Warnings;
use crate::signature::MappedSignature;

/// The scoring methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// GSVA's combined z-score (Lee et al. 2008): standardise each feature across samples, sum the
    /// signed z of the k members, divide by sqrt(k).
    Zscore,
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Method::Zscore => "zscore",
        })
    }
}

/// What a method did with one signature.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetReport {
    /// The signature.
    pub name: String,
    /// Members that entered the score with direction up.
    pub n_up_used: usize,
    /// Members that entered the score with direction down.
    pub n_down_used: usize,
    /// Measured members left out by the method (constant or incomplete rows), by row id.
    pub dropped: Vec<String>,
    /// How up and down members were combined, in words.
    pub combination: String,
}

/// Scores of signatures (rows) for samples (columns).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreTable {
    /// Signature names, one per row of `scores`.
    pub signatures: Vec<String>,
    /// Sample names, one per column of `scores`.
    pub samples: Vec<String>,
    /// signatures x samples.
    pub scores: Array2<f64>,
    /// One report per signature.
    pub reports: Vec<SetReport>,
}

/// Scores every mapped signature with `method`.
///
/// `features` names the rows of `expr` (for the reports); `samples` its columns.
///
/// ```
/// # fn main() -> osteomir::Result<()> {
/// use osteomir::score::{score, Method};
/// use osteomir::signature::{map_onto, Direction, Member, Signature};
/// let features: Vec<String> = vec!["a".into(), "b".into()];
/// let samples: Vec<String> = vec!["s1".into(), "s2".into(), "s3".into()];
/// let expr = ndarray::array![[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]];
/// let sig = Signature::new("risk", vec![
///     Member::new("a", Direction::Up),
///     Member::new("b", Direction::Down),
/// ], "example")?;
/// let mapped = vec![map_onto(&sig, &features)];
/// let (table, _warnings) = score(expr.view(), &features, &samples, &mapped, Method::Zscore);
/// assert!((table.scores[[0, 2]] - 2.0 / 2f64.sqrt()).abs() < 1e-12);
/// # Ok(()) }
/// ```
pub fn score(
    expr: ArrayView2<'_, f64>,
    features: &[String],
    samples: &[String],
    signatures: &[MappedSignature],
    method: Method,
) -> (ScoreTable, Warnings) {
    let (scores, reports, warnings) = match method {
        Method::Zscore => zscore::score(expr, features, signatures),
    };
    (
        ScoreTable {
            signatures: signatures.iter().map(|s| s.name.clone()).collect(),
            samples: samples.to_vec(),
            scores,
            reports,
        },
        warnings,
    )
}
