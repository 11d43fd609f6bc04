//! Sample sheets: which sample belongs to which group.
//!
//! A sheet is TSV or CSV (separator: tab, else comma, else semicolon, from the header line; `.gz`
//! accepted) with one row per sample. The sample id column is the one named `sample` or else the
//! first column; any other column can hold group labels. [`SampleSheet::assign`] joins a sheet to
//! the sample ids of a matrix or score table:
//!
//! * every data sample must have a sheet row and every sheet row a data sample (else an error
//!   listing a few of the missing ids);
//! * the group column must exist and contain both the case and the control value;
//! * samples whose label is neither case nor control, or missing (`NA`, empty), are left out with a
//!   counted warning;
//! * with [`Barcode`] matching, TCGA/GDC barcodes are compared at sample level (first 15
//!   characters, `TCGA-2A-A8VL-01`) or vial level (first 16, `TCGA-2A-A8VL-01A`); a join that this
//!   makes ambiguous (two ids with the same prefix on one side) is refused.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::delimited::NA_SPELLINGS;
use super::warnings::Warnings;
use crate::error::{Error, Result};

/// How many ids an error message lists.
const LIST: usize = 5;

/// Match TCGA/GDC barcodes by a prefix instead of the whole id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Barcode {
    /// First 15 characters: project, participant, sample type (TCGA-2A-A8VL-01).
    Sample,
    /// First 16 characters: adds the vial letter (TCGA-2A-A8VL-01A).
    Vial,
}

impl Barcode {
    fn key(self, id: &str) -> &str {
        let n = match self {
            Barcode::Sample => 15,
            Barcode::Vial => 16,
        };
        match id.char_indices().nth(n) {
            Some((i, _)) => &id[..i],
            None => id,
        }
    }
}

/// A parsed sample sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleSheet {
    path: PathBuf,
    columns: Vec<String>,
    id_column: usize,
    /// One row per sample: the cells in column order, and the 1-based line number.
    rows: Vec<(Vec<String>, usize)>,
}

/// Which samples to compare and how to find them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupSpec {
    /// The sheet column holding the labels.
    pub column: String,
    /// The label of cases.
    pub case: String,
    /// The label of controls.
    pub control: String,
    /// Barcode-prefix matching, when asked.
    pub barcode: Option<Barcode>,
}

/// The result of a join: indices into the data's sample list, in data order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Groups {
    /// Data columns of the cases.
    pub case: Vec<usize>,
    /// Data columns of the controls.
    pub control: Vec<usize>,
    /// Data samples left out (label neither case nor control, or missing).
    pub left_out: Vec<String>,
}

fn list(ids: &[&str]) -> String {
    let shown: Vec<String> = ids.iter().take(LIST).map(|s| format!("'{s}'")).collect();
    if ids.len() > LIST {
        format!("{} and {} more", shown.join(", "), ids.len() - LIST)
    } else {
        shown.join(", ")
    }
}

impl SampleSheet {
    /// Reads a sheet from a file (`-` is stdin, gzip detected).
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = super::read_source(path)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::invalid(path, "sample sheet is not UTF-8 text"))?;
        Self::parse(&text, path)
    }

    /// Parses the text of a sheet; `path` names it in messages.
    ///
    /// ```
    /// # fn main() -> osteomir::Result<()> {
    /// use osteomir::io::sample_sheet::SampleSheet;
    /// let sheet = SampleSheet::parse("sample\tstatus\nA\tN1\nB\tN0\n", "s.tsv".as_ref())?;
    /// assert_eq!(sheet.len(), 2);
    /// # Ok(()) }
    /// ```
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let (_, header) = lines
            .next()
            .ok_or_else(|| Error::invalid(path, "sample sheet is empty"))?;
        let sep = ['\t', ',', ';']
            .into_iter()
            .find(|c| header.contains(*c))
            .ok_or_else(|| {
                Error::invalid(
                    path,
                    "sample sheet header has one column: need a sample column and a group column (tab or comma separated)",
                )
            })?;
        let split = |l: &str| -> Vec<String> {
            l.split(sep)
                .map(|c| c.trim().trim_matches('"').to_string())
                .collect()
        };
        let columns = split(header);
        let id_column = columns.iter().position(|c| c == "sample").unwrap_or(0);
        let mut rows = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (line, l) in lines {
            let cells = split(l);
            if cells.len() != columns.len() {
                return Err(Error::Parse {
                    path: path.into(),
                    line,
                    column: None,
                    message: format!(
                        "expected {} fields like the header, found {}",
                        columns.len(),
                        cells.len()
                    ),
                });
            }
            let id = cells[id_column].clone();
            if id.is_empty() {
                return Err(Error::Parse {
                    path: path.into(),
                    line,
                    column: Some((id_column + 1, columns[id_column].clone())),
                    message: "empty sample id".into(),
                });
            }
            if let Some(first) = seen.insert(id.clone(), line) {
                return Err(Error::Parse {
                    path: path.into(),
                    line,
                    column: Some((id_column + 1, columns[id_column].clone())),
                    message: format!("sample '{id}' is listed twice (first on line {first})"),
                });
            }
            rows.push((cells, line));
        }
        if rows.is_empty() {
            return Err(Error::invalid(
                path,
                "sample sheet has a header but no rows",
            ));
        }
        Ok(Self {
            path: path.into(),
            columns,
            id_column,
            rows,
        })
    }

    /// Number of samples listed.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when no sample is listed (never, for a parsed sheet).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Joins the sheet to `samples` (the data's sample ids, from `data`) and splits them into
    /// cases and controls; see the module documentation for the rules.
    pub fn assign(
        &self,
        samples: &[String],
        data: &Path,
        spec: &GroupSpec,
        warnings: &mut Warnings,
    ) -> Result<Groups> {
        if spec.case == spec.control {
            return Err(Error::Usage(format!(
                "--case and --control are both '{}': give two different group values",
                spec.case
            )));
        }
        let col = self
            .columns
            .iter()
            .position(|c| *c == spec.column)
            .ok_or_else(|| {
                Error::invalid(
                    &self.path,
                    format!(
                        "no group column '{}'; columns are: {}",
                        spec.column,
                        self.columns.join(", ")
                    ),
                )
            })?;
        for (label, flag) in [(&spec.case, "--case"), (&spec.control, "--control")] {
            if !self.rows.iter().any(|(cells, _)| cells[col] == *label) {
                let mut values: Vec<&str> =
                    self.rows.iter().map(|(c, _)| c[col].as_str()).collect();
                values.sort_unstable();
                values.dedup();
                return Err(Error::invalid(
                    &self.path,
                    format!(
                        "{flag} value '{label}' does not occur in column '{}'; values there: {}",
                        spec.column,
                        list(&values)
                    ),
                ));
            }
        }
        let key = |id: &'_ str| -> String {
            match spec.barcode {
                Some(b) => b.key(id).to_string(),
                None => id.to_string(),
            }
        };
        let mut sheet_keys: HashMap<String, usize> = HashMap::new();
        for (r, (cells, _)) in self.rows.iter().enumerate() {
            let k = key(&cells[self.id_column]);
            if let Some(prev) = sheet_keys.insert(k.clone(), r) {
                return Err(Error::invalid(
                    &self.path,
                    format!(
                        "--match-barcode makes sheet samples '{}' and '{}' ambiguous (both '{k}')",
                        self.rows[prev].0[self.id_column], cells[self.id_column]
                    ),
                ));
            }
        }
        let mut data_keys: HashMap<String, usize> = HashMap::new();
        for (j, s) in samples.iter().enumerate() {
            if let Some(prev) = data_keys.insert(key(s), j) {
                return Err(Error::invalid(
                    data,
                    format!(
                        "--match-barcode makes samples '{}' and '{s}' ambiguous (both '{}')",
                        samples[prev],
                        key(s)
                    ),
                ));
            }
        }
        let missing_in_sheet: Vec<&str> = samples
            .iter()
            .filter(|s| !sheet_keys.contains_key(&key(s)))
            .map(String::as_str)
            .collect();
        if !missing_in_sheet.is_empty() {
            return Err(Error::invalid(
                &self.path,
                format!(
                    "{} of {} samples of {} are not in the sample sheet: {}{}",
                    missing_in_sheet.len(),
                    samples.len(),
                    data.display(),
                    list(&missing_in_sheet),
                    hint(spec)
                ),
            ));
        }
        let missing_in_data: Vec<&str> = self
            .rows
            .iter()
            .map(|(c, _)| c[self.id_column].as_str())
            .filter(|id| !data_keys.contains_key(&key(id)))
            .collect();
        if !missing_in_data.is_empty() {
            return Err(Error::invalid(
                &self.path,
                format!(
                    "{} of {} sheet samples are not in {}: {}{}",
                    missing_in_data.len(),
                    self.rows.len(),
                    data.display(),
                    list(&missing_in_data),
                    hint(spec)
                ),
            ));
        }
        let mut groups = Groups {
            case: Vec::new(),
            control: Vec::new(),
            left_out: Vec::new(),
        };
        let mut other_labels: Vec<&str> = Vec::new();
        for (j, s) in samples.iter().enumerate() {
            let label = self.rows[sheet_keys[&key(s)]].0[col].as_str();
            if label == spec.case {
                groups.case.push(j);
            } else if label == spec.control {
                groups.control.push(j);
            } else {
                groups.left_out.push(s.clone());
                if !other_labels.contains(&label) {
                    other_labels.push(label);
                }
            }
        }
        if !groups.left_out.is_empty() {
            let labels: Vec<&str> = other_labels
                .iter()
                .map(|l| if NA_SPELLINGS.contains(l) { "NA" } else { l })
                .collect();
            warnings.push(
                "samples_left_out",
                groups.left_out.len(),
                format!(
                    "{} samples whose '{}' is neither '{}' nor '{}' (values: {}) are left out",
                    groups.left_out.len(),
                    spec.column,
                    spec.case,
                    spec.control,
                    list(&labels)
                ),
            );
        }
        Ok(groups)
    }
}

fn hint(spec: &GroupSpec) -> &'static str {
    if spec.barcode.is_none() {
        " (TCGA barcodes of different lengths? try --match-barcode sample)"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(barcode: Option<Barcode>) -> GroupSpec {
        GroupSpec {
            column: "status".into(),
            case: "N1".into(),
            control: "N0".into(),
            barcode,
        }
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn join_splits_groups_and_counts_left_out_samples() {
        let sheet =
            SampleSheet::parse("id,status\nA,N1\nB,N0\nC,NA\nD,NX\n", "s.csv".as_ref()).unwrap();
        let mut w = Warnings::default();
        let g = sheet
            .assign(
                &ids(&["D", "C", "B", "A"]),
                "m".as_ref(),
                &spec(None),
                &mut w,
            )
            .unwrap();
        assert_eq!((g.case, g.control), (vec![3], vec![2]));
        assert_eq!(g.left_out, ["D", "C"]);
        assert_eq!(w.iter().next().unwrap().count, 2);
    }

    #[test]
    fn missing_samples_on_either_side_are_listed() {
        let sheet = SampleSheet::parse("sample\tstatus\nA\tN1\nB\tN0\n", "s.tsv".as_ref()).unwrap();
        let mut w = Warnings::default();
        let err = sheet
            .assign(&ids(&["A", "B", "Z"]), "m".as_ref(), &spec(None), &mut w)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("'Z'") && err.contains("not in the sample sheet"),
            "{err}"
        );
        let err = sheet
            .assign(&ids(&["A"]), "m".as_ref(), &spec(None), &mut w)
            .unwrap_err()
            .to_string();
        assert!(err.contains("'B'") && err.contains("not in m"), "{err}");
    }

    #[test]
    fn absent_group_column_or_value_is_an_error() {
        let sheet = SampleSheet::parse("sample\tstatus\nA\tN1\nB\tN1\n", "s.tsv".as_ref()).unwrap();
        let mut w = Warnings::default();
        let err = sheet
            .assign(&ids(&["A", "B"]), "m".as_ref(), &spec(None), &mut w)
            .unwrap_err();
        assert!(err.to_string().contains("--control value 'N0'"), "{err}");
        assert_eq!(err.exit_code(), 2);
        let mut s = spec(None);
        s.column = "stage".into();
        let err = sheet
            .assign(&ids(&["A", "B"]), "m".as_ref(), &s, &mut w)
            .unwrap_err();
        assert!(err.to_string().contains("no group column 'stage'"), "{err}");
    }

    #[test]
    fn barcodes_match_at_sample_level_and_ambiguity_is_refused() {
        let sheet = SampleSheet::parse(
            "sample\tstatus\nTCGA-2A-A8VL-01A-21R-A37H-13\tN1\nTCGA-2A-A8VT-01A-11R-A37H-13\tN0\n",
            "s.tsv".as_ref(),
        )
        .unwrap();
        let mut w = Warnings::default();
        let data = ids(&["TCGA-2A-A8VT-01A", "TCGA-2A-A8VL-01A"]);
        assert!(sheet
            .assign(&data, "m".as_ref(), &spec(None), &mut w)
            .is_err());
        let g = sheet
            .assign(&data, "m".as_ref(), &spec(Some(Barcode::Sample)), &mut w)
            .unwrap();
        assert_eq!((g.case, g.control), (vec![1], vec![0]));
        let data = ids(&["TCGA-2A-A8VT-01A", "TCGA-2A-A8VT-01B", "TCGA-2A-A8VL-01A"]);
        let err = sheet
            .assign(&data, "m".as_ref(), &spec(Some(Barcode::Sample)), &mut w)
            .unwrap_err()
            .to_string();
        assert!(err.contains("ambiguous"), "{err}");
    }

    #[test]
    fn duplicate_and_ragged_rows_name_the_line() {
        let err = SampleSheet::parse("sample\tg\nA\tx\nA\ty\n", "s.tsv".as_ref())
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3") && err.contains("twice"), "{err}");
        let err = SampleSheet::parse("sample\tg\nA\tx\ty\n", "s.tsv".as_ref())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2") && err.contains("expected 2 fields"),
            "{err}"
        );
    }
}
