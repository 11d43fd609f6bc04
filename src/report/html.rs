//! The report as one self-contained HTML page: inline CSS and SVG, no script, no external
//! reference of any kind, printable (print CSS). The markup is also well-formed XML (every
//! element closed, void elements self-closed, attributes quoted), so a strict checker can parse it.
//!
//! Numbers on the page follow one fixed rule ([`num`], [`pval`]); the JSON holds full precision.

use std::fmt::Write as _;

use super::svg;
use super::Report;

/// Escapes text for HTML content and attribute values (`& < > " '`).
///
/// ```
/// assert_eq!(osteomir::report::html::escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A number on the page: `NA` when missing, three decimals, or three significant digits in
/// exponent form when its magnitude is below 0.001 (but not 0).
///
/// ```
/// use osteomir::report::html::num;
/// assert_eq!((num(0.61234), num(-2.0), num(0.00012345), num(f64::NAN)), ("0.612".into(), "-2.000".into(), "1.23e-4".into(), "NA".into()));
/// ```
pub fn num(v: f64) -> String {
    if v.is_nan() {
        "NA".to_string()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.to_string()
    } else if v != 0.0 && v.abs() < 1e-3 {
        format!("{v:.2e}")
    } else {
        format!("{v:.3}")
    }
}

/// A p-value: `NA`, `< 1e-16` below that, three significant digits otherwise.
pub fn pval(p: f64) -> String {
    if p.is_nan() {
        "NA".to_string()
    } else if p < 1e-16 {
        "&lt; 1e-16".to_string()
    } else if p < 1e-3 {
        format!("{p:.2e}")
    } else {
        format!("{p:.3}")
    }
}

const CSS: &str = "
body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#222;max-width:1100px;margin:0 auto;padding:1.5em;line-height:1.45;font-size:15px}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.8em}h3{margin-bottom:.3em}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
.disclaimer{border:2px solid #b2182b;background:#fff4f4;padding:.6em 1em;margin:1em 0}
.note{color:#555;font-size:.92em}.mono{font-family:Menlo,Consolas,monospace;font-size:.85em;word-break:break-all}
nav ol{columns:2;font-size:.95em}.plots{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}
.scroll{max-height:420px;overflow:auto}
svg.plot{font-size:11px;background:#fff}svg .axis{stroke:#444}svg .grid{stroke:#eee}svg .frame{fill:none;stroke:#444}
svg .median{stroke:#000;stroke-width:2}svg .chance{stroke:#999;stroke-dasharray:4 3}svg .roc{fill:none;stroke:#b2182b;stroke-width:2}
svg .bar{fill:#9ab}svg .observed{stroke:#b2182b;stroke-width:2}svg .tick{fill:#444;font-size:10px}svg .axis-title{font-size:11px}
.status-missing{color:#b2182b}.status-dropped{color:#b8860b}.status-not_scored{color:#777}
@media print{body{max-width:none;font-size:11px;padding:0}nav{display:none}.scroll{max-height:none;overflow:visible}
section{break-inside:avoid-page}h2{break-after:avoid}svg{break-inside:avoid}}
";

fn cell(v: f64) -> String {
    format!("<td class=\"n\">{}</td>", num(v))
}

fn opt(v: &Option<String>) -> String {
    v.as_deref().map(escape).unwrap_or_default()
}

/// Renders the page.
pub fn render(r: &Report) -> String {
    let mut h = String::with_capacity(256 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    let _ = writeln!(h, "<title>{}</title>", escape(&r.title));
    let _ = writeln!(h, "<style>{CSS}</style>\n</head>\n<body>");
    let _ = writeln!(h, "<h1>{}</h1>", escape(&r.title));
    let d = &r.data;
    let _ = writeln!(
        h,
        "<p>{} cases ({}) vs {} controls ({}), column <code>{}</code>; {} signature(s) scored with <code>{}</code>; osteomir {} (commit <span class=\"mono\">{}</span>).</p>",
        d.n_case,
        escape(&d.case_label),
        d.n_control,
        escape(&d.control_label),
        escape(&d.group_column),
        r.signatures.len(),
        escape(&r.provenance.parameters.method),
        r.provenance.osteomir_version,
        r.provenance.git_commit
    );
    let _ = writeln!(
        h,
        "<p class=\"disclaimer\"><strong>Research use only.</strong> {}</p>",
        escape(r.disclaimer)
    );
    h.push_str("<nav><h2>Contents</h2><ol><li><a href=\"#data\">Data</a></li><li><a href=\"#signatures\">Signatures</a></li><li><a href=\"#scores\">Per-sample scores</a></li><li><a href=\"#roc\">Discrimination (ROC)</a></li><li><a href=\"#tests\">Group tests</a></li><li><a href=\"#null\">Random-signature null</a></li><li><a href=\"#heatmap\">Member heatmap</a></li><li><a href=\"#calibration\">Model calibration</a></li><li><a href=\"#warnings\">Warnings</a></li><li><a href=\"#limitations\">Limitations</a></li><li><a href=\"#provenance\">Provenance</a></li></ol></nav>\n");
    data(&mut h, r);
    signatures(&mut h, r);
    scores(&mut h, r);
    roc(&mut h, r);
    tests(&mut h, r);
    null(&mut h, r);
    heatmaps(&mut h, r);
    calibration(&mut h, r);
    warnings(&mut h, r);
    h.push_str("<section id=\"limitations\"><h2>10. Limitations</h2><ul>");
    for l in &r.limitations {
        let _ = write!(h, "<li>{}</li>", escape(l));
    }
    h.push_str("</ul></section>\n");
    provenance(&mut h, r);
    let _ = writeln!(
        h,
        "<footer><p class=\"disclaimer\">{}</p></footer>\n</body>\n</html>",
        escape(r.disclaimer)
    );
    h
}

fn data(h: &mut String, r: &Report) {
    let d = &r.data;
    let n = &d.normalisation;
    h.push_str("<section id=\"data\"><h2>1. Data</h2><table>");
    let rows: Vec<(&str, String)> = vec![
        ("Expression matrix", escape(&d.matrix)),
        ("Features x samples read", format!("{} x {}", d.n_features, d.n_samples)),
        ("Input kind", format!("{} (asked: {}){}", n.kind_used, n.kind_requested, if n.detection.is_empty() { String::new() } else { format!("; detected because {}", escape(&n.detection)) })),
        ("Normalisation", escape(&n.transformation)),
        ("Identifiers", escape(&d.id_mode.description)),
        ("Sample sheet", escape(&d.sheet)),
        ("Groups", format!("column <code>{}</code>: case <code>{}</code> n = {}, control <code>{}</code> n = {}", escape(&d.group_column), escape(&d.case_label), d.n_case, escape(&d.control_label), d.n_control)),
        ("Scored, in neither group", if d.left_out.is_empty() { "none".to_string() } else { format!("{}: {}", d.left_out.len(), escape(&d.left_out.join(", "))) }),
    ];
    for (k, v) in rows {
        let _ = write!(h, "<tr><th>{k}</th><td>{v}</td></tr>");
    }
    h.push_str("</table></section>\n");
}

fn signatures(h: &mut String, r: &Report) {
    h.push_str("<section id=\"signatures\"><h2>2. Signatures</h2>");
    for s in &r.signatures {
        let _ =
            write!(
            h,
            "<h3>{}</h3><p>{}{}coverage {}/{} members measured ({}%); used {} up, {} down; {}.</p>",
            escape(&s.name),
            match (&s.cancer, &s.set) {
                (Some(c), Some(set)) => format!("Built-in {} set for {}. ", escape(set), escape(c)),
                _ => "User signature. ".to_string(),
            },
            s.source.as_deref().map(|x| format!("Source: {}. ", escape(x))).unwrap_or_default(),
            s.found,
            s.listed,
            format_args!("{:.0}", 100.0 * s.coverage),
            s.n_up_used,
            s.n_down_used,
            escape(&s.combination)
        );
        if !s.missing.is_empty() {
            let _ = write!(
                h,
                "<p class=\"status-missing\">Not measured: {}</p>",
                escape(&s.missing.join(", "))
            );
        }
        if !s.dropped.is_empty() {
            let _ = write!(
                h,
                "<p class=\"status-dropped\">Measured but dropped (constant or incomplete): {}</p>",
                escape(&s.dropped.join(", "))
            );
        }
        h.push_str("<table><tr><th>member</th><th>MIMAT</th><th>direction</th><th>status</th><th>as written</th><th>source rows</th><th>evidence</th><th>conflict</th></tr>");
        for m in &s.members {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"status-{st}\">{st}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&m.name),
                opt(&m.id),
                if m.direction > 0 { "up (+1)" } else { "down (-1)" },
                opt(&m.as_written),
                opt(&m.source),
                escape(&m.evidence.join(", ")),
                if m.conflict { format!("yes: {}", opt(&m.conflict_reason)) } else { "no".to_string() },
                st = m.status
            );
        }
        let _ = write!(h, "</table><p class=\"note\">SHA-256 of the canonical text: <span class=\"mono\">{}</span></p>", s.sha256);
    }
    h.push_str("</section>\n");
}

/// Scores of signature `k` by group: (label, colour, [(sample, score)]); `other` only when any.
fn labelled(r: &Report, k: usize) -> Vec<svg::StripGroup<'_>> {
    let mut out = Vec::new();
    for (group, label, colour) in [
        ("case", r.data.case_label.as_str(), svg::CASE),
        ("control", r.data.control_label.as_str(), svg::CONTROL),
        ("other", "other", svg::OTHER),
    ] {
        let pts: Vec<(&str, f64)> = r
            .samples
            .iter()
            .filter(|s| s.group == group)
            .map(|s| (s.sample.as_str(), s.scores[k]))
            .collect();
        if group != "other" || !pts.is_empty() {
            out.push(svg::StripGroup {
                label,
                colour,
                points: pts,
            });
        }
    }
    out
}

fn scores(h: &mut String, r: &Report) {
    h.push_str("<section id=\"scores\"><h2>3. Per-sample scores</h2><p class=\"note\">Each point is a sample; the bar is the group median. Higher scores mean higher risk as the signature states it.</p><div class=\"plots\">");
    for (k, s) in r.signatures.iter().enumerate() {
        let _ = write!(
            h,
            "<figure><figcaption>{}</figcaption>{}</figure>",
            escape(&s.name),
            svg::strip_plot(&s.name, &labelled(r, k))
        );
    }
    h.push_str("</div><div class=\"scroll\"><table><tr><th>sample</th><th>group</th>");
    for s in &r.signatures {
        let _ = write!(h, "<th>{}</th>", escape(&s.name));
    }
    h.push_str("</tr>");
    for row in &r.samples {
        let label = match row.group {
            "case" => r.data.case_label.as_str(),
            "control" => r.data.control_label.as_str(),
            _ => "other",
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td>",
            escape(&row.sample),
            escape(label)
        );
        for &v in &row.scores {
            h.push_str(&cell(v));
        }
        h.push_str("</tr>");
    }
    h.push_str("</table></div></section>\n");
}

fn roc(h: &mut String, r: &Report) {
    h.push_str("<section id=\"roc\"><h2>4. Discrimination (ROC)</h2><p class=\"note\">Empirical ROC curve of the score, cases against controls (a sample is called a case when its score is at least the threshold). The interval given is DeLong's 95% confidence interval <em>of the AUC</em> (pROC <code>ci.auc</code>, method delong); no pointwise band is drawn. The AUC is never flipped: below 0.5 means the signature ranks controls higher.</p><div class=\"plots\">");
    for s in &r.signatures {
        let t = &s.test;
        let caption = format!(
            "AUC {} (95% CI {} to {})",
            num(t.auc),
            num(t.auc_ci_lo),
            num(t.auc_ci_hi)
        );
        let _ = write!(
            h,
            "<figure><figcaption>{}</figcaption>{}</figure>",
            escape(&s.name),
            svg::roc_plot(&s.name, &s.roc, &caption)
        );
    }
    h.push_str("</div></section>\n");
}

fn tests(h: &mut String, r: &Report) {
    h.push_str("<section id=\"tests\"><h2>5. Group tests</h2><table><tr><th>signature</th><th>n case</th><th>n control</th><th>mean case</th><th>mean control</th><th>difference</th><th>Welch t</th><th>df</th><th>Welch p</th><th>Welch p (BH)</th><th>MWU U</th><th>MWU p</th><th>MWU p (BH)</th><th>AUC</th><th>95% CI (DeLong)</th><th>Hedges g</th></tr>");
    for s in &r.signatures {
        let t = &s.test;
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{}{}{}{}{}<td class=\"n\">{}</td><td class=\"n\">{}</td>{}<td class=\"n\">{}</td><td class=\"n\">{}</td>{}<td class=\"n\">{} to {}</td>{}</tr>",
            escape(&s.name),
            t.n_case,
            t.n_control,
            cell(t.mean_case),
            cell(t.mean_control),
            cell(t.diff),
            cell(t.welch_t),
            cell(t.welch_df),
            pval(t.welch_p),
            pval(t.welch_p_bh),
            cell(t.mwu_u),
            pval(t.mwu_p),
            pval(t.mwu_p_bh),
            cell(t.auc),
            num(t.auc_ci_lo),
            num(t.auc_ci_hi),
            cell(t.hedges_g)
        );
    }
    h.push_str("</table><p class=\"note\">Welch: unequal-variance t test (SciPy/R). MWU: Mann-Whitney U of the cases, two-sided (normal approximation with tie and continuity correction unless the smaller group has at most 8 values and there are no ties). AUC = P(case &gt; control) + 0.5 P(tie). BH: Benjamini-Hochberg across the signatures of this report. Two-sided p-values; no test is adjusted for the choice of signatures made before this report.</p></section>\n");
}

fn null(h: &mut String, r: &Report) {
    h.push_str("<section id=\"null\"><h2>6. Random-signature null</h2><p class=\"note\">Each random signature has the same numbers of up and down members as the signature scored, drawn without replacement from the measured, non-constant features (ChaCha20, one stream per draw, so the draws do not depend on the thread count), and is scored with the same method. p_random = (1 + number of random AUCs at least the observed one) / (1 + N).</p><div class=\"plots\">");
    for s in &r.signatures {
        let n = &s.null;
        let _ = write!(
            h,
            "<figure><figcaption>{}: N = {}, {} up + {} down from {} features, seed {}; observed AUC {}, p_random = {}</figcaption>{}</figure>",
            escape(&s.name),
            n.n_random,
            n.n_up,
            n.n_down,
            n.n_eligible,
            n.seed,
            num(n.observed_auc),
            pval(n.p_random),
            svg::null_histogram(&s.name, &n.histogram, n.observed_auc)
        );
    }
    h.push_str("</div></section>\n");
}

fn heatmaps(h: &mut String, r: &Report) {
    h.push_str("<section id=\"heatmap\"><h2>7. Member heatmap</h2><p class=\"note\">z-scores of the members used (per feature across all samples, sample standard deviation), samples ordered by score from lowest (left) to highest (right); the strip on top marks cases (red) and controls (blue). For down members a low z is the risk direction.</p>");
    for s in &r.signatures {
        let _ = write!(
            h,
            "<h3>{}</h3>{}",
            escape(&s.name),
            svg::heatmap(&s.name, &s.heatmap)
        );
    }
    h.push_str("</section>\n");
}

fn warnings(h: &mut String, r: &Report) {
    h.push_str("<section id=\"warnings\"><h2>9. Warnings</h2>");
    if r.warnings.is_empty() {
        h.push_str("<p>None.</p>");
    } else {
        h.push_str("<table><tr><th>code</th><th>count</th><th>message</th></tr>");
        for w in r.warnings.iter() {
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                w.code,
                w.count,
                escape(&w.message)
            );
        }
        h.push_str("</table>");
    }
    h.push_str("</section>\n");
}

fn provenance(h: &mut String, r: &Report) {
    let p = &r.provenance;
    h.push_str("<section id=\"provenance\"><h2>11. Provenance</h2><table>");
    let _ = write!(
        h,
        "<tr><th>osteomir</th><td>{} (git commit <span class=\"mono\">{}</span>)</td></tr>",
        p.osteomir_version, p.git_commit
    );
    let argv: Vec<String> = p.argv.iter().map(|a| escape(a)).collect();
    let _ = write!(
        h,
        "<tr><th>command line</th><td class=\"mono\">{}</td></tr>",
        argv.join(" ")
    );
    if let Some(t) = &p.generated_at {
        let _ = write!(h, "<tr><th>generated at</th><td>{}</td></tr>", escape(t));
    }
    h.push_str("</table><h3>Inputs</h3><table><tr><th>role</th><th>path</th><th>bytes</th><th>SHA-256</th></tr>");
    for f in &p.inputs {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"mono\">{}</td></tr>",
            f.role,
            escape(&f.path),
            f.bytes,
            f.sha256
        );
    }
    let _ = write!(h, "</table><h3>Signatures</h3><p class=\"note\">{}</p><table><tr><th>name</th><th>SHA-256</th></tr>", escape(p.signature_canonical_form));
    for s in &p.signatures {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"mono\">{}</td></tr>",
            escape(&s.name),
            s.sha256
        );
    }
    h.push_str("</table><h3>Parameters</h3><table>");
    if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(&p.parameters) {
        for (k, v) in map {
            let text = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            let _ = write!(
                h,
                "<tr><th>{}</th><td>{}</td></tr>",
                escape(&k),
                escape(&text)
            );
        }
    }
    h.push_str("</table></section>\n");
}

fn calibration(h: &mut String, r: &Report) {
    let _ = write!(
        h,
        "<section id=\"calibration\"><h2>8. Model calibration</h2><p class=\"note\">{}</p>",
        escape(&r.model.note)
    );
    if let Some(c) = &r.model.calibration {
        let _ = write!(
            h,
            "<p>Brier score {}; calibration slope {}, intercept {} (ideal 1 and 0).</p><div class=\"plots\"><figure><figcaption>predicted vs observed, bins of predicted risk</figcaption>{}</figure></div><table><tr><th>bin</th><th>n</th><th>mean predicted</th><th>observed</th></tr>",
            num(c.brier),
            num(c.slope),
            num(c.intercept),
            svg::calibration_plot(
                "calibration",
                &c.table
                    .iter()
                    .map(|b| (b.mean_predicted, b.observed, b.n))
                    .collect::<Vec<_>>()
            )
        );
        for b in &c.table {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                b.bin,
                b.n,
                num(b.mean_predicted),
                num(b.observed)
            );
        }
        h.push_str("</table>");
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_values_and_numbers_follow_one_rule() {
        assert_eq!(pval(0.04321), "0.043");
        assert_eq!(pval(1.234e-7), "1.23e-7");
        assert_eq!(pval(0.0), "&lt; 1e-16");
        assert_eq!(num(0.0), "0.000");
        assert_eq!(num(f64::INFINITY), "inf");
    }

    #[test]
    fn escape_covers_quotes_and_apostrophes() {
        assert_eq!(escape("'x'&<>"), "&#39;x&#39;&amp;&lt;&gt;");
    }
}
