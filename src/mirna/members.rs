//! Signature members resolved to miRBase v22 accessions and mapped onto harmonised rows.
//!
//! A member is resolved as of release 22 (a paper's `hsa-miR-21` is the v17 name of
//! `MIMAT0000076`, today `hsa-miR-21-5p`). It stands for one accession: its only match, or for a
//! hairpin name the dominant product (see [`super::Resolution::primary`]). A member that does not
//! resolve is looked up under its name as written (rows kept by name after harmonisation), so a
//! non-miRBase feature still matches when written identically on both sides. Members that stay
//! unmatched are listed as missing, with their status.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::resolve::Resolver;
use super::{Resolution, Status};
use crate::signature::{Direction, MappedSignature, Signature};

/// How one member was mapped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberMapping {
    /// The resolution of the member's name.
    pub resolution: Resolution,
    /// The matrix row id it landed on (an accession, or the name as written), if measured.
    pub row: Option<String>,
}

/// Maps `signature` onto rows whose ids are accessions (see [`super::harmonise`]).
///
/// Two members landing on one row keep only the first (reported in `mappings` with the row).
pub fn map_signature(
    resolver: &Resolver,
    signature: &Signature,
    features: &[String],
) -> (MappedSignature, Vec<MemberMapping>) {
    let index: HashMap<&str, usize> = features
        .iter()
        .enumerate()
        .map(|(i, f)| (f.as_str(), i))
        .collect();
    let mut mapped = MappedSignature {
        name: signature.name.clone(),
        listed: signature.members.len(),
        up: Vec::new(),
        down: Vec::new(),
        missing: Vec::new(),
    };
    let mut used = HashSet::new();
    let mut mappings = Vec::new();
    for member in &signature.members {
        let resolution = resolver.resolve(&member.name);
        let key = match resolution.primary() {
            Some(id) => id.as_str().to_string(),
            None => member.name.trim().to_string(),
        };
        let row = index.get(key.as_str()).copied();
        match row {
            Some(r) if used.insert(r) => match member.direction {
                Direction::Up => mapped.up.push(r),
                Direction::Down => mapped.down.push(r),
            },
            Some(_) => {}
            None => mapped.missing.push(member.name.clone()),
        }
        mappings.push(MemberMapping {
            resolution,
            row: row.map(|r| features[r].clone()),
        });
    }
    (mapped, mappings)
}

/// Members per status of a signature's mappings, in [`Status::ALL`] order (zero counts left out).
pub fn status_counts(mappings: &[MemberMapping]) -> Vec<(Status, usize)> {
    Status::ALL
        .iter()
        .map(|&s| {
            (
                s,
                mappings.iter().filter(|m| m.resolution.status == s).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::Member;

    #[test]
    fn paper_names_match_mature_and_hairpin_rows_by_accession() {
        let r = Resolver::embedded().unwrap();
        let member = |n: &str, d| Member::new(n, d);
        let sig = Signature::new(
            "s",
            vec![
                member("hsa-miR-21", Direction::Up),
                member("miR-143", Direction::Down),
                member("hsa-let-7a", Direction::Down),
                member("hsa-miR-does-not-exist", Direction::Up),
            ],
            "t",
        )
        .unwrap();
        // MIMAT0000076 miR-21-5p, MIMAT0000435 miR-143-3p, MIMAT0000062 let-7a-5p
        let rows: Vec<String> = ["MIMAT0000062", "MIMAT0000076", "MIMAT0000435"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (m, maps) = map_signature(&r, &sig, &rows);
        assert_eq!((m.up.clone(), m.down.clone()), (vec![1], vec![2, 0]));
        assert_eq!(m.missing, ["hsa-miR-does-not-exist"]);
        assert_eq!(maps[3].resolution.status, Status::Unknown);
        assert_eq!(
            status_counts(&maps),
            [(Status::ArmAssigned, 3), (Status::Unknown, 1)]
        );
    }
}
