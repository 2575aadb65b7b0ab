//! The engine: runs one trajectory of the model with its own random stream.
//!
//! Run `r` of an ensemble with master seed `s` draws from
//! `ChaCha8Rng::seed_from_u64(s)` with its stream set to `r` ([`rng_for_run`]).
//! Streams never overlap, so a trajectory depends only on (scenario, levers,
//! shocks, seed, run index) — not on threads or scheduling — and two arms of a
//! comparison that use the same run index share their random numbers (common
//! random numbers). A run that draws its own parameters ([`ParameterMode`]) draws
//! them from a separate stream, [`parameter_rng`], of the same seed and run index.
//!
//! Besides stepping, the engine condenses a trajectory into a [`RunOutcome`]:
//! first-hit days of the reported events, cumulative counts at checkpoints,
//! crisis episode statistics and the daily tension and rung series. No IO.

mod experiment;
pub mod outcomes;
mod outside;
mod parameters;
pub mod workload;

pub use experiment::{standard_checkpoints, Experiment, ExperimentBuilder};
pub use outcomes::{find_outcome, outcome_list, outcomes, Measure, OutcomeDef, OutcomeKind};
pub use outside::{outside_rng, outside_spells, outside_today, OutsideSpell};
pub use parameters::{drawing_scenario, parameter_rng, ParameterDraws, ParameterMode};
pub use workload::Workload;

use model::{Action, DayRecord, ModelParams, RunParameters, State};
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
    /// Where each run draws its escalation and diplomacy parameters from; `None`: every
    /// run uses `params` (a point forecast).
    pub draws: Option<&'a ParameterDraws>,
    /// Draw the states' outside crises (`docs/model.md` §8.1) for each run; off in
    /// [`RunSpec::new`], on by default in an [`Experiment`].
    pub outside_shocks: bool,
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
            draws: None,
            outside_shocks: false,
        }
    }
}

/// The state a run starts from: the scenario's day 0, or the observed history.
fn start_state(spec: &RunSpec<'_>) -> State {
    match spec.initial {
        Some(history) => State::from_history(spec.params, history),
        None => State::initial(spec.params),
    }
}

/// The parameters run `run_idx` steps with: `spec.params`, with its own draw of the
/// per-run parameters when `spec` draws them.
pub fn run_params<'a>(spec: &RunSpec<'a>, seed: u64, run_idx: u64) -> std::borrow::Cow<'a, ModelParams> {
    match spec.draws {
        None => std::borrow::Cow::Borrowed(spec.params),
        Some(draws) => {
            let run = draws.run_parameters(&RunParameters::of(spec.params), seed, run_idx);
            std::borrow::Cow::Owned(spec.params.with_run_parameters(&run))
        }
    }
}

/// Runs one trajectory and calls `observe` after each day.
pub fn simulate(spec: &RunSpec<'_>, seed: u64, run_idx: u64, mut observe: impl FnMut(&DayRecord, &State)) -> State {
    let mut rng = rng_for_run(seed, run_idx);
    let params = run_params(spec, seed, run_idx);
    let mut state = start_state(spec);
    let spells = run_spells(spec, seed, run_idx);
    let mut todays: Vec<&Shock> = Vec::with_capacity(spec.shocks.len());
    for day in 1..=spec.days {
        todays.clear();
        todays.extend(spec.shocks.iter().filter(|s| s.day == day));
        if !spells.is_empty() {
            state.outside = outside_today(spec.params, &spells, day);
        }
        let rec = model::step(&params, &mut state, &todays, &mut rng);
        observe(&rec, &state);
    }
    state
}

/// The outside crises of run `run_idx` (none when `spec` leaves them out).
fn run_spells(spec: &RunSpec<'_>, seed: u64, run_idx: u64) -> Vec<OutsideSpell> {
    if spec.outside_shocks { outside_spells(spec.params, spec.days, seed, run_idx) } else { Vec::new() }
}

/// Runs one trajectory and returns every day's record (for tests and inspection).
pub fn trajectory(spec: &RunSpec<'_>, seed: u64, run_idx: u64) -> Vec<DayRecord> {
    let mut res = Vec::with_capacity(spec.days as usize);
    simulate(spec, seed, run_idx, |rec, _| res.push(rec.clone()));
    res
}

/// Runs one trajectory and condenses it into a [`RunOutcome`].
pub fn run_outcome(spec: &RunSpec<'_>, seed: u64, run_idx: u64) -> RunOutcome {
    let mut tracker = OutcomeTracker::new(spec, run_idx, &start_state(spec));
    simulate(spec, seed, run_idx, |rec, _| tracker.observe(spec, rec));
    tracker.finish()
}

/// Number of trajectories [`run_outcomes`] steps in lockstep.
pub const LANES: usize = 8;

/// Runs trajectories `first_run .. first_run + count` and appends their outcomes to
/// `out`, in run order. Each outcome is bit for bit what [`run_outcome`] gives for
/// its run index; the runs are stepped [`LANES`] at a time so that the model's
/// arithmetic runs in vector instructions.
pub fn run_outcomes(spec: &RunSpec<'_>, seed: u64, first_run: u64, count: u64, out: &mut Vec<RunOutcome>) {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY (both calls): the only requirement of a `target_feature` function is
        // that the CPU supports its features, which is checked just before.
        if cpu_runs_avx512_build() {
            #[allow(unsafe_code)]
            unsafe {
                run_outcomes_avx512(spec, seed, first_run, count, out)
            };
            return;
        }
        if cpu_runs_avx2_build() {
            #[allow(unsafe_code)]
            unsafe {
                run_outcomes_avx2(spec, seed, first_run, count, out)
            };
            return;
        }
    }
    run_outcomes_portable(spec, seed, first_run, count, out);
}

/// The CPU has every feature `run_outcomes_avx512` is compiled with.
#[cfg(target_arch = "x86_64")]
fn cpu_runs_avx512_build() -> bool {
    use std::arch::is_x86_feature_detected as has;
    has!("avx512f") && has!("avx512dq") && has!("avx512vl") && has!("avx512bw") && has!("avx2")
}

/// The CPU has every feature `run_outcomes_avx2` is compiled with.
#[cfg(target_arch = "x86_64")]
fn cpu_runs_avx2_build() -> bool {
    std::arch::is_x86_feature_detected!("avx2")
}

// The same code compiled for wider vectors. Each path does the same IEEE operations
// (Rust never fuses a·b + c into one rounding), so all give the same bits.

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,avx512f,avx512dq,avx512vl,avx512bw")]
fn run_outcomes_avx512(spec: &RunSpec<'_>, seed: u64, first_run: u64, count: u64, out: &mut Vec<RunOutcome>) {
    run_outcomes_portable(spec, seed, first_run, count, out);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn run_outcomes_avx2(spec: &RunSpec<'_>, seed: u64, first_run: u64, count: u64, out: &mut Vec<RunOutcome>) {
    run_outcomes_portable(spec, seed, first_run, count, out);
}

#[inline(always)]
fn run_outcomes_portable(spec: &RunSpec<'_>, seed: u64, first_run: u64, count: u64, out: &mut Vec<RunOutcome>) {
    let start = start_state(spec);
    let base = RunParameters::of(spec.params);
    let mut todays: Vec<&Shock> = Vec::with_capacity(spec.shocks.len());
    let mut first = first_run;
    let end = first_run + count;
    while first < end {
        // A last, partial group fills its spare lanes with runs past the end and drops them.
        let runs: [u64; LANES] = std::array::from_fn(|l| first + l as u64);
        let mut rngs: [ChaCha8Rng; LANES] = std::array::from_fn(|l| rng_for_run(seed, runs[l]));
        let mut trackers: [OutcomeTracker; LANES] = std::array::from_fn(|l| OutcomeTracker::new(spec, runs[l], &start));
        let mut batch = model::Batch::<LANES>::broadcast(spec.params, &start);
        if let Some(draws) = spec.draws {
            for (l, &run_idx) in runs.iter().enumerate() {
                batch.set_run_parameters(l, &draws.run_parameters(&base, seed, run_idx));
            }
        }
        let mut recs: [DayRecord; LANES] = std::array::from_fn(|_| DayRecord::default());
        let spells: [Vec<OutsideSpell>; LANES] = std::array::from_fn(|l| run_spells(spec, seed, runs[l]));
        let any_spells = spells.iter().any(|s| !s.is_empty());
        for day in 1..=spec.days {
            todays.clear();
            todays.extend(spec.shocks.iter().filter(|s| s.day == day));
            if any_spells {
                for (l, lane) in spells.iter().enumerate() {
                    batch.set_outside(l, &outside_today(spec.params, lane, day));
                }
            }
            model::step_batch(spec.params, &mut batch, &todays, &mut rngs, &mut recs);
            for (tracker, rec) in trackers.iter_mut().zip(&recs) {
                tracker.observe(spec, rec);
            }
        }
        let keep = (end - first).min(LANES as u64) as usize;
        out.extend(trackers.into_iter().take(keep).map(OutcomeTracker::finish));
        first += LANES as u64;
    }
}

/// Condenses a trajectory day by day into a [`RunOutcome`].
struct OutcomeTracker {
    out: RunOutcome,
    cum_attacks: [u32; 2],
    cum_deaths: [u32; 2],
    last_strike: [u32; 2],
    episode_start: u32,
    episode_last: u32,
    episode_open: bool,
    next_check: usize,
    /// Yesterday's status (day 0: the starting state), so that a recall, closure or cut
    /// counts only when it is new: a status that holds from the start is not an event.
    was_recalled: bool,
    was_closed: bool,
    was_cut: bool,
}

impl OutcomeTracker {
    fn new(spec: &RunSpec<'_>, run_idx: u64, start: &State) -> OutcomeTracker {
        let n_check = spec.checkpoints.len();
        OutcomeTracker {
            out: RunOutcome {
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
            },
            cum_attacks: [0; 2],
            cum_deaths: [0; 2],
            last_strike: [0; 2],
            episode_start: 0,
            episode_last: 0,
            episode_open: false,
            next_check: 0,
            was_recalled: start.recalled,
            was_closed: start.restriction[0] || start.restriction[1],
            was_cut: !start.electricity_on,
        }
    }

    #[inline(always)]
    fn observe(&mut self, spec: &RunSpec<'_>, rec: &DayRecord) {
        let day = rec.day;
        let mass = spec.params.mass_casualty_deaths;
        // Most days nothing that is tracked below happens.
        let eventful = rec.strike[0]
            || rec.strike[1]
            || rec.recalled
            || rec.border_closed
            || !rec.electricity_on
            || rec.war
            || rec.resolved
            || rec.trade >= spec.params.trade_milestone
            || rec.max_attack_deaths[0].max(rec.max_attack_deaths[1]) >= mass
            || self.episode_open;
        if eventful {
            self.observe_events(spec, rec);
        }
        self.was_recalled = rec.recalled;
        self.was_closed = rec.border_closed;
        self.was_cut = !rec.electricity_on;
        let out = &mut self.out;
        for i in 0..2 {
            self.cum_attacks[i] += rec.attacks[i];
            self.cum_deaths[i] += rec.deaths[i];
            if let Some(a) = rec.actions[i] {
                out.action_counts[i][a.index()] += 1;
            }
        }
        out.tension.push(rec.tension as f32);
        out.rung.push(rec.rung);
        while self.next_check < spec.checkpoints.len() && spec.checkpoints[self.next_check] == day {
            out.attacks[self.next_check] = self.cum_attacks;
            out.deaths[self.next_check] = self.cum_deaths;
            out.trade[self.next_check] = rec.trade;
            self.next_check += 1;
        }
    }

    /// First-hit days of the reported events and the first crisis episode.
    fn observe_events(&mut self, spec: &RunSpec<'_>, rec: &DayRecord) {
        let out = &mut self.out;
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
                self.last_strike[i] = day;
            }
        }
        let last_strike = self.last_strike;
        let exchange = (rec.strike[0] || rec.strike[1])
            && last_strike[0] > 0
            && last_strike[1] > 0
            && last_strike[0].abs_diff(last_strike[1]) < spec.exchange_window_days;
        hit(EventKind::StrikeExchange, exchange);
        hit(EventKind::AmbassadorRecall, rec.recalled && !self.was_recalled);
        hit(EventKind::BorderClosure, rec.border_closed && !self.was_closed);
        hit(EventKind::ElectricityCut, !rec.electricity_on && !self.was_cut);
        hit(EventKind::War, rec.war);
        hit(EventKind::Resolution, rec.resolved);
        hit(EventKind::TradeTargetMet, rec.trade >= spec.params.trade_milestone);
        let mass = spec.params.mass_casualty_deaths;
        hit(EventKind::MassCasualtyFirst, rec.max_attack_deaths[0] >= mass);
        hit(EventKind::MassCasualtySecond, rec.max_attack_deaths[1] >= mass);

        // The first crisis episode: strikes less than `episode_gap_days` apart.
        if rec.strike[0] || rec.strike[1] {
            if out.first_day[EventKind::CrossBorderStrike.index()] == day && !self.episode_open && self.episode_start == 0 {
                self.episode_start = day;
                self.episode_open = true;
            }
            if self.episode_open && day - self.episode_last.max(self.episode_start) < spec.episode_gap_days {
                self.episode_last = day;
            }
        }
        if self.episode_open {
            if rec.war {
                out.first_episode_war = true;
            }
            if day - self.episode_last.max(self.episode_start) >= spec.episode_gap_days {
                self.episode_open = false;
            }
        }
    }

    fn finish(mut self) -> RunOutcome {
        if self.episode_start > 0 {
            self.out.first_episode_days = self.episode_last.max(self.episode_start) - self.episode_start + 1;
        }
        self.out
    }
}

#[cfg(test)]
mod tests;
