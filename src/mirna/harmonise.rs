//! A matrix's rows re-keyed by miRBase v22 mature accession (MIMAT).
//!
//! Every row name is resolved ([`Resolver::resolve_as_of`], as of the release the names look
//! like, see [`super::detect`]). Then:
//!
//! * a row that resolves to one mature accession (`current`, `renamed`, `arm_assigned`) feeds that
//!   accession;
//! * a hairpin row (`precursor`) feeds **each** of its v22 mature products (a hairpin read count
//!   or log2 RPM is the best measure available of either arm); such rows are counted and warned;
//! * several rows feeding one accession (duplicate probes, a mature row and its hairpin, the loci
//!   `let-7a-1/-2/-3` of one mature) are merged by [`MergeRule`]: **sum** for counts (reads of one
//!   molecule add up; done before log2 CPM, with library sizes taken from the input before
//!   harmonisation), **the row with the highest mean** for log-scale data (logs cannot be summed
//!   without knowing the transform's offset, and a mean of logs under-states a mature made by
//!   several loci; the most expressed row is the dominant probe or locus, as in WGCNA's
//!   `collapseRows` MaxMean; ties go to the first row in input order). Every merge is reported;
//! * rows that do not resolve (`ambiguous`, `dead`, `unknown`) get no accession: they are counted,
//!   listed in warnings, and kept under their name as written, so only a signature member written
//!   identically can reach them (the exact-mode rule for names miRBase does not know).
//!
//! The harmonised matrix lists accessions in order of their first contributing input row; sample
//! order is unchanged.

use std::collections::HashMap;

use ndarray::{Array2, ArrayView1, Axis};
use serde::Serialize;

use super::detect::{detect_release, ReleaseGuess};
use super::release::Release;
use super::resolve::Resolver;
use super::{MimatId, Resolution, Status};
use crate::io::warnings::Warnings;
use crate::matrix::{ExpressionMatrix, InputKind};

/// How matrix rows and signature members are matched.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum IdMode {
    /// Resolve rows and members to miRBase v22 mature accessions and match by accession.
    #[default]
    Mirbase,
    /// Match row ids to member names verbatim.
    Exact,
}

/// How several rows feeding one accession become one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeRule {
    /// Element-wise sum (counts); a sample missing in every row stays missing.
    Sum,
    /// Keep the row with the highest mean over its measured values (log-scale data).
    HighestMean,
    /// Keep the row with the lowest mean Ct over its measured values (qPCR: the most expressed).
    LowestMeanCt,
}

impl MergeRule {
    /// The snake_case name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            MergeRule::Sum => "sum",
            MergeRule::HighestMean => "highest_mean",
            MergeRule::LowestMeanCt => "lowest_mean_ct",
        }
    }

    /// The rule for a decided input kind (`auto` is treated as log, it is never passed decided).
    pub fn for_kind(kind: InputKind) -> Self {
        match kind {
            InputKind::Counts => MergeRule::Sum,
            InputKind::Log | InputKind::Auto => MergeRule::HighestMean,
            InputKind::Ct => MergeRule::LowestMeanCt,
        }
    }
}

/// Whether rows are mature miRNAs or hairpins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Most resolved rows are mature names or accessions.
    Mature,
    /// Most resolved rows are hairpin names.
    Precursor,
    /// No row resolved.
    None,
}

impl Level {
    /// The lowercase name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Mature => "mature",
            Level::Precursor => "precursor",
            Level::None => "none",
        }
    }
}

/// Rows of one status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusCount {
    /// The status.
    pub status: Status,
    /// How many input rows had it.
    pub rows: usize,
}

/// Several input rows that became one accession.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Merge {
    /// The accession.
    pub id: MimatId,
    /// Its v22 name.
    pub name: String,
    /// The input rows, in input order.
    pub rows: Vec<String>,
    /// For [`MergeRule::HighestMean`], the row kept.
    pub kept: Option<String>,
}

/// What harmonisation did, for stderr and JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HarmonisationReport {
    /// The mode used.
    pub id_mode: IdMode,
    /// The release the row names look like.
    pub release: ReleaseGuess,
    /// Mature or precursor level.
    pub level: Level,
    /// Rows read.
    pub rows_in: usize,
    /// Rows after harmonisation (accessions + rows kept under their name).
    pub rows_out: usize,
    /// Rows per status, in [`Status::ALL`] order.
    pub by_status: Vec<StatusCount>,
    /// The merge rule applied.
    pub merge_rule: MergeRule,
    /// Accessions fed by several rows.
    pub merged: Vec<Merge>,
    /// Hairpin rows copied onto their mature products.
    pub precursor_rows: usize,
    /// Rows that did not resolve (ambiguous, dead, unknown), with what was found.
    pub unresolved: Vec<Resolution>,
}

/// A harmonised matrix and the report of how it was made.
#[derive(Debug, Clone)]
pub struct Harmonised {
    /// Rows keyed by MIMAT accession (or the name as written for rows that did not resolve).
    pub matrix: ExpressionMatrix,
    /// For each row of `matrix`, its v22 name (or the name as written).
    pub names: Vec<String>,
    /// What was done.
    pub report: HarmonisationReport,
}

/// Harmonises `matrix` whose values are of the decided `kind` (see the module doc).
///
/// Cost: O(features × samples) for merging plus one resolution per row.
pub fn harmonise(resolver: &Resolver, matrix: ExpressionMatrix, kind: InputKind) -> Harmonised {
    let release = detect_release(resolver, matrix.features.as_slice());
    let as_of = release.release.unwrap_or(Release::V22);
    let rule = MergeRule::for_kind(kind);
    let resolutions: Vec<Resolution> = matrix
        .features
        .iter()
        .map(|f| resolver.resolve_as_of(f, as_of))
        .collect();

    // key -> contributing input rows, keys in order of first contribution
    let mut keys: Vec<(String, String)> = Vec::new(); // (row id, name)
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut sources: Vec<Vec<usize>> = Vec::new();
    let mut add = |key: String, name: String, row: usize| {
        let k = *index.entry(key.clone()).or_insert_with(|| {
            keys.push((key, name));
            sources.push(Vec::new());
            keys.len() - 1
        });
        sources[k].push(row);
    };
    let mut precursor_rows = 0;
    let mut unresolved = Vec::new();
    for (row, res) in resolutions.iter().enumerate() {
        if res.status == Status::Precursor {
            precursor_rows += 1;
        }
        let targets: Vec<_> = res
            .matches
            .iter()
            .filter(|m| res.status.is_resolved() && m.mimat().is_some())
            .collect();
        if targets.is_empty() {
            unresolved.push(res.clone());
            add(
                matrix.features[row].clone(),
                matrix.features[row].clone(),
                row,
            );
        }
        for m in targets {
            add(m.id.clone(), m.name.clone(), row);
        }
    }

    let n = matrix.n_samples();
    let mut values = Array2::<f64>::zeros((keys.len(), n));
    let mut merged = Vec::new();
    for (k, rows) in sources.iter().enumerate() {
        let kept = merge_into(
            &matrix,
            rows,
            rule,
            values.index_axis_mut(Axis(0), k).as_slice_mut(),
        );
        if rows.len() > 1 {
            if let Some(id) = MimatId::parse(&keys[k].0) {
                merged.push(Merge {
                    id,
                    name: keys[k].1.clone(),
                    rows: rows.iter().map(|&r| matrix.features[r].clone()).collect(),
                    kept: kept.map(|r| matrix.features[r].clone()),
                });
            }
        }
    }
    let mut by_status: Vec<StatusCount> = Status::ALL
        .iter()
        .map(|&status| StatusCount { status, rows: 0 })
        .collect();
    for res in &resolutions {
        if let Some(c) = by_status.iter_mut().find(|c| c.status == res.status) {
            c.rows += 1;
        }
    }
    let mature_rows = resolutions
        .iter()
        .filter(|r| r.status.is_resolved() && r.status != Status::Precursor)
        .count();
    let level = match (mature_rows, precursor_rows) {
        (0, 0) => Level::None,
        (m, p) if p > m => Level::Precursor,
        _ => Level::Mature,
    };
    let (features, names): (Vec<String>, Vec<String>) = keys.into_iter().unzip();
    let rows_in = matrix.n_features();
    let samples = matrix.samples;
    let report = HarmonisationReport {
        id_mode: IdMode::Mirbase,
        release,
        level,
        rows_in,
        rows_out: features.len(),
        by_status,
        merge_rule: rule,
        merged,
        precursor_rows,
        unresolved,
    };
    Harmonised {
        matrix: ExpressionMatrix::new(features, samples, values),
        names,
        report,
    }
}

/// Writes the merge of `rows` into `out`; returns the row kept by [`MergeRule::HighestMean`].
fn merge_into(
    matrix: &ExpressionMatrix,
    rows: &[usize],
    rule: MergeRule,
    out: Option<&mut [f64]>,
) -> Option<usize> {
    let row = |r: usize| matrix.values.index_axis(Axis(0), r);
    let kept = match rule {
        MergeRule::HighestMean | MergeRule::LowestMeanCt if rows.len() > 1 => {
            // Ct falls as expression rises: compare negated means for Ct.
            let sign = if rule == MergeRule::LowestMeanCt {
                -1.0
            } else {
                1.0
            };
            let mut best = rows[0];
            let mut best_mean = sign * measured_mean(row(best));
            for &r in &rows[1..] {
                let m = sign * measured_mean(row(r));
                if m > best_mean || (best_mean.is_nan() && !m.is_nan()) {
                    best = r;
                    best_mean = m;
                }
            }
            Some(best)
        }
        _ => None,
    };
    let Some(out) = out else { return kept };
    match (rule, kept) {
        (MergeRule::Sum, _) if rows.len() > 1 => {
            for (j, o) in out.iter_mut().enumerate() {
                let measured: Vec<f64> = rows
                    .iter()
                    .map(|&r| matrix.values[[r, j]])
                    .filter(|v| !v.is_nan())
                    .collect();
                *o = if measured.is_empty() {
                    f64::NAN
                } else {
                    measured.iter().sum()
                };
            }
        }
        (_, Some(k)) => out.copy_from_slice(&row(k).to_vec()),
        _ => out.copy_from_slice(&row(rows[0]).to_vec()),
    }
    kept
}

/// Mean over the non-missing values (NaN when none).
fn measured_mean(row: ArrayView1<'_, f64>) -> f64 {
    let (sum, n) = row
        .iter()
        .filter(|v| !v.is_nan())
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        f64::NAN
    } else {
        sum / n as f64
    }
}

/// Records the report's counts as warnings: unresolved rows by status, hairpin rows, merges.
pub fn warn(report: &HarmonisationReport, warnings: &mut Warnings) {
    for status in [Status::Ambiguous, Status::Dead, Status::Unknown] {
        let rows: Vec<&Resolution> = report
            .unresolved
            .iter()
            .filter(|r| r.status == status)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let code = match status {
            Status::Ambiguous => "ids_ambiguous",
            Status::Dead => "ids_dead",
            _ => "ids_unknown",
        };
        warnings.push(
            code,
            rows.len(),
            format!(
                "{} row(s) {status} in miRBase, not mapped to an accession (kept under their name): {}",
                rows.len(),
                list(rows.iter().map(|r| r.query.as_str()))
            ),
        );
    }
    if report.precursor_rows > 0 {
        warnings.push(
            "ids_precursor_rows",
            report.precursor_rows,
            format!(
                "{} hairpin (precursor) row(s) stand for each of their mature products",
                report.precursor_rows
            ),
        );
    }
    if !report.merged.is_empty() {
        let rule = match report.merge_rule {
            MergeRule::Sum => "summed",
            MergeRule::HighestMean => "row with the highest mean kept",
            MergeRule::LowestMeanCt => "row with the lowest mean Ct (most expressed) kept",
        };
        warnings.push(
            "ids_merged",
            report.merged.len(),
            format!(
                "{} accession(s) fed by several rows ({rule}): {}",
                report.merged.len(),
                list(
                    report
                        .merged
                        .iter()
                        .map(|m| format!("{} <- {}", m.name, m.rows.join("+")))
                )
            ),
        );
    }
}

/// The first 10 items joined, with how many more.
fn list<I: IntoIterator<Item = T>, T: AsRef<str>>(items: I) -> String {
    let all: Vec<T> = items.into_iter().collect();
    let shown: Vec<&str> = all.iter().take(10).map(AsRef::as_ref).collect();
    let more = all.len().saturating_sub(10);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn m(features: &[&str], values: Array2<f64>) -> ExpressionMatrix {
        let s = (0..values.ncols()).map(|j| format!("s{j}")).collect();
        ExpressionMatrix::new(features.iter().map(|f| f.to_string()).collect(), s, values)
    }

    #[test]
    fn counts_of_one_mature_from_several_loci_are_summed() {
        let r = Resolver::embedded().unwrap();
        let input = m(
            &["hsa-let-7a-1", "hsa-let-7a-2", "hsa-mir-21"],
            array![[10.0, 1.0], [5.0, 2.0], [7.0, 7.0]],
        );
        let h = harmonise(&r, input, InputKind::Counts);
        let i = h
            .matrix
            .features
            .iter()
            .position(|f| f == "MIMAT0000062")
            .unwrap();
        assert_eq!(h.matrix.values.row(i).to_vec(), vec![15.0, 3.0]);
        // hsa-mir-21 feeds miR-21-5p and miR-21-3p
        let j = h
            .matrix
            .features
            .iter()
            .position(|f| f == "MIMAT0004494")
            .unwrap();
        assert_eq!(h.matrix.values.row(j).to_vec(), vec![7.0, 7.0]);
        assert_eq!(h.report.level, Level::Precursor);
        assert_eq!(h.report.precursor_rows, 3);
        assert!(h
            .report
            .merged
            .iter()
            .any(|mg| mg.name == "hsa-let-7a-5p" && mg.rows.len() == 2));
    }

    #[test]
    fn log_rows_of_one_accession_keep_the_highest_mean_and_junk_is_kept_by_name() {
        let r = Resolver::embedded().unwrap();
        let input = m(
            &[
                "hsa-miR-21-5p",
                "hsa-miR-21",
                "MIMAT0000076",
                "junk",
                "hsa-miR-220",
            ],
            array![
                [1.0, 2.0],
                [5.0, f64::NAN],
                [3.0, 3.0],
                [0.0, 0.0],
                [1.0, 1.0]
            ],
        );
        let h = harmonise(&r, input, InputKind::Log);
        assert_eq!(h.matrix.features, ["MIMAT0000076", "junk", "hsa-miR-220"]);
        assert_eq!(h.matrix.values.row(0).to_vec()[0], 5.0);
        assert_eq!(h.report.merged[0].kept.as_deref(), Some("hsa-miR-21"));
        let mut w = Warnings::default();
        warn(&h.report, &mut w);
        let codes: Vec<&str> = w.iter().map(|w| w.code).collect();
        assert_eq!(codes, ["ids_dead", "ids_unknown", "ids_merged"]);
        assert_eq!(h.report.unresolved.len(), 2);
    }
}
