//! Streaming paired-comparison statistics (common random numbers).

use serde::{Deserialize, Serialize};

use crate::stats::{Interval, t_critical};

/// Online accumulator for paired outcomes `(x_r, y_r)`: baseline and
/// alternative run with the same random numbers for run `r`.
///
/// Keeps the counts, the two means, the two sums of squared deviations and
/// the co-moment, updated with Welford's method, so memory is constant in the
/// number of runs and the result does not suffer from the cancellation of the
/// textbook "sum of squares" formulas. Accumulators built on separate chunks
/// of runs can be combined with [`PairedAccumulator::merge`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct PairedAccumulator {
    n: u64,
    mean_x: f64,
    mean_y: f64,
    m2_x: f64,
    m2_y: f64,
    co_xy: f64,
}

/// Summary of a paired comparison. The difference is `alternative − baseline`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairedSummary {
    /// Number of paired runs R.
    pub runs: u64,
    /// Mean of the baseline outcomes.
    pub mean_baseline: f64,
    /// Mean of the alternative outcomes.
    pub mean_alternative: f64,
    /// Sample standard deviation of the baseline outcomes s_x.
    pub sd_baseline: f64,
    /// Sample standard deviation of the alternative outcomes s_y.
    pub sd_alternative: f64,
    /// Pearson correlation of the pairs (NaN if either side is constant).
    pub correlation: f64,
    /// Mean difference ȳ − x̄.
    pub mean_difference: f64,
    /// Sample standard deviation of the per-run differences s_d.
    pub sd_difference: f64,
    /// Standard error of the mean difference, s_d / √R.
    pub se_difference: f64,
    /// Student-t interval for the mean difference (R − 1 degrees of freedom).
    pub ci: Interval,
    /// Coverage of `ci`.
    pub confidence_level: f64,
    /// Variance of the mean difference had the runs been independent,
    /// (s_x² + s_y²) / R.
    pub var_independent: f64,
    /// Variance of the mean difference with pairing, s_d² / R.
    pub var_paired: f64,
    /// `var_independent / var_paired`: how many times more independent runs
    /// would be needed for the same precision (> 1 means pairing helped;
    /// infinite when the differences are constant).
    pub variance_reduction: f64,
}

impl PairedAccumulator {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one paired run: `x` for the baseline, `y` for the alternative.
    pub fn push(&mut self, x: f64, y: f64) {
        self.n += 1;
        let n = self.n as f64;
        let dx = x - self.mean_x;
        let dy = y - self.mean_y;
        self.mean_x += dx / n;
        self.mean_y += dy / n;
        self.m2_x += dx * (x - self.mean_x);
        self.m2_y += dy * (y - self.mean_y);
        self.co_xy += dx * (y - self.mean_y);
    }

    /// Add one paired binary outcome (true = 1, false = 0).
    pub fn push_bool(&mut self, x: bool, y: bool) {
        self.push(f64::from(u8::from(x)), f64::from(u8::from(y)));
    }

    /// Fold another accumulator (other runs) into this one.
    pub fn merge(&mut self, other: &PairedAccumulator) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let n = self.n + other.n;
        let (na, nb) = (self.n as f64, other.n as f64);
        let w = na * nb / n as f64;
        let dx = other.mean_x - self.mean_x;
        let dy = other.mean_y - self.mean_y;
        self.m2_x += other.m2_x + dx * dx * w;
        self.m2_y += other.m2_y + dy * dy * w;
        self.co_xy += other.co_xy + dx * dy * w;
        self.mean_x += dx * nb / n as f64;
        self.mean_y += dy * nb / n as f64;
        self.n = n;
    }

    /// Number of runs pushed.
    pub fn runs(&self) -> u64 {
        self.n
    }

    /// Sample covariance of the pairs (denominator R − 1).
    pub fn covariance(&self) -> f64 {
        if self.n < 2 {
            f64::NAN
        } else {
            self.co_xy / (self.n - 1) as f64
        }
    }

    /// Summary with a 95 % interval.
    pub fn summary(&self) -> PairedSummary {
        self.summary_at(0.95)
    }

    /// Summary with an interval of the given coverage. With fewer than two
    /// runs the spread-based fields are NaN.
    pub fn summary_at(&self, confidence_level: f64) -> PairedSummary {
        let n = self.n as f64;
        let dof = n - 1.0;
        let (var_x, var_y, cov) = if self.n >= 2 {
            (self.m2_x / dof, self.m2_y / dof, self.co_xy / dof)
        } else {
            (f64::NAN, f64::NAN, f64::NAN)
        };
        // Var(y − x) = Var y + Var x − 2 Cov; clamp tiny negative rounding.
        let var_d = (var_x + var_y - 2.0 * cov).max(0.0);
        let mean_difference = self.mean_y - self.mean_x;
        let se = (var_d / n).sqrt();
        let half = t_critical(confidence_level, dof) * se;
        let var_independent = (var_x + var_y) / n;
        let var_paired = var_d / n;
        PairedSummary {
            runs: self.n,
            mean_baseline: self.mean_x,
            mean_alternative: self.mean_y,
            sd_baseline: var_x.sqrt(),
            sd_alternative: var_y.sqrt(),
            correlation: cov / (var_x * var_y).sqrt(),
            mean_difference,
            sd_difference: var_d.sqrt(),
            se_difference: se,
            ci: Interval::symmetric(mean_difference, half),
            confidence_level,
            var_independent,
            var_paired,
            variance_reduction: var_independent / var_paired,
        }
    }
}
