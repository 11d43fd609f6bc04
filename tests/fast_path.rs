//! The fast numeric path of the delimited reader (`io::fast_numeric`) must read every input it
//! accepts exactly as the general path (polars + line-by-line diagnosis) does: same ids, samples,
//! values to the bit (NaN for missing values), and the same error message otherwise.
//!
//! Random matrices (proptest) vary the separator, byte-order mark, line ends, comments, R-style
//! headers, missing-value spellings and number spellings, with some mutations (bad cells, ragged
//! rows, blank lines, quotes, odd ids) that the fast path must leave to the general path. Real
//! matrices from the committed fixtures and from `../shared/data` (when present) are compared too.

mod common;

use std::path::{Path, PathBuf};

use common::repo;
use osteomir::io::delimited::{parse, parse_general};
use osteomir::io::fast_numeric;
use osteomir::io::read_source;
use proptest::prelude::*;

/// Parses `bytes` both ways and checks that the outcomes agree; returns whether parsing succeeded.
fn assert_same(bytes: &[u8], name: &str) -> bool {
    let path = Path::new(name);
    let fast = parse(bytes.to_vec(), path);
    let general = parse_general(bytes.to_vec(), path);
    match (fast, general) {
        (Ok(f), Ok(g)) => {
            assert_eq!(f.features, g.features, "{name}");
            assert_eq!(f.samples, g.samples, "{name}");
            assert_eq!(f.values.dim(), g.values.dim(), "{name}");
            for (a, b) in f.values.iter().zip(g.values.iter()) {
                assert_eq!(a.to_bits(), b.to_bits(), "{name}: {a} vs {b}");
            }
            true
        }
        (Err(f), Err(g)) => {
            assert_eq!(f.to_string(), g.to_string(), "{name}");
            assert_eq!(f.exit_code(), g.exit_code(), "{name}");
            false
        }
        (f, g) => panic!(
            "{name}: fast {:?} vs general {:?}\n{}",
            f.map(|m| m.values.dim()),
            g.map(|m| m.values.dim()),
            String::from_utf8_lossy(bytes)
        ),
    }
}

/// One value cell, spelled in one of the ways numbers and missing values come in.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (-1e4f64..1e4).prop_map(|v| format!("{v:.6}")),
        2 => any::<f64>().prop_filter("finite", |v| v.is_finite()).prop_map(|v| v.to_string()),
        2 => any::<f64>().prop_filter("finite", |v| v.is_finite()).prop_map(|v| format!("{v:e}")),
        2 => "-?[0-9]{1,22}(\\.[0-9]{0,22})?([eE][-+]?[0-9]{1,3})?",
        1 => "-?\\.[0-9]{1,5}",
        1 => (0u32..100_000).prop_map(|v| v.to_string()),
        1 => prop::sample::select(vec!["NA", "NaN", "nan", "N/A", "null", "NULL", "", "-0", "0", "1E+05", "5.", "007"])
            .prop_map(str::to_string),
    ]
}

/// A change that the fast path must not accept silently.
#[derive(Debug, Clone)]
enum Mutation {
    None,
    Cell(&'static str),
    Ragged,
    ExtraField,
    BlankLine,
    QuotedId,
    Id(&'static str),
    DuplicateId,
    LoneCr,
    TrailingBlankLines,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        8 => Just(Mutation::None),
        3 => prop::sample::select(vec![
            "abc", " 1", "1 ", "inf", "-inf", "+1", "1e400", "1,5", "0x1", "Inf", "na", "1e", "--1",
            "1.2.3", "\"2\"", "#", "1\u{a0}", "nan ", "TRUE",
        ])
        .prop_map(Mutation::Cell),
        1 => Just(Mutation::Ragged),
        1 => Just(Mutation::ExtraField),
        1 => Just(Mutation::BlankLine),
        1 => Just(Mutation::QuotedId),
        2 => prop::sample::select(vec!["", "NA", " x", "x ", "null", "#x", "x\u{3000}", "é-miR", "a b"])
            .prop_map(Mutation::Id),
        1 => Just(Mutation::DuplicateId),
        1 => Just(Mutation::LoneCr),
        1 => Just(Mutation::TrailingBlankLines),
    ]
}

#[derive(Debug, Clone)]
struct Layout {
    separator: u8,
    bom: bool,
    crlf: bool,
    leading_comment: bool,
    r_style: bool,
    comment_every: usize,
    final_newline: bool,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        prop::sample::select(vec![b'\t', b',', b';']),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.2),
        prop::sample::select(vec![0usize, 2, 5]),
        prop::bool::weighted(0.8),
    )
        .prop_map(
            |(separator, bom, crlf, leading_comment, r_style, comment_every, final_newline)| {
                Layout {
                    separator,
                    bom,
                    crlf,
                    leading_comment,
                    r_style,
                    comment_every,
                    final_newline,
                }
            },
        )
}

type Case = (Layout, Vec<Vec<String>>, Mutation, usize, usize);

fn case() -> impl Strategy<Value = Case> {
    (1usize..6, 1usize..12).prop_flat_map(|(n_samples, n_rows)| {
        (
            layout(),
            prop::collection::vec(prop::collection::vec(cell(), n_samples), n_rows),
            mutation(),
            0..n_rows,
            0..n_samples,
        )
    })
}

fn render((layout, rows, mutation, at_row, at_col): &Case) -> Vec<u8> {
    let sep = (layout.separator as char).to_string();
    let eol = if layout.crlf { "\r\n" } else { "\n" };
    let n_samples = rows[0].len();
    let mut lines: Vec<String> = Vec::new();
    if layout.leading_comment {
        lines.push("# generated".into());
    }
    let mut header: Vec<String> = (0..n_samples).map(|j| format!("S{j}")).collect();
    if !layout.r_style {
        header.insert(0, "mirna".into());
    }
    lines.push(header.join(&sep));
    for (i, row) in rows.iter().enumerate() {
        if layout.comment_every > 0 && i % layout.comment_every == 1 {
            lines.push(format!("# row {i}"));
        }
        let mut fields = vec![format!("hsa-miR-{i}")];
        fields.extend(row.iter().cloned());
        if i == *at_row {
            match mutation {
                Mutation::Cell(v) => fields[at_col + 1] = (*v).to_string(),
                Mutation::Ragged => {
                    fields.pop();
                }
                Mutation::ExtraField => fields.push("1".into()),
                Mutation::QuotedId => fields[0] = format!("\"{}\"", fields[0]),
                Mutation::Id(id) => fields[0] = (*id).to_string(),
                Mutation::DuplicateId if i > 0 => fields[0] = "hsa-miR-0".into(),
                Mutation::LoneCr => fields[0].push_str("\rx"),
                Mutation::BlankLine => lines.push(String::new()),
                _ => {}
            }
        }
        lines.push(fields.join(&sep));
    }
    let mut text = lines.join(eol);
    if layout.final_newline {
        text.push_str(eol);
    }
    if matches!(mutation, Mutation::TrailingBlankLines) {
        text.push_str(eol);
        text.push_str(eol);
    }
    let mut bytes = Vec::new();
    if layout.bom {
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
    }
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn fast_and_general_paths_agree(case in case()) {
        let bytes = render(&case);
        let name = if case.0.separator == b',' && case.0.bom { "m.csv" } else { "m.txt" };
        assert_same(&bytes, name);
    }

    #[test]
    fn clean_matrices_take_the_fast_path(case in case()) {
        let (layout, rows, _, _, _) = case;
        let clean = (Layout { bom: false, ..layout }, rows, Mutation::None, 0, 0);
        let bytes = render(&clean);
        let ok = assert_same(&bytes, "m.txt");
        let text = String::from_utf8(bytes).unwrap();
        let body_start = text.find(if clean.0.r_style { "S0" } else { "mirna" }).unwrap();
        let body = &text[body_start..];
        let body = &body[body.find('\n').map_or(body.len(), |p| p + 1)..];
        let fast = fast_numeric::parse_body(body.as_bytes(), clean.0.separator, clean.1[0].len());
        // Every clean matrix that is read at all (a number may overflow; an R-style header of one
        // sample has no separator) is read by the fast path.
        if ok {
            prop_assert!(fast.is_some());
        }
    }
}

#[test]
fn hand_picked_spellings_agree() {
    for text in [
        "id\tA\tB\nx\t1\t2\ny\t3\t4.5\n",
        "id\tA\nx\t-0\n",
        "id\tA\nx\t5.\ny\t.5\nz\t-.5\n",
        "id\tA\nx\t1E+05\ny\t1e-400\n",
        "id\tA\nx\t00012.50\n",
        "id\tA\nx\t1\n\n",
        "id\tA\nx\t1\n\ny\t2\n",
        "id\tA\nx\t1\r\n\r\ny\t2\r\n",
        "id\tA\nx\t\n",
        "id\tA\tB\nx\t\t\n",
        "# a\n\n# b\nid\tA\nx\t1\n",
        "id\tA\nx\t1\n#c\n",
        "id\tA\nx\t1",
        "id\tA\n",
        "id\tA",
        "A\tB\nx\t1\t2\n",
        "id\tA\nx\t1e308\ny\t1.7976931348623157e308\n",
        "id\tA\nx\t123456789012345678901234567890\n",
        "id\tA\nx\t0.1234567890123456789012345\n",
        "id\tA\nx\t1\nx\t2\n",
        "id\tA\nx\tinf\n",
        "id\tA\nx\t1e400\n",
        "id\tA\n x\t1\n",
        "id\tA\nx \t1\n",
        "id\tA\nNA\t1\n",
        "id\tA\n\t1\n",
        "id;A;B\nx;1;2\n",
        "id,A,B\nx,1,2\n",
        "id\tA\nx\t1\ty\n",
    ] {
        assert_same(text.as_bytes(), "m.tsv");
    }
}

/// Every delimited matrix committed under `fixtures/` and in `../shared/data`.
#[test]
fn real_matrices_agree() {
    let mut files: Vec<PathBuf> = Vec::new();
    collect(&repo("fixtures"), &mut files);
    let shared = repo("../shared/data");
    if shared.is_dir() {
        collect(&shared, &mut files);
    } else {
        println!("SKIP shared data: {} not found", shared.display());
    }
    let mut read = 0;
    for file in &files {
        let Ok(bytes) = read_source(file) else {
            continue;
        };
        if bytes.starts_with(b"PAR1") || bytes.starts_with(b"#1.") || bytes.starts_with(b"!") {
            continue;
        }
        if assert_same(&bytes, &file.to_string_lossy()) {
            read += 1;
        }
    }
    assert!(read >= 10, "only {read} matrices read");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path.to_string_lossy().to_ascii_lowercase();
        if path.is_dir() {
            collect(&path, out);
        } else if [".tsv", ".tsv.gz", ".csv", ".csv.gz", ".txt"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            out.push(path);
        }
    }
}
