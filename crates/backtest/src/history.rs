//! The model's state rebuilt from observed events (`--as-of`).
//!
//! The events before the origin are turned, day by day, into the model's
//! record of a day (`model::ObservedDay`: the deaths of each attack, each
//! state's moves as model actions, the strike tolls) and replayed from the
//! first event through the model's own daily rule (`model::replay_day`).
//! What the events cannot tell (capacity, sanctuary, grievance, development,
//! trade) is handed on as the scenario's day-0 value; cooperation starts from
//! the scenario's value at the first event. `docs/backtest.md` lists the mapping.

use std::fmt::Write as _;

use events::{Date, Event, EventType};
use model::{Action, HistoryState, ModelParams, ObservedDay, State};
use scenario::{Levers, Scenario};
use serde::Serialize;

use crate::BacktestError;


/// The state reconstructed from the events before `as_of`. Arrays are indexed
/// by the scenario's side index (the order of its `[[state]]` tables).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct History {
    /// First forecast day: day 1 of the simulation. Only events dated before it are used.
    pub as_of: Date,
    /// Events dated before `as_of`.
    pub events_used: usize,
    /// First event of the history (where the replay starts).
    pub first_event: Option<Date>,
    /// State ids, in scenario order.
    pub sides: [String; 2],
    /// Self-excitation state Σ ρ^age over past attacks on each side.
    pub excitation: [f64; 2],
    /// Excitation of group `i` by state `i`'s past strikes.
    pub strike_excitation: [f64; 2],
    pub pressure: [f64; 2],
    /// Owed retaliation: demand for a military answer to an unanswered strike.
    pub owed: [f64; 2],
    pub hostility: [f64; 2],
    pub strike_balance: [f64; 2],
    /// Σ m^age over past strike days, m = e^{−1/strike_memory_days}.
    pub recent_strikes: f64,
    /// Days from the last cross-border strike to `as_of` (None: no strike in the data).
    pub days_since_strike: Option<u32>,
    pub recalled: bool,
    pub days_recalled: u32,
    pub restriction: [bool; 2],
    pub restriction_days: [u32; 2],
    pub electricity_on: bool,
    /// Liaison / joint counter-terrorism level (0..1), replayed from the scenario's day-0 value.
    pub cooperation: f64,
    /// Insurgent capacity estimated from the recent attack level (see
    /// [`History::estimate_level`]); `None` keeps the scenario's 1.
    pub capacity: Option<[f64; 2]>,
    /// Attacks and deaths on each side in the 30 days before `as_of`.
    pub attacks_30d: [u32; 2],
    pub deaths_30d: [u32; 2],
    /// Largest death toll of one attack in the 30 days before `as_of`.
    pub max_attack_deaths_30d: [u32; 2],
}

impl History {
    /// The overrides handed to [`model::State::from_history`].
    pub fn state(&self) -> HistoryState {
        HistoryState {
            excitation: Some(self.excitation),
            strike_excitation: Some(self.strike_excitation),
            pressure: Some(self.pressure),
            owed: Some(self.owed),
            hostility: Some(self.hostility),
            strike_balance: Some(self.strike_balance),
            recent_strikes: Some(self.recent_strikes),
            recalled: Some(self.recalled),
            days_recalled: Some(self.days_recalled),
            restriction: Some(self.restriction),
            restriction_days: Some(self.restriction_days),
            electricity_on: Some(self.electricity_on),
            cooperation: Some(self.cooperation),
            capacity: self.capacity,
        }
    }

    /// A short human-readable account of the state.
    pub fn describe(&self) -> String {
        let mut o = String::new();
        let first = self.first_event.map_or_else(|| "none".to_string(), |d| d.to_string());
        let _ = writeln!(
            o,
            "initial state from {} events before {} (first {first}):",
            self.events_used, self.as_of
        );
        for i in 0..2 {
            let _ = writeln!(
                o,
                "  {:<10} excitation {:>7.3}  pressure {:>7.3}  hostility {:>6.3}  attacks/deaths last 30 d {}/{} (largest {})",
                self.sides[i],
                self.excitation[i],
                self.pressure[i],
                self.hostility[i],
                self.attacks_30d[i],
                self.deaths_30d[i],
                self.max_attack_deaths_30d[i]
            );
        }
        let since = self.days_since_strike.map_or_else(|| "never".to_string(), |d| format!("{d} days ago"));
        let _ = writeln!(
            o,
            "  ambassadors {}, border restricted by [{}, {}], last strike {since}, strike memory {:.3}, cooperation {:.3}",
            if self.recalled { "recalled" } else { "in post" },
            self.restriction[0],
            self.restriction[1],
            self.recent_strikes,
            self.cooperation
        );
        o
    }
}

/// Day-by-day replay of observed events through the model's daily rule.
pub(crate) struct Replay<'a> {
    p: &'a ModelParams,
    pub h: History,
    /// The model's state, advanced by `model::replay_day`.
    state: State,
    last_strike: Option<Date>,
    /// Per replayed day: excitation at the start of the day, attacks, cooperation at the start.
    trace: Vec<([f64; 2], [u32; 2], f64)>,
}

impl<'a> Replay<'a> {
    pub fn new(p: &'a ModelParams, scenario: &Scenario, start: Date) -> Replay<'a> {
        // A quiet past before the first event: the scenario's day 0 without its
        // excitation, pressure, hostility, recall or restriction.
        let mut state = State::initial(p);
        state.excitation = [0.0; 2];
        state.pressure = [0.0; 2];
        state.hostility = [0.0; 2];
        state.recalled = false;
        state.restriction = [false; 2];
        let mut r = Replay {
            p,
            h: History {
                as_of: start,
                events_used: 0,
                first_event: None,
                sides: [scenario.state[0].id.clone(), scenario.state[1].id.clone()],
                excitation: [0.0; 2],
                strike_excitation: [0.0; 2],
                pressure: [0.0; 2],
                owed: [0.0; 2],
                hostility: [0.0; 2],
                strike_balance: [0.0; 2],
                recent_strikes: 0.0,
                days_since_strike: None,
                recalled: false,
                days_recalled: 0,
                restriction: [false; 2],
                restriction_days: [0; 2],
                electricity_on: p.electricity_on0,
                cooperation: 0.0,
                capacity: None,
                attacks_30d: [0; 2],
                deaths_30d: [0; 2],
                max_attack_deaths_30d: [0; 2],
            },
            state,
            last_strike: None,
            trace: Vec::new(),
        };
        r.copy_state();
        r
    }

    /// Copies the replayed state variables into `h`.
    fn copy_state(&mut self) {
        let (st, h) = (&self.state, &mut self.h);
        h.excitation = st.excitation;
        h.strike_excitation = st.strike_excitation;
        h.pressure = st.pressure;
        h.owed = st.owed;
        h.hostility = st.hostility;
        h.strike_balance = st.strike_balance;
        h.recent_strikes = st.recent_strikes;
        h.recalled = st.recalled;
        h.days_recalled = st.days_recalled;
        h.restriction = st.restriction;
        h.restriction_days = st.restriction_days;
        h.electricity_on = st.electricity_on;
        h.cooperation = st.cooperation;
    }

    /// Applies the events of one day (all dated `date`, which must be `h.as_of`)
    /// and moves `h.as_of` to the next day.
    pub fn day(&mut self, date: Date, evs: &[&Event]) {
        debug_assert_eq!(date, self.h.as_of);
        let h = &mut self.h;
        if h.first_event.is_none() && !evs.is_empty() {
            h.first_event = Some(date);
        }
        h.events_used += evs.len();
        let observed = observed_day(evs);
        if observed.actions.iter().flatten().any(|a| matches!(a, Action::Strike | Action::Sustained)) {
            self.last_strike = Some(date);
        }

        // The model's daily rule on the observed day.
        let attacks = observed.attacks.each_ref().map(|a| a.len() as u32);
        self.trace.push((self.state.excitation, attacks, self.state.cooperation));
        model::replay_day(self.p, &mut self.state, &observed);
        self.copy_state();
        self.h.as_of = date.add_days(1);
    }

    /// The state now (as of `h.as_of`), with the 30-day summaries computed from
    /// `sorted` and, when `level_window_days > 0`, the capacity estimate.
    pub fn snapshot(&self, sorted: &[&Event], level_window_days: u32) -> History {
        let mut h = self.h.clone();
        if level_window_days > 0 {
            h.capacity = self.estimate_capacity(level_window_days as usize);
        }
        h.days_since_strike = self.last_strike.map(|d| h.as_of.days_since(d).max(0) as u32);
        let from = h.as_of.add_days(-30);
        for e in sorted.iter().filter(|e| e.date >= from && e.date < h.as_of) {
            if e.event_type == EventType::InsurgentAttack
                && let Some(s) = e.side()
            {
                let i = s;
                h.attacks_30d[i] += 1;
                h.deaths_30d[i] += e.deaths();
                h.max_attack_deaths_30d[i] = h.max_attack_deaths_30d[i].max(e.deaths());
            }
        }
        h
    }
}

impl Replay<'_> {
    /// Capacity that makes the model's expected attacks over the last `window`
    /// replayed days match the observed ones, given the scenario's branching
    /// and decay and the replayed excitation and cooperation:
    /// `Σ_d (μ0 · c · hv_d + a · S_d) = N_obs`, so
    /// `c = (N_obs − a Σ S_d) / (μ0 Σ hv_d)`, with `hv_d` the haven factor
    /// relative to the scenario's day 0. Clamped to `[0.05, capacity_max]`.
    /// `None` with less than 30 replayed days.
    fn estimate_capacity(&self, window: usize) -> Option<[f64; 2]> {
        let n = self.trace.len().min(window);
        if n < 30 {
            return None;
        }
        let p = self.p;
        let recent = &self.trace[self.trace.len() - n..];
        let mut cap = [1.0; 2];
        for (i, c) in cap.iter_mut().enumerate() {
            let s = &p.sides[i];
            if s.mu0 <= 0.0 {
                continue;
            }
            let haven = |coop: f64| {
                (1.0 - s.sanctuary0) + s.sanctuary0 * (1.0 + s.haven_advantage) * (1.0 - p.cooperation_haven_cut * coop)
            };
            let reference = haven(p.cooperation0);
            let observed: f64 = recent.iter().map(|t| f64::from(t.1[i])).sum();
            let excited: f64 = recent.iter().map(|t| s.excite * t.0[i]).sum();
            let base: f64 = recent.iter().map(|t| s.mu0 * haven(t.2) / reference).sum();
            *c = ((observed - excited) / base).clamp(0.05, s.capacity_max.max(0.05));
        }
        Some(cap)
    }
}

/// The events of one day as the model's record of a day: the deaths of each
/// attack, each state's moves as model actions (a strike after the state's
/// other moves of the day) and the strike tolls (`docs/backtest.md`).
fn observed_day(evs: &[&Event]) -> ObservedDay {
    let mut observed = ObservedDay::default();

    // 1. Insurgent attacks.
    for e in evs.iter().filter(|e| e.event_type == EventType::InsurgentAttack) {
        if let Some(s) = e.side() {
            let i = s;
            observed.attacks[i].push(e.deaths());
        }
    }

    // 2. The states' own moves, as the model's actions.
    let mut strikes = [0u32; 2];
    for e in evs {
        let Some(actor) = e.actor.state() else { continue };
        let i = actor;
        let g = e.event_type.goldstein();
        let action = match e.event_type {
            EventType::CrossBorderStrike => {
                if e.direction().is_some() {
                    strikes[i] += 1;
                    if let Some(f) = e.fatalities {
                        observed.strike_deaths[i] = Some(observed.strike_deaths[i].unwrap_or(0) + f.best);
                    }
                }
                continue;
            }
            EventType::Accusation => Action::Accuse,
            EventType::EnvoySummoned => Action::Summon,
            EventType::AmbassadorRecalled => Action::Recall,
            // The model cuts electricity only through the supplier's restriction.
            EventType::BorderClosure | EventType::ElectricityCut => Action::Restrict,
            EventType::AmbassadorRestored => Action::Restore,
            EventType::SecurityCooperation => Action::Liaison,
            EventType::Visit => Action::Visit,
            EventType::BorderOpening | EventType::Agreement | EventType::TradeMeasure | EventType::EnergyMeasure => {
                Action::Deal
            }
            // Any other cooperative event counts as the mildest move, a call.
            _ if g > 0.0 => Action::Call,
            _ => continue,
        };
        observed.actions[i].push(action);
    }
    for (i, &n) in strikes.iter().enumerate() {
        // A state's strikes of one day are one strike day; three or more are a campaign.
        match n {
            0 => {}
            1 | 2 => observed.actions[i].push(Action::Strike),
            _ => observed.actions[i].push(Action::Sustained),
        }
    }

    observed
}

/// The events dated `start` .. `start + days − 1` as the model's observed days 1 ..= `days`,
/// the record `model::replay_day` advances a state by (what `history_state` replays).
pub fn observed_days(events: &[Event], start: Date, days: u32) -> Vec<ObservedDay> {
    let sorted = sorted_events(events);
    let mut cursor = sorted.partition_point(|e| e.date < start);
    let mut out = Vec::with_capacity(days as usize);
    for k in 0..days {
        let date = start.add_days(k as i32);
        let begin = cursor;
        while cursor < sorted.len() && sorted[cursor].date == date {
            cursor += 1;
        }
        out.push(observed_day(&sorted[begin..cursor]));
    }
    out
}

/// Events sorted by date (stable).
pub(crate) fn sorted_events(events: &[Event]) -> Vec<&Event> {
    let mut v: Vec<&Event> = events.iter().collect();
    v.sort_by_key(|e| e.date);
    v
}

/// Runs the replay from the first event up to (not including) `until`, calling
/// `on_day(date, replay)` after each day. Returns the replay positioned at `until`.
pub(crate) fn replay_until<'a>(
    p: &'a ModelParams,
    scenario: &Scenario,
    sorted: &[&Event],
    start: Date,
    until: Date,
    mut on_day: impl FnMut(Date, &Replay<'a>),
) -> Replay<'a> {
    let mut r = Replay::new(p, scenario, start);
    let mut cursor = sorted.partition_point(|e| e.date < start);
    let mut date = start;
    while date < until {
        let begin = cursor;
        while cursor < sorted.len() && sorted[cursor].date == date {
            cursor += 1;
        }
        r.day(date, &sorted[begin..cursor]);
        on_day(date, &r);
        date = date.add_days(1);
    }
    r
}

/// The state on the eve of `as_of` rebuilt from the events dated before it.
///
/// The replay starts at the first event; with no event before `as_of` the
/// history is empty and every replayed quantity is zero (a quiet past).
/// With `level_window_days > 0` the insurgents' capacity is also estimated
/// from the attacks of that many days before `as_of` (only meaningful when
/// the data record every attack, as ACLED or UCDP exports do; the built-in
/// chronology does not).
pub fn history_state(
    events: &[Event],
    as_of: Date,
    scenario: &Scenario,
    levers: &Levers,
    level_window_days: u32,
) -> Result<History, BacktestError> {
    let p = ModelParams::new(scenario, levers);
    let sorted = sorted_events(events);
    let before = &sorted[..sorted.partition_point(|e| e.date < as_of)];
    let start = before.first().map_or(as_of, |e| e.date);
    let r = replay_until(&p, scenario, before, start, as_of, |_, _| {});
    let mut h = r.snapshot(before, level_window_days);
    h.as_of = as_of;
    Ok(h)
}
