//! Morris screening and Sobol indices over the scenario's uncertainty ranges.

use engine::{Experiment, ParameterMode};
use rayon::prelude::*;
use scenario::{Levers, ParamRef, Scenario, Shock};
use sensitivity::{
    morris_analyze, morris_design, saltelli_design, sobol_analyze, Design, MorrisOptions, MorrisResult, ParamRange,
    Sampling, SobolOptions, SobolResult,
};
use serde::Serialize;

use crate::{Outcome, PolicyError, Result};

/// Largest number of parameters for the Sobol' sequence; above it the
/// Saltelli design falls back to pseudo-random sampling.
const SOBOL_SEQUENCE_MAX_PARAMS: usize = 64;

/// Which sensitivity method to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Morris elementary effects (screening).
    Morris,
    /// Sobol first-order and total indices (Saltelli design, Jansen estimator).
    Sobol,
}

/// Options of [`sensitivity`].
#[derive(Clone, Debug, PartialEq)]
pub struct SensitivityConfig {
    pub method: Method,
    /// Morris: number of trajectories r (≥ 2; r·(D+1) design points).
    /// Sobol: base sample size N, a power of two (N·(D+2) design points).
    pub samples: usize,
    /// Replicate trajectories per design point (≥ 1). Every point uses the
    /// same seed and run indices `0..replicates` (common random numbers).
    pub replicates: u64,
    /// Horizon; the outcome is read on this day.
    pub days: u32,
    /// Seed of the runs, of the design and of the bootstrap.
    pub seed: u64,
    /// Bootstrap resamples for the intervals.
    pub bootstrap: usize,
}

impl SensitivityConfig {
    /// Defaults for a method: 1000 bootstrap resamples for Morris, 200 for Sobol.
    pub fn new(method: Method, samples: usize, replicates: u64, days: u32, seed: u64) -> SensitivityConfig {
        let bootstrap = match method {
            Method::Morris => 1000,
            Method::Sobol => 200,
        };
        SensitivityConfig { method, samples, replicates, days, seed, bootstrap }
    }
}

/// A parameter as it enters the analysis.
#[derive(Clone, Debug, Serialize)]
pub struct ParamInfo {
    pub name: String,
    /// The scenario's value.
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub unit: String,
}

/// Result of [`sensitivity`]. Exactly one of `morris` and `sobol` is set.
#[derive(Clone, Debug, Serialize)]
pub struct SensitivityResult {
    pub scenario: String,
    pub method: Method,
    pub outcome: String,
    pub event: bool,
    pub day: u32,
    pub seed: u64,
    pub samples: usize,
    pub replicates: u64,
    /// Design points evaluated.
    pub design_points: usize,
    /// Trajectories simulated (design points × replicates).
    pub runs: u64,
    /// Mean and variance of the point outputs (replicate means) over the design.
    pub output_mean: f64,
    pub output_variance: f64,
    /// The parameters, in the order given.
    pub parameters: Vec<ParamInfo>,
    /// Morris measures, sorted by decreasing μ*.
    pub morris: Option<MorrisResult>,
    /// Sobol indices, sorted by decreasing total index ST.
    pub sobol: Option<SobolResult>,
}

/// The uncertain parameters called `names` (all of them when `names` is empty).
pub fn select_parameters(scenario: &Scenario, names: &[String]) -> Result<Vec<ParamRef>> {
    let uncertain = scenario::uncertain_parameters(scenario);
    if names.is_empty() {
        return Ok(uncertain);
    }
    let mut res: Vec<ParamRef> = Vec::new();
    for name in names.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|s| !s.is_empty()) {
        if res.iter().any(|p| p.name == name) {
            return Err(PolicyError::input(format!("params: `{name}`"), "listed twice"));
        }
        match uncertain.iter().find(|p| p.name == name) {
            Some(p) => res.push(p.clone()),
            None => {
                let known = scenario::parameter_paths(scenario).into_iter().any(|p| p.name == name);
                let message = if known {
                    "this parameter has no uncertainty range (low = high) in the scenario, so it cannot be varied"
                } else {
                    "no such parameter; `faultline scenario params` lists them (default: every uncertain parameter)"
                };
                return Err(PolicyError::input(format!("params: `{name}`"), message));
            }
        }
    }
    if res.is_empty() {
        return Err(PolicyError::input("params", "the list is empty"));
    }
    Ok(res)
}

/// Evaluates every design row: the replicate mean of `outcome` for the
/// scenario with the row's parameter values. Rows are spread over rayon's pool
/// and collected by index; each row's replicates are summed in run order, so
/// the outputs do not depend on the number of threads.
#[allow(clippy::too_many_arguments)]
fn evaluate(
    scenario: &Scenario,
    levers: &Levers,
    shocks: &[Shock],
    params: &[ParamRef],
    design: &Design,
    rows: std::ops::Range<usize>,
    outcome: &Outcome,
    config: &SensitivityConfig,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<f64>> {
    let c = engine::standard_checkpoints(config.days).len() - 1;
    let day = config.days;
    let results: Vec<Result<f64>> = rows
        .into_par_iter()
        .map(|i| {
            let row = design.row(i);
            // The design varies the parameters itself: every run of a point uses its values.
            let mut builder = Experiment::builder(scenario).parameters(ParameterMode::Point);
            for (p, &x) in params.iter().zip(row) {
                // The design maps the unit cube linearly onto the range; clamp away rounding.
                let x = x.clamp(p.param.range[0], p.param.range[1]);
                builder = builder.set(&p.name, x)?;
            }
            let experiment = builder.levers(levers.clone()).shocks(shocks.to_vec()).build(config.days)?;
            let mut outcomes = Vec::with_capacity(config.replicates as usize);
            engine::run_outcomes(&experiment.spec(), config.seed, 0, config.replicates, &mut outcomes);
            let mut sum = 0.0;
            for out in &outcomes {
                sum += outcome.value_at(out, c, day);
            }
            progress(1);
            Ok(sum / config.replicates as f64)
        })
        .collect();
    results.into_iter().collect()
}

fn mean_variance(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = if xs.len() > 1 { xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0) } else { 0.0 };
    (mean, var)
}

/// Number of design points [`sensitivity`] will evaluate for `d` parameters.
pub fn design_points(method: Method, samples: usize, d: usize) -> usize {
    match method {
        Method::Morris => samples * (d + 1),
        Method::Sobol => samples * (d + 2),
    }
}

/// The design of a sensitivity analysis: Morris trajectories or Saltelli's matrices.
enum PlannedDesign {
    Morris(sensitivity::MorrisDesign),
    Sobol(sensitivity::SaltelliDesign),
}

impl PlannedDesign {
    fn points(&self) -> &Design {
        match self {
            PlannedDesign::Morris(d) => d.points(),
            PlannedDesign::Sobol(d) => d.points(),
        }
    }
}

/// Checks the configuration and builds the design (deterministic from the seed).
fn plan(scenario: &Scenario, params: &[ParamRef], shocks: &[Shock], config: &SensitivityConfig) -> Result<PlannedDesign> {
    if params.is_empty() {
        return Err(PolicyError::input("params", "no parameter to vary"));
    }
    if config.replicates == 0 {
        return Err(PolicyError::input("replicates", "must be at least 1"));
    }
    if !(1..=3650).contains(&config.days) {
        return Err(PolicyError::input("days", format!("{} is out of range; allowed 1..=3650", config.days)));
    }
    for shock in shocks {
        if shock.day > config.days {
            return Err(PolicyError::input(
                format!("shock `{}`", shock.spec(scenario)),
                format!("day {} is after the horizon of {} days", shock.day, config.days),
            ));
        }
    }
    let ranges: Vec<ParamRange> =
        params.iter().map(|p| ParamRange::new(p.name.clone(), p.param.range[0], p.param.range[1])).collect();
    match config.method {
        Method::Morris => {
            if config.samples < 2 {
                return Err(PolicyError::input("samples", format!("{} is too few Morris trajectories; needs at least 2", config.samples)));
            }
            let opts = MorrisOptions {
                trajectories: config.samples,
                seed: config.seed,
                bootstrap_resamples: config.bootstrap,
                ..MorrisOptions::default()
            };
            Ok(PlannedDesign::Morris(morris_design(&ranges, &opts)?))
        }
        Method::Sobol => {
            if config.samples < 2 || !config.samples.is_power_of_two() {
                return Err(PolicyError::input(
                    "samples",
                    format!("{} is not allowed for Sobol; the base sample size must be a power of two ≥ 2 (e.g. 256, 512, 1024)", config.samples),
                ));
            }
            let sampling = if params.len() <= SOBOL_SEQUENCE_MAX_PARAMS { Sampling::SobolShifted } else { Sampling::PseudoRandom };
            let opts = SobolOptions {
                n: config.samples,
                sampling,
                seed: config.seed,
                bootstrap_resamples: config.bootstrap,
                ..SobolOptions::default()
            };
            Ok(PlannedDesign::Sobol(saltelli_design(&ranges, &opts)?))
        }
    }
}

/// Runs a sensitivity analysis: [`sensitivity_outputs`] for every design point, then
/// [`sensitivity_from_outputs`].
pub fn sensitivity(
    scenario: &Scenario,
    levers: &Levers,
    shocks: &[Shock],
    params: &[ParamRef],
    outcome: &Outcome,
    config: &SensitivityConfig,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<SensitivityResult> {
    let points = design_points(config.method, config.samples, params.len());
    let outputs = sensitivity_outputs(scenario, levers, shocks, params, outcome, config, 0..points, progress)?;
    sensitivity_from_outputs(scenario, shocks, params, outcome, config, outputs)
}

/// The outputs of the design points `rows` (a range within
/// `0..design_points(..)`): each the replicate mean of `outcome` at that point. A
/// point's output does not depend on which other points are evaluated with it,
/// so shards of the rows concatenated in row order give the unsharded outputs.
#[allow(clippy::too_many_arguments)]
pub fn sensitivity_outputs(
    scenario: &Scenario,
    levers: &Levers,
    shocks: &[Shock],
    params: &[ParamRef],
    outcome: &Outcome,
    config: &SensitivityConfig,
    rows: std::ops::Range<usize>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<f64>> {
    let design = plan(scenario, params, shocks, config)?;
    let n = design.points().rows();
    if rows.start > rows.end || rows.end > n {
        return Err(PolicyError::input("rows", format!("{}..{} is outside the design's {n} points", rows.start, rows.end)));
    }
    evaluate(scenario, levers, shocks, params, design.points(), rows, outcome, config, progress)
}

/// The indices from the outputs of every design point, in row order.
pub fn sensitivity_from_outputs(
    scenario: &Scenario,
    shocks: &[Shock],
    params: &[ParamRef],
    outcome: &Outcome,
    config: &SensitivityConfig,
    outputs: Vec<f64>,
) -> Result<SensitivityResult> {
    let design = plan(scenario, params, shocks, config)?;
    if outputs.len() != design.points().rows() {
        return Err(PolicyError::input("outputs", format!("{} outputs for a design of {} points", outputs.len(), design.points().rows())));
    }
    let (morris, sobol) = match &design {
        PlannedDesign::Morris(d) => (Some(morris_analyze(d, &outputs)?), None),
        PlannedDesign::Sobol(d) => {
            let mut result = sobol_analyze(d, &outputs).map_err(|err| match err {
                sensitivity::SensitivityError::ZeroVariance => PolicyError::input(
                    format!("outcome `{}`", outcome.name),
                    format!(
                        "takes the same value at every design point (over {} replicates at day {}); Sobol indices are undefined — try more replicates, a longer horizon or another outcome",
                        config.replicates, config.days
                    ),
                ),
                other => other.into(),
            })?;
            result.indices.sort_by(|a, b| b.st.total_cmp(&a.st).then(a.position.cmp(&b.position)));
            (None, Some(result))
        }
    };
    let (output_mean, output_variance) = mean_variance(&outputs);
    Ok(SensitivityResult {
        scenario: scenario.meta.name.clone(),
        method: config.method,
        outcome: outcome.name.clone(),
        event: outcome.is_event(),
        day: config.days,
        seed: config.seed,
        samples: config.samples,
        replicates: config.replicates,
        design_points: outputs.len(),
        runs: outputs.len() as u64 * config.replicates,
        output_mean,
        output_variance,
        parameters: params
            .iter()
            .map(|p| ParamInfo {
                name: p.name.clone(),
                value: p.param.value,
                low: p.param.range[0],
                high: p.param.range[1],
                unit: p.param.unit.clone(),
            })
            .collect(),
        morris,
        sobol,
    })
}
