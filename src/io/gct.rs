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
        Ok(String::from_utf8_lossy(raw).into_owned())
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
    let header: Vec<String> = text(2)?
        .split('\t')
        .map(|s| s.trim().trim_matches('"').to_string())
        .collect();
    let first_value = 1 + row_meta;
    if header.len() != first_value + n_cols {
        return Err(parse_err(
            3,
            format!(
                "header has {} fields, the dimension line implies {}",
                header.len(),
                first_value + n_cols
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
    let mut features = Vec::with_capacity(n_rows);
    let mut values = Array2::<f64>::zeros((n_rows, n_cols));
    for (i, (line_no, raw)) in body.iter().enumerate() {
        let line = String::from_utf8_lossy(raw);
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
        for j in 0..n_cols {
            let col = first_value + j;
            values[[i, j]] = number(fields[col], path, *line_no, (col, &header[col]))?;
        }
    }
    if let Some(dup) = first_duplicate(&features) {
        return Err(Error::invalid(
            path,
            format!("duplicate feature id '{dup}'"),
        ));
    }
    Ok(ExpressionMatrix::new(features, samples, values))
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
        let err = parse(&b"#1.4\n"[..], "m.gct".as_ref())
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a GCT version"), "{err}");
    }
}
