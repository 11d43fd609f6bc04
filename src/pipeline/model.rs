//! `osteomir model fit` and `osteomir model apply`.
//!
//! Fit: the matrix is read and normalised as `score` does, joined to the sheet (compared samples
//! only), the signature's measured members become the features (rows with a missing value among
//! the compared samples are left out, counted), and an L2 logistic model is fitted on the
//! standardised features with the penalty of lowest cross-validated log loss
//! ([`crate::model::cv`]). The reported AUC, Brier score and calibration are those of the
//! out-of-fold predictions at that penalty; the saved model is refitted on all samples.

use std::path::PathBuf;

use clap::ValueEnum;
use ndarray::{Array2, Axis};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::io::matrix::{read_matrix, MatrixSource, ReadOptions};
use crate::io::sample_sheet::{GroupSpec, SampleSheet};
use crate::io::warnings::Warnings;
use crate::matrix::InputKind;
use crate::model::calibration::{calibration, Calibration};
use crate::model::cv::{choose_penalty, out_of_fold, stratified_folds};
use crate::model::fit::{fit as fit_logistic, sigmoid, standard_errors, Standardiser};
use crate::model::io::{ModelFeature, ModelFile, SCHEMA_VERSION};
use crate::normalize;
use crate::signature::{Direction, Signature};
use crate::stats::roc::{auc_delong, Auc};
use crate::stats::special::normal_quantile;

/// A validated `model fit` request.
#[derive(Debug, Clone)]
pub struct FitConfig {
    /// Training matrix.
    pub matrix: PathBuf,
    /// How to read it.
    pub read: ReadOptions,
    /// What the values are.
    pub input_kind: InputKind,
    /// Sample sheet.
    pub sheet: PathBuf,
    /// Groups.
    pub groups: GroupSpec,
    /// The signature whose members are the features.
    pub signature: Signature,
    /// Cross-validation folds.
    pub folds: usize,
    /// Seed of the folds.
    pub seed: u64,
    /// Penalties tried (alpha; scikit-learn C = 1/alpha).
    pub penalties: Vec<f64>,
}

/// Odds ratio per SD of one feature.
#[derive(Debug, Clone, Serialize)]
pub struct OddsRatio {
    /// Feature.
    pub feature: String,
    /// exp(coefficient).
    pub odds_ratio: f64,
    /// Lower 95% bound (penalised-Hessian approximation).
    pub ci_lo: f64,
    /// Upper 95% bound.
    pub ci_hi: f64,
}

/// The result of `model fit`.
#[derive(Debug, Clone, Serialize)]
pub struct FitRun {
    /// The saved model.
    pub model: ModelFile,
    /// Cases and controls used.
    pub n_case: usize,
    /// Controls used.
    pub n_control: usize,
    /// Folds and seed.
    pub folds: usize,
    /// Seed of the folds.
    pub seed: u64,
    /// (penalty, cross-validated mean log loss) for every penalty tried.
    pub cv_log_loss: Vec<(f64, f64)>,
    /// Cross-validated AUC with DeLong CI (out-of-fold predictions, chosen penalty).
    pub cv_auc: Option<Auc>,
    /// Calibration of the out-of-fold predictions.
    pub calibration: Calibration,
    /// Odds ratios per SD at the full-data fit.
    pub odds_ratios: Vec<OddsRatio>,
    /// Warnings, counted.
    pub warnings: Warnings,
}

/// Features (samples x members), outcomes (true = case), features, file SHA-256, input kind used.
struct TrainingData {
    x: Array2<f64>,
    y: Vec<bool>,
    features: Vec<ModelFeature>,
    sha: String,
    kind: String,
}

fn training_data(config: &FitConfig, warnings: &mut Warnings) -> Result<TrainingData> {
    let bytes = crate::io::read_source(&config.matrix)?;
    let sha = format!("{:x}", Sha256::digest(&bytes));
    let source = MatrixSource::Path(config.matrix.clone());
    let mut matrix = read_matrix(&source, config.read.clone())?;
    let name = source.display_name();
    let norm = normalize::prepare(&mut matrix, config.input_kind, name.as_ref())?;
    let sheet = SampleSheet::read(&config.sheet)?;
    let groups = sheet.assign(&matrix.samples, name.as_ref(), &config.groups, warnings)?;
    let cols: Vec<usize> = groups.case.iter().chain(&groups.control).copied().collect();
    let y: Vec<bool> = (0..cols.len()).map(|j| j < groups.case.len()).collect();
    let mut rows = Vec::new();
    let mut features = Vec::new();
    let mut incomplete = Vec::new();
    for m in &config.signature.members {
        let Some(r) = matrix.features.iter().position(|f| *f == m.name) else {
            continue;
        };
        if rows.contains(&r) {
            continue;
        }
        if cols.iter().any(|&j| !matrix.values[[r, j]].is_finite()) {
            incomplete.push(m.name.clone());
            continue;
        }
        rows.push(r);
        features.push(ModelFeature {
            name: m.name.clone(),
            mimat: m.id.clone(),
            direction: match m.direction {
                Direction::Up => 1,
                Direction::Down => -1,
            },
        });
    }
    if !incomplete.is_empty() {
        warnings.push(
            "incomplete_rows",
            incomplete.len(),
            format!(
                "members with a missing value left out of the model: {}",
                incomplete.join(", ")
            ),
        );
    }
    let missing = config.signature.members.len() - features.len() - incomplete.len();
    if missing > 0 {
        warnings.push(
            "missing_members",
            missing,
            format!(
                "signature '{}': {missing} members not measured",
                config.signature.name
            ),
        );
    }
    if features.is_empty() {
        return Err(Error::invalid(
            &config.matrix,
            format!(
                "no member of signature '{}' is measured",
                config.signature.name
            ),
        ));
    }
    let x = matrix
        .values
        .select(Axis(0), &rows)
        .select(Axis(1), &cols)
        .reversed_axes();
    Ok(TrainingData {
        x,
        y,
        features,
        sha,
        kind: norm.kind_used.to_string(),
    })
}

/// Fits, cross-validates and returns the model (not yet saved).
pub fn fit(config: &FitConfig) -> Result<FitRun> {
    if config.folds < 2 {
        return Err(Error::Usage(format!(
            "--folds must be at least 2, got {}",
            config.folds
        )));
    }
    if config.penalties.is_empty()
        || config
            .penalties
            .iter()
            .any(|a| !(a.is_finite() && *a > 0.0))
    {
        return Err(Error::Usage(
            "--penalties: give positive finite numbers".into(),
        ));
    }
    let mut warnings = Warnings::default();
    let TrainingData {
        x,
        y,
        features,
        sha,
        kind,
    } = training_data(config, &mut warnings)?;
    let n_case = y.iter().filter(|&&c| c).count();
    let n_control = y.len() - n_case;
    if n_case < config.folds || n_control < config.folds {
        return Err(Error::invalid(
            &config.sheet,
            format!("{}-fold cross-validation needs at least {} cases and controls (have {n_case} and {n_control})", config.folds, config.folds),
        ));
    }
    let folds = stratified_folds(&y, config.folds, config.seed);
    let (alpha, tried) = choose_penalty(&x, &y, &folds, config.folds, &config.penalties)?;
    let oof = out_of_fold(&x, &y, &folds, config.folds, alpha)?;
    let case: Vec<f64> = (0..y.len()).filter(|&i| y[i]).map(|i| oof[i]).collect();
    let control: Vec<f64> = (0..y.len()).filter(|&i| !y[i]).map(|i| oof[i]).collect();
    let cv_auc = auc_delong(
        ndarray::ArrayView1::from(&case),
        ndarray::ArrayView1::from(&control),
    );
    let st = Standardiser::learn(x.view());
    let z = st.apply(x.view());
    let model = fit_logistic(z.view(), &y, alpha)?;
    let se = standard_errors(&model, z.view());
    let q = normal_quantile(0.975);
    let odds_ratios = features
        .iter()
        .enumerate()
        .map(|(j, f)| {
            let b = model.coef[j];
            let s = se.as_ref().map_or(f64::NAN, |s| s[j]);
            OddsRatio {
                feature: f.name.clone(),
                odds_ratio: b.exp(),
                ci_lo: (b - q * s).exp(),
                ci_hi: (b + q * s).exp(),
            }
        })
        .collect();
    Ok(FitRun {
        model: ModelFile {
            schema_version: SCHEMA_VERSION,
            osteomir_version: env!("CARGO_PKG_VERSION").to_string(),
            signature: config.signature.name.clone(),
            case: config.groups.case.clone(),
            control: config.groups.control.clone(),
            input_kind: kind,
            features,
            standardisation: st,
            model,
            training_sha256: sha,
        },
        n_case,
        n_control,
        folds: config.folds,
        seed: config.seed,
        cv_log_loss: tried,
        cv_auc,
        calibration: calibration(&oof, &y),
        odds_ratios,
        warnings,
    })
}

/// Risk of each sample of a new matrix.
#[derive(Debug, Clone, Serialize)]
pub struct ApplyRun {
    /// Sample ids, input order.
    pub samples: Vec<String>,
    /// P(case).
    pub risk: Vec<f64>,
    /// Linear predictor.
    pub logit: Vec<f64>,
}

/// Applies `model` to the matrix at `source`; every model feature must be a row of the matrix
/// with finite values.
pub fn apply(model: &ModelFile, source: &MatrixSource, read: ReadOptions) -> Result<ApplyRun> {
    let mut matrix = read_matrix(source, read)?;
    let name = source.display_name();
    let kind = InputKind::from_str(&model.input_kind, true).map_err(|_| {
        Error::Usage(format!(
            "model input_kind '{}' is not known",
            model.input_kind
        ))
    })?;
    normalize::prepare(&mut matrix, kind, name.as_ref())?;
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for f in &model.features {
        match matrix.features.iter().position(|r| *r == f.name) {
            Some(r) => rows.push(r),
            None => missing.push(f.name.as_str()),
        }
    }
    if !missing.is_empty() {
        return Err(Error::invalid(
            name.as_str(),
            format!(
                "cannot apply the model: features not in the matrix: {}",
                missing.join(", ")
            ),
        ));
    }
    let x = matrix.values.select(Axis(0), &rows).reversed_axes();
    if let Some((i, j)) = x
        .indexed_iter()
        .find(|(_, v)| !v.is_finite())
        .map(|(ij, _)| ij)
    {
        return Err(Error::invalid(
            name.as_str(),
            format!(
                "feature '{}' has a missing value in sample '{}'",
                model.features[j].name, matrix.samples[i]
            ),
        ));
    }
    let logit = model
        .model
        .logit(model.standardisation.apply(x.view()).view());
    Ok(ApplyRun {
        samples: matrix.samples.clone(),
        risk: logit.iter().map(|&z| sigmoid(z)).collect(),
        logit: logit.to_vec(),
    })
}
