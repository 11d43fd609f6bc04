//! `osteomir score`: read, normalise, map signatures, score.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::matrix::{load_matrix, InputFormat, MatrixSource, ReadOptions};
use crate::io::warnings::Warnings;
use crate::matrix::{ExpressionMatrix, InputKind};
use crate::mirna::harmonise::{self, HarmonisationReport, IdMode};
use crate::mirna::members::{map_signature, MemberMapping};
use crate::mirna::Resolver;
use crate::normalize::{self, Normalisation, NormalizeOptions};
use crate::score::{self, Kcdf, Method, MethodParams, ScoreTable};
use crate::signature::{map_onto, MappedSignature, Signature};

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
    let mut read = config.read.clone();
    read.prefer_ct |= config.input_kind == InputKind::Ct;
    let loaded = load_matrix(&config.source, &read)?;
    let matrix = loaded.matrix;
    let (n_features_read, n_samples_read) = (matrix.n_features(), matrix.n_samples());
    let mut warnings = loaded.warnings;
    let source_name = config.source.display_name();
    let mut normalize_options = config.normalize.clone();
    if loaded.format == InputFormat::Ct {
        normalize_options.kind_hint = Some((InputKind::Ct, "read as a qPCR Ct table".into()));
    }
    // Order matters: the kind is decided on the values as read (harmonisation sums counts but not
    // log values), library sizes are taken before rows are merged or dropped, and log2 CPM is
    // applied to the harmonised counts.
    let decided = normalize::decide_kind(&matrix, config.input_kind, &normalize_options);
    if config.input_kind == InputKind::Auto {
        normalize_options.kind_hint = Some(decided.clone());
    }
    let (mut matrix, labels, resolver, ids) = match config.id_mode {
        IdMode::Exact => {
            let labels = matrix.features.clone();
            (matrix, labels, None, None)
        }
        IdMode::Mirbase => {
            let resolver = Resolver::embedded()?;
            if decided.0 == InputKind::Counts {
                normalize_options.library =
                    Some(normalize::library_sizes(&matrix, source_name.as_ref())?);
            }
            let h = harmonise::harmonise(&resolver, matrix, decided.0);
            harmonise::warn(&h.report, &mut warnings);
            (h.matrix, h.names, Some(resolver), Some(h.report))
        }
    };
    // GSVA's Poisson kernel needs the raw counts (harmonised, before log2 CPM): keep a copy.
    let counts_input = decided.0 == InputKind::Counts;
    let mut params = config.params;
    if config.method == Method::Gsva {
        params.kcdf = match (params.kcdf, counts_input) {
            (Kcdf::Auto, true) => Kcdf::Poisson,
            (Kcdf::Auto, false) => Kcdf::Gaussian,
            (Kcdf::Poisson, false) => {
                return Err(Error::Usage(format!(
                    "--kcdf poisson needs raw counts, but the input is {} (use --input-kind counts, or --kcdf gaussian)",
                    decided.0
                )))
            }
            (k, _) => k,
        };
    }
    let raw = (config.method == Method::Gsva && params.kcdf == Kcdf::Poisson)
        .then(|| matrix.values.clone());
    let normalisation = normalize::prepare_with(
        &mut matrix,
        config.input_kind,
        &normalize_options,
        source_name.as_ref(),
        &mut warnings,
    )?;
    let (mapped, member_ids): (Vec<_>, Vec<_>) = config
        .signatures
        .iter()
        .map(|s| match &resolver {
            None => (map_onto(s, &matrix.features), Vec::new()),
            Some(r) => map_signature(r, s, &matrix.features),
        })
        .unzip();
    for (m, ids) in mapped.iter().zip(&member_ids) {
        let unresolved: Vec<String> = ids
            .iter()
            .filter(|i| !i.resolution.status.is_resolved())
            .map(|i| format!("{} ({})", i.resolution.query, i.resolution.status))
            .collect();
        if !unresolved.is_empty() {
            warnings.push(
                "ids_members_unresolved",
                unresolved.len(),
                format!(
                    "signature '{}': {} member name(s) not resolved to a miRBase v22 accession (matched verbatim only): {}",
                    m.name,
                    unresolved.len(),
                    unresolved.join(", ")
                ),
            );
        }
    }
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
            source: source_name,
            n_features: n_features_read,
            n_samples: n_samples_read,
            format: loaded.format,
            format_detection: loaded.detection,
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
