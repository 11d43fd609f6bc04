//! `osteomir bench`: benchmark signatures x methods on one or more labelled cohorts.
//!
//! Each cohort is read and normalised exactly as `score` does, joined to its sample sheet, and
//! cut to the compared samples (cases first). Every signature x method gets a row per cohort
//! ([`crate::bench::evaluate`]); with two or more cohorts a `pooled` row follows with the
//! DerSimonian-Laird random-effects AUC ([`crate::bench::pool`]).

use std::path::PathBuf;

use ndarray::Axis;
use serde::Serialize;

use super::input::{prepare_input, InputRequest};
use crate::bench::null::MatchedNull;
use crate::bench::pool::dersimonian_laird;
use crate::bench::{evaluate, BenchOptions, BenchRow, Cohort};
use crate::error::{Error, Result};
use crate::io::matrix::{MatrixSource, ReadOptions};
use crate::io::sample_sheet::{GroupSpec, SampleSheet};
use crate::io::warnings::Warnings;
use crate::matrix::InputKind;
use crate::mirna::IdMode;
use crate::score::Method;
use crate::signature::{MappedSignature, Signature};

/// Default number of random signatures per signature x method.
pub const DEFAULT_RANDOM: usize = 1000;
/// Default seed of the random signatures.
pub const DEFAULT_SEED: u64 = 20240917;

/// One labelled cohort to read.
#[derive(Debug, Clone)]
pub struct CohortSource {
    /// Name written in the `cohort` column.
    pub name: String,
    /// The matrix.
    pub matrix: MatrixSource,
    /// The sample sheet.
    pub sheet: PathBuf,
}

/// A validated `bench` request.
#[derive(Debug, Clone)]
pub struct BenchConfig {
    /// Cohorts, output order.
    pub cohorts: Vec<CohortSource>,
    /// How to read the matrices.
    pub read: ReadOptions,
    /// What the values are.
    pub input_kind: InputKind,
    /// Which samples are compared (same column and labels in every sheet).
    pub groups: GroupSpec,
    /// Signatures, output order.
    pub signatures: Vec<Signature>,
    /// Methods, output order within a signature.
    pub methods: Vec<Method>,
    /// Random signatures and seed.
    pub options: BenchOptions,
    /// How row ids and member names are matched.
    pub id_mode: IdMode,
}

/// The result of `bench`.
#[derive(Debug, Clone, Serialize)]
pub struct BenchRun {
    /// osteomir version.
    pub osteomir_version: &'static str,
    /// Groups compared.
    pub groups: GroupSpec,
    /// Random signatures per row.
    pub n_random: usize,
    /// Their seed.
    pub seed: u64,
    /// Rows: per signature, per method, each cohort then `pooled`.
    pub rows: Vec<BenchRow>,
    /// Warnings, counted.
    pub warnings: Warnings,
}

/// A cohort cut to its compared samples, with the signatures mapped onto its rows.
fn load(
    source: &CohortSource,
    config: &BenchConfig,
    warnings: &mut Warnings,
) -> Result<(Cohort, Vec<MappedSignature>)> {
    let mut request = InputRequest::new(
        source.matrix.clone(),
        config.read.clone(),
        config.input_kind,
    );
    request.id_mode = config.id_mode;
    let mut prepared = prepare_input(&request, |_| Ok(false))?;
    warnings.extend(std::mem::take(&mut prepared.warnings));
    let name = source.matrix.display_name();
    let sheet = SampleSheet::read(&source.sheet)?;
    let matrix = &prepared.matrix;
    let groups = sheet.assign(&matrix.samples, name.as_ref(), &config.groups, warnings)?;
    if groups.case.is_empty() || groups.control.is_empty() {
        return Err(Error::invalid(
            &source.sheet,
            format!(
                "cohort '{}': need at least one case and one control in the matrix (have {} and {})",
                source.name,
                groups.case.len(),
                groups.control.len()
            ),
        ));
    }
    let (mapped, _) = prepared.map(&config.signatures, warnings);
    let cols: Vec<usize> = groups.case.iter().chain(&groups.control).copied().collect();
    let cohort = Cohort {
        name: source.name.clone(),
        features: prepared.labels.clone(),
        samples: cols.iter().map(|&j| matrix.samples[j].clone()).collect(),
        values: matrix.values.select(Axis(1), &cols),
        n_case: groups.case.len(),
    };
    Ok((cohort, mapped))
}

/// Runs a `bench` request.
pub fn run(config: &BenchConfig) -> Result<BenchRun> {
    if config.cohorts.is_empty() {
        return Err(Error::Usage(
            "bench: give a MATRIX or --cohort NAME=MATRIX:SHEET".into(),
        ));
    }
    if config.methods.is_empty() {
        return Err(Error::Usage("--method: name at least one method".into()));
    }
    if config.signatures.is_empty() {
        return Err(Error::Usage("no signature to benchmark".into()));
    }
    let mut warnings = Warnings::default();
    let mut per_cohort: Vec<Vec<BenchRow>> = Vec::new();
    for source in &config.cohorts {
        let (cohort, mapped_all) = load(source, config, &mut warnings)?;
        let null = MatchedNull::new(cohort.values.view());
        let mut rows = Vec::new();
        for (sig, mapped) in config.signatures.iter().zip(mapped_all) {
            if !mapped.missing.is_empty() {
                warnings.push(
                    "missing_members",
                    mapped.missing.len(),
                    format!(
                        "cohort '{}', signature '{}': {} of {} members not measured",
                        cohort.name,
                        sig.name,
                        mapped.missing.len(),
                        mapped.listed
                    ),
                );
            }
            for &method in &config.methods {
                rows.push(evaluate(&cohort, &null, &mapped, method, config.options));
            }
        }
        per_cohort.push(rows);
    }
    let per_row = per_cohort[0].len();
    let mut rows = Vec::new();
    for i in 0..per_row {
        for c in &per_cohort {
            rows.push(c[i].clone());
        }
        if per_cohort.len() >= 2 {
            let studies: Vec<(f64, f64)> = per_cohort
                .iter()
                .map(|c| (c[i].auc, c[i].auc_var))
                .collect();
            let first = &per_cohort[0][i];
            let pooled = dersimonian_laird(&studies);
            if pooled.is_none() {
                warnings.push(
                    "not_pooled",
                    1,
                    format!(
                        "signature '{}' ({}): fewer than two cohorts with a DeLong variance; pooled AUC is NA",
                        first.signature, first.method
                    ),
                );
            }
            let p = pooled.map_or((f64::NAN, f64::NAN, f64::NAN, f64::NAN), |p| {
                (p.estimate, p.var, p.ci_lo, p.ci_hi)
            });
            rows.push(BenchRow {
                cohort: "pooled".into(),
                signature: first.signature.clone(),
                method: first.method,
                n_case: per_cohort.iter().map(|c| c[i].n_case).sum(),
                n_control: per_cohort.iter().map(|c| c[i].n_control).sum(),
                coverage: f64::NAN,
                auc: p.0,
                auc_var: p.1,
                auc_ci_lo: p.2,
                auc_ci_hi: p.3,
                p_mwu: f64::NAN,
                p_random: f64::NAN,
                direction_concordance: f64::NAN,
            });
        }
    }
    Ok(BenchRun {
        osteomir_version: env!("CARGO_PKG_VERSION"),
        groups: config.groups.clone(),
        n_random: config.options.n_random,
        seed: config.options.seed,
        rows,
        warnings,
    })
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        "NA".into()
    }
}

/// The TSV table of the contract (header + one line per row).
pub fn tsv(run: &BenchRun) -> Vec<u8> {
    let mut out = String::from(
        "cohort\tsignature\tmethod\tn_case\tn_control\tcoverage\tauc\tauc_ci_lo\tauc_ci_hi\tp_mwu\tp_random\tdirection_concordance\n",
    );
    for r in &run.rows {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            r.cohort,
            r.signature,
            r.method,
            r.n_case,
            r.n_control,
            num(r.coverage),
            num(r.auc),
            num(r.auc_ci_lo),
            num(r.auc_ci_hi),
            num(r.p_mwu),
            num(r.p_random),
            num(r.direction_concordance)
        ));
    }
    out.into_bytes()
}
