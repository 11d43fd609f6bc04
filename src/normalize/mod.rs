//! From the values a user brings to the values a method scores.
//!
//! * [`detect_kind`] decides whether a matrix holds raw counts, log-scale values or qPCR Ct values.
//! * Counts (`--normalize`, default `cpm`):
//!   - `cpm`: log2(CPM + 1), the library size of each sample being its column sum over all rows
//!     before any filtering (edgeR's `cpm(x, log = FALSE)` + 1, then log2);
//!   - `uq`: upper-quartile scaling with edgeR's `calcNormFactors(method = "upperquartile")`
//!     semantics (Bullard et al. 2010, BMC Bioinformatics 11:94): rows that are zero in every sample
//!     are set aside, the factor of a sample is the 75th percentile (R's type-7 quantile) of its
//!     counts divided by its library size, factors are scaled to a geometric mean of 1, and values
//!     become log2(count / (library size x factor) x 1e6 + 1);
//!   - `quantile`: log2(CPM + 1), then quantile normalisation between samples;
//!   - `none`: counts used as given.
//!
//!   `--min-mean-count X` drops rows whose mean raw count is below X after library sizes (and
//!   upper-quartile factors) were taken from all rows; the drop is counted and reported.
//! * Log values: `none` (default) or `quantile` ([`quantile::normalize_quantiles`], limma
//!   `normalizeBetweenArrays(method = "quantile")`).
//! * Ct values: -deltaCt ([`ct::delta_ct`]); `--normalize` must be left at its default.
//!
//! The detection rule is deliberately simple and always reported, so a wrong guess is visible and
//! fixed with `--input-kind`.

pub mod ct;
pub mod quantile;

use std::path::Path;

use ndarray::{Array2, Axis};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::warnings::Warnings;
use crate::matrix::{ExpressionMatrix, InputKind};

/// `auto` treats a matrix as counts when every value is a non-negative integer and the largest
/// value exceeds this threshold (log2 data never reach it: log2 of 2^100).
pub const COUNTS_MIN_MAX: f64 = 100.0;

/// `auto` treats a matrix as Ct values when every value lies in this range, not all values are
/// integers and the median is at least [`CT_MIN_MEDIAN`] (log2 intensities and log2 CPM have
/// medians well below it; Ct values of expressed miRNAs sit around 20-35).
pub const CT_RANGE: (f64, f64) = (5.0, 45.0);
/// See [`CT_RANGE`].
pub const CT_MIN_MEDIAN: f64 = 18.0;

/// The between-sample normalisation asked for with `--normalize`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum NormalizeMethod {
    /// `cpm` for counts, `none` for log values, -deltaCt for Ct values.
    #[default]
    Auto,
    /// No transformation.
    None,
    /// log2(CPM + 1) (counts only).
    Cpm,
    /// Upper-quartile scaling, then log2(CPM + 1) (counts only).
    Uq,
    /// Quantile normalisation (limma semantics); counts are first turned into log2(CPM + 1).
    Quantile,
}

/// Options of the normalisation step.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NormalizeOptions {
    /// `--normalize`.
    pub method: NormalizeMethod,
    /// `--min-mean-count`: drop count rows whose mean raw count is below this.
    pub min_mean_count: Option<f64>,
    /// `--reference`: reference targets for Ct data.
    pub references: Vec<String>,
    /// `--ct-cutoff`: Ct values at or above this are non-detects.
    pub ct_cutoff: Option<f64>,
    /// A kind known from the format (a Ct table), used instead of value-based detection when the
    /// kind requested is `auto`; with the reason.
    pub kind_hint: Option<(InputKind, String)>,
    /// Library sizes of counts taken before identifier harmonisation merged or dropped rows
    /// (`None`: the column sums of the matrix being normalised).
    pub library: Option<Vec<f64>>,
}

/// What was detected and done to the values, reported on stderr and in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Normalisation {
    /// The kind the user asked for (`auto` when not given).
    pub kind_requested: InputKind,
    /// The kind used: `counts` or `log`.
    pub kind_used: InputKind,
    /// Why `auto` chose `kind_used` (empty when the user chose).
    pub detection: String,
    /// The transformation applied, in words.
    pub transformation: String,
    /// The normalisation asked for (`--normalize`).
    pub method_requested: NormalizeMethod,
    /// The normalisation applied: `none`, `cpm`, `uq`, `quantile` or `delta_ct`.
    pub method_used: &'static str,
    /// `--min-mean-count`, when given.
    pub min_mean_count: Option<f64>,
    /// Rows dropped by `--min-mean-count`.
    pub features_filtered: usize,
    /// Upper-quartile factors per sample (input order), for `uq`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uq_factors: Option<Vec<f64>>,
    /// What the Ct normalisation did, for Ct data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ct: Option<ct::CtReport>,
}

/// Detects the kind of a matrix's values (see [`COUNTS_MIN_MAX`]); returns the kind and why.
pub fn detect_kind(values: &Array2<f64>) -> (InputKind, String) {
    let mut max = f64::NEG_INFINITY;
    let mut all_count_like = true;
    let mut any = false;
    for &v in values.iter().filter(|v| !v.is_nan()) {
        any = true;
        max = max.max(v);
        if v < 0.0 || v.fract() != 0.0 {
            all_count_like = false;
        }
    }
    if !any {
        return (InputKind::Log, "no measured values".into());
    }
    if let Some(reason) = looks_like_ct(values) {
        return (InputKind::Ct, reason);
    }
    if all_count_like && max > COUNTS_MIN_MAX {
        (
            InputKind::Counts,
            format!("all values are non-negative integers and the largest ({max}) exceeds {COUNTS_MIN_MAX}"),
        )
    } else if all_count_like {
        (
            InputKind::Log,
            format!("all values are non-negative integers but the largest ({max}) is at most {COUNTS_MIN_MAX}"),
        )
    } else {
        (
            InputKind::Log,
            format!("values are not all non-negative integers (largest {max})"),
        )
    }
}

fn looks_like_ct(values: &Array2<f64>) -> Option<String> {
    let observed = || values.iter().copied().filter(|v| !v.is_nan());
    // Checked before the values are copied for the median: most matrices fail here.
    let in_range = observed().all(|v| (CT_RANGE.0..=CT_RANGE.1).contains(&v));
    if !in_range || !observed().any(|v| v.fract() != 0.0) {
        return None;
    }
    let mut observed: Vec<f64> = observed().collect();
    observed.sort_by(f64::total_cmp);
    let median = median_sorted(&observed);
    (median >= CT_MIN_MEDIAN).then(|| {
        format!(
            "all values lie within {}..{} with fractions and the median ({median}) is at least {CT_MIN_MEDIAN}: qPCR Ct values",
            CT_RANGE.0, CT_RANGE.1
        )
    })
}

fn median_sorted(v: &[f64]) -> f64 {
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The kind to use and why: `requested` itself; when `auto`, the format's hint
/// (`options.kind_hint`) or what [`detect_kind`] finds in the values.
pub fn decide_kind(
    matrix: &ExpressionMatrix,
    requested: InputKind,
    options: &NormalizeOptions,
) -> (InputKind, String) {
    match (requested, &options.kind_hint) {
        (InputKind::Auto, Some((kind, why))) => (*kind, why.clone()),
        (InputKind::Auto, None) => detect_kind(&matrix.values),
        (other, _) => (other, String::new()),
    }
}

/// Resolves `requested` against the data and transforms the matrix in place for scoring, with the
/// default options (`--normalize auto`, no filter, no references).
pub fn prepare(
    matrix: &mut ExpressionMatrix,
    requested: InputKind,
    source: &Path,
) -> Result<Normalisation> {
    prepare_with(
        matrix,
        requested,
        &NormalizeOptions::default(),
        source,
        &mut Warnings::default(),
    )
}

/// Resolves `requested` against the data (or `options.kind_hint`) and normalises the matrix in
/// place as `options` say (see the module notes); warnings go to `warnings`.
pub fn prepare_with(
    matrix: &mut ExpressionMatrix,
    requested: InputKind,
    options: &NormalizeOptions,
    source: &Path,
    warnings: &mut Warnings,
) -> Result<Normalisation> {
    let (kind_used, detection) = decide_kind(matrix, requested, options);
    let method = options.method;
    if options.min_mean_count.is_some() && kind_used != InputKind::Counts {
        return Err(Error::Usage(format!(
            "--min-mean-count applies to counts, but the input is {kind_used}"
        )));
    }
    if kind_used != InputKind::Ct && (!options.references.is_empty() || options.ct_cutoff.is_some())
    {
        return Err(Error::Usage(format!(
            "--reference and --ct-cutoff apply to Ct data, but the input is {kind_used}"
        )));
    }
    let mut uq_factors = None;
    let mut ct_report = None;
    let mut features_filtered = 0;
    let (method_used, transformation) = match kind_used {
        InputKind::Counts => {
            let libraries = match &options.library {
                Some(library) => library.clone(),
                None => library_sizes(matrix, source)?,
            };
            let factors = match method {
                NormalizeMethod::Uq => Some(upper_quartile_factors(matrix, &libraries, source)?),
                _ => None,
            };
            if let Some(min) = options.min_mean_count {
                features_filtered = filter_min_mean(matrix, min, source)?;
                warnings.push(
                    "low_count_features",
                    features_filtered,
                    format!("{features_filtered} feature(s) with a mean raw count below {min} were dropped (--min-mean-count); library sizes use all rows"),
                );
            }
            match method {
                NormalizeMethod::None => ("none", "none (raw counts used as given)".to_string()),
                NormalizeMethod::Auto | NormalizeMethod::Cpm => {
                    scale_log2(matrix, &libraries);
                    ("cpm", "log2(CPM + 1), library size = column sum over all rows".into())
                }
                NormalizeMethod::Uq => {
                    let f = factors.unwrap_or_default();
                    let effective: Vec<f64> =
                        libraries.iter().zip(&f).map(|(l, f)| l * f).collect();
                    scale_log2(matrix, &effective);
                    uq_factors = Some(f);
                    ("uq", "log2(count / (library size x upper-quartile factor) x 1e6 + 1), edgeR upperquartile factors".into())
                }
                NormalizeMethod::Quantile => {
                    scale_log2(matrix, &libraries);
                    quantile::normalize_quantiles(&mut matrix.values);
                    ("quantile", "log2(CPM + 1), then quantile normalisation between samples (limma semantics)".into())
                }
            }
        }
        InputKind::Ct => {
            if method != NormalizeMethod::Auto {
                return Err(Error::Usage(format!(
                    "--normalize {} does not apply to Ct data (normalised by -deltaCt)",
                    method_name(method)
                )));
            }
            let cutoff = options.ct_cutoff.unwrap_or(crate::io::ct::DEFAULT_CUTOFF);
            let report = ct::delta_ct(matrix, &options.references, cutoff, source, warnings)?;
            let words = if report.method == "references" {
                format!(
                    "-deltaCt, deltaCt = Ct - mean Ct of references {} in the sample; reference rows removed; non-detects (Ct >= {cutoff}) missing",
                    report.references.join(", ")
                )
            } else {
                format!(
                    "-deltaCt, deltaCt = Ct - mean Ct of the {} target(s) detected in every sample; non-detects (Ct >= {cutoff}) missing",
                    report.global_mean_targets.len()
                )
            };
            ct_report = Some(report);
            ("delta_ct", words)
        }
        _ => match method {
            NormalizeMethod::Auto | NormalizeMethod::None => {
                ("none", "none (values used as given)".to_string())
            }
            NormalizeMethod::Quantile => {
                quantile::normalize_quantiles(&mut matrix.values);
                ("quantile", "quantile normalisation between samples (limma semantics)".into())
            }
            NormalizeMethod::Cpm | NormalizeMethod::Uq => {
                return Err(Error::Usage(format!(
                    "--normalize {} applies to counts, but the input is {kind_used} (use --input-kind counts if these are raw counts)",
                    method_name(method)
                )))
            }
        },
    };
    Ok(Normalisation {
        kind_requested: requested,
        kind_used,
        detection,
        transformation,
        method_requested: method,
        method_used,
        min_mean_count: options.min_mean_count,
        features_filtered,
        uq_factors,
        ct: ct_report,
    })
}

fn method_name(m: NormalizeMethod) -> &'static str {
    match m {
        NormalizeMethod::Auto => "auto",
        NormalizeMethod::None => "none",
        NormalizeMethod::Cpm => "cpm",
        NormalizeMethod::Uq => "uq",
        NormalizeMethod::Quantile => "quantile",
    }
}

/// Column sums over all rows (missing values skipped); negative counts and empty libraries are
/// errors naming the sample.
pub fn library_sizes(matrix: &ExpressionMatrix, source: &Path) -> Result<Vec<f64>> {
    matrix
        .values
        .axis_iter(Axis(1))
        .enumerate()
        .map(|(j, column)| {
            let sample = &matrix.samples[j];
            if let Some((i, v)) = column.iter().enumerate().find(|(_, v)| **v < 0.0) {
                return Err(Error::InvalidInput {
                    path: source.into(),
                    message: format!(
                        "negative count {v} for feature '{}' in sample '{sample}': counts must be >= 0 (use --input-kind log for log-scale data)",
                        matrix.features[i]
                    ),
                });
            }
            let library: f64 = column.iter().filter(|v| !v.is_nan()).sum();
            if library <= 0.0 {
                return Err(Error::InvalidInput {
                    path: source.into(),
                    message: format!(
                        "sample '{sample}' has no counts (library size 0): remove it or check the file"
                    ),
                });
            }
            Ok(library)
        })
        .collect()
}

fn scale_log2(matrix: &mut ExpressionMatrix, libraries: &[f64]) {
    for (mut column, &library) in matrix.values.axis_iter_mut(Axis(1)).zip(libraries) {
        column.mapv_inplace(|c| (c / library * 1e6 + 1.0).log2());
    }
}

/// edgeR `calcNormFactors(method = "upperquartile")` factors (see the module notes).
pub fn upper_quartile_factors(
    matrix: &ExpressionMatrix,
    libraries: &[f64],
    source: &Path,
) -> Result<Vec<f64>> {
    let keep: Vec<usize> = (0..matrix.n_features())
        .filter(|&i| matrix.values.row(i).iter().any(|v| *v > 0.0))
        .collect();
    let mut factors = Vec::with_capacity(libraries.len());
    for (j, &library) in libraries.iter().enumerate() {
        let mut counts: Vec<f64> = keep
            .iter()
            .map(|&i| matrix.values[[i, j]])
            .filter(|v| !v.is_nan())
            .collect();
        counts.sort_by(f64::total_cmp);
        let q = quantile_type7(&counts, 0.75);
        if q.is_nan() || q <= 0.0 {
            return Err(Error::invalid(
                source,
                format!(
                    "sample '{}': upper quartile of the counts is 0, upper-quartile scaling is undefined (use --normalize cpm)",
                    matrix.samples[j]
                ),
            ));
        }
        factors.push(q / library);
    }
    let log_mean = factors.iter().map(|f| f.ln()).sum::<f64>() / factors.len() as f64;
    let g = log_mean.exp();
    Ok(factors.into_iter().map(|f| f / g).collect())
}

/// R's default (type 7) quantile of sorted values.
fn quantile_type7(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Drops rows whose mean raw count (missing values skipped) is below `min`; returns how many.
fn filter_min_mean(matrix: &mut ExpressionMatrix, min: f64, source: &Path) -> Result<usize> {
    if min.is_nan() || min < 0.0 {
        return Err(Error::Usage(format!(
            "--min-mean-count must be >= 0, got {min}"
        )));
    }
    let keep: Vec<usize> = (0..matrix.n_features())
        .filter(|&i| {
            let row: Vec<f64> = matrix
                .values
                .row(i)
                .iter()
                .copied()
                .filter(|v| !v.is_nan())
                .collect();
            !row.is_empty() && row.iter().sum::<f64>() / row.len() as f64 >= min
        })
        .collect();
    if keep.is_empty() {
        return Err(Error::invalid(
            source,
            format!("--min-mean-count {min} drops every feature"),
        ));
    }
    let dropped = matrix.n_features() - keep.len();
    let values = matrix.values.select(Axis(0), &keep);
    let features = keep.iter().map(|&i| matrix.features[i].clone()).collect();
    *matrix = ExpressionMatrix::new(features, std::mem::take(&mut matrix.samples), values);
    Ok(dropped)
}

/// Replaces counts by log2(count / library size * 1e6 + 1), column by column.
///
/// The library size is the sum of the sample's column over all rows (missing values skipped).
/// Negative counts and samples with a zero library are errors naming the sample.
pub fn log2_cpm(matrix: &mut ExpressionMatrix, source: &Path) -> Result<()> {
    let libraries = library_sizes(matrix, source)?;
    scale_log2(matrix, &libraries);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn matrix(values: Array2<f64>) -> ExpressionMatrix {
        let f = (0..values.nrows()).map(|i| format!("f{i}")).collect();
        let s = (0..values.ncols()).map(|j| format!("s{j}")).collect();
        ExpressionMatrix::new(f, s, values)
    }

    #[test]
    fn integer_matrix_with_large_values_is_counts() {
        assert_eq!(
            detect_kind(&array![[0.0, 150.0], [3.0, 7.0]]).0,
            InputKind::Counts
        );
    }

    #[test]
    fn small_integers_and_fractions_are_log() {
        assert_eq!(
            detect_kind(&array![[0.0, 15.0], [3.0, 7.0]]).0,
            InputKind::Log
        );
        assert_eq!(detect_kind(&array![[0.5, 1500.0]]).0, InputKind::Log);
    }

    #[test]
    fn log2_cpm_uses_the_column_sum_as_library_size() {
        let mut m = matrix(array![[1.0, 0.0], [3.0, 10.0]]);
        log2_cpm(&mut m, Path::new("m")).unwrap();
        assert!((m.values[[0, 0]] - (250_000.0f64 + 1.0).log2()).abs() < 1e-12);
        assert!((m.values[[1, 1]] - (1_000_000.0f64 + 1.0).log2()).abs() < 1e-12);
        assert_eq!(m.values[[0, 1]], 0.0);
    }

    #[test]
    fn all_zero_sample_is_refused_by_name() {
        let mut m = matrix(array![[1.0, 0.0], [3.0, 0.0]]);
        let err = log2_cpm(&mut m, Path::new("m")).unwrap_err().to_string();
        assert!(
            err.contains("'s1'") && err.contains("library size 0"),
            "{err}"
        );
    }

    #[test]
    fn upper_quartile_factors_follow_edger_by_hand() {
        // The all-zero row is set aside; type-7 75th percentiles: A (10,20,30,40) -> 32.5,
        // B (5,5,10,80) -> 27.5; both libraries 100; factors scaled to geometric mean 1.
        let m = matrix(array![
            [10.0, 5.0],
            [0.0, 0.0],
            [20.0, 5.0],
            [30.0, 10.0],
            [40.0, 80.0]
        ]);
        let f = upper_quartile_factors(&m, &[100.0, 100.0], Path::new("m")).unwrap();
        let g = (0.325f64 * 0.275).sqrt();
        assert!((f[0] - 0.325 / g).abs() < 1e-15 && (f[1] - 0.275 / g).abs() < 1e-15);
        let mut m2 = m.clone();
        let options = NormalizeOptions {
            method: NormalizeMethod::Uq,
            ..NormalizeOptions::default()
        };
        let n = prepare_with(
            &mut m2,
            InputKind::Counts,
            &options,
            Path::new("m"),
            &mut Warnings::default(),
        )
        .unwrap();
        assert_eq!(n.method_used, "uq");
        let want = (10.0 / (100.0 * f[0]) * 1e6 + 1.0f64).log2();
        assert!((m2.values[[0, 0]] - want).abs() < 1e-12);
    }

    #[test]
    fn min_mean_count_filters_after_library_sizes() {
        // Libraries 1 + 99 = 100 and 3 + 97 = 100 include the dropped row (mean 2 < 5).
        let mut m = matrix(array![[1.0, 3.0], [99.0, 97.0]]);
        let options = NormalizeOptions {
            min_mean_count: Some(5.0),
            ..NormalizeOptions::default()
        };
        let mut w = Warnings::default();
        let n = prepare_with(&mut m, InputKind::Counts, &options, Path::new("m"), &mut w).unwrap();
        assert_eq!(n.features_filtered, 1);
        assert_eq!(m.features, ["f1"]);
        assert!((m.values[[0, 0]] - (990_000.0f64 + 1.0).log2()).abs() < 1e-12);
        assert_eq!(w.iter().next().unwrap().count, 1);
    }

    #[test]
    fn ct_like_values_are_detected_and_log_intensities_are_not() {
        assert_eq!(
            detect_kind(&array![[24.5, 31.2], [19.75, 35.0]]).0,
            InputKind::Ct
        );
        assert_eq!(
            detect_kind(&array![[6.5, 9.25], [7.75, 12.0]]).0,
            InputKind::Log
        );
    }

    #[test]
    fn count_only_options_are_refused_for_log_data() {
        let mut m = matrix(array![[1.5, 2.5]]);
        let options = NormalizeOptions {
            method: NormalizeMethod::Cpm,
            ..NormalizeOptions::default()
        };
        let err = prepare_with(
            &mut m,
            InputKind::Log,
            &options,
            Path::new("m"),
            &mut Warnings::default(),
        )
        .unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }
}
