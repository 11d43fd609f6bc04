//! `osteomir bench`.

use std::path::{Path, PathBuf};

use clap::Args;

use super::groups::json_bytes;
use super::output::Stderr;
use super::{Format, OutputArgs};
use crate::bench::BenchOptions;
use crate::error::{Error, Result};
use crate::io::matrix::{MatrixSource, ReadOptions};
use crate::io::{write_output, Output};
use crate::matrix::InputKind;
use crate::mirna::IdMode;
use crate::pipeline::bench::{
    run as run_bench, tsv, BenchConfig, CohortSource, DEFAULT_RANDOM, DEFAULT_SEED,
};
use crate::score::Method;
use crate::signature::select;

pub(super) const EXAMPLES: &str = "Examples:
  osteomir bench counts.tsv.gz --samples sheet.tsv --group node_status --case N1 --control N0 --cancer prostate
  osteomir bench counts.tsv.gz --samples sheet.tsv --group met --case yes --control no --all --random 0
  osteomir bench --cohort a=a.tsv:a_sheet.tsv --cohort b=b.tsv.gz:b_sheet.tsv --group status --case met --control none --cancer lung --seed 7";

/// Arguments of `osteomir bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Expression matrix (one cohort; its name is the file name without extensions).
    #[arg(value_name = "MATRIX", required_unless_present = "cohorts")]
    pub matrix: Option<PathBuf>,
    /// Sample sheet of MATRIX.
    #[arg(long = "samples", value_name = "SHEET", requires = "matrix")]
    pub samples: Option<PathBuf>,
    /// A named cohort, repeatable: NAME=MATRIX:SHEET. Two or more add a pooled row.
    #[arg(
        long = "cohort",
        value_name = "NAME=MATRIX:SHEET",
        conflicts_with = "matrix"
    )]
    pub cohorts: Vec<String>,
    #[command(flatten)]
    pub labels: super::groups::LabelArgs,
    #[command(flatten)]
    pub selection: super::selection::SignatureArgs,
    /// Scoring methods, comma-separated; one row per signature x method.
    #[arg(
        long = "method",
        value_enum,
        value_delimiter = ',',
        default_value = "zscore"
    )]
    pub methods: Vec<Method>,
    /// Expression-matched random signatures per row for p_random (0: p_random is NA).
    #[arg(long = "random", value_name = "N", default_value_t = DEFAULT_RANDOM)]
    pub random: usize,
    /// Seed of the random signatures.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// What the values are.
    #[arg(long, value_enum, default_value_t = InputKind::Auto)]
    pub input_kind: InputKind,
    /// The files have samples as rows.
    #[arg(long)]
    pub samples_as_rows: bool,
    /// Match rows to members by miRBase accession (`mirbase`, harmonising names across
    /// releases) or verbatim (`exact`).
    #[arg(long, value_enum, default_value_t = IdMode::Mirbase)]
    pub id_mode: IdMode,
    #[command(flatten)]
    pub out: OutputArgs,
}

fn stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "cohort".into());
    name.split('.').next().unwrap_or("cohort").to_string()
}

fn parse_cohort(spec: &str) -> Result<CohortSource> {
    let bad = || Error::Usage(format!("--cohort takes NAME=MATRIX:SHEET, got '{spec}'"));
    let (name, rest) = spec.split_once('=').ok_or_else(bad)?;
    let (matrix, sheet) = rest.rsplit_once(':').ok_or_else(bad)?;
    if name.is_empty() || matrix.is_empty() || sheet.is_empty() || name == "pooled" {
        return Err(bad());
    }
    Ok(CohortSource {
        name: name.to_string(),
        matrix: MatrixSource::Path(PathBuf::from(matrix)),
        sheet: PathBuf::from(sheet),
    })
}

/// Builds the configuration, runs it and writes the result.
pub fn run(args: BenchArgs) -> Result<()> {
    let stderr = Stderr::new(args.out.quiet);
    let output = Output::from_arg(args.out.output.as_deref());
    output.check_writable()?;
    let cohorts = match (&args.matrix, &args.samples) {
        (Some(m), Some(s)) => vec![CohortSource {
            name: stem(m),
            matrix: MatrixSource::Path(m.clone()),
            sheet: s.clone(),
        }],
        (Some(_), None) => return Err(Error::Usage("bench MATRIX needs --samples SHEET".into())),
        (None, _) => args
            .cohorts
            .iter()
            .map(|c| parse_cohort(c))
            .collect::<Result<Vec<_>>>()?,
    };
    let mut names: Vec<&str> = cohorts.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    if names.windows(2).any(|w| w[0] == w[1]) {
        return Err(Error::Usage("--cohort names must be distinct".into()));
    }
    let request = args.selection.request();
    if request.names.is_empty() && request.cancer.is_none() && !request.all {
        return Err(Error::Usage(
            "no signature given: use --signature NAME_OR_FILE, --cancer C or --all".into(),
        ));
    }
    let selected = select::for_scoring(&request)?;
    let mut methods = args.methods.clone();
    let mut seen = Vec::new();
    methods.retain(|m| {
        let new = !seen.contains(m);
        seen.push(*m);
        new
    });
    let config = BenchConfig {
        cohorts,
        read: ReadOptions {
            samples_as_rows: args.samples_as_rows,
            ..Default::default()
        },
        input_kind: args.input_kind,
        id_mode: args.id_mode,
        groups: args.labels.spec(),
        signatures: selected.signatures,
        methods,
        options: BenchOptions {
            n_random: args.random,
            seed: args.seed,
        },
    };
    let mut run = run_bench(&config)?;
    let mut warnings = selected.notes;
    warnings.extend(std::mem::take(&mut run.warnings));
    run.warnings = warnings;
    stderr.info(&format!(
        "{} rows; p_random from {} expression-matched random signatures (seed {})",
        run.rows.len(),
        run.n_random,
        run.seed
    ));
    stderr.warnings(&run.warnings);
    let bytes = match args.out.format {
        Format::Tsv => tsv(&run),
        Format::Json => json_bytes(&run)?,
    };
    write_output(&output, &bytes)
}
