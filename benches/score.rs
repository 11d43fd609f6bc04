//! One bench per scoring method on a 2,600 x 1,000 log2-like matrix generated deterministically
//! here (ChaCha8, seed 11), 10 signatures of 5-30 members (half of them up/down pairs).
//! Run: `cargo bench --bench score -- --sample-size 10`. Also GSVA's Gaussian kernel alone on one
//! feature of 10,000 samples (`cargo bench --bench score -- gsva_kernel`).

use criterion::{criterion_group, criterion_main, Criterion};
use ndarray::Array2;
use osteomir::score::gsva::feature_density;
use osteomir::score::{score_with, Kcdf, Method, MethodParams};
use osteomir::signature::MappedSignature;
use rand::{Rng, SeedableRng};

fn data() -> (Array2<f64>, Vec<String>, Vec<String>, Vec<MappedSignature>) {
    let (n, m) = (2600, 1000);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
    let mu: Vec<f64> = (0..n).map(|_| rng.random_range(2.0..14.0)).collect();
    let x = Array2::from_shape_fn((n, m), |(i, _)| mu[i] + rng.random_range(-1.5..1.5));
    let features = (0..n).map(|i| format!("f{i}")).collect();
    let samples = (0..m).map(|j| format!("s{j}")).collect();
    let sigs = (0..10)
        .map(|s| {
            let k = 5 + 25 * s / 9;
            let rows: Vec<usize> = (0..k).map(|i| (s * 97 + i * 31) % 500).collect();
            let (up, down) = if s % 2 == 0 {
                (rows[..k / 2].to_vec(), rows[k / 2..].to_vec())
            } else {
                (rows, vec![])
            };
            MappedSignature {
                name: format!("SIG{s:02}"),
                listed: k,
                up,
                down,
                missing: vec![],
            }
        })
        .collect();
    (x, features, samples, sigs)
}

fn bench(c: &mut Criterion) {
    let (x, f, s, sigs) = data();
    let mut group = c.benchmark_group("score_2600x1000");
    group.sample_size(10);
    let gauss = MethodParams {
        kcdf: Kcdf::Gaussian,
        ..MethodParams::default()
    };
    for method in [
        Method::Zscore,
        Method::Ssgsea,
        Method::Gsva,
        Method::Plage,
        Method::Singscore,
        Method::Mean,
    ] {
        group.bench_function(method.to_string(), |b| {
            b.iter(|| score_with(x.view(), &f, &s, &sigs, method, &gauss))
        });
    }
    group.finish();
}

/// GSVA's Gaussian kernel on one feature of 10,000 samples (50 million pairs): the O(n^2) part
/// that dominates `--method gsva` on large cohorts.
fn bench_gsva_kernel(c: &mut Criterion) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(12);
    let x: Vec<f64> = (0..10_000).map(|_| rng.random_range(2.0..14.0)).collect();
    let mut group = c.benchmark_group("gsva_kernel");
    group.sample_size(10);
    group.bench_function("gaussian_10000_samples", |b| {
        b.iter(|| feature_density(&x, Kcdf::Gaussian))
    });
    group.finish();
}

criterion_group!(benches, bench, bench_gsva_kernel);
criterion_main!(benches);
