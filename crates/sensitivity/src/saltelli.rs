//! Variance-based (Sobol) sensitivity indices from a Saltelli design.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::design::{check_outputs, validate_ranges};
use crate::sequence::{MAX_DIMENSIONS, sobol_bits};
use crate::stats::{Interval, bootstrap_summary, check_confidence, resample_rng};
use crate::{Design, ParamRange, Result, SensitivityError};

/// Name given to the dummy column when [`SobolOptions::dummy`] is set.
pub const DUMMY_NAME: &str = "dummy";

/// How the two independent base matrices A and B are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Sampling {
    /// Unrandomised Sobol' sequence (deterministic; `seed` is not used for
    /// sampling). Coordinates are taken at the centre of their 2^-32 cell, so
    /// point 0 is not exactly on the lower bound.
    Sobol,
    /// Sobol' sequence with a random digital shift: each dimension's 32-bit
    /// coordinates are XOR-ed with a seeded random word. The shift keeps the
    /// net (stratification) structure of the sequence, makes every point
    /// uniformly distributed, removes the point at the origin, and lets
    /// different seeds give independent replicate designs. This is the default.
    #[default]
    SobolShifted,
    /// Plain pseudo-random uniforms from ChaCha8 (fallback; converges more
    /// slowly, useful when more than 64 parameters are needed).
    PseudoRandom,
}

/// Options for [`sobol`] and [`saltelli_design`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SobolOptions {
    /// Base sample size N. The design has N·(D + 2) rows. Use a power of two
    /// with the Sobol' samplings: the balance properties of the sequence hold
    /// for prefixes of length 2^m.
    pub n: usize,
    /// How A and B are sampled.
    pub sampling: Sampling,
    /// Seed for the digital shift / pseudo-random sampling and (through a
    /// separate stream) the bootstrap.
    pub seed: u64,
    /// Number of bootstrap resamples for the intervals (0 disables them).
    pub bootstrap_resamples: usize,
    /// Coverage of the bootstrap percentile intervals.
    pub confidence_level: f64,
    /// Append a dummy parameter on [0, 1] that the model must not use except
    /// to pick its random numbers; its indices estimate the noise floor.
    pub dummy: bool,
}

impl Default for SobolOptions {
    fn default() -> Self {
        Self {
            n: 1024,
            sampling: Sampling::default(),
            seed: 0,
            bootstrap_resamples: 200,
            confidence_level: 0.95,
            dummy: false,
        }
    }
}

/// A Saltelli design ready to be evaluated.
///
/// Rows come in blocks of `D + 2` per base sample `i` (D counting the dummy):
/// row `i·(D+2)` is `A_i`, rows `i·(D+2) + 1 + j` are `AB_j,i` (A with column
/// j taken from B) for `j = 0..D`, and row `i·(D+2) + D + 1` is `B_i`.
/// Because the sequence is used in natural order, the design for N is a
/// prefix of the design for 2N with the same options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaltelliDesign {
    params: Vec<ParamRange>,
    options: SobolOptions,
    design: Design,
}

impl SaltelliDesign {
    /// The design matrix to evaluate (one output per row, in row order).
    pub fn points(&self) -> &Design {
        &self.design
    }

    /// The parameters as sampled, the dummy included (last) if requested.
    pub fn params(&self) -> &[ParamRange] {
        &self.params
    }

    /// The options the design was built with.
    pub fn options(&self) -> &SobolOptions {
        &self.options
    }

    /// Base sample size N.
    pub fn n(&self) -> usize {
        self.options.n
    }

    /// Number of model evaluations, N·(D + 2).
    pub fn evaluations(&self) -> usize {
        self.design.rows()
    }
}

/// First- and total-order indices of one parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SobolIndex {
    /// Parameter name.
    pub name: String,
    /// Column of the parameter in the input ranges.
    pub position: usize,
    /// First-order index S1 (Saltelli et al. 2010 estimator).
    pub s1: f64,
    /// Bootstrap percentile interval for S1.
    pub s1_ci: Interval,
    /// Bootstrap standard error of S1.
    pub s1_se: f64,
    /// Total-order index ST (Jansen 1999 estimator).
    pub st: f64,
    /// Bootstrap percentile interval for ST.
    pub st_ci: Interval,
    /// Bootstrap standard error of ST.
    pub st_se: f64,
}

/// Result of a Sobol analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SobolResult {
    /// Base sample size N.
    pub n: usize,
    /// Model evaluations used, N·(D + 2).
    pub evaluations: usize,
    /// Mean of the output over the A and B rows.
    pub output_mean: f64,
    /// Variance of the output over the A and B rows (denominator 2N).
    pub output_variance: f64,
    /// Indices of the real parameters, sorted by decreasing total index.
    pub indices: Vec<SobolIndex>,
    /// Indices of the dummy parameter (the noise floor), if requested.
    pub dummy: Option<SobolIndex>,
    /// Sampling used.
    pub sampling: Sampling,
    /// Bootstrap resamples used for the intervals.
    pub bootstrap_resamples: usize,
    /// Coverage of the intervals.
    pub confidence_level: f64,
}

impl SobolResult {
    /// Look up a parameter's indices by name (the dummy included).
    pub fn get(&self, name: &str) -> Option<&SobolIndex> {
        self.indices
            .iter()
            .chain(self.dummy.iter())
            .find(|s| s.name == name)
    }
}

/// Build a Saltelli design (A, B and the D mixed matrices AB_j).
pub fn saltelli_design(ranges: &[ParamRange], opts: &SobolOptions) -> Result<SaltelliDesign> {
    validate_ranges(ranges)?;
    check_confidence(opts.confidence_level)?;
    if opts.n < 2 {
        return Err(SensitivityError::InvalidOption {
            option: "n",
            reason: format!("the base sample needs at least 2 points, got {}", opts.n),
        });
    }
    let mut params = ranges.to_vec();
    if opts.dummy {
        params.push(ParamRange::new(DUMMY_NAME, 0.0, 1.0));
    }
    let d = params.len();
    if opts.sampling != Sampling::PseudoRandom && 2 * d > MAX_DIMENSIONS {
        return Err(SensitivityError::TooManyDimensions {
            needed: 2 * d,
            available: MAX_DIMENSIONS,
        });
    }
    if opts.sampling != Sampling::PseudoRandom && opts.n as u64 > (1u64 << 32) {
        return Err(SensitivityError::InvalidOption {
            option: "n",
            reason: "the Sobol' sequence holds at most 2^32 points".into(),
        });
    }
    let n = opts.n;
    // Base points: row i holds A_i (first d) then B_i (last d), unit scale.
    let base = base_points(n, 2 * d, opts);
    let block = d + 2;
    let mut values = Vec::with_capacity(n * block * d);
    for i in 0..n {
        let a = &base[i * 2 * d..i * 2 * d + d];
        let b = &base[i * 2 * d + d..(i + 1) * 2 * d];
        let mut push = |u: &[f64]| values.extend(u.iter().zip(&params).map(|(&u, p)| p.scale(u)));
        push(a);
        let mut ab = a.to_vec();
        for j in 0..d {
            ab[j] = b[j];
            push(&ab);
            ab[j] = a[j];
        }
        push(b);
    }
    let names = params.iter().map(|p| p.name.clone()).collect();
    Ok(SaltelliDesign {
        params,
        options: opts.clone(),
        design: Design::new(names, n * block, values),
    })
}

/// Unit-cube points, `n` rows of `dims` coordinates, row-major.
fn base_points(n: usize, dims: usize, opts: &SobolOptions) -> Vec<f64> {
    const SCALE: f64 = 1.0 / 4_294_967_296.0;
    let mut out = Vec::with_capacity(n * dims);
    match opts.sampling {
        Sampling::Sobol | Sampling::SobolShifted => {
            let shifts: Vec<u32> = if opts.sampling == Sampling::SobolShifted {
                let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
                (0..dims).map(|_| rng.random::<u32>()).collect()
            } else {
                vec![0; dims]
            };
            for i in 0..n as u64 {
                for (dim, &shift) in shifts.iter().enumerate() {
                    out.push(((sobol_bits(i, dim) ^ shift) as f64 + 0.5) * SCALE);
                }
            }
        }
        Sampling::PseudoRandom => {
            let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
            out.extend((0..n * dims).map(|_| rng.random::<f64>()));
        }
    }
    out
}

/// Evaluate a Saltelli design with a closure (in parallel, bit-identical for
/// any thread count) and compute the indices.
///
/// With [`SobolOptions::dummy`] set, the closure receives `D + 1` values, the
/// last one being the dummy, which it must ignore except as an input to its
/// random-number seeding.
pub fn sobol<F>(ranges: &[ParamRange], opts: &SobolOptions, eval: F) -> Result<SobolResult>
where
    F: Fn(&[f64]) -> f64 + Sync,
{
    let design = saltelli_design(ranges, opts)?;
    let outputs = design.points().evaluate(eval);
    sobol_analyze(&design, &outputs)
}

/// Compute first- and total-order indices from the outputs of a Saltelli
/// design, one output per row in row order.
pub fn sobol_analyze(design: &SaltelliDesign, outputs: &[f64]) -> Result<SobolResult> {
    check_outputs(design.evaluations(), outputs)?;
    let d = design.params.len();
    let n = design.n();
    let block = d + 2;
    let ya: Vec<f64> = (0..n).map(|i| outputs[i * block]).collect();
    let yb: Vec<f64> = (0..n).map(|i| outputs[i * block + d + 1]).collect();
    let yab = |i: usize, j: usize| outputs[i * block + 1 + j];

    let all: Vec<usize> = (0..n).collect();
    let point = estimate(&all, &ya, &yb, &yab, d);
    let (mean, var) = point.0;
    if var.is_nan() || var <= 0.0 {
        return Err(SensitivityError::ZeroVariance);
    }

    let opts = &design.options;
    // Bootstrap: resample base-sample indices with replacement, the same
    // indices for A, B and every AB_j so the pairing is kept.
    let boot_seed = opts.seed ^ 0xB007_57AB_5EED_0001;
    let reps: Vec<Vec<f64>> = (0..opts.bootstrap_resamples)
        .into_par_iter()
        .map(|b| {
            let mut rng = resample_rng(boot_seed, b);
            let idx: Vec<usize> = (0..n).map(|_| rng.random_range(0..n)).collect();
            estimate(&idx, &ya, &yb, &yab, d).1
        })
        .collect();

    let mut indices: Vec<SobolIndex> = (0..d)
        .map(|j| {
            let s1_reps = reps.iter().map(|r| r[2 * j]).collect();
            let st_reps = reps.iter().map(|r| r[2 * j + 1]).collect();
            let (s1_ci, s1_se) = bootstrap_summary(s1_reps, opts.confidence_level);
            let (st_ci, st_se) = bootstrap_summary(st_reps, opts.confidence_level);
            SobolIndex {
                name: design.params[j].name.clone(),
                position: j,
                s1: point.1[2 * j],
                s1_ci,
                s1_se,
                st: point.1[2 * j + 1],
                st_ci,
                st_se,
            }
        })
        .collect();
    let dummy = if opts.dummy { indices.pop() } else { None };
    indices.sort_by(|a, b| b.st.total_cmp(&a.st).then(a.position.cmp(&b.position)));
    Ok(SobolResult {
        n,
        evaluations: outputs.len(),
        output_mean: mean,
        output_variance: var,
        indices,
        dummy,
        sampling: opts.sampling,
        bootstrap_resamples: opts.bootstrap_resamples,
        confidence_level: opts.confidence_level,
    })
}

/// Estimate (mean, variance) and the interleaved [S1_0, ST_0, S1_1, ST_1, …]
/// over the base samples listed in `idx`.
///
/// Outputs are centred on the mean of the A and B outputs first; the
/// estimators are unchanged in expectation but lose a source of variance.
fn estimate(
    idx: &[usize],
    ya: &[f64],
    yb: &[f64],
    yab: &impl Fn(usize, usize) -> f64,
    d: usize,
) -> ((f64, f64), Vec<f64>) {
    let m = idx.len() as f64;
    let mean = idx.iter().map(|&i| ya[i] + yb[i]).sum::<f64>() / (2.0 * m);
    let var = idx
        .iter()
        .map(|&i| (ya[i] - mean).powi(2) + (yb[i] - mean).powi(2))
        .sum::<f64>()
        / (2.0 * m);
    let mut out = Vec::with_capacity(2 * d);
    for j in 0..d {
        let (mut first, mut total) = (0.0, 0.0);
        for &i in idx {
            let (a, b, ab) = (ya[i] - mean, yb[i] - mean, yab(i, j) - mean);
            first += b * (ab - a);
            total += (a - ab) * (a - ab);
        }
        out.push(first / m / var);
        out.push(0.5 * total / m / var);
    }
    ((mean, var), out)
}
