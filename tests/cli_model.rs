//! `osteomir model fit/apply`: JSON round trip, determinism, bad input.

mod common;

use std::io::Read;

use common::{osteomir, repo};
use osteomir::io::matrix::{MatrixSource, ReadOptions};
use osteomir::io::sample_sheet::GroupSpec;
use osteomir::matrix::InputKind;
use osteomir::mirna::IdMode;
use osteomir::model::fit::sigmoid;
use osteomir::model::io::ModelFile;
use osteomir::pipeline::model::{apply, fit, FeatureSource, FitConfig};
use osteomir::score::{Method, MethodParams};
use osteomir::signature::select::resolve;

fn demo_config() -> FitConfig {
    FitConfig {
        matrix: repo("fixtures/demo/prad_n1_vs_n0_counts.tsv.gz"),
        read: ReadOptions::default(),
        input_kind: InputKind::Auto,
        id_mode: IdMode::Mirbase,
        sheet: repo("fixtures/demo/prad_n1_vs_n0_samples.tsv"),
        groups: GroupSpec {
            column: "node_status".into(),
            case: "N1".into(),
            control: "N0".into(),
            barcode: None,
        },
        features: FeatureSource::Members(resolve("prostate_core").unwrap().remove(0)),
        folds: 5,
        seed: 1,
        penalties: vec![0.1, 1.0, 10.0],
    }
}

#[test]
fn fit_save_load_apply_round_trip() {
    let config = demo_config();
    let run = fit(&config).unwrap();
    assert!(run.model.features.len() >= 5);
    assert!(run
        .model
        .features
        .iter()
        .all(|f| f.mimat.as_deref().is_some_and(|m| m.starts_with("MIMAT"))));
    assert_eq!(run.model.training_sha256.len(), 64);
    assert_eq!(run.calibration.table.iter().map(|b| b.n).sum::<usize>(), 60);
    let auc = run.cv_auc.unwrap();
    assert!(auc.ci_lo <= auc.auc && auc.auc <= auc.ci_hi);
    assert_eq!(run.odds_ratios.len(), run.model.features.len());
    // the same seed gives the same model
    assert_eq!(fit(&config).unwrap().model, run.model);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.json");
    run.model.save(&path).unwrap();
    let loaded = ModelFile::load(&path).unwrap();
    assert_eq!(loaded, run.model);
    let source = MatrixSource::Path(config.matrix.clone());
    let from_file = apply(&loaded, &source, ReadOptions::default()).unwrap();
    let in_memory = apply(&run.model, &source, ReadOptions::default()).unwrap();
    assert_eq!(from_file.risk, in_memory.risk);
    assert_eq!(from_file.samples.len(), 60);
    for (r, z) in from_file.risk.iter().zip(&from_file.logit) {
        assert_eq!(*r, sigmoid(*z));
    }
    // the CLI writes the same probabilities
    let out = osteomir(
        dir.path(),
        &[
            "model",
            "apply",
            config.matrix.to_str().unwrap(),
            "--model",
            "model.json",
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
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("sample\trisk\tlogit"));
    for (line, want) in lines.zip(&in_memory.risk) {
        let got: f64 = line.split('\t').nth(1).unwrap().parse().unwrap();
        assert_eq!(got, *want);
    }
}

#[test]
fn cli_fit_then_apply() {
    let dir = tempfile::tempdir().unwrap();
    let m = repo("fixtures/demo/prad_n1_vs_n0_counts.tsv.gz");
    let s = repo("fixtures/demo/prad_n1_vs_n0_samples.tsv");
    let out = osteomir(
        dir.path(),
        &[
            "model",
            "fit",
            m.to_str().unwrap(),
            "--samples",
            s.to_str().unwrap(),
            "--group",
            "node_status",
            "--case",
            "N1",
            "--control",
            "N0",
            "--cancer",
            "prostate",
            "-o",
            "model.json",
            "--report",
            "fit.json",
            "--quiet",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("fit.json")).unwrap()).unwrap();
    assert!(report["cv_auc"]["auc"].as_f64().is_some());
    assert!(report["calibration"]["brier"].as_f64().is_some());
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("model.json")).unwrap()).unwrap();
    assert_eq!(model["schema_version"], 2);
    assert_eq!(model["id_mode"], "mirbase");
    assert_eq!(model["signature"], "prostate_core");
}

#[test]
fn bad_model_inputs_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let m = repo("fixtures/demo/prad_n1_vs_n0_counts.tsv.gz");
    let s = repo("fixtures/demo/prad_n1_vs_n0_samples.tsv");
    let (m, s) = (m.to_str().unwrap(), s.to_str().unwrap());
    let run = fit(&demo_config()).unwrap();
    run.model.save(&dir.path().join("model.json")).unwrap();
    // a matrix without the first model feature
    let mut gz = flate2::read::GzDecoder::new(std::fs::File::open(m).unwrap());
    let mut text = String::new();
    gz.read_to_string(&mut text).unwrap();
    let first = &run.model.features[0].name;
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| l.split('\t').next() != Some(first.as_str()))
        .collect();
    std::fs::write(dir.path().join("short.tsv"), kept.join("\n") + "\n").unwrap();
    std::fs::write(dir.path().join("junk.json"), "{\"schema_version\": 1}").unwrap();
    let mut v2 = serde_json::to_value(&run.model).unwrap();
    v2["schema_version"] = 99.into();
    std::fs::write(dir.path().join("v99.json"), v2.to_string()).unwrap();
    let fit_base = [
        "model",
        "fit",
        m,
        "--samples",
        s,
        "--group",
        "node_status",
        "--case",
        "N1",
        "--control",
        "N0",
        "--cancer",
        "prostate",
        "-o",
        "x.json",
    ];
    let cases: Vec<Vec<&str>> = vec![
        vec!["model", "apply", "short.tsv", "--model", "model.json"],
        vec!["model", "apply", m, "--model", "junk.json"],
        vec!["model", "apply", m, "--model", "v99.json"],
        vec!["model", "apply", m, "--model", "absent.json"],
        [fit_base.to_vec(), vec!["--folds", "1"]].concat(),
        [fit_base.to_vec(), vec!["--penalties", "1,-2"]].concat(),
        [fit_base.to_vec(), vec!["--penalties", "abc"]].concat(),
        [fit_base.to_vec(), vec!["--folds", "40"]].concat(),
        vec![
            "model",
            "fit",
            m,
            "--samples",
            s,
            "--group",
            "node_status",
            "--case",
            "N9",
            "--control",
            "N0",
            "--cancer",
            "prostate",
            "-o",
            "x.json",
        ],
    ];
    for args in cases {
        let out = osteomir(dir.path(), &args, None);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert!(!dir.path().join("x.json").exists());
}

#[test]
fn score_features_fit_and_apply() {
    let mut config = demo_config();
    config.features = FeatureSource::Scores {
        signatures: vec![
            resolve("prostate_core").unwrap().remove(0),
            resolve("breast_core").unwrap().remove(0),
        ],
        method: Method::Ssgsea,
        params: MethodParams::default(),
    };
    let run = fit(&config).unwrap();
    let names: Vec<&str> = run.model.features.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["prostate_core", "breast_core"]);
    assert_eq!(run.model.signature, "prostate_core,breast_core");
    let spec = run.model.scores.as_ref().unwrap();
    assert_eq!(spec.method, Method::Ssgsea);
    assert_eq!(spec.signatures.len(), 2);
    assert!(spec.signatures[0].members.len() >= 5);
    assert!(run.cv_auc.is_some());
    // the model's features are exactly the ssgsea scores `score` writes
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scores_model.json");
    run.model.save(&path).unwrap();
    let loaded = ModelFile::load(&path).unwrap();
    assert_eq!(loaded, run.model);
    let source = MatrixSource::Path(config.matrix.clone());
    let applied = apply(&loaded, &source, ReadOptions::default()).unwrap();
    let scored = osteomir(
        dir.path(),
        &[
            "score",
            config.matrix.to_str().unwrap(),
            "--signature",
            "prostate_core",
            "--signature",
            "breast_core",
            "--method",
            "ssgsea",
            "--quiet",
        ],
        None,
    );
    assert!(scored.status.success());
    let text = String::from_utf8(scored.stdout).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (p, b) = (col("prostate_core"), col("breast_core"));
    let st = &loaded.standardisation;
    for (i, line) in lines.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f[0], applied.samples[i]);
        let x = [f[p].parse::<f64>().unwrap(), f[b].parse::<f64>().unwrap()];
        let z: f64 = (0..2)
            .map(|k| (x[k] - st.mean[k]) / st.sd[k] * loaded.model.coef[k])
            .sum::<f64>()
            + loaded.model.intercept;
        assert!(
            (z - applied.logit[i]).abs() < 1e-9,
            "{z} {}",
            applied.logit[i]
        );
    }
    // a matrix without any breast_core member cannot be scored for that feature: exit 2
    let breast: Vec<String> = spec.signatures[1]
        .members
        .iter()
        .map(|m| m.name.clone())
        .collect();
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&config.matrix).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            !breast
                .iter()
                .any(|b| l.split('\t').next() == Some(b.as_str()))
        })
        .collect();
    std::fs::write(dir.path().join("no_breast.tsv"), kept.join("\n") + "\n").unwrap();
    let out = osteomir(
        dir.path(),
        &[
            "model",
            "apply",
            "no_breast.tsv",
            "--model",
            "scores_model.json",
            "-o",
            "risk.tsv",
        ],
        None,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("breast_core"), "{err}");
    assert!(!dir.path().join("risk.tsv").exists());
}

#[test]
fn members_mode_takes_one_signature_and_old_models_still_load() {
    let dir = tempfile::tempdir().unwrap();
    let m = repo("fixtures/demo/prad_n1_vs_n0_counts.tsv.gz");
    let s = repo("fixtures/demo/prad_n1_vs_n0_samples.tsv");
    let out = osteomir(
        dir.path(),
        &[
            "model",
            "fit",
            m.to_str().unwrap(),
            "--samples",
            s.to_str().unwrap(),
            "--group",
            "node_status",
            "--case",
            "N1",
            "--control",
            "N0",
            "--signature",
            "prostate_core",
            "--signature",
            "breast_core",
            "-o",
            "x.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--features scores"));
    assert!(!dir.path().join("x.json").exists());
    // a schema 1 file (no id_mode, no scores) reads as verbatim matching of member names
    let run = fit(&demo_config()).unwrap();
    let mut v1 = serde_json::to_value(&run.model).unwrap();
    v1["schema_version"] = 1.into();
    let obj = v1.as_object_mut().unwrap();
    obj.remove("id_mode");
    std::fs::write(dir.path().join("v1.json"), v1.to_string()).unwrap();
    let old = ModelFile::load(&dir.path().join("v1.json")).unwrap();
    assert_eq!(old.id_mode, IdMode::Exact);
    let source = MatrixSource::Path(m.clone());
    let a = apply(&old, &source, ReadOptions::default()).unwrap();
    let b = apply(&run.model, &source, ReadOptions::default()).unwrap();
    for (x, y) in a.logit.iter().zip(&b.logit) {
        assert!((x - y).abs() < 1e-12);
    }
}
