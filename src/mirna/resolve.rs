//! Resolving one miRNA name (or accession) to miRBase v22 mature accessions.
//!
//! The rules, in order (the CLI contract, "Identifiers"):
//!
//! 1. The query is trimmed. `MIMAT…`/`MI…` accessions (any case) are looked up directly: live
//!    mature → `current`, live hairpin → `precursor`, retired → `dead`.
//! 2. Names are looked up exactly, then with a `hsa-` prefix added, then (after rule 5's arm check)
//!    ignoring letter case (with
//!    or without the prefix). The case-insensitive step is accepted only when every name it finds
//!    belongs to one accession; otherwise the answer is `ambiguous` with every candidate listed
//!    (`MIR-21` fits both the mature `hsa-miR-21` and the hairpin `hsa-mir-21`).
//! 3. Among the releases that used a name, the latest one wins ("as of" release 22 by default;
//!    [`Resolver::resolve_as_of`] lets an older release win for names of an older file). When a
//!    mature and a hairpin carried the same name in that release (`hsa-let-7b` up to v17), the
//!    mature wins: an expression value of a name that was a mature name is a mature measurement.
//! 4. The winning accession is classified: live mature under this very name → `current`; live
//!    under the name + `-5p`/`-3p` → `arm_assigned`; live under another name → `renamed`; live
//!    hairpin → `precursor` (matches = its v22 products, the one miRBase named first listed
//!    first); retired before v22 → `dead` (match = the accession, its last name, the release
//!    that removed it).
//! 5. A name no release used (spelled exactly): if v22 has `name-5p` and/or `name-3p`, one arm →
//!    `arm_assigned`, both → `ambiguous`; this comes before the letter-case step, so
//!    `hsa-miR-10392` is not folded onto the hairpin `hsa-mir-10392`. Anything else is `unknown`.
//!
//! Cost: building the index parses the ~8,500-line embedded table (about a millisecond); each
//! query is a few hash look-ups.

use std::collections::{BTreeSet, HashMap};

use super::release::Release;
use super::table::{self, Kind, NameRecord, Table};
use super::{Match, Resolution, Status};
use crate::error::{Error, Result};

/// What is known of one accession.
#[derive(Debug, Clone)]
struct Accession {
    kind: Kind,
    first: Release,
    last: Release,
    last_name: String,
}

/// The resolver: an index over the embedded miRBase table.
#[derive(Debug, Clone)]
pub struct Resolver {
    table: Table,
    by_name: HashMap<String, Vec<usize>>,
    by_lower: HashMap<String, Vec<usize>>,
    accessions: HashMap<String, Accession>,
    /// v22 name (mature) -> accession, exact.
    v22_mature: HashMap<String, String>,
}

impl Resolver {
    /// Builds the resolver over the embedded table.
    ///
    /// ```
    /// use osteomir::mirna::{Resolver, Status};
    /// let resolver = Resolver::embedded()?;
    /// let r = resolver.resolve("miR-451");
    /// assert_eq!(r.status, Status::Renamed);
    /// assert_eq!(r.matches[0].name, "hsa-miR-451a");
    /// # Ok::<(), osteomir::Error>(())
    /// ```
    pub fn embedded() -> Result<Self> {
        let table = table::parse(table::TABLE).map_err(Error::Internal)?;
        Ok(Self::from_table(table))
    }

    /// Builds the resolver over a parsed table.
    pub fn from_table(table: Table) -> Self {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_lower: HashMap<String, Vec<usize>> = HashMap::new();
        let mut accessions: HashMap<String, Accession> = HashMap::new();
        let mut v22_mature = HashMap::new();
        for (i, r) in table.names.iter().enumerate() {
            by_name.entry(r.name.clone()).or_default().push(i);
            by_lower
                .entry(r.name.to_ascii_lowercase())
                .or_default()
                .push(i);
            let a = accessions
                .entry(r.accession.clone())
                .or_insert_with(|| Accession {
                    kind: r.kind,
                    first: r.first,
                    last: r.last,
                    last_name: r.name.clone(),
                });
            a.first = a.first.min(r.first);
            if r.last >= a.last {
                a.last = r.last;
                a.last_name = r.name.clone();
            }
            if r.kind == Kind::Mature && r.last == Release::V22 {
                v22_mature.insert(r.name.clone(), r.accession.clone());
            }
        }
        Self {
            table,
            by_name,
            by_lower,
            accessions,
            v22_mature,
        }
    }

    /// Resolves a name as of release 22 (the latest release that used a name wins).
    pub fn resolve(&self, query: &str) -> Resolution {
        self.resolve_as_of(query, Release::V22)
    }

    /// Resolves a name as of release `as_of`: among the releases up to `as_of` that used the name,
    /// the latest wins; a name first used after `as_of` falls back to the latest release overall.
    pub fn resolve_as_of(&self, query: &str, as_of: Release) -> Resolution {
        let (status, matches) = self.classify_query(query.trim(), as_of);
        Resolution {
            query: query.to_string(),
            status,
            matches,
        }
    }

    /// Every name (mature and hairpin) that `release` used.
    pub fn names_in(&self, release: Release) -> impl Iterator<Item = &str> {
        self.table
            .names
            .iter()
            .filter(move |r| r.first <= release && release <= r.last)
            .map(|r| r.name.as_str())
    }

    /// The releases in which `name` (exactly) was used, as an ascending set.
    pub fn releases_of(&self, name: &str) -> BTreeSet<Release> {
        let mut out = BTreeSet::new();
        for &i in self.by_name.get(name).into_iter().flatten() {
            let r = &self.table.names[i];
            out.extend(Release::all().filter(|x| r.first <= *x && *x <= r.last));
        }
        out
    }

    fn classify_query(&self, q: &str, as_of: Release) -> (Status, Vec<Match>) {
        if q.is_empty() {
            return (Status::Unknown, Vec::new());
        }
        if let Some(acc) = accession_like(q) {
            return match self.accessions.get(&acc) {
                Some(_) => self.classify_accession(&acc, None),
                None => (Status::Unknown, Vec::new()),
            };
        }
        let prefixed = format!("hsa-{q}");
        let has_prefix = q.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("hsa-"));
        // 1. exact, 2. exact with the prefix added
        for candidate in [Some(q), (!has_prefix).then_some(prefixed.as_str())]
            .into_iter()
            .flatten()
        {
            if let Some(hits) = self.by_name.get(candidate) {
                return self.decide(hits, as_of);
            }
        }
        // rule 5: an arm-less name nobody used, while v22 has name-5p and/or name-3p
        let base = if has_prefix {
            q.to_string()
        } else {
            prefixed.clone()
        };
        let arms: Vec<&String> = ["-5p", "-3p"]
            .iter()
            .filter_map(|arm| self.v22_mature.get(&format!("{base}{arm}")))
            .collect();
        match arms.len() {
            0 => {}
            1 => return (Status::ArmAssigned, vec![self.v22_match(arms[0])]),
            _ => {
                return (
                    Status::Ambiguous,
                    arms.iter().map(|a| self.v22_match(a)).collect(),
                )
            }
        }
        // rule 2, last step: letter case ignored, accepted only when one accession fits
        let mut hits: Vec<usize> = Vec::new();
        hits.extend(
            self.by_lower
                .get(&q.to_ascii_lowercase())
                .into_iter()
                .flatten(),
        );
        if !has_prefix {
            hits.extend(
                self.by_lower
                    .get(&prefixed.to_ascii_lowercase())
                    .into_iter()
                    .flatten(),
            );
        }
        if !hits.is_empty() {
            let accs: BTreeSet<&str> = hits
                .iter()
                .map(|&i| self.table.names[i].accession.as_str())
                .collect();
            if accs.len() == 1 {
                return self.decide(&hits, as_of);
            }
            return (Status::Ambiguous, self.matches_of_all(accs));
        }
        (Status::Unknown, Vec::new())
    }

    /// Picks the accession a set of name records denotes as of `as_of` and classifies it.
    fn decide(&self, hits: &[usize], as_of: Release) -> (Status, Vec<Match>) {
        let records: Vec<&NameRecord> = hits.iter().map(|&i| &self.table.names[i]).collect();
        let usable: Vec<&NameRecord> = records
            .iter()
            .copied()
            .filter(|r| r.first <= as_of)
            .collect();
        let (pool, cap) = if usable.is_empty() {
            (records, Release::V22)
        } else {
            (usable, as_of)
        };
        let Some(latest) = pool.iter().map(|r| r.last.min(cap)).max() else {
            return (Status::Unknown, Vec::new());
        };
        let mut winners: Vec<&NameRecord> = pool
            .into_iter()
            .filter(|r| r.last.min(cap) == latest)
            .collect();
        if winners.iter().any(|r| r.kind == Kind::Mature) {
            winners.retain(|r| r.kind == Kind::Mature);
        }
        let accs: BTreeSet<&str> = winners.iter().map(|r| r.accession.as_str()).collect();
        if accs.len() > 1 {
            return (Status::Ambiguous, self.matches_of_all(accs));
        }
        let r = winners[0];
        self.classify_accession(&r.accession, Some(&r.name))
    }

    /// Classifies an accession reached through `name` (None: the accession itself was given).
    fn classify_accession(&self, acc: &str, name: Option<&str>) -> (Status, Vec<Match>) {
        let Some(info) = self.accessions.get(acc) else {
            return (Status::Unknown, Vec::new());
        };
        if info.last < Release::V22 {
            let removed = info.last.next().unwrap_or(Release::V22);
            return (
                Status::Dead,
                vec![Match {
                    id: acc.to_string(),
                    name: info.last_name.clone(),
                    release: removed,
                }],
            );
        }
        match info.kind {
            Kind::Precursor => (Status::Precursor, self.products(acc)),
            Kind::Mature => {
                let current = &info.last_name;
                let status = match name {
                    None => Status::Current,
                    Some(n) if n == current => Status::Current,
                    Some(n) if *current == format!("{n}-5p") || *current == format!("{n}-3p") => {
                        Status::ArmAssigned
                    }
                    Some(_) => Status::Renamed,
                };
                (status, vec![self.v22_match(acc)])
            }
        }
    }

    /// The v22 products of a hairpin, the one miRBase named first (the dominant arm) first.
    fn products(&self, precursor: &str) -> Vec<Match> {
        let mut accs: Vec<&String> = self
            .table
            .products
            .get(precursor)
            .into_iter()
            .flatten()
            .collect();
        accs.sort_by_key(|a| (self.accessions.get(*a).map(|i| i.first), a.to_string()));
        accs.into_iter().map(|a| self.v22_match(a)).collect()
    }

    fn v22_match(&self, acc: &str) -> Match {
        Match {
            id: acc.to_string(),
            name: self
                .accessions
                .get(acc)
                .map(|i| i.last_name.clone())
                .unwrap_or_default(),
            release: Release::V22,
        }
    }

    /// Matches of every candidate accession of an ambiguous name (hairpins expand to products).
    fn matches_of_all(&self, accs: BTreeSet<&str>) -> Vec<Match> {
        let mut out: Vec<Match> = Vec::new();
        for acc in accs {
            let (_, matches) = self.classify_accession(acc, None);
            for m in matches {
                if !out.iter().any(|o| o.id == m.id) {
                    out.push(m);
                }
            }
        }
        out
    }
}

/// `MIMAT0000076` / `mi0000077` → the upper-case accession, when the text is one.
fn accession_like(q: &str) -> Option<String> {
    let upper = q.to_ascii_uppercase();
    let digits = upper
        .strip_prefix("MIMAT")
        .or_else(|| upper.strip_prefix("MI"))?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(upper)
}

#[cfg(test)]
#[path = "resolve_tests.rs"]
mod tests;
