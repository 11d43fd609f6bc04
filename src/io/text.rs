//! A small line-oriented table reader shared by the format readers that need every cell as text
//! (GDC quantification files, GDC sample sheets, GPL annotation tables, qPCR Ct tables).
//!
//! Lines are split on one separator (the first of tab, comma, semicolon found in the header line),
//! honouring `"` quotes; a UTF-8 byte-order mark, CRLF line ends, blank lines and lines starting
//! with `#` are skipped. Every row keeps its 1-based line number for error messages.

use std::path::Path;

use super::delimited::{is_skippable, lines, split_fields, NA_SPELLINGS};
use crate::error::{Error, Result};

/// A table of text cells with its header.
#[derive(Debug, Clone, PartialEq)]
pub struct TextTable {
    /// Header fields, trimmed.
    pub header: Vec<String>,
    /// Data rows: (1-based line number, trimmed fields).
    pub rows: Vec<(usize, Vec<String>)>,
}

impl TextTable {
    /// Parses `bytes`; the first line that is not blank or a `#` comment is the header.
    ///
    /// Rows with a different number of fields than the header are errors naming the line.
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Self> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut it = lines(bytes).enumerate().filter(|(_, l)| !is_skippable(l));
        let (header_index, header_line) = it
            .next()
            .ok_or_else(|| Error::invalid(path, "empty file: no header line"))?;
        let sep = [b'\t', b',', b';']
            .into_iter()
            .find(|s| header_line.contains(s))
            .unwrap_or(b'\t');
        // Bytes that are not UTF-8 are an error naming the line: a lossy conversion would silently
        // rename samples, targets or probes.
        let split = |l: &[u8], index: usize| -> Result<Vec<String>> {
            split_fields(l, sep)
                .map(|f| match std::str::from_utf8(f) {
                    Ok(s) => Ok(s.trim().to_string()),
                    Err(_) => Err(Error::Parse {
                        path: path.into(),
                        line: index + 1,
                        column: None,
                        message: format!(
                            "not valid UTF-8 text: '{}'",
                            String::from_utf8_lossy(f).trim()
                        ),
                    }),
                })
                .collect()
        };
        let header = split(header_line, header_index)?;
        let mut rows = Vec::new();
        for (index, line) in it {
            let fields = split(line, index)?;
            if fields.len() != header.len() {
                return Err(Error::Parse {
                    path: path.into(),
                    line: index + 1,
                    column: None,
                    message: format!(
                        "ragged row: expected {} fields, found {}",
                        header.len(),
                        fields.len()
                    ),
                });
            }
            rows.push((index + 1, fields));
        }
        Ok(Self { header, rows })
    }

    /// The 0-based index of the first header field equal to one of `names` (ASCII case-insensitive).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.header
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    }

    /// Like [`TextTable::column`], but a missing column is an error naming what was expected.
    pub fn require(&self, names: &[&str], path: &Path) -> Result<usize> {
        self.column(names).ok_or_else(|| {
            Error::invalid(
                path,
                format!(
                    "no column named {} (header: {})",
                    names.join(" or "),
                    self.header.join(", ")
                ),
            )
        })
    }
}

/// Parses one numeric cell: NA spellings give NaN, anything else unparsable is an error naming
/// the file, line, column and value.
pub fn number(cell: &str, path: &Path, line: usize, column: (usize, &str)) -> Result<f64> {
    if NA_SPELLINGS.contains(&cell) {
        return Ok(f64::NAN);
    }
    match cell.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(Error::Parse {
            path: path.into(),
            line,
            column: Some((column.0 + 1, column.1.to_string())),
            message: format!("'{cell}' is not a number"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_header_and_rows_with_line_numbers() {
        let t = TextTable::parse(
            &b"\xEF\xBB\xBF# c\r\na,b\r\n\"x,y\",2\r\n\r\nz,3\r\n"[..],
            "t.csv".as_ref(),
        )
        .unwrap();
        assert_eq!(t.header, ["a", "b"]);
        assert_eq!(t.rows[0], (3, vec!["x,y".to_string(), "2".to_string()]));
        assert_eq!(t.rows[1].0, 5);
        assert_eq!(t.column(&["B"]), Some(1));
    }

    #[test]
    fn ragged_rows_and_bad_numbers_name_the_line() {
        let err = TextTable::parse(&b"a\tb\n1\n"[..], "t.tsv".as_ref())
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2") && err.contains("ragged"), "{err}");
        let err = number("x1", "t.tsv".as_ref(), 4, (2, "S"))
            .unwrap_err()
            .to_string();
        assert_eq!(err, "t.tsv: line 4, column 3 ('S'): 'x1' is not a number");
        assert!(number("NA", "t".as_ref(), 1, (0, "")).unwrap().is_nan());
    }

    #[test]
    fn non_utf8_cells_are_refused_naming_the_line() {
        let err = TextTable::parse(&b"a\tb\nx\t1\ny\xff\t2\n"[..], "t.tsv".as_ref())
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3") && err.contains("UTF-8"), "{err}");
    }
}
