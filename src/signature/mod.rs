//! Signatures: named sets of miRNAs, each with the direction in which it signals risk.
//!
//! A signature is loaded from a user file ([`load_file`]: GMT or the `signature, mirna, direction`
//! TSV form), validated (no empty set, no duplicate member, no member in both directions), then
//! mapped onto the rows of a matrix ([`map_onto`]), which reports its coverage.

pub mod gmt;
pub mod mapping;
pub mod table;

use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};

pub use mapping::{map_onto, MappedSignature};

/// Which way a member signals risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// Higher expression, higher risk (+1).
    Up,
    /// Lower expression, higher risk (-1).
    Down,
}

impl Direction {
    /// +1.0 for [`Direction::Up`], -1.0 for [`Direction::Down`].
    pub fn sign(self) -> f64 {
        match self {
            Direction::Up => 1.0,
            Direction::Down => -1.0,
        }
    }

    /// Parses `up`, `down`, `+1`, `1`, `-1` (any letter case).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "up" | "+1" | "1" | "+" => Some(Direction::Up),
            "down" | "dn" | "-1" | "-" => Some(Direction::Down),
            _ => None,
        }
    }
}

impl Serialize for Direction {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_i8(self.sign() as i8)
    }
}

/// One miRNA of a signature.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// The name as given (matched against matrix rows).
    pub name: String,
    /// Which way it signals risk.
    pub direction: Direction,
}

/// A named, validated set of directional members.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signature {
    /// The signature's name (an output column).
    pub name: String,
    /// Members in the order given.
    pub members: Vec<Member>,
}

impl Signature {
    /// Builds a signature, refusing an empty name or set, duplicate members and a member listed
    /// in both directions. `origin` names the file in error messages.
    pub fn new(name: &str, members: Vec<Member>, origin: &str) -> Result<Self> {
        let invalid = |message: String| Error::InvalidSignature {
            source_name: origin.to_string(),
            message,
        };
        if name.trim().is_empty() {
            return Err(invalid("a signature has an empty name".into()));
        }
        if members.is_empty() {
            return Err(invalid(format!("signature '{name}' has no members")));
        }
        let mut seen = std::collections::HashMap::new();
        for m in &members {
            if m.name.trim().is_empty() {
                return Err(invalid(format!(
                    "signature '{name}' has an empty member name"
                )));
            }
            if let Some(previous) = seen.insert(m.name.as_str(), m.direction) {
                return Err(invalid(if previous == m.direction {
                    format!("signature '{name}' lists member '{}' twice", m.name)
                } else {
                    format!(
                        "signature '{name}' lists member '{}' both as up and as down",
                        m.name
                    )
                }));
            }
        }
        Ok(Self {
            name: name.to_string(),
            members,
        })
    }

    /// Number of members with each direction: (up, down).
    pub fn split(&self) -> (usize, usize) {
        let up = self
            .members
            .iter()
            .filter(|m| m.direction == Direction::Up)
            .count();
        (up, self.members.len() - up)
    }
}

/// Loads the signatures of a user file: GMT (`.gmt`) or the TSV/CSV form with columns
/// `signature, mirna, direction` (any other extension; recognised by its header).
pub fn load_file(path: &Path) -> Result<Vec<Signature>> {
    let bytes = crate::io::read_source(path)?;
    let origin = path.display().to_string();
    let text = String::from_utf8(bytes).map_err(|e| Error::InvalidSignature {
        source_name: origin.clone(),
        message: format!(
            "not valid UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let is_gmt = path
        .to_string_lossy()
        .to_ascii_lowercase()
        .trim_end_matches(".gz")
        .ends_with(".gmt");
    let signatures = if is_gmt {
        gmt::parse(text, &origin)?
    } else {
        table::parse(text, &origin)?
    };
    check_unique_names(&signatures, &origin)?;
    Ok(signatures)
}

/// Refuses two signatures with one name.
pub fn check_unique_names(signatures: &[Signature], origin: &str) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for s in signatures {
        if !seen.insert(s.name.as_str()) {
            return Err(Error::InvalidSignature {
                source_name: origin.to_string(),
                message: format!("signature '{}' is defined twice", s.name),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, direction: Direction) -> Member {
        Member {
            name: name.into(),
            direction,
        }
    }

    #[test]
    fn member_in_both_directions_is_refused() {
        let err = Signature::new(
            "s",
            vec![member("a", Direction::Up), member("a", Direction::Down)],
            "f.gmt",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("both as up and as down"), "{err}");
    }

    #[test]
    fn empty_set_is_refused() {
        assert!(Signature::new("s", vec![], "f").is_err());
    }

    #[test]
    fn directions_parse_in_all_documented_spellings() {
        for t in ["up", "UP", "+1", "1"] {
            assert_eq!(Direction::parse(t), Some(Direction::Up), "{t}");
        }
        for t in ["down", "Down", "-1"] {
            assert_eq!(Direction::parse(t), Some(Direction::Down), "{t}");
        }
        assert_eq!(Direction::parse("sideways"), None);
    }
}
