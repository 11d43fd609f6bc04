//! The long table form of signatures: one row per member with columns `signature`, `mirna`,
//! `direction` (`up|down|+1|-1`), tab- or comma-separated, columns found by header name.

use super::{Direction, Member, Signature};
use crate::error::{Error, Result};

/// Parses the table form; `origin` names the file in errors.
pub fn parse(text: &str, origin: &str) -> Result<Vec<Signature>> {
    let invalid = |line: usize, message: String| Error::InvalidSignature {
        source_name: origin.to_string(),
        message: format!("line {line}: {message}"),
    };
    let mut rows = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let (header_line, header) = rows.next().ok_or_else(|| Error::InvalidSignature {
        source_name: origin.to_string(),
        message: "empty signature file".into(),
    })?;
    let sep = if header.contains('\t') { '\t' } else { ',' };
    let names: Vec<String> = header
        .split(sep)
        .map(|h| h.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    let find = |wanted: &str| {
        names.iter().position(|n| n == wanted).ok_or_else(|| {
            invalid(
                header_line,
                format!(
                    "missing column '{wanted}' (expected a header with columns signature, mirna, direction; or use a .gmt file)"
                ),
            )
        })
    };
    let (c_sig, c_mir, c_dir) = (find("signature")?, find("mirna")?, find("direction")?);
    let mut order: Vec<(String, Vec<Member>)> = Vec::new();
    for (line, row) in rows {
        let fields: Vec<&str> = row.split(sep).map(|f| f.trim().trim_matches('"')).collect();
        if fields.len() != names.len() {
            return Err(invalid(
                line,
                format!(
                    "ragged row: expected {} fields, found {}",
                    names.len(),
                    fields.len()
                ),
            ));
        }
        let direction = Direction::parse(fields[c_dir]).ok_or_else(|| {
            invalid(
                line,
                format!(
                    "invalid direction '{}' (expected up, down, +1 or -1)",
                    fields[c_dir]
                ),
            )
        })?;
        let member = Member::new(fields[c_mir], direction);
        if member.name.is_empty() {
            return Err(invalid(line, "empty mirna name".into()));
        }
        let sig = fields[c_sig];
        if sig.is_empty() {
            return Err(invalid(line, "empty signature name".into()));
        }
        match order.iter_mut().find(|(n, _)| n == sig) {
            Some((_, members)) => members.push(member),
            None => order.push((sig.to_string(), vec![member])),
        }
    }
    if order.is_empty() {
        return Err(Error::InvalidSignature {
            source_name: origin.to_string(),
            message: "no signature rows after the header".into(),
        });
    }
    order
        .into_iter()
        .map(|(name, members)| Signature::new(&name, members, origin))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_group_into_signatures_in_order() {
        let text = "signature\tmirna\tdirection\nB\tx\tup\nA\ty\t-1\nB\tz\tdown\n";
        let sigs = parse(text, "s.tsv").unwrap();
        assert_eq!(
            sigs.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["B", "A"]
        );
        assert_eq!(sigs[0].split(), (1, 1));
    }

    #[test]
    fn invalid_direction_names_line_and_value() {
        let err = parse("signature,mirna,direction\nA,x,sideways\n", "s.csv")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2") && err.contains("'sideways'"),
            "{err}"
        );
    }

    #[test]
    fn missing_column_is_explained() {
        let err = parse("name\tmirna\n", "s.tsv").unwrap_err().to_string();
        assert!(err.contains("missing column 'signature'"), "{err}");
    }
}
