//! The model file: everything `model apply` needs, plus provenance.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fit::{Logistic, Standardiser};
use crate::error::{Error, Result};
use crate::mirna::IdMode;
use crate::score::{Method, MethodParams};
use crate::signature::{Direction, Member, Signature};

/// Version of the model JSON layout written. Version 1 files (member features matched verbatim,
/// no `id_mode` or `scores`) are still read.
pub const SCHEMA_VERSION: u32 = 2;

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

/// How the scores of a score-feature model are computed (`model fit --features scores`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreFeatures {
    /// The scoring method.
    pub method: Method,
    /// Its parameters (GSVA's kernel resolved at fit time).
    pub params: MethodParams,
    /// The signatures scored, in feature order, with their members.
    pub signatures: Vec<SavedSignature>,
}

/// A signature as saved in a model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedSignature {
    /// Its name (the feature name).
    pub name: String,
    /// Members scored (name, MIMAT accession when known, direction).
    pub members: Vec<ModelFeature>,
}

impl SavedSignature {
    /// The members of `signature` that are scored.
    pub fn from_signature(signature: &Signature) -> Self {
        SavedSignature {
            name: signature.name.clone(),
            members: signature
                .members
                .iter()
                .map(|m| ModelFeature {
                    name: m.name.clone(),
                    mimat: m.id.clone(),
                    direction: m.direction.sign() as i8,
                })
                .collect(),
        }
    }

    /// Back to a signature (no curation record); `origin` names the model file in errors.
    pub fn to_signature(&self, origin: &str) -> Result<Signature> {
        let members = self
            .members
            .iter()
            .map(|f| {
                let mut m = Member::new(f.name.clone(), f.direction());
                m.id = f.mimat.clone();
                m
            })
            .collect();
        Signature::new(&self.name, members, origin)
    }
}

impl ModelFeature {
    /// The curated direction as a [`Direction`].
    pub fn direction(&self) -> Direction {
        if self.direction < 0 {
            Direction::Down
        } else {
            Direction::Up
        }
    }
}

fn exact_for_version_1() -> IdMode {
    IdMode::Exact
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
    /// How matrix rows were matched to members (absent in version 1 files: verbatim).
    #[serde(default = "exact_for_version_1")]
    pub id_mode: IdMode,
    /// Present when the features are signature scores rather than member expressions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores: Option<ScoreFeatures>,
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
        if !(1..=SCHEMA_VERSION).contains(&m.schema_version) {
            return Err(Error::invalid(
                path,
                format!("model schema_version {} is not supported (this osteomir reads 1 to {SCHEMA_VERSION})", m.schema_version),
            ));
        }
        if let Some(s) = &m.scores {
            if s.signatures.len() != m.features.len() {
                return Err(Error::invalid(
                    path,
                    "model score signatures and features differ in length",
                ));
            }
            let origin = path.display().to_string();
            for sig in &s.signatures {
                sig.to_signature(&origin)?;
            }
            s.params.validate()?;
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
