//! The L2 logistic fit against scikit-learn (fixtures/golden/model/make_model_goldens.py).

mod common;

use common::{assert_close, repo};
use ndarray::Array2;
use osteomir::model::fit::fit;

#[test]
fn logistic_fit_matches_sklearn_with_c_equal_one_over_alpha() {
    let text =
        std::fs::read_to_string(repo("fixtures/golden/model/sklearn_logistic.json")).unwrap();
    let g: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rows = g["x"].as_array().unwrap();
    let p = rows[0].as_array().unwrap().len();
    let x = Array2::from_shape_fn((rows.len(), p), |(i, j)| rows[i][j].as_f64().unwrap());
    let y: Vec<bool> = g["y"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_bool().unwrap())
        .collect();
    let fits = g["fits"].as_array().unwrap();
    assert_eq!(fits.len(), 3);
    for f in fits {
        let alpha = f["alpha"].as_f64().unwrap();
        let want: Vec<f64> = f["coef"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let m = fit(x.view(), &y, alpha).unwrap();
        assert_close(&format!("coef alpha={alpha}"), &m.coef, &want, 1e-5);
        let b0 = f["intercept"].as_f64().unwrap();
        assert_close(
            &format!("intercept alpha={alpha}"),
            &[m.intercept],
            &[b0],
            1e-5,
        );
        let diff = m
            .coef
            .iter()
            .zip(&want)
            .map(|(a, b)| (a - b).abs())
            .chain(std::iter::once((m.intercept - b0).abs()))
            .fold(0.0, f64::max);
        println!("alpha {alpha}: max abs diff vs scikit-learn {diff:e}");
    }
}
