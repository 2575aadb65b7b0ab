//! Named outcomes of one run at one day.

use engine::{EventKind, RunOutcome};
use scenario::Scenario;

use crate::{PolicyError, Result};

/// What an [`Outcome`] measures. Side indices follow the scenario's state order.
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

/// A named quantity extracted from a [`RunOutcome`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The name it was asked for, e.g. `cross_border_strike` or `attacks_iran`.
    pub name: String,
    pub measure: Measure,
}

const PLAIN_EVENTS: [(&str, EventKind); 8] = [
    ("cross_border_strike", EventKind::CrossBorderStrike),
    ("strike_exchange", EventKind::StrikeExchange),
    ("ambassador_recall", EventKind::AmbassadorRecall),
    ("border_closure", EventKind::BorderClosure),
    ("electricity_cut", EventKind::ElectricityCut),
    ("war", EventKind::War),
    ("resolution", EventKind::Resolution),
    ("trade_target_met", EventKind::TradeTargetMet),
];

/// Every outcome name the scenario supports, in a stable order.
pub fn outcome_names(scenario: &Scenario) -> Vec<String> {
    let ids: Vec<&str> = scenario.state.iter().map(|s| s.id.as_str()).collect();
    let mut names: Vec<String> = PLAIN_EVENTS.iter().map(|(n, _)| n.to_string()).collect();
    for prefix in ["strike_by", "mass_casualty", "attacks", "fatalities"] {
        for id in &ids {
            names.push(format!("{prefix}_{id}"));
        }
    }
    names.push("trade_usd_bn".to_string());
    names
}

impl Outcome {
    /// Resolves an outcome name against the scenario's state ids.
    pub fn parse(name: &str, scenario: &Scenario) -> Result<Outcome> {
        let name = name.trim();
        let side = |rest: &str| scenario.side_of(rest);
        let measure = if let Some((_, kind)) = PLAIN_EVENTS.iter().find(|(n, _)| *n == name) {
            Some(Measure::Event(*kind))
        } else if name == "trade_usd_bn" {
            Some(Measure::Trade)
        } else if let Some(s) = name.strip_prefix("strike_by_").and_then(side) {
            Some(Measure::Event(if s == 0 { EventKind::StrikeByFirst } else { EventKind::StrikeBySecond }))
        } else if let Some(s) = name.strip_prefix("mass_casualty_").and_then(side) {
            Some(Measure::Event(if s == 0 { EventKind::MassCasualtyFirst } else { EventKind::MassCasualtySecond }))
        } else if let Some(s) = name.strip_prefix("attacks_").and_then(side) {
            Some(Measure::Attacks(s))
        } else {
            name.strip_prefix("fatalities_").and_then(side).map(Measure::Fatalities)
        };
        match measure {
            Some(measure) => Ok(Outcome { name: name.to_string(), measure }),
            None => Err(PolicyError::input(
                format!("outcome `{name}`"),
                format!("unknown outcome; expected one of {}", outcome_names(scenario).join(", ")),
            )),
        }
    }

    /// Parses a comma-separated list of outcome names (duplicates rejected).
    pub fn parse_list(list: &[String], scenario: &Scenario) -> Result<Vec<Outcome>> {
        let mut res: Vec<Outcome> = Vec::new();
        for name in list.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|s| !s.is_empty()) {
            let outcome = Outcome::parse(name, scenario)?;
            if res.iter().any(|o| o.name == outcome.name) {
                return Err(PolicyError::input(format!("outcome `{name}`"), "listed twice"));
            }
            res.push(outcome);
        }
        Ok(res)
    }

    /// True for 0/1 event indicators (their means are probabilities).
    pub fn is_event(&self) -> bool {
        matches!(self.measure, Measure::Event(_))
    }

    /// The value of this outcome in `run` at `day`, where `checkpoints` are the
    /// checkpoints the run was recorded with. `None` when `day` is not one of
    /// them (events only need `day` within the horizon, but are held to the
    /// same rule so that every outcome is read at the same days).
    pub fn value(&self, run: &RunOutcome, checkpoints: &[u32], day: u32) -> Option<f64> {
        let c = checkpoints.iter().position(|&d| d == day)?;
        Some(self.value_at(run, c, day))
    }

    /// The value at checkpoint index `c` whose day is `day` (unchecked).
    pub(crate) fn value_at(&self, run: &RunOutcome, c: usize, day: u32) -> f64 {
        match self.measure {
            Measure::Event(kind) => f64::from(u8::from(run.happened_by(kind, day))),
            Measure::Attacks(side) => f64::from(run.attacks[c][side]),
            Measure::Fatalities(side) => f64::from(run.deaths[c][side]),
            Measure::Trade => run.trade[c],
        }
    }
}
