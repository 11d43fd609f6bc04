//! `osteomir score`.

use std::path::PathBuf;

use clap::Args;

use super::output::Stderr;
use super::{Format, OutputArgs};
use crate::error::{Error, Result};
use crate::io::ct::CtOptions;
use crate::io::gdc::GdcValue;
use crate::io::geo::GeoSampleNames;
use crate::io::matrix::{InputFormat, MatrixSource, ReadOptions};
use crate::io::warnings::Warnings;
use crate::io::{write_output, Output};
use crate::matrix::InputKind;
use crate::mirna::IdMode;
use crate::normalize::{NormalizeMethod, NormalizeOptions};
use crate::pipeline::score::{run as run_score, ScoreConfig, ScoreRun};
use crate::score::{Compat, Kcdf, Method, MethodParams, SsgseaNormalize};
use crate::signature::curated::Cancer;
use crate::signature::select;

pub(super) const EXAMPLES: &str = "Examples:
  osteomir score --demo
  osteomir score counts.tsv.gz --cancer prostate --include-conflicted
  osteomir score counts.tsv.gz --all --min-coverage 0
  osteomir score counts.tsv.gz --signature my_sets.gmt --method zscore -o scores.tsv
  osteomir score log2.tsv --signature sets.gmt --method ssgsea --compat gseapy
  zcat counts.tsv.gz | osteomir score - --signature sig.tsv --format json";

/// Arguments of `osteomir score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Expression matrix: TSV/CSV/Xena (optionally .gz), GCT, GEO series matrix, Parquet, qPCR Ct
    /// table, or a GDC download directory; features as rows; `-` reads stdin.
    #[arg(value_name = "MATRIX", required_unless_present = "demo")]
    pub matrix: Option<PathBuf>,
    /// Score the embedded demo cohort (60 TCGA-PRAD tumours) instead of a file.
    #[arg(long, conflicts_with = "matrix")]
    pub demo: bool,
    #[command(flatten)]
    pub selection: super::selection::SignatureArgs,
    /// Scoring method.
    #[arg(long, value_enum, default_value_t = Method::Zscore)]
    pub method: Method,
    /// ssgsea: weight exponent on the ranks.
    #[arg(long, default_value_t = 0.25, value_name = "A")]
    pub alpha: f64,
    /// ssgsea: none (a sample's score depends on it alone) or range (divide by the range of all scores, as GSVA/GSEApy).
    #[arg(long, value_enum, default_value_t = SsgseaNormalize::None)]
    pub ssgsea_normalize: SsgseaNormalize,
    /// gsva: kernel of the per-feature CDF (auto: poisson for counts input, gaussian otherwise).
    #[arg(long, value_enum, default_value_t = Kcdf::Auto)]
    pub kcdf: Kcdf,
    /// gsva: max positive + max negative deviation (true) or the larger one (false).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, value_name = "BOOL")]
    pub max_diff: bool,
    /// gsva: with --max-diff, positive minus negative deviation.
    #[arg(long, default_value_t = false, action = clap::ArgAction::Set, value_name = "BOOL")]
    pub abs_ranking: bool,
    /// Reproduce GSVA's or GSEApy's conventions where they differ (ssgsea tie ranks and order).
    #[arg(long, value_enum, default_value_t = Compat::Gsva)]
    pub compat: Compat,
    /// What the values are: raw counts (log2 CPM + 1 applied), log scale (used as is), qPCR Ct
    /// (-deltaCt), or auto.
    #[arg(long, value_enum, default_value_t = InputKind::Auto)]
    pub input_kind: InputKind,
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The file has samples as rows and miRNAs as columns.
    #[arg(long)]
    pub samples_as_rows: bool,
    /// Refuse a signature with fewer than this share of its members measured.
    #[arg(long, default_value_t = 0.5, value_name = "F")]
    pub min_coverage: f64,
    /// Match rows and members by miRBase v22 accession (mirbase) or verbatim (exact).
    #[arg(long, value_enum, default_value_t = IdMode::Mirbase)]
    pub id_mode: IdMode,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Builds the configuration, runs it and writes the result.
pub fn run(args: ScoreArgs) -> Result<()> {
    let stderr = Stderr::new(args.out.quiet);
    let output = Output::from_arg(args.out.output.as_deref());
    output.check_writable()?;
    let (config, mut warnings) = config_from_args(&args)?;
    let mut run = run_score(&config)?;
    // What the signature selection left out is counted with the run's own warnings.
    warnings.extend(std::mem::take(&mut run.warnings));
    run.warnings = warnings;
    report(&stderr, &run);
    let bytes = match args.out.format {
        Format::Tsv => crate::io::format::score_tsv(&run.table),
        Format::Json => json_bytes(&run)?,
    };
    write_output(&output, &bytes)
}

pub(super) fn config_from_args(args: &ScoreArgs) -> Result<(ScoreConfig, Warnings)> {
    let source = match (&args.matrix, args.demo) {
        (_, true) => MatrixSource::Demo,
        (Some(path), false) => MatrixSource::Path(path.clone()),
        (None, false) => return Err(Error::Usage("give a MATRIX file or --demo".into())),
    };
    let mut request = args.selection.request();
    if request.names.is_empty() && request.cancer.is_none() && !request.all {
        if source == MatrixSource::Demo {
            // The demo cohort is prostate cancer: its built-in signatures.
            request.cancer = Some(Cancer::Prostate);
        } else {
            return Err(Error::Usage(
                "no signature given: use --signature NAME_OR_FILE, --cancer C or --all".into(),
            ));
        }
    }
    let selected = select::for_scoring(&request)?;
    let signatures = selected.signatures;
    let config = ScoreConfig {
        source,
        read: args.inputs.read_options(args.samples_as_rows),
        input_kind: args.input_kind,
        normalize: args.inputs.normalize_options(),
        signatures,
        method: args.method,
        min_coverage: args.min_coverage,
        id_mode: args.id_mode,
        params: MethodParams {
            alpha: args.alpha,
            ssgsea_normalize: args.ssgsea_normalize,
            kcdf: args.kcdf,
            max_diff: args.max_diff,
            abs_ranking: args.abs_ranking,
            compat: args.compat,
        },
    };
    Ok((config, selected.notes))
}

fn report(stderr: &Stderr, run: &ScoreRun) {
    let n = &run.input.normalisation;
    stderr.info(&format!(
        "read {}: {} features x {} samples",
        run.input.source, run.input.n_features, run.input.n_samples
    ));
    if run.input.format_detection.is_empty() {
        stderr.info(&format!("input format: {} (given)", run.input.format));
    } else {
        stderr.info(&format!(
            "input format: {} (detected: {})",
            run.input.format, run.input.format_detection
        ));
    }
    if n.detection.is_empty() {
        stderr.info(&format!("input kind: {} (given)", n.kind_used));
    } else {
        stderr.info(&format!(
            "input kind: {} (detected: {})",
            n.kind_used, n.detection
        ));
    }
    stderr.info(&format!("transformation: {}", n.transformation));
    if let Some(ids) = &run.input.ids {
        super::ids::report_harmonisation(stderr, ids);
    }
    for s in &run.signatures {
        let missing = if s.missing.is_empty() {
            String::new()
        } else {
            format!("; missing: {}", s.missing.join(", "))
        };
        stderr.info(&format!(
            "coverage {}: {}/{} members measured ({:.0}%){missing}",
            s.name,
            s.found,
            s.listed,
            100.0 * s.coverage
        ));
    }
    stderr.warnings(&run.warnings);
}

pub(super) fn json_bytes<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| Error::Internal(format!("cannot serialise JSON: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Input format and normalisation options shared by commands that read a matrix.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// The input format (auto: a directory is GDC; PAR1 bytes Parquet; #1.2/#1.3 GCT; !Series_
    /// lines GEO; sample/target/ct columns or Undetermined cells a Ct table; else TSV/CSV).
    #[arg(long = "input-format", alias = "format-in", value_enum, default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,
    /// Normalisation: auto = cpm for counts, none for log values, -deltaCt for Ct.
    #[arg(long, value_enum, default_value_t = NormalizeMethod::Auto)]
    pub normalize: NormalizeMethod,
    /// Drop count rows whose mean raw count is below X (library sizes still use all rows).
    #[arg(long, value_name = "X")]
    pub min_mean_count: Option<f64>,
    /// GEO: GPL annotation table mapping probe ids (column ID) to miRNA names.
    #[arg(long, value_name = "FILE")]
    pub platform_annotation: Option<PathBuf>,
    /// GEO: the annotation column with miRNA names (default: first header containing "mirna",
    /// else "name").
    #[arg(long, value_name = "COLUMN", requires = "platform_annotation")]
    pub annotation_column: Option<String>,
    /// GEO: name samples by GSM accession or by !Sample_title.
    #[arg(long, value_enum, default_value_t = GeoSampleNames::Gsm)]
    pub geo_sample_names: GeoSampleNames,
    /// GDC: the portal's sample sheet (File Name -> Sample ID).
    #[arg(long, value_name = "FILE")]
    pub gdc_sample_sheet: Option<PathBuf>,
    /// GDC: read raw read counts or log2(reads per million + 1).
    #[arg(long, value_enum, default_value_t = GdcValue::ReadCount)]
    pub gdc_value: GdcValue,
    /// qPCR: Ct values at or above this are non-detects [default: 40].
    #[arg(long, value_name = "CT")]
    pub ct_cutoff: Option<f64>,
    /// qPCR: technical replicates spreading more than this many cycles are reported.
    #[arg(long, value_name = "CYCLES", default_value_t = crate::io::ct::DEFAULT_REPLICATE_TOLERANCE)]
    pub replicate_tolerance: f64,
    /// qPCR: reference targets for deltaCt (comma-separated); default: the global mean of the
    /// targets detected in every sample.
    #[arg(long = "reference", value_name = "TARGETS", value_delimiter = ',')]
    pub references: Vec<String>,
}

impl InputArgs {
    fn read_options(&self, samples_as_rows: bool) -> ReadOptions {
        ReadOptions {
            samples_as_rows,
            format: self.input_format,
            prefer_ct: false,
            platform_annotation: self.platform_annotation.clone(),
            annotation_column: self.annotation_column.clone(),
            geo_sample_names: self.geo_sample_names,
            gdc_sample_sheet: self.gdc_sample_sheet.clone(),
            gdc_value: self.gdc_value,
            ct: CtOptions {
                cutoff: self.ct_cutoff.unwrap_or(crate::io::ct::DEFAULT_CUTOFF),
                replicate_tolerance: self.replicate_tolerance,
                samples_as_rows,
            },
        }
    }

    fn normalize_options(&self) -> NormalizeOptions {
        NormalizeOptions {
            method: self.normalize,
            min_mean_count: self.min_mean_count,
            references: self
                .references
                .iter()
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .collect(),
            ct_cutoff: self.ct_cutoff,
            kind_hint: None,
            library: None,
        }
    }
}
