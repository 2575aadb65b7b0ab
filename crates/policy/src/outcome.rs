//! Outcomes named on the command line, resolved against the scenario's outcome registry.

use engine::{OutcomeDef, RunOutcome};
use scenario::Scenario;

use crate::{PolicyError, Result};

pub use engine::Measure;

/// A named quantity extracted from a [`RunOutcome`]: an entry of the registry ([`engine::outcomes`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The name it was asked for, e.g. `cross_border_strike` or `attacks_iran`.
    pub name: String,
    pub measure: Measure,
}

/// Every outcome name the scenario has, in report order.
pub fn outcome_names(scenario: &Scenario) -> Vec<String> {
    engine::outcomes(scenario).into_iter().map(|o| o.name).collect()
}

impl From<OutcomeDef> for Outcome {
    fn from(def: OutcomeDef) -> Outcome {
        Outcome { name: def.name, measure: def.measure }
    }
}

impl Outcome {
    /// Resolves an outcome name against the scenario's outcomes.
    pub fn parse(name: &str, scenario: &Scenario) -> Result<Outcome> {
        let name = name.trim();
        match engine::find_outcome(scenario, name) {
            Some(def) => Ok(def.into()),
            None => Err(PolicyError::input(
                format!("outcome `{name}`"),
                format!(
                    "unknown outcome for scenario `{}`; expected one of {}",
                    scenario.meta.name,
                    engine::outcome_list(scenario)
                ),
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
        self.measure.value_at(run, c, day)
    }
}
