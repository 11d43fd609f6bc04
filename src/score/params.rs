//! Typed parameters of the scoring methods (what `--alpha`, `--kcdf`... become past the CLI).

use serde::{Deserialize, Serialize};

/// How ssGSEA enrichment scores are scaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum, Default)]
#[serde(rename_all = "lowercase")]
pub enum SsgseaNormalize {
    /// Raw enrichment scores: a sample's score never depends on the other samples.
    #[default]
    None,
    /// Divide by (max - min) over the whole score matrix, as GSVA (`ssgsea.norm = TRUE`) and GSEApy
    /// (NES) do; scores then depend on every sample and signature scored together.
    Range,
}

/// Kernel of GSVA's per-feature cumulative distribution estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum, Default)]
#[serde(rename_all = "lowercase")]
pub enum Kcdf {
    /// Poisson for counts input, Gaussian otherwise (resolved by the pipeline; a library caller
    /// passing `Auto` to [`crate::score::score_with`] gets Gaussian).
    #[default]
    Auto,
    /// Gaussian kernel, bandwidth sd / 4 (GSVA's table of the normal CDF).
    Gaussian,
    /// Poisson kernel on raw counts (lambda = count + 0.5).
    Poisson,
    /// No kernel: the empirical CDF.
    None,
}

/// Whose conventions to follow where GSVA and GSEApy differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum, Default)]
#[serde(rename_all = "lowercase")]
pub enum Compat {
    /// GSVA 1.46: ssGSEA ranks are average ranks truncated to integers, tied features keep input
    /// row order.
    #[default]
    Gsva,
    /// GSEApy 1.3: ssGSEA ranks are fractional average ranks, tied features in reverse input order.
    Gseapy,
}

/// Parameters of every method; each method reads the fields it needs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MethodParams {
    /// ssGSEA weight exponent on the ranks (GSVA `tau`, GSEApy `weight`); 0.25 by default.
    pub alpha: f64,
    /// ssGSEA scaling.
    pub ssgsea_normalize: SsgseaNormalize,
    /// GSVA kernel.
    pub kcdf: Kcdf,
    /// GSVA: score = max positive + max negative deviation (true) or the larger one (false).
    pub max_diff: bool,
    /// GSVA: with `max_diff`, use max positive - max negative deviation (|ranking|).
    pub abs_ranking: bool,
    /// Tie conventions for ssGSEA.
    pub compat: Compat,
}

impl Default for MethodParams {
    fn default() -> Self {
        Self {
            alpha: 0.25,
            ssgsea_normalize: SsgseaNormalize::None,
            kcdf: Kcdf::Auto,
            max_diff: true,
            abs_ranking: false,
            compat: Compat::Gsva,
        }
    }
}

impl MethodParams {
    /// Checks values that clap cannot (alpha finite and >= 0).
    pub fn validate(&self) -> crate::Result<()> {
        if !(self.alpha.is_finite() && self.alpha >= 0.0) {
            return Err(crate::Error::Usage(format!(
                "--alpha must be a finite number >= 0, got {}",
                self.alpha
            )));
        }
        Ok(())
    }
}
