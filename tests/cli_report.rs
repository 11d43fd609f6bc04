//! CLI tests of `osteomir report`: byte-identical reruns at 1 and 2 threads, a well-formed page
//! without any network reference, report.json against its committed schema, agreement with
//! `score` and `test`, escaping of user text, nothing written on bad input, and a headless
//! Chromium render (skipped when the browser is absent).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{osteomir, repo};
use serde_json::Value;

fn run_with_threads(dir: &Path, args: &[&str], threads: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_osteomir"))
        .args(args)
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("osteomir runs")
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
}

const FILES: [&str; 3] = ["report.html", "report.json", "scores.tsv"];

fn read_all(dir: &Path) -> Vec<Vec<u8>> {
    FILES
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
        .collect()
}

/// The demo report with a smaller null (fast in debug builds), written once per test binary run.
fn demo_report(dir: &Path) -> PathBuf {
    let out = run_with_threads(
        dir,
        &["report", "--demo", "--random", "200", "-o", "rep"],
        "2",
    );
    ok(&out);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        printed.trim(),
        Path::new("rep").join("report.html").display().to_string()
    );
    dir.join("rep")
}

#[test]
fn demo_report_is_byte_identical_at_one_and_two_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let args = [
        "report", "--demo", "--random", "300", "--seed", "11", "-o", "out",
    ];
    ok(&run_with_threads(tmp.path(), &args, "1"));
    let first = read_all(&tmp.path().join("out"));
    ok(&run_with_threads(tmp.path(), &args, "2"));
    let second = read_all(&tmp.path().join("out"));
    for (k, f) in FILES.iter().enumerate() {
        assert!(first[k] == second[k], "{f} differs between 1 and 2 threads");
    }
    // Another seed changes the null (and only the null-related parts).
    let other = [
        "report", "--demo", "--random", "300", "--seed", "12", "-o", "out2",
    ];
    ok(&run_with_threads(tmp.path(), &other, "2"));
    let third = read_all(&tmp.path().join("out2"));
    assert_eq!(first[2], third[2], "scores.tsv does not depend on the seed");
    assert_ne!(first[1], third[1]);
}

#[test]
fn timestamp_only_with_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = demo_report(tmp.path());
    let v: Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.json")).unwrap()).unwrap();
    assert!(v["provenance"]["generated_at"].is_null());
    let out = osteomir(
        tmp.path(),
        &[
            "report",
            "--demo",
            "--random",
            "10",
            "--timestamp",
            "-o",
            "ts",
            "--quiet",
        ],
        None,
    );
    ok(&out);
    let v: Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("ts/report.json")).unwrap()).unwrap();
    let t = v["provenance"]["generated_at"].as_str().unwrap();
    assert!(
        t.len() == 20 && t.ends_with('Z') && t.starts_with("20"),
        "{t}"
    );
    let html = std::fs::read_to_string(tmp.path().join("ts/report.html")).unwrap();
    assert!(html.contains(t));
}

// ---------------------------------------------------------------------------------------------
// A strict checker: the page must be well-formed XML-style markup.

const VOID_OK: &[&str] = &["meta", "line", "rect", "circle", "polyline"];

fn check_well_formed(html: &str) -> Result<usize, String> {
    let b = html.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    let mut i = 0;
    let mut elements = 0;
    let line = |at: usize| html[..at].matches('\n').count() + 1;
    while i < b.len() {
        match b[i] {
            b'<' => {
                let end = html[i..]
                    .find('>')
                    .ok_or(format!("unclosed '<' at line {}", line(i)))?
                    + i;
                let tag = &html[i + 1..end];
                if let Some(rest) = tag.strip_prefix('!') {
                    if !rest.starts_with("DOCTYPE") {
                        return Err(format!("unexpected declaration at line {}", line(i)));
                    }
                } else if let Some(name) = tag.strip_prefix('/') {
                    let open = stack
                        .pop()
                        .ok_or(format!("stray </{name}> at line {}", line(i)))?;
                    if open != name {
                        return Err(format!("</{name}> closes <{open}> at line {}", line(i)));
                    }
                } else {
                    let self_closing = tag.ends_with('/');
                    let body = tag.trim_end_matches('/');
                    let name: String = body
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                        .collect();
                    if name.is_empty() {
                        return Err(format!("bad tag '<{tag}>' at line {}", line(i)));
                    }
                    check_attributes(&body[name.len()..])
                        .map_err(|e| format!("<{name}> at line {}: {e}", line(i)))?;
                    elements += 1;
                    if self_closing {
                        if !VOID_OK.contains(&name.as_str()) {
                            return Err(format!("<{name}/> self-closed at line {}", line(i)));
                        }
                    } else if name == "style" {
                        let close = html[end..].find("</style>").ok_or("unclosed <style>")? + end;
                        i = close + "</style>".len();
                        continue;
                    } else {
                        stack.push(name);
                    }
                }
                i = end + 1;
            }
            b'&' => {
                let end = html[i..]
                    .find(';')
                    .ok_or(format!("bare '&' at line {}", line(i)))?
                    + i;
                let entity = &html[i + 1..end];
                if !["amp", "lt", "gt", "quot", "#39"].contains(&entity) {
                    return Err(format!("unknown entity '&{entity};' at line {}", line(i)));
                }
                i = end + 1;
            }
            b'>' => return Err(format!("bare '>' in text at line {}", line(i))),
            _ => i += 1,
        }
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> never closed"));
    }
    Ok(elements)
}

/// Attributes: `name="value"` pairs separated by spaces, values without `<` or bare `&`.
fn check_attributes(mut s: &str) -> Result<(), String> {
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Ok(());
        }
        let eq = s
            .find('=')
            .ok_or(format!("attribute without value: '{s}'"))?;
        let name = &s[..eq];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
        {
            return Err(format!("bad attribute name '{name}'"));
        }
        let rest = &s[eq + 1..];
        let rest = rest
            .strip_prefix('"')
            .ok_or(format!("unquoted value of '{name}'"))?;
        let close = rest
            .find('"')
            .ok_or(format!("unterminated value of '{name}'"))?;
        let value = &rest[..close];
        if value.contains('<') {
            return Err(format!("'<' in the value of '{name}'"));
        }
        s = &rest[close + 1..];
    }
}

#[test]
fn the_strict_checker_rejects_broken_markup() {
    assert!(check_well_formed("<!DOCTYPE html><html><p a=\"1\">x &amp; y</p></html>").is_ok());
    for bad in [
        "<p><b>x</p></b>",
        "<p>x",
        "<p>a & b</p>",
        "<p a=1>x</p>",
        "<p>x</p></div>",
        "<div/>",
        "<p>1 > 0</p>",
    ] {
        assert!(check_well_formed(bad).is_err(), "accepted {bad}");
    }
}

#[test]
fn page_is_well_formed_self_contained_and_in_guideline_order() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = demo_report(tmp.path());
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let n = check_well_formed(&html).unwrap_or_else(|e| panic!("report.html: {e}"));
    assert!(n > 500, "{n} elements");
    let lower = html.to_ascii_lowercase();
    for forbidden in [
        "http://", "https://", "<script", "<link", "<img", "<iframe", "url(", "@import", "src=",
    ] {
        assert!(
            !lower.contains(forbidden),
            "report.html contains '{forbidden}'"
        );
    }
    let order = [
        "id=\"data\"",
        "id=\"signatures\"",
        "id=\"scores\"",
        "id=\"roc\"",
        "id=\"tests\"",
        "id=\"null\"",
        "id=\"heatmap\"",
        "id=\"calibration\"",
        "id=\"warnings\"",
        "id=\"limitations\"",
        "id=\"provenance\"",
    ];
    let pos: Vec<usize> = order
        .iter()
        .map(|s| {
            html.find(s)
                .unwrap_or_else(|| panic!("missing section {s}"))
        })
        .collect();
    assert!(
        pos.windows(2).all(|w| w[0] < w[1]),
        "sections out of order: {pos:?}"
    );
    for text in [
        "Research use only",
        "not a medical device",
        "@media print",
        "<svg",
        "prostate_core",
        "DeLong",
        "named like miRBase 22",
    ] {
        assert!(html.contains(text), "report.html lacks '{text}'");
    }
}

// ---------------------------------------------------------------------------------------------
// A validator for the subset of JSON Schema the committed schema uses.

fn type_ok(v: &Value, t: &str) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        other => panic!("schema uses unsupported type {other}"),
    }
}

fn validate(v: &Value, s: &Value, path: &str, errors: &mut Vec<String>) {
    let schema = s.as_object().expect("schema node is an object");
    for key in schema.keys() {
        assert!(
            [
                "$schema",
                "$id",
                "title",
                "description",
                "type",
                "required",
                "properties",
                "additionalProperties",
                "items",
                "enum",
                "const",
                "minimum",
                "minLength",
                "maxLength"
            ]
            .contains(&key.as_str()),
            "schema keyword {key} is not supported by this validator"
        );
    }
    if let Some(t) = schema.get("type") {
        let ok = match t {
            Value::String(t) => type_ok(v, t),
            Value::Array(ts) => ts.iter().any(|t| type_ok(v, t.as_str().unwrap())),
            _ => panic!("bad type"),
        };
        if !ok {
            errors.push(format!("{path}: {v} is not of type {t}"));
            return;
        }
    }
    if let Some(c) = schema.get("const") {
        if v != c {
            errors.push(format!("{path}: {v} != const {c}"));
        }
    }
    if let Some(Value::Array(e)) = schema.get("enum") {
        if !e.contains(v) {
            errors.push(format!("{path}: {v} not in {e:?}"));
        }
    }
    if let (Some(min), Some(x)) = (schema.get("minimum").and_then(Value::as_f64), v.as_f64()) {
        if x < min {
            errors.push(format!("{path}: {x} < {min}"));
        }
    }
    if let Some(s) = v.as_str() {
        let n = s.chars().count() as u64;
        if schema
            .get("minLength")
            .and_then(Value::as_u64)
            .is_some_and(|m| n < m)
            || schema
                .get("maxLength")
                .and_then(Value::as_u64)
                .is_some_and(|m| n > m)
        {
            errors.push(format!("{path}: length {n} out of bounds"));
        }
    }
    if let Some(obj) = v.as_object() {
        if let Some(Value::Array(req)) = schema.get("required") {
            for r in req {
                if !obj.contains_key(r.as_str().unwrap()) {
                    errors.push(format!("{path}: missing required key {r}"));
                }
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (k, child) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(cs) => validate(child, cs, &format!("{path}/{k}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{path}: unexpected key {k}"))
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate() {
            validate(x, items, &format!("{path}/{i}"), errors);
        }
    }
}

fn schema() -> Value {
    serde_json::from_str(&std::fs::read_to_string(repo("src/report/schema.json")).unwrap()).unwrap()
}

#[test]
fn the_validator_catches_schema_violations() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = demo_report(tmp.path());
    let mut v: Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.json")).unwrap()).unwrap();
    v["data"]["n_case"] = Value::from("thirty");
    v["signatures"][0]["members"][0]["status"] = Value::from("lost");
    v.as_object_mut().unwrap().remove("disclaimer");
    v["extra"] = Value::from(1);
    let mut errors = Vec::new();
    validate(&v, &schema(), "", &mut errors);
    assert_eq!(errors.len(), 4, "{errors:#?}");
}

#[test]
fn report_json_validates_and_agrees_with_score_and_test() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = demo_report(tmp.path());
    let bytes = std::fs::read(dir.join("report.json")).unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    let mut errors = Vec::new();
    validate(&v, &schema(), "", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");

    // Data and provenance.
    assert_eq!(v["schema_version"], "1.0.0");
    assert_eq!(
        (
            v["data"]["n_case"].as_u64(),
            v["data"]["n_control"].as_u64()
        ),
        (Some(30), Some(30))
    );
    assert_eq!(v["data"]["normalisation"]["kind_used"], "counts");
    let p = &v["provenance"];
    let commit = p["git_commit"].as_str().unwrap();
    assert!(
        commit == "unknown"
            || (commit.len() == 40 && commit.bytes().all(|c| c.is_ascii_hexdigit()))
    );
    assert_eq!(p["parameters"]["seed"], 20260101u64);
    assert_eq!(p["parameters"]["n_random"], 200);
    assert_eq!(p["argv"][1], "report");
    let sheet = std::fs::read(repo("fixtures/demo/prad_n1_vs_n0_samples.tsv")).unwrap();
    let matrix = std::fs::read(repo("fixtures/demo/prad_n1_vs_n0_counts.tsv.gz")).unwrap();
    let inputs = p["inputs"].as_array().unwrap();
    assert_eq!(
        inputs[0]["sha256"],
        osteomir::report::provenance::sha256_hex(&matrix)
    );
    assert_eq!(
        inputs[1]["sha256"],
        osteomir::report::provenance::sha256_hex(&sheet)
    );
    assert_eq!(inputs[0]["bytes"], matrix.len());

    // scores.tsv is what `score --demo` writes.
    let out = osteomir(
        tmp.path(),
        &["score", "--demo", "-o", "s.tsv", "--quiet"],
        None,
    );
    ok(&out);
    assert_eq!(
        std::fs::read(tmp.path().join("s.tsv")).unwrap(),
        std::fs::read(dir.join("scores.tsv")).unwrap()
    );

    // The group tests are those of `test` on the same table, to the last bit.
    let sheet_path = repo("fixtures/demo/prad_n1_vs_n0_samples.tsv");
    let out = osteomir(
        tmp.path(),
        &[
            "test",
            "rep/scores.tsv",
            "--samples",
            sheet_path.to_str().unwrap(),
            "--group",
            "node_status",
            "--case",
            "N1",
            "--control",
            "N0",
            "--format",
            "json",
            "--quiet",
        ],
        None,
    );
    ok(&out);
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sigs = v["signatures"].as_array().unwrap();
    assert_eq!(sigs.len(), t["rows"].as_array().unwrap().len());
    for (s, row) in sigs.iter().zip(t["rows"].as_array().unwrap()) {
        for key in [
            "auc",
            "auc_ci_lo",
            "auc_ci_hi",
            "welch_p",
            "mwu_p",
            "welch_p_bh",
            "mwu_p_bh",
            "mwu_u",
        ] {
            assert_eq!(s["test"][key], row[key], "{key}");
        }
        // The ROC polyline's area is the AUC; the null has what was asked.
        let roc = s["roc"].as_array().unwrap();
        let area: f64 = roc
            .windows(2)
            .map(|w| {
                let f = |p: &Value, k: &str| p[k].as_f64().unwrap();
                (f(&w[1], "fpr") - f(&w[0], "fpr")) * (f(&w[1], "tpr") + f(&w[0], "tpr")) / 2.0
            })
            .sum();
        assert!((area - s["test"]["auc"].as_f64().unwrap()).abs() < 1e-12);
        let null = &s["null"];
        assert_eq!(null["aucs"].as_array().unwrap().len(), 200);
        assert_eq!(null["n_up"], s["n_up_used"]);
        assert_eq!(null["n_down"], s["n_down_used"]);
        let obs = null["observed_auc"].as_f64().unwrap();
        let ge = null["aucs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a.as_f64().unwrap() >= obs)
            .count();
        assert_eq!(null["p_random"].as_f64().unwrap(), (1 + ge) as f64 / 201.0);
        // Heatmap: one row per member used, columns ordered by score.
        let h = &s["heatmap"];
        assert_eq!(
            h["members"].as_array().unwrap().len() as u64,
            s["n_up_used"].as_u64().unwrap() + s["n_down_used"].as_u64().unwrap()
        );
        assert_eq!(h["samples"].as_array().unwrap().len(), 60);
    }
}

fn tiny_inputs(dir: &Path) {
    // Sample names with markup; five features, two signatures in a GMT file.
    let samples = ["<i>s&1</i>", "s>2", "s&3", "s4", "s5", "s6", "s7"];
    let mut m = String::from("mirna");
    for s in samples {
        m.push('\t');
        m.push_str(s);
    }
    m.push('\n');
    let rows = [
        ("a", [5.0, 6.0, 7.1, 1.0, 2.0, 3.0, 4.0]),
        ("b", [1.0, 3.0, 2.0, 3.5, 1.5, 2.5, 2.0]),
        ("c", [2.0, 1.0, 3.0, 1.0, 3.0, 2.0, 2.2]),
        ("d", [3.0, 2.0, 1.0, 2.0, 1.0, 3.0, 0.5]),
        ("e", [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]),
    ];
    for (f, v) in rows {
        m.push_str(f);
        for x in v {
            m.push_str(&format!("\t{x}"));
        }
        m.push('\n');
    }
    std::fs::write(dir.join("m.tsv"), m).unwrap();
    let mut sheet = String::from("sample\tstatus\n");
    for (k, s) in samples.iter().enumerate() {
        let g = if k < 3 {
            "met"
        } else if k < 6 {
            "none"
        } else {
            "unknown"
        };
        sheet.push_str(&format!("{s}\t{g}\n"));
    }
    std::fs::write(dir.join("sheet.tsv"), sheet).unwrap();
    std::fs::write(
        dir.join("sets.gmt"),
        "risk<x>_UP\t-\ta\tb\nrisk<x>_DN\t-\td\tzz\nplain\t-\tc\te\n",
    )
    .unwrap();
}

#[test]
fn user_text_is_escaped_and_signature_files_are_hashed() {
    let tmp = tempfile::tempdir().unwrap();
    tiny_inputs(tmp.path());
    let args = [
        "report",
        "m.tsv",
        "--samples",
        "sheet.tsv",
        "--group",
        "status",
        "--case",
        "met",
        "--control",
        "none",
        "--signature",
        "sets.gmt",
        "--input-kind",
        "log",
        "--random",
        "50",
        "-o",
        "new/dir",
        "--quiet",
    ];
    let out = osteomir(tmp.path(), &args, None);
    ok(&out);
    let html = std::fs::read_to_string(tmp.path().join("new/dir/report.html")).unwrap();
    check_well_formed(&html).unwrap_or_else(|e| panic!("{e}"));
    assert!(!html.contains("<i>s&1</i>") && !html.contains("risk<x>"));
    assert!(html.contains("&lt;i&gt;s&amp;1&lt;/i&gt;") && html.contains("risk&lt;x&gt;"));
    let v: Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("new/dir/report.json")).unwrap())
            .unwrap();
    let mut errors = Vec::new();
    validate(&v, &schema(), "", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(v["data"]["left_out"][0], "s7");
    let inputs = v["provenance"]["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 3);
    assert_eq!(inputs[2]["role"], "signature_file");
    let gmt = std::fs::read(tmp.path().join("sets.gmt")).unwrap();
    assert_eq!(
        inputs[2]["sha256"],
        osteomir::report::provenance::sha256_hex(&gmt)
    );
    let risk = &v["signatures"][0];
    assert_eq!(risk["missing"][0], "zz");
    let status: Vec<&str> = risk["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["status"].as_str().unwrap())
        .collect();
    assert_eq!(status, ["used", "used", "used", "missing"]);
    // Row a separates met from none perfectly.
    assert_eq!(v["signatures"][1]["name"], "plain");
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    tiny_inputs(tmp.path());
    for (args, needle) in [
        (
            vec![
                "--case",
                "MET",
                "--control",
                "none",
                "--signature",
                "sets.gmt",
            ],
            "--case value 'MET'",
        ),
        (
            vec![
                "--case",
                "met",
                "--control",
                "none",
                "--signature",
                "nope.gmt",
            ],
            "unknown signature",
        ),
        (
            vec!["--case", "met", "--control", "none"],
            "no signature given",
        ),
    ] {
        let mut all = vec![
            "report",
            "m.tsv",
            "--samples",
            "sheet.tsv",
            "--group",
            "status",
            "--input-kind",
            "log",
            "-o",
            "out",
        ];
        all.extend(args);
        let out = osteomir(tmp.path(), &all, None);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{err}");
        assert!(
            !tmp.path().join("out").exists(),
            "output written for {all:?}"
        );
    }
    let out = osteomir(tmp.path(), &["report", "--demo"], None);
    assert_eq!(out.status.code(), Some(2), "-o is required");
}

#[test]
fn renders_in_headless_chromium() {
    let browser = Path::new("/usr/bin/chromium");
    if !browser.exists() {
        println!("SKIPPED: /usr/bin/chromium is absent (apt-get install -y chromium)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = demo_report(tmp.path());
    let page = dir.join("report.html").canonicalize().unwrap();
    let png = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report_screenshot.png");
    let _ = std::fs::remove_file(&png);
    let profile = tmp.path().join("profile");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.display()),
            &format!("--screenshot={}", png.display()),
            "--window-size=1280,4000",
            &format!("file://{}", page.display()),
        ])
        .output()
        .expect("chromium runs");
    let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 20_000,
        "no screenshot ({size} bytes); chromium stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!("screenshot: {} ({size} bytes)", png.display());
}

#[test]
fn a_fitted_model_is_applied_and_calibrated_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let matrix = repo("fixtures/demo/prad_n1_vs_n0_counts.tsv.gz");
    let sheet = repo("fixtures/demo/prad_n1_vs_n0_samples.tsv");
    let fit = run_with_threads(
        dir.path(),
        &[
            "model",
            "fit",
            matrix.to_str().unwrap(),
            "--samples",
            sheet.to_str().unwrap(),
            "--group",
            "node_status",
            "--case",
            "N1",
            "--control",
            "N0",
            "--signature",
            "prostate_core",
            "-o",
            "model.json",
        ],
        "2",
    );
    ok(&fit);
    let out = run_with_threads(
        dir.path(),
        &[
            "report",
            "--demo",
            "--random",
            "50",
            "--model",
            "model.json",
            "-o",
            "rep",
        ],
        "2",
    );
    ok(&out);
    let json: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("rep/report.json")).unwrap())
            .unwrap();
    let mut errors = Vec::new();
    validate(&json, &schema(), "$", &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    let model = &json["model"];
    assert_eq!(model["applied"], true);
    let table = model["calibration"]["table"].as_array().unwrap();
    let n: u64 = table.iter().map(|b| b["n"].as_u64().unwrap()).sum();
    assert_eq!(n, 60, "every case and control sample is in one bin");
    assert!(model["calibration"]["brier"].as_f64().unwrap() < 0.25);
    let html = std::fs::read_to_string(dir.path().join("rep/report.html")).unwrap();
    assert!(html.contains("Brier score") && html.contains("mean predicted risk"));
    check_well_formed(&html).unwrap();
    let inputs = json["provenance"]["inputs"].as_array().unwrap();
    assert!(inputs.iter().any(|i| i["role"] == "model"), "{inputs:?}");
}
