//! `osteomir model fit` and `osteomir model apply`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::groups::{json_bytes, GroupArgs};
use super::output::Stderr;
use super::Format;
use crate::error::{Error, Result};
use crate::io::matrix::{MatrixSource, ReadOptions};
use crate::io::{write_output, Output};
use crate::matrix::InputKind;
use crate::mirna::IdMode;
use crate::model::cv::DEFAULT_PENALTIES;
use crate::model::io::ModelFile;
use crate::pipeline::model::{apply, fit, ApplyRun, FeatureSource, FitConfig};
use crate::score::{Method, MethodParams};
use crate::signature::curated::Cancer;
use crate::signature::select::{self, Request};

pub(super) const EXAMPLES: &str = "Examples:
  osteomir model fit counts.tsv.gz --samples sheet.tsv --group node_status --case N1 --control N0 --cancer prostate -o model.json
  osteomir model fit counts.tsv.gz --samples sheet.tsv --group met --case yes --control no --signature lung_core --folds 10 --seed 3 --penalties 0.1,1,10 -o model.json
  osteomir model fit counts.tsv.gz --samples sheet.tsv --group met --case yes --control no --features scores --method ssgsea --signature prostate_core --signature breast_core -o model.json
  osteomir model apply new_counts.tsv.gz --model model.json -o risk.tsv";

/// Arguments of `osteomir model`.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// fit or apply.
    #[command(subcommand)]
    pub action: ModelAction,
}

/// The model actions.
#[derive(Debug, Subcommand)]
pub enum ModelAction {
    /// Fit a penalised logistic model on a signature's members (or on signature scores) and save it as JSON.
    Fit(FitArgs),
    /// Score new samples with a saved model (columns sample, risk, logit).
    Apply(ApplyArgs),
}

/// Arguments of `osteomir model fit`.
#[derive(Debug, Args)]
pub struct FitArgs {
    /// Training matrix.
    #[arg(value_name = "MATRIX")]
    pub matrix: PathBuf,
    #[command(flatten)]
    pub groups: GroupArgs,
    /// Signature (built-in name or file). With `--features members`, one signature whose
    /// members are the features; with `--features scores`, repeat it for several score features.
    #[arg(long = "signature", value_name = "NAME_OR_FILE")]
    pub signature: Vec<String>,
    /// The core signature of one cancer.
    #[arg(long, value_enum, conflicts_with = "signature")]
    pub cancer: Option<Cancer>,
    /// Use conflicted members too (the `_full` signature with --cancer).
    #[arg(long)]
    pub include_conflicted: bool,
    /// What the features are: the signature's member expressions, or signature scores.
    #[arg(long, value_enum, default_value_t = FeatureKind::Members)]
    pub features: FeatureKind,
    /// Scoring method of `--features scores`.
    #[arg(long, value_enum, default_value_t = Method::Zscore)]
    pub method: Method,
    /// Match rows and members by miRBase v22 accession (mirbase) or verbatim (exact).
    #[arg(long, value_enum, default_value_t = IdMode::Mirbase)]
    pub id_mode: IdMode,
    /// Cross-validation folds (stratified).
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Seed of the folds.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// L2 penalties tried, comma-separated (linfa alpha; scikit-learn C = 1/alpha).
    #[arg(long, value_delimiter = ',', default_values_t = DEFAULT_PENALTIES.to_vec())]
    pub penalties: Vec<f64>,
    /// What the values are.
    #[arg(long, value_enum, default_value_t = InputKind::Auto)]
    pub input_kind: InputKind,
    /// The file has samples as rows.
    #[arg(long)]
    pub samples_as_rows: bool,
    /// Where to save the model JSON.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Also write the fit report (CV AUC, calibration, odds ratios) as JSON here.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Print no progress or warnings.
    #[arg(long)]
    pub quiet: bool,
}

/// What a model's features are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FeatureKind {
    /// The standardised expressions of one signature's measured members.
    Members,
    /// The scores of one or more signatures (`--method`), recomputed by `model apply`.
    Scores,
}

/// Arguments of `osteomir model apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// Matrix to score.
    #[arg(value_name = "MATRIX")]
    pub matrix: PathBuf,
    /// Model JSON written by `model fit`.
    #[arg(long, value_name = "FILE")]
    pub model: PathBuf,
    /// The file has samples as rows.
    #[arg(long)]
    pub samples_as_rows: bool,
    #[command(flatten)]
    pub out: super::OutputArgs,
}

/// Runs `model fit` or `model apply`.
pub fn run(args: ModelArgs) -> Result<()> {
    match args.action {
        ModelAction::Fit(a) => run_fit(a),
        ModelAction::Apply(a) => run_apply(a),
    }
}

fn run_fit(args: FitArgs) -> Result<()> {
    let stderr = Stderr::new(args.quiet);
    let out = Output::from_arg(Some(&args.output));
    out.check_writable()?;
    let request = Request {
        names: args.signature.clone(),
        cancer: args.cancer,
        all: false,
        include_conflicted: args.include_conflicted,
    };
    if request.names.is_empty() && request.cancer.is_none() {
        return Err(Error::Usage(
            "give --signature NAME_OR_FILE or --cancer C".into(),
        ));
    }
    let selected = select::for_scoring(&request)?;
    // with --cancer the core set, or the full set with --include-conflicted
    let signatures = if args.cancer.is_some() {
        let wanted = if args.include_conflicted {
            "_full"
        } else {
            "_core"
        };
        let one = selected
            .signatures
            .iter()
            .find(|s| s.name.ends_with(wanted))
            .or(selected.signatures.first())
            .cloned()
            .ok_or_else(|| Error::Usage("no signature selected".into()))?;
        vec![one]
    } else {
        selected.signatures.clone()
    };
    let features = match args.features {
        FeatureKind::Members => match signatures.as_slice() {
            [one] => FeatureSource::Members(one.clone()),
            _ => {
                return Err(Error::Usage(format!(
                    "--features members takes one signature, got {} (use --features scores for several)",
                    signatures.len()
                )))
            }
        },
        FeatureKind::Scores => FeatureSource::Scores {
            signatures,
            method: args.method,
            params: MethodParams::default(),
        },
    };
    let config = FitConfig {
        matrix: args.matrix.clone(),
        read: ReadOptions {
            samples_as_rows: args.samples_as_rows,
            ..Default::default()
        },
        input_kind: args.input_kind,
        id_mode: args.id_mode,
        sheet: args.groups.samples.clone(),
        groups: args.groups.spec(),
        features,
        folds: args.folds,
        seed: args.seed,
        penalties: args.penalties.clone(),
    };
    let mut run = fit(&config)?;
    let mut w = selected.notes;
    w.extend(std::mem::take(&mut run.warnings));
    run.warnings = w;
    let auc = run.cv_auc.map_or("NA".to_string(), |a| {
        format!("{:.3} ({:.3}-{:.3})", a.auc, a.ci_lo, a.ci_hi)
    });
    stderr.info(&format!(
        "{}: {} features, {} cases, {} controls; penalty {} ; cross-validated AUC {auc}; Brier {:.4}; calibration slope {:.3}, intercept {:.3}",
        run.model.signature,
        run.model.features.len(),
        run.n_case,
        run.n_control,
        run.model.model.alpha,
        run.calibration.brier,
        run.calibration.slope,
        run.calibration.intercept
    ));
    stderr.warnings(&run.warnings);
    if let Some(r) = &args.report {
        write_output(&Output::from_arg(Some(r)), &json_bytes(&run)?)?;
    }
    run.model.save(&args.output)
}

fn apply_tsv(run: &ApplyRun) -> Vec<u8> {
    let mut s = String::from("sample\trisk\tlogit\n");
    for i in 0..run.samples.len() {
        s.push_str(&format!(
            "{}\t{}\t{}\n",
            run.samples[i], run.risk[i], run.logit[i]
        ));
    }
    s.into_bytes()
}

fn run_apply(args: ApplyArgs) -> Result<()> {
    let stderr = Stderr::new(args.out.quiet);
    let output = Output::from_arg(args.out.output.as_deref());
    output.check_writable()?;
    let model = ModelFile::load(&args.model)?;
    let run = apply(
        &model,
        &MatrixSource::Path(args.matrix.clone()),
        ReadOptions {
            samples_as_rows: args.samples_as_rows,
            ..Default::default()
        },
    )?;
    stderr.info(&format!(
        "{} samples scored with model of '{}'",
        run.samples.len(),
        model.signature
    ));
    let bytes = match args.out.format {
        Format::Tsv => apply_tsv(&run),
        Format::Json => json_bytes(&run)?,
    };
    write_output(&output, &bytes)
}
