//! `osteomir report`: a reproducible risk report (HTML, JSON, TSV) in a directory.

use std::path::PathBuf;

use clap::Args;

use super::output::Stderr;
use crate::error::{Error, Result};
use crate::io::matrix::{MatrixSource, ReadOptions};
use crate::io::sample_sheet::{Barcode, GroupSpec};
use crate::io::write_atomic;
use crate::matrix::InputKind;
use crate::mirna::IdMode;
use crate::pipeline::group_test::DEFAULT_SEED;
use crate::pipeline::report::{render, run, ReportConfig, SheetSource, DEFAULT_RANDOM};
use crate::pipeline::score::ScoreConfig;
use crate::score::Method;
use crate::signature::builtin;
use crate::signature::curated::Cancer;
use crate::signature::select;

pub(super) const EXAMPLES: &str = "Examples:
  osteomir report --demo -o demo_report
  osteomir report counts.tsv.gz --samples sheet.tsv --group node_status --case N1 --control N0 --cancer prostate -o out
  osteomir report log2.tsv --input-kind log --samples sheet.tsv --group status --case met --control none \\
      --signature my_sets.gmt --random 2000 --seed 7 -o out";

/// Arguments of `osteomir report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Expression matrix: TSV/CSV (optionally .gz), features as rows (a file: it is hashed).
    #[arg(value_name = "MATRIX", required_unless_present = "demo")]
    pub matrix: Option<PathBuf>,
    /// Report on the embedded demo cohort (TCGA-PRAD, N1 vs N0, prostate signatures).
    #[arg(long, conflicts_with_all = ["matrix", "samples", "group", "case", "control"])]
    pub demo: bool,
    /// Sample sheet (TSV/CSV): a `sample` column (or the first column) and group columns.
    #[arg(
        long = "samples",
        value_name = "SHEET",
        required_unless_present = "demo"
    )]
    pub samples: Option<PathBuf>,
    /// The sheet column holding the group labels.
    #[arg(long, value_name = "COLUMN", required_unless_present = "demo")]
    pub group: Option<String>,
    /// The label of the case group.
    #[arg(long, value_name = "VALUE", required_unless_present = "demo")]
    pub case: Option<String>,
    /// The label of the control group.
    #[arg(long, value_name = "VALUE", required_unless_present = "demo")]
    pub control: Option<String>,
    /// Match TCGA/GDC barcodes by prefix: `sample` (15 characters) or `vial` (16).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub match_barcode: Option<Barcode>,
    #[command(flatten)]
    pub selection: super::selection::SignatureArgs,
    /// Scoring method.
    #[arg(long, value_enum, default_value_t = Method::Zscore)]
    pub method: Method,
    /// What the values are: raw counts, log scale, or auto.
    #[arg(long, value_enum, default_value_t = InputKind::Auto)]
    pub input_kind: InputKind,
    /// How matrix rows and signature members are matched: miRBase v22 accessions or verbatim.
    #[arg(long, value_enum, default_value_t = IdMode::Mirbase)]
    pub id_mode: IdMode,
    /// The file has samples as rows and miRNAs as columns.
    #[arg(long)]
    pub samples_as_rows: bool,
    /// Refuse a signature with fewer than this share of its members measured.
    #[arg(long, default_value_t = 0.5, value_name = "F")]
    pub min_coverage: f64,
    /// A model JSON written by `osteomir model fit`: applied to the matrix, with its calibration
    /// against the groups (table and plot).
    #[arg(long, value_name = "MODEL_JSON")]
    pub model: Option<PathBuf>,
    /// Random signatures per signature for the null (0: none).
    #[arg(long = "random", default_value_t = DEFAULT_RANDOM, value_name = "N")]
    pub random: usize,
    /// Seed of the random-signature null (recorded in the report).
    #[arg(long, default_value_t = DEFAULT_SEED, value_name = "N")]
    pub seed: u64,
    /// Record the UTC time of the run (then reruns are no longer byte-identical).
    #[arg(long)]
    pub timestamp: bool,
    /// Output directory (created if missing): report.html, report.json, scores.tsv.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,
    /// Print no progress or warnings on stderr (errors are still printed).
    #[arg(long)]
    pub quiet: bool,
}

/// Builds the configuration, runs it and writes the three files.
pub fn run_command(args: ReportArgs) -> Result<()> {
    let stderr = Stderr::new(args.quiet);
    let config = config_from_args(&args)?;
    let (report, tsv) = run(&config)?;
    let files = render(&report, tsv)?;
    let dir = &args.output;
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Usage(format!(
            "-o {}: exists and is not a directory",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // Everything is rendered before the first write; each file is written atomically.
    write_atomic(&dir.join("scores.tsv"), &files.tsv)?;
    write_atomic(&dir.join("report.json"), &files.json)?;
    write_atomic(&dir.join("report.html"), &files.html)?;
    stderr.info(&format!(
        "{} vs {}: {} cases, {} controls; {} signature(s), {} random signatures each (seed {})",
        report.data.case_label,
        report.data.control_label,
        report.data.n_case,
        report.data.n_control,
        report.signatures.len(),
        config.n_random,
        config.seed
    ));
    stderr.warnings(&report.warnings);
    println!("{}", dir.join("report.html").display());
    Ok(())
}

fn config_from_args(args: &ReportArgs) -> Result<ReportConfig> {
    if !(0.0..=1.0).contains(&args.min_coverage) {
        return Err(Error::Usage(format!(
            "--min-coverage must be between 0 and 1, got {}",
            args.min_coverage
        )));
    }
    let (source, sheet, groups) = if args.demo {
        (
            MatrixSource::Demo,
            SheetSource::Demo,
            GroupSpec {
                column: "node_status".into(),
                case: "N1".into(),
                control: "N0".into(),
                barcode: None,
            },
        )
    } else {
        let missing = |flag: &str| Error::Usage(format!("{flag} is required without --demo"));
        (
            MatrixSource::Path(args.matrix.clone().ok_or_else(|| missing("MATRIX"))?),
            SheetSource::Path(args.samples.clone().ok_or_else(|| missing("--samples"))?),
            GroupSpec {
                column: args.group.clone().ok_or_else(|| missing("--group"))?,
                case: args.case.clone().ok_or_else(|| missing("--case"))?,
                control: args.control.clone().ok_or_else(|| missing("--control"))?,
                barcode: args.match_barcode,
            },
        )
    };
    let mut request = args.selection.request();
    if request.names.is_empty() && request.cancer.is_none() && !request.all {
        if args.demo {
            request.cancer = Some(Cancer::Prostate);
        } else {
            return Err(Error::Usage(
                "no signature given: use --signature NAME_OR_FILE, --cancer C or --all".into(),
            ));
        }
    }
    let selected = select::for_scoring(&request)?;
    // A `--signature` value is a file when it is not a built-in name (as `select` resolves it).
    let mut signature_files = Vec::new();
    for name in &args.selection.signatures {
        if builtin::find(name)?.is_none() {
            signature_files.push(PathBuf::from(name));
        }
    }
    Ok(ReportConfig {
        score: ScoreConfig {
            source,
            read: ReadOptions {
                samples_as_rows: args.samples_as_rows,
                ..Default::default()
            },
            input_kind: args.input_kind,
            signatures: selected.signatures,
            method: args.method,
            min_coverage: args.min_coverage,
            id_mode: args.id_mode,
            params: Default::default(),
            normalize: Default::default(),
        },
        include_conflicted: args.selection.include_conflicted,
        signature_files,
        sheet,
        groups,
        n_random: args.random,
        model: args.model.clone(),
        seed: args.seed,
        argv: std::env::args().collect(),
        generated_at: args.timestamp.then(now_utc),
        notes: selected.notes,
    })
}

fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    crate::report::provenance::utc_text(secs)
}
