//! `osteomir de`.

use std::path::PathBuf;

use clap::Args;

use super::groups::json_bytes;
use super::groups::GroupArgs;
use super::output::Stderr;
use super::{Format, OutputArgs};
use crate::error::Result;
use crate::io::matrix::{MatrixSource, ReadOptions};
use crate::io::{write_output, Output};
use crate::matrix::InputKind;
use crate::pipeline::de::{run as run_de, DeConfig, DeTest};
use crate::pipeline::group_test::{TestOptions, DEFAULT_SEED};
use crate::stats::mann_whitney::ExactRule;
use crate::stats::p_adjust::Adjust;

pub(super) const EXAMPLES: &str = "Examples:
  osteomir de counts.tsv.gz --samples sheet.tsv --group node_status --case N1 --control N0
  osteomir de log2.tsv --input-kind log --samples sheet.tsv --group g --case PCA --control Benign --tests limma,welch,mwu";

/// Arguments of `osteomir de`.
#[derive(Debug, Args)]
pub struct DeArgs {
    /// Expression matrix: TSV/CSV (optionally .gz), features as rows; `-` reads stdin.
    #[arg(value_name = "MATRIX")]
    pub matrix: PathBuf,
    #[command(flatten)]
    pub groups: GroupArgs,
    /// What the values are: raw counts (log2 CPM + 1 applied), log scale (used as is), or auto.
    #[arg(long, value_enum, default_value_t = InputKind::Auto)]
    pub input_kind: InputKind,
    /// The file has samples as rows and miRNAs as columns.
    #[arg(long)]
    pub samples_as_rows: bool,
    /// Tests to run, comma-separated; columns appear in the order limma, welch, mwu.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "limma")]
    pub tests: Vec<DeTest>,
    /// Use R's rule for exact Mann-Whitney p-values (both groups < 50, no ties).
    #[arg(long)]
    pub mwu_exact: bool,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Builds the configuration, runs it and writes the result.
pub fn run(args: DeArgs) -> Result<()> {
    let stderr = Stderr::new(args.out.quiet);
    let output = Output::from_arg(args.out.output.as_deref());
    output.check_writable()?;
    let mut tests = Vec::new();
    for t in [DeTest::Limma, DeTest::Welch, DeTest::Mwu] {
        if args.tests.contains(&t) {
            tests.push(t);
        }
    }
    let config = DeConfig {
        source: MatrixSource::Path(args.matrix.clone()),
        read: ReadOptions {
            samples_as_rows: args.samples_as_rows,
        },
        input_kind: args.input_kind,
        sheet: args.groups.samples.clone(),
        groups: args.groups.spec(),
        tests,
        options: TestOptions {
            adjust: Adjust::Bh,
            mwu_exact: if args.mwu_exact {
                ExactRule::R
            } else {
                ExactRule::Scipy
            },
            bootstrap: None,
            seed: DEFAULT_SEED,
        },
    };
    let run = run_de(&config)?;
    let n = &run.normalisation;
    stderr.info(&format!(
        "read {}: {} features tested, {} cases, {} controls",
        run.source,
        run.features.len(),
        run.n_case,
        run.n_control
    ));
    stderr.info(&format!(
        "input kind: {}; transformation: {}",
        n.kind_used, n.transformation
    ));
    if let Some(f) = &run.limma_fit {
        stderr.info(&format!(
            "limma: df.prior {:.4}, s2.prior {:.4e}",
            f.df_prior, f.s2_prior
        ));
    }
    stderr.warnings(&run.warnings);
    let bytes = match args.out.format {
        Format::Tsv => crate::io::stats_table::de_tsv(&run),
        Format::Json => json_bytes(&run)?,
    };
    write_output(&output, &bytes)
}
