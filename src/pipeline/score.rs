//! `osteomir score`: read, normalise, map signatures, score.

use serde::Serialize;

use super::input::{prepare_input, InputRequest, PreparedInput};
use crate::error::{Error, Result};
use crate::io::matrix::{InputFormat, MatrixSource, ReadOptions};
use crate::io::warnings::Warnings;
use crate::matrix::{ExpressionMatrix, InputKind};
use crate::mirna::harmonise::{HarmonisationReport, IdMode};
use crate::mirna::members::MemberMapping;
use crate::normalize::{Normalisation, NormalizeOptions};
use crate::score::{self, Kcdf, Method, MethodParams, ScoreTable};
use crate::signature::{MappedSignature, Signature};

/// A validated request to score a matrix.
#[derive(Debug, Clone)]
pub struct ScoreConfig {
    /// Where the matrix comes from.
    pub source: MatrixSource,
    /// How to read it.
    pub read: ReadOptions,
    /// What the values are (`auto` detects).
    pub input_kind: InputKind,
    /// How to normalise them.
    pub normalize: NormalizeOptions,
    /// The signatures to score, in output order.
    pub signatures: Vec<Signature>,
    /// The scoring method.
    pub method: Method,
    /// Refuse a signature whose measured share of members is below this (0..=1).
    pub min_coverage: f64,
    /// How row ids and member names are matched (miRBase accessions or verbatim).
    pub id_mode: IdMode,
    /// Parameters of the method (alpha, kcdf, ...).
    pub params: MethodParams,
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
        self.params.validate()
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
    /// The file format read.
    pub format: InputFormat,
    /// Why that format (empty when given by `--input-format`).
    pub format_detection: String,
    /// Kind detection and transformation.
    pub normalisation: Normalisation,
    /// Identifier harmonisation (`--id-mode mirbase`; absent in exact mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ids: Option<HarmonisationReport>,
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
    /// Per-sample dispersion of the members' ranks (singscore only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dispersion: Option<Vec<f64>>,
    /// One score per sample, in the order of [`ScoreRun::samples`] (null = NA).
    pub scores: Vec<f64>,
    /// How each member's name resolved (`--id-mode mirbase` only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub member_ids: Vec<MemberMapping>,
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
    /// The method's parameters, with `kcdf` resolved (gsva).
    pub params: MethodParams,
    /// Sample names in input order.
    pub samples: Vec<String>,
    /// One entry per signature, in the order asked.
    pub signatures: Vec<SignatureResult>,
    /// Everything worth a warning, counted.
    pub warnings: Warnings,
    /// The score table (signatures x samples), for writers.
    #[serde(skip)]
    pub table: ScoreTable,
    /// The signatures as mapped onto the rows of the scored matrix (for reports).
    #[serde(skip)]
    pub mapped: Vec<MappedSignature>,
    /// Display names of the scored matrix's rows (v22 names after harmonisation).
    #[serde(skip)]
    pub labels: Vec<String>,
}

/// Runs a score request.
pub fn run(config: &ScoreConfig) -> Result<ScoreRun> {
    run_with_matrix(config).map(|(run, _)| run)
}

/// Runs a score request and also returns the matrix as scored (after normalisation), for
/// commands that need the values themselves (`report`: heatmap, random-signature null).
pub fn run_with_matrix(config: &ScoreConfig) -> Result<(ScoreRun, ExpressionMatrix)> {
    config.validate()?;
    let request = InputRequest {
        source: config.source.clone(),
        read: config.read.clone(),
        input_kind: config.input_kind,
        normalize: config.normalize.clone(),
        id_mode: config.id_mode,
    };
    // GSVA's Poisson kernel needs the raw counts (harmonised, before log2 CPM): keep a copy.
    let mut params = config.params;
    let mut prepared = prepare_input(&request, |kind| {
        let counts_input = kind == InputKind::Counts;
        if config.method == Method::Gsva {
            params.kcdf = match (params.kcdf, counts_input) {
                (Kcdf::Auto, true) => Kcdf::Poisson,
                (Kcdf::Auto, false) => Kcdf::Gaussian,
                (Kcdf::Poisson, false) => {
                    return Err(Error::Usage(format!(
                        "--kcdf poisson needs raw counts, but the input is {kind} (use --input-kind counts, or --kcdf gaussian)"
                    )))
                }
                (k, _) => k,
            };
        }
        Ok(config.method == Method::Gsva && params.kcdf == Kcdf::Poisson)
    })?;
    let mut warnings = std::mem::take(&mut prepared.warnings);
    let (mapped, member_ids) = prepared.map(&config.signatures, &mut warnings);
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
    let PreparedInput {
        matrix,
        labels,
        raw,
        n_features_read,
        n_samples_read,
        format,
        format_detection,
        normalisation,
        ids,
        ..
    } = prepared;
    let values = raw.as_ref().map_or(matrix.view(), |r| r.view());
    let (table, score_warnings) = score::score_with(
        values,
        &labels,
        &matrix.samples,
        &mapped,
        config.method,
        &params,
    );
    warnings.extend(score_warnings);
    let signatures = mapped
        .iter()
        .zip(&table.reports)
        .zip(member_ids)
        .enumerate()
        .map(|(s, ((m, r), member_ids))| SignatureResult {
            name: m.name.clone(),
            listed: m.listed,
            found: m.found(),
            coverage: m.coverage(),
            missing: m.missing.clone(),
            n_up_used: r.n_up_used,
            n_down_used: r.n_down_used,
            dropped: r.dropped.clone(),
            combination: r.combination.clone(),
            dispersion: r.dispersion.clone(),
            scores: table.scores.row(s).to_vec(),
            member_ids,
        })
        .collect();
    let run = ScoreRun {
        osteomir_version: env!("CARGO_PKG_VERSION"),
        method: config.method,
        params,
        input: InputSummary {
            source: config.source.display_name(),
            n_features: n_features_read,
            n_samples: n_samples_read,
            format,
            format_detection,
            normalisation,
            ids,
        },
        samples: matrix.samples.clone(),
        signatures,
        warnings,
        table,
        mapped,
        labels,
    };
    Ok((run, matrix))
}
