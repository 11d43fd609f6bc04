//! `osteomir ids resolve` and `osteomir ids check`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::Stderr;
use super::{Format, OutputArgs};
use crate::error::{Error, Result};
use crate::io::format::float;
use crate::io::matrix::{MatrixSource, ReadOptions};
use crate::io::{write_output, Output};
use crate::matrix::InputKind;
use crate::mirna::{Release, Resolution, Status};
use crate::pipeline::ids::{check, resolve, CheckConfig, CheckRun};
use crate::signature;

pub(super) const EXAMPLES: &str = "Examples:
  osteomir ids resolve miR-21 hsa-mir-21 miR-451 'miR-199a*' MIMAT0000076
  osteomir ids resolve hsa-miR-3591-3p --format json
  osteomir ids check counts.tsv.gz --signature my_sets.gmt --format json";

/// The `ids` subcommands.
#[derive(Debug, Subcommand)]
pub enum IdsCommand {
    /// Resolve miRNA names or accessions to miRBase v22 mature accessions.
    #[command(after_help = EXAMPLES)]
    Resolve(ResolveArgs),
    /// Report how a matrix's row names resolve, the release they look like, and signature coverage.
    #[command(after_help = EXAMPLES)]
    Check(CheckArgs),
}

/// Arguments of `osteomir ids resolve`.
#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// Names (`miR-21`, `hsa-mir-21`, `let-7a`, `miR-199a*`) or accessions (`MIMAT0000076`).
    #[arg(value_name = "NAME", required = true, num_args = 1..)]
    pub names: Vec<String>,
    /// Read the names as of this miRBase release (6 .. 22): among the releases up to it that used a
    /// name, the latest wins.
    #[arg(long, default_value = "22", value_name = "R")]
    pub release: String,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Arguments of `osteomir ids check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Expression matrix: TSV/CSV (optionally .gz), features as rows; `-` reads stdin.
    #[arg(value_name = "MATRIX")]
    pub matrix: PathBuf,
    /// Signature file(s) whose coverage to report after harmonisation.
    #[arg(long = "signature", value_name = "FILE", num_args = 1..)]
    pub signatures: Vec<PathBuf>,
    /// What the values are (decides the merge rule: sum for counts, highest mean for log).
    #[arg(long, value_enum, default_value_t = InputKind::Auto)]
    pub input_kind: InputKind,
    /// The file has samples as rows and miRNAs as columns.
    #[arg(long)]
    pub samples_as_rows: bool,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Runs an `ids` subcommand.
pub fn run(command: IdsCommand) -> Result<()> {
    match command {
        IdsCommand::Resolve(args) => run_resolve(args),
        IdsCommand::Check(args) => run_check(args),
    }
}

fn run_resolve(args: ResolveArgs) -> Result<()> {
    let output = Output::from_arg(args.out.output.as_deref());
    output.check_writable()?;
    let release = Release::parse(&args.release).ok_or_else(|| {
        Error::Usage(format!(
            "--release '{}': not a miRBase release covered (6 .. 22)",
            args.release
        ))
    })?;
    let resolutions = resolve(&args.names, release)?;
    let bytes = match args.out.format {
        Format::Tsv => resolve_tsv(&resolutions),
        Format::Json => super::score::json_bytes(&resolutions)?,
    };
    write_output(&output, &bytes)
}

/// `query status id name release`, one line per match (a query without match has one line with
/// empty match fields).
fn resolve_tsv(resolutions: &[Resolution]) -> Vec<u8> {
    let mut out = String::from("query\tstatus\tid\tname\trelease\n");
    for r in resolutions {
        if r.matches.is_empty() {
            out.push_str(&format!("{}\t{}\t\t\t\n", r.query, r.status));
        }
        for m in &r.matches {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\n",
                r.query, r.status, m.id, m.name, m.release
            ));
        }
    }
    out.into_bytes()
}

fn run_check(args: CheckArgs) -> Result<()> {
    let stderr = Stderr::new(args.out.quiet);
    let output = Output::from_arg(args.out.output.as_deref());
    output.check_writable()?;
    let mut signatures = Vec::new();
    for path in &args.signatures {
        signatures.extend(signature::load_file(path)?);
    }
    signature::check_unique_names(&signatures, "--signature")?;
    let config = CheckConfig {
        source: MatrixSource::Path(args.matrix.clone()),
        read: ReadOptions {
            samples_as_rows: args.samples_as_rows,
            ..Default::default()
        },
        input_kind: args.input_kind,
        signatures,
    };
    let run = check(&config)?;
    stderr.warnings(&run.warnings);
    let bytes = match args.out.format {
        Format::Tsv => check_tsv(&run),
        Format::Json => super::score::json_bytes(&run)?,
    };
    write_output(&output, &bytes)
}

/// Two columns, `field value`: rows, release, level, rows per status, merges, coverage.
fn check_tsv(run: &CheckRun) -> Vec<u8> {
    let ids = &run.ids;
    let mut rows: Vec<(String, String)> = vec![
        ("source".into(), run.source.clone()),
        ("rows".into(), ids.rows_in.to_string()),
        (
            "release".into(),
            ids.release
                .release
                .map_or("none".into(), |r| r.label().to_string()),
        ),
        (
            "release_explained".into(),
            ids.release.explained.to_string(),
        ),
        ("level".into(), ids.level.as_str().to_string()),
        ("input_kind".into(), run.input_kind.to_string()),
    ];
    for c in &ids.by_status {
        rows.push((format!("status.{}", c.status), c.rows.to_string()));
    }
    let resolved: usize = ids
        .by_status
        .iter()
        .filter(|c| c.status.is_resolved())
        .map(|c| c.rows)
        .sum();
    rows.push(("resolved".into(), resolved.to_string()));
    rows.push(("precursor_rows".into(), ids.precursor_rows.to_string()));
    rows.push((
        "accessions".into(),
        (ids.rows_out - ids.unresolved.len()).to_string(),
    ));
    rows.push(("merged_accessions".into(), ids.merged.len().to_string()));
    rows.push(("merge_rule".into(), ids.merge_rule.as_str().to_string()));
    for status in [Status::Ambiguous, Status::Dead, Status::Unknown] {
        let names: Vec<&str> = ids
            .unresolved
            .iter()
            .filter(|r| r.status == status)
            .map(|r| r.query.as_str())
            .collect();
        if !names.is_empty() {
            rows.push((format!("rows.{status}"), names.join(",")));
        }
    }
    for s in &run.signatures {
        rows.push((
            format!("coverage.{}", s.name),
            format!("{} ({}/{})", float(s.coverage), s.found, s.listed),
        ));
        if !s.missing.is_empty() {
            rows.push((format!("missing.{}", s.name), s.missing.join(",")));
        }
    }
    let mut out = String::from("field\tvalue\n");
    for (k, v) in rows {
        out.push_str(&format!("{k}\t{v}\n"));
    }
    out.into_bytes()
}

/// Stderr lines describing a harmonisation (used by `score`).
pub(super) fn report_harmonisation(stderr: &Stderr, ids: &crate::mirna::HarmonisationReport) {
    let release = ids
        .release
        .release
        .map_or("none".to_string(), |r| format!("v{r}"));
    let counts: Vec<String> = ids
        .by_status
        .iter()
        .filter(|c| c.rows > 0)
        .map(|c| format!("{} {}", c.rows, c.status))
        .collect();
    stderr.info(&format!(
        "ids: {} rows, names look like miRBase {release} ({} of {} rows are names of that release), {} level; {} -> {} rows ({})",
        ids.rows_in,
        ids.release.explained,
        ids.release.rows,
        ids.level.as_str(),
        counts.join(", "),
        ids.rows_out,
        match ids.merge_rule {
            crate::mirna::MergeRule::Sum => "duplicates summed",
            crate::mirna::MergeRule::HighestMean => "duplicates: highest-mean row kept",
            crate::mirna::MergeRule::LowestMeanCt => "duplicates: lowest-mean-Ct row kept",
        }
    ));
}
