//! Reproducible risk reports: one self-contained HTML page, the same content as JSON, and the
//! score table as TSV.
//!
//! [`Report`] is the model: everything the page shows, as plain data. The pipeline
//! ([`crate::pipeline::report`]) fills it; [`json`] and [`html`] render it; [`svg`] draws the
//! plots; [`provenance`] hashes inputs and records the build; [`null`] draws random signatures;
//! [`roc_curve`] gives the empirical ROC points.
//!
//! The page follows the order of the REMARK (McShane et al. 2005) and TRIPOD (Collins et al.
//! 2015) reporting guidelines: data, predictors (signatures), per-sample scores, discrimination
//! (ROC), group tests, a random-signature null, member heatmap, calibration, limitations.
//!
//! Determinism: the model holds no timestamp unless asked for, no hash map iteration reaches the
//! output, and every parallel step merges its results in input order, so the same inputs and seed
//! give the same bytes whatever the thread count.

pub mod html;
pub mod json;
pub mod null;
pub mod provenance;
pub mod roc_curve;
pub mod svg;

use serde::Serialize;

use crate::io::warnings::Warnings;
use crate::normalize::Normalisation;
use crate::pipeline::group_test::TestRow;

pub use provenance::Provenance;

/// Version of the JSON layout (`report.json`); bump on any incompatible change.
pub const SCHEMA_VERSION: &str = "1.0.0";

/// The JSON Schema that `report.json` follows.
pub const SCHEMA: &str = include_str!("schema.json");

/// What the report says about its intended use, verbatim on the page and in JSON.
pub const DISCLAIMER: &str = "For research use only. osteomir is not a medical device and this \
report is not a clinical test: it must not be used to diagnose, treat or make decisions about any \
patient.";

/// A complete report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Version of this JSON layout.
    pub schema_version: &'static str,
    /// Title shown on the page.
    pub title: String,
    /// Build, inputs, parameters and command line.
    pub provenance: Provenance,
    /// The data and the groups compared.
    pub data: DataSection,
    /// One block per signature, in the order asked.
    pub signatures: Vec<SignatureReport>,
    /// Every sample with its group and scores (one per signature, in signature order).
    pub samples: Vec<SampleRow>,
    /// The risk model's calibration: always absent for now (see `note`).
    pub model: ModelSection,
    /// What the reader must keep in mind.
    pub limitations: Vec<String>,
    /// Research-use disclaimer.
    pub disclaimer: &'static str,
    /// Everything worth a warning during the run, counted.
    pub warnings: Warnings,
}

/// The input matrix, the sample sheet and the grouping.
#[derive(Debug, Clone, Serialize)]
pub struct DataSection {
    /// The matrix as named on the command line (or the demo).
    pub matrix: String,
    /// Features (rows) read.
    pub n_features: usize,
    /// Samples (columns) read.
    pub n_samples: usize,
    /// Kind detection and transformation applied before scoring.
    pub normalisation: Normalisation,
    /// How matrix rows are matched to signature members.
    pub id_mode: IdMode,
    /// The sample sheet as named on the command line (or the demo).
    pub sheet: String,
    /// The sheet column holding the groups.
    pub group_column: String,
    /// Label of the cases.
    pub case_label: String,
    /// Label of the controls.
    pub control_label: String,
    /// Number of cases.
    pub n_case: usize,
    /// Number of controls.
    pub n_control: usize,
    /// Samples scored but in neither group.
    pub left_out: Vec<String>,
}

/// How identifiers were matched.
#[derive(Debug, Clone, Serialize)]
pub struct IdMode {
    /// `mirbase` (rows and members matched by v22 accession) or `exact` (verbatim names).
    pub mode: &'static str,
    /// The miRBase release the matrix's names look like, when harmonisation ran.
    pub mirbase_release: Option<String>,
    /// In words, for the page.
    pub description: String,
}

/// One member of a signature and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct MemberRow {
    /// Name matched against rows.
    pub name: String,
    /// miRBase accession, when known.
    pub id: Option<String>,
    /// +1 (higher = risk) or -1.
    pub direction: i8,
    /// The entry as the source writes it.
    pub as_written: Option<String>,
    /// Source table/row/section.
    pub source: Option<String>,
    /// Kinds of evidence reported.
    pub evidence: Vec<String>,
    /// The source contradicts itself about this member.
    pub conflict: bool,
    /// Why, when conflicted.
    pub conflict_reason: Option<String>,
    /// `used`, `missing` (not measured) or `dropped` (measured but constant or incomplete).
    /// Conflicted members left out of scoring are not listed (a selection warning counts them).
    pub status: &'static str,
}

/// Everything about one signature.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureReport {
    /// Signature name (a column of scores.tsv).
    pub name: String,
    /// Cancer of a built-in signature.
    pub cancer: Option<String>,
    /// `core` or `full` for built-ins.
    pub set: Option<String>,
    /// Where the members come from.
    pub source: Option<String>,
    /// SHA-256 of the signature's canonical text (the lossless JSON export of what was scored).
    pub sha256: String,
    /// The members scored, in signature order.
    pub members: Vec<MemberRow>,
    /// Members scored (listed in the scored set).
    pub listed: usize,
    /// Members measured.
    pub found: usize,
    /// found / listed.
    pub coverage: f64,
    /// Members not measured.
    pub missing: Vec<String>,
    /// Measured members the method dropped.
    pub dropped: Vec<String>,
    /// Up members that entered the score.
    pub n_up_used: usize,
    /// Down members that entered the score.
    pub n_down_used: usize,
    /// How up and down members were combined.
    pub combination: String,
    /// Welch, Mann-Whitney, AUC with DeLong CI, BH across signatures.
    pub test: TestRow,
    /// Empirical ROC curve of the cases against the controls.
    pub roc: Vec<roc_curve::RocPoint>,
    /// The random-signature null.
    pub null: null::NullResult,
    /// Member z-scores, samples ordered by score.
    pub heatmap: Heatmap,
}

/// Member z-scores (rows) by sample (columns, ascending score; samples without a score last).
#[derive(Debug, Clone, Serialize)]
pub struct Heatmap {
    /// Members used, up ones first.
    pub members: Vec<String>,
    /// Direction of each row (+1/-1).
    pub directions: Vec<i8>,
    /// Sample names in column order.
    pub samples: Vec<String>,
    /// Group of each column: `case`, `control` or `other`.
    pub groups: Vec<&'static str>,
    /// z-scores (sample sd, ddof = 1), members x samples.
    pub z: Vec<Vec<f64>>,
}

/// One sample: group and scores.
#[derive(Debug, Clone, Serialize)]
pub struct SampleRow {
    /// Sample name.
    pub sample: String,
    /// `case`, `control` or `other`.
    pub group: &'static str,
    /// One score per signature (null = NA).
    pub scores: Vec<f64>,
}

/// The calibration of a risk model.
#[derive(Debug, Clone, Serialize)]
pub struct ModelSection {
    /// Whether a model was applied.
    pub applied: bool,
    /// What was applied, or why nothing was.
    pub note: String,
    /// The model file applied.
    pub file: Option<String>,
    /// Brier score, Cox slope/intercept and the binned table of predicted vs observed risk.
    pub calibration: Option<crate::model::calibration::Calibration>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_schema_parses_and_pins_the_schema_version() {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
        assert_eq!(
            schema["properties"]["schema_version"]["const"],
            SCHEMA_VERSION
        );
        let required = schema["required"].as_array().unwrap();
        for key in ["provenance", "data", "signatures", "samples", "disclaimer"] {
            assert!(required.iter().any(|k| k == key), "{key}");
        }
    }
}
