//! A seconds-long fuzz smoke run inside `cargo test`: seeded random mutations of real inputs fed to
//! every parser (delimited, GCT, GEO series matrix and GPL table, Ct table, sample sheet, GDC
//! quantification files and sample sheet, the signature formats and the id resolver), which must
//! return a value or an error and never panic. The coverage-guided targets for longer runs are in
//! tests/fuzz/ (see tests/fuzz/README.md).

mod common;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const ITERATIONS: usize = 3000;

fn seeds() -> Vec<Vec<u8>> {
    let dir = common::repo("tests/bad_inputs");
    // Every file of the catalogue, those in its sub-directories (GDC downloads) included.
    let mut stack = vec![dir];
    let mut seeds: Vec<Vec<u8>> = Vec::new();
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                seeds.push(std::fs::read(path).unwrap());
            }
        }
    }
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
fn gct_and_geo_readers_never_panic_on_mutated_inputs() {
    run("gct", 7, |b| {
        let _ = osteomir::io::gct::parse(b, "f.gct".as_ref());
    });
    run("geo", 8, |b| {
        use osteomir::io::geo::{self, GeoSampleNames};
        let _ = geo::looks_like_series_matrix(b);
        let _ = geo::parse(b, "f.txt".as_ref(), GeoSampleNames::Title);
        if let Ok((m, _)) = geo::parse(b, "f.txt".as_ref(), GeoSampleNames::Gsm) {
            // A table read as its own annotation maps probes to the first sample's values.
            if let Ok(ann) = geo::read_annotation(b, "gpl.txt".as_ref(), Some("ID_REF")) {
                let mut w = osteomir::io::warnings::Warnings::default();
                let _ = geo::apply_annotation(m, &ann, &mut w);
            }
        }
        let _ = geo::read_annotation(b, "gpl.txt".as_ref(), None);
    });
}

#[test]
fn ct_and_sample_sheet_readers_never_panic_on_mutated_inputs() {
    use osteomir::io::warnings::Warnings;
    run("ct", 9, |b| {
        use osteomir::io::ct::{self, CtOptions};
        let _ = ct::looks_like_ct(b, "f.csv".as_ref());
        for samples_as_rows in [false, true] {
            let options = CtOptions {
                samples_as_rows,
                ..CtOptions::default()
            };
            let _ = ct::parse(b, "f.csv".as_ref(), &options, &mut Warnings::default());
        }
    });
    run("sample_sheet", 10, |b| {
        use osteomir::io::sample_sheet::{Barcode, GroupSpec, SampleSheet};
        let text = String::from_utf8_lossy(b);
        if let Ok(sheet) = SampleSheet::parse(&text, "s.tsv".as_ref()) {
            let samples: Vec<String> = ["S1", "S2", "S3", "S4", "TCGA-2A-A8VL-01A"]
                .map(String::from)
                .to_vec();
            for barcode in [None, Some(Barcode::Sample)] {
                let spec = GroupSpec {
                    column: "status".into(),
                    case: "case".into(),
                    control: "control".into(),
                    barcode,
                };
                let _ = sheet.assign(&samples, "d.tsv".as_ref(), &spec, &mut Warnings::default());
            }
        }
    });
}

#[test]
fn gdc_readers_never_panic_on_mutated_inputs() {
    use osteomir::io::gdc::{self, GdcValue};
    use osteomir::io::warnings::Warnings;
    let mirnas = tempfile::tempdir().unwrap();
    let isoforms = tempfile::tempdir().unwrap();
    run("gdc", 11, |b| {
        let _ = gdc::read_sample_sheet(b, "sheet.tsv".as_ref());
        for (dir, name) in [
            (mirnas.path(), "S1.mirnas.quantification.txt"),
            (isoforms.path(), "S1.isoforms.quantification.txt"),
        ] {
            std::fs::write(dir.join(name), b).unwrap();
            for value in [GdcValue::ReadCount, GdcValue::Rpm] {
                let _ = gdc::read_dir(dir, value, None, &mut Warnings::default());
            }
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
