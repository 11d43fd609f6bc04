//! `osteomir score`: read, normalise, map signatures, score.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::matrix::{read_matrix, MatrixSource, ReadOptions};
use crate::io::warnings::Warnings;
use crate::matrix::{ExpressionMatrix, InputKind};
use crate::normalize::{self, Normalisation};
use crate::score::{self, Method, ScoreTable};
use crate::signature::{map_onto, Signature};

/// A validated request to score a matrix.
#[derive(Debug, Clone)]
pub struct ScoreConfig {
    /// Where the matrix comes from.
    pub source: MatrixSource,
    /// How to read it.
    pub read: ReadOptions,
    /// What the values are (`auto` detects).
    pub input_kind: InputKind,
    /// The signatures to score, in output order.
    pub signatures: Vec<Signature>,
    /// The scoring method.
    pub method: Method,
    /// Refuse a signature whose measured share of members is below this (0..=1).
    pub min_coverage: f64,
}

impl ScoreConfig {
    /// Checks the parts that do not need the data.
    pub fn validate(&self) -> Result<()> {
        if !(0.0..=1.0).contains(&self.min_coverage) {
            return Err(Error::Usage(format!(
                "--min-coverage must be between 0 and 1, got {}",
                self.min_coverage
            )));
        }
        if self.signatures.is_empty() {
            return Err(Error::Usage("no signature to score".into()));
        }
        Ok(())
    }
}

/// What the input was and what was done to it.
#[derive(Debug, Clone, Serialize)]
pub struct InputSummary {
    /// The matrix file (or the demo).
    pub source: String,
    /// Rows read.
    pub n_features: usize,
    /// Columns read.
    pub n_samples: usize,
    /// Kind detection and transformation.
    pub normalisation: Normalisation,
}

/// One signature's coverage, use and scores.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureResult {
    /// The signature.
    pub name: String,
    /// Members listed.
    pub listed: usize,
    /// Members measured in the matrix.
    pub found: usize,
    /// found / listed.
    pub coverage: f64,
    /// Members not measured, as written.
    pub missing: Vec<String>,
    /// Members used with direction up.
    pub n_up_used: usize,
    /// Members used with direction down.
    pub n_down_used: usize,
    /// Measured members the method left out (constant or incomplete rows).
    pub dropped: Vec<String>,
    /// How up and down members were combined.
    pub combination: String,
    /// One score per sample, in the order of [`ScoreRun::samples`] (null = NA).
    pub scores: Vec<f64>,
}

/// The result of a score run.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreRun {
    /// Version of osteomir that produced it.
    pub osteomir_version: &'static str,
    /// The method used.
    pub method: Method,
    /// The input.
    pub input: InputSummary,
    /// Sample names in input order.
    pub samples: Vec<String>,
    /// One entry per signature, in the order asked.
    pub signatures: Vec<SignatureResult>,
    /// Everything worth a warning, counted.
    pub warnings: Warnings,
    /// The score table (signatures x samples), for writers.
    #[serde(skip)]
    pub table: ScoreTable,
}

/// Runs a score request.
pub fn run(config: &ScoreConfig) -> Result<ScoreRun> {
    run_with_matrix(config).map(|(run, _)| run)
}

/// Runs a score request and also returns the matrix as scored (after normalisation), for
/// commands that need the values themselves (`report`: heatmap, random-signature null).
pub fn run_with_matrix(config: &ScoreConfig) -> Result<(ScoreRun, ExpressionMatrix)> {
    config.validate()?;
    let mut matrix = read_matrix(&config.source, config.read)?;
    let source_name = config.source.display_name();
    let normalisation = normalize::prepare(&mut matrix, config.input_kind, source_name.as_ref())?;
    let mut warnings = Warnings::default();
    let mapped: Vec<_> = config
        .signatures
        .iter()
        .map(|s| map_onto(s, &matrix.features))
        .collect();
    for m in &mapped {
        if m.coverage() < config.min_coverage || m.found() == 0 && config.min_coverage > 0.0 {
            return Err(Error::LowCoverage {
                signature: m.name.clone(),
                found: m.found(),
                listed: m.listed,
                coverage: m.coverage(),
                needed: config.min_coverage,
            });
        }
        if !m.missing.is_empty() {
            warnings.push(
                "missing_members",
                m.missing.len(),
                format!(
                    "signature '{}': {} of {} members not measured: {}",
                    m.name,
                    m.missing.len(),
                    m.listed,
                    m.missing.join(", ")
                ),
            );
        }
    }
    let (table, score_warnings) = score::score(
        matrix.view(),
        &matrix.features,
        &matrix.samples,
        &mapped,
        config.method,
    );
    warnings.extend(score_warnings);
    let signatures = mapped
        .iter()
        .zip(&table.reports)
        .enumerate()
        .map(|(s, (m, r))| SignatureResult {
            name: m.name.clone(),
            listed: m.listed,
            found: m.found(),
            coverage: m.coverage(),
            missing: m.missing.clone(),
            n_up_used: r.n_up_used,
            n_down_used: r.n_down_used,
            dropped: r.dropped.clone(),
            combination: r.combination.clone(),
            scores: table.scores.row(s).to_vec(),
        })
        .collect();
    let run = ScoreRun {
        osteomir_version: env!("CARGO_PKG_VERSION"),
        method: config.method,
        input: InputSummary {
            source: source_name,
            n_features: matrix.n_features(),
            n_samples: matrix.n_samples(),
            normalisation,
        },
        samples: matrix.samples.clone(),
        signatures,
        warnings,
        table,
    };
    Ok((run, matrix))
}
