//! Writing signatures out (JSON, GMT, TSV, a listing, a human-readable view) and reading the JSON
//! back.
//!
//! JSON is the lossless form: [`to_json`] then [`from_json`] then [`to_json`] gives the same bytes.
//! GMT and TSV carry only names and directions, so they hold the members that are scored: the
//! conflicted ones only when asked ([`Selection`]). A signature with members in both directions
//! becomes `NAME_UP` and `NAME_DN` lines in GMT, which load back as one signature `NAME`.

use serde::{Deserialize, Serialize};

use super::curated::Cancer;
use super::{Curation, Direction, Member, SetKind, Signature, SignatureMeta};
use crate::error::{Error, Result};

/// One exported signature (the objects of the JSON array).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureRecord {
    /// The signature's name.
    pub name: String,
    /// The cancer of a curated signature; null for a GMT/TSV signature.
    pub cancer: Option<Cancer>,
    /// `core` or `full` for a curated signature; null otherwise.
    pub set: Option<SetKind>,
    /// The curated file's title ("" otherwise).
    pub title: String,
    /// The publication the entries come from ("" otherwise).
    pub source: String,
    /// Curated entries behind the members (null for a GMT/TSV signature).
    pub n_entries: Option<usize>,
    /// Members listed.
    pub n_members: usize,
    /// Members flagged conflicted (scored only with `--include-conflicted`).
    pub n_conflicted: usize,
    /// The members in signature order.
    pub members: Vec<MemberRecord>,
}

/// One exported member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberRecord {
    /// The entry's name as the source writes it (for GMT/TSV members: the name given).
    pub as_written: String,
    /// The name matched against matrix rows (the miRBase v22 mature name for curated members).
    pub name: String,
    /// The MIMAT accession; null only with `reason`.
    pub id: Option<String>,
    /// +1: higher expression, higher risk; -1: lower expression, higher risk.
    pub direction: i8,
    /// The source contradicts itself about this member.
    pub conflict: bool,
    /// Reference numbers of the source.
    pub refs: Vec<u32>,
    /// Kinds of evidence the source reports.
    pub evidence: Vec<String>,
    /// Table row and/or section of the source.
    pub source: String,
    /// 1-based entry of the curated file; null for GMT/TSV members.
    pub entry: Option<usize>,
    /// Why the entry is conflicted ("" when it is not).
    pub conflict_reason: String,
    /// Why `id` is null; absent when there is an id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The reason given for a GMT/TSV member, which carries no accession.
pub const NO_ID_REASON: &str = "no accession given by the signature file";

impl From<&Signature> for SignatureRecord {
    fn from(s: &Signature) -> Self {
        SignatureRecord {
            name: s.name.clone(),
            cancer: s.meta.as_ref().map(|m| m.cancer),
            set: s.meta.as_ref().map(|m| m.set),
            title: s.meta.as_ref().map_or("", |m| &m.title).to_string(),
            source: s.meta.as_ref().map_or("", |m| &m.source).to_string(),
            n_entries: s.meta.as_ref().map(|m| m.n_entries),
            n_members: s.members.len(),
            n_conflicted: s.n_conflicted(),
            members: s.members.iter().map(MemberRecord::from).collect(),
        }
    }
}

impl From<&Member> for MemberRecord {
    fn from(m: &Member) -> Self {
        let c = m.curation.as_ref();
        let reason = match (&m.id, c.and_then(|c| c.reason.clone())) {
            (Some(_), _) => None,
            (None, Some(r)) => Some(r),
            (None, None) => Some(NO_ID_REASON.to_string()),
        };
        MemberRecord {
            as_written: c.map_or(&m.name, |c| &c.as_written).clone(),
            name: m.name.clone(),
            id: m.id.clone(),
            direction: m.direction.sign() as i8,
            conflict: m.conflict,
            refs: c.map(|c| c.refs.clone()).unwrap_or_default(),
            evidence: c.map(|c| c.evidence.clone()).unwrap_or_default(),
            source: c.map(|c| c.source.clone()).unwrap_or_default(),
            entry: c.and_then(|c| c.entry),
            conflict_reason: c.map(|c| c.conflict_reason.clone()).unwrap_or_default(),
            reason,
        }
    }
}

impl SignatureRecord {
    /// Back to a signature, validated; `origin` names the file in errors.
    pub fn into_signature(self, origin: &str) -> Result<Signature> {
        let invalid = |message: String| Error::InvalidSignature {
            source_name: origin.to_string(),
            message: format!("signature '{}': {message}", self.name),
        };
        let meta = match (self.cancer, self.set, self.n_entries) {
            (Some(cancer), Some(set), Some(n_entries)) => Some(SignatureMeta {
                cancer,
                set,
                title: self.title.clone(),
                source: self.source.clone(),
                n_entries,
            }),
            (None, None, None) => None,
            _ => {
                return Err(invalid(
                    "give all of cancer, set and n_entries, or none".into(),
                ))
            }
        };
        if self.n_members != self.members.len() {
            return Err(invalid(format!(
                "n_members is {} but {} members are listed",
                self.n_members,
                self.members.len()
            )));
        }
        let mut members = Vec::with_capacity(self.members.len());
        for (i, m) in self.members.iter().enumerate() {
            let direction = match m.direction {
                1 => Direction::Up,
                -1 => Direction::Down,
                d => {
                    return Err(invalid(format!(
                        "member {} '{}': invalid direction {d} (must be 1 or -1)",
                        i + 1,
                        m.name
                    )))
                }
            };
            match (&m.id, &m.reason) {
                (None, None) => {
                    return Err(invalid(format!(
                        "member {} '{}': id is null without a reason",
                        i + 1,
                        m.name
                    )))
                }
                (Some(id), _) if !super::curated::is_mimat(id) => {
                    return Err(invalid(format!(
                        "member {} '{}': invalid id '{id}' (expected MIMAT and 7 digits)",
                        i + 1,
                        m.name
                    )))
                }
                _ => {}
            }
            members.push(Member {
                name: m.name.clone(),
                direction,
                id: m.id.clone(),
                conflict: m.conflict,
                curation: Some(Curation {
                    as_written: m.as_written.clone(),
                    source: m.source.clone(),
                    entry: m.entry,
                    refs: m.refs.clone(),
                    evidence: m.evidence.clone(),
                    conflict_reason: m.conflict_reason.clone(),
                    reason: m.reason.clone(),
                }),
            });
        }
        let signature = Signature::with_meta(&self.name, members, meta, origin)?;
        if signature.n_conflicted() != self.n_conflicted {
            return Err(invalid(format!(
                "n_conflicted is {} but {} members are conflicted",
                self.n_conflicted,
                signature.n_conflicted()
            )));
        }
        Ok(signature)
    }
}

/// The JSON export: a pretty-printed array of [`SignatureRecord`], with a final newline.
pub fn to_json(signatures: &[Signature]) -> Result<Vec<u8>> {
    let records: Vec<SignatureRecord> = signatures.iter().map(SignatureRecord::from).collect();
    let mut bytes = serde_json::to_vec_pretty(&records)
        .map_err(|e| Error::Internal(format!("cannot serialise JSON: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Reads the JSON export back; `origin` names the file in errors.
pub fn from_json(text: &str, origin: &str) -> Result<Vec<Signature>> {
    let records: Vec<SignatureRecord> =
        serde_json::from_str(text).map_err(|e| Error::InvalidSignature {
            source_name: origin.to_string(),
            message: format!("line {}, column {}: {e}", e.line(), e.column()),
        })?;
    if records.is_empty() {
        return Err(Error::InvalidSignature {
            source_name: origin.to_string(),
            message: "no signatures in the JSON array".into(),
        });
    }
    records
        .into_iter()
        .map(|r| r.into_signature(origin))
        .collect()
}

/// Which members GMT and TSV exports hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// The members that are scored by default (conflicted ones left out).
    Scorable,
    /// Every member, as scored with `--include-conflicted`.
    All,
}

fn selected(s: &Signature, selection: Selection) -> impl Iterator<Item = &Member> {
    s.members
        .iter()
        .filter(move |m| selection == Selection::All || !m.conflict)
}

/// GMT lines: `NAME_UP` and `NAME_DN` for the members of each direction (a line only when it has
/// members). A signature with no selected member gives no line.
pub fn to_gmt(signatures: &[Signature], selection: Selection) -> Vec<u8> {
    let mut out = String::new();
    for s in signatures {
        let description = match &s.meta {
            Some(m) => format!(
                "{} {} set: {}",
                m.cancer,
                m.set.as_str(),
                m.title.replace(['\t', '\n', '\r'], " ")
            ),
            None => "-".to_string(),
        };
        for (suffix, direction) in [("_UP", Direction::Up), ("_DN", Direction::Down)] {
            let names: Vec<&str> = selected(s, selection)
                .filter(|m| m.direction == direction)
                .map(|m| m.name.as_str())
                .collect();
            if !names.is_empty() {
                out.push_str(&format!(
                    "{}{suffix}\t{description}\t{}\n",
                    s.name,
                    names.join("\t")
                ));
            }
        }
    }
    out.into_bytes()
}

/// TSV with header `signature mirna direction` (`up`/`down`), one row per selected member.
pub fn to_tsv(signatures: &[Signature], selection: Selection) -> Vec<u8> {
    let mut out = String::from("signature\tmirna\tdirection\n");
    for s in signatures {
        for m in selected(s, selection) {
            let d = match m.direction {
                Direction::Up => "up",
                Direction::Down => "down",
            };
            out.push_str(&format!("{}\t{}\t{d}\n", s.name, m.name));
        }
    }
    out.into_bytes()
}

/// One row of `signatures list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListRow {
    /// Signature name.
    pub name: String,
    /// Cancer ("" for a user signature in TSV).
    pub cancer: Option<Cancer>,
    /// `core` or `full`.
    pub set: Option<SetKind>,
    /// Curated entries in the set (0 for a GMT/TSV signature).
    pub n_entries: usize,
    /// Members (each MIMAT once).
    pub n_members: usize,
    /// Members with direction +1.
    pub n_up: usize,
    /// Members with direction -1.
    pub n_down: usize,
    /// Members flagged conflicted.
    pub n_conflicted: usize,
    /// Members scored by default (without `--include-conflicted`).
    pub n_scorable: usize,
}

impl From<&Signature> for ListRow {
    fn from(s: &Signature) -> Self {
        let (n_up, n_down) = s.split();
        ListRow {
            name: s.name.clone(),
            cancer: s.meta.as_ref().map(|m| m.cancer),
            set: s.meta.as_ref().map(|m| m.set),
            n_entries: s.meta.as_ref().map_or(0, |m| m.n_entries),
            n_members: s.members.len(),
            n_up,
            n_down,
            n_conflicted: s.n_conflicted(),
            n_scorable: s.members.len() - s.n_conflicted(),
        }
    }
}

/// The listing as TSV.
pub fn list_tsv(rows: &[ListRow]) -> Vec<u8> {
    let mut out = String::from(
        "name\tcancer\tset\tn_entries\tn_members\tn_up\tn_down\tn_conflicted\tn_scorable\n",
    );
    for r in rows {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            r.name,
            r.cancer.map_or("", |c| c.as_str()),
            r.set.map_or("", |s| s.as_str()),
            r.n_entries,
            r.n_members,
            r.n_up,
            r.n_down,
            r.n_conflicted,
            r.n_scorable
        ));
    }
    out.into_bytes()
}

/// A human-readable view of one signature: a header, then every member with its direction,
/// accession, the name as written, source row, evidence, references and conflict reason.
pub fn show(s: &Signature) -> String {
    let row = ListRow::from(s);
    let mut out = format!("{}\n", s.name);
    if let Some(meta) = &s.meta {
        out.push_str(&format!(
            "  cancer: {}, set: {}\n  title: {}\n  source: {}\n",
            meta.cancer,
            meta.set.as_str(),
            meta.title,
            meta.source
        ));
    }
    out.push_str(&format!(
        "  {} members ({} up, {} down) from {} entries; {} conflicted{}\n",
        row.n_members,
        row.n_up,
        row.n_down,
        row.n_entries,
        row.n_conflicted,
        if row.n_conflicted > 0 {
            " (not scored unless --include-conflicted)"
        } else {
            ""
        }
    ));
    if s.members.is_empty() {
        out.push_str(
            "  (no members: every entry of this cancer is conflicted; see its _full set)\n",
        );
    }
    for m in &s.members {
        let sign = match m.direction {
            Direction::Up => "+1",
            Direction::Down => "-1",
        };
        out.push_str(&format!(
            "\n{sign} {} ({}){}\n",
            m.name,
            m.id.as_deref().unwrap_or("no accession"),
            if m.conflict { "  CONFLICT" } else { "" }
        ));
        if let Some(c) = &m.curation {
            let entry = c.entry.map(|e| format!("entry {e}, ")).unwrap_or_default();
            out.push_str(&format!(
                "   as written: {}  ({entry}{})\n",
                c.as_written, c.source
            ));
            let evidence = if c.evidence.is_empty() {
                "-".to_string()
            } else {
                c.evidence.join(", ")
            };
            let refs: Vec<String> = c.refs.iter().map(|r| r.to_string()).collect();
            out.push_str(&format!(
                "   evidence: {evidence}; refs: {}\n",
                if refs.is_empty() {
                    "-".to_string()
                } else {
                    refs.join(", ")
                }
            ));
            if !c.conflict_reason.is_empty() {
                out.push_str(&format!("   conflict: {}\n", c.conflict_reason));
            }
            if let Some(reason) = &c.reason {
                out.push_str(&format!("   no accession: {reason}\n"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::builtin;

    #[test]
    fn json_export_round_trips_byte_for_byte() {
        let all = builtin::all().unwrap();
        let first = to_json(&all).unwrap();
        let back = from_json(std::str::from_utf8(&first).unwrap(), "x.json").unwrap();
        assert_eq!(back.len(), all.len());
        assert_eq!(to_json(&back).unwrap(), first);
    }

    #[test]
    fn gmt_member_exports_with_null_id_and_reason() {
        let sigs = crate::signature::gmt::parse("A_DN\t-\tx\n", "a.gmt").unwrap();
        let json = String::from_utf8(to_json(&sigs).unwrap()).unwrap();
        assert!(json.contains("\"id\": null"), "{json}");
        assert!(json.contains(NO_ID_REASON), "{json}");
        let back = from_json(&json, "a.json").unwrap();
        assert_eq!(to_json(&back).unwrap(), json.as_bytes());
    }

    #[test]
    fn directional_signature_becomes_up_and_dn_lines() {
        let [core, _] = builtin::for_cancer(Cancer::Prostate).unwrap();
        let gmt =
            String::from_utf8(to_gmt(std::slice::from_ref(&core), Selection::Scorable)).unwrap();
        let names: Vec<&str> = gmt.lines().map(|l| l.split('\t').next().unwrap()).collect();
        assert_eq!(names, ["prostate_core_UP", "prostate_core_DN"]);
        let back = crate::signature::gmt::parse(&gmt, "p.gmt").unwrap();
        assert_eq!(back[0].name, "prostate_core");
        assert_eq!(back[0].split(), core.split());
    }

    #[test]
    fn json_with_bad_direction_is_refused() {
        let sigs = crate::signature::gmt::parse("A\t-\tx\n", "a.gmt").unwrap();
        let json = String::from_utf8(to_json(&sigs).unwrap())
            .unwrap()
            .replace("\"direction\": 1", "\"direction\": 3");
        let err = from_json(&json, "a.json").unwrap_err().to_string();
        assert!(err.contains("invalid direction 3"), "{err}");
    }
}
