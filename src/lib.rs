//! osteomir scores microRNA expression data for bone-metastasis risk.
//!
//! The path data takes, one module per step:
//!
//! ```text
//! file ──io──▶ ExpressionMatrix ──normalize──▶ log-scale values
//! signature file ──signature──▶ Signature ──map_onto──▶ MappedSignature (+ coverage)
//! values × mapped signatures ──score──▶ ScoreTable (signatures × samples)
//! ```
//!
//! [`pipeline`] strings the steps together for each command; the binary only parses arguments
//! and writes what the pipeline returns.

#![warn(missing_docs)]

pub mod bench;
pub mod cli;
pub mod error;
pub mod io;
pub mod matrix;
pub mod mirna;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod report;
pub mod score;
pub mod signature;
pub mod stats;

pub use error::{Error, Result};
pub use matrix::{ExpressionMatrix, InputKind};
