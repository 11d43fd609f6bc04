//! `osteomir test`: two-group statistics per column of a score table.
//!
//! Reads the table (a `sample` column, then one numeric column per signature), joins a sample
//! sheet, and for every column computes Welch, Mann-Whitney, AUC with DeLong CI, effect sizes and
//! the Youden cut-point, optionally a bootstrap CI; p-values are adjusted over all columns.
//! Missing scores (NA) are left out of that column's tests and counted as a warning.

use std::path::PathBuf;

use ndarray::{Array1, ArrayView2, Axis};
use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::sample_sheet::{GroupSpec, Groups, SampleSheet};
use crate::io::warnings::Warnings;
use crate::matrix::ExpressionMatrix;
use crate::stats::mann_whitney::{mann_whitney_pooled, ExactRule, Pooled};
use crate::stats::p_adjust::{p_adjust, Adjust};
use crate::stats::roc::{self, BootstrapCi, PairedDelong};
use crate::stats::{effect, mean, welch};

/// The default seed of the bootstrap (recorded in the output).
pub const DEFAULT_SEED: u64 = 20_260_101;

/// Options of the per-row tests, shared by `test` and `de`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TestOptions {
    /// Extra adjustment besides BH (BH columns are always written).
    pub adjust: Adjust,
    /// When Mann-Whitney p-values are exact.
    pub mwu_exact: ExactRule,
    /// Bootstrap replicates for the AUC CI (none when `None`).
    pub bootstrap: Option<usize>,
    /// Seed of the bootstrap.
    pub seed: u64,
}

/// A validated `test` request.
#[derive(Debug, Clone)]
pub struct TestConfig {
    /// The score table.
    pub table: PathBuf,
    /// The sample sheet.
    pub sheet: PathBuf,
    /// Group column, values and matching.
    pub groups: GroupSpec,
    /// Test options.
    pub options: TestOptions,
    /// Two columns whose AUCs are compared by the paired DeLong test.
    pub paired_auc: Option<(String, String)>,
}

/// One column's statistics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestRow {
    /// Column (signature) name.
    pub signature: String,
    /// Cases with a value.
    pub n_case: usize,
    /// Controls with a value.
    pub n_control: usize,
    /// Mean of the cases.
    pub mean_case: f64,
    /// Mean of the controls.
    pub mean_control: f64,
    /// mean_case - mean_control.
    pub diff: f64,
    /// Welch t.
    pub welch_t: f64,
    /// Welch df.
    pub welch_df: f64,
    /// Welch two-sided p.
    pub welch_p: f64,
    /// Mann-Whitney U of the cases.
    pub mwu_u: f64,
    /// Mann-Whitney two-sided p.
    pub mwu_p: f64,
    /// P(case > control) + 0.5 P(tie).
    pub auc: f64,
    /// DeLong 95% lower bound.
    pub auc_ci_lo: f64,
    /// DeLong 95% upper bound.
    pub auc_ci_hi: f64,
    /// BH-adjusted Welch p.
    pub welch_p_bh: f64,
    /// BH-adjusted Mann-Whitney p.
    pub mwu_p_bh: f64,
    /// Welch p adjusted by `--adjust` (equals welch_p_bh for bh).
    pub welch_p_adj: f64,
    /// Mann-Whitney p adjusted by `--adjust`.
    pub mwu_p_adj: f64,
    /// Cohen's d.
    pub cohens_d: f64,
    /// Hedges' g.
    pub hedges_g: f64,
    /// Youden-optimal cut (case when score > cut).
    pub youden_cut: f64,
    /// Sensitivity at the cut.
    pub sensitivity: f64,
    /// Specificity at the cut.
    pub specificity: f64,
    /// Bootstrap CI, when asked.
    pub bootstrap: Option<BootstrapCi>,
}

/// The paired DeLong comparison of two columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairedResult {
    /// First column.
    pub first: String,
    /// Second column.
    pub second: String,
    /// Samples with both values (cases, controls).
    pub n_case: usize,
    /// Controls with both values.
    pub n_control: usize,
    /// The test (None when a group has fewer than 2 samples).
    pub test: Option<PairedDelong>,
}

/// The result of `test`.
#[derive(Debug, Clone, Serialize)]
pub struct TestRun {
    /// osteomir version.
    pub osteomir_version: &'static str,
    /// The table read.
    pub table: String,
    /// The sample sheet read.
    pub sheet: String,
    /// Groups compared.
    pub groups: GroupSpec,
    /// Options used (seed recorded even without bootstrap).
    pub options: TestOptions,
    /// Cases and controls by name, data order.
    pub case_samples: Vec<String>,
    /// Controls by name.
    pub control_samples: Vec<String>,
    /// One row per column, table order.
    pub rows: Vec<TestRow>,
    /// The paired comparison, when asked.
    pub paired_auc: Option<PairedResult>,
    /// Warnings, counted.
    pub warnings: Warnings,
}

/// Runs the per-row tests on `x` (rows x samples) for the given groups; p-values are adjusted
/// over the rows. Missing values are left out per row; the number of rows with any is returned.
pub fn row_tests(
    x: ArrayView2<f64>,
    names: &[String],
    groups: &Groups,
    options: &TestOptions,
) -> (Vec<TestRow>, usize) {
    let results: Vec<(TestRow, bool)> = (0..x.nrows())
        .into_par_iter()
        .map(|i| {
            let row = x.row(i);
            let pick = |idx: &[usize]| -> Array1<f64> {
                idx.iter()
                    .map(|&j| row[j])
                    .filter(|v| !v.is_nan())
                    .collect()
            };
            let (c, o) = (pick(&groups.case), pick(&groups.control));
            let had_na = c.len() < groups.case.len() || o.len() < groups.control.len();
            (one_row(&names[i], c, o, options), had_na)
        })
        .collect();
    let n_na = results.iter().filter(|(_, na)| *na).count();
    let mut rows: Vec<TestRow> = results.into_iter().map(|(r, _)| r).collect();
    let wp: Vec<f64> = rows.iter().map(|r| r.welch_p).collect();
    let mp: Vec<f64> = rows.iter().map(|r| r.mwu_p).collect();
    let (wbh, mbh) = (p_adjust(&wp, Adjust::Bh), p_adjust(&mp, Adjust::Bh));
    let (wadj, madj) = (p_adjust(&wp, options.adjust), p_adjust(&mp, options.adjust));
    for (k, r) in rows.iter_mut().enumerate() {
        r.welch_p_bh = wbh[k];
        r.mwu_p_bh = mbh[k];
        r.welch_p_adj = wadj[k];
        r.mwu_p_adj = madj[k];
    }
    (rows, n_na)
}

fn one_row(name: &str, c: Array1<f64>, o: Array1<f64>, options: &TestOptions) -> TestRow {
    let nan = f64::NAN;
    let (cv, ov) = (c.view(), o.view());
    let w = welch::welch(cv, ov);
    // One sort of the pooled values serves Mann-Whitney, DeLong and Youden.
    let pooled = Pooled::new(cv, ov);
    let u = mann_whitney_pooled(&pooled, options.mwu_exact);
    let a = roc::auc_delong_pooled(&pooled);
    let y = roc::youden_pooled(&pooled);
    let (mc, mo) = (mean(cv), mean(ov));
    TestRow {
        signature: name.to_string(),
        n_case: c.len(),
        n_control: o.len(),
        mean_case: mc,
        mean_control: mo,
        diff: mc - mo,
        welch_t: w.map_or(nan, |w| w.t),
        welch_df: w.map_or(nan, |w| w.df),
        welch_p: w.map_or(nan, |w| w.p),
        mwu_u: u.map_or(nan, |u| u.u),
        mwu_p: u.map_or(nan, |u| u.p),
        auc: a.map_or(nan, |a| a.auc),
        auc_ci_lo: a.map_or(nan, |a| a.ci_lo),
        auc_ci_hi: a.map_or(nan, |a| a.ci_hi),
        welch_p_bh: nan,
        mwu_p_bh: nan,
        welch_p_adj: nan,
        mwu_p_adj: nan,
        cohens_d: effect::cohens_d(cv, ov).unwrap_or(nan),
        hedges_g: effect::hedges_g(cv, ov).unwrap_or(nan),
        youden_cut: y.map_or(nan, |y| y.cut),
        sensitivity: y.map_or(nan, |y| y.sensitivity),
        specificity: y.map_or(nan, |y| y.specificity),
        bootstrap: options
            .bootstrap
            .and_then(|b| roc::bootstrap_auc_ci(cv, ov, b, options.seed)),
    }
}

/// Warns about groups too small for a test (n < 2 gives NA for Welch, DeLong and effect sizes).
pub fn small_group_warnings(groups: &Groups, warnings: &mut Warnings) {
    for (n, which) in [
        (groups.case.len(), "case"),
        (groups.control.len(), "control"),
    ] {
        if n < 2 {
            warnings.push(
                "small_group",
                n,
                format!("the {which} group has {n} sample(s): Welch, DeLong CI and effect sizes are NA (need 2)"),
            );
        }
    }
}

/// Runs a `test` request.
pub fn run(config: &TestConfig) -> Result<TestRun> {
    if config.options.bootstrap == Some(0) {
        return Err(Error::Usage("--bootstrap must be at least 1".into()));
    }
    let bytes = crate::io::read_source(&config.table)?;
    // A score table has samples as rows: read it with --samples-as-rows semantics.
    let table = crate::io::delimited::parse(bytes, &config.table)?.transposed();
    run_on(config, table, Warnings::default())
}

/// Runs a `test` request on score columns already in memory (`table`: columns as rows, samples
/// as columns), e.g. scores just computed from a matrix; `warnings` carries earlier warnings.
pub fn run_on(config: &TestConfig, table: ExpressionMatrix, warnings: Warnings) -> Result<TestRun> {
    if config.options.bootstrap == Some(0) {
        return Err(Error::Usage("--bootstrap must be at least 1".into()));
    }
    let mut warnings = warnings;
    let sheet = SampleSheet::read(&config.sheet)?;
    let groups = sheet.assign(&table.samples, &config.table, &config.groups, &mut warnings)?;
    small_group_warnings(&groups, &mut warnings);
    let (rows, n_na) = row_tests(table.view(), &table.features, &groups, &config.options);
    if n_na > 0 {
        warnings.push(
            "missing_scores",
            n_na,
            format!("{n_na} columns have missing values (NA); those samples are left out of that column's tests"),
        );
    }
    let paired_auc = match &config.paired_auc {
        None => None,
        Some((a, b)) => Some(paired(
            &table.features,
            table.view(),
            &groups,
            a,
            b,
            config,
        )?),
    };
    let names = |idx: &[usize]| idx.iter().map(|&j| table.samples[j].clone()).collect();
    Ok(TestRun {
        osteomir_version: env!("CARGO_PKG_VERSION"),
        table: config.table.display().to_string(),
        sheet: config.sheet.display().to_string(),
        groups: config.groups.clone(),
        options: config.options,
        case_samples: names(&groups.case),
        control_samples: names(&groups.control),
        rows,
        paired_auc,
        warnings,
    })
}

fn paired(
    features: &[String],
    x: ArrayView2<f64>,
    groups: &Groups,
    a: &str,
    b: &str,
    config: &TestConfig,
) -> Result<PairedResult> {
    let find = |name: &str| {
        features.iter().position(|f| f == name).ok_or_else(|| {
            Error::Usage(format!(
                "--paired-auc: no column '{name}' in {}; columns are: {}",
                config.table.display(),
                features.join(", ")
            ))
        })
    };
    let (ia, ib) = (find(a)?, find(b)?);
    let both = |idx: &[usize]| -> (Array1<f64>, Array1<f64>) {
        let keep: Vec<usize> = idx
            .iter()
            .copied()
            .filter(|&j| !x[[ia, j]].is_nan() && !x[[ib, j]].is_nan())
            .collect();
        (
            x.row(ia).select(Axis(0), &keep),
            x.row(ib).select(Axis(0), &keep),
        )
    };
    let (ca, cb) = both(&groups.case);
    let (oa, ob) = both(&groups.control);
    Ok(PairedResult {
        first: a.to_string(),
        second: b.to_string(),
        n_case: ca.len(),
        n_control: oa.len(),
        test: roc::paired_delong(ca.view(), oa.view(), cb.view(), ob.view()),
    })
}
