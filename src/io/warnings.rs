//! Warnings collected during a run: counted, printed to stderr and written into JSON outputs.

use serde::Serialize;

/// One kind of warning with how often it occurred and a human-readable message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// A stable machine-readable code, e.g. `missing_members`.
    pub code: &'static str,
    /// How many items the warning concerns (rows dropped, members missing...).
    pub count: usize,
    /// The message shown to the user.
    pub message: String,
}

/// An ordered list of warnings; travels in values, never in globals.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Warnings(Vec<Warning>);

impl Warnings {
    /// Records a warning.
    pub fn push(&mut self, code: &'static str, count: usize, message: impl Into<String>) {
        self.0.push(Warning {
            code,
            count,
            message: message.into(),
        });
    }

    /// The warnings in the order they were recorded.
    pub fn iter(&self) -> impl Iterator<Item = &Warning> {
        self.0.iter()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends all warnings of `other`.
    pub fn extend(&mut self, other: Warnings) {
        self.0.extend(other.0);
    }
}
