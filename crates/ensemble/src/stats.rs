//! Exact integer histograms, quantiles and binomial intervals.

use std::collections::BTreeMap;

/// Values below this are counted in a dense vector, above it in a sorted map.
const DENSE_LIMIT: u64 = 1 << 14;

/// Exact histogram of non-negative integer values (counts of attacks, deaths, days).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Histogram {
    dense: Vec<u64>,
    sparse: BTreeMap<u64, u64>,
    total: u64,
    sum: u128,
}

impl Histogram {
    /// Records one value.
    pub fn add(&mut self, value: u64) {
        self.total += 1;
        self.sum += value as u128;
        if value < DENSE_LIMIT {
            let idx = value as usize;
            if idx >= self.dense.len() {
                self.dense.resize(idx + 1, 0);
            }
            self.dense[idx] += 1;
        } else {
            *self.sparse.entry(value).or_insert(0) += 1;
        }
    }

    /// Adds all values of another histogram.
    pub fn merge(&mut self, other: &Histogram) {
        if other.dense.len() > self.dense.len() {
            self.dense.resize(other.dense.len(), 0);
        }
        for (x, y) in self.dense.iter_mut().zip(&other.dense) {
            *x += y;
        }
        for (k, v) in &other.sparse {
            *self.sparse.entry(*k).or_insert(0) += v;
        }
        self.total += other.total;
        self.sum += other.sum;
    }

    /// Number of values recorded.
    pub fn count(&self) -> u64 {
        self.total
    }

    /// Exact mean.
    pub fn mean(&self) -> f64 {
        if self.total == 0 {
            return f64::NAN;
        }
        self.sum as f64 / self.total as f64
    }

    /// The smallest value whose cumulative share reaches `q` (the lower empirical quantile).
    pub fn quantile(&self, q: f64) -> u64 {
        if self.total == 0 {
            return 0;
        }
        let need = ((q * self.total as f64).ceil() as u64).clamp(1, self.total);
        let mut seen = 0;
        for (value, &n) in self.dense.iter().enumerate() {
            seen += n;
            if seen >= need {
                return value as u64;
            }
        }
        for (&value, &n) in &self.sparse {
            seen += n;
            if seen >= need {
                return value;
            }
        }
        unreachable!("cumulative count reaches the total")
    }

    /// Share of values ≥ `threshold`.
    pub fn share_at_least(&self, threshold: u64) -> f64 {
        if self.total == 0 {
            return f64::NAN;
        }
        let below: u64 = self.dense.iter().take(threshold.min(DENSE_LIMIT) as usize).sum::<u64>()
            + self.sparse.range(..threshold).map(|(_, n)| n).sum::<u64>();
        (self.total - below) as f64 / self.total as f64
    }
}

/// Quantile `q` of a fixed-width histogram (`counts[k]` covers [k·w, (k+1)·w)),
/// interpolated linearly within the bin that holds it.
pub fn quantile_from_counts<T: Copy + Into<u64>>(counts: &[T], q: f64, width: f64) -> f64 {
    let total: u64 = counts.iter().map(|&c| c.into()).sum();
    if total == 0 {
        return f64::NAN;
    }
    let target = q.clamp(0.0, 1.0) * total as f64;
    let mut seen = 0.0;
    for (k, &c) in counts.iter().enumerate() {
        let c = c.into() as f64;
        if c > 0.0 && seen + c >= target {
            let within = ((target - seen) / c).clamp(0.0, 1.0);
            return (k as f64 + within) * width;
        }
        seen += c;
    }
    counts.len() as f64 * width
}

/// Wilson score interval for `hits` successes in `n` trials at 95% (z = 1.959964).
pub fn wilson_interval(hits: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054;
    let n = n as f64;
    let p = hits as f64 / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * ((p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt()) / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}
