//! Numeric model parameters, resolved once from a validated scenario and levers.

use scenario::{Levers, PressureKind, Scenario};

/// One state's outside crises as a process (`docs/model.md` §8.1).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutsideProcess {
    /// Onsets per day (the scenario's rate per year / 365).
    pub onsets_per_day: f64,
    pub median_days: f64,
    /// Standard deviation of the log duration.
    pub duration_spread: f64,
    /// Probability that a crisis makes the neighbour close the border.
    pub closure_share: f64,
    /// Load on the state's other fronts while a crisis lasts.
    pub front_load: f64,
}

/// Per-side numeric parameters. Index `i` is the state attacked by group `i`
/// and the border region inside state `i`.
#[derive(Clone, Debug)]
pub struct SideParams {
    // State behaviour.
    pub fear_of_war: f64,
    pub retaliation_belief: f64,
    pub strain: f64,
    pub pressure_per_death: f64,
    pub pressure_per_strike: f64,
    pub honour_discharge: f64,
    pub trade_stake: f64,
    pub energy_stake: f64,
    /// Sum of third-party restraint weights on this state.
    pub restraint: f64,
    /// Sum of other-front loads on this state.
    pub fronts: f64,
    pub initial_hostility: f64,
    pub initial_pressure: f64,
    /// Outside crises of this state (`docs/model.md` §8.1); all zero when the scenario has none.
    pub outside: OutsideProcess,
    // Insurgent group attacking this state.
    pub mu0: f64,
    /// Daily decay factor of self-excitation, ρ = exp(−1/decay_days).
    pub rho: f64,
    /// Daily self-excitation coefficient a = n (1 − ρ).
    pub excite: f64,
    /// Daily coefficient of excitation by this state's own strikes, n_X (1 − ρ).
    pub strike_excite: f64,
    pub sanctuary0: f64,
    pub haven_advantage: f64,
    pub recruitment: f64,
    pub capacity_max: f64,
    pub ci_attrition: f64,
    pub strike_attrition: f64,
    pub fatality_exponent: f64,
    pub fatality_cap: u32,
    /// Cumulative probabilities of 1..=cap deaths under the truncated power law.
    pub fatality_cdf: Vec<f64>,
    pub blame: f64,
    pub reinfiltration: f64,
    pub smuggling_funding: f64,
    pub grievance_sensitivity: f64,
    pub initial_excitation: f64,
    // Border region.
    pub grievance0: f64,
    pub autonomy: f64,
    pub poverty: f64,
    pub grievance_relaxation: f64,
    pub development_effect: f64,
    pub development_lag_days: f64,
    /// Effective outside investment reaching locals, million USD per year.
    pub outside_effective: f64,
    pub strike_casualty_grievance: f64,
    pub livelihood_grievance: f64,
    pub outage_grievance: f64,
    // Levers.
    pub development_usd_m: f64,
    // Derived once, to keep divisions out of the daily step.
    /// restraint_weight × restraint.
    pub restraint_utility: f64,
    /// front_weight × fronts.
    pub front_utility: f64,
    /// Outrage weight 20·ln(1 + d/20) of an attack with d deaths, index d (0..=cap).
    pub outrage: Vec<f64>,
    /// Size term ln(max(1, w)) + 1 of a day with one attack of d deaths (w its blamed
    /// weight, outrage doubled for a mass-casualty attack), index d (0..=cap).
    pub attack_size: Vec<f64>,
}

/// Everything the daily step needs, as plain numbers.
#[derive(Clone, Debug)]
pub struct ModelParams {
    pub sides: [SideParams; 2],
    pub qre_precision: f64,
    pub inertia: f64,
    pub pressure_weight: f64,
    pub hostility_weight: f64,
    pub rung_cost: f64,
    pub rupture_cost: f64,
    pub deescalation_value: f64,
    pub weakness_cost: f64,
    pub pressure_decay: f64,
    pub hostility_decay: f64,
    pub hostility_reactivity: f64,
    pub hostility_per_attack: f64,
    pub hostility_per_strike: f64,
    pub hostility_per_protest: f64,
    pub hostility_relief: f64,
    pub war_risk_strike: f64,
    pub war_risk_sustained: f64,
    pub war_risk_growth: f64,
    pub retaliation_cost: f64,
    pub restraint_weight: f64,
    pub front_weight: f64,
    /// Daily decay of the strike balance and strike memory, exp(−1/memory days).
    pub strike_memory: f64,
    pub strike_deaths: f64,
    pub cooperation_decay: f64,
    pub cooperation_gain: f64,
    pub cooperation_ci_boost: f64,
    pub cooperation_haven_cut: f64,
    pub expulsion_days: f64,
    pub restriction_duration_days: f64,
    pub recall_duration_days: f64,
    // Economy.
    pub trade0: f64,
    pub trade_milestone: f64,
    pub trade_growth: f64,
    pub trade_restriction_loss: f64,
    pub sanctions_drag: f64,
    pub fuel_share0: f64,
    pub fuel_smuggled_fraction: f64,
    pub electricity_mw: f64,
    /// Side that supplies electricity ([`NO_SIDE`] when the scenario has no electricity channel).
    pub supplier: usize,
    pub pipeline_build_days: f64,
    pub pipeline_progress0: f64,
    // Initial status.
    pub recalled0: bool,
    pub border_open0: bool,
    pub electricity_on0: bool,
    pub cooperation0: f64,
    pub days_since_strike0: f64,
    // Definitions.
    pub mass_casualty_deaths: u32,
    pub resolution_intensity_share: f64,
    pub resolution_days: u32,
    pub war_strike_days: u32,
    pub war_window_days: u32,
    // Levers.
    pub mutual_expulsion: f64,
    pub liaison_ct: f64,
    pub smuggling_crackdown: f64,
    pub trade_target: f64,
    pub pipeline_completion: f64,
    // Derived constants.
    pub inv_trade0: f64,
    pub inv_fuel_share0: f64,
    pub electricity_weight: f64,
    pub inv_recall_duration: f64,
    pub inv_restriction_duration: f64,
    pub inv_trade_target: f64,
    pub inv_expulsion_days: f64,
    pub inv_pipeline_build_days: f64,
}

impl ModelParams {
    /// Resolves a validated scenario and validated levers into numbers. Cannot fail.
    pub fn new(scenario: &Scenario, levers: &Levers) -> ModelParams {
        let d = &scenario.dynamics;
        let e = &scenario.economy;
        let side = |i: usize| -> SideParams {
            let st = &scenario.state[i];
            let g = pooled_group(scenario, i);
            let r = scenario.region_of(i);
            let sum_pressure = |kind: PressureKind| -> f64 {
                scenario
                    .pressure
                    .iter()
                    .filter(|p| p.on == st.id && p.kind == kind)
                    .map(|p| p.weight.value)
                    .sum()
            };
            let rho = (-1.0 / g.decay_days).exp();
            let restraint = sum_pressure(PressureKind::Restraint);
            let cap = g.fatality_cap.round().max(1.0) as u32;
            let outrage = |k: u32| OUTRAGE_SCALE * (k as f64 / OUTRAGE_SCALE).ln_1p();
            let fronts = sum_pressure(PressureKind::Front);
            SideParams {
                fear_of_war: st.fear_of_war.value,
                retaliation_belief: st.retaliation_belief.value,
                strain: st.domestic_strain.value,
                pressure_per_death: st.pressure_per_death.value,
                pressure_per_strike: st.pressure_per_strike.value,
                honour_discharge: st.honour_discharge.value,
                trade_stake: st.trade_stake.value,
                energy_stake: st.energy_stake.value,
                restraint,
                fronts,
                initial_hostility: st.initial_hostility.value,
                initial_pressure: st.initial_pressure.value,
                outside: st.outside.as_ref().map_or(OutsideProcess::default(), |o| OutsideProcess {
                    onsets_per_day: o.onset_rate.value / 365.0,
                    median_days: o.median_days.value,
                    duration_spread: o.duration_spread.value,
                    closure_share: o.closure_share.value,
                    front_load: o.front_load.value,
                }),
                mu0: g.background_rate,
                rho,
                excite: g.branching * (1.0 - rho),
                strike_excite: g.strike_provocation * (1.0 - rho),
                sanctuary0: g.sanctuary_share,
                haven_advantage: g.haven_advantage,
                recruitment: g.recruitment_rate,
                capacity_max: g.capacity_max,
                ci_attrition: g.ci_attrition,
                strike_attrition: g.strike_attrition,
                fatality_exponent: g.fatality_exponent,
                fatality_cap: cap,
                fatality_cdf: power_law_cdf(g.fatality_exponent, cap),
                blame: g.blame,
                reinfiltration: g.reinfiltration_rate,
                smuggling_funding: g.smuggling_funding,
                grievance_sensitivity: g.grievance_sensitivity,
                initial_excitation: g.initial_excitation,
                grievance0: r.grievance.value,
                autonomy: r.autonomy_aspiration.value,
                poverty: r.poverty.value,
                grievance_relaxation: r.grievance_relaxation.value,
                development_effect: r.development_effect.value,
                development_lag_days: r.development_lag_days.value,
                outside_effective: r.outside_investment.value * r.trickle_down.value,
                strike_casualty_grievance: r.strike_casualty_grievance.value,
                livelihood_grievance: r.livelihood_grievance.value,
                outage_grievance: r.outage_grievance.value,
                development_usd_m: levers.development_usd_m[i],
                restraint_utility: d.restraint_weight.value * restraint,
                front_utility: d.front_weight.value * fronts,
                outrage: (0..=cap).map(outrage).collect(),
                attack_size: (0..=cap)
                    .map(|k| {
                        let mass = if k >= scenario.definitions.mass_casualty_deaths { 2.0 } else { 1.0 };
                        // The same operations as the daily step: 0 + w·mass, then the size term.
                        let blamed_weight = 0.0 + outrage(k) * mass;
                        blamed_weight.max(1.0).ln() + 1.0
                    })
                    .collect(),
            }
        };
        // Absent channels contribute nothing: no fuel, no electricity weight, no pipeline.
        let (fuel_share0, fuel_smuggled_fraction) =
            e.fuel.as_ref().map_or((0.0, 0.0), |f| (f.share.value, f.smuggled_fraction.value));
        let electricity_mw = e.electricity.as_ref().map_or(0.0, |el| el.mw.value);
        // NO_SIDE when nobody supplies electricity: no action then cuts or restores it.
        let supplier = e.electricity.as_ref().map_or(NO_SIDE, |el| scenario.side_of(&el.supplier).expect("validated"));
        let (pipeline_build_days, pipeline_progress0) =
            e.pipeline.as_ref().map_or((1.0, 0.0), |pl| (pl.build_days.value, pl.progress.value));
        ModelParams {
            sides: [side(0), side(1)],
            qre_precision: d.qre_precision.value,
            inertia: d.inertia.value,
            pressure_weight: d.pressure_weight.value,
            hostility_weight: d.hostility_weight.value,
            rung_cost: d.rung_cost.value,
            rupture_cost: d.rupture_cost.value,
            deescalation_value: d.deescalation_value.value,
            weakness_cost: d.weakness_cost.value,
            pressure_decay: d.pressure_decay.value,
            hostility_decay: d.hostility_decay.value,
            hostility_reactivity: d.hostility_reactivity.value,
            hostility_per_attack: d.hostility_per_attack.value,
            hostility_per_strike: d.hostility_per_strike.value,
            hostility_per_protest: d.hostility_per_protest.value,
            hostility_relief: d.hostility_relief.value,
            war_risk_strike: d.war_risk_strike.value,
            war_risk_sustained: d.war_risk_sustained.value,
            war_risk_growth: d.war_risk_growth.value,
            retaliation_cost: d.retaliation_cost.value,
            restraint_weight: d.restraint_weight.value,
            front_weight: d.front_weight.value,
            strike_memory: (-1.0 / d.strike_memory_days.value).exp(),
            strike_deaths: d.strike_deaths.value,
            cooperation_decay: d.cooperation_decay.value,
            cooperation_gain: d.cooperation_gain.value,
            cooperation_ci_boost: d.cooperation_ci_boost.value,
            cooperation_haven_cut: d.cooperation_haven_cut.value,
            expulsion_days: d.expulsion_days.value,
            restriction_duration_days: d.restriction_duration_days.value,
            recall_duration_days: d.recall_duration_days.value,
            trade0: e.trade_usd_bn.value,
            trade_milestone: e.trade_milestone_usd_bn.as_ref().map_or(f64::INFINITY, |m| m.value),
            trade_growth: e.trade_growth.value,
            trade_restriction_loss: e.trade_restriction_loss.value,
            sanctions_drag: e.sanctions_drag.value,
            fuel_share0,
            fuel_smuggled_fraction,
            electricity_mw,
            supplier,
            pipeline_build_days,
            pipeline_progress0,
            recalled0: scenario.initial.diplomacy == scenario::Diplomacy::Recalled,
            border_open0: scenario.initial.border_open,
            electricity_on0: scenario.initial.electricity_on.unwrap_or(true),
            cooperation0: scenario.initial.cooperation.value,
            days_since_strike0: scenario.initial.days_since_strike.value,
            mass_casualty_deaths: scenario.definitions.mass_casualty_deaths,
            resolution_intensity_share: scenario.definitions.resolution_intensity_share,
            resolution_days: scenario.definitions.resolution_days,
            war_strike_days: scenario.definitions.war_strike_days,
            war_window_days: scenario.definitions.war_window_days,
            mutual_expulsion: levers.mutual_expulsion,
            liaison_ct: levers.liaison_ct,
            smuggling_crackdown: levers.smuggling_crackdown,
            trade_target: levers.trade_target_usd_bn,
            pipeline_completion: levers.pipeline_completion,
            inv_trade0: 1.0 / e.trade_usd_bn.value.max(1e-9),
            inv_fuel_share0: if e.fuel.is_some() { 1.0 / fuel_share0.max(1e-9) } else { 0.0 },
            electricity_weight: 0.3 * electricity_mw / 100.0,
            inv_recall_duration: 1.0 / d.recall_duration_days.value,
            inv_restriction_duration: 1.0 / d.restriction_duration_days.value,
            inv_trade_target: 1.0 / levers.trade_target_usd_bn.max(1e-9),
            inv_expulsion_days: 1.0 / d.expulsion_days.value,
            inv_pipeline_build_days: 1.0 / pipeline_build_days,
        }
    }
}

/// A side index that matches neither state (no electricity supplier).
pub const NO_SIDE: usize = 2;

/// The insurgent process attacking one state, pooled over the groups operating there.
///
/// One group: its own values, untouched. Several: background rates, initial excitation and
/// strike provocation add up; every other parameter is the background-rate-weighted mean, so
/// the pooled process has the summed rate and the groups' average dynamics. None: a process
/// with no background rate, no excitation and neutral slow dynamics (no attacks ever occur).
struct PooledGroup {
    background_rate: f64,
    branching: f64,
    decay_days: f64,
    strike_provocation: f64,
    sanctuary_share: f64,
    haven_advantage: f64,
    recruitment_rate: f64,
    capacity_max: f64,
    ci_attrition: f64,
    strike_attrition: f64,
    fatality_exponent: f64,
    fatality_cap: f64,
    blame: f64,
    reinfiltration_rate: f64,
    smuggling_funding: f64,
    grievance_sensitivity: f64,
    initial_excitation: f64,
}

fn pooled_group(scenario: &Scenario, side: usize) -> PooledGroup {
    let groups = scenario.groups_in(side);
    let pick = |g: &scenario::GroupSpec| PooledGroup {
        background_rate: g.background_rate.value,
        branching: g.branching.value,
        decay_days: g.decay_days.value,
        strike_provocation: g.strike_provocation.value,
        sanctuary_share: g.sanctuary_share.value,
        haven_advantage: g.haven_advantage.value,
        recruitment_rate: g.recruitment_rate.value,
        capacity_max: g.capacity_max.value,
        ci_attrition: g.ci_attrition.value,
        strike_attrition: g.strike_attrition.value,
        fatality_exponent: g.fatality_exponent.value,
        fatality_cap: g.fatality_cap.value,
        blame: g.blame.value,
        reinfiltration_rate: g.reinfiltration_rate.value,
        smuggling_funding: g.smuggling_funding.value,
        grievance_sensitivity: g.grievance_sensitivity.value,
        initial_excitation: g.initial_excitation.value,
    };
    match groups.as_slice() {
        [] => PooledGroup {
            background_rate: 0.0,
            branching: 0.0,
            decay_days: 14.0,
            strike_provocation: 0.0,
            sanctuary_share: 0.0,
            haven_advantage: 0.0,
            recruitment_rate: 0.0,
            capacity_max: 1.0,
            ci_attrition: 0.0,
            strike_attrition: 0.0,
            fatality_exponent: 2.5,
            fatality_cap: 1.0,
            blame: 0.0,
            reinfiltration_rate: 0.0,
            smuggling_funding: 0.0,
            grievance_sensitivity: 0.0,
            initial_excitation: 0.0,
        },
        [one] => pick(one),
        several => {
            let parts: Vec<PooledGroup> = several.iter().map(|g| pick(g)).collect();
            let total: f64 = parts.iter().map(|g| g.background_rate).sum();
            let weight = |g: &PooledGroup| if total > 0.0 { g.background_rate / total } else { 1.0 / parts.len() as f64 };
            let mean = |f: fn(&PooledGroup) -> f64| parts.iter().map(|g| weight(g) * f(g)).sum::<f64>();
            let sum = |f: fn(&PooledGroup) -> f64| parts.iter().map(f).sum::<f64>();
            PooledGroup {
                background_rate: total,
                branching: mean(|g| g.branching),
                decay_days: mean(|g| g.decay_days),
                strike_provocation: sum(|g| g.strike_provocation),
                sanctuary_share: mean(|g| g.sanctuary_share),
                haven_advantage: mean(|g| g.haven_advantage),
                recruitment_rate: mean(|g| g.recruitment_rate),
                capacity_max: mean(|g| g.capacity_max),
                ci_attrition: mean(|g| g.ci_attrition),
                strike_attrition: mean(|g| g.strike_attrition),
                fatality_exponent: mean(|g| g.fatality_exponent),
                fatality_cap: parts.iter().map(|g| g.fatality_cap).fold(1.0, f64::max),
                blame: mean(|g| g.blame),
                reinfiltration_rate: mean(|g| g.reinfiltration_rate),
                smuggling_funding: mean(|g| g.smuggling_funding),
                grievance_sensitivity: mean(|g| g.grievance_sensitivity),
                initial_excitation: sum(|g| g.initial_excitation),
            }
        }
    }
}

/// Deaths at which public outrage over one attack starts to saturate.
pub const OUTRAGE_SCALE: f64 = 20.0;

/// CDF of P(X = k) ∝ k^(−α) on k = 1..=cap, normalised on the truncated support.
fn power_law_cdf(alpha: f64, cap: u32) -> Vec<f64> {
    let weights: Vec<f64> = (1..=cap).map(|k| (k as f64).powf(-alpha)).collect();
    let total: f64 = weights.iter().sum();
    let mut acc = 0.0;
    let mut cdf: Vec<f64> = weights
        .iter()
        .map(|w| {
            acc += w / total;
            acc
        })
        .collect();
    if let Some(last) = cdf.last_mut() {
        *last = 1.0;
    }
    cdf
}

/// The parameters that may take a different value in each run of one ensemble
/// (`--parameters posterior|ranges`): the escalation and diplomacy layer that
/// `faultline calibrate --layer decision` fits. Every other parameter is shared by
/// all runs. [`RunParameters::of`] gives a scenario's own values (a point forecast).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunParameters {
    pub inertia: f64,
    pub hostility_weight: f64,
    pub rung_cost: f64,
    pub rupture_cost: f64,
    pub deescalation_value: f64,
    pub weakness_cost: f64,
    pub retaliation_cost: f64,
    /// Per state, as [`SideParams::pressure_per_death`].
    pub pressure_per_death: [f64; 2],
    /// Per state, as [`SideParams::fear_of_war`].
    pub fear_of_war: [f64; 2],
}

/// One coordinate of [`RunParameters`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunParameter {
    Inertia,
    HostilityWeight,
    RungCost,
    RuptureCost,
    DeescalationValue,
    WeaknessCost,
    RetaliationCost,
    /// Of state `i`.
    PressurePerDeath(usize),
    /// Of state `i`.
    FearOfWar(usize),
}

impl RunParameter {
    /// Every coordinate, in a fixed order.
    pub const ALL: [RunParameter; 11] = [
        RunParameter::PressurePerDeath(0),
        RunParameter::PressurePerDeath(1),
        RunParameter::FearOfWar(0),
        RunParameter::FearOfWar(1),
        RunParameter::Inertia,
        RunParameter::RungCost,
        RunParameter::RuptureCost,
        RunParameter::RetaliationCost,
        RunParameter::HostilityWeight,
        RunParameter::DeescalationValue,
        RunParameter::WeaknessCost,
    ];

    /// The coordinate a scenario parameter sets, by its TOML path
    /// ([`scenario::ParamRef::toml_path`], e.g. `dynamics.inertia`, `state[1].fear_of_war`);
    /// `None` for a parameter that every run shares.
    pub fn from_toml_path(path: &str) -> Option<RunParameter> {
        let per_state = |field: &str| -> Option<usize> {
            (0..2).find(|i| path == format!("state[{i}].{field}"))
        };
        if let Some(i) = per_state("pressure_per_death") {
            return Some(RunParameter::PressurePerDeath(i));
        }
        if let Some(i) = per_state("fear_of_war") {
            return Some(RunParameter::FearOfWar(i));
        }
        Some(match path.strip_prefix("dynamics.")? {
            "inertia" => RunParameter::Inertia,
            "hostility_weight" => RunParameter::HostilityWeight,
            "rung_cost" => RunParameter::RungCost,
            "rupture_cost" => RunParameter::RuptureCost,
            "deescalation_value" => RunParameter::DeescalationValue,
            "weakness_cost" => RunParameter::WeaknessCost,
            "retaliation_cost" => RunParameter::RetaliationCost,
            _ => return None,
        })
    }
}

impl RunParameters {
    /// The values in `p` (what every run uses in a point forecast).
    pub fn of(p: &ModelParams) -> RunParameters {
        RunParameters {
            inertia: p.inertia,
            hostility_weight: p.hostility_weight,
            rung_cost: p.rung_cost,
            rupture_cost: p.rupture_cost,
            deescalation_value: p.deescalation_value,
            weakness_cost: p.weakness_cost,
            retaliation_cost: p.retaliation_cost,
            pressure_per_death: [p.sides[0].pressure_per_death, p.sides[1].pressure_per_death],
            fear_of_war: [p.sides[0].fear_of_war, p.sides[1].fear_of_war],
        }
    }

    /// The value of one coordinate.
    pub fn get(&self, which: RunParameter) -> f64 {
        match which {
            RunParameter::Inertia => self.inertia,
            RunParameter::HostilityWeight => self.hostility_weight,
            RunParameter::RungCost => self.rung_cost,
            RunParameter::RuptureCost => self.rupture_cost,
            RunParameter::DeescalationValue => self.deescalation_value,
            RunParameter::WeaknessCost => self.weakness_cost,
            RunParameter::RetaliationCost => self.retaliation_cost,
            RunParameter::PressurePerDeath(i) => self.pressure_per_death[i],
            RunParameter::FearOfWar(i) => self.fear_of_war[i],
        }
    }

    /// Sets one coordinate.
    pub fn set(&mut self, which: RunParameter, value: f64) {
        let slot = match which {
            RunParameter::Inertia => &mut self.inertia,
            RunParameter::HostilityWeight => &mut self.hostility_weight,
            RunParameter::RungCost => &mut self.rung_cost,
            RunParameter::RuptureCost => &mut self.rupture_cost,
            RunParameter::DeescalationValue => &mut self.deescalation_value,
            RunParameter::WeaknessCost => &mut self.weakness_cost,
            RunParameter::RetaliationCost => &mut self.retaliation_cost,
            RunParameter::PressurePerDeath(i) => &mut self.pressure_per_death[i],
            RunParameter::FearOfWar(i) => &mut self.fear_of_war[i],
        };
        *slot = value;
    }
}

impl ModelParams {
    /// These parameters with the run's values in place of their own: what a single
    /// trajectory steps with to follow the same path as a lockstep lane holding `run`.
    pub fn with_run_parameters(&self, run: &RunParameters) -> ModelParams {
        let mut res = self.clone();
        res.inertia = run.inertia;
        res.hostility_weight = run.hostility_weight;
        res.rung_cost = run.rung_cost;
        res.rupture_cost = run.rupture_cost;
        res.deescalation_value = run.deescalation_value;
        res.weakness_cost = run.weakness_cost;
        res.retaliation_cost = run.retaliation_cost;
        for i in 0..2 {
            res.sides[i].pressure_per_death = run.pressure_per_death[i];
            res.sides[i].fear_of_war = run.fear_of_war[i];
        }
        res
    }
}
