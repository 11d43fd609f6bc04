//! The built-in registry: the curated `signatures/<cancer>.toml`, embedded at build time.
//!
//! Each cancer gives two signatures, `<cancer>_core` (entries with `conflict = false`) and
//! `<cancer>_full` (all entries; conflicted members scored only with `--include-conflicted`).
//! Thyroid and Ewing sarcoma have no conflict-free entry, so their core sets are empty: they are
//! listed (0 members) and exported, and asking to score them is an error naming the way out.
//! The embedded files pass the same validation as user files; a failure there is a bug (exit 1),
//! which the test suite rules out.

use super::curated::{self, Cancer, CuratedFile};
use super::Signature;
use crate::error::{Error, Result};

/// The embedded files, one per cancer, in [`Cancer::ALL`] order.
const FILES: [(Cancer, &str); 7] = [
    (Cancer::Breast, include_str!("../../signatures/breast.toml")),
    (
        Cancer::Prostate,
        include_str!("../../signatures/prostate.toml"),
    ),
    (Cancer::Lung, include_str!("../../signatures/lung.toml")),
    (Cancer::Liver, include_str!("../../signatures/liver.toml")),
    (
        Cancer::Thyroid,
        include_str!("../../signatures/thyroid.toml"),
    ),
    (
        Cancer::Osteosarcoma,
        include_str!("../../signatures/osteosarcoma.toml"),
    ),
    (
        Cancer::EwingSarcoma,
        include_str!("../../signatures/ewing_sarcoma.toml"),
    ),
];

fn origin(cancer: Cancer) -> String {
    format!("<built-in signatures/{cancer}.toml>")
}

/// The embedded TOML text of a cancer.
pub fn text(cancer: Cancer) -> &'static str {
    FILES
        .iter()
        .find(|(c, _)| *c == cancer)
        .map_or("", |(_, t)| t)
}

/// The parsed, validated curated file of a cancer.
pub fn file(cancer: Cancer) -> Result<CuratedFile> {
    let parsed = curated::parse(text(cancer), &origin(cancer))
        .map_err(|e| Error::Internal(format!("embedded signature file is invalid: {e}")))?;
    if parsed.cancer != cancer.as_str() {
        return Err(Error::Internal(format!(
            "embedded signatures/{cancer}.toml declares cancer '{}'",
            parsed.cancer
        )));
    }
    Ok(parsed)
}

/// The core and full signatures of a cancer.
pub fn for_cancer(cancer: Cancer) -> Result<[Signature; 2]> {
    file(cancer)?
        .signatures(cancer.as_str(), &origin(cancer))
        .map_err(|e| Error::Internal(format!("embedded signature file is invalid: {e}")))
}

/// Every built-in signature: per cancer (in [`Cancer::ALL`] order) core then full.
///
/// ```
/// # fn main() -> osteomir::Result<()> {
/// let all = osteomir::signature::builtin::all()?;
/// assert_eq!(all.len(), 14);
/// assert_eq!(all[2].name, "prostate_core");
/// # Ok(()) }
/// ```
pub fn all() -> Result<Vec<Signature>> {
    let mut out = Vec::with_capacity(2 * FILES.len());
    for cancer in Cancer::ALL {
        out.extend(for_cancer(cancer)?);
    }
    Ok(out)
}

/// The built-in signature of that name (`prostate_core`, `thyroid_full`, ...), if any.
pub fn find(name: &str) -> Result<Option<Signature>> {
    for cancer in Cancer::ALL {
        if let Some(rest) = name.strip_prefix(cancer.as_str()) {
            if rest == "_core" || rest == "_full" {
                let [core, full] = for_cancer(cancer)?;
                return Ok(Some(if rest == "_core" { core } else { full }));
            }
        }
    }
    Ok(None)
}

/// The names of all built-in signatures.
pub fn names() -> Vec<String> {
    Cancer::ALL
        .iter()
        .flat_map(|c| [format!("{c}_core"), format!("{c}_full")])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_file_validates_and_gives_two_signatures() {
        let all = all().unwrap();
        assert_eq!(
            all.iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
            names()
        );
    }

    #[test]
    fn empty_core_sets_are_thyroid_and_ewing_sarcoma() {
        let empty: Vec<String> = all()
            .unwrap()
            .into_iter()
            .filter(|s| s.members.is_empty())
            .map(|s| s.name)
            .collect();
        assert_eq!(empty, ["thyroid_core", "ewing_sarcoma_core"]);
    }

    #[test]
    fn full_sets_count_each_mimat_once() {
        // signatures/README.md: member rows (unique MIMATs) per file.
        let unique = [16, 28, 8, 6, 1, 4, 2];
        for (cancer, n) in Cancer::ALL.into_iter().zip(unique) {
            let [_, full] = for_cancer(cancer).unwrap();
            assert_eq!(full.members.len(), n, "{cancer}");
        }
    }

    #[test]
    fn core_is_the_unconflicted_part_of_full() {
        for cancer in Cancer::ALL {
            let [core, full] = for_cancer(cancer).unwrap();
            let scorable: Vec<_> = full.members.iter().filter(|m| !m.conflict).collect();
            assert_eq!(scorable.len(), core.members.len(), "{cancer}");
            for (a, b) in scorable.iter().zip(&core.members) {
                assert_eq!((&a.name, a.direction), (&b.name, b.direction), "{cancer}");
            }
        }
    }

    #[test]
    fn unknown_names_are_not_found() {
        assert!(find("prostate").unwrap().is_none());
        assert!(find("prostate_core").unwrap().is_some());
        assert!(find("ewing_sarcoma_full").unwrap().is_some());
    }
}
