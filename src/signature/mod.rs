//! Signatures: named sets of miRNAs, each with the direction in which it signals risk.
//!
//! A signature is built in ([`builtin`]: the curated `signatures/*.toml`, embedded at build time)
//! or loaded from a user file ([`load_file`]: the curated TOML schema, GMT, the
//! `signature, mirna, direction` TSV form, or the JSON that `signatures export` writes), validated
//! (no empty set, no duplicate member, no member in both directions), then mapped onto the rows of
//! a matrix ([`map_onto`]), which reports its coverage.
//!
//! Curated signatures carry per-member metadata ([`Curation`]) and a `conflict` flag; conflicted
//! members are listed everywhere but scored only on request ([`Signature::scorable`]).

pub mod builtin;
pub mod curated;
pub mod export;
pub mod gmt;
pub mod mapping;
pub mod select;
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
    /// The name matched against matrix rows: as given in a GMT/TSV file, the miRBase v22 mature
    /// name (e.g. `hsa-miR-21-5p`) for curated signatures.
    pub name: String,
    /// Which way it signals risk.
    pub direction: Direction,
    /// The miRBase v22 mature accession (`MIMAT...`), when known (curated signatures).
    pub id: Option<String>,
    /// True when the source contradicts itself about this member; such members are left out of
    /// scoring unless asked for ([`Signature::scorable`]). Always false for GMT/TSV members.
    pub conflict: bool,
    /// Where a curated member comes from; `None` for GMT/TSV members.
    pub curation: Option<Curation>,
}

impl Member {
    /// A plain member (as read from GMT/TSV): no accession, no conflict, no curation record.
    pub fn new(name: impl Into<String>, direction: Direction) -> Self {
        Self {
            name: name.into(),
            direction,
            id: None,
            conflict: false,
            curation: None,
        }
    }
}

/// The curation record of a member of a curated signature (see `signatures/README.md`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Curation {
    /// The entry's name exactly as the source writes it (e.g. `miR-10b`, `MiR-30s`).
    pub as_written: String,
    /// Where in the source: table and row and/or section, e.g. `Table 1 (row 11); Section 2`.
    pub source: String,
    /// 1-based index of the entry in its file, when it comes from one.
    pub entry: Option<usize>,
    /// Reference numbers of the source for this miRNA.
    pub refs: Vec<u32>,
    /// Kinds of evidence the source reports (`cell line`, `patient tissue`, ...).
    pub evidence: Vec<String>,
    /// Why the entry is conflicted (starts with a tag such as `[unsettled]`); empty otherwise.
    pub conflict_reason: String,
    /// Why the member has no accession; `None` when it has one.
    pub reason: Option<String>,
}

/// Which set of a curated cancer file a signature is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SetKind {
    /// Entries with `conflict = false` only.
    Core,
    /// All entries; conflicted ones are scored only on request.
    Full,
}

impl SetKind {
    /// `core` or `full`.
    pub fn as_str(self) -> &'static str {
        match self {
            SetKind::Core => "core",
            SetKind::Full => "full",
        }
    }
}

/// What a curated signature is: its cancer, set and source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignatureMeta {
    /// The cancer (`breast`, `prostate`, ...).
    pub cancer: curated::Cancer,
    /// Core or full set.
    pub set: SetKind,
    /// The curated file's title.
    pub title: String,
    /// The publication the entries come from.
    pub source: String,
    /// Curated entries in the set (a MIMAT listed by two entries is one member).
    pub n_entries: usize,
}

/// A named, validated set of directional members.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signature {
    /// The signature's name (an output column).
    pub name: String,
    /// Members in the order given.
    pub members: Vec<Member>,
    /// Cancer and set of a curated signature; `None` for GMT/TSV signatures.
    pub meta: Option<SignatureMeta>,
}

impl Signature {
    /// Builds a signature, refusing an empty name or set, duplicate members and a member listed
    /// in both directions. `origin` names the file in error messages.
    pub fn new(name: &str, members: Vec<Member>, origin: &str) -> Result<Self> {
        if members.is_empty() {
            return Err(Error::InvalidSignature {
                source_name: origin.to_string(),
                message: format!("signature '{name}' has no members"),
            });
        }
        Self::with_meta(name, members, None, origin)
    }

    /// Builds a signature that may carry curated metadata. A curated signature (`meta` given) may
    /// have no members (the core set of a cancer whose every entry is conflicted); it is listed
    /// and exported, but [`Signature::scorable`] refuses it. Other checks as [`Signature::new`].
    pub fn with_meta(
        name: &str,
        members: Vec<Member>,
        meta: Option<SignatureMeta>,
        origin: &str,
    ) -> Result<Self> {
        let invalid = |message: String| Error::InvalidSignature {
            source_name: origin.to_string(),
            message,
        };
        if name.trim().is_empty() {
            return Err(invalid("a signature has an empty name".into()));
        }
        if members.is_empty() && meta.is_none() {
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
            meta,
        })
    }

    /// Number of members flagged as conflicted.
    pub fn n_conflicted(&self) -> usize {
        self.members.iter().filter(|m| m.conflict).count()
    }

    /// The signature as it is scored: conflicted members dropped unless `include_conflicted`.
    ///
    /// Refuses (exit 2) a signature left with no member, naming the way out.
    pub fn scorable(&self, include_conflicted: bool) -> Result<Signature> {
        let members: Vec<Member> = self
            .members
            .iter()
            .filter(|m| include_conflicted || !m.conflict)
            .cloned()
            .collect();
        if members.is_empty() {
            let hint = match &self.meta {
                Some(meta) if meta.set == SetKind::Core => format!(
                    "; every entry of {} is conflicted, use {}_full with --include-conflicted",
                    meta.cancer, meta.cancer
                ),
                _ if self.n_conflicted() > 0 => {
                    "; all its members are conflicted, add --include-conflicted".to_string()
                }
                _ => String::new(),
            };
            return Err(Error::Usage(format!(
                "signature '{}' has no scorable members ({} listed, {} conflicted){hint}",
                self.name,
                self.members.len(),
                self.n_conflicted()
            )));
        }
        Ok(Signature {
            name: self.name.clone(),
            members,
            meta: self.meta.clone(),
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

/// Loads the signatures of a user file, by extension: `.toml` (the curated schema, validated as the
/// built-ins are; gives `<stem>_core` and `<stem>_full`), `.json` (as written by
/// `signatures export --format json`), `.gmt`, or else the TSV/CSV form with columns
/// `signature, mirna, direction` (recognised by its header). `.gz` is accepted on any of them.
///
/// ```
/// # fn main() -> osteomir::Result<()> {
/// let dir = std::env::temp_dir().join(format!("osteomir-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("sets.gmt");
/// std::fs::write(&path, "risk_UP\t-\thsa-miR-21-5p\n").unwrap();
/// let sigs = osteomir::signature::load_file(&path)?;
/// assert_eq!(sigs[0].name, "risk");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok(()) }
/// ```
pub fn load_file(path: &Path) -> Result<Vec<Signature>> {
    let bytes = crate::io::read_source(path)?;
    let origin = path.display().to_string();
    // Names are never read lossily: a replaced byte would silently rename a signature or member.
    let text = String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = 1 + bytes[..bad].iter().filter(|&&b| b == b'\n').count();
        let start = bytes[..bad]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let end = bytes[bad..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| bad + p);
        Error::InvalidSignature {
            source_name: origin.clone(),
            message: format!(
                "line {line}: not valid UTF-8 text (byte {} of the file), in '{}'; names are never read lossily",
                bad + 1,
                String::from_utf8_lossy(&bytes[start..end]).trim_end_matches('\r')
            ),
        }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lower = path.to_string_lossy().to_ascii_lowercase();
    let lower = lower.trim_end_matches(".gz");
    let signatures = if lower.ends_with(".gmt") {
        gmt::parse(text, &origin)?
    } else if lower.ends_with(".toml") {
        let stem = file_stem(path);
        curated::parse(text, &origin)?
            .signatures(&stem, &origin)?
            .to_vec()
    } else if lower.ends_with(".json") {
        export::from_json(text, &origin)?
    } else {
        table::parse(text, &origin)?
    };
    check_unique_names(&signatures, &origin)?;
    Ok(signatures)
}

/// The file name without directory, `.gz` and the last extension (`a/prostate.toml` -> `prostate`).
fn file_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
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
        Member::new(name, direction)
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
