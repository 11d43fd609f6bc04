//! Benchmarks of the statistics hot paths on a 2,600 x 1,000 log2 matrix (500 cases, 500 controls).
//!
//! The matrix is `/tmp/pd/m/matrix.tsv` made by `../shared/peers/gen.py 2600 1000 /tmp/pd/m` when
//! present (the peers' benchmark input, so times compare with `run_stats.py`/`run_stats.R`'s
//! compute timings), else a synthetic matrix of the same shape from a seeded ChaCha generator.
//!
//! ```text
//! cargo bench --bench stats
//! ```

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use ndarray::Array2;
use osteomir::io::sample_sheet::Groups;
use osteomir::pipeline::group_test::{row_tests, TestOptions};
use osteomir::stats::mann_whitney::ExactRule;
use osteomir::stats::moderated_t::moderated_t;
use osteomir::stats::p_adjust::Adjust;
use rand::{Rng, SeedableRng};

fn matrix() -> (Array2<f64>, Vec<String>, &'static str) {
    let path = Path::new("/tmp/pd/m/matrix.tsv");
    if path.exists() {
        if let Ok(bytes) = osteomir::io::read_source(path) {
            if let Ok(m) = osteomir::io::delimited::parse(bytes, path) {
                return (m.values, m.features, "gen.py 2600 1000");
            }
        }
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let x = Array2::from_shape_fn((2600, 1000), |(i, _)| {
        8.0 + (i % 7) as f64 + rng.random::<f64>() + rng.random::<f64>()
    });
    let f = (0..2600).map(|i| format!("f{i}")).collect();
    (x, f, "synthetic")
}

fn bench(c: &mut Criterion) {
    let (x, features, what) = matrix();
    eprintln!("stats bench input: {what}, {} x {}", x.nrows(), x.ncols());
    // gen.py: first half control, second half case
    let n = x.ncols();
    let groups = Groups {
        control: (0..n / 2).collect(),
        case: (n / 2..n).collect(),
        left_out: Vec::new(),
    };
    let is_case: Vec<bool> = (0..n).map(|j| j >= n / 2).collect();
    let options = TestOptions {
        adjust: Adjust::Bh,
        mwu_exact: ExactRule::Scipy,
        bootstrap: None,
        seed: 1,
    };
    let mut g = c.benchmark_group("stats_2600x1000");
    g.sample_size(10);
    g.bench_function("welch_mwu_auc_delong_per_row", |b| {
        b.iter(|| row_tests(x.view(), &features, &groups, &options))
    });
    g.bench_function("limma_moderated_t", |b| {
        b.iter(|| moderated_t(x.view(), &is_case))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
