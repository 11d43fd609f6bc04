//! Reading one matrix the way every command does: load, decide the input kind, harmonise the row
//! ids (miRBase mode), normalise; then map signatures onto the rows.
//!
//! `score`, `report`, `bench` and `model` share this so that a signature reaches the same rows, and
//! the same normalised values, whichever command scores it.

use ndarray::Array2;

use crate::error::Result;
use crate::io::matrix::{load_matrix, InputFormat, MatrixSource, ReadOptions};
use crate::io::warnings::Warnings;
use crate::matrix::{ExpressionMatrix, InputKind};
use crate::mirna::harmonise::{self, HarmonisationReport, IdMode};
use crate::mirna::members::{map_signature, MemberMapping};
use crate::mirna::Resolver;
use crate::normalize::{self, Normalisation, NormalizeOptions};
use crate::signature::{map_onto, MappedSignature, Signature};

/// How to read and prepare one matrix.
#[derive(Debug, Clone)]
pub struct InputRequest {
    /// Where the matrix comes from.
    pub source: MatrixSource,
    /// How to read it.
    pub read: ReadOptions,
    /// What the values are (`auto` detects).
    pub input_kind: InputKind,
    /// How to normalise them.
    pub normalize: NormalizeOptions,
    /// How row ids and member names are matched.
    pub id_mode: IdMode,
}

impl InputRequest {
    /// A request with the default reading, normalisation and miRBase id matching.
    pub fn new(source: MatrixSource, read: ReadOptions, input_kind: InputKind) -> Self {
        InputRequest {
            source,
            read,
            input_kind,
            normalize: NormalizeOptions::default(),
            id_mode: IdMode::default(),
        }
    }
}

/// A matrix read, harmonised and normalised, with what was done to it.
#[derive(Debug)]
pub struct PreparedInput {
    /// The normalised matrix (rows: accessions in miRBase mode, ids as read in exact mode).
    pub matrix: ExpressionMatrix,
    /// Display names of the rows (v22 names after harmonisation).
    pub labels: Vec<String>,
    /// The resolver used for the rows (miRBase mode), needed to map signature members.
    pub resolver: Option<Resolver>,
    /// Rows read, before harmonisation and filtering.
    pub n_features_read: usize,
    /// Columns read.
    pub n_samples_read: usize,
    /// The file format read.
    pub format: InputFormat,
    /// Why that format.
    pub format_detection: String,
    /// Kind detection and transformation.
    pub normalisation: Normalisation,
    /// Identifier harmonisation (miRBase mode).
    pub ids: Option<HarmonisationReport>,
    /// The harmonised values before normalisation, when asked for (raw counts for GSVA's
    /// Poisson kernel).
    pub raw: Option<Array2<f64>>,
    /// Reading, harmonisation and normalisation warnings, counted.
    pub warnings: Warnings,
}

/// Reads and prepares the matrix of `request`. `keep_raw` is told the decided input kind and
/// answers whether the harmonised values before normalisation are to be kept (it may refuse the
/// kind with an error).
pub fn prepare_input(
    request: &InputRequest,
    keep_raw: impl FnOnce(InputKind) -> Result<bool>,
) -> Result<PreparedInput> {
    let mut read = request.read.clone();
    read.prefer_ct |= request.input_kind == InputKind::Ct;
    let loaded = load_matrix(&request.source, &read)?;
    let matrix = loaded.matrix;
    let (n_features_read, n_samples_read) = (matrix.n_features(), matrix.n_samples());
    let mut warnings = loaded.warnings;
    let source_name = request.source.display_name();
    let mut options = request.normalize.clone();
    if loaded.format == InputFormat::Ct {
        options.kind_hint = Some((InputKind::Ct, "read as a qPCR Ct table".into()));
    }
    // Order matters: the kind is decided on the values as read (harmonisation sums counts but not
    // log values), library sizes are taken before rows are merged or dropped, and log2 CPM is
    // applied to the harmonised counts.
    let decided = normalize::decide_kind(&matrix, request.input_kind, &options);
    if request.input_kind == InputKind::Auto {
        options.kind_hint = Some(decided.clone());
    }
    let (mut matrix, labels, resolver, ids) = match request.id_mode {
        IdMode::Exact => {
            let labels = matrix.features.clone();
            (matrix, labels, None, None)
        }
        IdMode::Mirbase => {
            let resolver = Resolver::embedded()?;
            if decided.0 == InputKind::Counts {
                options.library = Some(normalize::library_sizes(&matrix, source_name.as_ref())?);
            }
            let h = harmonise::harmonise(&resolver, matrix, decided.0);
            harmonise::warn(&h.report, &mut warnings);
            (h.matrix, h.names, Some(resolver), Some(h.report))
        }
    };
    let raw = keep_raw(decided.0)?.then(|| matrix.values.clone());
    let normalisation = normalize::prepare_with(
        &mut matrix,
        request.input_kind,
        &options,
        source_name.as_ref(),
        &mut warnings,
    )?;
    Ok(PreparedInput {
        matrix,
        labels,
        resolver,
        n_features_read,
        n_samples_read,
        format: loaded.format,
        format_detection: loaded.detection,
        normalisation,
        ids,
        raw,
        warnings,
    })
}

impl PreparedInput {
    /// Maps `signatures` onto the rows (by accession in miRBase mode, verbatim otherwise),
    /// warning about member names that did not resolve to an accession.
    pub fn map(
        &self,
        signatures: &[Signature],
        warnings: &mut Warnings,
    ) -> (Vec<MappedSignature>, Vec<Vec<MemberMapping>>) {
        let (mapped, member_ids): (Vec<_>, Vec<_>) = signatures
            .iter()
            .map(|s| match &self.resolver {
                None => (map_onto(s, &self.matrix.features), Vec::new()),
                Some(r) => map_signature(r, s, &self.matrix.features),
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
        (mapped, member_ids)
    }
}
