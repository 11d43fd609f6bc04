//! `osteomir test`.

use std::path::PathBuf;

use clap::Args;

use super::groups::json_bytes;
use super::groups::GroupArgs;
use super::output::Stderr;
use super::{Format, OutputArgs};
use crate::error::{Error, Result};
use crate::io::{write_output, Output};
use crate::matrix::ExpressionMatrix;
use crate::pipeline::group_test::{run as run_test, run_on, TestConfig, TestOptions, DEFAULT_SEED};
use crate::pipeline::score::ScoreRun;
use crate::stats::mann_whitney::ExactRule;
use crate::stats::p_adjust::Adjust;

pub(super) const EXAMPLES: &str = "Examples:
  osteomir score --demo -o scores.tsv
  osteomir test scores.tsv --samples fixtures/demo/prad_n1_vs_n0_samples.tsv --group node_status --case N1 --control N0
  osteomir test scores.tsv --samples sheet.tsv --group status --case met --control none --bootstrap 2000 --seed 7 --format json";

/// Arguments of `osteomir test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Score table as written by `score`: a `sample` column, then one numeric column per signature.
    /// With --signature, --cancer or --all: an expression MATRIX, scored first (as `score` would).
    #[arg(value_name = "TABLE")]
    pub table: PathBuf,
    /// With --signature, --cancer or --all, TABLE is an expression MATRIX scored first.
    #[command(flatten)]
    pub selection: super::selection::SignatureArgs,
    /// With --signature/--cancer/--all: the scoring method (as in `score`).
    #[arg(long, value_name = "METHOD")]
    pub method: Option<String>,
    /// With --signature/--cancer/--all: the input kind (as in `score`).
    #[arg(long, value_name = "KIND")]
    pub input_kind: Option<String>,
    #[command(flatten)]
    pub groups: GroupArgs,
    /// Multiple-testing adjustment added as `welch_p_<m> mwu_p_<m>` (BH columns are always written).
    #[arg(long, value_enum, default_value_t = Adjust::Bh)]
    pub adjust: Adjust,
    /// Use R's rule for exact Mann-Whitney p-values (both groups < 50, no ties) instead of SciPy's
    /// (smaller group <= 8, no ties).
    #[arg(long)]
    pub mwu_exact: bool,
    /// Stratified bootstrap CI of the AUC with N replicates (adds auc_boot_lo, auc_boot_hi).
    #[arg(long, value_name = "N")]
    pub bootstrap: Option<usize>,
    /// Seed of the bootstrap (recorded in JSON output).
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Compare the AUCs of two columns with the paired DeLong test (reported on stderr and in JSON).
    #[arg(long, value_name = "A,B")]
    pub paired_auc: Option<String>,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Builds the configuration, runs it and writes the result.
pub fn run(args: TestArgs) -> Result<()> {
    let stderr = Stderr::new(args.out.quiet);
    let output = Output::from_arg(args.out.output.as_deref());
    output.check_writable()?;
    let paired_auc = match &args.paired_auc {
        None => None,
        Some(s) => match s.split_once(',') {
            Some((a, b)) if !a.is_empty() && !b.is_empty() && !b.contains(',') => {
                Some((a.to_string(), b.to_string()))
            }
            _ => {
                return Err(Error::Usage(format!(
                    "--paired-auc takes two column names separated by a comma, got '{s}'"
                )))
            }
        },
    };
    let config = TestConfig {
        table: args.table.clone(),
        sheet: args.groups.samples.clone(),
        groups: args.groups.spec(),
        options: TestOptions {
            adjust: args.adjust,
            mwu_exact: if args.mwu_exact {
                ExactRule::R
            } else {
                ExactRule::Scipy
            },
            bootstrap: args.bootstrap,
            seed: args.seed,
        },
        paired_auc,
    };
    let run = if args.selection.is_empty() {
        run_test(&config)?
    } else {
        let scored = score_first(&args, &stderr)?;
        let table = ExpressionMatrix::new(
            scored.table.signatures.clone(),
            scored.table.samples.clone(),
            scored.table.scores.clone(),
        );
        run_on(&config, table, scored.warnings)?
    };
    stderr.info(&format!(
        "{} cases, {} controls; {} columns tested",
        run.case_samples.len(),
        run.control_samples.len(),
        run.rows.len()
    ));
    if let Some(p) = &run.paired_auc {
        match &p.test {
            Some(t) => stderr.info(&format!(
                "paired DeLong {} vs {}: auc {:.4} vs {:.4}, z {:.4}, p {:e}",
                p.first, p.second, t.auc1, t.auc2, t.z, t.p
            )),
            None => stderr.info(&format!(
                "paired DeLong {} vs {}: not computable (need 2 cases and 2 controls with both values)",
                p.first, p.second
            )),
        }
    }
    stderr.warnings(&run.warnings);
    let bytes = match args.out.format {
        Format::Tsv => crate::io::stats_table::test_tsv(&run),
        Format::Json => json_bytes(&run)?,
    };
    write_output(&output, &bytes)
}

/// Scores the MATRIX as `osteomir score MATRIX <the same signature options>` would: the score
/// arguments are parsed by the `score` command's own parser, so defaults stay identical.
fn score_first(args: &TestArgs, stderr: &Stderr) -> Result<ScoreRun> {
    use clap::Parser;
    #[derive(Parser)]
    struct ScoreOnly {
        #[command(flatten)]
        args: super::score::ScoreArgs,
    }
    let mut argv: Vec<std::ffi::OsString> = vec!["score".into(), args.table.clone().into()];
    let selection = &args.selection;
    if !selection.signatures.is_empty() {
        argv.push("--signature".into());
        argv.extend(selection.signatures.iter().map(Into::into));
    }
    let cancer = selection.cancer.map(|c| c.as_str().to_string());
    let options = [
        ("--cancer", &cancer),
        ("--method", &args.method),
        ("--input-kind", &args.input_kind),
    ];
    for (flag, value) in options {
        if let Some(v) = value {
            argv.push(flag.into());
            argv.push(v.into());
        }
    }
    if selection.all {
        argv.push("--all".into());
    }
    if selection.include_conflicted {
        argv.push("--include-conflicted".into());
    }
    let parsed = ScoreOnly::try_parse_from(argv).map_err(|e| Error::Usage(e.to_string()))?;
    let (config, notes) = super::score::config_from_args(&parsed.args)?;
    let mut run = crate::pipeline::score::run(&config)?;
    run.warnings.extend(notes);
    stderr.info(&format!(
        "scored {} with {} signature(s) ({}) before testing",
        args.table.display(),
        run.table.signatures.len(),
        run.method
    ));
    Ok(run)
}
