//! `osteomir de`: per-feature differential expression between two groups of a matrix.
//!
//! The matrix is read and normalised exactly as `score` does (counts -> log2(CPM + 1) with the
//! library size over all rows; log data as given); then the samples are joined to the sheet,
//! rows with a missing value among the compared samples are left out (counted warning), and
//! limma's moderated t ([`crate::stats::moderated_t`]) and optionally Welch and Mann-Whitney are
//! computed per feature.

use std::path::PathBuf;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::matrix::{read_matrix, MatrixSource, ReadOptions};
use crate::io::sample_sheet::{GroupSpec, Groups, SampleSheet};
use crate::io::warnings::Warnings;
use crate::matrix::InputKind;
use crate::normalize::{self, Normalisation};
use crate::pipeline::group_test::{row_tests, small_group_warnings, TestOptions, TestRow};
use crate::stats::moderated_t::{moderated_t, ModeratedRow};

/// Which tests `de` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum DeTest {
    /// limma moderated t (columns feature logfc ave_expr t p p_bh b).
    Limma,
    /// Welch t test (welch_t welch_df welch_p welch_p_bh).
    Welch,
    /// Mann-Whitney U (mwu_u mwu_p mwu_p_bh).
    Mwu,
}

/// A validated `de` request.
#[derive(Debug, Clone)]
pub struct DeConfig {
    /// The matrix.
    pub source: MatrixSource,
    /// How to read it.
    pub read: ReadOptions,
    /// What the values are.
    pub input_kind: InputKind,
    /// The sample sheet.
    pub sheet: PathBuf,
    /// Groups compared.
    pub groups: GroupSpec,
    /// Tests to run, output order: limma, welch, mwu.
    pub tests: Vec<DeTest>,
    /// Options of Welch/MWU.
    pub options: TestOptions,
}

/// limma's fitted hyperparameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LimmaSummary {
    /// Residual df per feature.
    pub df_residual: f64,
    /// Prior df (null = infinite).
    pub df_prior: f64,
    /// Prior variance s0².
    pub s2_prior: f64,
    /// Prior variance of the coefficient (B statistic).
    pub var_prior: f64,
}

/// The result of `de`.
#[derive(Debug, Clone, Serialize)]
pub struct DeRun {
    /// osteomir version.
    pub osteomir_version: &'static str,
    /// The matrix read.
    pub source: String,
    /// Kind detection and transformation.
    pub normalisation: Normalisation,
    /// Groups compared.
    pub groups: GroupSpec,
    /// Tests run.
    pub tests: Vec<DeTest>,
    /// Cases.
    pub n_case: usize,
    /// Controls.
    pub n_control: usize,
    /// Feature ids, output order.
    pub features: Vec<String>,
    /// limma rows (when run).
    pub limma: Option<Vec<ModeratedRow>>,
    /// limma hyperparameters (when run).
    pub limma_fit: Option<LimmaSummary>,
    /// Welch/MWU rows (when run).
    pub tests_rows: Option<Vec<TestRow>>,
    /// Warnings, counted.
    pub warnings: Warnings,
}

/// Runs a `de` request.
pub fn run(config: &DeConfig) -> Result<DeRun> {
    if config.tests.is_empty() {
        return Err(Error::Usage(
            "--tests: name at least one of limma, welch, mwu".into(),
        ));
    }
    let mut matrix = read_matrix(&config.source, config.read.clone())?;
    let name = config.source.display_name();
    let normalisation = normalize::prepare(&mut matrix, config.input_kind, name.as_ref())?;
    let sheet = SampleSheet::read(&config.sheet)?;
    let mut warnings = Warnings::default();
    let all = sheet.assign(
        &matrix.samples,
        name.as_ref(),
        &config.groups,
        &mut warnings,
    )?;
    small_group_warnings(&all, &mut warnings);
    // keep the compared samples, cases first then controls, and complete rows only
    let cols: Vec<usize> = all.case.iter().chain(&all.control).copied().collect();
    let n_rows = matrix.n_features();
    let complete: Vec<usize> = (0..n_rows)
        .filter(|&i| {
            let row = matrix.values.row(i);
            cols.iter().all(|&j| !row[j].is_nan())
        })
        .collect();
    if complete.len() < n_rows {
        let n = n_rows - complete.len();
        warnings.push(
            "incomplete_rows",
            n,
            format!("{n} features with a missing value among the compared samples are left out"),
        );
    }
    if complete.is_empty() {
        return Err(Error::invalid(
            name.as_str(),
            "no feature has values for every compared sample",
        ));
    }
    // In the matrix's own buffer: no second full-size copy.
    let subset = matrix.into_subset(&complete, &cols)?;
    let x = subset.values;
    let features = subset.features;
    let n1 = all.case.len();
    let groups = Groups {
        case: (0..n1).collect(),
        control: (n1..cols.len()).collect(),
        left_out: all.left_out.clone(),
    };
    let (limma, limma_fit) = if config.tests.contains(&DeTest::Limma) {
        let is_case: Vec<bool> = (0..cols.len()).map(|j| j < n1).collect();
        let fit = moderated_t(x.view(), &is_case).ok_or_else(|| {
            Error::invalid(
                name.as_str(),
                format!(
                    "limma needs a case and a control and at least 3 samples in all (have {} cases, {} controls)",
                    n1,
                    cols.len() - n1
                ),
            )
        })?;
        if fit.n_zero_variance > 0 {
            warnings.push(
                "zero_variance",
                fit.n_zero_variance,
                format!(
                    "{} features have zero residual variance; as limma does, their variance is floored at 1e-5 x the median (filter unexpressed miRNAs first for a reliable prior)",
                    fit.n_zero_variance
                ),
            );
        }
        let summary = LimmaSummary {
            df_residual: fit.df_residual,
            df_prior: fit.df_prior,
            s2_prior: fit.s2_prior,
            var_prior: fit.var_prior,
        };
        (Some(fit.rows), Some(summary))
    } else {
        (None, None)
    };
    let tests_rows = if config.tests.iter().any(|t| *t != DeTest::Limma) {
        Some(row_tests(x.view(), &features, &groups, &config.options).0)
    } else {
        None
    };
    Ok(DeRun {
        osteomir_version: env!("CARGO_PKG_VERSION"),
        source: name,
        normalisation,
        groups: config.groups.clone(),
        tests: config.tests.clone(),
        n_case: n1,
        n_control: cols.len() - n1,
        features,
        limma,
        limma_fit,
        tests_rows,
        warnings,
    })
}
