//! Opening an expression matrix from a path, whatever its format.

use std::path::{Path, PathBuf};

use crate::error::Result;
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

/// How to read a matrix.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The file has samples as rows and features as columns.
    pub samples_as_rows: bool,
}

/// Reads a matrix (TSV/CSV, plain or gzip, or stdin) into features x samples.
pub fn read_matrix(source: &MatrixSource, options: ReadOptions) -> Result<ExpressionMatrix> {
    let (bytes, name) = match source {
        MatrixSource::Path(path) => (super::read_source(path)?, path.clone()),
        MatrixSource::Demo => (
            super::gunzip(DEMO_MATRIX, Path::new("demo"))?,
            PathBuf::from("demo.tsv"),
        ),
    };
    let matrix = super::delimited::parse(bytes, &name)?;
    Ok(if options.samples_as_rows {
        matrix.transposed()
    } else {
        matrix
    })
}
