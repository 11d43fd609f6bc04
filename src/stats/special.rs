//! Special functions the statistics need at full double precision.
//!
//! * [`digamma`], [`trigamma`], [`tetragamma`]: recurrence up to x >= 10, then the asymptotic
//!   (Stirling-type) series; relative error below 1e-15 for x > 0.
//! * [`trigamma_inverse`]: limma's `trigammaInverse` (Newton iteration on 1/trigamma, same start
//!   value, same stopping rule and the same shortcuts for very small and very large arguments).
//! * [`t_sf2`]: two-sided Student t tail probability P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2).
//! * [`t_quantile_upper`]: the t quantile with upper tail q, Newton-refined on [`t_sf2`].

use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::beta::{beta_reg, inv_beta_reg};
use statrs::function::gamma::ln_gamma;

const SHIFT: f64 = 10.0;

/// The digamma function psi(x) = d/dx ln Gamma(x) for x > 0 (NaN otherwise).
pub fn digamma(mut x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    let mut acc = 0.0;
    while x < SHIFT {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let x2 = 1.0 / (x * x);
    // Bernoulli series: ln x - 1/(2x) - sum B_2k / (2k x^2k)
    let series = x2
        * (1.0 / 12.0
            - x2 * (1.0 / 120.0
                - x2 * (1.0 / 252.0
                    - x2 * (1.0 / 240.0 - x2 * (1.0 / 132.0 - x2 * (691.0 / 32760.0))))));
    acc + x.ln() - 0.5 / x - series
}

/// The trigamma function psi'(x) for x > 0 (NaN otherwise).
pub fn trigamma(mut x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    let mut acc = 0.0;
    while x < SHIFT {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    let z = 1.0 / x;
    let z2 = z * z;
    // 1/x + 1/(2x^2) + sum B_2k / x^(2k+1)
    let series = z
        + 0.5 * z2
        + z * z2
            * (1.0 / 6.0
                - z2 * (1.0 / 30.0
                    - z2 * (1.0 / 42.0
                        - z2 * (1.0 / 30.0 - z2 * (5.0 / 66.0 - z2 * (691.0 / 2730.0))))));
    acc + series
}

/// The tetragamma function psi''(x) for x > 0 (NaN otherwise).
pub fn tetragamma(mut x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    let mut acc = 0.0;
    while x < SHIFT {
        acc -= 2.0 / (x * x * x);
        x += 1.0;
    }
    let z = 1.0 / x;
    let z2 = z * z;
    // -1/x^2 - 1/x^3 - sum (2k+1) B_2k / x^(2k+2)
    let series = -z2
        - z * z2
        - z2 * z2
            * (0.5
                - z2 * (1.0 / 6.0
                    - z2 * (1.0 / 6.0
                        - z2 * (3.0 / 10.0 - z2 * (5.0 / 6.0 - z2 * (691.0 / 210.0))))));
    acc + series
}

/// limma's `trigammaInverse(x)`: the y > 0 with trigamma(y) = x.
///
/// Same algorithm as limma 3.54: x > 1e7 gives 1/sqrt(x), x < 1e-6 gives 1/x, otherwise Newton
/// steps on 1/trigamma from y = 0.5 + 1/x until the relative step is below 1e-8 (at most 50).
/// NaN for x < 0 or NaN.
pub fn trigamma_inverse(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x > 1e7 {
        return 1.0 / x.sqrt();
    }
    if x < 1e-6 {
        return 1.0 / x;
    }
    let mut y = 0.5 + 1.0 / x;
    for _ in 0..=50 {
        let tri = trigamma(y);
        let dif = tri * (1.0 - tri / x) / tetragamma(y);
        y += dif;
        if -dif / y < 1e-8 {
            break;
        }
    }
    y
}

/// Two-sided Student t p-value P(|T| >= |t|) with `df` degrees of freedom (df may be fractional
/// or infinite, where it is the normal tail). NaN for NaN input or df <= 0.
pub fn t_sf2(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if t.is_infinite() {
        return 0.0;
    }
    if df.is_infinite() || df > 1e10 {
        return 2.0 * normal_sf(t.abs());
    }
    let x = df / (df + t * t);
    if x >= 1.0 {
        return 1.0;
    }
    beta_reg(0.5 * df, 0.5, x)
}

/// Upper tail of the standard normal, P(Z > z).
pub fn normal_sf(z: f64) -> f64 {
    // 0.5 * erfc(z / sqrt 2), accurate in the far tail.
    0.5 * statrs::function::erf::erfc(z / std::f64::consts::SQRT_2)
}

/// Standard normal quantile.
pub fn normal_quantile(p: f64) -> f64 {
    match Normal::new(0.0, 1.0) {
        Ok(n) => n.inverse_cdf(p),
        Err(_) => f64::NAN,
    }
}

fn t_density(t: f64, df: f64) -> f64 {
    let ln = ln_gamma(0.5 * (df + 1.0))
        - ln_gamma(0.5 * df)
        - 0.5 * (df * std::f64::consts::PI).ln()
        - 0.5 * (df + 1.0) * (1.0 + t * t / df).ln();
    ln.exp()
}

/// The t quantile t with P(T > t) = q for 0 < q < 1/2 (R's `qt(q, df, lower.tail = FALSE)`),
/// computed from statrs' inverse regularised beta and refined by Newton steps on [`t_sf2`].
pub fn t_quantile_upper(q: f64, df: f64) -> f64 {
    if q.is_nan() || !(0.0..=1.0).contains(&q) || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if q >= 0.5 {
        return -t_quantile_upper(1.0 - q, df);
    }
    if q == 0.0 {
        return f64::INFINITY;
    }
    let y = inv_beta_reg(0.5 * df, 0.5, 2.0 * q);
    let mut t = (df * (1.0 - y) / y).sqrt();
    for _ in 0..8 {
        let f = 0.5 * t_sf2(t, df) - q;
        let d = t_density(t, df);
        if d <= 0.0 || !d.is_finite() {
            break;
        }
        let step = f / d;
        t += step;
        if step.abs() <= 1e-15 * t.abs() {
            break;
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn polygammas_match_known_values() {
        // psi(1) = -gamma, psi'(1) = pi^2/6, psi''(1) = -2 zeta(3)
        assert!(rel(digamma(1.0), -0.577_215_664_901_532_9) < 1e-14);
        assert!(rel(trigamma(1.0), std::f64::consts::PI.powi(2) / 6.0) < 1e-15);
        assert!(rel(tetragamma(1.0), -2.0 * 1.202_056_903_159_594_2) < 1e-15);
        assert!(rel(digamma(0.5), -1.963_510_026_021_423_5) < 1e-14);
    }

    #[test]
    fn trigamma_inverse_inverts() {
        for y in [0.01, 0.7, 3.0, 25.0, 400.0] {
            assert!(rel(trigamma_inverse(trigamma(y)), y) < 1e-9, "{y}");
        }
    }

    #[test]
    fn t_quantile_inverts_the_tail() {
        for df in [1.0, 3.5, 30.0, 1000.0] {
            for q in [0.25, 1e-3, 1e-9] {
                let t = t_quantile_upper(q, df);
                assert!(rel(0.5 * t_sf2(t, df), q) < 1e-12, "{df} {q}");
            }
        }
    }
}
