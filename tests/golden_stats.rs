//! Parity of `osteomir::stats` with SciPy, statsmodels, scikit-learn, R (stats, pROC, limma).
//!
//! Goldens and the scripts that made them: `fixtures/golden/stats/` (README there). Tolerances
//! (published in README.md, "Statistics"): statistics 1e-10 relative, p-values 1e-8 relative
//! (each with an absolute floor of 1e-15 for values that are exactly 0 in the golden).

mod common;

use std::collections::BTreeMap;

use common::{read_golden, repo};
use ndarray::{Array1, Array2};
use osteomir::stats::mann_whitney::{mann_whitney, ExactRule};
use osteomir::stats::moderated_t::moderated_t;
use osteomir::stats::p_adjust::{p_adjust, Adjust};
use osteomir::stats::{effect, roc, welch};

const STAT_TOL: f64 = 1e-10;
const P_TOL: f64 = 1e-8;

/// Asserts |got - want| <= rtol |want| + 1e-15 and returns the largest absolute difference.
fn check(label: &str, got: f64, want: f64, rtol: f64) -> f64 {
    if want.is_nan() {
        assert!(got.is_nan(), "{label}: got {got}, want NaN");
        return 0.0;
    }
    if want.is_infinite() {
        assert_eq!(got, want, "{label}");
        return 0.0;
    }
    let d = (got - want).abs();
    assert!(
        d <= rtol * want.abs() + 1e-15,
        "{label}: got {got:e}, want {want:e}, diff {d:e} > {rtol:e} relative"
    );
    d
}

/// Reads a values file: case_id, group, value (values written with Python repr: exact).
fn read_values(name: &str) -> BTreeMap<String, (Vec<f64>, Vec<f64>)> {
    let text = std::fs::read_to_string(repo(&format!("fixtures/golden/stats/{name}"))).unwrap();
    let mut out: BTreeMap<String, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let v: f64 = if f[2].is_empty() {
            f64::NAN
        } else {
            f[2].parse().unwrap()
        };
        let e = out.entry(f[0].to_string()).or_default();
        if f[1] == "control" {
            e.1.push(v);
        } else {
            e.0.push(v);
        }
    }
    out
}

struct MaxDiff(BTreeMap<&'static str, f64>);

impl MaxDiff {
    fn new() -> Self {
        Self(BTreeMap::new())
    }
    fn add(&mut self, key: &'static str, d: f64) {
        let e = self.0.entry(key).or_insert(0.0);
        *e = e.max(d);
    }
    fn print(&self, peer: &str) {
        for (k, v) in &self.0 {
            eprintln!("parity {peer} {k}: max abs diff {v:e}");
        }
    }
}

#[test]
fn two_group_tests_match_scipy_and_sklearn() {
    let values = read_values("groups.tsv");
    let golden = read_golden(&repo("fixtures/golden/stats/scipy_tests.tsv"));
    let mut md = MaxDiff::new();
    for (id, (case, control)) in &values {
        let want = &golden.rows[id];
        let (x, y) = (Array1::from(case.clone()), Array1::from(control.clone()));
        let w = welch::welch(x.view(), y.view()).unwrap();
        md.add(
            "welch_t",
            check(&format!("{id} welch_t"), w.t, want[0], STAT_TOL),
        );
        md.add(
            "welch_df",
            check(&format!("{id} welch_df"), w.df, want[1], STAT_TOL),
        );
        md.add(
            "welch_p",
            check(&format!("{id} welch_p"), w.p, want[2], P_TOL),
        );
        let u = mann_whitney(x.view(), y.view(), ExactRule::Scipy).unwrap();
        md.add(
            "mwu_u",
            check(&format!("{id} mwu_u"), u.u, want[3], STAT_TOL),
        );
        md.add("mwu_p", check(&format!("{id} mwu_p"), u.p, want[4], P_TOL));
        let a = roc::auc(x.view(), y.view()).unwrap();
        md.add("auc", check(&format!("{id} auc"), a, want[5], STAT_TOL));
    }
    md.print("scipy/sklearn");
}

#[test]
fn two_group_tests_match_r_proc_wilcox_ttest() {
    let values = read_values("groups.tsv");
    let golden = read_golden(&repo("fixtures/golden/stats/r_tests.tsv"));
    let col = |name: &str| golden.columns.iter().position(|c| c == name).unwrap();
    let mut md = MaxDiff::new();
    for (id, (case, control)) in &values {
        let want = &golden.rows[id];
        let (x, y) = (Array1::from(case.clone()), Array1::from(control.clone()));
        let a = roc::auc_delong(x.view(), y.view()).unwrap();
        md.add(
            "auc",
            check(&format!("{id} auc"), a.auc, want[col("auc")], STAT_TOL),
        );
        md.add(
            "auc_var",
            check(&format!("{id} var"), a.var, want[col("auc_var")], STAT_TOL),
        );
        md.add(
            "auc_ci_lo",
            check(
                &format!("{id} lo"),
                a.ci_lo,
                want[col("auc_ci_lo")],
                STAT_TOL,
            ),
        );
        md.add(
            "auc_ci_hi",
            check(
                &format!("{id} hi"),
                a.ci_hi,
                want[col("auc_ci_hi")],
                STAT_TOL,
            ),
        );
        let yd = roc::youden(x.view(), y.view()).unwrap();
        md.add(
            "youden_cut",
            check(
                &format!("{id} cut"),
                yd.cut,
                want[col("youden_cut")],
                STAT_TOL,
            ),
        );
        md.add(
            "sensitivity",
            check(
                &format!("{id} se"),
                yd.sensitivity,
                want[col("sensitivity")],
                STAT_TOL,
            ),
        );
        md.add(
            "specificity",
            check(
                &format!("{id} sp"),
                yd.specificity,
                want[col("specificity")],
                STAT_TOL,
            ),
        );
        let u = mann_whitney(x.view(), y.view(), ExactRule::R).unwrap();
        md.add(
            "wilcox_w",
            check(&format!("{id} W"), u.u, want[col("wilcox_w")], STAT_TOL),
        );
        md.add(
            "wilcox_p",
            check(&format!("{id} wilcox p"), u.p, want[col("wilcox_p")], P_TOL),
        );
        let w = welch::welch(x.view(), y.view()).unwrap();
        md.add(
            "ttest_t",
            check(&format!("{id} t"), w.t, want[col("ttest_t")], STAT_TOL),
        );
        md.add(
            "ttest_df",
            check(&format!("{id} df"), w.df, want[col("ttest_df")], STAT_TOL),
        );
        md.add(
            "ttest_p",
            check(&format!("{id} p"), w.p, want[col("ttest_p")], P_TOL),
        );
        assert!(
            effect::hedges_g(x.view(), y.view()).unwrap().abs()
                <= effect::cohens_d(x.view(), y.view()).unwrap().abs()
        );
    }
    md.print("R");
}

#[test]
fn paired_delong_matches_proc_roc_test() {
    let values = read_values("paired.tsv");
    let g = read_golden(&repo("fixtures/golden/stats/r_paired_delong.tsv"));
    // read_golden keys rows by the first column: the one row is keyed by auc1's text
    let want: Vec<f64> = {
        let (k, v) = g.rows.iter().next().unwrap();
        std::iter::once(k.parse().unwrap())
            .chain(v.iter().copied())
            .collect()
    };
    let (c1, o1) = &values["s1"];
    let (c2, o2) = &values["s2"];
    let r = roc::paired_delong(
        Array1::from(c1.clone()).view(),
        Array1::from(o1.clone()).view(),
        Array1::from(c2.clone()).view(),
        Array1::from(o2.clone()).view(),
    )
    .unwrap();
    let mut md = MaxDiff::new();
    md.add("auc1", check("auc1", r.auc1, want[0], STAT_TOL));
    md.add("auc2", check("auc2", r.auc2, want[1], STAT_TOL));
    md.add("z", check("z", r.z, want[2], STAT_TOL));
    md.add("p", check("p", r.p, want[3], P_TOL));
    md.print("pROC roc.test");
}

#[test]
fn p_adjust_matches_statsmodels_and_r() {
    let p = read_values("pvalues.tsv")["p"].0.clone();
    for (file, peer) in [
        ("statsmodels_p_adjust.tsv", "statsmodels"),
        ("r_p_adjust.tsv", "R p.adjust"),
    ] {
        let g = read_golden(&repo(&format!("fixtures/golden/stats/{file}")));
        let mut md = MaxDiff::new();
        for (k, (method, key)) in [
            (Adjust::Bh, "bh"),
            (Adjust::By, "by"),
            (Adjust::Bonferroni, "bonferroni"),
            (Adjust::Holm, "holm"),
        ]
        .into_iter()
        .enumerate()
        {
            let got = p_adjust(&p, method);
            for (i, q) in got.iter().enumerate() {
                let want = g.rows[&i.to_string()][k];
                md.add(key, check(&format!("{peer} {key} {i}"), *q, want, P_TOL));
            }
        }
        md.print(peer);
    }
}

fn check_limma(label: &str, features: &[String], x: Array2<f64>, is_case: &[bool], golden: &str) {
    let g = read_golden(&repo(golden));
    let fit = moderated_t(x.view(), is_case).unwrap();
    assert_eq!(fit.rows.len(), g.rows.len(), "{label}: rows");
    let mut md = MaxDiff::new();
    let keys = ["logfc", "ave_expr", "t", "p", "p_bh", "b"];
    for (f, row) in features.iter().zip(&fit.rows) {
        let want = &g.rows[f];
        let got = [row.logfc, row.ave_expr, row.t, row.p, row.p_bh, row.b];
        for (k, key) in keys.iter().enumerate() {
            let tol = if key.starts_with('p') {
                P_TOL
            } else {
                STAT_TOL
            };
            md.add(
                key,
                check(&format!("{label} {f} {key}"), got[k], want[k], tol),
            );
        }
    }
    md.print(label);
}

#[test]
fn moderated_t_matches_limma_on_the_demo_cohort() {
    use osteomir::io::matrix::{read_matrix, MatrixSource, ReadOptions};
    let mut m = read_matrix(&MatrixSource::Demo, ReadOptions::default()).unwrap();
    let library: Vec<f64> = m.values.columns().into_iter().map(|c| c.sum()).collect();
    osteomir::normalize::prepare(&mut m, osteomir::InputKind::Counts, "demo".as_ref()).unwrap();
    let g = read_golden(&repo("fixtures/golden/stats/limma_demo_n1_vs_n0.tsv"));
    let keep: Vec<usize> = (0..m.n_features())
        .filter(|&i| g.rows.contains_key(&m.features[i]))
        .collect();
    assert!(!library.is_empty());
    let x = m.values.select(ndarray::Axis(0), &keep);
    let features: Vec<String> = keep.iter().map(|&i| m.features[i].clone()).collect();
    let sheet = osteomir::io::matrix::DEMO_SAMPLES;
    let status: BTreeMap<&str, &str> = sheet
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .collect();
    let is_case: Vec<bool> = m
        .samples
        .iter()
        .map(|s| status[s.as_str()] == "N1")
        .collect();
    check_limma(
        "limma demo",
        &features,
        x,
        &is_case,
        "fixtures/golden/stats/limma_demo_n1_vs_n0.tsv",
    );
}

#[test]
fn moderated_t_matches_limma_on_geo_gse36803() {
    let bytes =
        osteomir::io::read_source(&repo("fixtures/golden/stats/gse36803_log2.tsv.gz")).unwrap();
    let m = osteomir::io::delimited::parse(bytes, "gse36803_log2.tsv.gz".as_ref()).unwrap();
    let labels =
        std::fs::read_to_string(repo("fixtures/golden/stats/gse36803_samples.tsv")).unwrap();
    let group: BTreeMap<&str, &str> = labels
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .collect();
    let is_case: Vec<bool> = m
        .samples
        .iter()
        .map(|s| group[s.as_str()] == "PCA")
        .collect();
    check_limma(
        "limma gse36803",
        &m.features,
        m.values.clone(),
        &is_case,
        "fixtures/golden/stats/limma_gse36803_pca_vs_benign.tsv",
    );
}
