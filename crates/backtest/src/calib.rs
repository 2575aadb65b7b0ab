//! Calibration of a scenario's insurgent groups to event data.
//!
//! For each side: the insurgent attacks on its territory, as day offsets from
//! the window's first day, are spread uniformly within their day
//! ([`calibrate::spread_within_day`], so same-day attacks are not exact ties)
//! and fitted by maximum likelihood as an exponential Hawkes process
//! ([`calibrate::fit_hawkes`]); the deaths of the attacks with a known,
//! non-zero toll are fitted by a discrete power law with `x_min = 1`
//! ([`calibrate::fit_zeta_exponent`]). The model's daily process uses the
//! fit directly: `background_rate = μ`, `branching = n`,
//! `decay_days = 1/β` (so ρ = e^{−β} and a = n(1 − ρ), as in
//! [`calibrate::HawkesParams::daily`]), `fatality_exponent = ŝ`.
//!
//! Event data rarely say which of several groups struck, so the fit is made per
//! state, over the attacks of all groups operating there (the process the model
//! pools). With several groups, μ is shared out in proportion to the groups' prior
//! background rates (equal shares when those are all zero) and the other values are
//! written into every group, so the pooled process has the fitted rate and dynamics.
//! A state with no group operating in it has nothing to fit.

use std::fmt::Write as _;

use calibrate::{FitOptions, HawkesFit, TailFit, fit_hawkes, fit_zeta_exponent, spread_within_day};
use events::{Date, Event, EventType};
use scenario::{Confidence, Param, Scenario};
use serde::Serialize;

use crate::BacktestError;

/// Options for [`calibrate`].
#[derive(Clone, Debug)]
pub struct CalibrateOptions {
    /// How the data are named in the provenance (usually the file path).
    pub data_label: String,
    /// First day of the fitting window (default: the first event of any type).
    pub from: Option<Date>,
    /// Last day of the window (default: the last event of any type).
    pub to: Option<Date>,
    /// Seed of the within-day spreading of attack times.
    pub seed: u64,
    pub fit: FitOptions,
}

impl Default for CalibrateOptions {
    fn default() -> Self {
        CalibrateOptions { data_label: "events".into(), from: None, to: None, seed: 1, fit: FitOptions::default() }
    }
}

/// One scenario parameter replaced by a fitted value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParamUpdate {
    /// TOML path, e.g. `insurgent_group[0].branching`.
    pub path: String,
    pub previous: f64,
    pub value: f64,
    pub range: [f64; 2],
    pub std_error: Option<f64>,
    /// The estimate or its interval was cut to the parameter's allowed domain.
    pub clamped: bool,
}

/// The fits for one side.
#[derive(Clone, Debug, Serialize)]
pub struct SideCalibration {
    /// State id whose territory the attacks hit.
    pub state: String,
    /// Ids of the groups operating there (the fit is written into each).
    pub groups: Vec<String>,
    /// Attacks inside the window.
    pub attacks: usize,
    /// Attacks with a known toll of at least one death (used by the tail fit).
    pub attacks_with_deaths: usize,
    pub hawkes: Option<HawkesFit>,
    /// Why the Hawkes fit was not made (the prior values were kept).
    pub hawkes_error: Option<String>,
    pub tail: Option<TailFit>,
    pub tail_error: Option<String>,
    pub updates: Vec<ParamUpdate>,
}

/// The calibrated scenario and the fits behind it.
#[derive(Clone, Debug, Serialize)]
pub struct Calibration {
    pub data: String,
    pub from: Date,
    pub to: Date,
    /// Window length T in days (`to − from + 1`).
    pub days: u32,
    pub seed: u64,
    pub sides: Vec<SideCalibration>,
    /// The complete scenario with the fitted values (validated).
    #[serde(skip)]
    pub scenario: Scenario,
}

struct Target<'a> {
    param: &'a mut Param,
    path: String,
    lo: f64,
    hi: f64,
}

fn apply(t: Target<'_>, value: f64, ci: Option<(f64, f64)>, se: Option<f64>, source: &str) -> ParamUpdate {
    let clamp = |x: f64| x.clamp(t.lo, t.hi);
    let v = clamp(value);
    let (lo, hi) = match ci {
        Some((a, b)) => (clamp(a.min(b)).min(v), clamp(a.max(b)).max(v)),
        None => (v, v),
    };
    let clamped = v != value || ci.is_some_and(|(a, b)| clamp(a) != a || clamp(b) != b);
    let previous = t.param.value;
    *t.param = Param {
        value: v,
        range: [lo, hi],
        unit: t.param.unit.clone(),
        source: if clamped { format!("{source}; clamped to the allowed [{}, {}]", t.lo, t.hi) } else { source.to_string() },
        tag: Confidence::A,
    };
    ParamUpdate { path: t.path, previous, value: v, range: [lo, hi], std_error: se, clamped }
}

/// Fits each side's attack process and fatality tail to `events` and returns
/// `scenario` with the fitted values, their 95 % intervals as ranges and the
/// data as provenance (tag A). A side with too few attacks keeps its prior
/// values; the reason is recorded in [`SideCalibration::hawkes_error`] /
/// [`SideCalibration::tail_error`].
///
/// `events` must have been read with this scenario's [`events::Dyad`] (side `i` is
/// the scenario's `i`-th state).
pub fn calibrate(events: &[Event], scenario: &Scenario, opts: &CalibrateOptions) -> Result<Calibration, BacktestError> {
    let first = events.iter().map(|e| e.date).min();
    let last = events.iter().map(|e| e.date).max();
    let from = opts
        .from
        .or(first)
        .ok_or_else(|| BacktestError::new("events", format!("{} holds no events", opts.data_label)))?;
    let to = opts.to.or(last).unwrap_or(from);
    if to < from {
        return Err(BacktestError::new("--to", format!("{to} is before the start of the window {from}")));
    }
    let days = (to.days_since(from) + 1) as u32;
    let mut out = scenario.clone();
    let mut sides = Vec::new();
    for side in 0..2 {
        let state_id = scenario.state[side].id.clone();
        let group_indices: Vec<usize> =
            (0..scenario.insurgent_group.len()).filter(|&g| scenario.group_side(g) == side).collect();
        // Each group's share of the fitted background rate.
        let prior: Vec<f64> = group_indices.iter().map(|&g| scenario.insurgent_group[g].background_rate.value).collect();
        let prior_total: f64 = prior.iter().sum();
        let shares: Vec<f64> = prior
            .iter()
            .map(|&r| if prior_total > 0.0 { r / prior_total } else { 1.0 / prior.len() as f64 })
            .collect();
        let mut attacks: Vec<&Event> = events
            .iter()
            .filter(|e| e.event_type == EventType::InsurgentAttack && e.side() == Some(side))
            .filter(|e| e.date >= from && e.date <= to)
            .collect();
        attacks.sort_by_key(|e| e.date);
        let times: Vec<f64> = attacks.iter().map(|e| f64::from(e.date.days_since(from))).collect();
        let spread = spread_within_day(&times, opts.seed.wrapping_add(side as u64));
        let deaths: Vec<u32> = attacks.iter().filter(|e| e.fatalities.is_some()).map(|e| e.deaths()).collect();
        let with_deaths = deaths.iter().filter(|&&d| d >= 1).count();
        let span = format!("{}, {from}..{to} ({days} days)", opts.data_label);
        let mut sc = SideCalibration {
            state: state_id.clone(),
            groups: group_indices.iter().map(|&g| scenario.insurgent_group[g].id.clone()).collect(),
            attacks: attacks.len(),
            attacks_with_deaths: with_deaths,
            hawkes: None,
            hawkes_error: None,
            tail: None,
            tail_error: None,
            updates: Vec::new(),
        };
        if group_indices.is_empty() {
            sc.hawkes_error = Some(format!("no insurgent group operates in {state_id}; nothing to fit"));
            sides.push(sc);
            continue;
        }
        let path = |g: usize, f: &str| format!("insurgent_group[{g}].{f}");
        match fit_hawkes(&spread, f64::from(days), &opts.fit) {
            Ok(fit) => {
                let source = format!(
                    "faultline calibrate: {span}, {} attacks on {state_id}; Hawkes MLE (exponential kernel, O(n) recursive \
                     likelihood; same-day attacks spread uniformly within their day, seed {}); range = 95% Wald interval; \
                     KS p = {:.3}",
                    attacks.len(),
                    opts.seed.wrapping_add(side as u64),
                    fit.ks.p_value
                );
                let pooled = if group_indices.len() > 1 { "; share of the state's pooled rate by prior rates" } else { "" };
                for (&g, &share) in group_indices.iter().zip(&shares) {
                    let group = &mut out.insurgent_group[g];
                    sc.updates.push(apply(
                        Target { param: &mut group.background_rate, path: path(g, "background_rate"), lo: 0.0, hi: 50.0 },
                        fit.mu.value * share,
                        fit.mu.ci95.map(|(a, b)| (a * share, b * share)),
                        fit.mu.std_error.map(|se| se * share),
                        &format!("{source}; mu{pooled}"),
                    ));
                    sc.updates.push(apply(
                        Target { param: &mut group.branching, path: path(g, "branching"), lo: 0.0, hi: 0.999 },
                        fit.branching.value,
                        fit.branching.ci95,
                        fit.branching.std_error,
                        &format!("{source}; n"),
                    ));
                    // decay_days = 1/β; the interval of β maps to the reversed interval of 1/β.
                    let inv = |b: f64| 1.0 / b;
                    let beta = fit.beta.value;
                    sc.updates.push(apply(
                        Target { param: &mut group.decay_days, path: path(g, "decay_days"), lo: 0.5, hi: 365.0 },
                        inv(beta),
                        fit.beta.ci95.map(|(a, b)| (inv(b), inv(a))),
                        fit.beta.std_error.map(|se| se / (beta * beta)),
                        &format!("{source}; 1/beta"),
                    ));
                }
                sc.hawkes = Some(fit);
            }
            Err(e) => sc.hawkes_error = Some(format!("{e}; prior values kept")),
        }
        match fit_zeta_exponent(&deaths, 1) {
            Ok(tail) => {
                let source = format!(
                    "faultline calibrate: {span}, {} attacks on {state_id} with a known toll of at least 1 death; \
                     discrete power-law (zeta) MLE, x_min = 1; range = 95% Wald interval",
                    tail.n_used
                );
                for &g in &group_indices {
                    let group = &mut out.insurgent_group[g];
                    sc.updates.push(apply(
                        Target { param: &mut group.fatality_exponent, path: path(g, "fatality_exponent"), lo: 1.5, hi: 6.0 },
                        tail.exponent,
                        Some(tail.ci95),
                        Some(tail.std_error),
                        &source,
                    ));
                }
                sc.tail = Some(tail);
            }
            Err(e) => sc.tail_error = Some(format!("{e}; prior value kept")),
        }
        sides.push(sc);
    }
    let fitted: Vec<&str> = sides.iter().flat_map(|s| s.updates.iter().map(|u| u.path.as_str())).collect();
    if fitted.is_empty() {
        let reasons: Vec<String> = sides
            .iter()
            .map(|s| {
                let why: Vec<String> = [("attack process", &s.hawkes_error), ("fatality tail (attacks with a toll)", &s.tail_error)]
                    .into_iter()
                    .filter_map(|(fit, e)| e.as_ref().map(|e| (fit, e)))
                    .map(|(fit, e)| format!("{fit}: {}", e.trim_end_matches("; prior values kept").trim_end_matches("; prior value kept")))
                    .collect();
                format!("{} ({} attacks): {}", s.state, s.attacks, why.join("; "))
            })
            .collect();
        return Err(BacktestError::new(
            "events",
            format!(
                "nothing could be fitted from {} ({from}..{to}): no side has enough attacks; {}",
                opts.data_label,
                reasons.join("; ")
            ),
        ));
    }
    let priors = prior_parameters(scenario, &fitted);
    let mut note = format!("Event data {} ({from}..{to}), fitted by faultline calibrate: {}", opts.data_label, fitted.join(", "));
    if !priors.is_empty() {
        note += &format!("; kept at their prior values (too few attacks to fit): {}", priors.join(", "));
    }
    out.meta.sources.push(note);
    // The result must be a valid scenario document.
    let text = out.to_toml();
    let checked = scenario::parse(&text, "<calibrated scenario>")
        .map_err(|e| BacktestError::new("output", format!("the calibrated scenario does not validate: {e}")))?;
    Ok(Calibration { data: opts.data_label.clone(), from, to, days, seed: opts.seed, sides, scenario: checked })
}

/// The parameters `calibrate` fits, for every group of `scenario`.
const FITTED_FIELDS: [&str; 4] = ["background_rate", "branching", "decay_days", "fatality_exponent"];

/// The parameters `calibrate` could fit that are not among `fitted`: they keep their prior values.
fn prior_parameters(scenario: &Scenario, fitted: &[&str]) -> Vec<String> {
    (0..scenario.insurgent_group.len())
        .flat_map(|g| FITTED_FIELDS.iter().map(move |f| format!("insurgent_group[{g}].{f}")))
        .filter(|path| !fitted.contains(&path.as_str()))
        .collect()
}

impl Calibration {
    /// Paths of the parameters fitted to the data.
    pub fn fitted_parameters(&self) -> Vec<String> {
        self.sides.iter().flat_map(|s| s.updates.iter().map(|u| u.path.clone())).collect()
    }

    /// Paths of the parameters that could not be fitted and keep their prior values.
    pub fn prior_parameters(&self) -> Vec<String> {
        let fitted = self.fitted_parameters();
        prior_parameters(&self.scenario, &fitted.iter().map(String::as_str).collect::<Vec<_>>())
    }
}

fn fmt_opt(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.4}"))
}

/// The fit summary: estimates, standard errors, intervals, KS check and AIC against Poisson.
pub fn render_fit_table(c: &Calibration) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Calibration to {} ({}..{}, {} days)", c.data, c.from, c.to, c.days);
    for s in &c.sides {
        let _ = writeln!(
            o,
            "\n{} ({}): {} attacks, {} with a known toll ≥ 1",
            s.state,
            match s.groups.as_slice() {
                [] => "no group".to_string(),
                [one] => format!("group {one}"),
                several => format!("groups {}", several.join(", ")),
            },
            s.attacks,
            s.attacks_with_deaths
        );
        let _ = writeln!(o, "  {:<18} {:>10} {:>10} {:>23} {:>10}", "parameter", "estimate", "std.err", "95% interval", "prior");
        for u in &s.updates {
            let name = if s.groups.len() > 1 { u.path.as_str() } else { u.path.rsplit('.').next().unwrap_or(&u.path) };
            let _ = writeln!(
                o,
                "  {:<18} {:>10.4} {:>10} {:>23} {:>10.4}{}",
                name,
                u.value,
                fmt_opt(u.std_error),
                format!("[{:.4}, {:.4}]", u.range[0], u.range[1]),
                u.previous,
                if u.clamped { "  (clamped)" } else { "" }
            );
        }
        if let Some(f) = &s.hawkes {
            let _ = writeln!(
                o,
                "  KS (time rescaling): D = {:.4}, p = {:.3} (Poisson: D = {:.4}, p = {:.3})",
                f.ks.statistic, f.ks.p_value, f.poisson.ks.statistic, f.poisson.ks.p_value
            );
            let _ = writeln!(
                o,
                "  log-lik {:.2} vs Poisson {:.2}; AIC {:.2} vs {:.2} (ΔAIC = {:.2}, positive favours Hawkes); converged: {}",
                f.loglik,
                f.poisson.loglik,
                f.poisson.aic_hawkes,
                f.poisson.aic_poisson,
                f.poisson.delta_aic(),
                f.converged
            );
        }
        if let Some(e) = &s.hawkes_error {
            let _ = writeln!(o, "  Hawkes fit not made: {e}");
        }
        if let Some(e) = &s.tail_error {
            let _ = writeln!(o, "  tail fit not made: {e}");
        }
    }
    let _ = writeln!(o, "\nfitted: {}", c.fitted_parameters().join(", "));
    let priors = c.prior_parameters();
    if !priors.is_empty() {
        let _ = writeln!(o, "prior values kept (not fitted): {}", priors.join(", "));
    }
    o
}
