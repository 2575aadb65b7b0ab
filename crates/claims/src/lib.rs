//! Claims: the statements of a scenario's sources, evaluated as experiments on the model.
//!
//! A scenario's `[[claim]]` entries (format and shape checks in the `scenario`
//! crate, vocabulary in `docs/model.md` §12) declare arms, a measure, a
//! comparison and a bound. [`prepare`] checks their outcome names against the
//! engine's registry and builds each arm as an [`Experiment`]; [`evaluate`]
//! runs them. Nothing here is specific to one scenario: every verdict follows
//! from the dynamics and the claim's declaration.
//!
//! The arms of a claim share their random numbers (common random numbers: the
//! same master seed and run index give the same stream in every arm), so
//! paired differences and contrasts are precise with modest run counts. A
//! check *holds* when its 95 % interval lies entirely on the declared side of
//! its bound; a claim holds when all its checks do.

use std::fmt;

use engine::{EventKind, Experiment, OutcomeKind, RunOutcome, RunSpec};
use ensemble::{wilson_interval, EnsembleConfig};
use scenario::{Bound, ClaimSpec, Comparison, MeasureKind, RunProperty, Scenario};
use sensitivity::PairedAccumulator;
use serde::{Deserialize, Serialize};

/// The result of one claim.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ClaimResult {
    /// The claim's identifier.
    pub id: String,
    /// What the source asserts, in our words.
    pub statement: String,
    /// Where the source asserts it.
    pub source: String,
    /// Every check, the headline first.
    pub checks: Vec<CheckResult>,
    /// True when every check holds.
    pub holds: bool,
}

/// The result of one check of a claim.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CheckResult {
    /// What was measured, with each arm's mean where arms are compared.
    pub measure: String,
    /// The estimate: a mean, a probability, a share, a difference, a ratio or a contrast.
    pub effect: f64,
    /// The 95 % interval of `effect`.
    pub low: f64,
    pub high: f64,
    /// The criterion, e.g. `lower bound > 0`.
    pub threshold: String,
    pub holds: bool,
}

/// Settings of the experiments.
#[derive(Clone, Debug)]
pub struct ClaimsConfig {
    /// Runs per arm.
    pub runs: u64,
    pub seed: u64,
}

/// A claim that cannot be run on its scenario: the field path and what is allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimsError {
    /// Path of the field in the scenario, e.g. `claim[2].measure.probability`.
    pub path: String,
    pub message: String,
}

impl fmt::Display for ClaimsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "field `{}`: {}", self.path, self.message)
    }
}

impl std::error::Error for ClaimsError {}

/// A per-run number a quantity measure can use.
#[derive(Clone, Copy, Debug)]
enum Quantity {
    /// A registry quantity read at checkpoint index `c`.
    Registry(engine::Measure, usize),
    /// Escalatory actions (rung ≥ 1) by state `side` over the whole run.
    Escalations(usize),
    /// De-escalation moves by state `side` over the whole run.
    Deescalations(usize),
}

impl Quantity {
    fn value(self, out: &RunOutcome, day: u32) -> f64 {
        match self {
            Quantity::Registry(measure, c) => measure.value_at(out, c, day),
            Quantity::Escalations(side) => f64::from(out.escalations(side)),
            Quantity::Deescalations(side) => f64::from(out.deescalations(side)),
        }
    }
}

/// A measure resolved against the registry and the claim's checkpoints.
#[derive(Clone, Debug)]
enum Measure {
    Probability { event: EventKind },
    Quantity { terms: Vec<(f64, Quantity)> },
    TensionBelowStart,
    AttacksInEveryState { since_c: usize, day_c: usize, sides: Vec<usize> },
    ShortFirstEpisode { within: u32 },
}

/// How a check combines the arms (arm indices).
#[derive(Clone, Debug)]
enum Compare {
    Single(usize),
    Difference(usize, usize),
    Ratio(usize, usize),
    /// One weight per arm, 0 for arms left out.
    Contrast(Vec<f64>),
}

#[derive(Clone, Debug)]
struct Check {
    measure: Measure,
    /// Whether the measure is a 0/1 indicator (probability or share).
    indicator: bool,
    day: u32,
    given: Option<EventKind>,
    compare: Compare,
    bound: Bound,
    /// The measure in words, without the arms.
    description: String,
}

/// A claim resolved against its scenario, ready to run.
#[derive(Clone, Debug)]
pub struct Claim {
    id: String,
    statement: String,
    source: String,
    arm_names: Vec<String>,
    arms: Vec<Experiment>,
    /// Tension index on day 0 in each arm.
    tension0: Vec<f64>,
    checks: Vec<Check>,
}

impl Claim {
    /// The claim's identifier.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Number of arms: trajectories run per requested run.
    pub fn arm_count(&self) -> u64 {
        self.arms.len() as u64
    }
}

/// Number of trajectories [`evaluate`] runs per requested run (for progress bars).
pub fn trajectories_per_run(claims: &[Claim]) -> u64 {
    claims.iter().map(Claim::arm_count).sum()
}

/// The names a `quantity` may use on `scenario`: the registry's quantities and each
/// state's escalation and de-escalation counts.
pub fn quantity_names(scenario: &Scenario) -> Vec<String> {
    let mut res: Vec<String> =
        engine::outcomes(scenario).into_iter().filter(|o| o.kind() == OutcomeKind::Quantity).map(|o| o.name).collect();
    for prefix in ["escalations", "deescalations"] {
        res.extend(scenario.state.iter().map(|st| format!("{prefix}_{}", st.id)));
    }
    res
}

/// The event outcomes (for `probability` and `given`) of `scenario`.
pub fn event_names(scenario: &Scenario) -> Vec<String> {
    engine::outcomes(scenario).into_iter().filter(|o| o.is_event()).map(|o| o.name).collect()
}

/// Resolves every claim of `scenario`: outcome names against the registry, arms into
/// experiments. An empty list means the scenario has no claims.
pub fn prepare(scenario: &Scenario) -> Result<Vec<Claim>, ClaimsError> {
    scenario.claim.iter().enumerate().map(|(idx, spec)| prepare_claim(scenario, idx, spec)).collect()
}

fn event_named(scenario: &Scenario, name: &str, path: &str) -> Result<EventKind, ClaimsError> {
    match engine::find_outcome(scenario, name).map(|o| o.measure) {
        Some(engine::Measure::Event(event)) => Ok(event),
        _ => Err(ClaimsError {
            path: path.to_string(),
            message: format!(
                "`{name}` is not an event outcome of scenario {}; expected one of {}",
                scenario.meta.name,
                event_names(scenario).join(", ")
            ),
        }),
    }
}

fn prepare_claim(scenario: &Scenario, idx: usize, spec: &ClaimSpec) -> Result<Claim, ClaimsError> {
    let horizon = spec.horizon();
    let checkpoints = spec.checkpoints();
    let checkpoint_index = |day: u32| checkpoints.iter().position(|&d| d == day).expect("a claim's checkpoints include its days");
    let arm_specs = spec.arms();
    let arm_names: Vec<String> = arm_specs.iter().map(|a| a.name.clone()).collect();
    let arm_index = |name: &str| arm_names.iter().position(|n| n == name).expect("validated: comparisons name arms");
    let mut arms = Vec::new();
    for (a, arm) in arm_specs.iter().enumerate() {
        let path = format!("claim[{idx}].arm[{a}]");
        let fail = |err: scenario::ScenarioError| ClaimsError { path: path.clone(), message: err.to_string() };
        let sets: Vec<(String, f64)> = arm.set.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let mut builder = Experiment::builder(scenario).sets(&sets).map_err(fail)?;
        for (name, value) in &arm.levers {
            builder = builder.lever(name, *value);
        }
        let shocks = arm.shocks.iter().map(|text| scenario::parse_shock(text, scenario)).collect::<Result<Vec<_>, _>>().map_err(fail)?;
        arms.push(builder.shocks(shocks).checkpoints(checkpoints.clone()).build(horizon).map_err(fail)?);
    }
    let tension0 = arms.iter().map(|arm| model::State::initial(arm.params()).tension()).collect();
    let mut checks = Vec::new();
    for check in spec.checks() {
        let at = check.path(idx);
        let m = check.measure;
        let given = match &m.given {
            Some(name) => Some((event_named(scenario, name, &format!("{at}.measure.given"))?, name.clone())),
            None => None,
        };
        let (measure, indicator, mut description) = match m.kind() {
            MeasureKind::Probability(name) => {
                let event = event_named(scenario, name, &format!("{at}.measure.probability"))?;
                let text = match &given {
                    Some((_, g)) => format!("P({name} by day {} | {g} by day {})", m.day, m.day),
                    None => format!("P({name} by day {})", m.day),
                };
                (Measure::Probability { event }, true, text)
            }
            MeasureKind::Quantity(expr) => {
                let mut terms = Vec::new();
                for term in scenario::quantity_terms(expr).expect("validated quantity expression") {
                    terms.push((term.weight, quantity_named(scenario, &term.name, m.day, horizon, &checkpoint_index, &at)?));
                }
                (Measure::Quantity { terms }, false, format!("{expr} on day {}", m.day))
            }
            MeasureKind::Share(RunProperty::TensionBelowStart) => (
                Measure::TensionBelowStart,
                true,
                format!("share of runs whose tension index on day {} is below day 0's", m.day),
            ),
            MeasureKind::Share(RunProperty::AttacksInEveryState) => {
                let since = m.since.expect("validated: attacks_in_every_state has since");
                let sides: Vec<usize> = (0..scenario.state.len()).filter(|&s| !scenario.groups_in(s).is_empty()).collect();
                let names: Vec<&str> = sides.iter().map(|&s| scenario.state[s].id.as_str()).collect();
                (
                    Measure::AttacksInEveryState { since_c: checkpoint_index(since), day_c: checkpoint_index(m.day), sides },
                    true,
                    format!("share of runs with attacks in every attacked state ({}) during days {}-{}", names.join(", "), since + 1, m.day),
                )
            }
            MeasureKind::Share(RunProperty::ShortFirstEpisode) => {
                let within = m.within.expect("validated: short_first_episode has within");
                (
                    Measure::ShortFirstEpisode { within },
                    true,
                    format!("share of runs whose first crisis episode lasts at most {within} days"),
                )
            }
        };
        if let (Some((_, g)), Some(RunProperty::TensionBelowStart | RunProperty::AttacksInEveryState | RunProperty::ShortFirstEpisode)) =
            (&given, m.share)
        {
            description.push_str(&format!(" among runs with {g} by day {}", m.day));
        }
        let compare = match check.comparison {
            None => Compare::Single(0),
            Some(Comparison::Arm(name)) => Compare::Single(arm_index(name)),
            Some(Comparison::Difference([a, b])) => Compare::Difference(arm_index(a), arm_index(b)),
            Some(Comparison::Ratio([a, b])) => Compare::Ratio(arm_index(a), arm_index(b)),
            Some(Comparison::Contrast(weights)) => {
                Compare::Contrast(arm_names.iter().map(|n| weights.get(n).copied().unwrap_or(0.0)).collect())
            }
        };
        checks.push(Check { measure, indicator, day: m.day, given: given.map(|(e, _)| e), compare, bound: check.bound, description });
    }
    Ok(Claim {
        id: spec.id.clone(),
        statement: spec.statement.clone(),
        source: spec.source.clone(),
        arm_names,
        arms,
        tension0,
        checks,
    })
}

fn quantity_named(
    scenario: &Scenario,
    name: &str,
    day: u32,
    horizon: u32,
    checkpoint_index: &dyn Fn(u32) -> usize,
    at: &str,
) -> Result<Quantity, ClaimsError> {
    let path = format!("{at}.measure.quantity");
    if let Some(o) = engine::find_outcome(scenario, name).filter(|o| o.kind() == OutcomeKind::Quantity) {
        return Ok(Quantity::Registry(o.measure, checkpoint_index(day)));
    }
    for (prefix, make) in [("escalations_", Quantity::Escalations as fn(usize) -> Quantity), ("deescalations_", Quantity::Deescalations)] {
        if let Some(side) = name.strip_prefix(prefix).and_then(|id| scenario.side_of(id)) {
            if day != horizon {
                return Err(ClaimsError {
                    path: format!("{at}.measure.day"),
                    message: format!("`{name}` counts moves over the whole run; `day` must be the claim's horizon, {horizon}"),
                });
            }
            return Ok(make(side));
        }
    }
    Err(ClaimsError {
        path,
        message: format!(
            "`{name}` is not a quantity of scenario {}; expected one of {}",
            scenario.meta.name,
            quantity_names(scenario).join(", ")
        ),
    })
}

impl Check {
    /// The measure in arm `arm` of one run; `None` when the run does not meet `given`.
    fn value(&self, claim: &Claim, out: &RunOutcome, arm: usize) -> Option<f64> {
        if let Some(event) = self.given
            && !out.happened_by(event, self.day)
        {
            return None;
        }
        let flag = |b: bool| f64::from(u8::from(b));
        Some(match &self.measure {
            Measure::Probability { event } => flag(out.happened_by(*event, self.day)),
            Measure::Quantity { terms } => terms.iter().map(|&(w, q)| w * q.value(out, self.day)).sum(),
            Measure::TensionBelowStart => flag(f64::from(out.tension[self.day as usize - 1]) < claim.tension0[arm]),
            Measure::AttacksInEveryState { since_c, day_c, sides } => {
                flag(sides.iter().all(|&s| out.attacks[*day_c][s] > out.attacks[*since_c][s]))
            }
            Measure::ShortFirstEpisode { within } => flag((1..=*within).contains(&out.first_episode_days)),
        })
    }
}

/// Running statistics of one check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tally {
    /// A 0/1 measure in one arm: hits among the runs that qualify (Wilson interval).
    Share { hits: u64, runs: u64 },
    /// A quantity in one arm, or a contrast: pushed as (0, value) (Student-t interval).
    Mean(PairedAccumulator),
    /// Two arms, pushed as (second, first).
    Paired(PairedAccumulator),
}

impl Tally {
    /// Folds the tally of later runs into this one.
    fn merge(&mut self, other: &Tally) -> bool {
        match (self, other) {
            (Tally::Share { hits, runs }, Tally::Share { hits: h, runs: r }) => {
                *hits += h;
                *runs += r;
            }
            (Tally::Mean(a), Tally::Mean(b)) | (Tally::Paired(a), Tally::Paired(b)) => a.merge(b),
            _ => return false,
        }
        true
    }
}

impl Check {
    fn tally(&self) -> Tally {
        match self.compare {
            Compare::Single(_) if self.indicator => Tally::Share { hits: 0, runs: 0 },
            Compare::Single(_) | Compare::Contrast(_) => Tally::Mean(PairedAccumulator::new()),
            Compare::Difference(..) | Compare::Ratio(..) => Tally::Paired(PairedAccumulator::new()),
        }
    }

    fn push(&self, claim: &Claim, outs: &[RunOutcome], tally: &mut Tally, arm_sums: &mut [f64]) {
        let value = |arm: usize| self.value(claim, &outs[arm], arm);
        match (&self.compare, tally) {
            (Compare::Single(a), Tally::Share { hits, runs }) => {
                if let Some(v) = value(*a) {
                    *runs += 1;
                    if v > 0.5 {
                        *hits += 1;
                    }
                }
            }
            (Compare::Single(a), Tally::Mean(acc)) => {
                if let Some(v) = value(*a) {
                    acc.push(0.0, v);
                }
            }
            (Compare::Difference(a, b) | Compare::Ratio(a, b), Tally::Paired(acc)) => {
                acc.push(value(*b).expect("no `given` across arms"), value(*a).expect("no `given` across arms"));
            }
            (Compare::Contrast(weights), Tally::Mean(acc)) => {
                let mut effect = 0.0;
                for (arm, &w) in weights.iter().enumerate() {
                    if w != 0.0 {
                        let v = value(arm).expect("no `given` across arms");
                        arm_sums[arm] += v;
                        effect += w * v;
                    }
                }
                acc.push(0.0, effect);
            }
            _ => unreachable!("each comparison has its tally"),
        }
    }

    fn result(&self, claim: &Claim, tally: &Tally, arm_sums: &[f64], runs: u64) -> CheckResult {
        let digits = if self.indicator { 3 } else { 2 };
        let names = &claim.arm_names;
        let in_arm = |a: usize| if names.len() > 1 { format!(" in arm {}", names[a]) } else { String::new() };
        let (measure, effect, low, high) = match (&self.compare, tally) {
            (Compare::Single(a), Tally::Share { hits, runs: n }) => {
                let (lo, hi) = wilson_interval(*hits, *n);
                let mut text = format!("{}{}", self.description, in_arm(*a));
                if self.measure_is_tension() {
                    text.push_str(&format!(" ({:.2})", claim.tension0[*a]));
                }
                if self.given.is_some() {
                    text.push_str(&format!(", over {n} qualifying runs"));
                }
                (text, *hits as f64 / (*n).max(1) as f64, lo, hi)
            }
            (Compare::Single(a), Tally::Mean(acc)) => {
                let s = acc.summary();
                (format!("{}{}", self.description, in_arm(*a)), s.mean_difference, s.ci.low, s.ci.high)
            }
            (Compare::Difference(a, b), Tally::Paired(acc)) => {
                let s = acc.summary();
                let text = format!(
                    "{}: {} {:.digits$}, {} {:.digits$}; effect = {} − {}",
                    self.description, names[*a], s.mean_alternative, names[*b], s.mean_baseline, names[*a], names[*b]
                );
                (text, s.mean_difference, s.ci.low, s.ci.high)
            }
            (Compare::Ratio(a, b), Tally::Paired(acc)) => {
                let (ratio, lo, hi) = ratio_interval(acc);
                let s = acc.summary();
                let text = format!(
                    "{}: {} {:.digits$}, {} {:.digits$}; effect = {} / {}",
                    self.description, names[*a], s.mean_alternative, names[*b], s.mean_baseline, names[*a], names[*b]
                );
                (text, ratio, lo, hi)
            }
            (Compare::Contrast(weights), Tally::Mean(acc)) => {
                let s = acc.summary();
                let means: Vec<String> = weights
                    .iter()
                    .enumerate()
                    .filter(|&(_, &w)| w != 0.0)
                    .map(|(a, _)| format!("{} {:.digits$}", names[a], arm_sums[a] / runs.max(1) as f64))
                    .collect();
                let mut formula = String::new();
                for (a, &w) in weights.iter().enumerate().filter(|&(_, &w)| w != 0.0) {
                    let sign = match (formula.is_empty(), w < 0.0) {
                        (true, true) => "−",
                        (true, false) => "",
                        (false, true) => " − ",
                        (false, false) => " + ",
                    };
                    formula.push_str(&format!("{sign}{}·{}", w.abs(), names[a]));
                }
                (format!("{}: {}; effect = {formula}", self.description, means.join(", ")), s.mean_difference, s.ci.low, s.ci.high)
            }
            _ => unreachable!("each comparison has its tally"),
        };
        let (threshold, holds) = match self.bound {
            Bound::Above(x) => (format!("lower bound > {x}"), low > x),
            Bound::Below(x) => (format!("upper bound < {x}"), high < x),
        };
        CheckResult { measure, effect, low, high, threshold, holds }
    }

    fn measure_is_tension(&self) -> bool {
        matches!(self.measure, Measure::TensionBelowStart)
    }
}

/// Ratio of means (first arm over second) with a 95 % delta-method interval:
/// Var(ȳ/x̄) ≈ (Var ȳ + r² Var x̄ − 2 r Cov(x̄, ȳ)) / x̄², with the paired sample
/// (co)variances divided by the number of runs. NaN when the denominator's mean is 0.
fn ratio_interval(acc: &PairedAccumulator) -> (f64, f64, f64) {
    let s = acc.summary();
    let n = s.runs as f64;
    let ratio = s.mean_alternative / s.mean_baseline;
    if s.runs < 2 || s.mean_baseline == 0.0 {
        return (ratio, f64::NAN, f64::NAN);
    }
    let var = (s.sd_alternative.powi(2) + ratio * ratio * s.sd_baseline.powi(2) - 2.0 * ratio * acc.covariance()).max(0.0)
        / (n * s.mean_baseline * s.mean_baseline);
    let half = sensitivity::student_t_quantile(0.975, n - 1.0) * var.sqrt();
    (ratio, ratio - half, ratio + half)
}

/// The running statistics of one claim over one reduction block of runs
/// ([`ensemble::reduction_blocks`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimBlock {
    /// Per check.
    pub tallies: Vec<Tally>,
    /// Per check, per arm: the sum of the arm's values (contrasts).
    pub arm_sums: Vec<Vec<f64>>,
    pub runs: u64,
}

/// Why blocks cannot be folded into a claim's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockMismatch(pub String);

impl std::fmt::Display for BlockMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BlockMismatch {}

/// Runs every claim, in order. `progress` receives the number of trajectories finished.
/// The same as [`results_from_blocks`] of [`evaluate_blocks`] over every block.
pub fn evaluate(claims: &[Claim], config: &ClaimsConfig, progress: &(dyn Fn(u64) + Sync)) -> Vec<ClaimResult> {
    let (_, count) = ensemble::reduction_blocks(config.runs);
    let blocks = evaluate_blocks(claims, config, 0..count, progress);
    results_from_blocks(claims, config, &blocks).expect("every block of every claim, in order")
}

/// The reduction blocks `blocks` of every claim (a shard's share of [`evaluate`]):
/// per claim, its blocks in order.
pub fn evaluate_blocks(claims: &[Claim], config: &ClaimsConfig, blocks: std::ops::Range<u64>, progress: &(dyn Fn(u64) + Sync)) -> Vec<Vec<ClaimBlock>> {
    claims.iter().map(|claim| claim_blocks(claim, config, blocks.clone(), progress)).collect()
}

fn claim_blocks(claim: &Claim, config: &ClaimsConfig, blocks: std::ops::Range<u64>, progress: &(dyn Fn(u64) + Sync)) -> Vec<ClaimBlock> {
    let specs: Vec<RunSpec<'_>> = claim.arms.iter().map(Experiment::spec).collect();
    let ens = EnsembleConfig { runs: config.runs, seed: config.seed };
    ensemble::for_each_outcome_by_block(
        &specs,
        &ens,
        blocks,
        progress,
        || ClaimBlock {
            tallies: claim.checks.iter().map(Check::tally).collect(),
            arm_sums: vec![vec![0.0; claim.arms.len()]; claim.checks.len()],
            runs: 0,
        },
        |block, _, outs| {
            block.runs += 1;
            for ((check, tally), sums) in claim.checks.iter().zip(&mut block.tallies).zip(&mut block.arm_sums) {
                check.push(claim, outs, tally, sums);
            }
        },
    )
}

/// Every claim's result from all its reduction blocks, folded in block order.
pub fn results_from_blocks(claims: &[Claim], config: &ClaimsConfig, blocks: &[Vec<ClaimBlock>]) -> Result<Vec<ClaimResult>, BlockMismatch> {
    let (_, count) = ensemble::reduction_blocks(config.runs);
    if blocks.len() != claims.len() {
        return Err(BlockMismatch(format!("blocks of {} claims given for {} claims", blocks.len(), claims.len())));
    }
    claims
        .iter()
        .zip(blocks)
        .map(|(claim, blocks)| {
            if blocks.len() as u64 != count {
                return Err(BlockMismatch(format!("claim `{}`: {} reduction blocks given; {} runs make {count}", claim.id, blocks.len(), config.runs)));
            }
            let mut tallies: Vec<Tally> = claim.checks.iter().map(Check::tally).collect();
            let mut arm_sums = vec![vec![0.0; claim.arms.len()]; claim.checks.len()];
            let mut runs = 0u64;
            for block in blocks {
                let fits = block.tallies.len() == tallies.len()
                    && block.arm_sums.len() == arm_sums.len()
                    && block.arm_sums.iter().all(|s| s.len() == claim.arms.len());
                if !fits || !tallies.iter_mut().zip(&block.tallies).all(|(t, b)| t.merge(b)) {
                    return Err(BlockMismatch(format!("claim `{}`: a block's checks differ from the claim's", claim.id)));
                }
                for (sums, b) in arm_sums.iter_mut().zip(&block.arm_sums) {
                    for (x, y) in sums.iter_mut().zip(b) {
                        *x += y;
                    }
                }
                runs += block.runs;
            }
            let checks: Vec<CheckResult> = claim
                .checks
                .iter()
                .zip(&tallies)
                .zip(&arm_sums)
                .map(|((check, tally), sums)| check.result(claim, tally, sums, runs))
                .collect();
            Ok(ClaimResult {
                id: claim.id.clone(),
                statement: claim.statement.clone(),
                source: claim.source.clone(),
                holds: checks.iter().all(|c| c.holds),
                checks,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
