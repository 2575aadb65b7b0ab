//! Output formats of Faultline: the versioned forecast document and its renderings.
//!
//! [`ForecastReport::build`] turns an ensemble [`Accumulator`] into a plain,
//! serializable document (schema `faultline.forecast`, version
//! [`SCHEMA_VERSION`]) that records everything needed to reproduce it: the
//! scenario's name and hash, the seed, where each run's parameters came from,
//! the number of runs and days, the levers and shocks, and the Faultline version. [`render_table`] and
//! [`render_csv`] print it for people and spreadsheets; JSON comes from serde.
//!
//! Model and engine types never derive `Serialize`; this crate converts them by hand.

pub mod fit;
pub mod html;

use engine::{EventKind, Measure, OutcomeDef, ParameterMode};
use ensemble::{wilson_interval, Accumulator};
use model::{Action, RUNGS, RUNG_NAMES};
use scenario::{Levers, Scenario, Shock};
use serde::{Deserialize, Serialize};

/// Name of the forecast JSON schema.
pub const SCHEMA: &str = "faultline.forecast";
/// Version of the forecast JSON schema.
pub const SCHEMA_VERSION: u32 = 1;

/// A complete forecast, ready to serialize.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ForecastReport {
    pub schema: String,
    pub schema_version: u32,
    pub faultline_version: String,
    pub scenario: ScenarioRef,
    pub seed: u64,
    /// Where each run's escalation and diplomacy parameters came from: `point` (the
    /// scenario's values), `posterior` or `ranges` (drawn per run). Documents written
    /// before the field existed were point forecasts.
    #[serde(default = "point_parameters")]
    pub parameters: String,
    pub runs: u64,
    pub days: u32,
    pub levers: Vec<LeverValue>,
    pub shocks: Vec<String>,
    pub checkpoints: Vec<u32>,
    pub probabilities: Vec<ProbabilityOutcome>,
    pub quantities: Vec<QuantityOutcome>,
    pub crisis: CrisisStats,
    pub actions: Vec<ActionRates>,
    pub daily: DailySeries,
    /// The binary outcomes pooled with the record's long-run base rates, when the
    /// forecast starts from a record (a built-in scenario and its chronology, or
    /// `--events`/`--as-of`) at status-quo levers without shocks; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combined: Option<CombinedForecast>,
}

/// The model's probabilities pooled with the record's base rates,
/// `w·model + (1 − w)·base rate`, the forecast scored as "leave-one-dyad-out-combined"
/// in `docs/backtest.md` (weights learnt across the reference class of dyads).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CombinedForecast {
    /// Which record the base rates come from, and its span.
    pub record: String,
    /// Where the weights come from (the evaluation that learnt them).
    pub weights_source: String,
    pub outcomes: Vec<CombinedOutcome>,
}

/// One binary outcome of a [`CombinedForecast`].
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CombinedOutcome {
    pub name: String,
    /// The model's share w.
    pub model_weight: f64,
    /// Distinct days with the event in the record before the first forecast day.
    pub record_events: usize,
    /// Days from the record's first event to the first forecast day.
    pub record_days: u32,
    pub by_day: Vec<CombinedAt>,
}

/// A combined probability at one checkpoint.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CombinedAt {
    pub day: u32,
    /// The ensemble's frequency with half a run added to each side, (k + ½)/(n + 1).
    pub model: f64,
    /// P(at least one within `day` days) at the record's rate (events + ½)/days.
    pub base_rate: f64,
    /// w·model + (1 − w)·base_rate.
    pub p: f64,
}

fn point_parameters() -> String {
    ParameterMode::Point.name().to_string()
}

/// Which scenario produced the forecast.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ScenarioRef {
    pub name: String,
    pub hash: String,
    pub start_date: String,
    pub states: Vec<String>,
}

/// One lever setting.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LeverValue {
    pub name: String,
    pub value: f64,
}

/// Probability of a binary event by each checkpoint.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ProbabilityOutcome {
    pub name: String,
    pub description: String,
    pub by_day: Vec<ProbabilityAt>,
}

/// A probability with its 95% Wilson interval.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ProbabilityAt {
    pub day: u32,
    pub p: f64,
    pub low: f64,
    pub high: f64,
    pub runs_with_event: u64,
}

/// Distribution of a quantity at each checkpoint.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct QuantityOutcome {
    pub name: String,
    pub unit: String,
    pub description: String,
    pub by_day: Vec<QuantityAt>,
}

/// Mean and 10/50/90% quantiles.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct QuantityAt {
    pub day: u32,
    pub mean: f64,
    pub q10: f64,
    pub q50: f64,
    pub q90: f64,
}

/// How strike crises unfold when they happen.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CrisisStats {
    /// Runs with at least one strike exchange.
    pub runs_with_exchange: u64,
    /// P(war | exchange) with its interval.
    pub war_given_exchange: Option<ProbabilityAt>,
    /// Runs with at least one strike (a crisis episode).
    pub runs_with_episode: u64,
    /// Length of the first crisis episode, first to last strike (days).
    pub episode_days_q50: Option<f64>,
    pub episode_days_q90: Option<f64>,
    /// Share of first episodes that reached war.
    pub episode_war_share: Option<f64>,
    /// Runs in which each state (in the scenario's order) struck first, alone; runs where
    /// both first struck on the same day count in neither.
    pub first_strike_by: Vec<u64>,
}

/// Mean number of times a state took each action per run.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ActionRates {
    pub state: String,
    pub per_run: Vec<LeverValue>,
}

/// Daily quantile series.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DailySeries {
    pub tension_q10: Vec<f64>,
    pub tension_q50: Vec<f64>,
    pub tension_q90: Vec<f64>,
    /// Names of the escalation rungs, index = rung.
    pub rung_names: Vec<String>,
    /// rung_share[day][rung]: share of runs at that rung on that day (day index 0 = day 1).
    pub rung_share: Vec<Vec<f64>>,
    /// Probability that a cross-border strike has happened by each day.
    pub strike_by_day: Vec<f64>,
}

/// Metadata that is not in the accumulator.
#[derive(Clone, Debug)]
pub struct RunInfo<'a> {
    pub scenario: &'a Scenario,
    pub levers: &'a Levers,
    pub shocks: &'a [Shock],
    pub seed: u64,
    /// Where each run's parameters came from ([`engine::Experiment::parameter_mode`]).
    pub parameters: ParameterMode,
    pub version: &'a str,
}

impl<'a> RunInfo<'a> {
    /// What a run of `experiment` with `seed` records about itself.
    pub fn of(experiment: &'a engine::Experiment, seed: u64, version: &'a str) -> RunInfo<'a> {
        RunInfo {
            scenario: experiment.scenario(),
            levers: experiment.levers(),
            shocks: experiment.shocks(),
            seed,
            parameters: experiment.parameter_mode(),
            version,
        }
    }
}

impl ForecastReport {
    /// Builds the report from an ensemble's totals.
    pub fn build(acc: &Accumulator, info: &RunInfo<'_>) -> ForecastReport {
        let sc = info.scenario;
        let registry = engine::outcomes(sc);
        let at_checkpoints = |value: &dyn Fn(usize, u32) -> QuantityAt| -> Vec<QuantityAt> {
            acc.checkpoints.iter().enumerate().map(|(c, &day)| value(c, day)).collect()
        };
        let mut probabilities = Vec::new();
        let mut quantities = Vec::new();
        for outcome in registry {
            let OutcomeDef { name, description, unit, measure } = outcome;
            let by_day = match measure {
                Measure::Event(event) => {
                    let by_day = acc
                        .checkpoints
                        .iter()
                        .enumerate()
                        .map(|(c, &day)| probability_at(day, acc.hits[event.index()][c], acc.runs))
                        .collect();
                    probabilities.push(ProbabilityOutcome { name, description, by_day });
                    continue;
                }
                Measure::Attacks(side) => at_checkpoints(&|c, day| histogram_at(day, &acc.attacks[c][side])),
                Measure::Fatalities(side) => at_checkpoints(&|c, day| histogram_at(day, &acc.deaths[c][side])),
                Measure::Trade => at_checkpoints(&|c, day| {
                    let counts = &acc.trade[c];
                    let total: u64 = counts.iter().sum();
                    let mean = counts
                        .iter()
                        .enumerate()
                        .map(|(k, &n)| (k as f64 + 0.5) * ensemble::TRADE_BIN * n as f64)
                        .sum::<f64>()
                        / total.max(1) as f64;
                    QuantityAt {
                        day,
                        mean,
                        q10: acc.trade_quantile(c, 0.1),
                        q50: acc.trade_quantile(c, 0.5),
                        q90: acc.trade_quantile(c, 0.9),
                    }
                }),
            };
            quantities.push(QuantityOutcome { name, unit, description, by_day });
        }
        let days = acc.days as usize;
        let daily = DailySeries {
            tension_q10: (0..days).map(|d| acc.tension_quantile(d, 0.1)).collect(),
            tension_q50: (0..days).map(|d| acc.tension_quantile(d, 0.5)).collect(),
            tension_q90: (0..days).map(|d| acc.tension_quantile(d, 0.9)).collect(),
            rung_names: RUNG_NAMES.iter().map(|s| s.to_string()).collect(),
            rung_share: acc
                .rung
                .iter()
                .map(|counts| {
                    let total: u64 = counts.iter().sum();
                    (0..RUNGS).map(|r| counts[r] as f64 / total.max(1) as f64).collect()
                })
                .collect(),
            strike_by_day: {
                let counts = &acc.first_day_counts[EventKind::CrossBorderStrike.index()];
                let mut cum = 0u64;
                (1..=days)
                    .map(|d| {
                        cum += counts[d];
                        cum as f64 / acc.runs.max(1) as f64
                    })
                    .collect()
            },
        };
        let crisis = CrisisStats {
            runs_with_exchange: acc.exchanges,
            war_given_exchange: (acc.exchanges > 0).then(|| probability_at(acc.days, acc.exchanges_war, acc.exchanges)),
            runs_with_episode: acc.episodes,
            episode_days_q50: (acc.episodes > 0).then(|| acc.episode_days.quantile(0.5) as f64),
            episode_days_q90: (acc.episodes > 0).then(|| acc.episode_days.quantile(0.9) as f64),
            episode_war_share: (acc.episodes > 0).then(|| acc.episodes_war as f64 / acc.episodes as f64),
            first_strike_by: acc.first_strike_by.to_vec(),
        };
        let actions = (0..2)
            .map(|side| ActionRates {
                state: sc.state[side].id.clone(),
                per_run: Action::ALL
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| **a != Action::Hold)
                    .map(|(k, a)| LeverValue {
                        name: a.name().to_string(),
                        value: acc.action_totals[side][k] as f64 / acc.runs.max(1) as f64,
                    })
                    .collect(),
            })
            .collect();
        ForecastReport {
            schema: SCHEMA.to_string(),
            schema_version: SCHEMA_VERSION,
            faultline_version: info.version.to_string(),
            scenario: ScenarioRef {
                name: sc.meta.name.clone(),
                hash: sc.hash(),
                start_date: sc.meta.start_date.clone(),
                states: sc.state.iter().map(|s| s.id.clone()).collect(),
            },
            seed: info.seed,
            parameters: info.parameters.name().to_string(),
            runs: acc.runs,
            days: acc.days,
            levers: info.levers.entries(sc).into_iter().map(|(n, v)| LeverValue { name: n.to_string(), value: v }).collect(),
            shocks: info.shocks.iter().map(|s| s.spec(sc)).collect(),
            checkpoints: acc.checkpoints.clone(),
            probabilities,
            quantities,
            crisis,
            actions,
            daily,
            combined: None,
        }
    }

    /// The probability named `name` at checkpoint day `day`.
    pub fn probability(&self, name: &str, day: u32) -> Option<&ProbabilityAt> {
        self.probabilities.iter().find(|p| p.name == name)?.by_day.iter().find(|p| p.day == day)
    }

    /// The quantity named `name` at checkpoint day `day`.
    pub fn quantity(&self, name: &str, day: u32) -> Option<&QuantityAt> {
        self.quantities.iter().find(|q| q.name == name)?.by_day.iter().find(|q| q.day == day)
    }
}

fn probability_at(day: u32, hits: u64, runs: u64) -> ProbabilityAt {
    let (low, high) = wilson_interval(hits, runs);
    ProbabilityAt { day, p: hits as f64 / runs.max(1) as f64, low, high, runs_with_event: hits }
}

fn histogram_at(day: u32, h: &ensemble::Histogram) -> QuantityAt {
    QuantityAt {
        day,
        mean: h.mean(),
        q10: h.quantile(0.1) as f64,
        q50: h.quantile(0.5) as f64,
        q90: h.quantile(0.9) as f64,
    }
}

/// A fixed-width text table of the key figures.
pub fn render_table(r: &ForecastReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Faultline {} — scenario {} (start {}, hash {})",
        r.faultline_version,
        r.scenario.name,
        r.scenario.start_date,
        &r.scenario.hash[..12]
    );
    // A point forecast keeps the line it always had; drawn parameters are named.
    let drawn = match r.parameters.as_str() {
        "point" => String::new(),
        mode => format!(", parameters drawn per run ({mode})"),
    };
    let _ = writeln!(out, "{} runs × {} days, seed {}{drawn}", r.runs, r.days, r.seed);
    let changed: Vec<String> = r.levers.iter().map(|l| format!("{}={}", l.name, l.value)).collect();
    let _ = writeln!(out, "levers: {}", changed.join(", "));
    if !r.shocks.is_empty() {
        let _ = writeln!(out, "shocks: {}", r.shocks.join(", "));
    }
    let _ = writeln!(out);
    let _ = write!(out, "{:<26}", "probability (95% CI)");
    for d in &r.checkpoints {
        let _ = write!(out, "{:>24}", format!("by day {d}"));
    }
    let _ = writeln!(out);
    for p in &r.probabilities {
        let _ = write!(out, "{:<26}", p.name);
        for at in &p.by_day {
            let _ = write!(out, "{:>24}", format!("{:.3} [{:.3}, {:.3}]", at.p, at.low, at.high));
        }
        let _ = writeln!(out);
    }
    if let Some(c) = &r.combined {
        let _ = writeln!(out);
        let _ = writeln!(out, "combined with the record's base rate ({}; weights {}):", c.record, c.weights_source);
        let _ = write!(out, "{:<32}", "model / base rate → combined");
        for d in &r.checkpoints {
            let _ = write!(out, "{:>24}", format!("by day {d}"));
        }
        let _ = writeln!(out);
        for o in &c.outcomes {
            let _ = write!(out, "{:<32}", format!("{} (w {:.2})", o.name, o.model_weight));
            for at in &o.by_day {
                let _ = write!(out, "{:>24}", format!("{:.3} / {:.3} → {:.3}", at.model, at.base_rate, at.p));
            }
            let _ = writeln!(out);
        }
    }
    let _ = writeln!(out);
    let _ = write!(out, "{:<26}", "quantity (10/50/90%)");
    for d in &r.checkpoints {
        let _ = write!(out, "{:>24}", format!("day {d}"));
    }
    let _ = writeln!(out);
    for q in &r.quantities {
        let _ = write!(out, "{:<26}", q.name);
        for at in &q.by_day {
            let cell = if q.name.starts_with("trade") {
                format!("{:.2} / {:.2} / {:.2}", at.q10, at.q50, at.q90)
            } else {
                format!("{:.0} / {:.0} / {:.0}", at.q10, at.q50, at.q90)
            };
            let _ = write!(out, "{:>24}", cell);
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out);
    let n = r.daily.tension_q50.len();
    let _ = writeln!(out, "tension index (10/50/90%):");
    for &d in &r.checkpoints {
        let i = d as usize - 1;
        if i < n {
            let _ = writeln!(
                out,
                "  day {:>4}: {:>6.2} / {:>6.2} / {:>6.2}",
                d, r.daily.tension_q10[i], r.daily.tension_q50[i], r.daily.tension_q90[i]
            );
        }
    }
    let _ = writeln!(out, "escalation rung on the last day (share of runs):");
    if let Some(last) = r.daily.rung_share.last() {
        for (k, share) in last.iter().enumerate() {
            let _ = writeln!(out, "  L{k} {:<34} {:.3}", r.daily.rung_names[k], share);
        }
    }
    let c = &r.crisis;
    let _ = writeln!(out, "crises: {} runs with a strike, {} with an exchange", c.runs_with_episode, c.runs_with_exchange);
    if let Some(w) = &c.war_given_exchange {
        let _ = writeln!(out, "  P(war | exchange) = {:.3} [{:.3}, {:.3}]", w.p, w.low, w.high);
    }
    if let [a, b] = c.first_strike_by[..] {
        let _ = writeln!(out, "  first strike by {}: {a} runs; by {}: {b} runs", r.scenario.states[0], r.scenario.states[1]);
    }
    if let (Some(m), Some(q)) = (c.episode_days_q50, c.episode_days_q90) {
        let _ = writeln!(out, "  first crisis episode length: median {m:.0} days, 90% {q:.0} days");
    }
    write_definitions(&mut out, r);
    out
}

/// What each row and series of [`render_table`] means, worded from the report itself.
fn write_definitions(out: &mut String, r: &ForecastReport) {
    use std::fmt::Write;
    let _ = writeln!(out);
    let _ = writeln!(out, "what the rows mean:");
    for p in &r.probabilities {
        let _ = writeln!(out, "  {:<24}{}", p.name, p.description);
    }
    for q in &r.quantities {
        let _ = writeln!(out, "  {:<24}{}; {}", q.name, q.description, q.unit);
    }
    if let Some(target) = r.levers.iter().find(|l| l.name == "trade_target") {
        let _ = writeln!(
            out,
            "  (the trade_target lever, {} above, is the trade level in billion USD per year that policy pulls\n   \
             toward; trade_target_met is the scenario's fixed milestone, whatever the lever)",
            target.value
        );
    }
    let _ = writeln!(
        out,
        "probability: share of the {} runs in which the event happened on or before the day, with its 95% Wilson\n  \
         interval; 0.000 means no run had it, and the interval's upper end is how large it could still be.",
        r.runs
    );
    if r.combined.is_some() {
        let _ = writeln!(
            out,
            "combined: w × model + (1 − w) × base rate; model = (runs with the event + ½) / (runs + 1); base rate =\n  P(at least one by the day) at the record's rate of distinct event days; w, the model's share, was\n  learnt out of sample over the three built-in dyads (docs/backtest.md, \"Combined with the base rate\")."
        );
    }
    let _ = writeln!(
        out,
        "quantity: 10th, 50th and 90th percentiles over the runs; counts are cumulative from day 1 to the day."
    );
    let _ = writeln!(
        out,
        "tension index: mean hostility of the two states + 2 while ambassadors are recalled + 3 while a\n  \
         restriction is in force + 4 × recent strikes (decaying count); 0 is calm, it has no upper bound."
    );
    let _ = writeln!(
        out,
        "rungs: the highest step of the escalation ladder in force that day, L0 (status quo) to L6 (sustained\n  \
         strikes or the war condition within 7 days); docs/model.md §9."
    );
}

/// Long-format CSV: `kind,name,day,stat,value`.
pub fn render_csv(r: &ForecastReport) -> String {
    use std::fmt::Write;
    let mut out = String::from("kind,name,day,stat,value\n");
    for p in &r.probabilities {
        for at in &p.by_day {
            for (stat, v) in [("p", at.p), ("low", at.low), ("high", at.high)] {
                let _ = writeln!(out, "probability,{},{},{},{}", p.name, at.day, stat, v);
            }
        }
    }
    for q in &r.quantities {
        for at in &q.by_day {
            for (stat, v) in [("mean", at.mean), ("q10", at.q10), ("q50", at.q50), ("q90", at.q90)] {
                let _ = writeln!(out, "quantity,{},{},{},{}", q.name, at.day, stat, v);
            }
        }
    }
    for (i, ((a, b), c)) in r.daily.tension_q10.iter().zip(&r.daily.tension_q50).zip(&r.daily.tension_q90).enumerate() {
        let day = i + 1;
        let _ = writeln!(out, "daily,tension,{day},q10,{a}");
        let _ = writeln!(out, "daily,tension,{day},q50,{b}");
        let _ = writeln!(out, "daily,tension,{day},q90,{c}");
        for (k, share) in r.daily.rung_share[i].iter().enumerate() {
            let _ = writeln!(out, "daily,rung_L{k},{day},share,{share}");
        }
    }
    out
}
