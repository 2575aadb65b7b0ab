//! The attack level a chronology implies (`docs/backtest.md`, "Levels from the record").
//!
//! A scenario sets each insurgent group's background rate for its own day 0.
//! Forecasting from an origin years earlier, or from a record that keeps only
//! the large attacks, needs the level the record shows instead. The record's
//! mass-casualty attacks (the ones a chronology keeps) over a trailing window
//! are compared with what the scenario expects over the same window, and the
//! ratio, shrunk toward 1, scales every background rate of that side.

use events::{Date, Event, EventType};
use model::ModelParams;
use scenario::Scenario;
use serde::Serialize;

/// How a side's attack level was read off the record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordLevel {
    /// Days of record the estimate used (the window, or less where the record is shorter).
    pub window_days: u32,
    /// Recorded attacks with at least `mass_casualty_deaths` dead in the window, per side.
    pub observed: [u32; 2],
    /// The number the scenario's own level expects over the same days, per side.
    pub expected: [f64; 2],
    /// The factor applied to each side's background rates: (a + observed) / (a + expected).
    pub factor: [f64; 2],
}

/// Prior weight `a` of the shrinkage: the factor is the posterior mean of a
/// Gamma(a, a) prior (mean 1: the scenario is right) updated with a Poisson count.
pub const LEVEL_PRIOR_SHAPE: f64 = 1.0;

/// Bounds on the factor, so one quiet or one violent window cannot turn a side
/// off or multiply its rate without limit.
pub const LEVEL_FACTOR_BOUNDS: [f64; 2] = [0.02, 4.0];

/// Expected mass-casualty attacks per day on side `i` at the scenario's level:
/// the stationary rate of the Hawkes process, μ0 / (1 − n), times the share of
/// attacks with at least `mass_casualty_deaths` dead.
pub fn mass_casualty_rate(p: &ModelParams, side: usize) -> f64 {
    let s = &p.sides[side];
    if s.mu0 <= 0.0 {
        return 0.0;
    }
    let m = p.mass_casualty_deaths.max(1) as usize;
    let below = if m >= 2 { s.fatality_cdf.get(m - 2).copied().unwrap_or(1.0) } else { 0.0 };
    let share = (1.0 - below).max(0.0);
    let branching = if s.rho < 1.0 { s.excite / (1.0 - s.rho) } else { 0.0 };
    s.mu0 / (1.0 - branching).max(1e-6) * share
}

/// The level the record before `as_of` implies, over at most `window_days`
/// days (fewer where the record starts later). `None` when the record before
/// `as_of` spans less than 90 days.
pub fn record_level(events: &[Event], as_of: Date, scenario: &Scenario, window_days: u32) -> Option<RecordLevel> {
    let first = events.iter().map(|e| e.date).filter(|d| *d < as_of).min()?;
    let span = as_of.days_since(first).min(window_days as i32);
    if span < 90 {
        return None;
    }
    let from = as_of.add_days(-span);
    let p = ModelParams::new(scenario, &scenario.default_levers());
    let mass = scenario.definitions.mass_casualty_deaths;
    let mut observed = [0u32; 2];
    for e in events.iter().filter(|e| e.date >= from && e.date < as_of && e.event_type == EventType::InsurgentAttack) {
        if let Some(i) = e.side()
            && e.deaths() >= mass
        {
            observed[i] += 1;
        }
    }
    let mut expected = [0.0; 2];
    let mut factor = [1.0; 2];
    for i in 0..2 {
        expected[i] = mass_casualty_rate(&p, i) * f64::from(span as u32);
        if expected[i] > 0.0 {
            factor[i] = ((LEVEL_PRIOR_SHAPE + f64::from(observed[i])) / (LEVEL_PRIOR_SHAPE + expected[i]))
                .clamp(LEVEL_FACTOR_BOUNDS[0], LEVEL_FACTOR_BOUNDS[1]);
        }
    }
    Some(RecordLevel { window_days: span as u32, observed, expected, factor })
}

/// `scenario` with each side's group background rates (value and range)
/// multiplied by `level.factor`.
pub fn scenario_at_level(scenario: &Scenario, level: &RecordLevel) -> Scenario {
    let mut sc = scenario.clone();
    let ids: [String; 2] = [sc.state[0].id.clone(), sc.state[1].id.clone()];
    for g in &mut sc.insurgent_group {
        let Some(i) = ids.iter().position(|id| *id == g.operates_in) else { continue };
        let f = level.factor[i];
        g.background_rate.value *= f;
        g.background_rate.range = [g.background_rate.range[0] * f, g.background_rate.range[1] * f];
    }
    sc
}
