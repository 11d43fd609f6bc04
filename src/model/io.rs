//! The model file: everything `model apply` needs, plus provenance.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fit::{Logistic, Standardiser};
use crate::error::{Error, Result};

/// Version of the model JSON layout.
pub const SCHEMA_VERSION: u32 = 1;

/// One model feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFeature {
    /// Matrix row id used in training (matched verbatim by `model apply`).
    pub name: String,
    /// MIMAT accession when the signature gives one.
    pub mimat: Option<String>,
    /// Curated direction (+1 up, -1 down).
    pub direction: i8,
}

/// A saved risk model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFile {
    /// Layout version ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// osteomir version that fitted it.
    pub osteomir_version: String,
    /// The signature the features come from.
    pub signature: String,
    /// What the model predicts: P(case label) against the control label.
    pub case: String,
    /// The control label.
    pub control: String,
    /// The input kind used on the training matrix (`counts`, `log`, ...), applied to new data too.
    pub input_kind: String,
    /// Features, in coefficient order.
    pub features: Vec<ModelFeature>,
    /// Standardisation of the features (training data).
    pub standardisation: Standardiser,
    /// Coefficients per SD, intercept and penalty.
    pub model: Logistic,
    /// SHA-256 of the training matrix file bytes.
    pub training_sha256: String,
}

impl ModelFile {
    /// Writes the model as pretty JSON, atomically.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut bytes = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::Internal(format!("cannot serialise model: {e}")))?;
        bytes.push(b'\n');
        crate::io::write_atomic(path, &bytes)
    }

    /// Reads and checks a model file.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = crate::io::read_source(path)?;
        let m: ModelFile = serde_json::from_slice(&bytes)
            .map_err(|e| Error::invalid(path, format!("not an osteomir model JSON: {e}")))?;
        if m.schema_version != SCHEMA_VERSION {
            return Err(Error::invalid(
                path,
                format!("model schema_version {} is not supported (this osteomir reads {SCHEMA_VERSION})", m.schema_version),
            ));
        }
        let p = m.features.len();
        if m.model.coef.len() != p
            || m.standardisation.mean.len() != p
            || m.standardisation.sd.len() != p
        {
            return Err(Error::invalid(
                path,
                "model features, coefficients and standardisation differ in length",
            ));
        }
        let finite = m
            .model
            .coef
            .iter()
            .chain(&m.standardisation.mean)
            .chain(&m.standardisation.sd)
            .all(|v| v.is_finite())
            && m.model.intercept.is_finite()
            && m.standardisation.sd.iter().all(|&s| s > 0.0);
        if !finite {
            return Err(Error::invalid(
                path,
                "model has a non-finite coefficient or a non-positive SD",
            ));
        }
        Ok(m)
    }
}
