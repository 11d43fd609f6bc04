//! `osteomir model fit` and `osteomir model apply`.
//!
//! Fit: the matrix is read, harmonised and normalised as `score` does ([`super::input`]), joined
//! to the sheet (compared samples only), and the features are either
//! * `members`: the signature's measured members (matched by miRBase accession or verbatim; rows
//!   with a missing value among the compared samples are left out, counted), or
//! * `scores`: the scores of one or more signatures by one method, computed by `score` on the
//!   whole matrix (unsupervised, so no label leaks into the folds); `model apply` recomputes them
//!   on the new matrix with the saved signatures, method and parameters. Cohort-relative methods
//!   (zscore, gsva, plage, ssgsea with normalisation) then score relative to the new cohort.
//!
//! An L2 logistic model is fitted on the standardised features with the penalty of lowest
//! cross-validated log loss ([`crate::model::cv`]). The reported AUC, Brier score and calibration
//! are those of the out-of-fold predictions at that penalty; the saved model is refitted on all
//! samples.

use std::path::PathBuf;

use clap::ValueEnum;
use ndarray::{Array2, Axis};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::input::{prepare_input, InputRequest, PreparedInput};
use super::score::{self, ScoreConfig, ScoreRun};
use crate::error::{Error, Result};
use crate::io::matrix::{MatrixSource, ReadOptions};
use crate::io::sample_sheet::{GroupSpec, SampleSheet};
use crate::io::warnings::Warnings;
use crate::matrix::InputKind;
use crate::mirna::IdMode;
use crate::model::calibration::{calibration, Calibration};
use crate::model::cv::{choose_penalty, out_of_fold, stratified_folds};
use crate::model::fit::{fit as fit_logistic, sigmoid, standard_errors, Standardiser};
use crate::model::io::{ModelFeature, ModelFile, SavedSignature, ScoreFeatures, SCHEMA_VERSION};
use crate::normalize::NormalizeOptions;
use crate::score::{Method, MethodParams};
use crate::signature::{Member, Signature};
use crate::stats::roc::{auc_delong, Auc};
use crate::stats::special::normal_quantile;

/// What the model's features are.
#[derive(Debug, Clone)]
pub enum FeatureSource {
    /// The measured members of one signature.
    Members(Signature),
    /// The scores of these signatures by one method.
    Scores {
        /// Signatures, feature order.
        signatures: Vec<Signature>,
        /// Scoring method.
        method: Method,
        /// Its parameters.
        params: MethodParams,
    },
}

/// A validated `model fit` request.
#[derive(Debug, Clone)]
pub struct FitConfig {
    /// Training matrix.
    pub matrix: PathBuf,
    /// How to read it.
    pub read: ReadOptions,
    /// What the values are.
    pub input_kind: InputKind,
    /// How rows and members are matched.
    pub id_mode: IdMode,
    /// Sample sheet.
    pub sheet: PathBuf,
    /// Groups.
    pub groups: GroupSpec,
    /// The features.
    pub features: FeatureSource,
    /// Cross-validation folds.
    pub folds: usize,
    /// Seed of the folds.
    pub seed: u64,
    /// Penalties tried (alpha; scikit-learn C = 1/alpha).
    pub penalties: Vec<f64>,
}

impl FitConfig {
    /// The name written in the model's `signature` field.
    fn signature_label(&self) -> String {
        match &self.features {
            FeatureSource::Members(s) => s.name.clone(),
            FeatureSource::Scores { signatures, .. } => signatures
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(","),
        }
    }
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

/// Features (samples x features), outcomes (true = case), features, how scores were made, file
/// SHA-256, input kind used.
struct TrainingData {
    x: Array2<f64>,
    y: Vec<bool>,
    features: Vec<ModelFeature>,
    scores: Option<ScoreFeatures>,
    sha: String,
    kind: String,
}

/// Compared samples: column indices (cases first) and the outcome of each.
fn compared(
    config: &FitConfig,
    samples: &[String],
    warnings: &mut Warnings,
) -> Result<(Vec<usize>, Vec<bool>)> {
    let sheet = SampleSheet::read(&config.sheet)?;
    let groups = sheet.assign(samples, &config.matrix, &config.groups, warnings)?;
    let cols: Vec<usize> = groups.case.iter().chain(&groups.control).copied().collect();
    let y = (0..cols.len()).map(|j| j < groups.case.len()).collect();
    Ok((cols, y))
}

/// The row of a matrix prepared by [`prepare_input`] that one named feature maps to.
fn row_of(prepared: &PreparedInput, feature: &ModelFeature) -> Option<usize> {
    let mut member = Member::new(feature.name.clone(), feature.direction());
    member.id = feature.mimat.clone();
    let one = Signature::new(&feature.name, vec![member], "model").ok()?;
    let (mapped, _) = prepared.map(std::slice::from_ref(&one), &mut Warnings::default());
    mapped[0].up.first().or(mapped[0].down.first()).copied()
}

fn member_features(
    config: &FitConfig,
    signature: &Signature,
    warnings: &mut Warnings,
) -> Result<TrainingData> {
    let request = InputRequest {
        id_mode: config.id_mode,
        ..InputRequest::new(
            MatrixSource::Path(config.matrix.clone()),
            config.read.clone(),
            config.input_kind,
        )
    };
    let mut prepared = prepare_input(&request, |_| Ok(false))?;
    warnings.extend(std::mem::take(&mut prepared.warnings));
    let (cols, y) = compared(config, &prepared.matrix.samples, warnings)?;
    prepared.map(std::slice::from_ref(signature), warnings);
    let matrix = &prepared.matrix;
    let mut rows = Vec::new();
    let mut features = Vec::new();
    let mut incomplete = Vec::new();
    let mut missing = 0;
    for m in &signature.members {
        let wanted = ModelFeature {
            name: m.name.clone(),
            mimat: m.id.clone(),
            direction: m.direction.sign() as i8,
        };
        let Some(r) = row_of(&prepared, &wanted) else {
            missing += 1;
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
        let accession = Some(matrix.features[r].clone()).filter(|a| a.starts_with("MIMAT"));
        features.push(ModelFeature {
            name: prepared.labels[r].clone(),
            mimat: accession.or(wanted.mimat),
            direction: wanted.direction,
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
    if missing > 0 {
        warnings.push(
            "missing_members",
            missing,
            format!(
                "signature '{}': {missing} members not measured",
                signature.name
            ),
        );
    }
    if features.is_empty() {
        return Err(Error::invalid(
            &config.matrix,
            format!("no member of signature '{}' is measured", signature.name),
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
        scores: None,
        sha: String::new(),
        kind: prepared.normalisation.kind_used.to_string(),
    })
}

/// Scores of `signatures` on the matrix of `source` (samples x signatures), refusing a signature
/// with no score for some sample.
fn score_matrix(
    source: MatrixSource,
    read: ReadOptions,
    input_kind: InputKind,
    id_mode: IdMode,
    spec: &ScoreFeatures,
    signatures: Vec<Signature>,
) -> Result<ScoreRun> {
    let config = ScoreConfig {
        source,
        read,
        input_kind,
        normalize: NormalizeOptions::default(),
        signatures,
        method: spec.method,
        min_coverage: 0.0,
        id_mode,
        params: spec.params,
    };
    score::run(&config)
}

fn score_features(
    config: &FitConfig,
    signatures: &[Signature],
    method: Method,
    params: MethodParams,
    warnings: &mut Warnings,
) -> Result<TrainingData> {
    let mut spec = ScoreFeatures {
        method,
        params,
        signatures: Vec::new(),
    };
    let scorable: Vec<Signature> = signatures.to_vec();
    let mut run = score_matrix(
        MatrixSource::Path(config.matrix.clone()),
        config.read.clone(),
        config.input_kind,
        config.id_mode,
        &spec,
        scorable.clone(),
    )?;
    warnings.extend(std::mem::take(&mut run.warnings));
    let (cols, y) = compared(config, &run.samples, warnings)?;
    let x = run.table.scores.select(Axis(1), &cols).reversed_axes();
    for (k, sig) in run.signatures.iter().enumerate() {
        if x.column(k).iter().any(|v| !v.is_finite()) {
            return Err(Error::invalid(
                &config.matrix,
                format!(
                    "signature '{}' has no {} score for some compared samples ({} of {} members measured)",
                    sig.name, method, sig.found, sig.listed
                ),
            ));
        }
    }
    // the kernel as resolved on the training data (gsva auto -> gaussian or poisson)
    spec.params = run.params;
    spec.signatures = scorable
        .iter()
        .map(SavedSignature::from_signature)
        .collect();
    let features = scorable
        .iter()
        .map(|s| ModelFeature {
            name: s.name.clone(),
            mimat: None,
            direction: 1,
        })
        .collect();
    Ok(TrainingData {
        x,
        y,
        features,
        scores: Some(spec),
        sha: String::new(),
        kind: run.input.normalisation.kind_used.to_string(),
    })
}

fn training_data(config: &FitConfig, warnings: &mut Warnings) -> Result<TrainingData> {
    let bytes = crate::io::read_source(&config.matrix)?;
    let sha = format!("{:x}", Sha256::digest(&bytes));
    drop(bytes);
    let mut data = match &config.features {
        FeatureSource::Members(signature) => member_features(config, signature, warnings)?,
        FeatureSource::Scores {
            signatures,
            method,
            params,
        } => score_features(config, signatures, *method, *params, warnings)?,
    };
    data.sha = sha;
    Ok(data)
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
        scores,
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
            signature: config.signature_label(),
            case: config.groups.case.clone(),
            control: config.groups.control.clone(),
            input_kind: kind,
            id_mode: config.id_mode,
            scores,
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

/// Applies `model` to the matrix at `source`: every model feature must map to a row of the
/// matrix (or, for score features, every signature must be scorable) with finite values.
pub fn apply(model: &ModelFile, source: &MatrixSource, read: ReadOptions) -> Result<ApplyRun> {
    let name = source.display_name();
    let kind = InputKind::from_str(&model.input_kind, true).map_err(|_| {
        Error::Usage(format!(
            "model input_kind '{}' is not known",
            model.input_kind
        ))
    })?;
    let (samples, x) = match &model.scores {
        None => member_values(model, source, read, kind)?,
        Some(spec) => {
            let origin = name.clone();
            let signatures = spec
                .signatures
                .iter()
                .map(|s| s.to_signature(&origin))
                .collect::<Result<Vec<_>>>()?;
            let run = score_matrix(source.clone(), read, kind, model.id_mode, spec, signatures)?;
            if let Some(sig) = run.signatures.iter().find(|s| s.found == 0) {
                return Err(Error::invalid(
                    name.as_str(),
                    format!(
                        "cannot apply the model: no member of signature '{}' is in the matrix",
                        sig.name
                    ),
                ));
            }
            (run.samples, run.table.scores.reversed_axes())
        }
    };
    if let Some((i, j)) = x
        .indexed_iter()
        .find(|(_, v)| !v.is_finite())
        .map(|(ij, _)| ij)
    {
        return Err(Error::invalid(
            name.as_str(),
            format!(
                "feature '{}' has a missing value in sample '{}'",
                model.features[j].name, samples[i]
            ),
        ));
    }
    let logit = model
        .model
        .logit(model.standardisation.apply(x.view()).view());
    Ok(ApplyRun {
        samples,
        risk: logit.iter().map(|&z| sigmoid(z)).collect(),
        logit: logit.to_vec(),
    })
}

/// The model's member features on the new matrix (samples x features), refusing any that does
/// not map to a row.
fn member_values(
    model: &ModelFile,
    source: &MatrixSource,
    read: ReadOptions,
    kind: InputKind,
) -> Result<(Vec<String>, Array2<f64>)> {
    let request = InputRequest {
        id_mode: model.id_mode,
        ..InputRequest::new(source.clone(), read, kind)
    };
    let prepared = prepare_input(&request, |_| Ok(false))?;
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for f in &model.features {
        match row_of(&prepared, f) {
            Some(r) => rows.push(r),
            None => missing.push(f.name.as_str()),
        }
    }
    if !missing.is_empty() {
        return Err(Error::invalid(
            source.display_name().as_str(),
            format!(
                "cannot apply the model: features not in the matrix: {}",
                missing.join(", ")
            ),
        ));
    }
    let x = prepared
        .matrix
        .values
        .select(Axis(0), &rows)
        .reversed_axes();
    Ok((prepared.matrix.samples, x))
}
