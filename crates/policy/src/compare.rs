//! Paired comparisons and 2^k factorial designs with common random numbers.

use engine::{Experiment, RunOutcome, RunSpec};
use ensemble::EnsembleConfig;
use scenario::{Levers, Scenario, LEVERS};
use sensitivity::{FactorialAccumulator, FactorialSummary, PairedAccumulator, PairedSummary};
use serde::Serialize;

use crate::{Arm, Outcome, PolicyError, Result};

/// Runs, seed and horizon of a comparison. Outcomes are read at day `days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunConfig {
    /// Paired runs per arm (≥ 2).
    pub runs: u64,
    pub seed: u64,
    /// Horizon in days (1..=3650); outcomes are read on this day.
    pub days: u32,
}

impl RunConfig {
    fn validate(&self) -> Result<()> {
        if self.runs < 2 {
            return Err(PolicyError::input("runs", format!("{} is too few; a paired interval needs at least 2 runs", self.runs)));
        }
        if !(1..=3650).contains(&self.days) {
            return Err(PolicyError::input("days", format!("{} is out of range; allowed 1..=3650", self.days)));
        }
        Ok(())
    }
}

/// One arm's difference from the baseline on one outcome.
#[derive(Clone, Debug, Serialize)]
pub struct ComparisonRow {
    pub arm: String,
    /// What the arm changes, in command-line form.
    pub changes: Vec<String>,
    pub outcome: String,
    /// True for event outcomes (means are probabilities).
    pub event: bool,
    /// Day the outcome is read.
    pub day: u32,
    /// Means, paired difference (arm − baseline) with its 95 % interval, and
    /// the variance reduction bought by common random numbers.
    pub paired: PairedSummary,
}

/// Result of [`compare`].
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub scenario: String,
    /// Baseline changes relative to the scenario's defaults (command-line levers and shocks).
    pub baseline: Vec<String>,
    pub runs: u64,
    pub seed: u64,
    pub days: u32,
    pub outcomes: Vec<String>,
    /// One row per (arm, outcome), arms in the order given.
    pub rows: Vec<ComparisonRow>,
}

/// The experiment of one setting (levers and shocks) over `days` days; errors name `label`.
fn experiment(scenario: &Scenario, label: &str, levers: &Levers, shocks: &[scenario::Shock], days: u32) -> Result<Experiment> {
    Experiment::builder(scenario)
        .levers(levers.clone())
        .shocks(shocks.to_vec())
        .build(days)
        .map_err(|err| match err {
            scenario::ScenarioError::Input { field, message } => PolicyError::input(format!("{label}: {field}"), message),
            other => other.into(),
        })
}

/// Runs `runs` trajectories of every experiment with common random numbers and
/// calls `visit` with the outcomes of each run, in run order.
fn run_paired(
    experiments: &[Experiment],
    config: &RunConfig,
    progress: &(dyn Fn(u64) + Sync),
    visit: impl FnMut(u64, &[RunOutcome]),
) {
    let specs: Vec<RunSpec<'_>> = experiments.iter().map(Experiment::spec).collect();
    let ens = EnsembleConfig { runs: config.runs, seed: config.seed };
    ensemble::for_each_outcome(&specs, &ens, progress, visit);
}

fn check_outcomes(outcomes: &[Outcome]) -> Result<()> {
    if outcomes.is_empty() {
        return Err(PolicyError::input("outcomes", "no outcome requested; name at least one"));
    }
    Ok(())
}

/// Compares each arm with the baseline on each outcome at day `config.days`,
/// with common random numbers (run `r` of every arm uses the same stream).
///
/// `progress` is called with the number of run indices finished (each covers
/// every arm).
pub fn compare(
    scenario: &Scenario,
    baseline: &Arm,
    arms: &[Arm],
    outcomes: &[Outcome],
    config: &RunConfig,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Comparison> {
    config.validate()?;
    check_outcomes(outcomes)?;
    if arms.is_empty() {
        return Err(PolicyError::input("arms", "no arm to compare with the baseline; give at least one"));
    }
    for (i, arm) in arms.iter().enumerate() {
        if arm.name == baseline.name || arms[..i].iter().any(|a| a.name == arm.name) {
            return Err(PolicyError::input(format!("arm `{}`", arm.name), "arm names must be distinct and not `baseline`"));
        }
    }
    let experiments = std::iter::once(baseline)
        .chain(arms)
        .map(|a| experiment(scenario, &format!("arm `{}`", a.name), &a.levers, &a.shocks, config.days))
        .collect::<Result<Vec<_>>>()?;
    let c = experiments[0].checkpoints().len() - 1;
    let day = config.days;
    let mut acc = vec![vec![PairedAccumulator::new(); outcomes.len()]; arms.len()];
    run_paired(&experiments, config, progress, |_, outs| {
        for (a, row) in acc.iter_mut().enumerate() {
            for (o, outcome) in outcomes.iter().enumerate() {
                row[o].push(outcome.value_at(&outs[0], c, day), outcome.value_at(&outs[a + 1], c, day));
            }
        }
    });
    let mut rows = Vec::with_capacity(arms.len() * outcomes.len());
    for (arm, accs) in arms.iter().zip(&acc) {
        for (outcome, a) in outcomes.iter().zip(accs) {
            rows.push(ComparisonRow {
                arm: arm.name.clone(),
                changes: arm.changes.clone(),
                outcome: outcome.name.clone(),
                event: outcome.is_event(),
                day,
                paired: a.summary(),
            });
        }
    }
    Ok(Comparison {
        scenario: scenario.meta.name.clone(),
        baseline: baseline.changes.clone(),
        runs: config.runs,
        seed: config.seed,
        days: config.days,
        outcomes: outcomes.iter().map(|o| o.name.clone()).collect(),
        rows,
    })
}

/// Largest number of levers in a factorial design (2^6 = 64 arms per run).
pub const MAX_FACTORS: usize = 6;

/// Default high settings of levers in a factorial design: `(lever, value)`.
/// `development` is million USD per year in each border region; `trade_target`
/// is billion USD per year. Other levers are shares or commitments in [0, 1].
pub const DEFAULT_HIGHS: &[(&str, f64)] = &[
    ("mutual_expulsion", 1.0),
    ("development", 300.0),
    ("development_first", 300.0),
    ("development_second", 300.0),
    ("liaison_ct", 1.0),
    ("smuggling_crackdown", 1.0),
    ("pipeline_completion", 1.0),
    ("trade_target", 15.0),
];

/// The default high setting of a lever (`development.<region>` included).
pub fn default_high(lever: &str) -> Option<f64> {
    if lever.starts_with("development.") {
        return Some(300.0);
    }
    DEFAULT_HIGHS.iter().find(|(n, _)| *n == lever).map(|(_, v)| *v)
}

/// One lever of a factorial design.
#[derive(Clone, Debug, PartialEq)]
pub struct Factor {
    /// Lever name as accepted by `--lever` (`development` sets both regions).
    pub lever: String,
    /// Low setting; `None` keeps the baseline's setting.
    pub low: Option<f64>,
    /// High setting.
    pub high: f64,
}

impl Factor {
    /// A factor at the baseline setting (low) and its [`default_high`] (high).
    pub fn with_default_high(lever: &str) -> Result<Factor> {
        let high = default_high(lever).ok_or_else(|| {
            let names: Vec<&str> = DEFAULT_HIGHS.iter().map(|(n, _)| *n).collect();
            PolicyError::input(
                format!("factor `{lever}`"),
                format!("no default high setting; give one with --high {lever}=VALUE (levers with defaults: {}, development.<region id>)", names.join(", ")),
            )
        })?;
        Ok(Factor { lever: lever.to_string(), low: None, high })
    }
}

/// A factor as reported.
#[derive(Clone, Debug, Serialize)]
pub struct FactorInfo {
    pub lever: String,
    /// Low setting (the baseline's when not given; `null` if the baseline's
    /// setting differs between regions).
    pub low: Option<f64>,
    pub high: f64,
}

/// Mean of one cell of the design.
#[derive(Clone, Debug, Serialize)]
pub struct CellMean {
    /// Cell index: bit j set when factor j is high.
    pub cell: usize,
    /// Per factor: true when high.
    pub high: Vec<bool>,
    /// Label such as `mutual_expulsion=1 development=0`.
    pub label: String,
    pub mean: f64,
}

/// The effect of one factor with every other factor held at given levels.
#[derive(Clone, Debug, Serialize)]
pub struct SimpleEffect {
    /// The factor switched from low to high.
    pub factor: String,
    /// The levels of the other factors, e.g. `development=300`.
    pub given: String,
    /// Paired comparison high − low at those levels.
    pub paired: PairedSummary,
}

/// Factorial results for one outcome.
#[derive(Clone, Debug, Serialize)]
pub struct FactorialOutcome {
    pub outcome: String,
    pub event: bool,
    pub day: u32,
    pub cells: Vec<CellMean>,
    /// Main effects (mean over high cells − mean over low cells) and
    /// interactions, with paired 95 % intervals.
    pub effects: FactorialSummary,
    /// Effect of each factor at each combination of the others.
    pub simple_effects: Vec<SimpleEffect>,
}

/// Result of [`factorial`].
#[derive(Clone, Debug, Serialize)]
pub struct FactorialResult {
    pub scenario: String,
    pub baseline: Vec<String>,
    pub factors: Vec<FactorInfo>,
    pub runs: u64,
    pub seed: u64,
    pub days: u32,
    pub outcomes: Vec<FactorialOutcome>,
}

/// The current value of a lever as named on the command line.
fn lever_value(levers: &Levers, name: &str, scenario: &Scenario) -> Option<f64> {
    if name == "development" {
        let [a, b] = levers.development_usd_m;
        return (a == b).then_some(a);
    }
    if let Some(region) = name.strip_prefix("development.") {
        let r = scenario.border_region.iter().find(|r| r.id == region)?;
        return Some(levers.development_usd_m[scenario.side_of(&r.state)?]);
    }
    LEVERS.iter().find(|s| s.name == name).map(|s| (s.get)(levers))
}

fn format_value(v: f64) -> String {
    format!("{v}")
}

/// Runs the full 2^k design over `factors` (k = 1..=6) with common random
/// numbers: every run index evaluates every cell with the same random stream.
/// Reports cell means, main effects and interactions (Yates contrasts) and
/// simple effects, each with a paired 95 % interval, for every outcome at day
/// `config.days`.
pub fn factorial(
    scenario: &Scenario,
    baseline: &Arm,
    factors: &[Factor],
    outcomes: &[Outcome],
    config: &RunConfig,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<FactorialResult> {
    config.validate()?;
    check_outcomes(outcomes)?;
    let k = factors.len();
    if k == 0 || k > MAX_FACTORS {
        return Err(PolicyError::input("factorial", format!("needs 1 to {MAX_FACTORS} levers, got {k}")));
    }
    for (i, f) in factors.iter().enumerate() {
        if factors[..i].iter().any(|g| g.lever == f.lever) {
            return Err(PolicyError::input(format!("factor `{}`", f.lever), "listed twice"));
        }
    }
    // Levers of every cell; this also validates names and values.
    let n_cells = 1usize << k;
    let mut cell_levers = Vec::with_capacity(n_cells);
    for cell in 0..n_cells {
        let mut levers = baseline.levers.clone();
        for (j, f) in factors.iter().enumerate() {
            let value = if cell & (1 << j) != 0 { Some(f.high) } else { f.low };
            if let Some(v) = value {
                levers.set(&f.lever, v, scenario)?;
            }
        }
        cell_levers.push(levers);
    }
    let infos: Vec<FactorInfo> = factors
        .iter()
        .map(|f| FactorInfo {
            lever: f.lever.clone(),
            low: f.low.or_else(|| lever_value(&baseline.levers, &f.lever, scenario)),
            high: f.high,
        })
        .collect();
    let level_label = |cell: usize, skip: Option<usize>| -> String {
        infos
            .iter()
            .enumerate()
            .filter(|(j, _)| Some(*j) != skip)
            .map(|(j, f)| {
                let v = if cell & (1 << j) != 0 {
                    format_value(f.high)
                } else {
                    f.low.map(format_value).unwrap_or_else(|| "baseline".to_string())
                };
                format!("{}={v}", f.lever)
            })
            .collect::<Vec<_>>()
            .join(" ")
    };

    let experiments = cell_levers
        .iter()
        .map(|l| experiment(scenario, &format!("arm `{}`", baseline.name), l, &baseline.shocks, config.days))
        .collect::<Result<Vec<_>>>()?;
    let c = experiments[0].checkpoints().len() - 1;
    let day = config.days;
    let names: Vec<String> = factors.iter().map(|f| f.lever.clone()).collect();
    let mut accs = Vec::with_capacity(outcomes.len());
    for _ in outcomes {
        accs.push(FactorialAccumulator::with_names(names.clone())?);
    }
    let mut sums = vec![vec![0.0f64; n_cells]; outcomes.len()];
    // Simple effects: for factor j and each cell with bit j clear, (cell, cell | bit j).
    let pairs: Vec<(usize, usize)> =
        (0..k).flat_map(|j| (0..n_cells).filter(move |c| c & (1 << j) == 0).map(move |c| (j, c))).collect();
    let mut simple = vec![vec![PairedAccumulator::new(); pairs.len()]; outcomes.len()];
    let mut values = vec![0.0f64; n_cells];
    let mut failure = None;
    run_paired(&experiments, config, progress, |_, outs| {
        for (o, outcome) in outcomes.iter().enumerate() {
            for (cell, out) in outs.iter().enumerate() {
                values[cell] = outcome.value_at(out, c, day);
                sums[o][cell] += values[cell];
            }
            if let Err(err) = accs[o].push(&values) {
                failure.get_or_insert(err);
            }
            for (p, &(j, cell)) in pairs.iter().enumerate() {
                simple[o][p].push(values[cell], values[cell | (1 << j)]);
            }
        }
    });
    if let Some(err) = failure {
        return Err(err.into());
    }
    let runs = config.runs as f64;
    let results = outcomes
        .iter()
        .enumerate()
        .map(|(o, outcome)| FactorialOutcome {
            outcome: outcome.name.clone(),
            event: outcome.is_event(),
            day,
            cells: (0..n_cells)
                .map(|cell| CellMean {
                    cell,
                    high: (0..k).map(|j| cell & (1 << j) != 0).collect(),
                    label: level_label(cell, None),
                    mean: sums[o][cell] / runs,
                })
                .collect(),
            effects: accs[o].effects(),
            simple_effects: pairs
                .iter()
                .zip(&simple[o])
                .map(|(&(j, cell), acc)| SimpleEffect {
                    factor: factors[j].lever.clone(),
                    given: if k == 1 { "-".to_string() } else { level_label(cell, Some(j)) },
                    paired: acc.summary(),
                })
                .collect(),
        })
        .collect();
    Ok(FactorialResult {
        scenario: scenario.meta.name.clone(),
        baseline: baseline.changes.clone(),
        factors: infos,
        runs: config.runs,
        seed: config.seed,
        days: config.days,
        outcomes: results,
    })
}
