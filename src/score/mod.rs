//! Per-sample signature scores.
//!
//! | method   | what it is                                           | matches            | file          |
//! |----------|------------------------------------------------------|--------------------|---------------|
//! | `zscore` | sum of signed per-feature z-scores / sqrt(k)          | GSVA 1.46 `zscore` | `zscore.rs`   |
//! | `ssgsea` | rank-weighted running-sum ES per sample; up - down    | GSVA 1.46 `ssgsea`, GSEApy 1.3 (`--compat`) | `ssgsea.rs` |
//! | `gsva`   | kernel CDF per feature, rank, max-deviation walk; up - down | GSVA 1.46 `gsva` | `gsva.rs` |
//! | `plage`  | first right singular vector of members' z, sign fixed | GSVA 1.46 `plage` (up to sign) | `plage.rs` |
//! | `singscore` | centred mean rank per sample, MAD dispersion; up - down | singscore (paper, no peer) | `singscore.rs` |
//! | `mean`   | mean of signed per-feature z-scores                   | baseline           | `mean.rs`     |
//!
//! When to use which: `ssgsea` and `singscore` score each sample on its own (adding samples changes
//! nothing; `--ssgsea-normalize range` gives that up for GSVA's scaling); `zscore`, `mean`, `plage`
//! and `gsva` standardise or estimate distributions across the samples scored together.
//!
//! Small sets: see [`sets`]: no usable member -> NA with a warning; one member -> scored, warned.
//!
//! Every method takes the expression matrix (features x samples, already normalised) and the
//! signatures mapped onto its rows, and returns a [`ScoreTable`] of signatures x samples plus one
//! [`SetReport`] per signature saying which members were used.

mod columns;
pub mod gsva;
mod gsva_kernel;
pub mod mean;
pub mod params;
pub mod plage;
pub mod rank;
pub mod sets;
pub mod singscore;
pub mod ssgsea;
pub mod zscore;

pub use params::{Compat, Kcdf, MethodParams, SsgseaNormalize};

use ndarray::{Array2, ArrayView2};
use serde::Serialize;

use crate::io::warnings::Warnings;
use crate::signature::MappedSignature;

/// The scoring methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// GSVA's combined z-score (Lee et al. 2008): standardise each feature across samples, sum the
    /// signed z of the k members, divide by sqrt(k).
    Zscore,
    /// Single-sample GSEA (Barbie et al. 2009) as in GSVA 1.46 / GSEApy 1.3.
    Ssgsea,
    /// GSVA (Hänzelmann et al. 2013) as in GSVA 1.46.
    Gsva,
    /// PLAGE (Tomfohr et al. 2005) as in GSVA 1.46, sign fixed.
    Plage,
    /// singscore (Foroutan et al. 2018).
    Singscore,
    /// Mean of signed standardised members.
    Mean,
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Method::Zscore => "zscore",
            Method::Ssgsea => "ssgsea",
            Method::Gsva => "gsva",
            Method::Plage => "plage",
            Method::Singscore => "singscore",
            Method::Mean => "mean",
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
    /// Per-sample dispersion of the members' ranks (singscore only), in sample order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dispersion: Option<Vec<f64>>,
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

/// Scores every mapped signature with `method` and default [`MethodParams`].
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
    score_with(
        expr,
        features,
        samples,
        signatures,
        method,
        &MethodParams::default(),
    )
}

/// Scores every mapped signature with `method` and its parameters `params`.
///
/// For `gsva` with [`Kcdf::Poisson`], `expr` must hold raw counts; [`Kcdf::Auto`] means Gaussian
/// here (the pipeline resolves it from the input kind).
pub fn score_with(
    expr: ArrayView2<'_, f64>,
    features: &[String],
    samples: &[String],
    signatures: &[MappedSignature],
    method: Method,
    params: &MethodParams,
) -> (ScoreTable, Warnings) {
    let (scores, reports, warnings) = match method {
        Method::Zscore => zscore::score(expr, features, signatures),
        Method::Ssgsea => ssgsea::score(expr, features, signatures, params),
        Method::Gsva => gsva::score(expr, features, signatures, params),
        Method::Plage => plage::score(expr, features, signatures),
        Method::Singscore => singscore::score(expr, features, signatures),
        Method::Mean => mean::score(expr, features, signatures),
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
