//! The command line: clap definitions (the low layer, no I/O) and one handler per subcommand.
//!
//! Handlers turn parsed arguments into a validated pipeline configuration, run it, and write the
//! result. Nothing here prints an error: `main` does, once, and picks the exit code.

mod bench;
mod de;
mod group_test;
mod groups;
mod ids;
mod model;
mod output;
mod report;
mod score;
mod selection;
mod signatures;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::Result;

/// Score microRNA expression data for bone-metastasis risk with curated signatures.
#[derive(Debug, Parser)]
#[command(name = "osteomir", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score signatures per sample.
    #[command(after_help = score::EXAMPLES)]
    Score(score::ScoreArgs),
    /// List, show, export and validate signatures.
    #[command(after_help = signatures::EXAMPLES)]
    Signatures(signatures::SignaturesArgs),
    /// Resolve miRNA names to miRBase v22 accessions; check a matrix's row names.
    #[command(subcommand)]
    Ids(ids::IdsCommand),
    /// Two-group tests per column of a score table (Welch, Mann-Whitney, AUC with DeLong CI).
    #[command(after_help = group_test::EXAMPLES)]
    Test(group_test::TestArgs),
    /// Differential expression per feature (limma moderated t; optionally Welch, Mann-Whitney).
    #[command(after_help = de::EXAMPLES)]
    De(de::DeArgs),
    /// A reproducible risk report: self-contained HTML, JSON and TSV in one directory.
    #[command(after_help = report::EXAMPLES)]
    Report(report::ReportArgs),
    /// Benchmark signatures on labelled cohorts (AUC, DeLong CI, random-signature p, pooled AUC).
    #[command(after_help = bench::EXAMPLES)]
    Bench(bench::BenchArgs),
    /// Fit a logistic risk model on a signature's members, or apply a saved one.
    #[command(after_help = model::EXAMPLES)]
    Model(model::ModelArgs),
}

/// Table output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Tab-separated values.
    #[default]
    Tsv,
    /// JSON with the full run description.
    Json,
}

/// Options every table-writing command takes.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Tsv)]
    pub format: Format,
    /// Output file (default stdout); written atomically.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print no progress or warnings on stderr (errors are still printed).
    #[arg(long)]
    pub quiet: bool,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Score(args) => score::run(args),
        Command::Signatures(args) => signatures::run(args),
        Command::Ids(command) => ids::run(command),
        Command::Test(args) => group_test::run(args),
        Command::De(args) => de::run(args),
        Command::Report(args) => report::run_command(args),
        Command::Bench(args) => bench::run(args),
        Command::Model(args) => model::run(args),
    }
}
