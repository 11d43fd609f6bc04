//! Turning a request (names or files, a cancer, all) into the signatures to score or export.
//!
//! A `--signature` value is a built-in name when it is one (`prostate_core`); otherwise a file
//! path (write `./prostate_core` for a file of that name). `--cancer C` and `--all` give, per
//! cancer, `C_core`, plus `C_full` when conflicted members are included (without them `C_full`
//! scores exactly the members of `C_core`). When scoring, an empty core set (thyroid,
//! ewing_sarcoma) is skipped with a note, and a cancer left with nothing is an error naming
//! `--include-conflicted`.

use std::path::Path;

use super::curated::Cancer;
use super::{builtin, check_unique_names, load_file, Signature};
use crate::error::{Error, Result};
use crate::io::warnings::Warnings;

/// What to select.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// Built-in names or file paths, in order.
    pub names: Vec<String>,
    /// All built-ins of one cancer.
    pub cancer: Option<Cancer>,
    /// All built-ins.
    pub all: bool,
    /// Score (or export) conflicted members too.
    pub include_conflicted: bool,
}

/// What was selected, with what was left out (counted warnings for stderr and JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct Selected {
    /// The signatures, in request order (names first, then the cancer or all).
    pub signatures: Vec<Signature>,
    /// What was skipped or left out: `conflicted_not_scored` (count = members) and
    /// `empty_core_skipped` (count = signatures).
    pub notes: Warnings,
}

/// Loads one `--signature` value: a built-in name, else a file.
pub fn resolve(name: &str) -> Result<Vec<Signature>> {
    if let Some(builtin) = builtin::find(name)? {
        return Ok(vec![builtin]);
    }
    let path = Path::new(name);
    if name == "-" || path.exists() {
        return load_file(path);
    }
    Err(Error::UnknownSignature {
        name: name.to_string(),
    })
}

/// The signatures a request names, as listed (conflicted members kept, empty sets kept).
pub fn listed(request: &Request) -> Result<Vec<Signature>> {
    let mut out = Vec::new();
    for name in &request.names {
        out.extend(resolve(name)?);
    }
    let cancers: Vec<Cancer> = match (request.all, request.cancer) {
        (true, _) => Cancer::ALL.to_vec(),
        (false, Some(c)) => vec![c],
        (false, None) => Vec::new(),
    };
    for cancer in cancers {
        out.extend(builtin::for_cancer(cancer)?);
    }
    check_unique_names(&out, "the signatures asked for")?;
    Ok(out)
}

/// The signatures a request asks to score, each reduced to its scorable members
/// ([`Signature::scorable`]).
///
/// Explicitly named signatures must have a scorable member. From `--cancer`/`--all`, an empty
/// core set is skipped with a note, and `C_full` is taken only with `include_conflicted`.
pub fn for_scoring(request: &Request) -> Result<Selected> {
    let mut signatures = Vec::new();
    let mut notes = Warnings::default();
    for name in &request.names {
        for s in resolve(name)? {
            let scored = s.scorable(request.include_conflicted)?;
            note_excluded(&s, &scored, &mut notes);
            signatures.push(scored);
        }
    }
    let cancers: Vec<Cancer> = match (request.all, request.cancer) {
        (true, _) => Cancer::ALL.to_vec(),
        (false, Some(c)) => vec![c],
        (false, None) => Vec::new(),
    };
    for cancer in &cancers {
        let [core, full] = builtin::for_cancer(*cancer)?;
        let before = signatures.len();
        if core.members.is_empty() {
            notes.push(
                "empty_core_skipped",
                1,
                format!(
                    "{} skipped: no conflict-free entry (use --include-conflicted to score {})",
                    core.name, full.name
                ),
            );
        } else {
            signatures.push(core.scorable(request.include_conflicted)?);
        }
        if request.include_conflicted {
            signatures.push(full.scorable(true)?);
        } else if full.n_conflicted() > 0 && !core.members.is_empty() {
            notes.push(
                "conflicted_not_scored",
                full.n_conflicted(),
                format!(
                    "{}: {} conflicted member(s) not scored (use --include-conflicted to add {})",
                    cancer,
                    full.n_conflicted(),
                    full.name
                ),
            );
        }
        if signatures.len() == before && cancers.len() == 1 {
            return Err(Error::Usage(format!(
                "cancer '{cancer}' has no conflict-free entry, so nothing to score; add --include-conflicted to score {}",
                full.name
            )));
        }
    }
    if signatures.is_empty() {
        return Err(Error::Usage(
            "no signature to score: use --signature NAME_OR_FILE, --cancer C or --all".into(),
        ));
    }
    check_unique_names(&signatures, "the signatures asked for")?;
    Ok(Selected { signatures, notes })
}

fn note_excluded(all: &Signature, scored: &Signature, notes: &mut Warnings) {
    let left_out = all.members.len() - scored.members.len();
    if left_out > 0 {
        notes.push(
            "conflicted_not_scored",
            left_out,
            format!(
                "{}: {left_out} conflicted member(s) not scored (use --include-conflicted)",
                all.name
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancer_gives_core_and_full_only_with_conflicted() {
        let mut request = Request {
            cancer: Some(Cancer::Prostate),
            ..Request::default()
        };
        let names = |r: &Request| -> Vec<String> {
            for_scoring(r)
                .unwrap()
                .signatures
                .into_iter()
                .map(|s| s.name)
                .collect()
        };
        assert_eq!(names(&request), ["prostate_core"]);
        request.include_conflicted = true;
        assert_eq!(names(&request), ["prostate_core", "prostate_full"]);
    }

    #[test]
    fn thyroid_without_conflicted_is_refused_with_the_way_out() {
        let request = Request {
            cancer: Some(Cancer::Thyroid),
            ..Request::default()
        };
        let err = for_scoring(&request).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("--include-conflicted"), "{err}");
        let named = Request {
            names: vec!["thyroid_core".into()],
            ..Request::default()
        };
        let err = for_scoring(&named).unwrap_err().to_string();
        assert!(
            err.contains("thyroid_full with --include-conflicted"),
            "{err}"
        );
    }

    #[test]
    fn all_skips_empty_cores_with_a_note() {
        let selected = for_scoring(&Request {
            all: true,
            ..Request::default()
        })
        .unwrap();
        assert_eq!(selected.signatures.len(), 5);
        let codes: Vec<&str> = selected.notes.iter().map(|w| w.code).collect();
        assert_eq!(
            codes.iter().filter(|c| **c == "empty_core_skipped").count(),
            2
        );
        // breast, prostate, lung, liver have conflicted members left out.
        assert_eq!(
            codes
                .iter()
                .filter(|c| **c == "conflicted_not_scored")
                .count(),
            4
        );
    }

    #[test]
    fn full_without_conflicted_scores_the_core_members() {
        let selected = for_scoring(&Request {
            names: vec!["prostate_full".into()],
            ..Request::default()
        })
        .unwrap();
        let [core, _] = builtin::for_cancer(Cancer::Prostate).unwrap();
        let names = |s: &Signature| s.members.iter().map(|m| m.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&selected.signatures[0]), names(&core));
        let note = selected.notes.iter().next().unwrap();
        assert_eq!((note.code, note.count), ("conflicted_not_scored", 15));
    }

    #[test]
    fn unknown_name_is_an_unknown_signature() {
        let err = resolve("no_such_signature").unwrap_err();
        assert!(matches!(err, Error::UnknownSignature { .. }));
    }
}
