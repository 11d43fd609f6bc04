//! `osteomir report`: score, test, draw the random-signature null and assemble a [`Report`].
//!
//! The steps are those of `score` (read, normalise, map, score: [`super::score::run_with_matrix`])
//! and `test` ([`super::group_test::row_tests`], BH across signatures), plus the ROC curve, the
//! null ([`crate::report::null`]), member z-scores and provenance. Rendering is separate
//! ([`render`]): the caller writes the three files.

use std::path::PathBuf;

use ndarray::Array1;

use crate::error::{Error, Result};
use crate::io::matrix::{MatrixSource, DEMO_MATRIX, DEMO_SAMPLES};
use crate::io::sample_sheet::{GroupSpec, Groups, SampleSheet};
use crate::io::warnings::Warnings;
use crate::model::calibration::calibration;
use crate::model::io::ModelFile;
use crate::pipeline::group_test::{row_tests, TestOptions};
use crate::pipeline::score::{run_with_matrix, ScoreConfig};
use crate::report::null::{self, NullInput};
use crate::report::provenance::{self, InputFile, Parameters, Provenance, SignatureHash};
use crate::report::roc_curve::roc_points;
use crate::report::{
    html, json, DataSection, Heatmap, IdMode, MemberRow, ModelSection, Report, SampleRow,
    SignatureReport, DISCLAIMER, SCHEMA_VERSION,
};
use crate::score::zscore::standardised;
use crate::signature::export;
use crate::signature::{Direction, MappedSignature, Signature};
use crate::stats::mann_whitney::ExactRule;
use crate::stats::p_adjust::Adjust;

/// The default number of random signatures per signature.
pub const DEFAULT_RANDOM: usize = 1000;

/// Where the sample sheet comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetSource {
    /// A file.
    Path(PathBuf),
    /// The demo cohort's embedded sheet.
    Demo,
}

/// A validated `report` request.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    /// Matrix, signatures, method, input kind, coverage.
    pub score: ScoreConfig,
    /// Conflicted members were scored (recorded).
    pub include_conflicted: bool,
    /// `--signature` values that are files (hashed as inputs).
    pub signature_files: Vec<PathBuf>,
    /// The sample sheet.
    pub sheet: SheetSource,
    /// Groups compared.
    pub groups: GroupSpec,
    /// Random signatures per signature (0: no null).
    pub n_random: usize,
    /// A fitted model to apply and calibrate (`--model`).
    pub model: Option<PathBuf>,
    /// Seed of the null.
    pub seed: u64,
    /// The command line, recorded verbatim.
    pub argv: Vec<String>,
    /// UTC time to record, only when asked (`--timestamp`).
    pub generated_at: Option<String>,
    /// Notes from signature selection (counted warnings).
    pub notes: Warnings,
}

/// The three output files, rendered in memory.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// `report.html`.
    pub html: Vec<u8>,
    /// `report.json`.
    pub json: Vec<u8>,
    /// `scores.tsv` (the table `score` writes).
    pub tsv: Vec<u8>,
}

/// Renders the report's three files.
pub fn render(report: &Report, tsv: Vec<u8>) -> Result<Rendered> {
    Ok(Rendered {
        html: html::render(report).into_bytes(),
        json: json::render(report)?,
        tsv,
    })
}

fn sheet_bytes(source: &SheetSource) -> Result<(Vec<u8>, PathBuf, String)> {
    match source {
        SheetSource::Path(p) if p.as_os_str() == "-" => Err(Error::Usage(
            "report reads the sample sheet from a file (it is hashed): stdin is not accepted"
                .into(),
        )),
        SheetSource::Path(p) => Ok((
            crate::io::read_source(p)?,
            p.clone(),
            p.display().to_string(),
        )),
        SheetSource::Demo => Ok((
            DEMO_SAMPLES.as_bytes().to_vec(),
            PathBuf::from("demo_samples.tsv"),
            "<demo: fixtures/demo/prad_n1_vs_n0_samples.tsv>".to_string(),
        )),
    }
}

/// The canonical text of a signature: its lossless JSON export (`signatures export --format
/// json`) of exactly the members scored.
fn canonical(signature: &Signature) -> Result<Vec<u8>> {
    export::to_json(std::slice::from_ref(signature))
}

/// Runs a report request; returns the report and the score table as TSV.
pub fn run(config: &ReportConfig) -> Result<(Report, Vec<u8>)> {
    config.score.validate()?;
    // Hash every input before any work, so a bad path fails first.
    let mut inputs = Vec::new();
    let matrix_path: PathBuf = match &config.score.source {
        MatrixSource::Path(p) if p.as_os_str() == "-" => {
            return Err(Error::Usage(
                "report reads the matrix from a file (it is hashed): stdin is not accepted".into(),
            ))
        }
        MatrixSource::Path(p) => {
            let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            inputs.push(InputFile::new("matrix", p.display().to_string(), &bytes));
            p.clone()
        }
        MatrixSource::Demo => {
            inputs.push(InputFile::new(
                "matrix",
                config.score.source.display_name(),
                DEMO_MATRIX,
            ));
            PathBuf::from("demo.tsv")
        }
    };
    let (sheet_raw, sheet_path, sheet_name) = sheet_bytes(&config.sheet)?;
    inputs.push(InputFile::new(
        "sample_sheet",
        sheet_name.clone(),
        &sheet_raw,
    ));
    let sheet_text = match &config.sheet {
        SheetSource::Demo => DEMO_SAMPLES.to_string(),
        SheetSource::Path(p) => {
            let plain = crate::io::read_source(p)?;
            String::from_utf8(plain)
                .map_err(|_| Error::invalid(p, "sample sheet is not UTF-8 text"))?
        }
    };
    let sheet = SampleSheet::parse(&sheet_text, &sheet_path)?;
    for f in &config.signature_files {
        let bytes = std::fs::read(f).map_err(|e| Error::io(f, e))?;
        inputs.push(InputFile::new(
            "signature_file",
            f.display().to_string(),
            &bytes,
        ));
    }

    let model_file = match &config.model {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            inputs.push(InputFile::new("model", path.display().to_string(), &bytes));
            Some((path.display().to_string(), ModelFile::load(path)?))
        }
        None => None,
    };
    let (mut run, matrix) = run_with_matrix(&config.score)?;
    let mut warnings = config.notes.clone();
    warnings.extend(std::mem::take(&mut run.warnings));
    let groups = sheet.assign(&run.samples, &matrix_path, &config.groups, &mut warnings)?;
    if groups.case.len() < 2 || groups.control.len() < 2 {
        return Err(Error::invalid(
            &sheet_path,
            format!(
                "a report needs at least 2 cases and 2 controls; found {} '{}' and {} '{}'",
                groups.case.len(),
                config.groups.case,
                groups.control.len(),
                config.groups.control
            ),
        ));
    }
    let options = TestOptions {
        adjust: Adjust::Bh,
        mwu_exact: ExactRule::Scipy,
        bootstrap: None,
        seed: config.seed,
    };
    let (tests, n_na) = row_tests(
        run.table.scores.view(),
        &run.table.signatures,
        &groups,
        &options,
    );
    if n_na > 0 {
        warnings.push(
            "missing_scores",
            n_na,
            format!("{n_na} signature(s) have samples without a score; those samples are left out of their tests"),
        );
    }

    let group_of = |j: usize| -> &'static str {
        if groups.case.contains(&j) {
            "case"
        } else if groups.control.contains(&j) {
            "control"
        } else {
            "other"
        }
    };
    let eligible = null::eligible_rows(matrix.view());
    let null_input = NullInput {
        expr: matrix.view(),
        features: &matrix.features,
        samples: &matrix.samples,
        eligible: &eligible,
        groups: &groups,
        method: config.score.method,
    };

    let mut reports = Vec::with_capacity(run.signatures.len());
    let mut hashes = Vec::with_capacity(run.signatures.len());
    for (k, (sig, res)) in config
        .score
        .signatures
        .iter()
        .zip(&run.signatures)
        .enumerate()
    {
        let sha = provenance::sha256_hex(&canonical(sig)?);
        hashes.push(SignatureHash {
            name: sig.name.clone(),
            sha256: sha.clone(),
        });
        let scores = run.table.scores.row(k);
        let case: Vec<f64> = groups.case.iter().map(|&j| scores[j]).collect();
        let control: Vec<f64> = groups.control.iter().map(|&j| scores[j]).collect();
        let test = tests[k].clone();
        let null = null::null(
            &null_input,
            res.n_up_used,
            res.n_down_used,
            test.auc,
            config.n_random,
            config.seed,
        );
        reports.push(SignatureReport {
            name: sig.name.clone(),
            cancer: sig.meta.as_ref().map(|m| m.cancer.as_str().to_string()),
            set: sig.meta.as_ref().map(|m| m.set.as_str().to_string()),
            source: sig.meta.as_ref().map(|m| m.source.clone()),
            sha256: sha,
            members: members(sig, &run.mapped[k], &res.dropped),
            listed: res.listed,
            found: res.found,
            coverage: res.coverage,
            missing: res.missing.clone(),
            dropped: res.dropped.clone(),
            n_up_used: res.n_up_used,
            n_down_used: res.n_down_used,
            combination: res.combination.clone(),
            test,
            roc: roc_points(&case, &control),
            null,
            heatmap: heatmap(
                &run.mapped[k],
                &run.labels,
                &matrix,
                scores.to_owned(),
                &group_of,
            ),
        });
    }

    let samples = run
        .samples
        .iter()
        .enumerate()
        .map(|(j, s)| SampleRow {
            sample: s.clone(),
            group: group_of(j),
            scores: run.table.scores.column(j).to_vec(),
        })
        .collect();
    let spec = &config.groups;
    let report = Report {
        schema_version: SCHEMA_VERSION,
        title: format!(
            "osteomir bone-metastasis risk report: {} vs {}",
            spec.case, spec.control
        ),
        provenance: Provenance {
            tool: "osteomir",
            osteomir_version: env!("CARGO_PKG_VERSION"),
            git_commit: provenance::GIT_COMMIT,
            argv: config.argv.clone(),
            parameters: Parameters {
                method: config.score.method.to_string(),
                input_kind: config.score.input_kind.to_string(),
                samples_as_rows: config.score.read.samples_as_rows,
                min_coverage: config.score.min_coverage,
                include_conflicted: config.include_conflicted,
                id_mode: "exact".to_string(),
                group_column: spec.column.clone(),
                case: spec.case.clone(),
                control: spec.control.clone(),
                match_barcode: spec.barcode.map(|b| format!("{b:?}").to_lowercase()),
                n_random: config.n_random,
                seed: config.seed,
                mwu_exact: "scipy".to_string(),
                p_adjust: "bh".to_string(),
            },
            inputs,
            signatures: hashes,
            signature_canonical_form: "SHA-256 of the JSON that `osteomir signatures export --format json` writes for the signature as scored (its scored members only)",
            generated_at: config.generated_at.clone(),
        },
        data: DataSection {
            matrix: run.input.source.clone(),
            n_features: run.input.n_features,
            n_samples: run.input.n_samples,
            normalisation: run.input.normalisation.clone(),
            id_mode: id_mode_section(run.input.ids.as_ref()),
            sheet: sheet_name,
            group_column: spec.column.clone(),
            case_label: spec.case.clone(),
            control_label: spec.control.clone(),
            n_case: groups.case.len(),
            n_control: groups.control.len(),
            left_out: groups.left_out.clone(),
        },
        signatures: reports,
        samples,
        model: model_section(model_file, config, &run.samples, &groups)?,
        limitations: limitations(&groups),
        disclaimer: DISCLAIMER,
        warnings,
    };
    let tsv = crate::io::format::score_tsv(&run.table);
    Ok((report, tsv))
}

fn members(sig: &Signature, mapped: &MappedSignature, dropped: &[String]) -> Vec<MemberRow> {
    sig.members
        .iter()
        .map(|m| {
            let c = m.curation.as_ref();
            let status = if mapped.missing.contains(&m.name) {
                "missing"
            } else if dropped.contains(&m.name) {
                "dropped"
            } else {
                "used"
            };
            MemberRow {
                name: m.name.clone(),
                id: m.id.clone(),
                direction: m.direction.sign() as i8,
                as_written: c.map(|c| c.as_written.clone()),
                source: c.map(|c| c.source.clone()),
                evidence: c.map(|c| c.evidence.clone()).unwrap_or_default(),
                conflict: m.conflict,
                conflict_reason: c
                    .filter(|c| !c.conflict_reason.is_empty())
                    .map(|c| c.conflict_reason.clone()),
                status,
            }
        })
        .collect()
}

fn heatmap(
    mapped: &MappedSignature,
    labels: &[String],
    matrix: &crate::matrix::ExpressionMatrix,
    scores: Array1<f64>,
    group_of: &dyn Fn(usize) -> &'static str,
) -> Heatmap {
    let mut order: Vec<usize> = (0..matrix.n_samples()).collect();
    // Ascending score, missing scores last; ties keep input order (stable sort).
    order.sort_by(|&a, &b| match (scores[a].is_nan(), scores[b].is_nan()) {
        (false, false) => scores[a].total_cmp(&scores[b]),
        (x, y) => x.cmp(&y),
    });
    let mut out = Heatmap {
        members: Vec::new(),
        directions: Vec::new(),
        samples: order.iter().map(|&j| matrix.samples[j].clone()).collect(),
        groups: order.iter().map(|&j| group_of(j)).collect(),
        z: Vec::new(),
    };
    for (rows, dir) in [(&mapped.up, Direction::Up), (&mapped.down, Direction::Down)] {
        for &row in rows {
            if let Some(z) = standardised(matrix.values.row(row)) {
                out.members.push(labels[row].clone());
                out.directions.push(dir.sign() as i8);
                out.z.push(order.iter().map(|&j| z[j]).collect());
            }
        }
    }
    out
}

fn limitations(groups: &Groups) -> Vec<String> {
    let mut out = vec![
        "The signatures are curated from a literature review of mostly small, heterogeneous studies (cell lines, animal models, patient tissue); they were not derived or validated on this cohort, and a member's direction is taken from the source, not from these data.".to_string(),
        "Scores are relative to the samples in this matrix (per-feature standardisation across samples for zscore): they are not comparable across cohorts or platforms without re-scaling.".to_string(),
        "The AUC and tests describe separation of the two groups in this cohort only; no threshold, model or calibration is validated here, and small groups give wide confidence intervals.".to_string(),
        "Identifiers are matched exactly: members written differently in the matrix (older miRBase names, accessions) count as missing.".to_string(),
        "The random-signature null draws members uniformly from measured features, ignoring their correlation structure and expression level; it is a sanity check, not a calibrated p-value.".to_string(),
        "Batch, platform and clinical covariates (stage, grade, treatment) are not modelled.".to_string(),
    ];
    if !groups.left_out.is_empty() {
        out.push(format!(
            "{} sample(s) belong to neither group: they are scored (and influence per-feature standardisation) but are not tested.",
            groups.left_out.len()
        ));
    }
    out
}

/// How identifiers were matched, for the data section.
fn id_mode_section(ids: Option<&crate::mirna::HarmonisationReport>) -> IdMode {
    match ids {
        None => IdMode {
            mode: "exact",
            mirbase_release: None,
            description: "exact ids (--id-mode exact): matrix row ids are compared verbatim with member names".to_string(),
        },
        Some(h) => {
            let release = h.release.release.map(|r| r.to_string());
            IdMode {
                mode: "mirbase",
                description: format!(
                    "miRBase harmonisation: {} rows named like miRBase {} ({} of {} names explained), {} level, {} accession rows after merging ({} merged groups, rule: {}); members matched by MIMAT accession",
                    h.rows_in,
                    release.as_deref().unwrap_or("(no release)"),
                    h.release.explained,
                    h.release.rows,
                    h.level.as_str(),
                    h.rows_out,
                    h.merged.len(),
                    h.merge_rule.as_str()
                ),
                mirbase_release: release,
            }
        }
    }
}

/// Applies the `--model` (if any) to the matrix and calibrates its risks against the groups.
fn model_section(
    model: Option<(String, ModelFile)>,
    config: &ReportConfig,
    samples: &[String],
    groups: &crate::io::sample_sheet::Groups,
) -> Result<ModelSection> {
    let Some((path, model)) = model else {
        return Ok(ModelSection {
            applied: false,
            note: "No risk model was given (--model MODEL_JSON from `osteomir model fit`), so there is no calibration plot.".to_string(),
            file: None,
            calibration: None,
        });
    };
    let applied =
        crate::pipeline::model::apply(&model, &config.score.source, config.score.read.clone())?;
    if applied.samples != samples {
        return Err(Error::Internal(
            "model samples differ from the scored samples".into(),
        ));
    }
    let labelled: Vec<(usize, bool)> = groups
        .case
        .iter()
        .map(|&j| (j, true))
        .chain(groups.control.iter().map(|&j| (j, false)))
        .collect();
    let p: Vec<f64> = labelled.iter().map(|&(j, _)| applied.risk[j]).collect();
    let y: Vec<bool> = labelled.iter().map(|&(_, case)| case).collect();
    Ok(ModelSection {
        applied: true,
        note: format!(
            "Model {path} ({} features of {}, penalty {}) applied to the {} case and control samples. A model fitted on these same samples is calibrated optimistically: use an independent cohort to judge calibration.",
            model.features.len(),
            model.signature,
            model.model.alpha,
            p.len()
        ),
        file: Some(path),
        calibration: Some(calibration(&p, &y)),
    })
}
