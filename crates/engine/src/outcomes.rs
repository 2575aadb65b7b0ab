//! The outcome registry: every reported outcome's name, description, unit and
//! kind, and whether a scenario has it.
//!
//! The engine computes outcomes ([`RunOutcome`]); this list says what they are
//! called and what they mean, worded from the scenario (state names, the
//! definitions' thresholds, the trade milestone). Forecast, report, compare,
//! sensitivity, claims, backtest and the dashboard all read it, so an outcome a
//! scenario lacks (no electricity channel, no trade milestone, no group
//! operating in a state) is absent everywhere rather than reported as zero.
//!
//! Adding an outcome: compute it in the engine (an [`EventKind`] and its line in
//! the outcome tracker, or a field of [`RunOutcome`]) and add its entry here.

use scenario::{Diplomacy, Scenario};

use crate::{EventKind, RunOutcome};

/// Whether an outcome is a probability by a day or a quantity at a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutcomeKind {
    /// The share of runs in which an event happened by the day.
    Probability,
    /// A number each run has at the day (its distribution is reported).
    Quantity,
}

/// How an outcome is read from a [`RunOutcome`]. Side indices follow the scenario's state order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// 1 if the event happened on or before the day, else 0.
    Event(EventKind),
    /// Cumulative insurgent attacks inside state `side` up to the day.
    Attacks(usize),
    /// Cumulative attack deaths inside state `side` up to the day.
    Fatalities(usize),
    /// Bilateral trade on the day, billion USD per year.
    Trade,
}

impl Measure {
    /// The value in `run` at checkpoint index `c`, whose day is `day`.
    pub fn value_at(self, run: &RunOutcome, c: usize, day: u32) -> f64 {
        match self {
            Measure::Event(kind) => f64::from(u8::from(run.happened_by(kind, day))),
            Measure::Attacks(side) => f64::from(run.attacks[c][side]),
            Measure::Fatalities(side) => f64::from(run.deaths[c][side]),
            Measure::Trade => run.trade[c],
        }
    }
}

/// One outcome of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeDef {
    /// The name outputs and options use, e.g. `cross_border_strike` or `attacks_iran`.
    pub name: String,
    /// What it means, in the scenario's words.
    pub description: String,
    /// Unit of a quantity; `probability` for events.
    pub unit: String,
    pub measure: Measure,
}

impl OutcomeDef {
    /// Probability or quantity.
    pub fn kind(&self) -> OutcomeKind {
        match self.measure {
            Measure::Event(_) => OutcomeKind::Probability,
            _ => OutcomeKind::Quantity,
        }
    }

    /// True for 0/1 event indicators (their means are probabilities).
    pub fn is_event(&self) -> bool {
        self.kind() == OutcomeKind::Probability
    }

    /// The value in `run` at checkpoint index `c`, whose day is `day`.
    pub fn value_at(&self, run: &RunOutcome, c: usize, day: u32) -> f64 {
        self.measure.value_at(run, c, day)
    }

    /// The value in `run` at `day`, where `checkpoints` are those the run was recorded
    /// with; `None` when `day` is not one of them.
    pub fn value(&self, run: &RunOutcome, checkpoints: &[u32], day: u32) -> Option<f64> {
        let c = checkpoints.iter().position(|&d| d == day)?;
        Some(self.value_at(run, c, day))
    }
}

/// The headline events, in the order reports and the dashboard show them first.
pub const HEADLINE_EVENTS: [EventKind; 10] = [
    EventKind::CrossBorderStrike,
    EventKind::StrikeExchange,
    EventKind::War,
    EventKind::AmbassadorRecall,
    EventKind::BorderClosure,
    EventKind::ElectricityCut,
    EventKind::Resolution,
    EventKind::TradeTargetMet,
    EventKind::MassCasualtyFirst,
    EventKind::MassCasualtySecond,
];

/// The scenario's headline events ([`HEADLINE_EVENTS`] it has), in that order.
pub fn headline_events(scenario: &Scenario) -> Vec<OutcomeDef> {
    HEADLINE_EVENTS.iter().filter_map(|&e| event_outcome(scenario, e)).collect()
}

/// True when `scenario` has the event `event` (an electricity channel for cuts, a
/// trade milestone for reaching it, a group operating in the state for its
/// mass-casualty attacks).
pub fn has_event(scenario: &Scenario, event: EventKind) -> bool {
    match event {
        EventKind::ElectricityCut => scenario.has_electricity(),
        EventKind::TradeTargetMet => scenario.has_trade_milestone(),
        EventKind::MassCasualtyFirst => has_insurgency(scenario, 0),
        EventKind::MassCasualtySecond => has_insurgency(scenario, 1),
        _ => true,
    }
}

/// True when at least one insurgent group operates in state `side`.
fn has_insurgency(scenario: &Scenario, side: usize) -> bool {
    !scenario.groups_in(side).is_empty()
}

/// Name and description of an event, worded from the scenario.
fn event_def(scenario: &Scenario, event: EventKind) -> (String, String) {
    let a = &scenario.state[0];
    let b = &scenario.state[1];
    let defs = &scenario.definitions;
    match event {
        EventKind::CrossBorderStrike => ("cross_border_strike".into(), "a cross-border strike by either state".into()),
        EventKind::StrikeByFirst => (format!("strike_by_{}", a.id), format!("a cross-border strike by {}", a.name)),
        EventKind::StrikeBySecond => (format!("strike_by_{}", b.id), format!("a cross-border strike by {}", b.name)),
        EventKind::StrikeExchange => (
            "strike_exchange".into(),
            format!("both states strike within {} days of each other", defs.exchange_window_days),
        ),
        EventKind::AmbassadorRecall => (
            "ambassador_recall".into(),
            match scenario.initial.diplomacy {
                Diplomacy::Normal => "ambassadors recalled".into(),
                Diplomacy::Recalled => {
                    "ambassadors recalled anew (they are recalled on day 0: restored, then recalled again)".into()
                }
            },
        ),
        EventKind::BorderClosure => (
            "border_closure".into(),
            if scenario.initial.border_open {
                if scenario.has_fuel() || scenario.has_electricity() || scenario.has_pipeline() {
                    "border closed / trade and energy restricted".into()
                } else {
                    "border closed / trade restricted".into()
                }
            } else {
                "border closed anew (it is closed on day 0: reopened, then closed again)".into()
            },
        ),
        EventKind::ElectricityCut => ("electricity_cut".into(), "electricity supply across the border cut".into()),
        EventKind::War => (
            "war".into(),
            format!(
                "sustained strikes: a sustained-strike campaign, or {} strikes within {} days",
                defs.war_strike_days, defs.war_window_days
            ),
        ),
        EventKind::Resolution => (
            "resolution".into(),
            format!(
                "attack rates on both sides below {:.0}% of today's, rung ≤ 1 and normal relations for {} days",
                defs.resolution_intensity_share * 100.0,
                defs.resolution_days
            ),
        ),
        EventKind::TradeTargetMet => (
            "trade_target_met".into(),
            format!(
                "bilateral trade reaches the {} milestone",
                milestone_label(scenario.economy.trade_milestone_usd_bn.as_ref().map_or(0.0, |m| m.value))
            ),
        ),
        EventKind::MassCasualtyFirst => (
            format!("mass_casualty_{}", a.id),
            format!("an attack killing {} or more in {}", defs.mass_casualty_deaths, a.name),
        ),
        EventKind::MassCasualtySecond => (
            format!("mass_casualty_{}", b.id),
            format!("an attack killing {} or more in {}", defs.mass_casualty_deaths, b.name),
        ),
    }
}

/// A trade figure in billion USD as the reports print it: `$5 bn`, `$2.5 bn`, `$0.83 bn`
/// (shortest of up to two decimals that keeps the value).
pub fn milestone_label(usd_bn: f64) -> String {
    let text = format!("{usd_bn:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("${text} bn")
}

/// A per-state count: name prefix, unit, description prefix and measure.
type CountOutcome = (&'static str, &'static str, &'static str, fn(usize) -> Measure);

/// Every outcome `scenario` has, in report order: the events in [`EventKind::ALL`]
/// order, then attacks and fatalities per state, then trade.
pub fn outcomes(scenario: &Scenario) -> Vec<OutcomeDef> {
    let mut res: Vec<OutcomeDef> = EventKind::ALL
        .iter()
        .filter(|&&event| has_event(scenario, event))
        .map(|&event| {
            let (name, description) = event_def(scenario, event);
            OutcomeDef { name, description, unit: "probability".into(), measure: Measure::Event(event) }
        })
        .collect();
    let counts: [CountOutcome; 2] = [
        ("attacks", "attacks (cumulative)", "insurgent attacks inside", Measure::Attacks),
        ("fatalities", "deaths (cumulative)", "deaths in insurgent attacks inside", Measure::Fatalities),
    ];
    for (prefix, unit, what, measure) in counts {
        for (side, st) in scenario.state.iter().enumerate().take(2) {
            if has_insurgency(scenario, side) {
                res.push(OutcomeDef {
                    name: format!("{prefix}_{}", st.id),
                    description: format!("{what} {}", st.name),
                    unit: unit.into(),
                    measure: measure(side),
                });
            }
        }
    }
    res.push(OutcomeDef {
        name: "trade_usd_bn".into(),
        unit: "billion USD per year".into(),
        description: "bilateral trade (annual rate) on the day".into(),
        measure: Measure::Trade,
    });
    res
}

/// The names of [`outcomes`], comma-separated (for help texts and errors).
pub fn outcome_list(scenario: &Scenario) -> String {
    outcomes(scenario).iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", ")
}

/// The outcome named `name` (surrounding spaces ignored), or `None` when the scenario has none by that name.
pub fn find_outcome(scenario: &Scenario, name: &str) -> Option<OutcomeDef> {
    let name = name.trim();
    outcomes(scenario).into_iter().find(|o| o.name == name)
}

/// The registry entry of `event`, when the scenario has it.
pub fn event_outcome(scenario: &Scenario, event: EventKind) -> Option<OutcomeDef> {
    outcomes(scenario).into_iter().find(|o| o.measure == Measure::Event(event))
}
