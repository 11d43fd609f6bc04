//! GCT files (Broad Institute / GenePattern / CMap), versions 1.2 and 1.3.
//!
//! Layout (tab-separated):
//! * line 1: `#1.2` or `#1.3`;
//! * line 2: `rows columns` (1.2) or `rows columns row-metadata-columns column-metadata-rows` (1.3);
//! * line 3: header. 1.2: `Name`, `Description`, then one column per sample. 1.3: the id column,
//!   then the row-metadata columns, then one column per sample;
//! * 1.3 only: one line per column-metadata field (its name, row-metadata placeholders, one value
//!   per sample), skipped here;
//! * data rows: id, description (1.2) or row metadata (1.3), then the values.
//!
//! The declared dimensions are checked against what the file holds. Missing values may be spelled
//! as in delimited files (`NA`, `NaN`, empty...).

use std::path::Path;

use ndarray::Array2;

use super::delimited::lines;
use super::text::number;
use crate::error::{Error, Result};
use crate::matrix::ExpressionMatrix;

/// True when `bytes` start with a GCT version line.
pub fn looks_like_gct(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    b.starts_with(b"#1.2") || b.starts_with(b"#1.3")
}

/// Parses a GCT 1.2 or 1.3 file into features x samples.
///
/// ```
/// let gct = b"#1.2\n2\t1\nName\tDescription\tS1\nmiR-21\tna\t5.5\nmiR-10b\tna\t2\n";
/// let m = osteomir::io::gct::parse(&gct[..], "m.gct".as_ref()).unwrap();
/// assert_eq!(m.samples, ["S1"]);
/// assert_eq!(m.values[[0, 0]], 5.5);
/// ```
pub fn parse(bytes: &[u8], path: &Path) -> Result<ExpressionMatrix> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let all: Vec<&[u8]> = lines(bytes).collect();
    let text = |i: usize| -> Result<String> {
        let raw = all.get(i).ok_or_else(|| {
            Error::invalid(path, format!("GCT file ends early (before line {})", i + 1))
        })?;
        utf8(raw, path, i + 1)
    };
    let parse_err = |line: usize, message: String| Error::Parse {
        path: path.into(),
        line,
        column: None,
        message,
    };
    let version = text(0)?.trim().to_string();
    let v13 = match version.as_str() {
        "#1.2" => false,
        "#1.3" => true,
        other => {
            return Err(parse_err(
                1,
                format!("'{other}' is not a GCT version line (#1.2 or #1.3)"),
            ))
        }
    };
    let dims_text = text(1)?;
    let dims: Vec<usize> = dims_text
        .split_whitespace()
        .map(|d| d.parse::<usize>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| {
            parse_err(
                2,
                format!("'{}' is not a GCT dimension line", dims_text.trim()),
            )
        })?;
    let want_dims = if v13 { 4 } else { 2 };
    if dims.len() != want_dims {
        return Err(parse_err(
            2,
            format!(
                "GCT {} dimension line needs {want_dims} numbers, found '{}'",
                &version[1..],
                dims_text.trim()
            ),
        ));
    }
    let (n_rows, n_cols) = (dims[0], dims[1]);
    let (row_meta, col_meta) = if v13 { (dims[2], dims[3]) } else { (1, 0) };
    // The declared sizes are untrusted: they must fit the lines the file holds before anything is
    // computed or allocated from them.
    let available = all.len().saturating_sub(3);
    if col_meta > available || n_rows > available - col_meta {
        return Err(parse_err(
            2,
            format!(
                "the dimension line declares {n_rows} rows and {col_meta} column-metadata lines, the file holds {available} lines after the header"
            ),
        ));
    }
    let header: Vec<String> = text(2)?
        .split('\t')
        .map(|s| s.trim().trim_matches('"').to_string())
        .collect();
    let first_value = 1 + row_meta.min(header.len());
    let implied = first_value.checked_add(n_cols);
    if row_meta >= header.len() || implied != Some(header.len()) {
        return Err(parse_err(
            3,
            format!(
                "header has {} fields, the dimension line '{}' implies {}",
                header.len(),
                dims_text.trim(),
                implied.map_or_else(|| "more".to_string(), |n| n.to_string())
            ),
        ));
    }
    let samples: Vec<String> = header[first_value..].to_vec();
    if let Some(dup) = first_duplicate(&samples) {
        return Err(parse_err(3, format!("duplicate sample name '{dup}'")));
    }
    let body_start = 3 + col_meta;
    let body: Vec<(usize, &[u8])> = all
        .iter()
        .enumerate()
        .skip(body_start)
        .filter(|(_, l)| !l.is_empty())
        .map(|(i, l)| (i + 1, *l))
        .collect();
    if body.len() != n_rows {
        return Err(Error::invalid(
            path,
            format!(
                "the dimension line declares {n_rows} rows, the file holds {}",
                body.len()
            ),
        ));
    }
    // Values are collected as the rows are read (each row checked first), not into a matrix
    // allocated from the declared sizes: short rows under a wide header must not ask for more
    // memory than the file holds.
    let mut features = Vec::with_capacity(n_rows);
    let mut data = Vec::new();
    for (line_no, raw) in &body {
        let line = utf8(raw, path, *line_no)?;
        let fields: Vec<&str> = line
            .split('\t')
            .map(|s| s.trim().trim_matches('"'))
            .collect();
        if fields.len() != header.len() {
            return Err(parse_err(
                *line_no,
                format!(
                    "ragged row: expected {} fields, found {}",
                    header.len(),
                    fields.len()
                ),
            ));
        }
        if fields[0].is_empty() {
            return Err(parse_err(*line_no, "missing feature id".into()));
        }
        features.push(fields[0].to_string());
        for (col, cell) in fields.iter().enumerate().skip(first_value) {
            data.push(number(cell, path, *line_no, (col, &header[col]))?);
        }
    }
    let values = Array2::from_shape_vec((n_rows, n_cols), data)
        .map_err(|e| Error::Internal(format!("GCT shape: {e}")))?;
    if let Some(dup) = first_duplicate(&features) {
        return Err(Error::invalid(
            path,
            format!("duplicate feature id '{dup}'"),
        ));
    }
    Ok(ExpressionMatrix::new(features, samples, values))
}

/// A line as text; bytes that are not UTF-8 are an error naming the line (a lossy conversion
/// would silently rename samples or features).
fn utf8(raw: &[u8], path: &Path, line: usize) -> Result<String> {
    std::str::from_utf8(raw)
        .map(str::to_string)
        .map_err(|e| Error::Parse {
            path: path.into(),
            line,
            column: None,
            message: format!("not valid UTF-8 (byte {} of the line)", e.valid_up_to() + 1),
        })
}

pub(crate) fn first_duplicate(names: &[String]) -> Option<&str> {
    let mut seen = std::collections::HashSet::with_capacity(names.len());
    names
        .iter()
        .find(|n| !seen.insert(n.as_str()))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gct_1_2() {
        let m = parse(
            &b"#1.2\r\n2\t2\r\nName\tDescription\tA\tB\r\nx\tna\t1\t2\r\ny\tdesc\tNA\t4.5\r\n"[..],
            "m.gct".as_ref(),
        )
        .unwrap();
        assert_eq!(m.features, ["x", "y"]);
        assert_eq!(m.samples, ["A", "B"]);
        assert_eq!(m.values[[1, 1]], 4.5);
        assert!(m.values[[1, 0]].is_nan());
    }

    #[test]
    fn reads_gct_1_3_with_row_and_column_metadata() {
        let gct = b"#1.3\n2\t2\t2\t1\nid\tdesc\tchr\tA\tB\ntissue\tna\tna\tbone\tlung\nx\td\t1\t1\t2\ny\td\t2\t3\t4\n";
        let m = parse(&gct[..], "m.gct".as_ref()).unwrap();
        assert_eq!(m.samples, ["A", "B"]);
        assert_eq!(m.features, ["x", "y"]);
        assert_eq!(m.values, ndarray::array![[1.0, 2.0], [3.0, 4.0]]);
    }

    #[test]
    fn wrong_dimensions_and_bad_cells_are_reported() {
        let err = parse(
            &b"#1.2\n3\t1\nName\tDescription\tA\nx\tna\t1\n"[..],
            "m.gct".as_ref(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("declares 3 rows"), "{err}");
        let err = parse(
            &b"#1.2\n1\t1\nName\tDescription\tA\nx\tna\tabc\n"[..],
            "m.gct".as_ref(),
        )
        .unwrap_err()
        .to_string();
        assert_eq!(err, "m.gct: line 4, column 3 ('A'): 'abc' is not a number");
        let err = parse(
            &b"#1.2\n1\t1\nName\tDescription\tA\nx\xff\tna\t1\n"[..],
            "m.gct".as_ref(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("line 4") && err.contains("UTF-8"), "{err}");
        let err = parse(&b"#1.4\n"[..], "m.gct".as_ref())
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a GCT version"), "{err}");
    }

    #[test]
    fn huge_or_overflowing_dimensions_are_errors_not_allocations() {
        for gct in [
            &b"#1.2\n99999999999999\t3\nName\tDescription\tA\tB\tC\nx\tna\t1\t2\t3\n"[..],
            b"#1.2\n1\t99999999999999\nName\tDescription\tA\nx\tna\t1\n",
            b"#1.2\n1\t18446744073709551615\nName\tDescription\tA\nx\tna\t1\n",
            b"#1.3\n1\t1\t18446744073709551615\t0\nid\tA\nx\t1\n",
            b"#1.3\n1\t18446744073709551615\t1\t0\nid\td\tA\nx\td\t1\n",
            b"#1.3\n1\t1\t0\t18446744073709551615\nid\tA\nx\t1\n",
            b"#1.3\n18446744073709551615\t1\t0\t1\nid\tA\nm\t1\nx\t1\n",
        ] {
            let err = parse(gct, "m.gct".as_ref()).unwrap_err().to_string();
            assert!(err.contains("line 2") || err.contains("line 3"), "{err}");
        }
    }
}
