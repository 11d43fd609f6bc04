//! PLAGE (Tomfohr, Lu & Kepler 2005, BMC Bioinformatics 6:225) as in Bioconductor GSVA 1.46
//! `method = "plage"`.
//!
//! Each feature is standardised across samples (z = (x - mean) / sd, n - 1 denominator, R's
//! `scale`); the score of a set is the first right singular vector of its k x n member-by-sample
//! matrix Z, a unit vector over samples. Rows constant across samples (sd < 1e-10) or with a missing
//! value are dropped before sets are mapped, as GSVA does.
//!
//! Sign: an SVD fixes a singular vector only up to sign, and GSVA returns whatever LAPACK gives. We
//! fix it so the score correlates positively with c = mean z of the up members - mean z of the
//! down members (a missing half contributes 0): v is flipped when v . c < 0 (both are centred, so
//! this is the sign of their correlation). The singular vector itself does not depend on the
//! members' directions (flipping a row of Z leaves Z'Z unchanged), so for directional signatures the
//! directions only choose the sign.
//!
//! Computation: the top eigenvector of the smaller Gram matrix (Z Z' when k <= n, then v = Z'u /
//! |Z'u|; else Z'Z) by cyclic Jacobi rotations, accurate to ~1e-14 when the top singular value is
//! separated from the next. Cost: O(k n min(k, n) + min(k, n)^3) per set.

use ndarray::{Array2, ArrayView2};

use super::sets::{gsva_keeps, keep_rows, usable_sets};
use super::SetReport;
use crate::io::warnings::Warnings;
use crate::signature::MappedSignature;

/// Eigenvector of the largest eigenvalue of the symmetric matrix `a` (cyclic Jacobi).
fn top_eigenvector(mut a: Array2<f64>) -> Vec<f64> {
    let m = a.nrows();
    let mut v = Array2::<f64>::eye(m);
    for _sweep in 0..100 {
        let off: f64 = (0..m)
            .flat_map(|p| (0..m).filter(move |&q| q != p).map(move |q| (p, q)))
            .map(|(p, q)| a[[p, q]] * a[[p, q]])
            .sum();
        let scale: f64 = (0..m).map(|p| a[[p, p]] * a[[p, p]]).sum();
        if off <= 1e-30 * scale || off == 0.0 {
            break;
        }
        for p in 0..m {
            for q in p + 1..m {
                let apq = a[[p, q]];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[[q, q]] - a[[p, p]]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..m {
                    let akp = a[[k, p]];
                    let akq = a[[k, q]];
                    a[[k, p]] = c * akp - s * akq;
                    a[[k, q]] = s * akp + c * akq;
                }
                for k in 0..m {
                    let apk = a[[p, k]];
                    let aqk = a[[q, k]];
                    a[[p, k]] = c * apk - s * aqk;
                    a[[q, k]] = s * apk + c * aqk;
                }
                for k in 0..m {
                    let vkp = v[[k, p]];
                    let vkq = v[[k, q]];
                    v[[k, p]] = c * vkp - s * vkq;
                    v[[k, q]] = s * vkp + c * vkq;
                }
            }
        }
    }
    let top = (0..m)
        .max_by(|&i, &j| a[[i, i]].total_cmp(&a[[j, j]]))
        .unwrap_or(0);
    v.column(top).to_vec()
}

/// First right singular vector of `z` (k x n), unit length, sign as computed.
pub fn first_right_singular_vector(z: ArrayView2<'_, f64>) -> Vec<f64> {
    let (k, n) = z.dim();
    let v = if k <= n {
        let u = top_eigenvector(z.dot(&z.t()));
        z.t().dot(&ndarray::Array1::from(u)).to_vec()
    } else {
        top_eigenvector(z.t().dot(&z))
    };
    let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
    v.iter().map(|x| x / norm).collect()
}

/// Scores `signatures` on `expr` (features x samples); returns signatures x samples.
pub fn score(
    expr: ArrayView2<'_, f64>,
    features: &[String],
    signatures: &[MappedSignature],
) -> (Array2<f64>, Vec<SetReport>, Warnings) {
    let (kept, rows) = keep_rows(expr, gsva_keeps);
    let (sets, reports, warnings) = usable_sets(
        signatures,
        features,
        &kept,
        "first right singular vector of all members' z, sign: positive correlation with mean z(up) - mean z(down)",
        "constant or incomplete across samples (dropped, as GSVA does)",
    );
    let n = expr.ncols();
    let standardised = |k: usize| -> Vec<f64> {
        let x = expr.row(rows[k]);
        let mean = x.sum() / n as f64;
        let sd = (x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64).sqrt();
        x.iter().map(|v| (v - mean) / sd).collect()
    };
    let mut scores = Array2::<f64>::from_elem((signatures.len(), n), f64::NAN);
    for (s, set) in sets.iter().enumerate() {
        let members: Vec<usize> = set.up.iter().chain(&set.down).copied().collect();
        if members.is_empty() {
            continue;
        }
        let mut z = Array2::<f64>::zeros((members.len(), n));
        for (i, &m) in members.iter().enumerate() {
            z.row_mut(i).assign(&ndarray::Array1::from(standardised(m)));
        }
        let mut v = first_right_singular_vector(z.view());
        let half_mean = |from: usize, len: usize, j: usize| {
            if len == 0 {
                0.0
            } else {
                (from..from + len).map(|i| z[[i, j]]).sum::<f64>() / len as f64
            }
        };
        let (ku, kd) = (set.up.len(), set.down.len());
        let dot: f64 = (0..n)
            .map(|j| v[j] * (half_mean(0, ku, j) - half_mean(ku, kd, j)))
            .sum();
        if dot < 0.0 {
            v.iter_mut().for_each(|x| *x = -*x);
        }
        scores.row_mut(s).assign(&ndarray::Array1::from(v));
    }
    (scores, reports, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn rank_one_matrix_gives_its_right_factor() {
        // z = a b' with b = (1, 2, -3) / sqrt(14): v = +-b
        let z = array![[1.0, 2.0, -3.0], [2.0, 4.0, -6.0]];
        let v = first_right_singular_vector(z.view());
        let b = [1.0, 2.0, -3.0].map(|x: f64| x / 14f64.sqrt());
        let s = v[0].signum();
        for (g, w) in v.iter().zip(b) {
            assert!((g - s * w).abs() < 1e-14);
        }
    }

    #[test]
    fn tall_matrix_uses_the_other_gram() {
        let z = array![[1.0, -1.0], [2.0, -2.0], [0.5, -0.5]];
        let v = first_right_singular_vector(z.view());
        assert!((v[0].abs() - 0.5f64.sqrt()).abs() < 1e-14 && (v[0] + v[1]).abs() < 1e-14);
    }
}
