//! The curated signatures against the review's tables and miRBase v22, and the TOML validation
//! errors, one test per kind.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use common::repo;
use osteomir::signature::curated::{self, Cancer, CuratedFile};
use osteomir::signature::{builtin, load_file};

fn curated_file(cancer: &str) -> CuratedFile {
    let path = repo(&format!("signatures/{cancer}.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    curated::parse(&text, &path.display().to_string()).unwrap()
}

/// Rows of a fixture TSV as header -> value maps.
fn tsv_rows(path: &str) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(repo(path)).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split('\t')
        .map(String::from)
        .collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split('\t').map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn every_table_row_is_an_entry_with_that_expression_and_effect() {
    let rows = tsv_rows("fixtures/signatures/table_rows.tsv");
    assert_eq!(rows.len(), 45);
    // (cancer, table, as_written, expression, effect) -> how many times the tables print it.
    let mut wanted: HashMap<[String; 5], usize> = HashMap::new();
    for r in &rows {
        let key = ["cancer", "table", "as_written", "expression", "effect"].map(|k| r[k].clone());
        *wanted.entry(key).or_default() += 1;
    }
    for (key, n) in &wanted {
        let [cancer, table, as_written, expression, effect] = key;
        let file = curated_file(cancer);
        let matching = file
            .entries()
            .filter(|e| {
                &e.as_written == as_written
                    && &e.expression == expression
                    && &e.effect == effect
                    && e.source.contains(&format!("Table {table} "))
            })
            .count();
        assert_eq!(
            matching, *n,
            "{cancer}.toml: entries matching Table {table} row '{as_written}' ({expression}, {effect})"
        );
    }
}

#[test]
fn every_text_only_mirna_is_one_entry_citing_its_section() {
    let rows = tsv_rows("fixtures/signatures/text_only.tsv");
    assert_eq!(rows.len(), 4);
    for r in &rows {
        let file = curated_file(&r["cancer"]);
        let matching: Vec<_> = file
            .entries()
            .filter(|e| e.as_written == r["as_written"])
            .collect();
        assert_eq!(matching.len(), 1, "{}: {}", r["cancer"], r["as_written"]);
        let e = matching[0];
        assert!(
            e.source.contains(&format!("Section {}", r["section"])) && !e.source.contains("Table"),
            "{}: source '{}'",
            r["as_written"],
            e.source
        );
        assert_eq!((e.expression.as_str(), e.effect.as_str()), ("", ""));
    }
}

#[test]
fn file_counts_match_signatures_readme() {
    // signatures/README.md: entries, core entries, conflicted entries per file.
    let want = [
        (Cancer::Breast, 12, 5, 7),
        (Cancer::Prostate, 19, 10, 9),
        (Cancer::Lung, 6, 4, 2),
        (Cancer::Liver, 6, 3, 3),
        (Cancer::Thyroid, 1, 0, 1),
        (Cancer::Osteosarcoma, 4, 4, 0),
        (Cancer::EwingSarcoma, 1, 0, 1),
    ];
    for (cancer, entries, core, conflicted) in want {
        let file = builtin::file(cancer).unwrap();
        let n_conf = file.entries().filter(|e| e.conflict).count();
        assert_eq!(
            (
                file.entries().count(),
                file.entries().count() - n_conf,
                n_conf
            ),
            (entries, core, conflicted),
            "{cancer}"
        );
        let [c, f] = builtin::for_cancer(cancer).unwrap();
        assert_eq!(c.meta.unwrap().n_entries, core, "{cancer}");
        assert_eq!(f.meta.unwrap().n_entries, entries, "{cancer}");
    }
}

/// The v22 mature FASTA in shared/ (beside the repository, or /work/shared), if present.
fn v22_fasta() -> Option<PathBuf> {
    let tail = "data/mirbase/optimir_miRBase_v21_v22/hsa_matures_miRBase_v22.fa";
    [
        repo("../shared").join(tail),
        PathBuf::from("/work/shared").join(tail),
    ]
    .into_iter()
    .find(|p| p.exists())
}

fn fasta_pairs(path: &PathBuf) -> BTreeSet<(String, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix('>'))
        .map(|l| {
            let mut f = l.split_whitespace();
            (f.next().unwrap().to_string(), f.next().unwrap().to_string())
        })
        .collect()
}

fn committed_pairs() -> BTreeSet<(String, String)> {
    tsv_rows("fixtures/signatures/hsa_v22_matures.tsv")
        .into_iter()
        .map(|r| (r["name"].clone(), r["id"].clone()))
        .collect()
}

#[test]
fn every_member_is_a_v22_mature_with_that_name() {
    let v22 = match v22_fasta() {
        Some(path) => {
            let pairs = fasta_pairs(&path);
            assert_eq!(
                pairs,
                committed_pairs(),
                "fixtures/signatures/hsa_v22_matures.tsv differs from {}: rerun make_v22_matures.py",
                path.display()
            );
            pairs
        }
        None => {
            println!("SKIP FASTA: shared/data/mirbase not found; checking the committed v22 list");
            committed_pairs()
        }
    };
    assert_eq!(v22.len(), 2656);
    let mut checked = 0;
    for cancer in Cancer::ALL {
        for entry in builtin::file(cancer).unwrap().entries() {
            for m in &entry.member {
                let id = m.id.clone().expect("every curated member has an accession");
                assert!(
                    v22.contains(&(m.name.clone(), id.clone())),
                    "{cancer}: {} {id} ('{}') is not a v22 mature (name, accession)",
                    m.name,
                    entry.as_written
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 68, "member rows (signatures/README.md)");
}

// ---- validation errors, one per kind ----

const HEAD: &str = "schema_version = 1\ncancer = \"lung\"\ntitle = \"t\"\nsource = \"s\"\n";
const ENTRY: &str =
    "[[entry]]\nas_written = \"miR-21\"\nsource = \"Section 4\"\ndirection = 1\nconflict = false\n";
const MEMBER: &str = "[[entry.member]]\nname = \"hsa-miR-21-5p\"\nid = \"MIMAT0000076\"\nresolution = \"arm_assigned\"\n";

/// Writes `text` as `bad.toml`, loads it through `load_file` and returns the error message.
fn load_error(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, text).unwrap();
    let err = load_file(&path).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    let message = err.to_string();
    assert!(message.contains("bad.toml"), "names the file: {message}");
    message
}

#[test]
fn a_valid_user_toml_gives_core_and_full_named_after_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(&path, format!("{HEAD}{ENTRY}{MEMBER}")).unwrap();
    let sigs = load_file(&path).unwrap();
    let names: Vec<&str> = sigs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["mine_core", "mine_full"]);
    assert_eq!(sigs[0].members[0].id.as_deref(), Some("MIMAT0000076"));
}

#[test]
fn unknown_key_is_refused_with_its_line() {
    let m = load_error(&format!("{HEAD}{ENTRY}colour = \"red\"\n{MEMBER}"));
    assert!(
        m.contains("line 10") && m.contains("unknown field `colour`"),
        "{m}"
    );
}

#[test]
fn duplicate_member_in_one_entry_is_refused() {
    let m = load_error(&format!("{HEAD}{ENTRY}{MEMBER}{MEMBER}"));
    assert!(
        m.contains("entry 1 ('miR-21'), member 2") && m.contains("duplicate member 'MIMAT0000076'"),
        "{m}"
    );
}

#[test]
fn invalid_direction_is_refused() {
    let m = load_error(&format!(
        "{HEAD}{}{MEMBER}",
        ENTRY.replace("direction = 1", "direction = 0")
    ));
    assert!(
        m.contains("line 5: entry 1 ('miR-21'): invalid direction 0 (must be 1 or -1)"),
        "{m}"
    );
}

#[test]
fn entry_without_members_is_an_empty_set() {
    let m = load_error(&format!("{HEAD}{ENTRY}"));
    assert!(m.contains("entry 1 ('miR-21'): empty set"), "{m}");
    let m = load_error(HEAD);
    assert!(m.contains("no [[entry]] tables"), "{m}");
}

#[test]
fn member_without_name_is_refused() {
    let m = load_error(&format!(
        "{HEAD}{ENTRY}{}",
        MEMBER.replace("name = \"hsa-miR-21-5p\"\n", "")
    ));
    assert!(m.contains("member 1: missing name"), "{m}");
}

#[test]
fn conflict_without_reason_is_refused() {
    let m = load_error(&format!(
        "{HEAD}{}{MEMBER}",
        ENTRY.replace("conflict = false", "conflict = true")
    ));
    assert!(
        m.contains("conflict = true without a conflict_reason"),
        "{m}"
    );
}

#[test]
fn conflict_reason_without_tag_is_refused() {
    let m = load_error(&format!(
        "{HEAD}{}{MEMBER}",
        ENTRY.replace(
            "conflict = false",
            "conflict = true\nconflict_reason = \"unclear\""
        )
    ));
    assert!(m.contains("must start with a tag"), "{m}");
}

#[test]
fn unknown_cancer_is_refused() {
    let m = load_error(&format!(
        "{}{ENTRY}{MEMBER}",
        HEAD.replace("\"lung\"", "\"pancreas\"")
    ));
    assert!(m.contains("unknown cancer 'pancreas'"), "{m}");
}

#[test]
fn member_without_id_needs_a_reason() {
    let m = load_error(&format!(
        "{HEAD}{ENTRY}{}",
        MEMBER.replace("id = \"MIMAT0000076\"\n", "")
    ));
    assert!(m.contains("no id and no reason"), "{m}");
}

#[test]
fn missing_required_key_is_refused() {
    let m = load_error(&format!(
        "{HEAD}{}{MEMBER}",
        ENTRY.replace("direction = 1\n", "")
    ));
    assert!(m.contains("missing field `direction`"), "{m}");
}

#[test]
fn liver_mir16_keeps_high_slash_low() {
    let file = builtin::file(Cancer::Liver).unwrap();
    let e = file.entries().find(|e| e.as_written == "miR-16").unwrap();
    assert_eq!(e.expression, "High/Low");
    assert!(e.conflict && e.conflict_reason.starts_with("[blank-cell]"));
}
