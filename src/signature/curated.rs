//! The curated signature schema (`signatures/<cancer>.toml`, `schema_version = 1`): a serde model,
//! its validation, and the two signatures each file defines.
//!
//! The schema and the curation conventions are documented in `signatures/README.md`. Parsing
//! refuses unknown keys; [`parse`] then checks what serde cannot, naming the file, the line and the
//! entry: allowed values (`direction` 1 or -1, `expression`, `effect`, `evidence`), the cancer, an
//! entry without members, a member without name, a malformed or missing accession, a MIMAT twice
//! in one entry, a conflict without reason (and a reason without conflict), a reason without a tag,
//! an ambiguous member in an unconflicted entry, and a MIMAT shared by two entries not tagged
//! `[duplicate]` in both.
//!
//! [`CuratedFile::signatures`] derives `<stem>_core` (entries with `conflict = false`) and
//! `<stem>_full` (all entries, members of conflicted entries flagged `conflict`). A MIMAT listed by
//! several entries counts once per signature: its first entry gives its record, and it is
//! conflicted only if every entry listing it is.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Curation, Direction, Member, SetKind, Signature, SignatureMeta};
use crate::error::{Error, Result};

/// The cancers the curated signatures cover, in the order they are listed.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Cancer {
    /// Breast cancer.
    Breast,
    /// Prostate cancer.
    Prostate,
    /// Lung cancer.
    Lung,
    /// Liver cancer (hepatocellular carcinoma).
    Liver,
    /// Thyroid cancer.
    Thyroid,
    /// Osteosarcoma (primary bone tumour).
    Osteosarcoma,
    /// Ewing sarcoma (primary bone tumour).
    EwingSarcoma,
}

impl Cancer {
    /// Every cancer, in listing order.
    pub const ALL: [Cancer; 7] = [
        Cancer::Breast,
        Cancer::Prostate,
        Cancer::Lung,
        Cancer::Liver,
        Cancer::Thyroid,
        Cancer::Osteosarcoma,
        Cancer::EwingSarcoma,
    ];

    /// The name used in files and on the command line (`ewing_sarcoma`).
    pub fn as_str(self) -> &'static str {
        match self {
            Cancer::Breast => "breast",
            Cancer::Prostate => "prostate",
            Cancer::Lung => "lung",
            Cancer::Liver => "liver",
            Cancer::Thyroid => "thyroid",
            Cancer::Osteosarcoma => "osteosarcoma",
            Cancer::EwingSarcoma => "ewing_sarcoma",
        }
    }

    /// The cancer of that name, if any.
    pub fn from_name(name: &str) -> Option<Cancer> {
        Cancer::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Cancer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Allowed `expression` cells.
pub const EXPRESSIONS: [&str; 4] = ["High", "Low", "High/Low", ""];
/// Allowed `effect` cells.
pub const EFFECTS: [&str; 3] = ["+", "-", ""];
/// Allowed `evidence` values.
pub const EVIDENCE: [&str; 5] = [
    "cell line",
    "mouse model",
    "patient tissue",
    "serum/plasma",
    "exosome",
];
/// Tags a `conflict_reason` starts with.
pub const CONFLICT_TAGS: [&str; 5] = [
    "[blank-cell]",
    "[table-text]",
    "[unsettled]",
    "[ambiguous-name]",
    "[duplicate]",
];
/// Allowed member `resolution` values.
pub const RESOLUTIONS: [&str; 5] = [
    "current",
    "renamed",
    "arm_assigned",
    "ambiguous",
    "precursor",
];

/// One curated file, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CuratedFile {
    /// Always 1.
    pub schema_version: i64,
    /// The cancer, as written (validated against [`Cancer`]).
    pub cancer: String,
    /// A title for the file.
    pub title: String,
    /// The publication the entries come from.
    pub source: String,
    /// The entries, in file order, with their position in the text.
    #[serde(default)]
    pub entry: Vec<toml::Spanned<Entry>>,
}

/// One table row or text-only miRNA of the source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The name exactly as the source writes it.
    #[serde(default)]
    pub as_written: String,
    /// Table and row and/or section.
    #[serde(default)]
    pub source: String,
    /// The Expression cell: `High`, `Low`, `High/Low` or empty.
    #[serde(default)]
    pub expression: String,
    /// The Promotes/Inhibits cell: `+`, `-` or empty.
    #[serde(default)]
    pub effect: String,
    /// Targets/pathways, then what the text adds.
    #[serde(default)]
    pub targets: String,
    /// Reference numbers.
    #[serde(default)]
    pub refs: Vec<u32>,
    /// Kinds of evidence ([`EVIDENCE`]).
    #[serde(default)]
    pub evidence: Vec<String>,
    /// +1 or -1 (required).
    pub direction: i64,
    /// Why this direction.
    #[serde(default)]
    pub direction_reason: String,
    /// Whether the source leaves the direction unsettled (required).
    pub conflict: bool,
    /// Non-empty iff `conflict`; starts with a tag of [`CONFLICT_TAGS`].
    #[serde(default)]
    pub conflict_reason: String,
    /// How a family or multi-miRNA row was expanded into members.
    #[serde(default)]
    pub expansion: String,
    /// The miRBase v22 mature miRNAs of the entry.
    #[serde(default)]
    pub member: Vec<EntryMember>,
}

/// One miRBase v22 mature miRNA of an entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryMember {
    /// The v22 mature name.
    #[serde(default)]
    pub name: String,
    /// The v22 accession; absent only with a `reason`.
    pub id: Option<String>,
    /// How the name was resolved ([`RESOLUTIONS`]).
    #[serde(default)]
    pub resolution: String,
    /// The resolver's note (`query "<name>": ...`).
    #[serde(default)]
    pub note: String,
    /// Why there is no accession.
    pub reason: Option<String>,
}

impl Entry {
    /// The entry's direction (validated by [`parse`]).
    pub fn direction(&self) -> Direction {
        if self.direction < 0 {
            Direction::Down
        } else {
            Direction::Up
        }
    }
}

/// 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(0, |head| head.matches('\n').count())
        + 1
}

/// Parses and validates a curated TOML text; `origin` names the file in errors.
///
/// ```
/// # fn main() -> osteomir::Result<()> {
/// let text = r#"
/// schema_version = 1
/// cancer = "lung"
/// title = "t"
/// source = "s"
/// [[entry]]
/// as_written = "miR-21"
/// source = "Section 3"
/// direction = 1
/// conflict = false
/// [[entry.member]]
/// name = "hsa-miR-21-5p"
/// id = "MIMAT0000076"
/// resolution = "arm_assigned"
/// "#;
/// let file = osteomir::signature::curated::parse(text, "lung.toml")?;
/// let [core, full] = file.signatures("lung", "lung.toml")?;
/// assert_eq!((core.name.as_str(), full.members.len()), ("lung_core", 1));
/// # Ok(()) }
/// ```
pub fn parse(text: &str, origin: &str) -> Result<CuratedFile> {
    let file: CuratedFile = toml::from_str(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| format!("line {}: ", line_of(text, s.start)))
            .unwrap_or_default();
        Error::InvalidSignature {
            source_name: origin.to_string(),
            message: format!("{at}{}", e.message().trim()),
        }
    })?;
    validate(&file, text, origin)?;
    Ok(file)
}

fn validate(file: &CuratedFile, text: &str, origin: &str) -> Result<()> {
    let fail = |message: String| {
        Err(Error::InvalidSignature {
            source_name: origin.to_string(),
            message,
        })
    };
    if file.schema_version != 1 {
        return fail(format!(
            "schema_version {} is not supported (expected 1)",
            file.schema_version
        ));
    }
    if Cancer::from_name(&file.cancer).is_none() {
        let known: Vec<&str> = Cancer::ALL.iter().map(|c| c.as_str()).collect();
        return fail(format!(
            "unknown cancer '{}' (expected one of {})",
            file.cancer,
            known.join(", ")
        ));
    }
    if file.entry.is_empty() {
        return fail("no [[entry]] tables: the signature is empty".into());
    }
    // MIMAT (or name, when there is none) -> entries listing it, for the [duplicate] rule.
    let mut owners: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, spanned) in file.entry.iter().enumerate() {
        let entry = spanned.get_ref();
        let at = format!(
            "line {}: entry {} ('{}')",
            line_of(text, spanned.span().start),
            index + 1,
            entry.as_written
        );
        if entry.as_written.trim().is_empty() {
            return fail(format!("{at}: missing as_written (the name in the source)"));
        }
        if entry.source.trim().is_empty() {
            return fail(format!("{at}: missing source (table row and/or section)"));
        }
        if entry.direction != 1 && entry.direction != -1 {
            return fail(format!(
                "{at}: invalid direction {} (must be 1 or -1)",
                entry.direction
            ));
        }
        if !EXPRESSIONS.contains(&entry.expression.as_str()) {
            return fail(format!(
                "{at}: invalid expression '{}' (expected High, Low, High/Low or empty)",
                entry.expression
            ));
        }
        if !EFFECTS.contains(&entry.effect.as_str()) {
            return fail(format!(
                "{at}: invalid effect '{}' (expected +, - or empty)",
                entry.effect
            ));
        }
        if let Some(bad) = entry
            .evidence
            .iter()
            .find(|e| !EVIDENCE.contains(&e.as_str()))
        {
            return fail(format!(
                "{at}: invalid evidence '{bad}' (expected one of {})",
                EVIDENCE.join(", ")
            ));
        }
        let reason = entry.conflict_reason.trim();
        if entry.conflict && reason.is_empty() {
            return fail(format!("{at}: conflict = true without a conflict_reason"));
        }
        if !entry.conflict && !reason.is_empty() {
            return fail(format!("{at}: conflict_reason given but conflict = false"));
        }
        if entry.conflict && !CONFLICT_TAGS.iter().any(|t| reason.starts_with(t)) {
            return fail(format!(
                "{at}: conflict_reason must start with a tag ({}), got '{}'",
                CONFLICT_TAGS.join(" "),
                truncate(reason)
            ));
        }
        if entry.member.is_empty() {
            return fail(format!(
                "{at}: empty set: the entry has no [[entry.member]]"
            ));
        }
        let mut seen: HashSet<&str> = HashSet::new();
        for (m, member) in entry.member.iter().enumerate() {
            let at = format!("{at}, member {}", m + 1);
            if member.name.trim().is_empty() {
                return fail(format!("{at}: missing name"));
            }
            match &member.id {
                Some(id) if !is_mimat(id) => {
                    return fail(format!(
                        "{at} '{}': invalid id '{id}' (expected MIMAT and 7 digits)",
                        member.name
                    ))
                }
                None if member.reason.as_deref().is_none_or(|r| r.trim().is_empty()) => {
                    return fail(format!(
                        "{at} '{}': no id and no reason saying why",
                        member.name
                    ))
                }
                _ => {}
            }
            if !RESOLUTIONS.contains(&member.resolution.as_str()) {
                return fail(format!(
                    "{at} '{}': invalid resolution '{}' (expected one of {})",
                    member.name,
                    member.resolution,
                    RESOLUTIONS.join(", ")
                ));
            }
            if member.resolution == "ambiguous" && !entry.conflict {
                return fail(format!(
                    "{at} '{}': an ambiguous member requires conflict = true ([ambiguous-name])",
                    member.name
                ));
            }
            let key = member_key(member);
            if !seen.insert(key) {
                return fail(format!("{at}: duplicate member '{key}' in one entry"));
            }
            owners.entry(key).or_default().push(index);
        }
    }
    let mut shared: Vec<(&str, &Vec<usize>)> = owners
        .iter()
        .filter(|(_, e)| e.len() > 1)
        .map(|(k, e)| (*k, e))
        .collect();
    shared.sort();
    for (key, entries) in shared {
        for &index in entries {
            let spanned = &file.entry[index];
            let entry = spanned.get_ref();
            if !entry.conflict_reason.contains("[duplicate]") {
                let others: Vec<String> = entries
                    .iter()
                    .filter(|&&o| o != index)
                    .map(|o| (o + 1).to_string())
                    .collect();
                return fail(format!(
                    "line {}: entry {} ('{}'): member {key} is also in entry {}; tag both [duplicate]",
                    line_of(text, spanned.span().start),
                    index + 1,
                    entry.as_written,
                    others.join(", ")
                ));
            }
        }
    }
    Ok(())
}

fn truncate(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text.to_string(),
    }
}

/// `MIMAT` followed by exactly seven digits.
pub fn is_mimat(id: &str) -> bool {
    id.strip_prefix("MIMAT")
        .is_some_and(|d| d.len() == 7 && d.bytes().all(|b| b.is_ascii_digit()))
}

fn member_key(member: &EntryMember) -> &str {
    member.id.as_deref().unwrap_or(&member.name)
}

impl CuratedFile {
    /// The validated cancer.
    pub fn cancer(&self) -> Result<Cancer> {
        Cancer::from_name(&self.cancer)
            .ok_or_else(|| Error::Internal(format!("cancer '{}' passed validation", self.cancer)))
    }

    /// The entries without their positions.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entry.iter().map(|s| s.get_ref())
    }

    /// The two signatures of the file: `<stem>_core` (may be empty) and `<stem>_full`.
    pub fn signatures(&self, stem: &str, origin: &str) -> Result<[Signature; 2]> {
        let cancer = self.cancer()?;
        let build = |set: SetKind| -> Result<Signature> {
            let mut members: Vec<Member> = Vec::new();
            let mut at: HashMap<String, usize> = HashMap::new();
            for (index, entry) in self.entries().enumerate() {
                if set == SetKind::Core && entry.conflict {
                    continue;
                }
                for m in &entry.member {
                    let key = member_key(m).to_string();
                    if let Some(&i) = at.get(&key) {
                        // Counted once; conflicted only if every entry listing it is.
                        members[i].conflict &= entry.conflict;
                        continue;
                    }
                    at.insert(key, members.len());
                    members.push(Member {
                        name: m.name.clone(),
                        direction: entry.direction(),
                        id: m.id.clone(),
                        conflict: entry.conflict,
                        curation: Some(Curation {
                            as_written: entry.as_written.clone(),
                            source: entry.source.clone(),
                            entry: Some(index + 1),
                            refs: entry.refs.clone(),
                            evidence: entry.evidence.clone(),
                            conflict_reason: entry.conflict_reason.clone(),
                            reason: m.reason.clone(),
                        }),
                    });
                }
            }
            let meta = SignatureMeta {
                cancer,
                set,
                title: self.title.clone(),
                source: self.source.clone(),
                n_entries: self
                    .entries()
                    .filter(|e| set == SetKind::Full || !e.conflict)
                    .count(),
            };
            Signature::with_meta(
                &format!("{stem}_{}", set.as_str()),
                members,
                Some(meta),
                origin,
            )
        };
        Ok([build(SetKind::Core)?, build(SetKind::Full)?])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "schema_version = 1\ncancer = \"lung\"\ntitle = \"t\"\nsource = \"s\"\n";

    fn entry(as_written: &str, direction: i64, conflict: &str, members: &[(&str, &str)]) -> String {
        let mut s = format!(
            "[[entry]]\nas_written = \"{as_written}\"\nsource = \"Table 3 (row 1)\"\ndirection = {direction}\n{conflict}\n"
        );
        for (name, id) in members {
            s.push_str(&format!(
                "[[entry.member]]\nname = \"{name}\"\nid = \"{id}\"\nresolution = \"current\"\n"
            ));
        }
        s
    }

    #[test]
    fn duplicate_mimat_across_entries_counts_once_per_signature() {
        let text = format!(
            "{HEAD}{}{}",
            entry(
                "a",
                1,
                "conflict = true\nconflict_reason = \"[duplicate] x\"",
                &[("hsa-miR-1-3p", "MIMAT0000416")]
            ),
            entry(
                "b",
                1,
                "conflict = true\nconflict_reason = \"[duplicate] x\"",
                &[
                    ("hsa-miR-1-3p", "MIMAT0000416"),
                    ("hsa-miR-2", "MIMAT0000002")
                ]
            )
        );
        let file = parse(&text, "t.toml").unwrap();
        let [core, full] = file.signatures("lung", "t.toml").unwrap();
        assert!(core.members.is_empty());
        assert_eq!(full.members.len(), 2);
        assert!(full.members.iter().all(|m| m.conflict));
        assert_eq!(full.meta.as_ref().unwrap().cancer, Cancer::Lung);
    }

    #[test]
    fn untagged_shared_mimat_is_refused() {
        let text = format!(
            "{HEAD}{}{}",
            entry(
                "a",
                1,
                "conflict = false",
                &[("hsa-miR-1-3p", "MIMAT0000416")]
            ),
            entry(
                "b",
                1,
                "conflict = false",
                &[("hsa-miR-1-3p", "MIMAT0000416")]
            )
        );
        let err = parse(&text, "t.toml").unwrap_err().to_string();
        assert!(
            err.contains("also in entry 2") && err.contains("[duplicate]"),
            "{err}"
        );
    }

    #[test]
    fn line_numbers_point_at_the_entry() {
        let text = format!(
            "{HEAD}{}",
            entry("a", 2, "conflict = false", &[("x", "MIMAT0000001")])
        );
        let err = parse(&text, "t.toml").unwrap_err().to_string();
        assert!(err.starts_with("t.toml: line 5: entry 1 ('a')"), "{err}");
    }
}
