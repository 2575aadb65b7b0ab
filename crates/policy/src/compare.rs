//! Paired comparisons and 2^k factorial designs with common random numbers.

use engine::{Experiment, RunSpec};
use ensemble::EnsembleConfig;
use scenario::{Levers, Scenario, LEVERS};
use sensitivity::{FactorialAccumulator, FactorialSummary, PairedAccumulator, PairedSummary};
use serde::{Deserialize, Serialize};

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

fn check_outcomes(outcomes: &[Outcome]) -> Result<()> {
    if outcomes.is_empty() {
        return Err(PolicyError::input("outcomes", "no outcome requested; name at least one"));
    }
    Ok(())
}

/// The streaming statistics of one reduction block of a comparison
/// ([`ensemble::reduction_blocks`]): per arm, per outcome, the paired accumulator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparisonBlock {
    pub paired: Vec<Vec<PairedAccumulator>>,
}

/// Checks a comparison's inputs and builds the baseline's and the arms' experiments.
fn comparison_experiments(scenario: &Scenario, baseline: &Arm, arms: &[Arm], outcomes: &[Outcome], config: &RunConfig) -> Result<Vec<Experiment>> {
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
    std::iter::once(baseline)
        .chain(arms)
        .map(|a| experiment(scenario, &format!("arm `{}`", a.name), &a.levers, &a.shocks, config.days))
        .collect()
}

/// Checks that `blocks` are every reduction block of `runs` runs, each of `shape` (rows, columns).
fn check_blocks(runs: u64, found: usize) -> Result<()> {
    let (_, count) = ensemble::reduction_blocks(runs);
    if found as u64 != count {
        return Err(PolicyError::input("blocks", format!("{found} reduction blocks given; {runs} runs make {count}")));
    }
    Ok(())
}

/// Compares each arm with the baseline on each outcome at day `config.days`,
/// with common random numbers (run `r` of every arm uses the same stream).
///
/// `progress` is called with the number of run indices finished (each covers
/// every arm). The same as [`comparison_from_blocks`] of [`comparison_blocks`]
/// over every block.
pub fn compare(
    scenario: &Scenario,
    baseline: &Arm,
    arms: &[Arm],
    outcomes: &[Outcome],
    config: &RunConfig,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Comparison> {
    let (_, count) = ensemble::reduction_blocks(config.runs);
    let blocks = comparison_blocks(scenario, baseline, arms, outcomes, config, 0..count, progress)?;
    comparison_from_blocks(scenario, baseline, arms, outcomes, config, &blocks)
}

/// The reduction blocks `blocks` of a comparison (a shard's share of [`compare`]).
pub fn comparison_blocks(
    scenario: &Scenario,
    baseline: &Arm,
    arms: &[Arm],
    outcomes: &[Outcome],
    config: &RunConfig,
    blocks: std::ops::Range<u64>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<ComparisonBlock>> {
    let experiments = comparison_experiments(scenario, baseline, arms, outcomes, config)?;
    let c = experiments[0].checkpoints().len() - 1;
    let day = config.days;
    let specs: Vec<RunSpec<'_>> = experiments.iter().map(Experiment::spec).collect();
    let ens = EnsembleConfig { runs: config.runs, seed: config.seed };
    Ok(ensemble::for_each_outcome_by_block(
        &specs,
        &ens,
        blocks,
        progress,
        || ComparisonBlock { paired: vec![vec![PairedAccumulator::new(); outcomes.len()]; arms.len()] },
        |block, _, outs| {
            for (a, row) in block.paired.iter_mut().enumerate() {
                for (o, outcome) in outcomes.iter().enumerate() {
                    row[o].push(outcome.value_at(&outs[0], c, day), outcome.value_at(&outs[a + 1], c, day));
                }
            }
        },
    ))
}

/// The comparison from all its reduction blocks, folded in block order.
pub fn comparison_from_blocks(
    scenario: &Scenario,
    baseline: &Arm,
    arms: &[Arm],
    outcomes: &[Outcome],
    config: &RunConfig,
    blocks: &[ComparisonBlock],
) -> Result<Comparison> {
    comparison_experiments(scenario, baseline, arms, outcomes, config)?;
    check_blocks(config.runs, blocks.len())?;
    let mut acc = vec![vec![PairedAccumulator::new(); outcomes.len()]; arms.len()];
    for block in blocks {
        if block.paired.len() != arms.len() || block.paired.iter().any(|r| r.len() != outcomes.len()) {
            return Err(PolicyError::input("blocks", "a block's shape differs from the arms and outcomes compared"));
        }
        for (row, brow) in acc.iter_mut().zip(&block.paired) {
            for (a, b) in row.iter_mut().zip(brow) {
                a.merge(b);
            }
        }
    }
    let day = config.days;
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

/// The streaming statistics of one outcome in one reduction block of a factorial design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FactorialBlockOutcome {
    /// Cell average and Yates contrasts.
    pub effects: FactorialAccumulator,
    /// Sum of each cell's outcome over the block's runs.
    pub cell_sums: Vec<f64>,
    /// The simple effects' paired accumulators.
    pub simple: Vec<PairedAccumulator>,
}

/// The streaming statistics of one reduction block of a factorial design ([`ensemble::reduction_blocks`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FactorialBlock {
    pub outcomes: Vec<FactorialBlockOutcome>,
}

/// A checked factorial design: the cells' experiments and what the report names.
struct FactorialPlan {
    experiments: Vec<Experiment>,
    infos: Vec<FactorInfo>,
    names: Vec<String>,
    /// Simple effects: for factor j and each cell with bit j clear, (j, cell).
    pairs: Vec<(usize, usize)>,
}

fn factorial_plan(scenario: &Scenario, baseline: &Arm, factors: &[Factor], outcomes: &[Outcome], config: &RunConfig) -> Result<FactorialPlan> {
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
    let experiments = cell_levers
        .iter()
        .map(|l| experiment(scenario, &format!("arm `{}`", baseline.name), l, &baseline.shocks, config.days))
        .collect::<Result<Vec<_>>>()?;
    let pairs: Vec<(usize, usize)> =
        (0..k).flat_map(|j| (0..n_cells).filter(move |c| c & (1 << j) == 0).map(move |c| (j, c))).collect();
    Ok(FactorialPlan { experiments, infos, names: factors.iter().map(|f| f.lever.clone()).collect(), pairs })
}

impl FactorialPlan {
    fn empty_block(&self, outcomes: usize) -> Result<FactorialBlock> {
        let n_cells = self.experiments.len();
        let outcomes = (0..outcomes)
            .map(|_| {
                Ok(FactorialBlockOutcome {
                    effects: FactorialAccumulator::with_names(self.names.clone())?,
                    cell_sums: vec![0.0; n_cells],
                    simple: vec![PairedAccumulator::new(); self.pairs.len()],
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(FactorialBlock { outcomes })
    }
}

/// Runs the full 2^k design over `factors` (k = 1..=6) with common random
/// numbers: every run index evaluates every cell with the same random stream.
/// Reports cell means, main effects and interactions (Yates contrasts) and
/// simple effects, each with a paired 95 % interval, for every outcome at day
/// `config.days`. The same as [`factorial_from_blocks`] of [`factorial_blocks`]
/// over every block.
pub fn factorial(
    scenario: &Scenario,
    baseline: &Arm,
    factors: &[Factor],
    outcomes: &[Outcome],
    config: &RunConfig,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<FactorialResult> {
    let (_, count) = ensemble::reduction_blocks(config.runs);
    let blocks = factorial_blocks(scenario, baseline, factors, outcomes, config, 0..count, progress)?;
    factorial_from_blocks(scenario, baseline, factors, outcomes, config, &blocks)
}

/// The reduction blocks `blocks` of a factorial design (a shard's share of [`factorial`]).
pub fn factorial_blocks(
    scenario: &Scenario,
    baseline: &Arm,
    factors: &[Factor],
    outcomes: &[Outcome],
    config: &RunConfig,
    blocks: std::ops::Range<u64>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<FactorialBlock>> {
    let plan = factorial_plan(scenario, baseline, factors, outcomes, config)?;
    let empty = plan.empty_block(outcomes.len())?;
    let c = plan.experiments[0].checkpoints().len() - 1;
    let day = config.days;
    let n_cells = plan.experiments.len();
    let specs: Vec<RunSpec<'_>> = plan.experiments.iter().map(Experiment::spec).collect();
    let ens = EnsembleConfig { runs: config.runs, seed: config.seed };
    let mut values = vec![0.0f64; n_cells];
    let mut failure = None;
    let blocks = ensemble::for_each_outcome_by_block(
        &specs,
        &ens,
        blocks,
        progress,
        || empty.clone(),
        |block, _, outs| {
            for (o, outcome) in outcomes.iter().enumerate() {
                let acc = &mut block.outcomes[o];
                for (cell, out) in outs.iter().enumerate() {
                    values[cell] = outcome.value_at(out, c, day);
                    acc.cell_sums[cell] += values[cell];
                }
                if let Err(err) = acc.effects.push(&values) {
                    failure.get_or_insert(err);
                }
                for (p, &(j, cell)) in plan.pairs.iter().enumerate() {
                    acc.simple[p].push(values[cell], values[cell | (1 << j)]);
                }
            }
        },
    );
    match failure {
        Some(err) => Err(err.into()),
        None => Ok(blocks),
    }
}

/// The factorial design's result from all its reduction blocks, folded in block order.
pub fn factorial_from_blocks(
    scenario: &Scenario,
    baseline: &Arm,
    factors: &[Factor],
    outcomes: &[Outcome],
    config: &RunConfig,
    blocks: &[FactorialBlock],
) -> Result<FactorialResult> {
    let plan = factorial_plan(scenario, baseline, factors, outcomes, config)?;
    check_blocks(config.runs, blocks.len())?;
    let mut total = plan.empty_block(outcomes.len())?;
    let n_cells = plan.experiments.len();
    for block in blocks {
        let fits = block.outcomes.len() == outcomes.len()
            && block.outcomes.iter().all(|o| o.effects.k() == factors.len() && o.cell_sums.len() == n_cells && o.simple.len() == plan.pairs.len());
        if !fits {
            return Err(PolicyError::input("blocks", "a block's shape differs from the factors and outcomes of the design"));
        }
        for (t, b) in total.outcomes.iter_mut().zip(&block.outcomes) {
            t.effects.merge(&b.effects)?;
            for (x, y) in t.cell_sums.iter_mut().zip(&b.cell_sums) {
                *x += y;
            }
            for (x, y) in t.simple.iter_mut().zip(&b.simple) {
                x.merge(y);
            }
        }
    }
    let k = factors.len();
    let infos = &plan.infos;
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
    let day = config.days;
    let runs = config.runs as f64;
    let results = outcomes
        .iter()
        .zip(&total.outcomes)
        .map(|(outcome, acc)| FactorialOutcome {
            outcome: outcome.name.clone(),
            event: outcome.is_event(),
            day,
            cells: (0..n_cells)
                .map(|cell| CellMean {
                    cell,
                    high: (0..k).map(|j| cell & (1 << j) != 0).collect(),
                    label: level_label(cell, None),
                    mean: acc.cell_sums[cell] / runs,
                })
                .collect(),
            effects: acc.effects.effects(),
            simple_effects: plan
                .pairs
                .iter()
                .zip(&acc.simple)
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
        factors: plan.infos.clone(),
        runs: config.runs,
        seed: config.seed,
        days: config.days,
        outcomes: results,
    })
}
