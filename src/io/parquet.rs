//! Parquet matrices, read with polars.
//!
//! * wide: the first column holds the feature ids (text), every other column is one sample
//!   (any numeric type, read as f64; nulls are missing values);
//! * long: exactly the columns `sample`, `mirna` (or `feature`, `target`) and `value`, in any order
//!   and any case; one row per measurement, each sample/feature pair at most once. Features and
//!   samples keep their order of first appearance.
//!
//! Parquet files are recognised by their `PAR1` magic bytes (or the `.parquet` extension).

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use ndarray::Array2;
use polars::prelude::*;

use super::gct::first_duplicate;
use crate::error::{Error, Result};
use crate::matrix::ExpressionMatrix;

/// The 4 bytes a Parquet file starts (and ends) with.
pub const MAGIC: &[u8; 4] = b"PAR1";

/// True when `bytes` carry the Parquet magic number.
pub fn looks_like_parquet(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// Parses a wide or long Parquet matrix.
pub fn parse(bytes: &[u8], path: &Path) -> Result<ExpressionMatrix> {
    let frame = ParquetReader::new(Cursor::new(bytes))
        .finish()
        .map_err(|e| Error::invalid(path, format!("cannot read Parquet: {e}")))?;
    if frame.height() == 0 {
        return Err(Error::invalid(path, "Parquet file has no rows"));
    }
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let find = |wanted: &[&str]| {
        names
            .iter()
            .position(|n| wanted.iter().any(|w| n.eq_ignore_ascii_case(w)))
    };
    let long = (
        find(&["sample"]),
        find(&["mirna", "feature", "target"]),
        find(&["value"]),
    );
    match long {
        (Some(s), Some(f), Some(v)) if names.len() == 3 => parse_long(&frame, (s, f, v), path),
        _ => parse_wide(&frame, &names, path),
    }
}

fn text_column(frame: &DataFrame, index: usize, path: &Path) -> Result<Vec<Option<String>>> {
    let column = frame.columns()[index]
        .cast(&DataType::String)
        .map_err(|e| Error::invalid(path, format!("column {} is not text: {e}", index + 1)))?;
    let ca = column
        .str()
        .map_err(|e| Error::Internal(format!("cast to text: {e}")))?;
    Ok(ca.iter().map(|v| v.map(str::to_string)).collect())
}

fn number_column(frame: &DataFrame, index: usize, path: &Path) -> Result<Vec<f64>> {
    let column = &frame.columns()[index];
    if !column.dtype().is_primitive_numeric() {
        return Err(Error::invalid(
            path,
            format!(
                "column {} ('{}') has type {}, expected numbers",
                index + 1,
                column.name(),
                column.dtype()
            ),
        ));
    }
    let cast = column
        .cast(&DataType::Float64)
        .map_err(|e| Error::Internal(format!("cast to f64: {e}")))?;
    let ca = cast
        .f64()
        .map_err(|e| Error::Internal(format!("cast to f64: {e}")))?;
    let values: Vec<f64> = ca.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
    if let Some(row) = values.iter().position(|v| v.is_infinite()) {
        return Err(Error::invalid(
            path,
            format!(
                "column '{}', row {}: value is not finite",
                column.name(),
                row + 1
            ),
        ));
    }
    Ok(values)
}

fn ids(raw: Vec<Option<String>>, what: &str, path: &Path) -> Result<Vec<String>> {
    raw.into_iter()
        .enumerate()
        .map(|(row, v)| match v {
            Some(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
            _ => Err(Error::invalid(
                path,
                format!("row {}: missing {what}", row + 1),
            )),
        })
        .collect()
}

fn parse_wide(frame: &DataFrame, names: &[String], path: &Path) -> Result<ExpressionMatrix> {
    if names.len() < 2 {
        return Err(Error::invalid(
            path,
            "a wide Parquet matrix needs an id column and at least one sample column",
        ));
    }
    let features = ids(text_column(frame, 0, path)?, "feature id", path)?;
    if let Some(dup) = first_duplicate(&features) {
        return Err(Error::invalid(
            path,
            format!("duplicate feature id '{dup}'"),
        ));
    }
    let samples = names[1..].to_vec();
    let mut values = Array2::<f64>::zeros((features.len(), samples.len()));
    for j in 0..samples.len() {
        for (i, v) in number_column(frame, j + 1, path)?.into_iter().enumerate() {
            values[[i, j]] = v;
        }
    }
    Ok(ExpressionMatrix::new(features, samples, values))
}

fn parse_long(
    frame: &DataFrame,
    (s, f, v): (usize, usize, usize),
    path: &Path,
) -> Result<ExpressionMatrix> {
    let sample_ids = ids(text_column(frame, s, path)?, "sample", path)?;
    let feature_ids = ids(text_column(frame, f, path)?, "feature", path)?;
    let vals = number_column(frame, v, path)?;
    let (mut features, mut samples) = (Vec::new(), Vec::new());
    let (mut fi, mut si) = (HashMap::new(), HashMap::new());
    let mut cells = Vec::with_capacity(vals.len());
    for ((fid, sid), value) in feature_ids.into_iter().zip(sample_ids).zip(vals) {
        let i = *fi.entry(fid.clone()).or_insert_with(|| {
            features.push(fid);
            features.len() - 1
        });
        let j = *si.entry(sid.clone()).or_insert_with(|| {
            samples.push(sid);
            samples.len() - 1
        });
        cells.push((i, j, value));
    }
    let mut values = Array2::<f64>::from_elem((features.len(), samples.len()), f64::NAN);
    let mut filled = Array2::<bool>::from_elem(values.dim(), false);
    for (row, (i, j, value)) in cells.into_iter().enumerate() {
        if std::mem::replace(&mut filled[[i, j]], true) {
            return Err(Error::invalid(
                path,
                format!(
                    "row {}: sample '{}' and feature '{}' appear more than once",
                    row + 1,
                    samples[j],
                    features[i]
                ),
            ));
        }
        values[[i, j]] = value;
    }
    Ok(ExpressionMatrix::new(features, samples, values))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_parquet(mut df: DataFrame) -> Vec<u8> {
        let mut buf = Vec::new();
        ParquetWriter::new(&mut buf).finish(&mut df).unwrap();
        buf
    }

    #[test]
    fn wide_parquet_reads_ids_and_numbers() {
        let df = df!(
            "mirna" => ["a", "b"],
            "S1" => [1i64, 2],
            "S2" => [Some(0.5f64), None],
        )
        .unwrap();
        let bytes = to_parquet(df);
        assert!(looks_like_parquet(&bytes));
        let m = parse(&bytes, "m.parquet".as_ref()).unwrap();
        assert_eq!(m.features, ["a", "b"]);
        assert_eq!(m.samples, ["S1", "S2"]);
        assert_eq!(m.values[[1, 0]], 2.0);
        assert!(m.values[[1, 1]].is_nan());
    }

    #[test]
    fn long_parquet_is_pivoted_and_duplicates_refused() {
        let df = df!(
            "Sample" => ["S1", "S1", "S2"],
            "miRNA" => ["a", "b", "a"],
            "value" => [1.0f64, 2.0, 3.0],
        )
        .unwrap();
        let m = parse(&to_parquet(df), "m.parquet".as_ref()).unwrap();
        assert_eq!(m.samples, ["S1", "S2"]);
        assert_eq!(m.values[[0, 1]], 3.0);
        assert!(m.values[[1, 1]].is_nan());
        let df = df!(
            "sample" => ["S1", "S1"],
            "mirna" => ["a", "a"],
            "value" => [1.0f64, 2.0],
        )
        .unwrap();
        let err = parse(&to_parquet(df), "m.parquet".as_ref())
            .unwrap_err()
            .to_string();
        assert!(err.contains("more than once"), "{err}");
    }

    #[test]
    fn text_sample_column_and_garbage_are_errors() {
        let df = df!("id" => ["a"], "S1" => ["x"]).unwrap();
        let err = parse(&to_parquet(df), "m.parquet".as_ref())
            .unwrap_err()
            .to_string();
        assert!(err.contains("expected numbers"), "{err}");
        let err = parse(b"PAR1garbage", "m.parquet".as_ref())
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot read Parquet"), "{err}");
    }
}
