//! The signature-selection flags shared by `score`, `test`, `bench` and `report`.

use clap::Args;

use crate::signature::curated::Cancer;
use crate::signature::select::Request;

/// `--signature NAME_OR_FILE...`, `--cancer C`, `--all`, `--include-conflicted`.
#[derive(Debug, Args)]
pub struct SignatureArgs {
    /// Built-in signature names (`osteomir signatures list`) or signature files (TOML, GMT, JSON,
    /// or TSV with columns signature, mirna, direction). A built-in name wins over a file.
    #[arg(long = "signature", value_name = "NAME_OR_FILE", num_args = 1..)]
    pub signatures: Vec<String>,
    /// The built-in signatures of one cancer: `C_core`, plus `C_full` with --include-conflicted.
    #[arg(long, value_enum, conflicts_with = "all")]
    pub cancer: Option<Cancer>,
    /// Every built-in signature (empty core sets skipped with a note).
    #[arg(long)]
    pub all: bool,
    /// Use conflicted members of curated signatures too (left out by default).
    #[arg(long)]
    pub include_conflicted: bool,
}

impl SignatureArgs {
    /// The selection request these flags make.
    pub fn request(&self) -> Request {
        Request {
            names: self.signatures.clone(),
            cancer: self.cancer,
            all: self.all,
            include_conflicted: self.include_conflicted,
        }
    }

    /// True when no signature was asked for.
    pub fn is_empty(&self) -> bool {
        self.signatures.is_empty() && self.cancer.is_none() && !self.all
    }
}
