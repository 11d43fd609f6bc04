//! qPCR Ct (quantification cycle, Cq) tables, as exported by instrument software or typed by hand.
//!
//! Two layouts:
//! * long: one row per measurement with columns `sample` (or `sample name`), `target` (or
//!   `target name`, `detector`, `mirna`, `assay`) and `ct` (or `cq`, `ct value`); other columns are
//!   ignored;
//! * wide: targets as rows and samples as columns, first column = target (or, with
//!   `--samples-as-rows`, samples as rows and targets as columns).
//!
//! Non-detects: `Undetermined` (any case), `NA` spellings, empty cells and values at or above the
//! cutoff (`--ct-cutoff`, default 40) become NaN and are counted in a warning.
//!
//! Technical replicates (the same sample and target more than once in long form, or a repeated row
//! name in wide form) are averaged over their detected values (NaN only when none was detected);
//! replicate groups whose detected values span more than `--replicate-tolerance` cycles (default
//! 0.5) are counted in a warning. Rows and samples keep their order of first appearance.
//!
//! The values returned are raw Ct; normalisation to -deltaCt is done by
//! [`crate::normalize::ct::delta_ct`].

use std::collections::HashMap;
use std::path::Path;

use ndarray::Array2;
use rayon::prelude::*;

use super::delimited::NA_SPELLINGS;
use super::text::TextTable;
use super::warnings::Warnings;
use crate::error::{Error, Result};
use crate::matrix::ExpressionMatrix;

/// Default Ct at or above which a value is a non-detect.
pub const DEFAULT_CUTOFF: f64 = 40.0;
/// Default largest spread (cycles) of technical replicates accepted without a warning.
pub const DEFAULT_REPLICATE_TOLERANCE: f64 = 0.5;

const SAMPLE: &[&str] = &["sample", "sample name", "sample_name"];
const TARGET: &[&str] = &[
    "target",
    "target name",
    "target_name",
    "detector",
    "mirna",
    "assay",
];
const CT: &[&str] = &["ct", "cq", "ct value", "ct_value", "cт"];

/// How to read a Ct table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CtOptions {
    /// Values at or above this are non-detects.
    pub cutoff: f64,
    /// Replicates spreading more than this many cycles are reported.
    pub replicate_tolerance: f64,
    /// Wide layout with samples as rows.
    pub samples_as_rows: bool,
}

impl Default for CtOptions {
    fn default() -> Self {
        Self {
            cutoff: DEFAULT_CUTOFF,
            replicate_tolerance: DEFAULT_REPLICATE_TOLERANCE,
            samples_as_rows: false,
        }
    }
}

/// True when a delimited table looks like Ct data: a long header (sample, target and ct columns)
/// or an `Undetermined` cell anywhere.
pub fn looks_like_ct(bytes: &[u8], path: &Path) -> bool {
    // Only the header is parsed; the body is scanned for the token without splitting fields.
    let mut header_end = bytes.len();
    let mut offset = 0;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        offset += line.len();
        let l = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        let l = l.strip_suffix(b"\n").unwrap_or(l);
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        if !l.is_empty() && !l.starts_with(b"#") {
            header_end = offset;
            break;
        }
    }
    let long = TextTable::parse(&bytes[..header_end], path).is_ok_and(|t| is_long(&t));
    long || has_undetermined_cell(&bytes[header_end..])
}

/// True when some cell (delimited by tab, comma, semicolon, quote or line end) is `Undetermined`.
fn has_undetermined_cell(body: &[u8]) -> bool {
    const TOKEN: &[u8] = b"undetermined";
    let boundary =
        |b: Option<&u8>| matches!(b, None | Some(b'\t' | b',' | b';' | b'"' | b'\r' | b'\n'));
    // Only a `u` or `U` can start the token: test those bytes, in parallel blocks (a 240 MB
    // numeric matrix has almost none, so this is a plain scan).
    body.par_chunks(1 << 20).enumerate().any(|(c, chunk)| {
        let start = c << 20;
        // A branch-free (vectorised) test first: most blocks hold no `u` at all.
        chunk
            .iter()
            .fold(false, |seen, &b| seen | (b | 0x20 == b'u'))
            && chunk.iter().enumerate().any(|(k, &b)| {
                let i = start + k;
                b | 0x20 == b'u'
                    && body
                        .get(i..i + TOKEN.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(TOKEN))
                    && boundary(i.checked_sub(1).and_then(|p| body.get(p)))
                    && boundary(body.get(i + TOKEN.len()))
            })
    })
}

fn is_long(t: &TextTable) -> bool {
    t.column(SAMPLE).is_some() && t.column(TARGET).is_some() && t.column(CT).is_some()
}

/// Parses a Ct table into targets x samples of raw Ct (NaN = non-detect).
pub fn parse(
    bytes: &[u8],
    path: &Path,
    options: &CtOptions,
    warnings: &mut Warnings,
) -> Result<ExpressionMatrix> {
    if options.cutoff.is_nan()
        || options.cutoff <= 0.0
        || options.replicate_tolerance.is_nan()
        || options.replicate_tolerance < 0.0
    {
        return Err(Error::Usage(
            "--ct-cutoff must be > 0 and --replicate-tolerance >= 0".into(),
        ));
    }
    let t = TextTable::parse(bytes, path)?;
    // (target, sample, line, column, cell)
    let mut cells: Vec<(String, String, usize, usize, String)> = Vec::new();
    if is_long(&t) {
        let (s, g, c) = (
            t.require(SAMPLE, path)?,
            t.require(TARGET, path)?,
            t.require(CT, path)?,
        );
        for (line, f) in &t.rows {
            cells.push((f[g].clone(), f[s].clone(), *line, c, f[c].clone()));
        }
    } else {
        if t.header.len() < 2 {
            return Err(Error::invalid(
                path,
                "a wide Ct table needs at least two columns",
            ));
        }
        for (line, f) in &t.rows {
            for (j, cell) in f.iter().enumerate().skip(1) {
                let (target, sample) = if options.samples_as_rows {
                    (t.header[j].clone(), f[0].clone())
                } else {
                    (f[0].clone(), t.header[j].clone())
                };
                cells.push((target, sample, *line, j, cell.clone()));
            }
        }
    }
    let mut targets: Vec<String> = Vec::new();
    let mut samples: Vec<String> = Vec::new();
    let mut t_index: HashMap<String, usize> = HashMap::new();
    let mut s_index: HashMap<String, usize> = HashMap::new();
    // (row, col) -> detected replicate values, replicate count
    let mut groups: HashMap<(usize, usize), (Vec<f64>, usize)> = HashMap::new();
    let mut non_detects = 0usize;
    for (target, sample, line, col, cell) in cells {
        if target.is_empty() || sample.is_empty() {
            return Err(Error::Parse {
                path: path.into(),
                line,
                column: None,
                message: "empty target or sample name".into(),
            });
        }
        let i = *t_index.entry(target.clone()).or_insert_with(|| {
            targets.push(target);
            targets.len() - 1
        });
        let j = *s_index.entry(sample.clone()).or_insert_with(|| {
            samples.push(sample);
            samples.len() - 1
        });
        let value = read_ct(&cell, options.cutoff).ok_or_else(|| Error::Parse {
            path: path.into(),
            line,
            column: Some((col + 1, t.header[col].clone())),
            message: format!("'{cell}' is not a Ct value (a number, Undetermined or NA)"),
        })?;
        let group = groups.entry((i, j)).or_default();
        group.1 += 1;
        match value {
            Some(v) => group.0.push(v),
            None => non_detects += 1,
        }
    }
    if targets.is_empty() {
        return Err(Error::invalid(path, "no Ct values"));
    }
    // A long table lists (sample, target) pairs: one whose pairs fill almost none of the target x
    // sample grid would make a matrix far larger than the file (100,000 rows, each a new target
    // and a new sample, ask for 10^10 cells). Refused rather than allocated.
    let grid = targets.len().saturating_mul(samples.len());
    if grid > (1 << 20) && grid / 16 > groups.len() {
        return Err(Error::invalid(
            path,
            format!(
                "{} targets x {} samples but only {} measured pairs: the table is too sparse to be one Ct panel (check the sample and target columns)",
                targets.len(),
                samples.len(),
                groups.len()
            ),
        ));
    }
    let mut values = Array2::<f64>::from_elem((targets.len(), samples.len()), f64::NAN);
    let (mut replicated, mut disagree) = (0usize, 0usize);
    let mut keys: Vec<_> = groups.keys().copied().collect();
    keys.sort_unstable();
    for key in keys {
        let (detected, n) = &groups[&key];
        if *n > 1 {
            replicated += 1;
        }
        if detected.is_empty() {
            continue;
        }
        let (lo, hi) = detected
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        if hi - lo > options.replicate_tolerance {
            disagree += 1;
        }
        // Each value divided first: a sum of huge Ct values (a --ct-cutoff far above any real Ct)
        // would overflow to infinity.
        let n = detected.len() as f64;
        let sum = detected.iter().sum::<f64>();
        values[key] = if sum.is_finite() {
            sum / n
        } else {
            detected.iter().map(|v| v / n).sum::<f64>()
        };
    }
    if non_detects > 0 {
        warnings.push(
            "ct_non_detects",
            non_detects,
            format!(
                "{non_detects} Ct measurement(s) are non-detects (Undetermined, NA, empty or >= {}) and count as missing",
                options.cutoff
            ),
        );
    }
    if replicated > 0 {
        warnings.push(
            "ct_replicates_averaged",
            replicated,
            format!("{replicated} sample/target pair(s) have technical replicates, averaged over their detected values"),
        );
    }
    if disagree > 0 {
        warnings.push(
            "ct_replicates_disagree",
            disagree,
            format!(
                "{disagree} replicate group(s) spread by more than {} cycles (--replicate-tolerance)",
                options.replicate_tolerance
            ),
        );
    }
    Ok(ExpressionMatrix::new(targets, samples, values))
}

/// `Some(Some(ct))` for a detected value, `Some(None)` for a non-detect, `None` for junk.
fn read_ct(cell: &str, cutoff: f64) -> Option<Option<f64>> {
    if cell.eq_ignore_ascii_case("undetermined") || NA_SPELLINGS.contains(&cell) {
        return Some(None);
    }
    let v: f64 = cell.parse().ok()?;
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    Some((v < cutoff).then_some(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(w: &Warnings) -> Vec<(&'static str, usize)> {
        w.iter().map(|w| (w.code, w.count)).collect()
    }

    #[test]
    fn long_form_with_replicates_and_non_detects() {
        let text = b"Well,Sample Name,Target Name,CT\nA1,S1,miR-21,20.0\nA2,S1,miR-21,20.4\nA3,S1,RNU6B,Undetermined\nA4,S2,miR-21,41.2\nA5,S2,RNU6B,18\nA6,S1,RNU6B,17.0\nA7,S2,miR-21,30\nA8,S2,miR-21,31\n";
        assert!(looks_like_ct(&text[..], "c.csv".as_ref()));
        let mut w = Warnings::default();
        let m = parse(&text[..], "c.csv".as_ref(), &CtOptions::default(), &mut w).unwrap();
        assert_eq!(m.features, ["miR-21", "RNU6B"]);
        assert_eq!(m.samples, ["S1", "S2"]);
        assert!((m.values[[0, 0]] - 20.2).abs() < 1e-12);
        assert_eq!(m.values[[1, 0]], 17.0); // Undetermined replicate left out
        assert_eq!(m.values[[0, 1]], 30.5); // 41.2 >= 40 is a non-detect
        assert_eq!(m.values[[1, 1]], 18.0);
        assert_eq!(
            codes(&w),
            [
                ("ct_non_detects", 2),
                ("ct_replicates_averaged", 3),
                ("ct_replicates_disagree", 1)
            ]
        );
    }

    #[test]
    fn wide_form_in_both_orientations() {
        let text = b"target\tS1\tS2\nmiR-21\t25.5\tundetermined\nmiR-21\t25.7\t\nRNU48\t22\t23\n";
        let mut w = Warnings::default();
        let m = parse(&text[..], "c.tsv".as_ref(), &CtOptions::default(), &mut w).unwrap();
        assert_eq!(m.features, ["miR-21", "RNU48"]);
        assert!((m.values[[0, 0]] - 25.6).abs() < 1e-12);
        assert!(m.values[[0, 1]].is_nan());
        let flipped = b"sample\tmiR-21\tRNU48\nS1\t25\t22\nS2\tNA\t23\n";
        let opts = CtOptions {
            samples_as_rows: true,
            ..CtOptions::default()
        };
        let m = parse(&flipped[..], "c.tsv".as_ref(), &opts, &mut w).unwrap();
        assert_eq!(m.features, ["miR-21", "RNU48"]);
        assert_eq!(m.samples, ["S1", "S2"]);
        assert_eq!(m.values[[1, 1]], 23.0);
    }

    #[test]
    fn replicates_of_huge_ct_values_average_to_a_finite_value() {
        let opts = CtOptions {
            cutoff: f64::INFINITY,
            ..CtOptions::default()
        };
        let m = parse(
            &b"target\tS1\nm\t1.5e308\nm\t1.7e308\n"[..],
            "c.tsv".as_ref(),
            &opts,
            &mut Warnings::default(),
        )
        .unwrap();
        assert!(m.values[[0, 0]].is_finite() && m.values[[0, 0]] > 1.5e308);
    }

    #[test]
    fn a_long_table_too_sparse_for_its_grid_is_refused() {
        let mut text = String::from("sample,target,ct\n");
        for i in 0..5000 {
            text.push_str(&format!("S{i},m{i},20\n"));
        }
        let err = parse(
            text.as_bytes(),
            "c.csv".as_ref(),
            &CtOptions::default(),
            &mut Warnings::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("5000 targets x 5000 samples"), "{err}");
    }

    #[test]
    fn junk_cell_names_line_and_column() {
        let err = parse(
            &b"target\tS1\nmiR-21\tfail\n"[..],
            "c.tsv".as_ref(),
            &CtOptions::default(),
            &mut Warnings::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("c.tsv: line 2, column 2 ('S1'): 'fail' is not a Ct value"),
            "{err}"
        );
    }
}
