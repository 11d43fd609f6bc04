//! Text formatting of numbers and tables shared by all writers.

use crate::score::ScoreTable;

/// Formats a float so that parsing the text gives back the same bits (shortest round trip);
/// missing values are `NA`. Very small or large magnitudes use exponent notation.
pub fn float(v: f64) -> String {
    if v.is_nan() {
        "NA".to_string()
    } else if v != 0.0 && (v.abs() < 1e-5 || v.abs() >= 1e15) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// The score table as TSV: header `sample` then one column per signature; one row per sample.
pub fn score_tsv(table: &ScoreTable) -> Vec<u8> {
    let mut out =
        String::with_capacity(16 * (table.samples.len() + 1) * (table.signatures.len() + 1));
    out.push_str("sample");
    for name in &table.signatures {
        out.push('\t');
        out.push_str(name);
    }
    out.push('\n');
    for (j, sample) in table.samples.iter().enumerate() {
        out.push_str(sample);
        for s in 0..table.signatures.len() {
            out.push('\t');
            out.push_str(&float(table.scores[[s, j]]));
        }
        out.push('\n');
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_round_trip_and_na_is_spelled_out() {
        for v in [0.1, -2.5e-7, 1.0 / 3.0, 123456.789, 0.0, 1e300] {
            assert_eq!(float(v).parse::<f64>().unwrap(), v);
        }
        assert_eq!(float(f64::NAN), "NA");
    }
}
