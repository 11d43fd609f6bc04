//! A directory of GDC miRNA quantification files, as the GDC portal or `gdc-client` download them
//! (one file per aliquot, usually inside a per-file UUID subdirectory).
//!
//! * `*.mirnas.quantification.txt`: columns `miRNA_ID`, `read_count`,
//!   `reads_per_million_miRNA_mapped`, `cross-mapped`; rows are miRBase precursor names.
//! * `*.isoforms.quantification.txt`: columns `miRNA_ID`, `isoform_coords`, `read_count`,
//!   `reads_per_million_miRNA_mapped`, `cross-mapped`, `miRNA_region`. Reads are summed by the mature
//!   accession of `miRNA_region` (`mature,MIMAT0000062` -> row `MIMAT0000062`); other regions
//!   (`precursor`, `stemloop`, `unannotated`, ...) are left out and counted in a warning.
//!
//! The directory is searched recursively; files are taken in sorted path order, so the sample order
//! does not depend on the file system. When both kinds are present, the `mirnas` files are used and
//! the isoform files are ignored with a warning. Rows are the union of ids in order of first
//! appearance; an id missing from a file counts 0 reads there.
//!
//! Samples are named by the GDC sample sheet (`--gdc-sample-sheet`: columns `File Name` and
//! `Sample ID`) when given, and then follow the sheet's row order; else by the file name without its `.mirnas.quantification.txt` /
//! `.isoforms.quantification.txt` suffix. `--gdc-value read_count` (default) gives raw counts;
//! `rpm` gives log2(reads_per_million_miRNA_mapped + 1), a log-scale matrix.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ndarray::Array2;

use super::text::{number, TextTable};
use super::warnings::Warnings;
use crate::error::{Error, Result};
use crate::matrix::ExpressionMatrix;

const MIRNAS: &str = ".mirnas.quantification.txt";
const ISOFORMS: &str = ".isoforms.quantification.txt";

/// Which GDC value to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GdcValue {
    /// `read_count`: raw counts.
    #[default]
    ReadCount,
    /// `reads_per_million_miRNA_mapped`, returned as log2(RPM + 1).
    Rpm,
}

/// True when `dir` holds (at any depth) at least one GDC miRNA quantification file.
pub fn looks_like_gdc_dir(dir: &Path) -> bool {
    quantification_files(dir)
        .map(|(m, i)| !m.is_empty() || !i.is_empty())
        .unwrap_or(false)
}

fn quantification_files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut stack = vec![dir.to_path_buf()];
    let (mut mirnas, mut isoforms) = (Vec::new(), Vec::new());
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| Error::io(&d, e))? {
            let path = entry.map_err(|e| Error::io(&d, e))?.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if path.is_dir() {
                stack.push(path);
            } else if name.ends_with(MIRNAS) || name.ends_with(&format!("{MIRNAS}.gz")) {
                mirnas.push(path);
            } else if name.ends_with(ISOFORMS) || name.ends_with(&format!("{ISOFORMS}.gz")) {
                isoforms.push(path);
            }
        }
    }
    mirnas.sort();
    isoforms.sort();
    Ok((mirnas, isoforms))
}

/// Reads a GDC sample sheet into (file name, sample id) pairs, in sheet order.
pub fn read_sample_sheet(bytes: &[u8], path: &Path) -> Result<Vec<(String, String)>> {
    let t = TextTable::parse(bytes, path)?;
    let file = t.require(&["File Name"], path)?;
    let sample = t.require(&["Sample ID"], path)?;
    Ok(t.rows
        .iter()
        .map(|(_, f)| (f[file].clone(), f[sample].clone()))
        .collect())
}

/// Reads every quantification file under `dir` into one features x samples matrix.
pub fn read_dir(
    dir: &Path,
    value: GdcValue,
    sample_sheet: Option<&[(String, String)]>,
    warnings: &mut Warnings,
) -> Result<ExpressionMatrix> {
    let (mut mirnas, mut isoforms) = quantification_files(dir)?;
    // With a sample sheet, samples follow the sheet's row order (files it lacks go last and fail
    // below); without one, sorted path order.
    let sheet_map: Option<HashMap<String, String>> =
        sample_sheet.map(|s| s.iter().cloned().collect());
    if let Some(sheet) = sample_sheet {
        let rank: HashMap<&str, usize> = sheet
            .iter()
            .enumerate()
            .map(|(i, (f, _))| (f.as_str(), i))
            .collect();
        let key = |p: &PathBuf| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let name = name.trim_end_matches(".gz");
            rank.get(name).copied().unwrap_or(usize::MAX)
        };
        mirnas.sort_by_key(key);
        isoforms.sort_by_key(key);
    }
    let sample_sheet = sheet_map.as_ref();
    let (files, isoform_mode) = match (mirnas.is_empty(), isoforms.is_empty()) {
        (false, true) => (mirnas, false),
        (false, false) => {
            warnings.push(
                "gdc_isoforms_ignored",
                isoforms.len(),
                format!("{} isoform quantification file(s) ignored: the directory also holds mirnas quantification files, which were used", isoforms.len()),
            );
            (mirnas, false)
        }
        (true, false) => (isoforms, true),
        (true, true) => {
            return Err(Error::invalid(
                dir,
                "is a directory without any *.mirnas.quantification.txt or *.isoforms.quantification.txt file (GDC download), expected a matrix file or a GDC directory",
            ))
        }
    };
    let mut row_of: HashMap<String, usize> = HashMap::new();
    let mut features: Vec<String> = Vec::new();
    let mut columns: Vec<HashMap<usize, f64>> = Vec::with_capacity(files.len());
    let mut samples = Vec::with_capacity(files.len());
    let mut first_file: HashMap<String, PathBuf> = HashMap::new();
    let mut skipped_regions = 0usize;
    for file in &files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let sample = match sample_sheet {
            Some(sheet) => sheet
                .get(&name)
                .or_else(|| sheet.get(name.trim_end_matches(".gz")))
                .cloned()
                .ok_or_else(|| {
                    Error::invalid(
                        file,
                        "file not listed in the GDC sample sheet ('File Name')",
                    )
                })?,
            None => name
                .trim_end_matches(".gz")
                .trim_end_matches(MIRNAS)
                .trim_end_matches(ISOFORMS)
                .to_string(),
        };
        if let Some(other) = first_file.insert(sample.clone(), file.clone()) {
            return Err(Error::invalid(
                file,
                format!(
                    "sample '{sample}' is also given by {}: keep one file per sample",
                    other.display()
                ),
            ));
        }
        let bytes = super::read_source(file)?;
        let table = TextTable::parse(&bytes, file)?;
        let id_col = table.require(&["miRNA_ID"], file)?;
        let value_col = match value {
            GdcValue::ReadCount => table.require(&["read_count"], file)?,
            GdcValue::Rpm => table.require(&["reads_per_million_miRNA_mapped"], file)?,
        };
        let region_col = if isoform_mode {
            Some(table.require(&["miRNA_region"], file)?)
        } else {
            None
        };
        let mut column: HashMap<usize, f64> = HashMap::new();
        for (line, f) in &table.rows {
            let id = match region_col {
                Some(r) => match f[r].strip_prefix("mature,") {
                    Some(acc) => acc.trim(),
                    None => {
                        skipped_regions += 1;
                        continue;
                    }
                },
                None => f[id_col].as_str(),
            };
            let v = number(
                &f[value_col],
                file,
                *line,
                (value_col, &table.header[value_col]),
            )?;
            if v.is_nan() || v < 0.0 {
                return Err(Error::Parse {
                    path: file.clone(),
                    line: *line,
                    column: Some((value_col + 1, table.header[value_col].clone())),
                    message: format!("'{}' is not a non-negative number", f[value_col]),
                });
            }
            if id.is_empty() {
                let col = region_col.unwrap_or(id_col);
                return Err(Error::Parse {
                    path: file.clone(),
                    line: *line,
                    column: Some((col + 1, table.header[col].clone())),
                    message: "empty miRNA id".into(),
                });
            }
            let row = *row_of.entry(id.to_string()).or_insert_with(|| {
                features.push(id.to_string());
                features.len() - 1
            });
            if isoform_mode {
                let sum = column.entry(row).or_insert(0.0);
                *sum += v;
                if !sum.is_finite() {
                    return Err(Error::Parse {
                        path: file.clone(),
                        line: *line,
                        column: Some((value_col + 1, table.header[value_col].clone())),
                        message: format!(
                            "adding '{}' to the earlier isoforms of '{id}' overflows: the sum is not finite",
                            f[value_col]
                        ),
                    });
                }
            } else if column.insert(row, v).is_some() {
                return Err(Error::Parse {
                    path: file.clone(),
                    line: *line,
                    column: Some((id_col + 1, table.header[id_col].clone())),
                    message: format!("miRNA_ID '{id}' appears more than once"),
                });
            }
        }
        samples.push(sample);
        columns.push(column);
    }
    if skipped_regions > 0 {
        warnings.push(
            "gdc_non_mature_isoforms",
            skipped_regions,
            format!("{skipped_regions} isoform row(s) not annotated to a mature miRNA (precursor, stemloop, unannotated...) were left out"),
        );
    }
    let mut values = Array2::<f64>::zeros((features.len(), samples.len()));
    for (j, column) in columns.iter().enumerate() {
        for (&i, &v) in column {
            values[[i, j]] = match value {
                GdcValue::ReadCount => v,
                GdcValue::Rpm => (v + 1.0).log2(),
            };
        }
    }
    Ok(ExpressionMatrix::new(features, samples, values))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    const HEAD: &str = "miRNA_ID\tread_count\treads_per_million_miRNA_mapped\tcross-mapped\n";

    #[test]
    fn mirna_files_in_uuid_subdirectories_become_columns() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "uuid-b/B.mirnas.quantification.txt",
            &format!("{HEAD}hsa-let-7a-1\t5\t3.0\tN\nhsa-mir-21\t7\t1.0\tN\n"),
        );
        write(
            d.path(),
            "uuid-a/A.mirnas.quantification.txt",
            &format!("{HEAD}hsa-let-7a-1\t2\t1.0\tN\nhsa-mir-21\t0\t0\tN\n"),
        );
        assert!(looks_like_gdc_dir(d.path()));
        let mut w = Warnings::default();
        let m = read_dir(d.path(), GdcValue::ReadCount, None, &mut w).unwrap();
        assert_eq!(m.samples, ["A", "B"]);
        assert_eq!(m.features, ["hsa-let-7a-1", "hsa-mir-21"]);
        assert_eq!(m.values, ndarray::array![[2.0, 5.0], [0.0, 7.0]]);
        let m = read_dir(d.path(), GdcValue::Rpm, None, &mut w).unwrap();
        assert_eq!(m.values[[0, 1]], 2.0); // log2(3 + 1)
    }

    #[test]
    fn isoforms_are_summed_by_mature_accession() {
        let d = tempfile::tempdir().unwrap();
        let head = "miRNA_ID\tisoform_coords\tread_count\treads_per_million_miRNA_mapped\tcross-mapped\tmiRNA_region\n";
        write(
            d.path(),
            "u/S1.isoforms.quantification.txt",
            &format!("{head}hsa-let-7a-1\thg38:chr9:1-22:+\t3\t1\tN\tmature,MIMAT0000062\nhsa-let-7a-1\thg38:chr9:2-23:+\t4\t1\tN\tmature,MIMAT0000062\nhsa-let-7a-1\thg38:chr9:40-60:+\t9\t1\tN\tprecursor\nhsa-mir-21\thg38:chr17:1-22:+\t1\t1\tN\tmature,MIMAT0000076\n"),
        );
        let mut w = Warnings::default();
        let m = read_dir(d.path(), GdcValue::ReadCount, None, &mut w).unwrap();
        assert_eq!(m.features, ["MIMAT0000062", "MIMAT0000076"]);
        assert_eq!(m.values.column(0).to_vec(), [7.0, 1.0]);
        assert_eq!(w.iter().next().unwrap().count, 1);
    }

    #[test]
    fn sample_sheet_names_samples_and_must_list_every_file() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "x/f1.mirnas.quantification.txt",
            &format!("{HEAD}m\t1\t1\tN\n"),
        );
        let sheet = read_sample_sheet(
            b"File ID\tFile Name\tData Category\tData Type\tProject ID\tCase ID\tSample ID\tSample Type\nu1\tf1.mirnas.quantification.txt\tTranscriptome Profiling\tmiRNA Expression Quantification\tTCGA-PRAD\tTCGA-A\tTCGA-A-01A\tPrimary Tumor\n",
            "sheet.tsv".as_ref(),
        )
        .unwrap();
        let mut w = Warnings::default();
        let m = read_dir(d.path(), GdcValue::ReadCount, Some(&sheet[..]), &mut w).unwrap();
        assert_eq!(m.samples, ["TCGA-A-01A"]);
        write(
            d.path(),
            "y/f2.mirnas.quantification.txt",
            &format!("{HEAD}m\t1\t1\tN\n"),
        );
        let err = read_dir(d.path(), GdcValue::ReadCount, Some(&sheet[..]), &mut w)
            .unwrap_err()
            .to_string();
        assert!(err.contains("not listed in the GDC sample sheet"), "{err}");
    }

    #[test]
    fn isoform_sums_that_overflow_are_errors_naming_the_row() {
        let d = tempfile::tempdir().unwrap();
        let head = "miRNA_ID\tisoform_coords\tread_count\treads_per_million_miRNA_mapped\tcross-mapped\tmiRNA_region\n";
        write(
            d.path(),
            "u/S1.isoforms.quantification.txt",
            &format!("{head}a\tc1\t1e308\t1\tN\tmature,MIMAT0000062\na\tc2\t1.7e308\t1\tN\tmature,MIMAT0000062\n"),
        );
        let err = read_dir(
            d.path(),
            GdcValue::ReadCount,
            None,
            &mut Warnings::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("S1.isoforms.quantification.txt")
                && err.contains("line 3")
                && err.contains("1.7e308")
                && err.contains("not finite"),
            "{err}"
        );
    }

    #[test]
    fn empty_ids_are_errors() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "S.mirnas.quantification.txt",
            &format!("{HEAD}\t1\t1\tN\n"),
        );
        let err = read_dir(
            d.path(),
            GdcValue::ReadCount,
            None,
            &mut Warnings::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("line 2") && err.contains("empty miRNA id"),
            "{err}"
        );
    }

    #[test]
    fn bad_count_names_file_line_and_column() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "S.mirnas.quantification.txt",
            &format!("{HEAD}m\tmany\t1\tN\n"),
        );
        let err = read_dir(
            d.path(),
            GdcValue::ReadCount,
            None,
            &mut Warnings::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("line 2, column 2 ('read_count'): 'many' is not a number"),
            "{err}"
        );
    }
}
