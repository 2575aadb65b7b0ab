//! One experiment layer: a scenario plus options resolved, once, into a ready run.
//!
//! Every command that runs the model (forecast, report, compare, sensitivity,
//! claims, backtest, the dashboard) builds its arms here: `--set` overrides,
//! levers, shocks checked against the horizon, checkpoints and an optional
//! starting history. [`Experiment::spec`] hands the engine its [`RunSpec`].
//! Arms run with the same seed share random numbers run by run, whatever they
//! change (the engine's stream rule), so comparisons between experiments are paired.

use model::{HistoryState, ModelParams};
use scenario::{Levers, Scenario, ScenarioError, Shock};

use crate::{ParameterDraws, ParameterMode, RunSpec};

/// Standard checkpoints: 30, 90 and 365 days where within the horizon, and the horizon.
pub fn standard_checkpoints(days: u32) -> Vec<u32> {
    let mut res: Vec<u32> = [30, 90, 365].into_iter().filter(|&d| d < days).collect();
    res.push(days);
    res
}

/// What an experiment is built from; [`ExperimentBuilder::build`] resolves it.
#[derive(Clone, Debug)]
pub struct ExperimentBuilder {
    scenario: Scenario,
    levers: Option<Levers>,
    lever_values: Vec<(String, f64)>,
    shocks: Vec<Shock>,
    checkpoints: Option<Vec<u32>>,
    initial: Option<(HistoryState, String)>,
    parameters: Option<ParameterMode>,
    /// Parameters set by name, held at that value when runs draw parameters.
    held: Vec<String>,
    outside_shocks: bool,
}

impl ExperimentBuilder {
    /// The scenario with the overrides set so far (levers and shocks are parsed against it).
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario, levers (lever-by-name settings not applied) and shocks given so far, for callers
    /// that derive several experiments from them.
    pub fn into_parts(self) -> (Scenario, Levers, Vec<Shock>) {
        let levers = self.levers.unwrap_or_else(|| self.scenario.default_levers());
        (self.scenario, levers, self.shocks)
    }

    /// Overrides one scenario parameter, by the name `--set` uses.
    pub fn set(mut self, name: &str, value: f64) -> Result<ExperimentBuilder, ScenarioError> {
        scenario::set_parameter(&mut self.scenario, name.trim(), value)?;
        self.held.push(name.trim().to_string());
        Ok(self)
    }

    /// Overrides several scenario parameters, in order.
    pub fn sets(mut self, changes: &[(String, f64)]) -> Result<ExperimentBuilder, ScenarioError> {
        for (name, value) in changes {
            self = self.set(name, *value)?;
        }
        Ok(self)
    }

    /// Uses these lever settings instead of the scenario's status quo.
    pub fn levers(mut self, levers: Levers) -> ExperimentBuilder {
        self.levers = Some(levers);
        self
    }

    /// Sets one lever by name (checked against the scenario when built).
    pub fn lever(mut self, name: &str, value: f64) -> ExperimentBuilder {
        self.lever_values.push((name.to_string(), value));
        self
    }

    /// Injects these shocks (checked against the horizon when built).
    pub fn shocks(mut self, shocks: Vec<Shock>) -> ExperimentBuilder {
        self.shocks = shocks;
        self
    }

    /// Records cumulative quantities at these days instead of [`standard_checkpoints`].
    pub fn checkpoints(mut self, days: Vec<u32>) -> ExperimentBuilder {
        self.checkpoints = Some(days);
        self
    }

    /// Where each run's escalation and diplomacy parameters come from; without this,
    /// [`ParameterMode::default_for`] the scenario. A parameter set with [`Self::set`] is
    /// held at its set value in every run.
    pub fn parameters(mut self, mode: ParameterMode) -> ExperimentBuilder {
        self.parameters = Some(mode);
        self
    }

    /// Draws the states' outside crises in every run (the default) or leaves them out
    /// (`--no-outside-shocks`). A scenario without `[state.outside]` tables has none either way.
    pub fn outside_shocks(mut self, on: bool) -> ExperimentBuilder {
        self.outside_shocks = on;
        self
    }

    /// Starts from a state rebuilt from observed history instead of the scenario's
    /// day 0; `start_date` (ISO) becomes the scenario's start date in outputs.
    pub fn starting_from(mut self, history: HistoryState, start_date: &str) -> ExperimentBuilder {
        self.initial = Some((history, start_date.to_string()));
        self
    }

    /// Resolves the options into a run of `days` days. Fails when a lever is unknown or
    /// out of range, a shock falls after the horizon, a checkpoint outside `1..=days`, or
    /// the posterior is asked of a scenario without one (see [`ParameterDraws::new`]).
    pub fn build(self, days: u32) -> Result<Experiment, ScenarioError> {
        let mut scenario = self.scenario;
        let mut levers = self.levers.unwrap_or_else(|| scenario.default_levers());
        for (name, value) in &self.lever_values {
            levers.set(name, *value, &scenario)?;
        }
        for shock in &self.shocks {
            if shock.day > days {
                return Err(ScenarioError::Input {
                    field: format!("shock {}", shock.spec(&scenario)),
                    message: format!("day {} is after the horizon of {days} days", shock.day),
                });
            }
        }
        let checkpoints = self.checkpoints.unwrap_or_else(|| standard_checkpoints(days));
        if checkpoints.is_empty() || checkpoints.windows(2).any(|w| w[0] >= w[1]) {
            return Err(ScenarioError::Input {
                field: "checkpoints".into(),
                message: format!("{checkpoints:?}: expected increasing days"),
            });
        }
        if let Some(&bad) = checkpoints.iter().find(|&&d| d == 0 || d > days) {
            return Err(ScenarioError::Input {
                field: "checkpoints".into(),
                message: format!("day {bad} is outside the horizon 1..={days}"),
            });
        }
        let initial = self.initial.map(|(history, date)| {
            scenario.meta.start_date = date;
            history
        });
        let parameters = self.parameters.unwrap_or_else(|| ParameterMode::default_for(&scenario));
        let draws = ParameterDraws::new(&scenario, parameters, &self.held)?;
        let params = ModelParams::new(&scenario, &levers);
        let outside_shocks = self.outside_shocks;
        Ok(Experiment { scenario, levers, shocks: self.shocks, params, days, checkpoints, initial, parameters, draws, outside_shocks })
    }
}

/// A resolved run: the scenario with its overrides, levers, shocks, parameters,
/// horizon, checkpoints and starting state.
#[derive(Clone, Debug)]
pub struct Experiment {
    scenario: Scenario,
    levers: Levers,
    shocks: Vec<Shock>,
    params: ModelParams,
    days: u32,
    checkpoints: Vec<u32>,
    initial: Option<HistoryState>,
    parameters: ParameterMode,
    draws: Option<ParameterDraws>,
    outside_shocks: bool,
}

impl Experiment {
    /// Starts an experiment on `scenario` (status-quo levers, no shocks, standard checkpoints).
    pub fn builder(scenario: &Scenario) -> ExperimentBuilder {
        ExperimentBuilder {
            scenario: scenario.clone(),
            levers: None,
            lever_values: Vec::new(),
            shocks: Vec::new(),
            checkpoints: None,
            initial: None,
            parameters: None,
            held: Vec::new(),
            outside_shocks: true,
        }
    }

    /// What the engine runs.
    pub fn spec(&self) -> RunSpec<'_> {
        RunSpec {
            initial: self.initial.as_ref(),
            draws: self.draws.as_ref(),
            outside_shocks: self.outside_shocks,
            ..RunSpec::new(&self.scenario, &self.params, &self.shocks, self.days, &self.checkpoints)
        }
    }

    /// The scenario with its `--set` overrides (and the history's start date).
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn levers(&self) -> &Levers {
        &self.levers
    }

    pub fn shocks(&self) -> &[Shock] {
        &self.shocks
    }

    pub fn params(&self) -> &ModelParams {
        &self.params
    }

    pub fn days(&self) -> u32 {
        self.days
    }

    pub fn checkpoints(&self) -> &[u32] {
        &self.checkpoints
    }

    /// Where each run's parameters come from.
    pub fn parameter_mode(&self) -> ParameterMode {
        self.parameters
    }

    /// Whether runs draw outside crises.
    pub fn outside_shocks(&self) -> bool {
        self.outside_shocks
    }

    /// The distribution runs draw their parameters from (`None` for point values).
    pub fn parameter_draws(&self) -> Option<&ParameterDraws> {
        self.draws.as_ref()
    }

    /// The observed history the runs start from, if any.
    pub fn initial(&self) -> Option<&HistoryState> {
        self.initial.as_ref()
    }
}
