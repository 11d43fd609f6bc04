//! Fast path for the body of a plain numeric delimited matrix: bytes in, feature ids and a
//! features x samples `Array2<f64>` out.
//!
//! The body (every line after the header) is cut into blocks of whole lines; the data lines of
//! each block are counted in parallel, the final row-major matrix is allocated once, and the blocks
//! are parsed in parallel straight into their disjoint row ranges (no per-block buffers, no
//! transpose). Each line is parsed on its own, so the result does not depend on the number of
//! threads or on where the blocks were cut.
//!
//! It accepts only what the general reader ([`super::delimited`]) reads the same way, and answers
//! `None` on anything else, so that the general reader can produce its precise diagnostics:
//! - lines end in `\n` or `\r\n`; lines starting with `#` are comments and skipped; an empty line
//!   in the body, a `\r` elsewhere, or a `"` anywhere mean `None`;
//! - every data line has exactly one id field and `n_samples` value fields;
//! - the id is valid UTF-8, not empty, not a missing-value spelling, without surrounding white space;
//! - a value is a missing-value spelling ([`super::delimited::NA_SPELLINGS`], read as NaN) or a
//!   plain decimal number `-?digits[.digits][(e|E)[+|-]digits]` that is finite.

use ndarray::Array2;
use rayon::prelude::*;

use super::delimited::NA_SPELLINGS;

/// Blocks smaller than this are not worth a task of their own.
const MIN_BLOCK_BYTES: usize = 1 << 20;

/// Parses the body of a delimited matrix (the bytes after the header line) into feature ids and a
/// features x samples matrix, or `None` when the body holds anything the fast path does not handle
/// (see the module documentation), including no data line at all.
///
/// ```
/// let body = b"miR-21\t1.5\tNA\n# note\r\nmiR-10b\t-2e1\t3\r\n";
/// let (ids, values) = osteomir::io::fast_numeric::parse_body(body, b'\t', 2).unwrap();
/// assert_eq!(ids, ["miR-21", "miR-10b"]);
/// assert_eq!(values[[1, 0]], -20.0);
/// assert!(values[[0, 1]].is_nan());
/// assert!(osteomir::io::fast_numeric::parse_body(b"x\t1\tabc\n", b'\t', 2).is_none());
/// ```
pub fn parse_body(
    body: &[u8],
    separator: u8,
    n_samples: usize,
) -> Option<(Vec<String>, Array2<f64>)> {
    if n_samples == 0 || matches!(separator, b'\n' | b'\r' | b'"' | b'#') {
        return None;
    }
    let blocks = blocks(body, rayon::current_num_threads() * 4);
    let counts: Vec<usize> = blocks
        .par_iter()
        .map(|block| count_data_lines(block))
        .collect::<Option<_>>()?;
    let n_rows: usize = counts.iter().sum();
    // Every value cell is preceded by a separator byte, so a body that can hold the counted rows
    // has at least n_rows * n_samples bytes: anything smaller is ragged, and left to the general
    // reader rather than allocating a matrix from untrusted counts (a 100,000-column header over a
    // body of short lines would otherwise ask for terabytes).
    if n_rows == 0
        || n_rows
            .checked_mul(n_samples)
            .is_none_or(|cells| cells > body.len())
    {
        return None;
    }
    let mut values = Array2::<f64>::zeros((n_rows, n_samples));
    let flat = values.as_slice_mut()?;
    let mut parts = Vec::with_capacity(blocks.len());
    let mut rest = flat;
    for (block, &count) in blocks.iter().zip(&counts) {
        let (part, tail) = rest.split_at_mut(count * n_samples);
        parts.push((*block, part));
        rest = tail;
    }
    let ids: Vec<Vec<String>> = parts
        .into_par_iter()
        .map(|(block, out)| parse_block(block, separator, n_samples, out))
        .collect::<Option<_>>()?;
    Some((ids.into_iter().flatten().collect(), values))
}

/// Cuts `body` into about `n` blocks of whole lines (each block but the last ends with `\n`).
fn blocks(body: &[u8], n: usize) -> Vec<&[u8]> {
    let n = n.clamp(1, (body.len() / MIN_BLOCK_BYTES).max(1));
    let mut out = Vec::with_capacity(n);
    let mut start = 0;
    for k in 1..n {
        let target = (body.len() * k / n).max(start);
        let end = match body[target..].iter().position(|&b| b == b'\n') {
            Some(p) => target + p + 1,
            None => body.len(),
        };
        if end > start {
            out.push(&body[start..end]);
            start = end;
        }
    }
    if start < body.len() {
        out.push(&body[start..]);
    }
    out
}

/// The lines of a block without their `\n` (a final line without one included).
fn block_lines(block: &[u8]) -> impl Iterator<Item = &[u8]> {
    let block = block.strip_suffix(b"\n").unwrap_or(block);
    block
        .split(|&b| b == b'\n')
        .take_while(move |_| !block.is_empty())
}

/// Number of data lines (not comments) in a block, or `None` on an empty line or a stray `\r`.
///
/// A block without `#` has only data lines: its `\n` are counted (a vectorised count); empty
/// lines and stray `\r` are then refused by [`parse_block`].
fn count_data_lines(block: &[u8]) -> Option<usize> {
    if !block.contains(&b'#') {
        let newlines = block.iter().filter(|&&b| b == b'\n').count();
        return Some(newlines + usize::from(!block.is_empty() && !block.ends_with(b"\n")));
    }
    let mut n = 0;
    for line in block_lines(block) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() || line.contains(&b'\r') {
            return None;
        }
        if !line.starts_with(b"#") {
            n += 1;
        }
    }
    Some(n)
}

/// The field starting at `pos`: its bytes and the index of the byte that ends it (the separator,
/// `\n`, or `block.len()`).
fn field(block: &[u8], pos: usize, separator: u8) -> (&[u8], usize) {
    let end = block[pos..]
        .iter()
        .position(|&b| b == separator || b == b'\n')
        .map_or(block.len(), |p| pos + p);
    (&block[pos..end], end)
}

/// Parses the data lines of a block into `out` (row-major, `n_samples` values per line), field by
/// field without splitting lines first.
fn parse_block(
    block: &[u8],
    separator: u8,
    n_samples: usize,
    out: &mut [f64],
) -> Option<Vec<String>> {
    let mut ids = Vec::with_capacity(out.len() / n_samples);
    let mut rows = out.chunks_exact_mut(n_samples);
    let mut pos = 0;
    while pos < block.len() {
        if block[pos] == b'#' {
            // Comment lines were checked by `count_data_lines`.
            pos = block[pos..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(block.len(), |p| pos + p + 1);
            continue;
        }
        let row = rows.next()?;
        let (id, end) = field(block, pos, separator);
        if block.get(end) != Some(&separator) {
            return None;
        }
        ids.push(feature_id(id)?);
        pos = end + 1;
        let last = n_samples - 1;
        for (j, slot) in row.iter_mut().enumerate() {
            // The common case in one pass: a finite number ending where the cell must end.
            let number = decimal_prefix(&block[pos..]).and_then(|(v, len)| {
                let end = pos + len;
                let ends_right = match block.get(end) {
                    None | Some(b'\n') => j == last,
                    Some(&b) => b == separator && j != last,
                };
                (ends_right && v.is_finite()).then_some((v, end))
            });
            let (value, end) = match number {
                Some(found) => found,
                // Missing-value spellings, a `\r` before the line end, or a bad cell.
                None => {
                    let (mut cell, end) = field(block, pos, separator);
                    let ends_line = block.get(end).is_none_or(|&b| b == b'\n');
                    if ends_line != (j == last) {
                        return None;
                    }
                    if j == last {
                        cell = cell.strip_suffix(b"\r").unwrap_or(cell);
                    }
                    (parse_value(cell)?, end)
                }
            };
            *slot = value;
            pos = end + 1;
        }
    }
    rows.next().is_none().then_some(ids)
}

/// A feature id as the general reader would keep it, or `None` when it would treat it specially.
fn feature_id(field: &[u8]) -> Option<String> {
    let id = std::str::from_utf8(field).ok()?;
    if id.is_empty() || id.trim() != id || NA_SPELLINGS.contains(&id) || id.contains(['"', '\r']) {
        return None;
    }
    Some(id.to_string())
}

/// Parses one value cell: a missing-value spelling (NaN) or a finite plain decimal number.
fn parse_value(field: &[u8]) -> Option<f64> {
    match field {
        b"" | b"NA" | b"NaN" | b"nan" | b"N/A" | b"null" | b"NULL" => return Some(f64::NAN),
        _ => {}
    }
    let v = parse_decimal(field)?;
    v.is_finite().then_some(v)
}

/// Exact powers of ten representable in an f64.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Parses `-?digits[.digits][(e|E)[+|-]digits]` (at least one mantissa digit), correctly rounded.
///
/// Numbers of at most 15 significant digits with a small decimal exponent take Clinger's fast
/// path (an exact integer times or divided by an exact power of ten: one correctly rounded
/// operation); anything else is handed to the standard library's correctly rounded parser, so the
/// result is the nearest f64 either way.
fn parse_decimal(field: &[u8]) -> Option<f64> {
    decimal_prefix(field).and_then(|(v, len)| (len == field.len()).then_some(v))
}

/// Parses the longest prefix of `bytes` that [`parse_decimal`]'s grammar reads (stopping at the
/// first byte that cannot continue a number): the value and the prefix length. `None` when the
/// bytes do not start with a number, or an exponent marker has no digits.
fn decimal_prefix(bytes: &[u8]) -> Option<(f64, usize)> {
    let (negative, digits) = match bytes {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, bytes),
    };
    let mut i = 0;
    let mut mantissa: u64 = 0;
    let mut significant = 0usize;
    let mut n_digits = 0usize;
    let mut exponent: i64 = 0;
    while i < digits.len() && digits[i].is_ascii_digit() {
        accumulate(digits[i], &mut mantissa, &mut significant);
        n_digits += 1;
        i += 1;
    }
    if i < digits.len() && digits[i] == b'.' {
        i += 1;
        while i < digits.len() && digits[i].is_ascii_digit() {
            accumulate(digits[i], &mut mantissa, &mut significant);
            n_digits += 1;
            exponent -= 1;
            i += 1;
        }
    }
    if n_digits == 0 {
        return None;
    }
    if i < digits.len() && matches!(digits[i], b'e' | b'E') {
        i += 1;
        let exp_negative = match digits.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        let mut e: i64 = 0;
        while i < digits.len() && digits[i].is_ascii_digit() {
            e = (e * 10 + i64::from(digits[i] - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        exponent += if exp_negative { -e } else { e };
    }
    let magnitude = if significant <= 15 && (-22..=22).contains(&exponent) {
        let m = mantissa as f64;
        let p = POW10[exponent.unsigned_abs() as usize];
        if exponent < 0 {
            m / p
        } else {
            m * p
        }
    } else {
        // The grammar checked above is a subset of what the standard parser accepts.
        std::str::from_utf8(&digits[..i])
            .ok()?
            .parse::<f64>()
            .ok()?
    };
    let len = i + usize::from(negative);
    Some((if negative { -magnitude } else { magnitude }, len))
}

/// Adds one digit to the mantissa, counting significant digits (leading zeros are not).
fn accumulate(digit: u8, mantissa: &mut u64, significant: &mut usize) {
    if *significant < 19 {
        *mantissa = *mantissa * 10 + u64::from(digit - b'0');
    }
    if *significant > 0 || digit != b'0' {
        *significant += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_parsing_agrees_with_the_standard_parser() {
        for s in [
            "0",
            "-0",
            "1",
            "8.123456",
            "-3.5",
            "1e5",
            "1E+05",
            "2.5e-3",
            "007",
            "0.000001",
            "5.",
            ".5",
            "-.25",
            "123456789012345678901234",
            "0.1234567890123456789",
            "1e22",
            "1e23",
            "4.9e-324",
            "1.7976931348623157e308",
            "9007199254740993",
            "123456789012345.6",
            "0.30000000000000004",
        ] {
            let want: f64 = s.parse().unwrap();
            let got = parse_decimal(s.as_bytes()).unwrap();
            assert_eq!(got.to_bits(), want.to_bits(), "{s}");
        }
    }

    #[test]
    fn decimal_parsing_refuses_what_is_not_a_plain_number() {
        for s in [
            "", "-", ".", "e5", "1e", "1e+", "+1", "1.2.3", "1,5", " 1", "1 ", "inf", "NaN",
            "0x10", "1_000", "--1", "1e5.5",
        ] {
            assert!(parse_decimal(s.as_bytes()).is_none(), "{s}");
        }
    }

    #[test]
    fn overflowing_numbers_fall_back() {
        assert!(parse_value(b"1e400").is_none());
        assert!(parse_value(b"1e99999999999999999999").is_none());
        assert_eq!(parse_value(b"1e-99999999999999999999"), Some(0.0));
    }

    #[test]
    fn blocks_cover_the_body_in_whole_lines() {
        let body: Vec<u8> = (0..200_000)
            .flat_map(|i| format!("m{i}\t{i}\n").into_bytes())
            .collect();
        for n in [1, 2, 3, 8, 100] {
            let b = blocks(&body, n);
            assert_eq!(b.concat(), body);
            assert!(b[..b.len() - 1].iter().all(|x| x.ends_with(b"\n")));
        }
    }

    #[test]
    fn unusual_bodies_are_left_to_the_general_reader() {
        for body in [
            &b"x\t1\n\ny\t2\n"[..],
            b"x\t1\ty\n",
            b"x\n",
            b"\t1\n",
            b"NA\t1\n",
            b" x\t1\n",
            b"x\t1\rz\n",
            b"x\tabc\n",
            b"# only a comment\n",
            b"",
        ] {
            assert!(parse_body(body, b'\t', 1).is_none(), "{body:?}");
        }
    }

    #[test]
    fn short_rows_under_a_wide_header_allocate_nothing_big() {
        // 200,000 one-field lines under a 100,000-column header: 2e10 cells if trusted.
        let body = b"x\n".repeat(200_000);
        assert!(parse_body(&body, b'\t', 100_000).is_none());
    }

    #[test]
    fn comments_crlf_and_missing_final_newline_are_read() {
        let (ids, v) = parse_body(b"# c\r\nx\t1\tNA\r\n#\ny\t\t-2.5", b'\t', 2).unwrap();
        assert_eq!(ids, ["x", "y"]);
        assert_eq!(v[[0, 0]], 1.0);
        assert!(v[[0, 1]].is_nan() && v[[1, 0]].is_nan());
        assert_eq!(v[[1, 1]], -2.5);
    }
}
