//! TSV writers of the `test` and `de` tables (column order fixed by the CLI contract).

use crate::io::format::float;
use crate::pipeline::de::{DeRun, DeTest};
use crate::pipeline::group_test::TestRun;
use crate::stats::p_adjust::Adjust;

/// The columns every `test` table starts with, in order (CLI contract).
pub const TEST_COLUMNS: [&str; 16] = [
    "signature",
    "n_case",
    "n_control",
    "mean_case",
    "mean_control",
    "diff",
    "welch_t",
    "welch_df",
    "welch_p",
    "mwu_u",
    "mwu_p",
    "auc",
    "auc_ci_lo",
    "auc_ci_hi",
    "welch_p_bh",
    "mwu_p_bh",
];

fn adjust_name(a: Adjust) -> &'static str {
    match a {
        Adjust::Bh => "bh",
        Adjust::By => "by",
        Adjust::Bonferroni => "bonferroni",
        Adjust::Holm => "holm",
    }
}

/// The `test` table: [`TEST_COLUMNS`], then `cohens_d hedges_g youden_cut sensitivity
/// specificity`, then `welch_p_<m> mwu_p_<m>` for `--adjust m` other than bh, then
/// `auc_boot_lo auc_boot_hi` with `--bootstrap`.
pub fn test_tsv(run: &TestRun) -> Vec<u8> {
    let mut header: Vec<String> = TEST_COLUMNS.iter().map(|s| s.to_string()).collect();
    header.extend(
        [
            "cohens_d",
            "hedges_g",
            "youden_cut",
            "sensitivity",
            "specificity",
        ]
        .map(String::from),
    );
    let extra_adjust = run.options.adjust != Adjust::Bh;
    if extra_adjust {
        let m = adjust_name(run.options.adjust);
        header.push(format!("welch_p_{m}"));
        header.push(format!("mwu_p_{m}"));
    }
    let boot = run.options.bootstrap.is_some();
    if boot {
        header.extend(["auc_boot_lo", "auc_boot_hi"].map(String::from));
    }
    let mut out = header.join("\t");
    out.push('\n');
    for r in &run.rows {
        let mut cells = vec![
            r.signature.clone(),
            r.n_case.to_string(),
            r.n_control.to_string(),
        ];
        cells.extend(
            [
                r.mean_case,
                r.mean_control,
                r.diff,
                r.welch_t,
                r.welch_df,
                r.welch_p,
                r.mwu_u,
                r.mwu_p,
                r.auc,
                r.auc_ci_lo,
                r.auc_ci_hi,
                r.welch_p_bh,
                r.mwu_p_bh,
                r.cohens_d,
                r.hedges_g,
                r.youden_cut,
                r.sensitivity,
                r.specificity,
            ]
            .map(float),
        );
        if extra_adjust {
            cells.push(float(r.welch_p_adj));
            cells.push(float(r.mwu_p_adj));
        }
        if boot {
            let (lo, hi) = r.bootstrap.map_or((f64::NAN, f64::NAN), |b| (b.lo, b.hi));
            cells.push(float(lo));
            cells.push(float(hi));
        }
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out.into_bytes()
}

/// The `de` table: `feature`, then `logfc ave_expr t p p_bh b` (limma), `welch_t welch_df
/// welch_p welch_p_bh` (welch), `mwu_u mwu_p mwu_p_bh` (mwu), for the tests run.
pub fn de_tsv(run: &DeRun) -> Vec<u8> {
    let mut header = vec!["feature"];
    if run.limma.is_some() {
        header.extend(["logfc", "ave_expr", "t", "p", "p_bh", "b"]);
    }
    let welch = run.tests.contains(&DeTest::Welch);
    let mwu = run.tests.contains(&DeTest::Mwu);
    if welch {
        header.extend(["welch_t", "welch_df", "welch_p", "welch_p_bh"]);
    }
    if mwu {
        header.extend(["mwu_u", "mwu_p", "mwu_p_bh"]);
    }
    let mut out = header.join("\t");
    out.push('\n');
    for (i, f) in run.features.iter().enumerate() {
        let mut cells = vec![f.clone()];
        if let Some(l) = &run.limma {
            let r = &l[i];
            cells.extend([r.logfc, r.ave_expr, r.t, r.p, r.p_bh, r.b].map(float));
        }
        if let Some(rows) = &run.tests_rows {
            let r = &rows[i];
            if welch {
                cells.extend([r.welch_t, r.welch_df, r.welch_p, r.welch_p_bh].map(float));
            }
            if mwu {
                cells.extend([r.mwu_u, r.mwu_p, r.mwu_p_bh].map(float));
            }
        }
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out.into_bytes()
}
