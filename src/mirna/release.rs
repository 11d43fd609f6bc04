//! miRBase releases 6 .. 22 as an ordered type.

use std::fmt;

use serde::{Serialize, Serializer};

/// The release labels of the embedded table, oldest first.
pub const LABELS: [&str; 22] = [
    "6", "7.1", "8", "8.1", "8.2", "9", "9.1", "9.2", "10", "10.1", "11", "12", "13", "14", "15",
    "16", "17", "18", "19", "20", "21", "22",
];

/// A miRBase release covered by the embedded table (6 .. 22), ordered by date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release(u8);

impl Release {
    /// miRBase v22, the release osteomir resolves to.
    pub const V22: Release = Release(21);

    /// The release with this label (`22`, `v22`, `7.1`, `9_2`...), if covered.
    pub fn parse(label: &str) -> Option<Self> {
        let label = label
            .trim()
            .trim_start_matches(['v', 'V'])
            .replace('_', ".");
        let label = label.strip_suffix(".0").unwrap_or(&label);
        LABELS
            .iter()
            .position(|l| *l == label)
            .map(|i| Release(i as u8))
    }

    /// Position in [`LABELS`] (0 = release 6).
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The release at position `index` of [`LABELS`].
    pub fn from_index(index: usize) -> Option<Self> {
        (index < LABELS.len()).then_some(Release(index as u8))
    }

    /// The release after this one (None for 22).
    pub fn next(self) -> Option<Self> {
        Self::from_index(self.index() + 1)
    }

    /// Every covered release, oldest first.
    pub fn all() -> impl DoubleEndedIterator<Item = Release> {
        (0..LABELS.len()).map(|i| Release(i as u8))
    }

    /// The label, e.g. `22` or `7.1`.
    pub fn label(self) -> &'static str {
        LABELS[self.index()]
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Serialize for Release {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_parse_in_several_spellings() {
        assert_eq!(Release::parse("22"), Some(Release::V22));
        assert_eq!(Release::parse("v9_2").map(Release::label), Some("9.2"));
        assert_eq!(Release::parse("21.0").map(Release::label), Some("21"));
        assert_eq!(Release::parse("5"), None);
        assert!(Release::parse("6") < Release::parse("10"));
        assert_eq!(Release::V22.next(), None);
    }
}
