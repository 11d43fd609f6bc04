//! `osteomir ids`: resolve names, and check how a matrix's rows resolve.

use serde::Serialize;

use crate::error::Result;
use crate::io::matrix::{read_matrix, MatrixSource, ReadOptions};
use crate::io::warnings::Warnings;
use crate::matrix::InputKind;
use crate::mirna::harmonise::{self, HarmonisationReport};
use crate::mirna::members::{map_signature, MemberMapping};
use crate::mirna::{Release, Resolution, Resolver};
use crate::normalize;
use crate::signature::Signature;

/// Resolves each name as of `release` (22: the latest release that used a name wins).
pub fn resolve(names: &[String], release: Release) -> Result<Vec<Resolution>> {
    let resolver = Resolver::embedded()?;
    Ok(names
        .iter()
        .map(|n| resolver.resolve_as_of(n, release))
        .collect())
}

/// A validated request to check a matrix's identifiers.
#[derive(Debug, Clone)]
pub struct CheckConfig {
    /// Where the matrix comes from.
    pub source: MatrixSource,
    /// How to read it.
    pub read: ReadOptions,
    /// What the values are (decides the merge rule reported).
    pub input_kind: InputKind,
    /// Signatures whose coverage to report after harmonisation.
    pub signatures: Vec<Signature>,
}

/// One signature's coverage after harmonisation.
#[derive(Debug, Clone, Serialize)]
pub struct CheckedSignature {
    /// The signature.
    pub name: String,
    /// Members listed.
    pub listed: usize,
    /// Members measured.
    pub found: usize,
    /// found / listed.
    pub coverage: f64,
    /// Members not measured, as written.
    pub missing: Vec<String>,
    /// How each member resolved and the row it landed on.
    pub members: Vec<MemberMapping>,
}

/// The result of `ids check`.
#[derive(Debug, Clone, Serialize)]
pub struct CheckRun {
    /// The matrix.
    pub source: String,
    /// The kind used to pick the merge rule.
    pub input_kind: InputKind,
    /// Rows by status, release, level, merges, unresolved rows.
    pub ids: HarmonisationReport,
    /// Coverage of the signatures given.
    pub signatures: Vec<CheckedSignature>,
    /// Warnings, counted.
    pub warnings: Warnings,
}

/// Reads the matrix, harmonises its rows and maps the signatures.
pub fn check(config: &CheckConfig) -> Result<CheckRun> {
    let matrix = read_matrix(&config.source, config.read.clone())?;
    let (kind, _) = normalize::decide_kind(&matrix, config.input_kind, &Default::default());
    let resolver = Resolver::embedded()?;
    let h = harmonise::harmonise(&resolver, matrix, kind);
    let mut warnings = Warnings::default();
    harmonise::warn(&h.report, &mut warnings);
    let signatures = config
        .signatures
        .iter()
        .map(|s| {
            let (m, members) = map_signature(&resolver, s, &h.matrix.features);
            CheckedSignature {
                name: m.name.clone(),
                listed: m.listed,
                found: m.found(),
                coverage: m.coverage(),
                missing: m.missing.clone(),
                members,
            }
        })
        .collect();
    Ok(CheckRun {
        source: config.source.display_name(),
        input_kind: kind,
        ids: h.report,
        signatures,
        warnings,
    })
}
