//! The delimited matrix reader on a 2,600 x 1,000 log2-like TSV generated here (ChaCha8, seed 5,
//! six decimals as `../shared/peers/gen.py` writes them): the whole reader (`parse`, which takes
//! the fast numeric path), the general path (`parse_general`: polars + diagnosis), and the fast
//! body parser alone.
//! Run: `cargo bench --bench parse -- --sample-size 10`.

use std::fmt::Write;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use osteomir::io::delimited::{parse, parse_general};
use osteomir::io::fast_numeric::parse_body;
use rand::{Rng, SeedableRng};

fn tsv(n: usize, m: usize) -> Vec<u8> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    let mut text = String::from("feature");
    for j in 0..m {
        let _ = write!(text, "\tS{j:06}");
    }
    text.push('\n');
    for i in 0..n {
        let mu = rng.random_range(2.0..14.0);
        let _ = write!(text, "hsa-miR-{i}");
        for _ in 0..m {
            let _ = write!(text, "\t{:.6}", mu + rng.random_range(-1.5..1.5));
        }
        text.push('\n');
    }
    text.into_bytes()
}

fn bench(c: &mut Criterion) {
    let (n, m) = (2600, 1000);
    let bytes = tsv(n, m);
    let body_start = bytes.iter().position(|&b| b == b'\n').map_or(0, |p| p + 1);
    let path = Path::new("bench.tsv");
    let mut group = c.benchmark_group("parse_2600x1000");
    group.sample_size(10);
    group.bench_function("parse", |b| {
        b.iter(|| parse(bytes.clone(), path).map(|x| x.values.len()))
    });
    group.bench_function("parse_general", |b| {
        b.iter(|| parse_general(bytes.clone(), path).map(|x| x.values.len()))
    });
    group.bench_function("fast_body", |b| {
        b.iter(|| parse_body(&bytes[body_start..], b'\t', m).map(|x| x.1.len()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
