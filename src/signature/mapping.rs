//! Mapping a signature's members onto the rows of a matrix.

use std::collections::HashMap;

use serde::Serialize;

use super::{Direction, Signature};

/// A signature resolved to matrix row indices, with what could not be found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappedSignature {
    /// The signature's name.
    pub name: String,
    /// Number of members listed in the signature.
    pub listed: usize,
    /// Row indices of the members measured with direction up, in member order.
    pub up: Vec<usize>,
    /// Row indices of the members measured with direction down, in member order.
    pub down: Vec<usize>,
    /// Members not found among the rows, as written.
    pub missing: Vec<String>,
}

impl MappedSignature {
    /// Members found in the matrix.
    pub fn found(&self) -> usize {
        self.up.len() + self.down.len()
    }

    /// found / listed, in [0, 1].
    pub fn coverage(&self) -> f64 {
        if self.listed == 0 {
            0.0
        } else {
            self.found() as f64 / self.listed as f64
        }
    }
}

/// Maps each member of `signature` to the row whose id equals its name exactly.
///
/// Two members that land on one row (possible after name harmonisation) keep only the first.
pub fn map_onto(signature: &Signature, features: &[String]) -> MappedSignature {
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
    let mut used = std::collections::HashSet::new();
    for member in &signature.members {
        match index.get(member.name.as_str()) {
            Some(&row) if used.insert(row) => match member.direction {
                Direction::Up => mapped.up.push(row),
                Direction::Down => mapped.down.push(row),
            },
            Some(_) => {}
            None => mapped.missing.push(member.name.clone()),
        }
    }
    mapped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::Member;

    #[test]
    fn members_map_to_rows_and_missing_ones_are_listed() {
        let sig = Signature::new(
            "s",
            vec![
                Member::new("b", Direction::Up),
                Member::new("zz", Direction::Up),
                Member::new("a", Direction::Down),
            ],
            "t",
        )
        .unwrap();
        let features: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let m = map_onto(&sig, &features);
        assert_eq!((m.up.clone(), m.down.clone()), (vec![1], vec![0]));
        assert_eq!(m.missing, ["zz"]);
        assert!((m.coverage() - 2.0 / 3.0).abs() < 1e-15);
    }
}
