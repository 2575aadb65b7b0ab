//! A uniform view of every numeric parameter: its name, TOML path and allowed domain.

use crate::{Param, Scenario, ScenarioError};

/// What values a parameter may take, whatever its uncertainty range says.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Domain {
    /// Any value ≥ 0.
    NonNegative,
    /// Any value > 0.
    Positive,
    /// A share or probability in [0, 1].
    Unit,
    /// A branching ratio in [0, 1): the process must stay subcritical.
    Subcritical,
    /// A closed interval.
    Between(f64, f64),
}

impl Domain {
    /// True when `x` is allowed.
    pub fn contains(self, x: f64) -> bool {
        if !x.is_finite() {
            return false;
        }
        match self {
            Domain::NonNegative => x >= 0.0,
            Domain::Positive => x > 0.0,
            Domain::Unit => (0.0..=1.0).contains(&x),
            Domain::Subcritical => (0.0..1.0).contains(&x),
            Domain::Between(lo, hi) => (lo..=hi).contains(&x),
        }
    }

    /// Human description of the allowed values.
    pub fn describe(self) -> String {
        match self {
            Domain::NonNegative => "a finite number ≥ 0".to_string(),
            Domain::Positive => "a finite number > 0".to_string(),
            Domain::Unit => "a number in [0, 1]".to_string(),
            Domain::Subcritical => "a number in [0, 1) (the process must stay subcritical)".to_string(),
            Domain::Between(lo, hi) => format!("a number in [{lo}, {hi}]"),
        }
    }
}

/// One parameter as seen by sensitivity analysis and reports.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamRef {
    /// Stable name such as `group.jaish_al_adl.branching`.
    pub name: String,
    /// Path in the TOML document such as `insurgent_group[0].branching`.
    pub toml_path: String,
    pub param: Param,
    pub domain: Domain,
}

fn slug(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect()
}

/// Calls `f(name, toml_path, param, domain)` for every parameter of the scenario.
pub(crate) fn visit(scenario: &mut Scenario, f: &mut dyn FnMut(String, String, &mut Param, Domain)) {
    use Domain::*;
    for (idx, st) in scenario.state.iter_mut().enumerate() {
        let n = format!("state.{}", slug(&st.id));
        let p = format!("state[{idx}]");
        let mut g = |field: &str, param: &mut Param, d: Domain| {
            f(format!("{n}.{field}"), format!("{p}.{field}"), param, d)
        };
        g("fear_of_war", &mut st.fear_of_war, NonNegative);
        g("retaliation_belief", &mut st.retaliation_belief, Unit);
        g("domestic_strain", &mut st.domestic_strain, Unit);
        g("pressure_per_death", &mut st.pressure_per_death, NonNegative);
        g("pressure_per_strike", &mut st.pressure_per_strike, NonNegative);
        g("honour_discharge", &mut st.honour_discharge, Unit);
        g("trade_stake", &mut st.trade_stake, NonNegative);
        g("energy_stake", &mut st.energy_stake, NonNegative);
        g("initial_hostility", &mut st.initial_hostility, NonNegative);
        g("initial_pressure", &mut st.initial_pressure, NonNegative);
        if let Some(o) = &mut st.outside {
            g("outside.onset_rate", &mut o.onset_rate, Between(0.0, 50.0));
            g("outside.median_days", &mut o.median_days, Between(1.0, 3650.0));
            g("outside.duration_spread", &mut o.duration_spread, Between(0.0, 5.0));
            g("outside.closure_share", &mut o.closure_share, Unit);
            g("outside.front_load", &mut o.front_load, Between(0.0, 20.0));
        }
    }
    for (idx, gr) in scenario.insurgent_group.iter_mut().enumerate() {
        let n = format!("group.{}", slug(&gr.id));
        let p = format!("insurgent_group[{idx}]");
        let mut g = |field: &str, param: &mut Param, d: Domain| {
            f(format!("{n}.{field}"), format!("{p}.{field}"), param, d)
        };
        g("background_rate", &mut gr.background_rate, Between(0.0, 50.0));
        g("branching", &mut gr.branching, Subcritical);
        g("decay_days", &mut gr.decay_days, Between(0.5, 365.0));
        g("strike_provocation", &mut gr.strike_provocation, Between(0.0, 10.0));
        g("sanctuary_share", &mut gr.sanctuary_share, Unit);
        g("haven_advantage", &mut gr.haven_advantage, Between(0.0, 10.0));
        g("recruitment_rate", &mut gr.recruitment_rate, Between(0.0, 20.0));
        g("capacity_max", &mut gr.capacity_max, Between(1.0, 100.0));
        g("ci_attrition", &mut gr.ci_attrition, Between(0.0, 20.0));
        g("strike_attrition", &mut gr.strike_attrition, Unit);
        g("fatality_exponent", &mut gr.fatality_exponent, Between(1.5, 6.0));
        g("fatality_cap", &mut gr.fatality_cap, Between(1.0, 10000.0));
        g("blame", &mut gr.blame, Unit);
        g("reinfiltration_rate", &mut gr.reinfiltration_rate, Between(0.0, 50.0));
        g("smuggling_funding", &mut gr.smuggling_funding, Between(0.0, 5.0));
        g("grievance_sensitivity", &mut gr.grievance_sensitivity, Between(0.0, 10.0));
        g("initial_excitation", &mut gr.initial_excitation, Between(0.0, 1000.0));
    }
    for (idx, r) in scenario.border_region.iter_mut().enumerate() {
        let n = format!("region.{}", slug(&r.id));
        let p = format!("border_region[{idx}]");
        let mut g = |field: &str, param: &mut Param, d: Domain| {
            f(format!("{n}.{field}"), format!("{p}.{field}"), param, d)
        };
        g("grievance", &mut r.grievance, Unit);
        g("autonomy_aspiration", &mut r.autonomy_aspiration, Unit);
        g("poverty", &mut r.poverty, Unit);
        g("grievance_relaxation", &mut r.grievance_relaxation, Between(0.0, 50.0));
        g("development_effect", &mut r.development_effect, Between(0.0, 1.0));
        g("development_lag_days", &mut r.development_lag_days, Between(1.0, 3650.0));
        g("outside_investment", &mut r.outside_investment, NonNegative);
        g("trickle_down", &mut r.trickle_down, Unit);
        g("strike_casualty_grievance", &mut r.strike_casualty_grievance, Between(0.0, 1.0));
        g("livelihood_grievance", &mut r.livelihood_grievance, Unit);
        g("outage_grievance", &mut r.outage_grievance, Unit);
    }
    {
        let e = &mut scenario.economy;
        let mut g = |field: &str, param: &mut Param, d: Domain| {
            f(format!("economy.{field}"), format!("economy.{field}"), param, d)
        };
        g("trade_usd_bn", &mut e.trade_usd_bn, NonNegative);
        if let Some(m) = &mut e.trade_milestone_usd_bn {
            g("trade_milestone_usd_bn", m, Positive);
        }
        g("trade_growth", &mut e.trade_growth, Between(0.0, 10.0));
        g("trade_restriction_loss", &mut e.trade_restriction_loss, Unit);
        g("sanctions_drag", &mut e.sanctions_drag, Unit);
        if let Some(fuel) = &mut e.fuel {
            g("fuel.share", &mut fuel.share, Unit);
            g("fuel.smuggled_fraction", &mut fuel.smuggled_fraction, Unit);
        }
        if let Some(el) = &mut e.electricity {
            g("electricity.mw", &mut el.mw, NonNegative);
        }
        if let Some(pl) = &mut e.pipeline {
            g("pipeline.miles", &mut pl.miles, NonNegative);
            g("pipeline.cost_usd_m", &mut pl.cost_usd_m, NonNegative);
            g("pipeline.build_days", &mut pl.build_days, Between(1.0, 36500.0));
            g("pipeline.progress", &mut pl.progress, Unit);
        }
    }
    for (idx, pr) in scenario.pressure.iter_mut().enumerate() {
        let name = format!("pressure.{}.{}", slug(&pr.actor), slug(&pr.on));
        f(name, format!("pressure[{idx}].weight"), &mut pr.weight, NonNegative);
    }
    {
        let d = &mut scenario.dynamics;
        let mut g = |field: &str, param: &mut Param, dom: Domain| {
            f(format!("dynamics.{field}"), format!("dynamics.{field}"), param, dom)
        };
        g("qre_precision", &mut d.qre_precision, Between(0.0, 100.0));
        g("inertia", &mut d.inertia, NonNegative);
        g("pressure_weight", &mut d.pressure_weight, NonNegative);
        g("hostility_weight", &mut d.hostility_weight, NonNegative);
        g("rung_cost", &mut d.rung_cost, NonNegative);
        g("rupture_cost", &mut d.rupture_cost, NonNegative);
        g("deescalation_value", &mut d.deescalation_value, NonNegative);
        g("weakness_cost", &mut d.weakness_cost, NonNegative);
        g("pressure_decay", &mut d.pressure_decay, Unit);
        g("hostility_decay", &mut d.hostility_decay, Unit);
        g("hostility_reactivity", &mut d.hostility_reactivity, Unit);
        g("hostility_per_attack", &mut d.hostility_per_attack, NonNegative);
        g("hostility_per_strike", &mut d.hostility_per_strike, NonNegative);
        g("hostility_per_protest", &mut d.hostility_per_protest, NonNegative);
        g("hostility_relief", &mut d.hostility_relief, NonNegative);
        g("war_risk_strike", &mut d.war_risk_strike, Unit);
        g("war_risk_sustained", &mut d.war_risk_sustained, Unit);
        g("war_risk_growth", &mut d.war_risk_growth, NonNegative);
        g("retaliation_cost", &mut d.retaliation_cost, NonNegative);
        g("restraint_weight", &mut d.restraint_weight, NonNegative);
        g("front_weight", &mut d.front_weight, NonNegative);
        g("strike_memory_days", &mut d.strike_memory_days, Between(1.0, 365.0));
        g("strike_deaths", &mut d.strike_deaths, NonNegative);
        g("cooperation_decay", &mut d.cooperation_decay, Unit);
        g("cooperation_gain", &mut d.cooperation_gain, Unit);
        g("cooperation_ci_boost", &mut d.cooperation_ci_boost, Between(0.0, 10.0));
        g("cooperation_haven_cut", &mut d.cooperation_haven_cut, Unit);
        g("expulsion_days", &mut d.expulsion_days, Between(1.0, 3650.0));
        g("restriction_duration_days", &mut d.restriction_duration_days, Between(1.0, 3650.0));
        g("recall_duration_days", &mut d.recall_duration_days, Between(1.0, 3650.0));
    }
    {
        let i = &mut scenario.initial;
        f("initial.cooperation".into(), "initial.cooperation".into(), &mut i.cooperation, Unit);
        f(
            "initial.days_since_strike".into(),
            "initial.days_since_strike".into(),
            &mut i.days_since_strike,
            NonNegative,
        );
    }
}

/// Every parameter with its name, path, value, range and domain, in document order.
pub fn parameter_paths(scenario: &Scenario) -> Vec<ParamRef> {
    let mut copy = scenario.clone();
    let mut res = Vec::new();
    visit(&mut copy, &mut |name, toml_path, param, domain| {
        res.push(ParamRef { name, toml_path, param: param.clone(), domain })
    });
    res
}

/// The parameters whose range is not a single point: the inputs of sensitivity analysis.
pub fn uncertain_parameters(scenario: &Scenario) -> Vec<ParamRef> {
    parameter_paths(scenario).into_iter().filter(|p| p.param.is_uncertain()).collect()
}

/// Parses a `NAME=VALUE` parameter assignment (the command line's `--set`): the name
/// and value trimmed, the value a number. Whether the parameter exists and the value
/// lies in its domain is [`set_parameter`]'s to check.
pub fn parse_assignment(text: &str) -> Result<(&str, f64), ScenarioError> {
    let (name, value) = text.split_once('=').ok_or_else(|| ScenarioError::Input {
        field: text.to_string(),
        message: "expected NAME=VALUE".to_string(),
    })?;
    let value: f64 = value.trim().parse().map_err(|_| ScenarioError::Input {
        field: text.to_string(),
        message: format!("`{value}` is not a number"),
    })?;
    Ok((name.trim(), value))
}

/// Sets the value of the parameter called `name` (see [`ParamRef::name`]).
///
/// The value must lie in the parameter's domain; it may leave the recorded
/// range (a what-if), which is the caller's responsibility to report.
pub fn set_parameter(scenario: &mut Scenario, name: &str, value: f64) -> Result<(), ScenarioError> {
    let mut found = None;
    visit(scenario, &mut |n, _, param, domain| {
        if n == name {
            found = Some(if domain.contains(value) {
                param.value = value;
                Ok(())
            } else {
                Err(ScenarioError::Input {
                    field: name.to_string(),
                    message: format!("{value} is not allowed; expected {}", domain.describe()),
                })
            });
        }
    });
    match found {
        Some(res) => res,
        None => Err(ScenarioError::Input {
            field: name.to_string(),
            message: "no such parameter; `faultline scenario params` lists them".to_string(),
        }),
    }
}

/// Replaces the whole parameter called `name` (value, range, unit, source, tag),
/// e.g. with a fitted value and its interval. Value and range must lie in the
/// parameter's domain and the value inside the range.
pub fn replace_parameter(scenario: &mut Scenario, name: &str, new: Param) -> Result<(), ScenarioError> {
    let mut found = None;
    visit(scenario, &mut |n, _, param, domain| {
        if n == name {
            let [low, high] = new.range;
            found = Some(if !(domain.contains(new.value) && domain.contains(low) && domain.contains(high)) {
                Err(ScenarioError::Input {
                    field: name.to_string(),
                    message: format!("value and range must be {}", domain.describe()),
                })
            } else if !(low <= new.value && new.value <= high) {
                Err(ScenarioError::Input {
                    field: name.to_string(),
                    message: format!("{} lies outside its range [{low}, {high}]", new.value),
                })
            } else {
                *param = new.clone();
                Ok(())
            });
        }
    });
    found.unwrap_or_else(|| {
        Err(ScenarioError::Input {
            field: name.to_string(),
            message: "no such parameter; `faultline scenario params` lists them".to_string(),
        })
    })
}
