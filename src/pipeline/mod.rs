//! Whole commands as library calls: a validated configuration in, a serialisable result out.
//! The command-line layer only builds the configuration and writes the result.

pub mod bench;
pub mod de;
pub mod group_test;
pub mod ids;
pub mod input;
pub mod model;
pub mod report;
pub mod score;
