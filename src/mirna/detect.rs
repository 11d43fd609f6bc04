//! Which miRBase release a set of names looks like.
//!
//! Every release 6 .. 22 is scored by how many of the names it used verbatim (mature or hairpin
//! names, exact letter case). The release with the most wins; a tie goes to the latest release of
//! the tie (a name set that fits v21 and v22 equally is called v22). The guess is reported, never
//! silent, and sets the "as of" release for resolving the rows (so a name that meant one thing in
//! the file's release and another later is read as the file meant it).

use std::collections::HashSet;

use serde::Serialize;

use super::release::Release;
use super::resolve::Resolver;

/// The outcome of release detection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReleaseGuess {
    /// The release whose names explain the most rows (None when no row is a miRBase name).
    pub release: Option<Release>,
    /// Rows whose name that release used verbatim.
    pub explained: usize,
    /// Rows considered.
    pub rows: usize,
    /// Rows explained by each release, oldest first (release, count).
    pub per_release: Vec<(Release, usize)>,
}

/// Guesses the release of `names` (see the module doc).
///
/// Cost: one hash look-up per name and release (22 × rows).
pub fn detect_release<S: AsRef<str>>(resolver: &Resolver, names: &[S]) -> ReleaseGuess {
    let mut per_release: Vec<(Release, usize)> = Release::all().map(|r| (r, 0)).collect();
    let mut seen = HashSet::new();
    for name in names {
        let name = name.as_ref().trim();
        if !seen.insert(name) {
            continue;
        }
        for r in resolver.releases_of(name) {
            per_release[r.index()].1 += 1;
        }
    }
    let best = per_release
        .iter()
        .copied()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(r, n)| (*n, *r));
    ReleaseGuess {
        release: best.map(|(r, _)| r),
        explained: best.map_or(0, |(_, n)| n),
        rows: names.len(),
        per_release,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v21_hairpin_names_look_like_v21_and_v22_names_like_v22() {
        let resolver = Resolver::embedded().unwrap();
        // hsa-mir-3591 was renamed hsa-mir-122b in v22: a v21 file has the old name.
        let v21 = ["hsa-mir-21", "hsa-mir-3591", "hsa-let-7a-1"];
        assert_eq!(
            detect_release(&resolver, &v21).release.map(Release::label),
            Some("21")
        );
        let v22 = ["hsa-miR-21-5p", "hsa-miR-122b-3p", "hsa-let-7a-5p"];
        assert_eq!(detect_release(&resolver, &v22).release, Some(Release::V22));
        // arm-less names of v17 (miR-21 became miR-21-5p in v18)
        let v17 = ["hsa-miR-21", "hsa-miR-21*", "hsa-miR-451"];
        let g = detect_release(&resolver, &v17);
        assert_eq!(g.release.map(Release::label), Some("17"));
        assert_eq!((g.explained, g.rows), (3, 3));
    }

    #[test]
    fn junk_has_no_release() {
        let resolver = Resolver::embedded().unwrap();
        let g = detect_release(&resolver, &["m1", "m2"]);
        assert_eq!((g.release, g.explained), (None, 0));
    }
}
