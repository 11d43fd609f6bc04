//! Opening an expression matrix from a path, whatever its format.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::ct::{self, CtOptions};
use super::gct;
use super::gdc::{self, GdcValue};
use super::geo::{self, GeoSampleNames};
use super::warnings::Warnings;
use crate::error::{Error, Result};
use crate::matrix::ExpressionMatrix;

/// The embedded demo cohort: 60 TCGA-PRAD primary tumours (30 N1, 30 N0), raw mature miRNA
/// counts (see `fixtures/demo/README.md`).
pub const DEMO_MATRIX: &[u8] = include_bytes!("../../fixtures/demo/prad_n1_vs_n0_counts.tsv.gz");

/// The sample sheet of the demo cohort (`sample`, `node_status`).
pub const DEMO_SAMPLES: &str = include_str!("../../fixtures/demo/prad_n1_vs_n0_samples.tsv");

/// Where a matrix comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatrixSource {
    /// A file path, or `-` for stdin.
    Path(PathBuf),
    /// The embedded demo cohort.
    Demo,
}

impl MatrixSource {
    /// How the source is named in messages and reports.
    pub fn display_name(&self) -> String {
        match self {
            MatrixSource::Path(p) => p.display().to_string(),
            MatrixSource::Demo => "<demo: TCGA-PRAD N1 vs N0, 60 samples>".to_string(),
        }
    }
}

/// A matrix file format, picked by `--input-format` or detected by [`detect_format`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Detect (see [`detect_format`]).
    #[default]
    Auto,
    /// Delimited text (TSV/CSV), Xena matrices included.
    Delimited,
    /// GCT 1.2 / 1.3.
    Gct,
    /// GEO series matrix.
    Geo,
    /// Parquet, wide or long.
    Parquet,
    /// A directory of GDC miRNA quantification files.
    Gdc,
    /// A qPCR Ct table, wide or long.
    Ct,
}

impl std::fmt::Display for InputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            InputFormat::Auto => "auto",
            InputFormat::Delimited => "delimited",
            InputFormat::Gct => "gct",
            InputFormat::Geo => "geo",
            InputFormat::Parquet => "parquet",
            InputFormat::Gdc => "gdc",
            InputFormat::Ct => "ct",
        })
    }
}

/// How to read a matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadOptions {
    /// The file has samples as rows and features as columns.
    pub samples_as_rows: bool,
    /// The format (`Auto` detects).
    pub format: InputFormat,
    /// Read a delimited file as a Ct table (set when `--input-kind ct` is given).
    pub prefer_ct: bool,
    /// GEO: a GPL annotation table mapping probe ids to miRNA names.
    pub platform_annotation: Option<PathBuf>,
    /// GEO: the annotation column holding the miRNA names.
    pub annotation_column: Option<String>,
    /// GEO: name samples by GSM id or by title.
    pub geo_sample_names: GeoSampleNames,
    /// GDC: the portal's sample sheet, naming samples by sample barcode.
    pub gdc_sample_sheet: Option<PathBuf>,
    /// GDC: which value to read.
    pub gdc_value: GdcValue,
    /// qPCR: non-detect cutoff and replicate tolerance.
    pub ct: CtOptions,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            samples_as_rows: false,
            format: InputFormat::Auto,
            prefer_ct: false,
            platform_annotation: None,
            annotation_column: None,
            geo_sample_names: GeoSampleNames::Gsm,
            gdc_sample_sheet: None,
            gdc_value: GdcValue::ReadCount,
            ct: CtOptions::default(),
        }
    }
}

/// A matrix with what was detected while reading it.
#[derive(Debug, Clone)]
pub struct LoadedMatrix {
    /// The matrix, features x samples.
    pub matrix: ExpressionMatrix,
    /// The format used.
    pub format: InputFormat,
    /// Why that format (empty when given by `--input-format`).
    pub detection: String,
    /// Warnings raised while reading (non-detects, dropped probes...).
    pub warnings: Warnings,
}

/// Reads a matrix (TSV/CSV, plain or gzip, or stdin) into features x samples.
///
/// Like [`load_matrix`] without the format report and warnings.
pub fn read_matrix(source: &MatrixSource, options: ReadOptions) -> Result<ExpressionMatrix> {
    load_matrix(source, &options).map(|l| l.matrix)
}

/// Picks the format of an input. Rules, in order:
/// 1. a directory is a GDC download (it must hold `*.mirnas.quantification.txt` or
///    `*.isoforms.quantification.txt` files at some depth);
/// 2. bytes starting with `PAR1`, or a `.parquet` name, are Parquet;
/// 3. a first line `#1.2` / `#1.3`, or a `.gct` name, is GCT;
/// 4. a `!Series_` first line or a `!series_matrix_table_begin` line is a GEO series matrix;
/// 5. delimited text with a long Ct header (`sample`, `target`, `ct` columns) or an `Undetermined`
///    cell, or any delimited text when `prefer_ct` is set, is a qPCR Ct table;
/// 6. anything else is delimited text (TSV/CSV, Xena matrices included).
pub fn detect_format(path: &Path, bytes: &[u8], prefer_ct: bool) -> (InputFormat, String) {
    let name = path.to_string_lossy().to_ascii_lowercase();
    if bytes.starts_with(b"PAR1") || name.ends_with(".parquet") {
        return (
            InputFormat::Parquet,
            "Parquet magic bytes or .parquet name".into(),
        );
    }
    if gct::looks_like_gct(bytes) || name.ends_with(".gct") || name.ends_with(".gct.gz") {
        return (
            InputFormat::Gct,
            "#1.2/#1.3 version line or .gct name".into(),
        );
    }
    if geo::looks_like_series_matrix(bytes) {
        return (
            InputFormat::Geo,
            "!Series_ / !series_matrix_table_begin lines".into(),
        );
    }
    if prefer_ct {
        return (
            InputFormat::Ct,
            "delimited text read as Ct (--input-kind ct)".into(),
        );
    }
    if ct::looks_like_ct(bytes, path) {
        return (
            InputFormat::Ct,
            "sample/target/ct columns or Undetermined cells".into(),
        );
    }
    (
        InputFormat::Delimited,
        "delimited text (no other format matched)".into(),
    )
}

/// Reads a matrix in any supported format (see [`detect_format`]), reporting what was detected.
pub fn load_matrix(source: &MatrixSource, options: &ReadOptions) -> Result<LoadedMatrix> {
    let mut warnings = Warnings::default();
    let path = match source {
        MatrixSource::Path(path) => path.clone(),
        MatrixSource::Demo => PathBuf::from("demo.tsv"),
    };
    let is_dir = matches!(source, MatrixSource::Path(p) if p.is_dir());
    if is_dir || options.format == InputFormat::Gdc {
        if !matches!(options.format, InputFormat::Auto | InputFormat::Gdc) {
            return Err(Error::Usage(format!(
                "{} is a directory: only --input-format gdc reads directories",
                path.display()
            )));
        }
        let sheet = match &options.gdc_sample_sheet {
            Some(p) => Some(gdc::read_sample_sheet(&super::read_source(p)?, p)?),
            None => None,
        };
        let matrix = gdc::read_dir(&path, options.gdc_value, sheet.as_deref(), &mut warnings)?;
        let detection = if options.format == InputFormat::Gdc {
            String::new()
        } else {
            "a directory of GDC quantification files".into()
        };
        return finish(matrix, InputFormat::Gdc, detection, warnings, options);
    }
    let bytes = match source {
        MatrixSource::Path(path) => super::read_source(path)?,
        MatrixSource::Demo => super::gunzip(DEMO_MATRIX, Path::new("demo"))?,
    };
    let (format, detection) = match options.format {
        InputFormat::Auto => detect_format(&path, &bytes, options.prefer_ct),
        given => (given, String::new()),
    };
    if options.gdc_sample_sheet.is_some() && format != InputFormat::Gdc {
        return Err(Error::Usage(
            "--gdc-sample-sheet applies to GDC directories only".into(),
        ));
    }
    if options.platform_annotation.is_some() && format != InputFormat::Geo {
        return Err(Error::Usage(
            "--platform-annotation applies to GEO series matrices only".into(),
        ));
    }
    let matrix = match format {
        InputFormat::Auto | InputFormat::Delimited => super::delimited::parse(bytes, &path)?,
        InputFormat::Gct => gct::parse(&bytes, &path)?,
        InputFormat::Parquet => read_parquet(&bytes, &path)?,
        InputFormat::Geo => {
            let (m, platform) = geo::parse(&bytes, &path, options.geo_sample_names)?;
            match &options.platform_annotation {
                Some(p) => {
                    let ann = geo::read_annotation(
                        &super::read_source(p)?,
                        p,
                        options.annotation_column.as_deref(),
                    )?;
                    geo::apply_annotation(m, &ann, &mut warnings)?
                }
                None => {
                    if !m.features.iter().any(|f| looks_like_mirna(f)) {
                        warnings.push(
                            "probe_ids",
                            m.n_features(),
                            format!(
                                "row ids look like probe ids of platform {}: give --platform-annotation to map them to miRNA names",
                                platform.as_deref().unwrap_or("(not stated)")
                            ),
                        );
                    }
                    m
                }
            }
        }
        InputFormat::Ct => {
            let ct_options = CtOptions {
                samples_as_rows: options.samples_as_rows,
                ..options.ct
            };
            let m = ct::parse(&bytes, &path, &ct_options, &mut warnings)?;
            // The Ct reader handles the orientation itself.
            return Ok(LoadedMatrix {
                matrix: m,
                format,
                detection,
                warnings,
            });
        }
        InputFormat::Gdc => return Err(Error::Internal("GDC is read above".into())),
    };
    finish(matrix, format, detection, warnings, options)
}

fn finish(
    matrix: ExpressionMatrix,
    format: InputFormat,
    detection: String,
    warnings: Warnings,
    options: &ReadOptions,
) -> Result<LoadedMatrix> {
    let matrix = if options.samples_as_rows {
        matrix.transposed()
    } else {
        matrix
    };
    Ok(LoadedMatrix {
        matrix,
        format,
        detection,
        warnings,
    })
}

#[cfg(feature = "parquet")]
fn read_parquet(bytes: &[u8], path: &Path) -> Result<ExpressionMatrix> {
    super::parquet::parse(bytes, path)
}

#[cfg(not(feature = "parquet"))]
fn read_parquet(_bytes: &[u8], path: &Path) -> Result<ExpressionMatrix> {
    Err(Error::invalid(
        path,
        "is a Parquet file, but this osteomir was built without Parquet support: rebuild with `cargo build --features parquet`, or convert the file to TSV",
    ))
}

fn looks_like_mirna(id: &str) -> bool {
    let l = id.to_ascii_lowercase();
    l.contains("mir") || l.contains("let-") || l.starts_with("mimat") || l.starts_with("mi0")
}
