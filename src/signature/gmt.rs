//! GMT gene-set files: `name <TAB> description <TAB> member <TAB> member ...` per line.
//!
//! A set named `X_UP` and one named `X_DN` (or `X_DOWN`) form one directional signature `X`; any
//! other set is one signature whose members all count as up. Signatures keep the order of their
//! first line.

use super::{Direction, Member, Signature};
use crate::error::{Error, Result};

/// Parses GMT text; `origin` names the file in errors.
///
/// ```
/// # fn main() -> osteomir::Result<()> {
/// let text = "risk_UP\t-\thsa-miR-21-5p\thsa-miR-10b-5p\nrisk_DN\t-\thsa-miR-143-3p\n";
/// let sigs = osteomir::signature::gmt::parse(text, "sets.gmt")?;
/// assert_eq!(sigs.len(), 1);
/// assert_eq!(sigs[0].name, "risk");
/// assert_eq!(sigs[0].split(), (2, 1));
/// # Ok(()) }
/// ```
pub fn parse(text: &str, origin: &str) -> Result<Vec<Signature>> {
    // (name, members) in order of first appearance; directional halves merged by base name.
    let mut order: Vec<(String, Vec<Member>, [Option<usize>; 2])> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let invalid = |message: String| Error::InvalidSignature {
            source_name: origin.to_string(),
            message: format!("line {line_no}: {message}"),
        };
        let set_name = fields[0].trim();
        if set_name.is_empty() {
            return Err(invalid("empty set name".into()));
        }
        if fields.len() < 3 || fields[2..].iter().all(|m| m.trim().is_empty()) {
            return Err(invalid(format!("set '{set_name}' has no members")));
        }
        let (base, direction) = split_direction(set_name);
        let half = usize::from(direction == Direction::Down);
        let members = fields[2..]
            .iter()
            .map(|m| m.trim())
            .filter(|m| !m.is_empty())
            .map(|m| Member::new(m, direction));
        match order.iter_mut().find(|(name, _, _)| name == base) {
            Some((_, existing, halves)) => {
                if let Some(first) = halves[half] {
                    return Err(invalid(format!(
                        "set '{set_name}' is defined twice (first on line {first})"
                    )));
                }
                halves[half] = Some(line_no);
                existing.extend(members);
            }
            None => {
                let mut halves = [None, None];
                halves[half] = Some(line_no);
                order.push((base.to_string(), members.collect(), halves));
            }
        }
    }
    if order.is_empty() {
        return Err(Error::InvalidSignature {
            source_name: origin.to_string(),
            message: "no gene sets found".into(),
        });
    }
    order
        .into_iter()
        .map(|(name, members, _)| Signature::new(&name, members, origin))
        .collect()
}

/// `X_UP` -> (`X`, up); `X_DN`/`X_DOWN` -> (`X`, down); anything else -> (itself, up).
fn split_direction(set_name: &str) -> (&str, Direction) {
    for (suffix, direction) in [
        ("_UP", Direction::Up),
        ("_DN", Direction::Down),
        ("_DOWN", Direction::Down),
    ] {
        if let Some(base) = set_name.strip_suffix(suffix) {
            if !base.is_empty() {
                return (base, direction);
            }
        }
    }
    (set_name, Direction::Up)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmt_up_dn_pair_forms_one_signature() {
        let sigs = parse("X_DN\td\tc\nX_UP\td\ta\tb\nY\td\te\n", "f.gmt").unwrap();
        assert_eq!(sigs.len(), 2);
        assert_eq!(sigs[0].name, "X");
        assert_eq!(sigs[0].split(), (2, 1));
        assert_eq!(sigs[1].name, "Y");
        assert_eq!(sigs[1].split(), (1, 0));
    }

    #[test]
    fn set_without_members_is_refused_with_its_line() {
        let err = parse("A\td\tx\nB\td\n", "f.gmt").unwrap_err().to_string();
        assert!(
            err.contains("line 2") && err.contains("'B' has no members"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_set_is_refused() {
        let err = parse("A\td\tx\nA\td\ty\n", "f.gmt")
            .unwrap_err()
            .to_string();
        assert!(err.contains("defined twice"), "{err}");
    }
}
