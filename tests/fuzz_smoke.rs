//! A seconds-long fuzz smoke run inside `cargo test`: seeded random mutations of real inputs fed to
//! every parser, which must return a value or an error and never panic. The coverage-guided
//! targets for longer runs are in tests/fuzz/ (`cargo fuzz run --fuzz-dir tests/fuzz TARGET`).

mod common;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const ITERATIONS: usize = 3000;

fn seeds() -> Vec<Vec<u8>> {
    let dir = common::repo("tests/bad_inputs");
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .map(|e| std::fs::read(e.path()).unwrap())
        .collect();
    seeds.sort();
    seeds
}

fn mutate(rng: &mut ChaCha8Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..rng.random_range(1..6) {
        let pos = if out.is_empty() {
            0
        } else {
            rng.random_range(0..out.len())
        };
        match rng.random_range(0..5) {
            0 if !out.is_empty() => out[pos] = rng.random(),
            1 => out.insert(pos, b"\t,\n\r\"#-.eE0123456789"[rng.random_range(0..19)]),
            2 if !out.is_empty() => {
                out.remove(pos);
            }
            3 => {
                let end = (pos + rng.random_range(0..16)).min(out.len());
                let chunk = out[pos..end].to_vec();
                out.splice(pos..pos, chunk);
            }
            _ => out.truncate(pos),
        }
    }
    out
}

fn run<F: Fn(&[u8])>(name: &str, seed: u64, parse: F) {
    let seeds = seeds();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for i in 0..ITERATIONS {
        let input = mutate(&mut rng, &seeds[i % seeds.len()]);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parse(&input)));
        assert!(
            outcome.is_ok(),
            "{name}: panic on input {:?}",
            String::from_utf8_lossy(&input)
        );
    }
}

#[test]
fn matrix_reader_never_panics_on_mutated_inputs() {
    run("tsv", 1, |b| {
        let _ = osteomir::io::delimited::parse(b.to_vec(), "f.tsv".as_ref());
    });
    run("csv", 2, |b| {
        let _ = osteomir::io::delimited::parse(b.to_vec(), "f.csv".as_ref());
    });
}

#[test]
fn signature_parsers_never_panic_on_mutated_inputs() {
    run("gmt", 3, |b| {
        let _ = osteomir::signature::gmt::parse(&String::from_utf8_lossy(b), "f.gmt");
    });
    run("table", 4, |b| {
        let _ = osteomir::signature::table::parse(&String::from_utf8_lossy(b), "f.tsv");
    });
    run("toml", 6, |b| {
        if let Ok(file) = osteomir::signature::curated::parse(&String::from_utf8_lossy(b), "f.toml")
        {
            let _ = file.signatures("f", "f.toml");
        }
    });
}

#[test]
fn id_resolver_never_panics_on_mutated_names() {
    let resolver = osteomir::mirna::Resolver::embedded().unwrap();
    let names: Vec<Vec<u8>> = [
        "hsa-miR-21-5p",
        "miR-21",
        "hsa-mir-21",
        "miR-199a*",
        "MIMAT0000076",
        "hsa-let-7a-1",
        "miR-3591-3p",
        "mmu-miR-1",
        "let-7",
        "hsa-miR-",
        "",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    for i in 0..ITERATIONS {
        let input = mutate(&mut rng, &names[i % names.len()]);
        let text = String::from_utf8_lossy(&input);
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| resolver.resolve(&text)));
        assert!(outcome.is_ok(), "resolver: panic on {text:?}");
    }
}
