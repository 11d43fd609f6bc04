//! The report as JSON (`report.json`): everything the page shows, as data, with
//! `schema_version` (see [`super::SCHEMA`]).
//!
//! Floats are written as the shortest text that parses back to the same double (serde_json's
//! rule); missing values (NaN) are `null`. Object keys keep the order of the model's fields.

use crate::error::{Error, Result};

use super::Report;

/// Pretty-printed JSON with a final newline.
pub fn render(report: &Report) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(report)
        .map_err(|e| Error::Internal(format!("cannot serialise the report as JSON: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}
