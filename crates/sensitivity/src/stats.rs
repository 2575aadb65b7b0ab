//! Small numerical helpers: intervals, percentiles, Student-t quantiles and
//! seeded per-resample random streams for the bootstrap.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::{Result, SensitivityError};

/// A closed interval `[low, high]`, usually a confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

impl Interval {
    /// Whether `x` lies in the interval (ends included).
    pub fn contains(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }

    /// `high − low`.
    pub fn width(&self) -> f64 {
        self.high - self.low
    }

    pub(crate) fn symmetric(centre: f64, half_width: f64) -> Self {
        Self {
            low: centre - half_width,
            high: centre + half_width,
        }
    }

    pub(crate) const NAN: Interval = Interval {
        low: f64::NAN,
        high: f64::NAN,
    };
}

pub(crate) fn check_confidence(level: f64) -> Result<()> {
    if level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(SensitivityError::InvalidOption {
            option: "confidence_level",
            reason: format!("must lie strictly between 0 and 1, got {level}"),
        })
    }
}

/// The random stream used for bootstrap resample `b`: one ChaCha8 generator
/// per resample (seed = user seed, stream = resample index), so resamples can
/// be computed in parallel and still be reproducible.
pub(crate) fn resample_rng(seed: u64, b: usize) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(b as u64);
    rng
}

/// Percentile of an already **sorted** slice, linear interpolation between
/// order statistics (the "type 7" rule). `q` in [0, 1].
pub(crate) fn percentile_sorted(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = q.clamp(0.0, 1.0) * (n - 1) as f64;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// Percentile interval and standard deviation of bootstrap replicates.
/// Non-finite replicates (a resample with zero variance) are dropped.
pub(crate) fn bootstrap_summary(mut reps: Vec<f64>, level: f64) -> (Interval, f64) {
    reps.retain(|v| v.is_finite());
    if reps.is_empty() {
        return (Interval::NAN, f64::NAN);
    }
    let sd = sample_sd(&reps);
    reps.sort_by(f64::total_cmp);
    let tail = (1.0 - level) / 2.0;
    (
        Interval {
            low: percentile_sorted(&reps, tail),
            high: percentile_sorted(&reps, 1.0 - tail),
        },
        sd,
    )
}

pub(crate) fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// Sample standard deviation (denominator n − 1); 0 for fewer than 2 values.
pub(crate) fn sample_sd(xs: &[f64]) -> f64 {
    if xs.len() < 2 {
        return 0.0;
    }
    let m = mean(xs);
    (xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (xs.len() - 1) as f64).sqrt()
}

/// Running mean and sum of squared deviations (Welford 1962).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Moments {
    pub n: u64,
    pub mean: f64,
    pub m2: f64,
}

impl Moments {
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Combine two accumulators (Chan, Golub and LeVeque's pairwise update).
    pub fn merge(&mut self, o: &Moments) {
        if o.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *o;
            return;
        }
        let n = self.n + o.n;
        let d = o.mean - self.mean;
        let w = o.n as f64 / n as f64;
        self.mean += d * w;
        self.m2 += o.m2 + d * d * self.n as f64 * w;
        self.n = n;
    }

    /// Sample variance (n − 1); NaN below two observations.
    pub fn variance(&self) -> f64 {
        if self.n < 2 {
            f64::NAN
        } else {
            self.m2 / (self.n - 1) as f64
        }
    }
}

/// Quantile of Student's t distribution with `df` degrees of freedom at
/// probability `p ∈ (0, 1)`, found by bisection on the CDF (which is written
/// through the regularised incomplete beta function). Accurate to about
/// 1e-10 relative; `df = ∞` is approximated by `df = 1e7`.
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    if p.is_nan() || p <= 0.0 || p >= 1.0 || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    let df = df.min(1e7);
    if p == 0.5 {
        return 0.0;
    }
    if p < 0.5 {
        return -student_t_quantile(1.0 - p, df);
    }
    let mut hi = 1.0;
    while t_cdf(hi, df) < p {
        hi *= 2.0;
        if hi > 1e300 {
            return f64::INFINITY;
        }
    }
    let mut lo = 0.0;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if t_cdf(mid, df) < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-13 * hi {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Two-sided critical value of Student's t for a `level` interval.
pub(crate) fn t_critical(level: f64, df: f64) -> f64 {
    student_t_quantile(0.5 + level / 2.0, df)
}

fn t_cdf(t: f64, df: f64) -> f64 {
    let x = df / (df + t * t);
    let tail = 0.5 * inc_beta(0.5 * df, 0.5, x);
    if t >= 0.0 { 1.0 - tail } else { tail }
}

/// Regularised incomplete beta I_x(a, b), continued fraction (modified Lentz).
fn inc_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_cf(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_cf(b, a, 1.0 - x) / b
    }
}

/// The continued fraction of [`inc_beta`], by the modified Lentz algorithm.
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / nonzero(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..100_000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        // even step
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        h *= lentz_step(aa, &mut c, &mut d);
        // odd step
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        let del = lentz_step(aa, &mut c, &mut d);
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// One term of a continued fraction in the modified Lentz algorithm: updates
/// the running `c` and `d` with the term's coefficient `aa` and returns the
/// factor `c·d` by which the convergent changes.
fn lentz_step(aa: f64, c: &mut f64, d: &mut f64) -> f64 {
    *d = 1.0 / nonzero(1.0 + aa * *d);
    *c = nonzero(1.0 + aa / *c);
    *d * *c
}

/// `x`, or a tiny number in its place where `x` is too near zero to divide
/// by (Lentz's guard).
fn nonzero(x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    if x.abs() < TINY { TINY } else { x }
}

/// ln Γ(x) for x > 0 (Lanczos approximation, g = 7, nine terms).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // reflection
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut s = C[0];
    for (i, &c) in C.iter().enumerate().skip(1) {
        s += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + s.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_tables() {
        // Two-sided 95 % critical values from standard tables.
        for (df, want) in [
            (1.0, 12.7062),
            (2.0, 4.3027),
            (5.0, 2.5706),
            (10.0, 2.2281),
            (30.0, 2.0423),
        ] {
            let got = student_t_quantile(0.975, df);
            assert!((got - want).abs() < 1e-4, "df {df}: {got} vs {want}");
        }
        assert!((student_t_quantile(0.975, f64::INFINITY) - 1.959_964).abs() < 1e-5);
        assert!((student_t_quantile(0.025, 10.0) + 2.2281).abs() < 1e-4);
    }

    #[test]
    fn ln_gamma_is_right() {
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-12);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
    }

    #[test]
    fn welford_merge_matches_sequential() {
        let xs: Vec<f64> = (0..101)
            .map(|i| ((i * 37) % 17) as f64 * 0.3 - 1.0)
            .collect();
        let mut all = Moments::default();
        xs.iter().for_each(|&x| all.push(x));
        let (mut a, mut b) = (Moments::default(), Moments::default());
        xs[..40].iter().for_each(|&x| a.push(x));
        xs[40..].iter().for_each(|&x| b.push(x));
        a.merge(&b);
        assert!((a.mean - all.mean).abs() < 1e-12);
        assert!((a.variance() - all.variance()).abs() < 1e-12);
        assert!((a.variance() - sample_sd(&xs).powi(2)).abs() < 1e-12);
    }
}
