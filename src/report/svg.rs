//! The report's plots as inline SVG text (no scripts, no external references).
//!
//! Coordinates are printed with two decimals, so the same data always give the same bytes. All
//! text that comes from the user (sample and member names) is escaped. Colours: cases red,
//! controls blue, other samples grey; the heatmap is a blue-white-red scale clipped at |z| = 3.

use super::html::escape;
use super::roc_curve::RocPoint;
use super::Heatmap;

/// Colour of the cases.
pub const CASE: &str = "#b2182b";
/// Colour of the controls.
pub const CONTROL: &str = "#2166ac";
/// Colour of samples in neither group.
pub const OTHER: &str = "#888888";

fn n(v: f64) -> String {
    format!("{v:.2}")
}

fn open(width: f64, height: f64, label: &str) -> String {
    format!(
        "<svg class=\"plot\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{l}\">",
        w = n(width),
        h = n(height),
        l = escape(label)
    )
}

/// Nice axis ticks covering [lo, hi]: about five round numbers.
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil();
    let mut out = Vec::new();
    let mut k = 0.0;
    while (first + k) * step <= hi + step * 1e-9 {
        let t = (first + k) * step;
        out.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        k += 1.0;
    }
    out
}

fn tick_label(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A deterministic jitter in [-0.5, 0.5) for the i-th point (golden-ratio sequence).
fn jitter(i: usize) -> f64 {
    ((i as f64) * 0.618_033_988_749_895).fract() - 0.5
}

/// One column of a strip plot.
#[derive(Debug, Clone)]
pub struct StripGroup<'a> {
    /// Group label.
    pub label: &'a str,
    /// Point colour.
    pub colour: &'static str,
    /// (sample, score) pairs.
    pub points: Vec<(&'a str, f64)>,
}

/// Strip plot of scores by group: one column per group, points jittered horizontally, the
/// median as a bar.
pub fn strip_plot(title: &str, groups: &[StripGroup<'_>]) -> String {
    let (w, h) = (120.0 + 140.0 * groups.len() as f64, 300.0);
    let (left, top, bottom) = (60.0, 20.0, 40.0);
    let values: Vec<f64> = groups
        .iter()
        .flat_map(|g| g.points.iter().map(|p| p.1))
        .filter(|v| v.is_finite())
        .collect();
    let mut out = open(w, h, title);
    if values.is_empty() {
        out.push_str("<text x=\"10\" y=\"20\">no scores</text></svg>");
        return out;
    }
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = if hi > lo { 0.05 * (hi - lo) } else { 1.0 };
    let (lo, hi) = (lo - pad, hi + pad);
    let y = |v: f64| top + (h - top - bottom) * (hi - v) / (hi - lo);
    out.push_str(&format!(
        "<line class=\"axis\" x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{b}\"/>",
        l = n(left),
        t = n(top),
        b = n(h - bottom)
    ));
    for t in ticks(lo, hi) {
        out.push_str(&format!(
            "<line class=\"grid\" x1=\"{l}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\"/><text class=\"tick\" x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\">{lab}</text>",
            l = n(left),
            r = n(w - 10.0),
            y = n(y(t)),
            tx = n(left - 6.0),
            ty = n(y(t) + 4.0),
            lab = tick_label(t)
        ));
    }
    let mut k = 0;
    for (
        g,
        StripGroup {
            label,
            colour,
            points,
        },
    ) in groups.iter().enumerate()
    {
        let cx = left + 90.0 + 140.0 * g as f64;
        let mut finite: Vec<f64> = points
            .iter()
            .map(|p| p.1)
            .filter(|v| v.is_finite())
            .collect();
        finite.sort_by(f64::total_cmp);
        for (sample, v) in points.iter().filter(|p| p.1.is_finite()) {
            out.push_str(&format!(
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"3.5\" fill=\"{colour}\" fill-opacity=\"0.7\"><title>{s}: {v}</title></circle>",
                x = n(cx + 70.0 * jitter(k)),
                y = n(y(*v)),
                s = escape(sample),
                v = super::html::num(*v)
            ));
            k += 1;
        }
        if !finite.is_empty() {
            let m = finite.len();
            let median = if m % 2 == 1 {
                finite[m / 2]
            } else {
                (finite[m / 2 - 1] + finite[m / 2]) / 2.0
            };
            out.push_str(&format!(
                "<line class=\"median\" x1=\"{a}\" y1=\"{y}\" x2=\"{b}\" y2=\"{y}\"/>",
                a = n(cx - 45.0),
                b = n(cx + 45.0),
                y = n(y(median))
            ));
        }
        out.push_str(&format!(
            "<text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\">{l} (n = {c})</text>",
            x = n(cx),
            y = n(h - bottom + 22.0),
            l = escape(label),
            c = finite.len()
        ));
    }
    out.push_str(&format!(
        "<text class=\"axis-title\" x=\"14\" y=\"{y}\" transform=\"rotate(-90 14 {y})\" text-anchor=\"middle\">score</text></svg>",
        y = n((top + h - bottom) / 2.0)
    ));
    out
}

/// The frame, 0-1 ticks on both axes and the diagonal of a unit-square plot (ROC, calibration).
fn unit_square(out: &mut String, x: &dyn Fn(f64) -> f64, y: &dyn Fn(f64) -> f64, plot: f64) {
    out.push_str(&format!(
        "<rect class=\"frame\" x=\"{a}\" y=\"{b}\" width=\"{p}\" height=\"{p}\"/>",
        a = n(x(0.0)),
        b = n(y(1.0)),
        p = n(plot)
    ));
    for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
        out.push_str(&format!(
            "<text class=\"tick\" x=\"{a}\" y=\"{b}\" text-anchor=\"middle\">{l}</text><text class=\"tick\" x=\"{c}\" y=\"{d}\" text-anchor=\"end\">{l}</text>",
            a = n(x(t)),
            b = n(y(0.0) + 16.0),
            c = n(x(0.0) - 5.0),
            d = n(y(t) + 4.0),
            l = tick_label(t)
        ));
    }
    out.push_str(&format!(
        "<line class=\"chance\" x1=\"{a}\" y1=\"{b}\" x2=\"{c}\" y2=\"{d}\"/>",
        a = n(x(0.0)),
        b = n(y(0.0)),
        c = n(x(1.0)),
        d = n(y(1.0))
    ));
}

/// ROC curve with the chance diagonal; the AUC and its DeLong CI are written in the corner.
pub fn roc_plot(title: &str, points: &[RocPoint], caption: &str) -> String {
    let (size, m) = (300.0, 45.0);
    let plot = size - 2.0 * m + 20.0;
    let x = |f: f64| m + plot * f;
    let y = |t: f64| size - m - plot * t + 10.0;
    let mut out = open(size + 20.0, size + 40.0, title);
    unit_square(&mut out, &x, &y, plot);
    if !points.is_empty() {
        let path: Vec<String> = points
            .iter()
            .map(|p| format!("{},{}", n(x(p.fpr)), n(y(p.tpr))))
            .collect();
        out.push_str(&format!(
            "<polyline class=\"roc\" points=\"{}\"/>",
            path.join(" ")
        ));
    }
    out.push_str(&format!(
        "<text x=\"{a}\" y=\"{b}\" text-anchor=\"middle\">{c}</text>",
        a = n(x(0.5)),
        b = n(y(0.0) + 54.0),
        c = escape(caption)
    ));
    out.push_str(&format!(
        "<text class=\"axis-title\" x=\"{a}\" y=\"{b}\" text-anchor=\"middle\">1 - specificity</text><text class=\"axis-title\" x=\"12\" y=\"{c}\" transform=\"rotate(-90 12 {c})\" text-anchor=\"middle\">sensitivity</text></svg>",
        a = n(x(0.5)),
        b = n(y(0.0) + 34.0),
        c = n(y(0.5))
    ));
    out
}

/// Histogram of null AUCs over [0, 1] with the observed AUC as a vertical line.
pub fn null_histogram(title: &str, counts: &[usize], observed: f64) -> String {
    let (w, h) = (420.0, 240.0);
    let (left, right, top, bottom) = (45.0, 15.0, 15.0, 45.0);
    let pw = w - left - right;
    let ph = h - top - bottom;
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let x = |a: f64| left + pw * a;
    let mut out = open(w, h, title);
    let bw = pw / counts.len().max(1) as f64;
    for (b, &c) in counts.iter().enumerate() {
        let bh = ph * c as f64 / max;
        out.push_str(&format!(
            "<rect class=\"bar\" x=\"{a}\" y=\"{b}\" width=\"{c}\" height=\"{d}\"><title>{e}</title></rect>",
            a = n(left + bw * b as f64 + 0.5),
            b = n(top + ph - bh),
            c = n((bw - 1.0).max(0.5)),
            d = n(bh),
            e = c
        ));
    }
    out.push_str(&format!(
        "<line class=\"axis\" x1=\"{l}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\"/>",
        l = n(left),
        r = n(w - right),
        b = n(top + ph)
    ));
    for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
        out.push_str(&format!(
            "<text class=\"tick\" x=\"{a}\" y=\"{b}\" text-anchor=\"middle\">{l}</text>",
            a = n(x(t)),
            b = n(top + ph + 16.0),
            l = tick_label(t)
        ));
    }
    out.push_str(&format!(
        "<text class=\"tick\" x=\"{a}\" y=\"{b}\" text-anchor=\"end\">{m}</text>",
        a = n(left - 5.0),
        b = n(top + 8.0),
        m = max as usize
    ));
    if observed.is_finite() {
        out.push_str(&format!(
            "<line class=\"observed\" x1=\"{a}\" y1=\"{t}\" x2=\"{a}\" y2=\"{b}\"/><text x=\"{tx}\" y=\"{ty}\">observed {o}</text>",
            a = n(x(observed)),
            t = n(top),
            b = n(top + ph),
            tx = n((x(observed) + 4.0).min(w - 110.0)),
            ty = n(top + 12.0),
            o = super::html::num(observed)
        ));
    }
    out.push_str(&format!(
        "<text class=\"axis-title\" x=\"{a}\" y=\"{b}\" text-anchor=\"middle\">AUC of random signatures</text></svg>",
        a = n(x(0.5)),
        b = n(h - 8.0)
    ));
    out
}

fn heat_colour(z: f64) -> String {
    if !z.is_finite() {
        return "#dddddd".to_string();
    }
    let t = (z / 3.0).clamp(-1.0, 1.0);
    // White at 0, red (178, 24, 43) at +3, blue (33, 102, 172) at -3.
    let (r, g, b) = if t >= 0.0 {
        (178.0, 24.0, 43.0)
    } else {
        (33.0, 102.0, 172.0)
    };
    let a = t.abs();
    let mix = |c: f64| (255.0 + (c - 255.0) * a).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(r), mix(g), mix(b))
}

/// Heatmap of member z-scores; columns are samples ordered by score, with a group strip on top.
pub fn heatmap(title: &str, h: &Heatmap) -> String {
    let cols = h.samples.len();
    let rows = h.members.len();
    let label_w = 190.0;
    let cell_w = (760.0 / cols.max(1) as f64).clamp(3.0, 16.0);
    let cell_h = 16.0;
    let top = 30.0;
    let width = label_w + cell_w * cols as f64 + 20.0;
    let height = top + cell_h * rows as f64 + 40.0;
    let mut out = open(width, height, title);
    for (j, (sample, group)) in h.samples.iter().zip(&h.groups).enumerate() {
        let colour = match *group {
            "case" => CASE,
            "control" => CONTROL,
            _ => OTHER,
        };
        out.push_str(&format!(
            "<rect x=\"{x}\" y=\"10\" width=\"{w}\" height=\"12\" fill=\"{colour}\"><title>{s} ({group})</title></rect>",
            x = n(label_w + cell_w * j as f64),
            w = n(cell_w),
            s = escape(sample)
        ));
    }
    for (i, (member, dir)) in h.members.iter().zip(&h.directions).enumerate() {
        let y = top + cell_h * i as f64;
        out.push_str(&format!(
            "<text class=\"tick\" x=\"{x}\" y=\"{ty}\" text-anchor=\"end\">{m} ({d})</text>",
            x = n(label_w - 6.0),
            ty = n(y + 12.0),
            m = escape(member),
            d = if *dir > 0 { "up" } else { "down" }
        ));
        for j in 0..cols {
            let z = h.z[i][j];
            out.push_str(&format!(
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{hh}\" fill=\"{c}\"><title>{m} / {s}: z = {v}</title></rect>",
                x = n(label_w + cell_w * j as f64),
                y = n(y),
                w = n(cell_w),
                hh = n(cell_h),
                c = heat_colour(z),
                m = escape(member),
                s = escape(&h.samples[j]),
                v = super::html::num(z)
            ));
        }
    }
    let ly = top + cell_h * rows as f64 + 14.0;
    for (k, z) in [-3.0, -1.5, 0.0, 1.5, 3.0].iter().enumerate() {
        out.push_str(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"30\" height=\"10\" fill=\"{c}\" stroke=\"#999\" stroke-width=\"0.5\"/><text class=\"tick\" x=\"{tx}\" y=\"{ty}\" text-anchor=\"middle\">{l}</text>",
            x = n(label_w + 32.0 * k as f64),
            y = n(ly),
            c = heat_colour(*z),
            tx = n(label_w + 32.0 * k as f64 + 15.0),
            ty = n(ly + 22.0),
            l = tick_label(*z)
        ));
    }
    out.push_str(&format!(
        "<text class=\"tick\" x=\"{x}\" y=\"{y}\">z (lower score to the left, higher to the right)</text></svg>",
        x = n(label_w + 32.0 * 5.0 + 8.0),
        y = n(ly + 9.0)
    ));
    out
}

/// Calibration plot: mean predicted risk against the observed share of cases per bin, with the
/// line of perfect calibration; point areas follow the bin sizes.
pub fn calibration_plot(title: &str, bins: &[(f64, f64, usize)]) -> String {
    let (size, m) = (300.0, 45.0);
    let plot = size - 2.0 * m + 20.0;
    let x = |f: f64| m + plot * f;
    let y = |t: f64| size - m - plot * t + 10.0;
    let mut out = open(size + 20.0, size + 20.0, title);
    unit_square(&mut out, &x, &y, plot);
    let largest = bins.iter().map(|b| b.2).max().unwrap_or(1).max(1) as f64;
    for &(predicted, observed, count) in bins.iter().filter(|b| b.0.is_finite() && b.1.is_finite())
    {
        out.push_str(&format!(
            "<circle class=\"roc\" cx=\"{a}\" cy=\"{b}\" r=\"{r}\"/>",
            a = n(x(predicted)),
            b = n(y(observed)),
            r = n(2.5 + 5.0 * (count as f64 / largest).sqrt())
        ));
    }
    out.push_str(&format!(
        "<text class=\"axis-title\" x=\"{a}\" y=\"{b}\" text-anchor=\"middle\">mean predicted risk</text><text class=\"axis-title\" x=\"12\" y=\"{c}\" transform=\"rotate(-90 12 {c})\" text-anchor=\"middle\">observed share of cases</text></svg>",
        a = n(x(0.5)),
        b = n(y(0.0) + 34.0),
        c = n(y(0.5))
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heat_colour_is_white_at_zero_and_saturates_beyond_three() {
        assert_eq!(heat_colour(0.0), "#ffffff");
        assert_eq!(heat_colour(3.0), heat_colour(10.0));
        assert_eq!(heat_colour(-3.0), "#2166ac");
        assert_eq!(heat_colour(f64::NAN), "#dddddd");
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let labels: Vec<String> = ticks(0.0, 1.0).into_iter().map(tick_label).collect();
        assert_eq!(labels, ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
        assert_eq!(tick_label(0.6000000000000001), "0.6");
        assert_eq!(tick_label(-0.0), "0");
    }

    #[test]
    fn user_text_in_plots_is_escaped() {
        let svg = strip_plot(
            "t",
            &[StripGroup {
                label: "a<b",
                colour: CASE,
                points: vec![("<script>", 1.0)],
            }],
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
    }
}
