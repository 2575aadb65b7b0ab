//! Morris elementary-effects screening (Morris 1991), with the μ* measure of
//! Campolongo et al. (2007) and optional spread-maximising trajectory choice.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::design::{check_outputs, validate_ranges};
use crate::stats::{Interval, bootstrap_summary, check_confidence, mean, resample_rng, sample_sd};
use crate::{Design, ParamRange, Result, SensitivityError};

/// Options for [`morris`] and [`morris_design`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MorrisOptions {
    /// Number of trajectories r; the design has r·(D + 1) rows.
    pub trajectories: usize,
    /// Number of grid levels p (even, ≥ 2). The jump is Δ = p / (2(p − 1))
    /// in unit-cube coordinates, i.e. p/2 grid steps.
    pub levels: usize,
    /// Seed for the design (ChaCha8; trajectory t uses stream t) and, through
    /// a separate seed, the bootstrap.
    pub seed: u64,
    /// Bootstrap resamples for the μ* interval (0 disables it).
    pub bootstrap_resamples: usize,
    /// Coverage of the μ* interval.
    pub confidence_level: f64,
    /// If larger than `trajectories`, draw this many candidate trajectories
    /// and keep the `trajectories` most spread out (greedy version of the
    /// Campolongo et al. 2007 selection). 0 or ≤ `trajectories`: no selection.
    pub candidates: usize,
}

impl Default for MorrisOptions {
    fn default() -> Self {
        Self {
            trajectories: 20,
            levels: 4,
            seed: 0,
            bootstrap_resamples: 1000,
            confidence_level: 0.95,
            candidates: 0,
        }
    }
}

/// One step of a trajectory: which factor moved and in which direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Step {
    factor: usize,
    up: bool,
}

/// A Morris design: r trajectories of D + 1 points each.
///
/// Rows `t·(D+1) .. (t+1)·(D+1)` form trajectory t; consecutive rows differ
/// in exactly one parameter, by ±Δ·(high − low).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MorrisDesign {
    params: Vec<ParamRange>,
    options: MorrisOptions,
    delta: f64,
    steps: Vec<Step>,
    design: Design,
}

impl MorrisDesign {
    /// The design matrix to evaluate (one output per row, in row order).
    pub fn points(&self) -> &Design {
        &self.design
    }

    /// The parameters.
    pub fn params(&self) -> &[ParamRange] {
        &self.params
    }

    /// The options the design was built with.
    pub fn options(&self) -> &MorrisOptions {
        &self.options
    }

    /// Jump size Δ in unit-cube coordinates.
    pub fn delta(&self) -> f64 {
        self.delta
    }

    /// Number of model evaluations, r·(D + 1).
    pub fn evaluations(&self) -> usize {
        self.design.rows()
    }
}

/// Screening measures of one parameter.
///
/// Elementary effects are scaled to the parameter range: an effect is the
/// output change for a jump of Δ, divided by Δ measured as a fraction of the
/// range, i.e. *output change per full range of the parameter*. Measures of
/// parameters with different units are therefore directly comparable. Divide
/// by `high − low` to get a derivative in the parameter's own units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MorrisParameter {
    /// Parameter name.
    pub name: String,
    /// Column of the parameter in the input ranges.
    pub position: usize,
    /// Mean elementary effect μ.
    pub mu: f64,
    /// Mean absolute elementary effect μ* (overall importance).
    pub mu_star: f64,
    /// Standard deviation of the elementary effects σ (non-linearity and
    /// interactions), denominator r − 1.
    pub sigma: f64,
    /// Bootstrap percentile interval for μ* (resampling trajectories).
    pub mu_star_ci: Interval,
    /// Bootstrap standard error of μ*.
    pub mu_star_se: f64,
}

/// Result of a Morris screening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MorrisResult {
    /// Trajectories r.
    pub trajectories: usize,
    /// Grid levels p.
    pub levels: usize,
    /// Jump Δ (unit-cube coordinates).
    pub delta: f64,
    /// Model evaluations used.
    pub evaluations: usize,
    /// Per-parameter measures, sorted by decreasing μ*.
    pub parameters: Vec<MorrisParameter>,
    /// Coverage of the μ* intervals.
    pub confidence_level: f64,
}

impl MorrisResult {
    /// Look up a parameter by name.
    pub fn get(&self, name: &str) -> Option<&MorrisParameter> {
        self.parameters.iter().find(|p| p.name == name)
    }
}

/// Build a Morris design of r trajectories on a p-level grid.
pub fn morris_design(ranges: &[ParamRange], opts: &MorrisOptions) -> Result<MorrisDesign> {
    validate_ranges(ranges)?;
    check_confidence(opts.confidence_level)?;
    if opts.levels < 2 || !opts.levels.is_multiple_of(2) {
        return Err(SensitivityError::InvalidOption {
            option: "levels",
            reason: format!(
                "needs an even number of grid levels ≥ 2, got {}",
                opts.levels
            ),
        });
    }
    if opts.trajectories < 2 {
        return Err(SensitivityError::InvalidOption {
            option: "trajectories",
            reason: format!("needs at least 2 trajectories, got {}", opts.trajectories),
        });
    }
    let d = ranges.len();
    let p = opts.levels;
    let jump = p / 2; // grid steps in one move
    let delta = jump as f64 / (p - 1) as f64;
    let draw = opts.candidates.max(opts.trajectories);

    // Each trajectory in grid-level integers, generated from its own stream.
    let candidates: Vec<(Vec<usize>, Vec<Step>)> = (0..draw)
        .map(|t| {
            let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
            rng.set_stream(t as u64);
            trajectory(&mut rng, d, p, jump)
        })
        .collect();
    let chosen: Vec<usize> = if draw > opts.trajectories {
        select_spread(&candidates, d, opts.trajectories)
    } else {
        (0..draw).collect()
    };

    let mut values = Vec::with_capacity(opts.trajectories * (d + 1) * d);
    let mut steps = Vec::with_capacity(opts.trajectories * d);
    for &c in &chosen {
        let (levels, st) = &candidates[c];
        values.extend(
            levels
                .iter()
                .enumerate()
                .map(|(k, &l)| ranges[k % d].scale(l as f64 / (p - 1) as f64)),
        );
        steps.extend_from_slice(st);
    }
    let names = ranges.iter().map(|r| r.name.clone()).collect();
    Ok(MorrisDesign {
        params: ranges.to_vec(),
        options: opts.clone(),
        delta,
        steps,
        design: Design::new(names, chosen.len() * (d + 1), values),
    })
}

/// One trajectory: (D + 1) × D grid levels row-major, and its D steps.
fn trajectory(rng: &mut ChaCha8Rng, d: usize, p: usize, jump: usize) -> (Vec<usize>, Vec<Step>) {
    // Start: a level from which the move stays on the grid; a factor moving
    // down starts `jump` levels higher.
    let up: Vec<bool> = (0..d).map(|_| rng.random::<bool>()).collect();
    let mut x: Vec<usize> = (0..d)
        .map(|k| {
            let base = rng.random_range(0..p - jump);
            if up[k] { base } else { base + jump }
        })
        .collect();
    let mut order: Vec<usize> = (0..d).collect();
    order.shuffle(rng);
    let mut rows = Vec::with_capacity((d + 1) * d);
    rows.extend_from_slice(&x);
    let mut steps = Vec::with_capacity(d);
    for &k in &order {
        x[k] = if up[k] { x[k] + jump } else { x[k] - jump };
        rows.extend_from_slice(&x);
        steps.push(Step {
            factor: k,
            up: up[k],
        });
    }
    (rows, steps)
}

/// Greedy spread selection: start from the most distant pair, then add the
/// candidate with the largest sum of squared distances to those chosen.
/// The distance between two trajectories is the sum of Euclidean distances
/// over all pairs of their points (Campolongo et al. 2007).
fn select_spread(cands: &[(Vec<usize>, Vec<Step>)], d: usize, r: usize) -> Vec<usize> {
    let m = cands.len();
    let dist = |a: &[usize], b: &[usize]| -> f64 {
        let mut total = 0.0;
        for pa in a.chunks_exact(d) {
            for pb in b.chunks_exact(d) {
                let s: f64 = pa
                    .iter()
                    .zip(pb)
                    .map(|(&x, &y)| (x as f64 - y as f64).powi(2))
                    .sum();
                total += s.sqrt();
            }
        }
        total
    };
    let dm: Vec<f64> = (0..m * m)
        .into_par_iter()
        .map(|ij| {
            let (i, j) = (ij / m, ij % m);
            if i < j {
                dist(&cands[i].0, &cands[j].0)
            } else {
                0.0
            }
        })
        .collect();
    let at = |i: usize, j: usize| if i < j { dm[i * m + j] } else { dm[j * m + i] };
    let (mut bi, mut bj, mut best) = (0, 1, f64::NEG_INFINITY);
    for i in 0..m {
        for j in i + 1..m {
            if at(i, j) > best {
                (bi, bj, best) = (i, j, at(i, j));
            }
        }
    }
    let mut chosen = vec![bi, bj];
    let mut score: Vec<f64> = (0..m)
        .map(|k| at(k, bi).powi(2) + at(k, bj).powi(2))
        .collect();
    while chosen.len() < r {
        let next = (0..m)
            .filter(|k| !chosen.contains(k))
            .max_by(|&a, &b| score[a].total_cmp(&score[b]).then(b.cmp(&a)))
            .expect("enough candidates");
        chosen.push(next);
        for (k, s) in score.iter_mut().enumerate() {
            *s += at(k, next).powi(2);
        }
    }
    chosen
}

/// Evaluate a Morris design with a closure (in parallel, bit-identical for
/// any thread count) and compute the screening measures.
pub fn morris<F>(ranges: &[ParamRange], opts: &MorrisOptions, eval: F) -> Result<MorrisResult>
where
    F: Fn(&[f64]) -> f64 + Sync,
{
    let design = morris_design(ranges, opts)?;
    let outputs = design.points().evaluate(eval);
    morris_analyze(&design, &outputs)
}

/// Compute μ, μ*, σ and the μ* bootstrap interval from the outputs of a Morris
/// design, one output per row in row order.
pub fn morris_analyze(design: &MorrisDesign, outputs: &[f64]) -> Result<MorrisResult> {
    check_outputs(design.evaluations(), outputs)?;
    let d = design.params.len();
    let r = design.evaluations() / (d + 1);
    // effects[k][t]: elementary effect of factor k in trajectory t.
    let mut effects = vec![vec![0.0; r]; d];
    for t in 0..r {
        for s in 0..d {
            let step = design.steps[t * d + s];
            let before = outputs[t * (d + 1) + s];
            let after = outputs[t * (d + 1) + s + 1];
            let signed = if step.up { design.delta } else { -design.delta };
            effects[step.factor][t] = (after - before) / signed;
        }
    }
    let opts = &design.options;
    let boot_seed = opts.seed ^ 0xB007_57AB_5EED_0002;
    // reps[b][k]: μ* of factor k in bootstrap resample b (trajectories drawn
    // with replacement, the same draw for every factor).
    let reps: Vec<Vec<f64>> = (0..opts.bootstrap_resamples)
        .into_par_iter()
        .map(|b| {
            let mut rng = resample_rng(boot_seed, b);
            let idx: Vec<usize> = (0..r).map(|_| rng.random_range(0..r)).collect();
            effects
                .iter()
                .map(|e| idx.iter().map(|&t| e[t].abs()).sum::<f64>() / r as f64)
                .collect()
        })
        .collect();
    let mut parameters: Vec<MorrisParameter> = effects
        .iter()
        .enumerate()
        .map(|(k, e)| {
            let abs: Vec<f64> = e.iter().map(|x| x.abs()).collect();
            let (mu_star_ci, mu_star_se) =
                bootstrap_summary(reps.iter().map(|v| v[k]).collect(), opts.confidence_level);
            MorrisParameter {
                name: design.params[k].name.clone(),
                position: k,
                mu: mean(e),
                mu_star: mean(&abs),
                sigma: sample_sd(e),
                mu_star_ci,
                mu_star_se,
            }
        })
        .collect();
    parameters.sort_by(|a, b| {
        b.mu_star
            .total_cmp(&a.mu_star)
            .then(a.position.cmp(&b.position))
    });
    Ok(MorrisResult {
        trajectories: r,
        levels: opts.levels,
        delta: design.delta,
        evaluations: outputs.len(),
        parameters,
        confidence_level: opts.confidence_level,
    })
}
