//! GEO series matrix files (`GSExxxx_series_matrix.txt[.gz]`) and GPL platform annotation tables.
//!
//! A series matrix has `!Series_...` and `!Sample_...` header lines, then a table between
//! `!series_matrix_table_begin` and `!series_matrix_table_end` whose header is `"ID_REF"` followed by
//! the GSM accession of each sample. Samples are named by their GSM ids, or, on request, by
//! `!Sample_title` (when those titles are unique). Values spelled `null`, `NA` or empty are missing.
//!
//! Array platforms name rows by probe ids. A GPL annotation table (`--platform-annotation FILE`: the
//! "full table" download of the GPL page, or its SOFT `!platform_table_begin` block) maps them to
//! miRNA names: the probe column is `ID`; the name column is `--annotation-column` when given, else
//! the first column whose header contains `mirna` (any case), else one named `name`.
//!
//! Mapping rules, each counted in a warning:
//! * probes absent from the annotation, or with an empty name, are dropped;
//! * when several probes map to one name, the probe with the highest mean expression across samples
//!   is kept (the `MaxMean` rule of WGCNA's `collapseRows`; ties keep the first probe in file order).

use std::collections::HashMap;
use std::path::Path;

use ndarray::Array2;

use super::delimited::lines;
use super::gct::first_duplicate;
use super::text::{number, TextTable};
use super::warnings::Warnings;
use crate::error::{Error, Result};
use crate::matrix::ExpressionMatrix;

/// How GEO samples are named.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GeoSampleNames {
    /// GSM accessions (the table header).
    #[default]
    Gsm,
    /// `!Sample_title`.
    Title,
}

/// True when `bytes` look like a series matrix (a `!Series_` line or the table marker).
pub fn looks_like_series_matrix(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1 << 20)];
    head.starts_with(b"!Series_")
        || lines(head).any(|l| l.starts_with(b"!series_matrix_table_begin"))
}

/// Parses a series matrix into probes (or ids) x samples, plus the platform id when stated.
pub fn parse(
    bytes: &[u8],
    path: &Path,
    names: GeoSampleNames,
) -> Result<(ExpressionMatrix, Option<String>)> {
    let mut titles: Option<Result<Vec<String>>> = None;
    let mut platform = None;
    // The table's (1-based line number, line) pairs, blank lines left out.
    let mut table: Option<Vec<(usize, &[u8])>> = None;
    let mut in_table = false;
    let mut ended = false;
    for (i, line) in lines(bytes).enumerate() {
        if in_table {
            if line.starts_with(b"!series_matrix_table_end") {
                in_table = false;
                ended = true;
            } else if !line.is_empty() {
                if let Some(rows) = table.as_mut() {
                    rows.push((i + 1, line));
                }
            }
        } else if line.starts_with(b"!series_matrix_table_begin") {
            in_table = true;
            table = Some(Vec::new());
        } else if line.starts_with(b"!Sample_title") {
            titles =
                Some(strict_fields(line, path, i + 1).map(|t| t.into_iter().skip(1).collect()));
        } else if line.starts_with(b"!Series_platform_id") {
            platform = fields(line).nth(1);
        }
    }
    let Some(rows) = table else {
        return Err(Error::invalid(
            path,
            "no !series_matrix_table_begin line: not a GEO series matrix",
        ));
    };
    if !ended {
        return Err(Error::invalid(
            path,
            "no !series_matrix_table_end line: the file is truncated",
        ));
    }
    let mut rows = rows.into_iter();
    let header: Vec<String> = match rows.next() {
        Some((line_no, l)) => strict_fields(l, path, line_no)?,
        None => return Err(Error::invalid(path, "empty series matrix table")),
    };
    if header.len() < 2 {
        return Err(Error::invalid(
            path,
            "series matrix table has no sample column",
        ));
    }
    let mut samples: Vec<String> = header[1..].to_vec();
    if names == GeoSampleNames::Title {
        match titles.transpose()? {
            Some(t) if t.len() == samples.len() && first_duplicate(&t).is_none() => samples = t,
            _ => return Err(Error::invalid(
                path,
                "cannot name samples by !Sample_title: missing, of the wrong length or not unique",
            )),
        }
    }
    if let Some(dup) = first_duplicate(&samples) {
        return Err(Error::invalid(
            path,
            format!("duplicate sample name '{dup}'"),
        ));
    }
    let mut features = Vec::new();
    let mut data = Vec::new();
    for (line_no, line) in rows {
        let f: Vec<String> = strict_fields(line, path, line_no)?;
        if f.len() != header.len() {
            return Err(Error::Parse {
                path: path.into(),
                line: line_no,
                column: None,
                message: format!(
                    "ragged row: expected {} fields, found {}",
                    header.len(),
                    f.len()
                ),
            });
        }
        if f[0].is_empty() {
            return Err(Error::Parse {
                path: path.into(),
                line: line_no,
                column: Some((1, header[0].clone())),
                message: "missing ID_REF (empty first field)".into(),
            });
        }
        features.push(f[0].clone());
        for (j, cell) in f.iter().enumerate().skip(1) {
            let v = if cell.eq_ignore_ascii_case("null") {
                f64::NAN
            } else {
                number(cell, path, line_no, (j, &header[j]))?
            };
            data.push(v);
        }
    }
    if features.is_empty() {
        return Err(Error::invalid(path, "series matrix table has no data rows"));
    }
    if let Some(dup) = first_duplicate(&features) {
        return Err(Error::invalid(path, format!("duplicate ID_REF '{dup}'")));
    }
    let values = Array2::from_shape_vec((features.len(), samples.len()), data)
        .map_err(|e| Error::Internal(format!("series matrix shape: {e}")))?;
    Ok((ExpressionMatrix::new(features, samples, values), platform))
}

fn fields(line: &[u8]) -> impl Iterator<Item = String> + '_ {
    line.split(|&b| b == b'\t').map(|f| {
        let s = String::from_utf8_lossy(f);
        s.trim().trim_matches('"').to_string()
    })
}

/// Like [`fields`], but bytes that are not UTF-8 are an error naming the line (a lossy conversion
/// would silently rename samples or probes).
fn strict_fields(line: &[u8], path: &Path, line_no: usize) -> Result<Vec<String>> {
    if std::str::from_utf8(line).is_err() {
        return Err(Error::Parse {
            path: path.into(),
            line: line_no,
            column: None,
            message: "not valid UTF-8 text".into(),
        });
    }
    Ok(fields(line).collect())
}

/// A probe id -> miRNA name map read from a GPL table.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformAnnotation {
    /// The header of the column the names came from.
    pub column: String,
    /// Probe id -> name (empty names left out).
    pub names: HashMap<String, String>,
}

/// Reads a GPL annotation table: SOFT `^`/`!`/`#` lines are skipped, as is everything outside a
/// `!platform_table_begin` ... `!platform_table_end` block when there is one.
pub fn read_annotation(
    bytes: &[u8],
    path: &Path,
    column: Option<&str>,
) -> Result<PlatformAnnotation> {
    let has_block = lines(bytes).any(|l| l.starts_with(b"!platform_table_begin"));
    let mut kept = Vec::with_capacity(bytes.len());
    let mut inside = !has_block;
    for line in lines(bytes) {
        if line.starts_with(b"!platform_table_begin") {
            inside = true;
            continue;
        }
        if line.starts_with(b"!platform_table_end") {
            inside = false;
            continue;
        }
        // Keep line numbering: skipped lines become blank lines, which the table reader ignores.
        if inside && !line.starts_with(b"^") && !line.starts_with(b"!") {
            kept.extend_from_slice(line);
        }
        kept.push(b'\n');
    }
    let table = TextTable::parse(&kept, path)?;
    let id = table.require(&["ID"], path)?;
    let name_col = match column {
        Some(c) => table.require(&[c], path)?,
        None => table
            .header
            .iter()
            .position(|h| h.to_ascii_lowercase().contains("mirna"))
            .or_else(|| table.column(&["name"]))
            .ok_or_else(|| {
                Error::invalid(
                    path,
                    format!(
                        "no miRNA name column (a header containing 'mirna', or 'name'); pick one with --annotation-column (header: {})",
                        table.header.join(", ")
                    ),
                )
            })?,
    };
    let names = table
        .rows
        .iter()
        .filter(|(_, f)| !f[name_col].is_empty() && !f[id].is_empty())
        .map(|(_, f)| (f[id].clone(), f[name_col].clone()))
        .collect();
    Ok(PlatformAnnotation {
        column: table.header[name_col].clone(),
        names,
    })
}

/// Renames probe rows to miRNA names (see the module notes for the rules and their warnings).
pub fn apply_annotation(
    matrix: ExpressionMatrix,
    annotation: &PlatformAnnotation,
    warnings: &mut Warnings,
) -> Result<ExpressionMatrix> {
    let mut unmapped = 0usize;
    // name -> (row kept, its mean, the order the name first appeared)
    let mut chosen: HashMap<&str, (usize, f64)> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    let mut collapsed = 0usize;
    for (i, probe) in matrix.features.iter().enumerate() {
        let Some(name) = annotation.names.get(probe) else {
            unmapped += 1;
            continue;
        };
        let row = matrix.values.row(i);
        let observed: Vec<f64> = row.iter().copied().filter(|v| !v.is_nan()).collect();
        let n = observed.len() as f64;
        let sum = observed.iter().sum::<f64>();
        let mean = if observed.is_empty() {
            f64::NEG_INFINITY
        } else if sum.is_finite() {
            sum / n
        } else {
            // Values near f64::MAX: a plain sum overflows, a sum of the shares does not.
            observed.iter().map(|v| v / n).sum::<f64>()
        };
        match chosen.get_mut(name.as_str()) {
            None => {
                chosen.insert(name, (i, mean));
                order.push(name);
            }
            Some(best) => {
                collapsed += 1;
                if mean > best.1 {
                    *best = (i, mean);
                }
            }
        }
    }
    if order.is_empty() {
        return Err(Error::Usage(format!(
            "no probe of the matrix is named in the platform annotation (column '{}')",
            annotation.column
        )));
    }
    if unmapped > 0 {
        warnings.push(
            "unannotated_probes",
            unmapped,
            format!(
                "{unmapped} probe(s) have no miRNA name in annotation column '{}' and were dropped",
                annotation.column
            ),
        );
    }
    if collapsed > 0 {
        warnings.push(
            "duplicate_probes",
            collapsed,
            format!("{collapsed} probe(s) share a miRNA name with another probe: per name the probe with the highest mean expression was kept"),
        );
    }
    let rows: Vec<usize> = order.iter().map(|n| chosen[n].0).collect();
    let values = matrix.values.select(ndarray::Axis(0), &rows);
    let features = order.into_iter().map(String::from).collect();
    Ok(ExpressionMatrix::new(features, matrix.samples, values))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERIES: &[u8] = b"!Series_title\t\"A study\"\n!Series_platform_id\t\"GPL8179\"\n!Sample_title\t\"tumour 1\"\t\"normal 1\"\n!Sample_geo_accession\t\"GSM1\"\t\"GSM2\"\n!series_matrix_table_begin\n\"ID_REF\"\t\"GSM1\"\t\"GSM2\"\n\"p1\"\t7.5\t8\n\"p2\"\tnull\t3.25\n\"p3\"\t1\t2\n!series_matrix_table_end\n";

    #[test]
    fn reads_series_matrix_with_gsm_or_title_names() {
        assert!(looks_like_series_matrix(SERIES));
        let (m, gpl) = parse(SERIES, "s.txt".as_ref(), GeoSampleNames::Gsm).unwrap();
        assert_eq!(gpl.as_deref(), Some("GPL8179"));
        assert_eq!(m.samples, ["GSM1", "GSM2"]);
        assert_eq!(m.features, ["p1", "p2", "p3"]);
        assert!(m.values[[1, 0]].is_nan());
        assert_eq!(m.values[[1, 1]], 3.25);
        let (m, _) = parse(SERIES, "s.txt".as_ref(), GeoSampleNames::Title).unwrap();
        assert_eq!(m.samples, ["tumour 1", "normal 1"]);
    }

    #[test]
    fn truncated_table_and_bad_cell_are_errors() {
        let err = parse(
            &SERIES[..SERIES.len() - 26],
            "s.txt".as_ref(),
            GeoSampleNames::Gsm,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("truncated"), "{err}");
        let bad = String::from_utf8_lossy(SERIES).replace("3.25", "x");
        let err = parse(bad.as_bytes(), "s.txt".as_ref(), GeoSampleNames::Gsm)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "s.txt: line 8, column 3 ('GSM2'): 'x' is not a number");
    }

    #[test]
    fn annotation_maps_probes_keeping_the_highest_mean_duplicate() {
        let gpl = b"^PLATFORM = GPL1\n!Platform_title = x\n!platform_table_begin\nID\tSPOT_ID\tmiRNA_ID\np1\ta\thsa-miR-21-5p\np2\tb\thsa-miR-21-5p\np3\tc\t\n!platform_table_end\n";
        let ann = read_annotation(&gpl[..], "gpl.txt".as_ref(), None).unwrap();
        assert_eq!(ann.column, "miRNA_ID");
        let (m, _) = parse(SERIES, "s.txt".as_ref(), GeoSampleNames::Gsm).unwrap();
        let mut w = Warnings::default();
        let m = apply_annotation(m, &ann, &mut w).unwrap();
        assert_eq!(m.features, ["hsa-miR-21-5p"]);
        // p1 mean 7.75 beats p2 mean 3.25 (NaN skipped).
        assert_eq!(m.values.row(0).to_vec(), [7.5, 8.0]);
        let codes: Vec<_> = w.iter().map(|w| (w.code, w.count)).collect();
        assert_eq!(codes, [("unannotated_probes", 1), ("duplicate_probes", 1)]);
    }

    #[test]
    fn annotation_column_can_be_chosen_and_must_exist() {
        let gpl = b"ID\tName\tOther\np1\tmiR-a\tmiR-b\n";
        let ann = read_annotation(&gpl[..], "g".as_ref(), None).unwrap();
        assert_eq!(ann.names["p1"], "miR-a");
        let ann = read_annotation(&gpl[..], "g".as_ref(), Some("other")).unwrap();
        assert_eq!(ann.names["p1"], "miR-b");
        assert!(read_annotation(&gpl[..], "g".as_ref(), Some("nope")).is_err());
    }
}
