//! `osteomir signatures list|show|export|validate`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::output::Stderr;
use super::{Format, OutputArgs};
use crate::error::{Error, Result};
use crate::io::{write_output, Output};
use crate::signature::curated::Cancer;
use crate::signature::export::{self, ListRow, Selection};
use crate::signature::select::{self, Request};
use crate::signature::{builtin, load_file};

pub(super) const EXAMPLES: &str = "Examples:
  osteomir signatures list
  osteomir signatures show prostate_core
  osteomir signatures export --cancer prostate --format gmt -o prostate.gmt
  osteomir signatures export --all --format json -o signatures.json
  osteomir signatures validate my_signature.toml";

/// Arguments of `osteomir signatures`.
#[derive(Debug, Args)]
pub struct SignaturesArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: SignaturesCommand,
}

/// The `signatures` subcommands.
#[derive(Debug, Subcommand)]
pub enum SignaturesCommand {
    /// List the built-in signatures with their member counts.
    #[command(
        after_help = "Example:\n  osteomir signatures list --format json -o signatures.json"
    )]
    List(ListArgs),
    /// Show one signature member by member (direction, evidence, source row, conflict).
    #[command(after_help = "Example:\n  osteomir signatures show prostate_full")]
    Show(ShowArgs),
    /// Write signatures as JSON, GMT or TSV.
    #[command(
        after_help = "Examples:\n  osteomir signatures export prostate_core breast_core --format gmt -o sets.gmt\n  osteomir signatures export --all --format json -o signatures.json"
    )]
    Export(ExportArgs),
    /// Check a signature file (TOML, GMT, TSV or exported JSON); exit 2 with the error if invalid.
    #[command(after_help = "Example:\n  osteomir signatures validate my_signature.toml")]
    Validate(ValidateArgs),
}

/// Arguments of `signatures list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Output options of commands that write text, not a table.
#[derive(Debug, Args)]
pub struct TextOutputArgs {
    /// Output file (default stdout); written atomically.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print nothing on stderr but errors.
    #[arg(long)]
    pub quiet: bool,
}

/// Arguments of `signatures show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A built-in signature name (see `signatures list`) or a signature file.
    #[arg(value_name = "NAME")]
    pub name: String,
    #[command(flatten)]
    pub out: TextOutputArgs,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Array of signature objects with every member's metadata (lossless).
    Json,
    /// GMT: NAME_UP and NAME_DN lines.
    Gmt,
    /// TSV with columns signature, mirna, direction.
    Tsv,
}

/// Arguments of `signatures export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Built-in signature names or signature files.
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    /// Every built-in signature of one cancer.
    #[arg(long, value_enum, conflicts_with = "all")]
    pub cancer: Option<Cancer>,
    /// Every built-in signature.
    #[arg(long)]
    pub all: bool,
    /// Output format (JSON keeps conflicted members, flagged; GMT/TSV hold scored members only).
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// GMT/TSV: include conflicted members (as `score --include-conflicted` scores them).
    #[arg(long)]
    pub include_conflicted: bool,
    #[command(flatten)]
    pub out: TextOutputArgs,
}

/// Arguments of `signatures validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The file to check (.toml, .gmt, .json, else TSV/CSV).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub out: TextOutputArgs,
}

/// Runs a `signatures` subcommand.
pub fn run(args: SignaturesArgs) -> Result<()> {
    match args.command {
        SignaturesCommand::List(a) => list(a),
        SignaturesCommand::Show(a) => show(a),
        SignaturesCommand::Export(a) => export_cmd(a),
        SignaturesCommand::Validate(a) => validate(a),
    }
}

fn list(args: ListArgs) -> Result<()> {
    let output = Output::from_arg(args.out.output.as_deref());
    output.check_writable()?;
    let rows: Vec<ListRow> = builtin::all()?.iter().map(ListRow::from).collect();
    let bytes = match args.out.format {
        Format::Tsv => export::list_tsv(&rows),
        Format::Json => json_bytes(&rows)?,
    };
    write_output(&output, &bytes)
}

fn show(args: ShowArgs) -> Result<()> {
    let output = Output::from_arg(args.out.output.as_deref());
    output.check_writable()?;
    let signatures = select::resolve(&args.name)?;
    let text: Vec<String> = signatures.iter().map(export::show).collect();
    write_output(&output, text.join("\n").as_bytes())
}

fn export_cmd(args: ExportArgs) -> Result<()> {
    let stderr = Stderr::new(args.out.quiet);
    let output = Output::from_arg(args.out.output.as_deref());
    output.check_writable()?;
    if args.names.is_empty() && args.cancer.is_none() && !args.all {
        return Err(Error::Usage(
            "name the signatures to export, or use --cancer C or --all".into(),
        ));
    }
    let signatures = select::listed(&Request {
        names: args.names.clone(),
        cancer: args.cancer,
        all: args.all,
        include_conflicted: args.include_conflicted,
    })?;
    let selection = if args.include_conflicted {
        Selection::All
    } else {
        Selection::Scorable
    };
    if args.format != ExportFormat::Json {
        for s in &signatures {
            let kept = match selection {
                Selection::All => s.members.len(),
                Selection::Scorable => s.members.len() - s.n_conflicted(),
            };
            if kept == 0 {
                stderr.info(&format!(
                    "{} not written: no member to export (conflicted members need --include-conflicted)",
                    s.name
                ));
            } else if kept < s.members.len() {
                stderr.info(&format!(
                    "{}: {} conflicted member(s) left out (use --include-conflicted)",
                    s.name,
                    s.members.len() - kept
                ));
            }
        }
    }
    let bytes = match args.format {
        ExportFormat::Json => export::to_json(&signatures)?,
        ExportFormat::Gmt => export::to_gmt(&signatures, selection),
        ExportFormat::Tsv => export::to_tsv(&signatures, selection),
    };
    write_output(&output, &bytes)
}

fn validate(args: ValidateArgs) -> Result<()> {
    let output = Output::from_arg(args.out.output.as_deref());
    output.check_writable()?;
    let signatures = load_file(&args.file)?;
    let mut text = format!(
        "{}: OK, {} signature(s)\n",
        args.file.display(),
        signatures.len()
    );
    for s in &signatures {
        let r = ListRow::from(s);
        text.push_str(&format!(
            "{}\t{} members ({} up, {} down), {} conflicted, {} scorable\n",
            r.name, r.n_members, r.n_up, r.n_down, r.n_conflicted, r.n_scorable
        ));
    }
    write_output(&output, text.as_bytes())
}

fn json_bytes<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| Error::Internal(format!("cannot serialise JSON: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}
