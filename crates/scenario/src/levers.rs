//! Policy levers and injected shocks: the what-if inputs of a run.

use crate::{Scenario, ScenarioError};

/// Settings of the policy levers for one run. Side indices follow the scenario's state order.
#[derive(Clone, Debug, PartialEq)]
pub struct Levers {
    /// Share of each group's sheltered militants that both hosts expel (0..1).
    pub mutual_expulsion: f64,
    /// Development spending in each state's border region, million USD per year.
    pub development_usd_m: [f64; 2],
    /// Floor on liaison-officer and joint counter-terrorism cooperation (0..1).
    pub liaison_ct: f64,
    /// Share of fuel smuggling suppressed (0..1).
    pub smuggling_crackdown: f64,
    /// Trade level that policy aims for, billion USD per year.
    pub trade_target_usd_bn: f64,
    /// Commitment to finish the pipeline section (0 = stalled, 1 = full commitment).
    pub pipeline_completion: f64,
}

/// Description of one named lever.
#[derive(Debug)]
pub struct LeverSpec {
    /// Name used on the command line and in requests.
    pub name: &'static str,
    /// Key in the scenario's `[levers]` table.
    pub toml_key: &'static str,
    pub min: f64,
    pub max: f64,
    pub unit: &'static str,
    pub description: &'static str,
    pub get: fn(&Levers) -> f64,
    pub set: fn(&mut Levers, f64),
    /// Whether the scenario has the channel this lever acts on.
    pub available: fn(&Scenario) -> bool,
}

fn always(_: &Scenario) -> bool {
    true
}

/// Every lever, in display order.
pub const LEVERS: &[LeverSpec] = &[
    LeverSpec {
        name: "mutual_expulsion",
        toml_key: "mutual_expulsion",
        min: 0.0,
        max: 1.0,
        unit: "share of sheltered militants",
        description: "both states expel the militants sheltering on their soil",
        get: |l| l.mutual_expulsion,
        set: |l, v| l.mutual_expulsion = v,
        available: always,
    },
    LeverSpec {
        name: "development_first",
        toml_key: "development_first_usd_m",
        min: 0.0,
        max: 5000.0,
        unit: "million USD per year",
        description: "development spending in the first state's border region",
        get: |l| l.development_usd_m[0],
        set: |l, v| l.development_usd_m[0] = v,
        available: always,
    },
    LeverSpec {
        name: "development_second",
        toml_key: "development_second_usd_m",
        min: 0.0,
        max: 5000.0,
        unit: "million USD per year",
        description: "development spending in the second state's border region",
        get: |l| l.development_usd_m[1],
        set: |l, v| l.development_usd_m[1] = v,
        available: always,
    },
    LeverSpec {
        name: "liaison_ct",
        toml_key: "liaison_ct",
        min: 0.0,
        max: 1.0,
        unit: "cooperation level",
        description: "liaison officers and joint counter-terrorism kept at least at this level",
        get: |l| l.liaison_ct,
        set: |l, v| l.liaison_ct = v,
        available: always,
    },
    LeverSpec {
        name: "smuggling_crackdown",
        toml_key: "smuggling_crackdown",
        min: 0.0,
        max: 1.0,
        unit: "share of smuggling suppressed",
        description: "crackdown on cross-border fuel smuggling",
        get: |l| l.smuggling_crackdown,
        set: |l, v| l.smuggling_crackdown = v,
        available: Scenario::has_fuel,
    },
    LeverSpec {
        name: "trade_target",
        toml_key: "trade_target_usd_bn",
        min: 0.0,
        max: 50.0,
        unit: "billion USD per year",
        description: "trade level that policy pulls toward while relations are normal",
        get: |l| l.trade_target_usd_bn,
        set: |l, v| l.trade_target_usd_bn = v,
        available: always,
    },
    LeverSpec {
        name: "pipeline_completion",
        toml_key: "pipeline_completion",
        min: 0.0,
        max: 1.0,
        unit: "commitment",
        description: "commitment to finish building the pipeline section",
        get: |l| l.pipeline_completion,
        set: |l, v| l.pipeline_completion = v,
        available: Scenario::has_pipeline,
    },
];

impl Levers {
    /// Sets a lever by name. `development` sets both regions; `development.<region id>` one region.
    pub fn set(&mut self, name: &str, value: f64, scenario: &Scenario) -> Result<(), ScenarioError> {
        let bad = |message: String| ScenarioError::Input { field: format!("lever {name}"), message };
        if !value.is_finite() {
            return Err(bad(format!("{value} is not a finite number")));
        }
        let (target, sides): (&str, Vec<usize>) = if name == "development" {
            ("development_first", vec![0, 1])
        } else if let Some(region) = name.strip_prefix("development.") {
            match scenario.border_region.iter().find(|r| r.id == region) {
                Some(r) => {
                    let side = scenario.side_of(&r.state).expect("validated");
                    ("development_first", vec![side])
                }
                None => {
                    let known: Vec<String> = scenario.border_region.iter().map(|r| format!("development.{}", r.id)).collect();
                    return Err(bad(format!("unknown region; expected one of {}", known.join(", "))));
                }
            }
        } else {
            (name, vec![])
        };
        let spec = LEVERS.iter().find(|s| s.name == target && (s.available)(scenario)).ok_or_else(|| {
            let mut names: Vec<&str> = LEVERS.iter().filter(|s| (s.available)(scenario)).map(|s| s.name).collect();
            names.push("development");
            bad(format!("unknown lever; expected one of {}, or development.<region id>", names.join(", ")))
        })?;
        if !(spec.min..=spec.max).contains(&value) {
            return Err(bad(format!("{value} is out of range; allowed {}..={} ({})", spec.min, spec.max, spec.unit)));
        }
        if sides.is_empty() {
            (spec.set)(self, value);
        } else {
            for side in sides {
                self.development_usd_m[side] = value;
            }
        }
        Ok(())
    }

    /// Parses and applies `NAME=VALUE`.
    pub fn apply_assignment(&mut self, text: &str, scenario: &Scenario) -> Result<(), ScenarioError> {
        let (name, value) = text.split_once('=').ok_or_else(|| ScenarioError::Input {
            field: format!("lever {text}"),
            message: "expected NAME=VALUE, e.g. mutual_expulsion=1".to_string(),
        })?;
        let value: f64 = value.trim().parse().map_err(|_| ScenarioError::Input {
            field: format!("lever {}", name.trim()),
            message: format!("`{}` is not a number", value.trim()),
        })?;
        self.set(name.trim(), value, scenario)
    }

    /// Name and value of every lever the scenario has, in display order.
    pub fn entries(&self, scenario: &Scenario) -> Vec<(&'static str, f64)> {
        LEVERS.iter().filter(|s| (s.available)(scenario)).map(|s| (s.name, (s.get)(self))).collect()
    }
}

/// An event injected on a given day of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Shock {
    /// Day of the run (1 = the first simulated day).
    pub day: u32,
    pub kind: ShockKind,
}

/// What a shock does. Side indices follow the scenario's state order.
#[derive(Clone, Debug, PartialEq)]
pub enum ShockKind {
    /// An insurgent attack inside state `side` killing `deaths` people.
    Attack { side: usize, deaths: u32 },
    /// A cross-border strike by state `by` on the sanctuary in the other state.
    Strike { by: usize },
    /// State `by` recalls its ambassador.
    Recall { by: usize },
    /// State `by` closes the border and restricts trade and energy.
    Restriction { by: usize },
    /// An added load from another front on state `on` from this day on.
    Front { on: usize, weight: f64 },
}

impl Shock {
    /// The command-line form of this shock.
    pub fn spec(&self, scenario: &Scenario) -> String {
        let id = |side: usize| scenario.state[side].id.clone();
        match &self.kind {
            ShockKind::Attack { side, deaths } => format!("attack:{}:{}@{}", id(*side), deaths, self.day),
            ShockKind::Strike { by } => format!("strike:{}@{}", id(*by), self.day),
            ShockKind::Recall { by } => format!("recall:{}@{}", id(*by), self.day),
            ShockKind::Restriction { by } => format!("restriction:{}@{}", id(*by), self.day),
            ShockKind::Front { on, weight } => format!("front:{}:{}@{}", id(*on), weight, self.day),
        }
    }
}

/// Parses a shock such as `attack:iran:30@10` (30 dead in Iran on day 10),
/// `strike:pakistan@5`, `recall:pakistan@3`, `restriction:iran@7` or `front:iran:2@30`.
pub fn parse_shock(text: &str, scenario: &Scenario) -> Result<Shock, ScenarioError> {
    let bad = |message: String| ScenarioError::Input { field: format!("shock {text}"), message };
    let usage = "expected KIND:STATE[:SIZE]@DAY with KIND one of attack (SIZE = deaths), strike, recall, restriction, front (SIZE = load); e.g. attack:iran:30@10";
    let (body, day) = text.rsplit_once('@').ok_or_else(|| bad(usage.to_string()))?;
    let day: u32 = day.trim().parse().map_err(|_| bad(format!("day `{day}` is not allowed; expected a whole number ≥ 1")))?;
    if day == 0 {
        return Err(bad("day must be ≥ 1 (day 1 is the first simulated day)".to_string()));
    }
    let parts: Vec<&str> = body.split(':').map(str::trim).collect();
    let side_of = |id: &str| {
        scenario.side_of(id).ok_or_else(|| {
            bad(format!("`{id}` is not a state of this scenario; expected `{}` or `{}`", scenario.state[0].id, scenario.state[1].id))
        })
    };
    let kind = match parts.as_slice() {
        ["attack", state, deaths] => {
            // Out of range and not a number get the same answer: what is allowed.
            let deaths: u32 = deaths
                .parse()
                .ok()
                .filter(|d| (1..=10_000).contains(d))
                .ok_or_else(|| bad(format!("deaths `{deaths}` is not allowed; expected a whole number from 1 to 10,000")))?;
            ShockKind::Attack { side: side_of(state)?, deaths }
        }
        ["strike", state] => ShockKind::Strike { by: side_of(state)? },
        ["recall", state] => ShockKind::Recall { by: side_of(state)? },
        ["restriction", state] => ShockKind::Restriction { by: side_of(state)? },
        ["front", state, weight] => {
            let weight: f64 = weight.parse().map_err(|_| bad(format!("load `{weight}` is not a number")))?;
            if !(0.0..=10.0).contains(&weight) {
                return Err(bad(format!("load {weight} is out of range; allowed 0..=10")));
            }
            ShockKind::Front { on: side_of(state)?, weight }
        }
        _ => return Err(bad(usage.to_string())),
    };
    Ok(Shock { day, kind })
}
