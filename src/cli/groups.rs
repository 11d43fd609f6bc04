//! Options shared by the commands that compare two groups of samples (`test`, `de`, `bench`).

use std::path::PathBuf;

use clap::Args;

use crate::io::sample_sheet::{Barcode, GroupSpec};

/// Which samples are cases and which are controls: the sheet and its labels.
#[derive(Debug, Args)]
pub struct GroupArgs {
    /// Sample sheet (TSV/CSV): a `sample` column (or the first column) and group columns.
    #[arg(long = "samples", value_name = "SHEET")]
    pub samples: PathBuf,
    #[command(flatten)]
    pub labels: LabelArgs,
}

impl GroupArgs {
    /// The validated group specification.
    pub fn spec(&self) -> GroupSpec {
        self.labels.spec()
    }
}

/// The group column, its case and control labels, and barcode matching.
#[derive(Debug, Args)]
pub struct LabelArgs {
    /// The sheet column holding the group labels.
    #[arg(long, value_name = "COLUMN")]
    pub group: String,
    /// The label of the case group.
    #[arg(long, value_name = "VALUE")]
    pub case: String,
    /// The label of the control group.
    #[arg(long, value_name = "VALUE")]
    pub control: String,
    /// Match TCGA/GDC barcodes by prefix: `sample` (15 characters, TCGA-2A-A8VL-01) or `vial` (16).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub match_barcode: Option<Barcode>,
}

impl LabelArgs {
    /// The validated group specification.
    pub fn spec(&self) -> GroupSpec {
        GroupSpec {
            column: self.group.clone(),
            case: self.case.clone(),
            control: self.control.clone(),
            barcode: self.match_barcode,
        }
    }
}

/// Pretty JSON with a final newline.
pub(super) fn json_bytes<T: serde::Serialize>(value: &T) -> crate::error::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| crate::error::Error::Internal(format!("cannot serialise JSON: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}
