//! Kolmogorov–Smirnov check of time-rescaling residuals against Exp(1).

use serde::{Deserialize, Serialize};

/// Result of a one-sample KS test against the unit exponential.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KsTest {
    /// Sup-distance D between the empirical CDF and `1 − e^{−x}`.
    pub statistic: f64,
    /// Approximate p-value from the asymptotic Kolmogorov distribution with
    /// Stephens' small-sample correction. The parameters were estimated from
    /// the same data, so the p-value is somewhat too large (conservative).
    pub p_value: f64,
    /// Number of residuals tested.
    pub n: usize,
}

/// KS test of `residuals` against Exp(1). NaN entries are ignored. With no
/// residuals the statistic is 0 and the p-value 1.
pub fn ks_exponential(residuals: &[f64]) -> KsTest {
    let mut x: Vec<f64> = residuals.iter().copied().filter(|v| !v.is_nan()).collect();
    x.sort_by(f64::total_cmp);
    let n = x.len();
    if n == 0 {
        return KsTest {
            statistic: 0.0,
            p_value: 1.0,
            n,
        };
    }
    let nf = n as f64;
    let mut d = 0.0f64;
    for (i, &v) in x.iter().enumerate() {
        let cdf = -(-v.max(0.0)).exp_m1();
        let above = (i as f64 + 1.0) / nf - cdf;
        let below = cdf - i as f64 / nf;
        d = d.max(above).max(below);
    }
    let sqrt_n = nf.sqrt();
    let lambda = (sqrt_n + 0.12 + 0.11 / sqrt_n) * d;
    KsTest {
        statistic: d,
        p_value: kolmogorov_survival(lambda),
        n,
    }
}

/// P(K > λ) for the Kolmogorov distribution, using whichever of the two
/// classical series converges fast at this λ.
pub fn kolmogorov_survival(lambda: f64) -> f64 {
    if lambda.is_nan() || lambda <= 0.0 {
        return 1.0;
    }
    let p = if lambda < 1.18 {
        // 1 − (√(2π)/λ) Σ_{j≥1} exp(−(2j−1)² π² / (8 λ²))
        let c = std::f64::consts::PI * std::f64::consts::PI / (8.0 * lambda * lambda);
        let s: f64 = (1..=6)
            .map(|j| {
                let k = (2 * j - 1) as f64;
                (-k * k * c).exp()
            })
            .sum();
        1.0 - (2.0 * std::f64::consts::PI).sqrt() / lambda * s
    } else {
        // 2 Σ_{j≥1} (−1)^{j−1} exp(−2 j² λ²)
        let s: f64 = (1..=6)
            .map(|j| {
                let jf = j as f64;
                let sign = if j % 2 == 1 { 1.0 } else { -1.0 };
                sign * (-2.0 * jf * jf * lambda * lambda).exp()
            })
            .sum();
        2.0 * s
    };
    p.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kolmogorov_tail_matches_tabulated_quantiles() {
        // Classical critical values: P(K > 1.3581) = 0.05, P(K > 1.2239) = 0.10,
        // P(K > 1.6276) = 0.01.
        assert!((kolmogorov_survival(1.3581) - 0.05).abs() < 2e-4);
        assert!((kolmogorov_survival(1.2239) - 0.10).abs() < 2e-4);
        assert!((kolmogorov_survival(1.6276) - 0.01).abs() < 1e-4);
        // The two series agree where they switch.
        let a = 1.18f64;
        let c = std::f64::consts::PI.powi(2) / (8.0 * a * a);
        let low: f64 = 1.0
            - (2.0 * std::f64::consts::PI).sqrt() / a
                * (1..=6)
                    .map(|j| (-((2 * j - 1) as f64).powi(2) * c).exp())
                    .sum::<f64>();
        assert!((low - kolmogorov_survival(a)).abs() < 1e-10);
        assert_eq!(kolmogorov_survival(0.0), 1.0);
    }

    #[test]
    fn ks_statistic_by_hand() {
        // Residuals at the Exp(1) quartiles: F = 0.25, 0.5, 0.75.
        let q = |p: f64| -(1.0f64 - p).ln();
        let t = ks_exponential(&[q(0.25), q(0.5), q(0.75)]);
        // max over i of i/n − F and F − (i−1)/n: 1/3 − 0.25, 2/3 − 0.5, 1 − 0.75.
        assert!((t.statistic - 0.25).abs() < 1e-12);
        assert_eq!(t.n, 3);
    }
}
