//! The engine: runs one trajectory of the model with its own random stream.
//!
//! Run `r` of an ensemble with master seed `s` draws from
//! `ChaCha8Rng::seed_from_u64(s)` with its stream set to `r` ([`rng_for_run`]).
//! Streams never overlap, so a trajectory depends only on (scenario, levers,
//! shocks, seed, run index) — not on threads or scheduling — and two arms of a
//! comparison that use the same run index share their random numbers (common
//! random numbers).
//!
//! Besides stepping, the engine condenses a trajectory into a [`RunOutcome`]:
//! first-hit days of the reported events, cumulative counts at checkpoints,
//! crisis episode statistics and the daily tension and rung series. No IO.

use model::{Action, DayRecord, ModelParams, State};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use scenario::Shock;

/// The random stream of run `run_idx` under master seed `seed`.
pub fn rng_for_run(seed: u64, run_idx: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(run_idx);
    rng
}

/// Binary events reported as probabilities; index into [`RunOutcome::first_day`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    CrossBorderStrike,
    StrikeByFirst,
    StrikeBySecond,
    StrikeExchange,
    AmbassadorRecall,
    BorderClosure,
    ElectricityCut,
    War,
    Resolution,
    TradeTargetMet,
    MassCasualtyFirst,
    MassCasualtySecond,
}

impl EventKind {
    /// All events in report order.
    pub const ALL: [EventKind; 12] = [
        EventKind::CrossBorderStrike,
        EventKind::StrikeByFirst,
        EventKind::StrikeBySecond,
        EventKind::StrikeExchange,
        EventKind::AmbassadorRecall,
        EventKind::BorderClosure,
        EventKind::ElectricityCut,
        EventKind::War,
        EventKind::Resolution,
        EventKind::TradeTargetMet,
        EventKind::MassCasualtyFirst,
        EventKind::MassCasualtySecond,
    ];

    /// Position in [`EventKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Number of reported events.
pub const N_EVENTS: usize = 12;

/// Everything an ensemble needs to know about one trajectory.
#[derive(Clone, Debug)]
pub struct RunOutcome {
    pub run_idx: u64,
    /// First day each event happened (0 = never within the horizon).
    pub first_day: [u32; N_EVENTS],
    /// Cumulative attacks on each side at each checkpoint.
    pub attacks: Vec<[u32; 2]>,
    /// Cumulative attack deaths on each side at each checkpoint.
    pub deaths: Vec<[u32; 2]>,
    /// Trade (billion USD per year) at each checkpoint.
    pub trade: Vec<f64>,
    /// Tension index on each day (index 0 = day 1).
    pub tension: Vec<f32>,
    /// Dyad rung on each day.
    pub rung: Vec<u8>,
    /// Number of times each state took each action over the whole run.
    pub action_counts: [[u32; model::N_ACTIONS]; 2],
    /// Length in days of the first crisis episode (first to last strike), 0 if none.
    pub first_episode_days: u32,
    /// The war condition held during the first crisis episode.
    pub first_episode_war: bool,
}

impl RunOutcome {
    /// True when `event` happened on or before `day`.
    pub fn happened_by(&self, event: EventKind, day: u32) -> bool {
        let d = self.first_day[event.index()];
        d > 0 && d <= day
    }

    /// Escalatory actions (rung ≥ 1) taken by state `side`.
    pub fn escalations(&self, side: usize) -> u32 {
        Action::ALL
            .iter()
            .enumerate()
            .filter(|(_, a)| a.rung() > 0)
            .map(|(k, _)| self.action_counts[side][k])
            .sum()
    }

    /// De-escalation moves taken by state `side`.
    pub fn deescalations(&self, side: usize) -> u32 {
        Action::ALL
            .iter()
            .enumerate()
            .filter(|(_, a)| a.is_deescalation())
            .map(|(k, _)| self.action_counts[side][k])
            .sum()
    }
}

/// What to run: the resolved parameters, shocks and horizon.
#[derive(Clone, Copy, Debug)]
pub struct RunSpec<'a> {
    pub params: &'a ModelParams,
    pub shocks: &'a [Shock],
    pub days: u32,
    /// Days at which cumulative quantities are recorded (each ≤ `days`).
    pub checkpoints: &'a [u32],
    /// Strikes further apart than this start a new crisis episode.
    pub episode_gap_days: u32,
    /// Both sides striking within this many days is an exchange.
    pub exchange_window_days: u32,
    /// State reconstructed from observed history; `None` starts from the scenario's day 0.
    pub initial: Option<&'a model::HistoryState>,
}

impl<'a> RunSpec<'a> {
    /// A run of `days` days from the scenario's day 0, with the scenario's episode and
    /// exchange definitions. Set `initial` on the result to start from observed history.
    pub fn new(
        scenario: &scenario::Scenario,
        params: &'a ModelParams,
        shocks: &'a [Shock],
        days: u32,
        checkpoints: &'a [u32],
    ) -> RunSpec<'a> {
        RunSpec {
            params,
            shocks,
            days,
            checkpoints,
            episode_gap_days: scenario.definitions.episode_gap_days,
            exchange_window_days: scenario.definitions.exchange_window_days,
            initial: None,
        }
    }
}

/// Runs one trajectory and calls `observe` after each day.
pub fn simulate(spec: &RunSpec<'_>, seed: u64, run_idx: u64, mut observe: impl FnMut(&DayRecord, &State)) -> State {
    let mut rng = rng_for_run(seed, run_idx);
    let mut state = match spec.initial {
        Some(history) => State::from_history(spec.params, history),
        None => State::initial(spec.params),
    };
    let mut todays: Vec<&Shock> = Vec::with_capacity(spec.shocks.len());
    for day in 1..=spec.days {
        todays.clear();
        todays.extend(spec.shocks.iter().filter(|s| s.day == day));
        let rec = model::step(spec.params, &mut state, &todays, &mut rng);
        observe(&rec, &state);
    }
    state
}

/// Runs one trajectory and returns every day's record (for tests and inspection).
pub fn trajectory(spec: &RunSpec<'_>, seed: u64, run_idx: u64) -> Vec<DayRecord> {
    let mut res = Vec::with_capacity(spec.days as usize);
    simulate(spec, seed, run_idx, |rec, _| res.push(rec.clone()));
    res
}

/// Runs one trajectory and condenses it into a [`RunOutcome`].
pub fn run_outcome(spec: &RunSpec<'_>, seed: u64, run_idx: u64) -> RunOutcome {
    let n_check = spec.checkpoints.len();
    let mut out = RunOutcome {
        run_idx,
        first_day: [0; N_EVENTS],
        attacks: vec![[0; 2]; n_check],
        deaths: vec![[0; 2]; n_check],
        trade: vec![0.0; n_check],
        tension: Vec::with_capacity(spec.days as usize),
        rung: Vec::with_capacity(spec.days as usize),
        action_counts: [[0; model::N_ACTIONS]; 2],
        first_episode_days: 0,
        first_episode_war: false,
    };
    let mut cum_attacks = [0u32; 2];
    let mut cum_deaths = [0u32; 2];
    let mut last_strike = [0u32; 2];
    let mut episode_start = 0u32;
    let mut episode_last = 0u32;
    let mut episode_open = false;
    let mut next_check = 0usize;
    let milestone = spec.params.trade_milestone;
    let mass = spec.params.mass_casualty_deaths;
    simulate(spec, seed, run_idx, |rec, _| {
        let day = rec.day;
        let mut hit = |event: EventKind, cond: bool| {
            if cond && out.first_day[event.index()] == 0 {
                out.first_day[event.index()] = day;
            }
        };
        hit(EventKind::CrossBorderStrike, rec.strike[0] || rec.strike[1]);
        hit(EventKind::StrikeByFirst, rec.strike[0]);
        hit(EventKind::StrikeBySecond, rec.strike[1]);
        for i in 0..2 {
            if rec.strike[i] {
                last_strike[i] = day;
            }
        }
        let exchange = (rec.strike[0] || rec.strike[1])
            && last_strike[0] > 0
            && last_strike[1] > 0
            && last_strike[0].abs_diff(last_strike[1]) < spec.exchange_window_days;
        hit(EventKind::StrikeExchange, exchange);
        hit(EventKind::AmbassadorRecall, rec.recalled);
        hit(EventKind::BorderClosure, rec.border_closed);
        hit(EventKind::ElectricityCut, !rec.electricity_on);
        hit(EventKind::War, rec.war);
        hit(EventKind::Resolution, rec.resolved);
        hit(EventKind::TradeTargetMet, rec.trade >= milestone);
        hit(EventKind::MassCasualtyFirst, rec.max_attack_deaths[0] >= mass);
        hit(EventKind::MassCasualtySecond, rec.max_attack_deaths[1] >= mass);

        // The first crisis episode: strikes less than `episode_gap_days` apart.
        if rec.strike[0] || rec.strike[1] {
            if out.first_day[EventKind::CrossBorderStrike.index()] == day && !episode_open && episode_start == 0 {
                episode_start = day;
                episode_open = true;
            }
            if episode_open && day - episode_last.max(episode_start) < spec.episode_gap_days {
                episode_last = day;
            }
        }
        if episode_open {
            if rec.war {
                out.first_episode_war = true;
            }
            if day - episode_last.max(episode_start) >= spec.episode_gap_days {
                episode_open = false;
            }
        }
        for i in 0..2 {
            cum_attacks[i] += rec.attacks[i];
            cum_deaths[i] += rec.deaths[i];
            if let Some(a) = rec.actions[i] {
                out.action_counts[i][a.index()] += 1;
            }
        }
        out.tension.push(rec.tension as f32);
        out.rung.push(rec.rung);
        while next_check < n_check && spec.checkpoints[next_check] == day {
            out.attacks[next_check] = cum_attacks;
            out.deaths[next_check] = cum_deaths;
            out.trade[next_check] = rec.trade;
            next_check += 1;
        }
    });
    if episode_start > 0 {
        out.first_episode_days = episode_last.max(episode_start) - episode_start + 1;
    }
    out
}

#[cfg(test)]
mod tests;
