//! `osteomir bench` from the command line: contract columns, determinism across thread counts,
//! pooling over cohorts, bad input.

mod common;

use std::process::{Command, Stdio};

use common::{osteomir, repo};

const HEADER: &str = "cohort\tsignature\tmethod\tn_case\tn_control\tcoverage\tauc\tauc_ci_lo\tauc_ci_hi\tp_mwu\tp_random\tdirection_concordance";

fn demo_args<'a>(matrix: &'a str, sheet: &'a str) -> Vec<&'a str> {
    vec![
        "bench",
        matrix,
        "--samples",
        sheet,
        "--group",
        "node_status",
        "--case",
        "N1",
        "--control",
        "N0",
        "--cancer",
        "prostate",
        "--random",
        "60",
        "--seed",
        "3",
        "--quiet",
    ]
}

fn run_with_threads(threads: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_osteomir"))
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn bench_rows_follow_the_contract_and_are_thread_independent() {
    let m = repo("fixtures/demo/prad_n1_vs_n0_counts.tsv.gz");
    let s = repo("fixtures/demo/prad_n1_vs_n0_samples.tsv");
    let (m, s) = (m.to_str().unwrap(), s.to_str().unwrap());
    let args = demo_args(m, s);
    let one = run_with_threads("1", &args);
    let two = run_with_threads("2", &args);
    assert_eq!(one, two, "output differs between 1 and 2 threads");
    assert_eq!(
        one,
        run_with_threads("2", &args),
        "not reproducible for a seed"
    );
    let text = String::from_utf8(one.clone()).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(HEADER));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert!(!rows.is_empty());
    for r in &rows {
        assert_eq!(r.len(), 12);
        assert_eq!(r[0], "prad_n1_vs_n0_counts");
        assert_eq!(r[2], "zscore");
        let p: f64 = r[10].parse().unwrap();
        // (b + 1) / 61 for integer b
        let b = p * 61.0 - 1.0;
        assert!((b - b.round()).abs() < 1e-9 && (0.0..=60.0).contains(&b.round()));
        let auc: f64 = r[6].parse().unwrap();
        let (lo, hi): (f64, f64) = (r[7].parse().unwrap(), r[8].parse().unwrap());
        assert!(lo <= auc && auc <= hi);
    }
    // another seed gives other random draws
    let mut other = args.clone();
    let pos = other.iter().position(|a| *a == "3").unwrap();
    other[pos] = "4";
    let text4 = String::from_utf8(run_with_threads("2", &other)).unwrap();
    let strip = |t: &str| -> Vec<String> {
        t.lines()
            .map(|l| l.split('\t').take(10).collect::<Vec<_>>().join("\t"))
            .collect()
    };
    assert_eq!(
        strip(&text),
        strip(&text4),
        "AUCs must not depend on the seed"
    );
}

#[test]
fn two_cohorts_add_a_pooled_row() {
    let m = repo("fixtures/demo/prad_n1_vs_n0_counts.tsv.gz");
    let s = repo("fixtures/demo/prad_n1_vs_n0_samples.tsv");
    let a = format!("a={}:{}", m.display(), s.display());
    let b = format!("b={}:{}", m.display(), s.display());
    let out = osteomir(
        &repo("."),
        &[
            "bench",
            "--cohort",
            &a,
            "--cohort",
            &b,
            "--group",
            "node_status",
            "--case",
            "N1",
            "--control",
            "N0",
            "--signature",
            "prostate_core",
            "--random",
            "0",
            "--quiet",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!((rows[0][0], rows[1][0], rows[2][0]), ("a", "b", "pooled"));
    assert_eq!(rows[0][10], "NA", "--random 0 gives NA p_random");
    // identical cohorts: no heterogeneity, pooled AUC = the cohort AUC
    let auc: f64 = rows[0][6].parse().unwrap();
    let pooled: f64 = rows[2][6].parse().unwrap();
    assert!((auc - pooled).abs() < 1e-12);
    let n_case: usize = rows[0][3].parse().unwrap();
    assert_eq!(rows[2][3].parse::<usize>().unwrap(), 2 * n_case);
    // pooled CI is narrower (twice the data)
    let w = |r: &Vec<&str>| r[8].parse::<f64>().unwrap() - r[7].parse::<f64>().unwrap();
    assert!(w(&rows[2]) < w(&rows[0]));
}

#[test]
fn bad_bench_inputs_exit_2() {
    let m = repo("fixtures/demo/prad_n1_vs_n0_counts.tsv.gz");
    let s = repo("fixtures/demo/prad_n1_vs_n0_samples.tsv");
    let (m, s) = (m.to_str().unwrap(), s.to_str().unwrap());
    let base = [
        "--group",
        "node_status",
        "--control",
        "N0",
        "--cancer",
        "prostate",
        "--random",
        "0",
    ];
    let cases: Vec<Vec<&str>> = vec![
        // case label absent from the sheet
        [
            vec!["bench", m, "--samples", s, "--case", "N9"],
            base.to_vec(),
        ]
        .concat(),
        // unknown group column
        vec![
            "bench",
            m,
            "--samples",
            s,
            "--group",
            "nope",
            "--case",
            "N1",
            "--control",
            "N0",
            "--cancer",
            "prostate",
        ],
        // malformed --cohort
        [
            vec!["bench", "--cohort", "justaname", "--case", "N1"],
            base.to_vec(),
        ]
        .concat(),
        // unknown method
        [
            vec![
                "bench",
                m,
                "--samples",
                s,
                "--case",
                "N1",
                "--method",
                "zscore,nope",
            ],
            base.to_vec(),
        ]
        .concat(),
        // missing matrix file
        [
            vec!["bench", "no_such.tsv", "--samples", s, "--case", "N1"],
            base.to_vec(),
        ]
        .concat(),
        // no signature
        vec![
            "bench",
            m,
            "--samples",
            s,
            "--group",
            "node_status",
            "--case",
            "N1",
            "--control",
            "N0",
        ],
    ];
    for args in cases {
        let out = osteomir(&repo("."), &args, None);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn members_are_matched_by_accession_as_score_matches_them() {
    // the demo matrix with the `hsa-` prefix stripped from every row name: miRBase mode resolves
    // the names to the same accessions (same rows, same numbers); exact mode finds no member
    use std::io::Read;
    let m = repo("fixtures/demo/prad_n1_vs_n0_counts.tsv.gz");
    let s = repo("fixtures/demo/prad_n1_vs_n0_samples.tsv");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&m).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let stripped: String = text
        .lines()
        .map(|l| l.strip_prefix("hsa-").unwrap_or(l).to_string() + "\n")
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let short = dir.path().join("prad_n1_vs_n0_counts.tsv");
    std::fs::write(&short, stripped).unwrap();
    let (m, s, short) = (
        m.to_str().unwrap(),
        s.to_str().unwrap(),
        short.to_str().unwrap(),
    );
    let original = run_with_threads("2", &demo_args(m, s));
    let renamed = run_with_threads("2", &demo_args(short, s));
    assert_eq!(original, renamed);
    let mut exact_args = demo_args(short, s);
    exact_args.extend(["--id-mode", "exact"]);
    let out = osteomir(dir.path(), &exact_args, None);
    let text = String::from_utf8_lossy(&out.stdout);
    let coverage: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').nth(5).unwrap())
        .collect();
    assert!(
        !out.status.success() || coverage.iter().all(|c| *c == "0"),
        "{text}"
    );
}
