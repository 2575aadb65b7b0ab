//! Streaming analysis of a full 2^k factorial experiment with common random
//! numbers across cells.

use serde::{Deserialize, Serialize};

use crate::stats::{Interval, Moments, t_critical};
use crate::{Result, SensitivityError};

/// Largest number of factors accepted (2^16 cells per run).
pub const MAX_FACTORS: usize = 16;

/// Online accumulator for a 2^k factorial design.
///
/// Cells are indexed by bit pattern: bit `j` of the cell index is set when
/// factor `j` is at its *high* level. Each run supplies the outcome of every
/// cell under the same random numbers. For every effect (a non-empty set of
/// factors, itself coded as a bit mask) the run's contrast is computed with
/// Yates' algorithm (a fast Walsh–Hadamard transform, O(k·2^k)), and a
/// Welford accumulator tracks the mean and variance of that per-run contrast
/// across runs. Memory is O(2^k), independent of the number of runs; the
/// interval of each effect is paired, i.e. it benefits from the positive
/// correlation that common random numbers create between cells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorialAccumulator {
    k: usize,
    names: Vec<String>,
    /// Index 0: cell average; index `mask`: effect of that factor set.
    moments: Vec<Moments>,
    #[serde(skip)]
    scratch: Vec<f64>,
}

/// One main effect or interaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorialEffect {
    /// Factor set as a bit mask.
    pub mask: usize,
    /// Label, the factor names joined by `×` (e.g. `A×B`).
    pub label: String,
    /// Factors in the set (0-based), ascending.
    pub factors: Vec<usize>,
    /// Effect estimate: mean over runs of the ±1 contrast divided by 2^(k−1).
    /// For a main effect this is mean(high) − mean(low).
    pub effect: f64,
    /// Standard error of the effect, from the spread of per-run contrasts.
    pub se: f64,
    /// Student-t interval (R − 1 degrees of freedom).
    pub ci: Interval,
}

/// All effects of a factorial experiment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorialSummary {
    /// Number of factors k.
    pub k: usize,
    /// Number of runs R.
    pub runs: u64,
    /// Grand mean over all cells and runs.
    pub grand_mean: f64,
    /// Coverage of the intervals.
    pub confidence_level: f64,
    /// The 2^k − 1 effects, ordered by mask (A, B, A×B, C, A×C, …).
    pub effects: Vec<FactorialEffect>,
}

impl FactorialSummary {
    /// Look up an effect by its factor set, e.g. `&[0, 1]` for A×B.
    pub fn effect(&self, factors: &[usize]) -> Option<&FactorialEffect> {
        let mask = factors.iter().fold(0usize, |m, &f| m | (1 << f));
        self.effects.iter().find(|e| e.mask == mask)
    }
}

impl FactorialAccumulator {
    /// Accumulator for `k` factors named A, B, C, … (k between 1 and 16).
    pub fn new(k: usize) -> Result<Self> {
        let names = (0..k)
            .map(|j| {
                if j < 26 {
                    char::from(b'A' + j as u8).to_string()
                } else {
                    format!("F{j}")
                }
            })
            .collect();
        Self::with_names(names)
    }

    /// Accumulator with explicit factor names (their count is k).
    pub fn with_names(names: Vec<String>) -> Result<Self> {
        let k = names.len();
        if k == 0 || k > MAX_FACTORS {
            return Err(SensitivityError::InvalidOption {
                option: "k",
                reason: format!("a factorial analysis needs 1 to {MAX_FACTORS} factors, got {k}"),
            });
        }
        Ok(Self {
            k,
            names,
            moments: vec![Moments::default(); 1 << k],
            scratch: Vec::new(),
        })
    }

    /// Number of factors.
    pub fn k(&self) -> usize {
        self.k
    }

    /// Number of runs pushed.
    pub fn runs(&self) -> u64 {
        self.moments[0].n
    }

    /// Add one run: the outcome of every cell, indexed by bit pattern.
    pub fn push(&mut self, cells: &[f64]) -> Result<()> {
        let len = 1usize << self.k;
        if cells.len() != len {
            return Err(SensitivityError::CellCount {
                k: self.k,
                expected: len,
                got: cells.len(),
            });
        }
        self.scratch.clear();
        self.scratch.extend_from_slice(cells);
        // Walsh–Hadamard butterflies: afterwards scratch[S] = Σ_c (−1)^{|S∩c|} y_c.
        let mut h = 1;
        while h < len {
            for block in (0..len).step_by(2 * h) {
                for i in block..block + h {
                    let (a, b) = (self.scratch[i], self.scratch[i + h]);
                    self.scratch[i] = a + b;
                    self.scratch[i + h] = a - b;
                }
            }
            h *= 2;
        }
        let half = (len / 2) as f64;
        self.moments[0].push(self.scratch[0] / len as f64);
        for mask in 1..len {
            // The high level carries +1: flip the sign for odd-sized sets.
            let sign = if mask.count_ones() % 2 == 1 {
                -1.0
            } else {
                1.0
            };
            self.moments[mask].push(sign * self.scratch[mask] / half);
        }
        Ok(())
    }

    /// Fold another accumulator (other runs, same k) into this one.
    pub fn merge(&mut self, other: &FactorialAccumulator) -> Result<()> {
        if other.k != self.k {
            return Err(SensitivityError::InvalidOption {
                option: "k",
                reason: format!(
                    "cannot merge a 2^{} accumulator into a 2^{}",
                    other.k, self.k
                ),
            });
        }
        for (m, o) in self.moments.iter_mut().zip(&other.moments) {
            m.merge(o);
        }
        Ok(())
    }

    /// Effects with 95 % intervals.
    pub fn effects(&self) -> FactorialSummary {
        self.effects_at(0.95)
    }

    /// Effects with intervals of the given coverage (NaN spread below 2 runs).
    pub fn effects_at(&self, confidence_level: f64) -> FactorialSummary {
        let runs = self.runs();
        let t = t_critical(confidence_level, runs as f64 - 1.0);
        let effects = (1..self.moments.len())
            .map(|mask| {
                let m = &self.moments[mask];
                let se = (m.variance() / runs as f64).sqrt();
                let factors: Vec<usize> = (0..self.k).filter(|j| mask >> j & 1 == 1).collect();
                let label = factors
                    .iter()
                    .map(|&j| self.names[j].as_str())
                    .collect::<Vec<_>>()
                    .join("×");
                FactorialEffect {
                    mask,
                    label,
                    factors,
                    effect: m.mean,
                    se,
                    ci: Interval::symmetric(m.mean, t * se),
                }
            })
            .collect();
        FactorialSummary {
            k: self.k,
            runs,
            grand_mean: self.moments[0].mean,
            confidence_level,
            effects,
        }
    }
}
