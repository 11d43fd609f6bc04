//! Delimited text matrices (TSV, CSV), the format most downloads come in.
//!
//! The header is read by hand so that sample names keep their spelling and duplicates are caught;
//! a plain numeric body (no quotes, numbers and missing-value spellings only, no ragged rows) is
//! parsed in parallel straight into the final matrix by [`super::fast_numeric`]; anything else is
//! parsed by polars' multi-threaded CSV reader into one `f64` column per sample and then
//! copied once into an `ndarray` (features x samples). When polars refuses the body, or leaves holes
//! that are not missing-value spellings, a line-by-line scan finds the first bad line and column and
//! reports it with the offending value.
//!
//! Accepted: tab, comma or semicolon separators; `"` quoting; a UTF-8 byte-order mark; CRLF line
//! ends; comment lines starting with `#` before or between rows; an R-style header that lacks a name
//! for the id column; missing values spelled `NA`, `NaN`, `nan`, `N/A`, `null`, `NULL` or empty.

use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use ndarray::Array2;
use polars::prelude::*;

use super::fast_numeric;
use crate::error::{Error, Result};
use crate::matrix::ExpressionMatrix;

/// Spellings read as a missing value (NaN).
pub const NA_SPELLINGS: [&str; 7] = ["NA", "NaN", "nan", "N/A", "null", "NULL", ""];

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses a delimited matrix with the first column as feature ids and one column per sample.
///
/// `path` names the source in error messages and picks the separator for `.csv` files; otherwise
/// the separator is the first of tab, comma, semicolon found in the header line.
///
/// ```
/// # fn main() -> osteomir::Result<()> {
/// let text = b"mirna\tS1\tS2\nhsa-miR-21-5p\t1.5\t2\nhsa-miR-10b-5p\tNA\t3\n".to_vec();
/// let m = osteomir::io::delimited::parse(text, "m.tsv".as_ref())?;
/// assert_eq!(m.samples, ["S1", "S2"]);
/// assert_eq!(m.values[[0, 1]], 2.0);
/// assert!(m.values[[1, 0]].is_nan());
/// # Ok(()) }
/// ```
pub fn parse(bytes: Vec<u8>, path: &Path) -> Result<ExpressionMatrix> {
    let text = bytes.strip_prefix(BOM).unwrap_or(&bytes);
    let layout = Layout::detect(text, path)?;
    if !text.contains(&b'"') {
        let n_samples = layout.sample_names.len();
        if let Some((features, values)) =
            fast_numeric::parse_body(body(text, layout.header_line), layout.separator, n_samples)
        {
            drop(bytes);
            check_unique_features(&features, path)?;
            return Ok(ExpressionMatrix::new(features, layout.sample_names, values));
        }
    }
    parse_with_layout(bytes, layout, path)
}

/// Like [`parse`], but always through polars and the line-by-line diagnosis, never the fast path
/// of [`super::fast_numeric`]: for tests and benchmarks that compare the two.
pub fn parse_general(bytes: Vec<u8>, path: &Path) -> Result<ExpressionMatrix> {
    let text = bytes.strip_prefix(BOM).unwrap_or(&bytes);
    let layout = Layout::detect(text, path)?;
    parse_with_layout(bytes, layout, path)
}

/// The bytes after the line `header_line` (0-based) and its terminator.
fn body(text: &[u8], header_line: usize) -> &[u8] {
    let mut offset = 0;
    for _ in 0..=header_line {
        match text[offset..].iter().position(|&b| b == b'\n') {
            Some(p) => offset += p + 1,
            None => return &[],
        }
    }
    &text[offset..]
}

/// The general path: polars reads the body, a line-by-line scan explains what it refuses.
fn parse_with_layout(mut bytes: Vec<u8>, layout: Layout, path: &Path) -> Result<ExpressionMatrix> {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    if bytes.contains(&b'"') {
        bytes = unquote(&bytes, layout.separator, path)?;
    }
    let n_samples = layout.sample_names.len();
    // polars fills short rows with nulls: a wide header over many short lines would make it build
    // a frame far larger than the file. Such a body is ragged; find the row before reading it.
    let n_lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    if n_lines.saturating_mul(n_samples) > bytes.len() {
        if let Some(err) = diagnose(&bytes, &layout, path)? {
            return Err(err);
        }
    }
    let frame = match read_body(&bytes, &layout) {
        Ok(frame) => frame,
        Err(polars_error) => {
            return Err(diagnose(&bytes, &layout, path)?.unwrap_or_else(|| {
                Error::invalid(path, format!("cannot parse matrix: {polars_error}"))
            }))
        }
    };
    if frame.height() == 0 {
        return Err(Error::invalid(path, "header only: no data rows"));
    }
    let columns = frame.into_columns();
    let has_holes = columns.iter().skip(1).any(|c| c.null_count() > 0);
    if has_holes {
        // Nulls are legitimate NA spellings unless a row was short or a cell unparsable.
        if let Some(err) = diagnose(&bytes, &layout, path)? {
            return Err(err);
        }
    }
    drop(bytes);
    let features = feature_ids(&columns[0], path)?;
    check_unique_features(&features, path)?;
    let mut values = Array2::<f64>::zeros((features.len(), n_samples));
    for (j, column) in columns.iter().skip(1).enumerate() {
        let ca = column
            .f64()
            .map_err(|e| Error::Internal(format!("sample column is not f64: {e}")))?;
        for (i, v) in ca.iter().enumerate() {
            values[[i, j]] = v.unwrap_or(f64::NAN);
        }
    }
    drop(columns);
    check_finite(&values, &features, &layout, path)?;
    Ok(ExpressionMatrix::new(features, layout.sample_names, values))
}

/// Where the header is, how fields are separated and what the samples are called.
struct Layout {
    separator: u8,
    /// 0-based index of the header line among all lines.
    header_line: usize,
    sample_names: Vec<String>,
    /// The header had no name for the id column (R's write.table with row names).
    r_style: bool,
}

impl Layout {
    fn detect(bytes: &[u8], path: &Path) -> Result<Self> {
        let (header_line, header) = lines(bytes)
            .enumerate()
            .find(|(_, l)| !is_skippable(l))
            .ok_or_else(|| Error::invalid(path, "empty file: no header line"))?;
        let header = std::str::from_utf8(header).map_err(|_| Error::Parse {
            path: path.into(),
            line: header_line + 1,
            column: None,
            message: "header line is not valid UTF-8".into(),
        })?;
        let separator = pick_separator(header, path);
        let mut names: Vec<String> = split_fields(header.as_bytes(), separator)
            .map(|f| String::from_utf8_lossy(f).trim().to_string())
            .collect();
        // An R-style header (write.table with row names) has no name for the id column.
        let first_data = lines(bytes)
            .skip(header_line + 1)
            .find(|l| !is_skippable(l));
        let r_style =
            first_data.is_some_and(|row| split_fields(row, separator).count() == names.len() + 1);
        if r_style {
            names.insert(0, String::new());
        }
        if names.len() < 2 {
            return Err(Error::Parse {
                path: path.into(),
                line: header_line + 1,
                column: None,
                message: format!(
                    "only one column found (separator '{}'): expected a feature id column and at least one sample column",
                    (separator as char).escape_default()
                ),
            });
        }
        let sample_names = names.split_off(1);
        check_sample_names(&sample_names, header_line + 1, path)?;
        Ok(Self {
            separator,
            header_line,
            sample_names,
            r_style,
        })
    }
}

fn pick_separator(header: &str, path: &Path) -> u8 {
    let name = path.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".csv") || name.ends_with(".csv.gz") {
        return b',';
    }
    [b'\t', b',', b';']
        .into_iter()
        .find(|&s| header.as_bytes().contains(&s))
        .unwrap_or(b'\t')
}

fn check_sample_names(names: &[String], line: usize, path: &Path) -> Result<()> {
    let mut seen = std::collections::HashMap::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let column = i + 2;
        if name.is_empty() {
            return Err(Error::Parse {
                path: path.into(),
                line,
                column: Some((column, String::new())),
                message: "empty sample name in the header".into(),
            });
        }
        if let Some(first) = seen.insert(name.as_str(), column) {
            return Err(Error::Parse {
                path: path.into(),
                line,
                column: Some((column, name.clone())),
                message: format!("duplicate sample name '{name}' (also column {first})"),
            });
        }
    }
    Ok(())
}

fn read_body(bytes: &[u8], layout: &Layout) -> PolarsResult<DataFrame> {
    let n = layout.sample_names.len();
    let mut fields = Vec::with_capacity(n + 1);
    fields.push(Field::new("c0".into(), DataType::String));
    for j in 1..=n {
        fields.push(Field::new(format!("c{j}").into(), DataType::Float64));
    }
    let schema: Schema = fields.into_iter().collect();
    let parse_options = CsvParseOptions::default()
        .with_separator(layout.separator)
        // Quotes were removed by `unquote`: polars 0.55 reads out of bounds on a lone `"` field
        // when null values are set (found by tests/fuzz_smoke.rs), so its quote parsing stays off.
        .with_quote_char(None)
        .with_comment_prefix(Some("#"))
        .with_missing_is_null(true)
        .with_null_values(Some(NullValues::AllColumns(
            NA_SPELLINGS.iter().map(|s| (*s).into()).collect(),
        )));
    CsvReadOptions::default()
        .with_has_header(false)
        .with_skip_lines(layout.header_line + 1)
        .with_schema(Some(Arc::new(schema)))
        .with_parse_options(parse_options)
        .with_raise_if_empty(false)
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
}

fn feature_ids(column: &Column, path: &Path) -> Result<Vec<String>> {
    let ca = column
        .str()
        .map_err(|e| Error::Internal(format!("feature column is not text: {e}")))?;
    ca.iter()
        .enumerate()
        .map(|(row, v)| match v.map(str::trim) {
            Some(id) if !id.is_empty() => Ok(id.to_string()),
            _ => Err(Error::invalid(
                path,
                format!("data row {}: missing feature id in column 1", row + 1),
            )),
        })
        .collect()
}

fn check_unique_features(features: &[String], path: &Path) -> Result<()> {
    let mut seen = std::collections::HashMap::with_capacity(features.len());
    for (row, id) in features.iter().enumerate() {
        if let Some(first) = seen.insert(id.as_str(), row) {
            return Err(Error::invalid(
                path,
                format!(
                    "duplicate feature id '{id}' in data rows {} and {}",
                    first + 1,
                    row + 1
                ),
            ));
        }
    }
    Ok(())
}

fn check_finite(
    values: &Array2<f64>,
    features: &[String],
    layout: &Layout,
    path: &Path,
) -> Result<()> {
    for ((i, j), v) in values.indexed_iter() {
        if v.is_infinite() {
            return Err(Error::invalid(
                path,
                format!(
                    "feature '{}' (data row {}), sample '{}' (column {}): value {v} is not finite",
                    features[i],
                    i + 1,
                    layout.sample_names[j],
                    j + 2
                ),
            ));
        }
    }
    Ok(())
}

/// Rewrites the text without field quotes, line structure unchanged. A quoted field that contains
/// the separator or a line break cannot be kept in one field without quotes and is refused.
fn unquote(bytes: &[u8], separator: u8, path: &Path) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    for (index, line) in lines(bytes).enumerate() {
        if !line.contains(&b'"') || line.starts_with(b"#") {
            out.extend_from_slice(line);
        } else {
            for (j, field) in split_fields(line, separator).enumerate() {
                if field.contains(&separator) || field.contains(&b'"') {
                    return Err(Error::Parse {
                        path: path.into(),
                        line: index + 1,
                        column: Some((j + 1, String::new())),
                        message: format!(
                            "unsupported quoting in field '{}' (a quoted separator or an unbalanced quote)",
                            String::from_utf8_lossy(field)
                        ),
                    });
                }
                if j > 0 {
                    out.push(separator);
                }
                out.extend_from_slice(field);
            }
        }
        out.push(b'\n');
    }
    Ok(out)
}

/// Scans the body line by line for the first ragged row or non-numeric cell.
fn diagnose(bytes: &[u8], layout: &Layout, path: &Path) -> Result<Option<Error>> {
    let expected = layout.sample_names.len() + 1;
    for (index, line) in lines(bytes).enumerate().skip(layout.header_line + 1) {
        if is_skippable(line) {
            continue;
        }
        let fields: Vec<&[u8]> = split_fields(line, layout.separator).collect();
        let line_no = index + 1;
        if std::str::from_utf8(fields[0]).is_err() {
            return Ok(Some(Error::Parse {
                path: path.into(),
                line: line_no,
                column: Some((1, String::new())),
                message: format!(
                    "feature id '{}' is not valid UTF-8",
                    String::from_utf8_lossy(fields[0])
                ),
            }));
        }
        if fields.len() != expected {
            return Ok(Some(Error::Parse {
                path: path.into(),
                line: line_no,
                column: None,
                message: format!(
                    "ragged row: expected {expected} fields, found {}{}",
                    fields.len(),
                    if layout.r_style {
                        " (the first data row has one field more than the header, so the header was read as R-style, without a name for the id column)"
                    } else {
                        ""
                    }
                ),
            }));
        }
        for (j, raw) in fields.iter().enumerate().skip(1) {
            let text = String::from_utf8_lossy(raw);
            let cell = text.trim().trim_matches('"');
            if NA_SPELLINGS.contains(&cell) || cell.parse::<f64>().is_ok() {
                continue;
            }
            return Ok(Some(Error::Parse {
                path: path.into(),
                line: line_no,
                column: Some((j + 1, layout.sample_names[j - 1].clone())),
                message: format!("'{cell}' is not a number"),
            }));
        }
    }
    Ok(None)
}

/// Lines without their terminator (`\n` or `\r\n`).
pub(crate) fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    body.split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .take_while(move |_| !bytes.is_empty())
}

pub(crate) fn is_skippable(line: &[u8]) -> bool {
    line.is_empty() || line.starts_with(b"#")
}

/// Splits one line on `sep`, honouring `"` quotes, and strips the quotes.
pub(crate) fn split_fields(line: &[u8], sep: u8) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    let mut in_quotes = false;
    let mut bounds = Vec::new();
    for (i, &b) in line.iter().enumerate() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == sep && !in_quotes {
            bounds.push((start, i));
            start = i + 1;
        }
    }
    bounds.push((start, line.len()));
    bounds.into_iter().map(move |(a, b)| {
        let field = &line[a..b];
        match field {
            [b'"', inner @ .., b'"'] => inner,
            _ => field,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str, name: &str) -> Result<ExpressionMatrix> {
        parse(text.as_bytes().to_vec(), Path::new(name))
    }

    #[test]
    fn reads_tsv_with_names_and_values() {
        let m = parse_str("id\tA\tB\nx\t1\t2\ny\t3\t4.5\n", "m.tsv").unwrap();
        assert_eq!(m.features, ["x", "y"]);
        assert_eq!(m.samples, ["A", "B"]);
        assert_eq!(m.values, ndarray::array![[1.0, 2.0], [3.0, 4.5]]);
    }

    #[test]
    fn csv_with_bom_crlf_quotes_and_comments_reads_like_tsv() {
        let csv = "\u{feff}# exported\r\n\"id\",\"A\",\"B\"\r\n\"x\",1,2\r\n# note\r\ny,3,4.5\r\n";
        let m = parse_str(csv, "m.csv").unwrap();
        let t = parse_str("id\tA\tB\nx\t1\t2\ny\t3\t4.5\n", "m.tsv").unwrap();
        assert_eq!(m, t);
    }

    #[test]
    fn lone_quote_field_is_an_error_not_a_crash() {
        // Regression: polars 0.55 read out of bounds on this (tests/fuzz_smoke.rs found it).
        let err = parse_str("id\tA\tB\nm1\t\"\t2\n", "m.tsv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2") && err.contains("quot"), "{err}");
    }

    #[test]
    fn quoted_separator_is_refused_clearly() {
        let err = parse_str("id,A\n\"m,1\",2\n", "m.csv")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2") && err.contains("quoted separator"),
            "{err}"
        );
    }

    #[test]
    fn r_style_header_without_id_name_is_accepted() {
        let m = parse_str("A\tB\nx\t1\t2\n", "m.tsv").unwrap();
        assert_eq!(m.samples, ["A", "B"]);
    }

    #[test]
    fn na_spellings_become_nan() {
        let m = parse_str("id\tA\tB\tC\nx\tNA\t\tnan\n", "m.tsv").unwrap();
        assert!(m.values.iter().all(|v| v.is_nan()));
    }

    #[test]
    fn non_numeric_cell_names_line_column_and_value() {
        let err = parse_str("id\tA\tB\nx\t1\t2\ny\t3\tabc\n", "m.tsv")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "m.tsv: line 3, column 3 ('B'): 'abc' is not a number");
    }

    #[test]
    fn ragged_row_names_the_line() {
        let err = parse_str("id\tA\tB\nx\t1\t2\ny\t3\n", "m.tsv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3") && err.contains("ragged"), "{err}");
    }

    #[test]
    fn duplicate_sample_names_are_refused() {
        let err = parse_str("id\tA\tA\nx\t1\t2\n", "m.tsv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("duplicate sample name 'A'"), "{err}");
    }

    #[test]
    fn duplicate_feature_ids_are_refused() {
        let err = parse_str("id\tA\nx\t1\nx\t2\n", "m.tsv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("duplicate feature id 'x'"), "{err}");
    }

    #[test]
    fn empty_header_only_and_single_column_files_are_refused() {
        for (text, words) in [
            ("", "empty file"),
            ("id\tA\tB\n", "no data rows"),
            ("id\nx\ny\n", "only one column"),
        ] {
            let err = parse_str(text, "m.tsv").unwrap_err().to_string();
            assert!(err.contains(words), "{text:?}: {err}");
        }
    }

    #[test]
    fn non_utf8_feature_id_names_its_line() {
        let err = parse(b"id\tA\nm\xff\t1\n".to_vec(), Path::new("m.tsv"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2") && err.contains("not valid UTF-8"),
            "{err}"
        );
    }

    #[test]
    fn infinite_values_are_refused() {
        let err = parse_str("id\tA\nx\tinf\n", "m.tsv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not finite"), "{err}");
    }

    #[test]
    fn extreme_finite_values_are_kept() {
        let m = parse_str("id\tA\nx\t1e308\n", "m.tsv").unwrap();
        assert_eq!(m.values[[0, 0]], 1e308);
    }
}
