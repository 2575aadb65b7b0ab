//! The crisis model: state variables and the daily transition rule.
//!
//! One call to [`step`] advances a [`State`] by one day: insurgent attacks on
//! each side are drawn from a discrete self-exciting (Hawkes) process whose
//! background rate depends on capacity, sanctuary, grievance and security
//! cooperation; deaths per attack follow a truncated discrete power law;
//! attacks blamed on the neighbour's sanctuary raise domestic pressure and
//! hostility; each state then picks one action on the escalation ladder or a
//! de-escalation move by a logit (quantal-response) rule; the actions change
//! diplomatic, border, energy and military status; slow variables (capacity,
//! sanctuary, grievance, development, trade, pipeline, cooperation) move.
//! `docs/model.md` gives every equation. [`replay_day`] advances a state through a
//! recorded day ([`ObservedDay`]) by the same update functions, without randomness.
//!
//! The model does no IO and cannot fail: [`ModelParams::new`] takes a
//! validated scenario. Randomness comes only from the RNG passed in.

mod batch;
mod fastmath;
mod lanes;
mod params;
mod replay;

use lanes::F;

use rand::Rng;
use rand_distr::{Distribution, Poisson};
use scenario::Shock;

pub use batch::{step_batch, Batch};
pub use fastmath::{exp_any, exp_neg, exp_neg_bracket, unit_from_bits};
pub use params::{ModelParams, NO_SIDE, OUTRAGE_SCALE, OutsideProcess, RunParameter, RunParameters, SideParams};
pub use replay::{replay_day, replay_day_scored, step_observed, ObservedDay};

/// Number of rungs on the escalation ladder (0 = status quo … 6 = sustained strikes).
pub const RUNGS: usize = 7;

/// Names of the rungs, for reports.
pub const RUNG_NAMES: [&str; RUNGS] = [
    "status quo",
    "accusation/protest",
    "envoy summoned",
    "ambassador recalled",
    "border/trade/energy restriction",
    "limited cross-border strike",
    "sustained strikes",
];

/// What a state does on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Status quo (inertia).
    Hold,
    /// Public accusation or protest (rung 1).
    Accuse,
    /// Summon the neighbour's envoy (rung 2).
    Summon,
    /// Recall the ambassador / expel the neighbour's (rung 3).
    Recall,
    /// Close the border, restrict trade and energy (rung 4).
    Restrict,
    /// A limited cross-border strike on the sanctuary (rung 5).
    Strike,
    /// Sustained strikes (rung 6).
    Sustained,
    /// A call between ministers (crisis diplomacy).
    Call,
    /// A high-level visit.
    Visit,
    /// Restore ambassadors.
    Restore,
    /// Station liaison officers / joint counter-terrorism.
    Liaison,
    /// An economic or energy deal; lifts own restrictions.
    Deal,
}

impl Action {
    /// All actions, in a fixed order.
    pub const ALL: [Action; 12] = [
        Action::Hold,
        Action::Accuse,
        Action::Summon,
        Action::Recall,
        Action::Restrict,
        Action::Strike,
        Action::Sustained,
        Action::Call,
        Action::Visit,
        Action::Restore,
        Action::Liaison,
        Action::Deal,
    ];

    /// Escalation rung of the action (0 for status quo and de-escalation moves).
    pub fn rung(self) -> u8 {
        match self {
            Action::Accuse => 1,
            Action::Summon => 2,
            Action::Recall => 3,
            Action::Restrict => 4,
            Action::Strike => 5,
            Action::Sustained => 6,
            _ => 0,
        }
    }

    /// True for the de-escalation moves.
    pub fn is_deescalation(self) -> bool {
        matches!(self, Action::Call | Action::Visit | Action::Restore | Action::Liaison | Action::Deal)
    }

    /// Stable lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Action::Hold => "hold",
            Action::Accuse => "accuse",
            Action::Summon => "summon_envoy",
            Action::Recall => "recall_ambassador",
            Action::Restrict => "restrict",
            Action::Strike => "strike",
            Action::Sustained => "sustained_strikes",
            Action::Call => "call",
            Action::Visit => "visit",
            Action::Restore => "restore_ambassador",
            Action::Liaison => "liaison_ct",
            Action::Deal => "deal",
        }
    }

    /// Position in [`Action::ALL`] (the declaration order).
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One day in years (rates in the scenario are per year).
const DAY_IN_YEARS: f64 = 1.0 / 365.0;

/// Number of distinct actions.
pub const N_ACTIONS: usize = 12;

/// The full state of one trajectory.
#[derive(Clone, Debug)]
pub struct State {
    /// Days simulated so far.
    pub day: u32,
    /// Insurgent capacity index of the group attacking each side (1 = day 0).
    pub capacity: [f64; 2],
    /// Share of each group's capacity sheltered across the border.
    pub sanctuary: [f64; 2],
    /// Self-excitation state of attacks on each side.
    pub excitation: [f64; 2],
    /// Excitation of group `i` by strikes of state `i` on its sanctuary.
    pub strike_excitation: [f64; 2],
    /// Grievance index of each border region (0..1).
    pub grievance: [f64; 2],
    /// Effective (lagged) development spending, million USD per year.
    pub development: [f64; 2],
    /// Domestic pressure on each government to act against the neighbour.
    pub pressure: [f64; 2],
    /// Hostility of each state toward the other.
    pub hostility: [f64; 2],
    /// Demand for a matching military response to an unanswered strike; only a strike discharges it.
    pub owed: [f64; 2],
    /// Strikes received minus strikes made, decaying (comparative reciprocity).
    pub strike_balance: [f64; 2],
    /// Decaying count of recent strike days in the dyad.
    pub recent_strikes: f64,
    /// Liaison-officer and joint counter-terrorism cooperation (0..1).
    pub cooperation: f64,
    /// Ambassadors recalled.
    pub recalled: bool,
    pub days_recalled: u32,
    /// Border / trade / energy restriction imposed by each state.
    pub restriction: [bool; 2],
    pub restriction_days: [u32; 2],
    pub electricity_on: bool,
    /// Bilateral trade, billion USD per year.
    pub trade: f64,
    /// Fuel from the supplier as a share of the importer's consumption.
    pub fuel_share: f64,
    /// Pipeline section built (0..1).
    pub pipeline: f64,
    /// Extra other-front load added by shocks.
    pub front_extra: [f64; 2],
    /// Today's outside crises (§8.1), set by the caller before each step.
    pub outside: OutsideToday,
    /// The border restriction of each state was imposed because of its neighbour's
    /// outside crisis and is lifted when that crisis ends.
    pub outside_closed: [bool; 2],
    /// Days of economic momentum left after a deal or visit.
    pub momentum_days: u32,
    /// Last day each state accused / summoned / struck (0 = never in this run).
    pub last_accuse: [u32; 2],
    pub last_summon: [u32; 2],
    pub last_strike: [u32; 2],
    pub last_sustained: [u32; 2],
    /// Consecutive days satisfying the resolution condition.
    pub resolution_streak: u32,
    /// Day-0 background rates and haven factors, the reference for resolution.
    pub mu_reference: [f64; 2],
    inv_haven_reference: [f64; 2],
    /// Days of the most recent strike days (ring buffer) for the war test.
    strike_days: Vec<u32>,
    strike_days_next: usize,
    /// Day on which the war condition first held (0 = not yet).
    pub war_day: u32,
    /// Most recent day on which the war condition held (0 = never).
    pub last_war_day: u32,
}

/// The outside crises (`docs/model.md` §8.1) acting on one day, drawn by the engine
/// before the run from a stream of their own. The default is a day without any.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct OutsideToday {
    /// Load on each state's other fronts today (0 outside a crisis).
    pub load: [f64; 2],
    /// State `j` closes the border today because its neighbour's crisis began.
    pub close: [bool; 2],
    /// State `j` reopens today a border it closed for its neighbour's crisis, which ended.
    pub reopen: [bool; 2],
}

/// What happened on one day.
#[derive(Clone, Debug, Default)]
pub struct DayRecord {
    pub day: u32,
    pub attacks: [u32; 2],
    pub deaths: [u32; 2],
    /// Largest death toll of a single attack today on each side.
    pub max_attack_deaths: [u32; 2],
    pub actions: [Option<Action>; 2],
    /// State `i` struck the other today.
    pub strike: [bool; 2],
    pub strike_deaths: [u32; 2],
    /// Dyad escalation rung (0..6).
    pub rung: u8,
    /// Tension index (hostility-equivalent points).
    pub tension: f64,
    pub trade: f64,
    pub recalled: bool,
    pub border_closed: bool,
    pub electricity_on: bool,
    /// The war condition holds today.
    pub war: bool,
    /// The resolution condition has held for the required number of days.
    pub resolved: bool,
    /// Background attack rate on each side today.
    pub background: [f64; 2],
}

impl State {
    /// The state on day 0.
    pub fn initial(p: &ModelParams) -> State {
        let coop = p.cooperation0.max(p.liaison_ct);
        let mut st = State {
            day: 0,
            capacity: [1.0; 2],
            sanctuary: [p.sides[0].sanctuary0, p.sides[1].sanctuary0],
            excitation: [p.sides[0].initial_excitation, p.sides[1].initial_excitation],
            strike_excitation: [0.0; 2],
            grievance: [p.sides[0].grievance0, p.sides[1].grievance0],
            development: [p.sides[0].outside_effective, p.sides[1].outside_effective],
            pressure: [p.sides[0].initial_pressure, p.sides[1].initial_pressure],
            hostility: [p.sides[0].initial_hostility, p.sides[1].initial_hostility],
            owed: [0.0; 2],
            strike_balance: [0.0; 2],
            recent_strikes: 0.0,
            cooperation: coop,
            recalled: p.recalled0,
            days_recalled: 0,
            restriction: [!p.border_open0; 2],
            restriction_days: [0; 2],
            electricity_on: p.electricity_on0,
            trade: p.trade0,
            fuel_share: p.fuel_share0,
            pipeline: p.pipeline_progress0,
            front_extra: [0.0; 2],
            outside: OutsideToday::default(),
            outside_closed: [false; 2],
            momentum_days: 0,
            last_accuse: [0; 2],
            last_summon: [0; 2],
            last_strike: [0; 2],
            last_sustained: [0; 2],
            resolution_streak: 0,
            mu_reference: [0.0; 2],
            inv_haven_reference: [1.0; 2],
            strike_days: vec![0; p.war_strike_days as usize],
            strike_days_next: 0,
            war_day: 0,
            last_war_day: 0,
        };
        // Reference haven factors use the scenario's own day-0 sanctuary and cooperation
        // (not the levers), so a lever changes the rate relative to the status quo.
        for i in 0..2 {
            let haven = haven_factor(&p.sides[i], F([p.sides[i].sanctuary0]), F([p.cooperation0]), p);
            st.inv_haven_reference[i] = 1.0 / haven.0[0];
        }
        for i in 0..2 {
            st.mu_reference[i] = p.sides[i].mu0;
        }
        st
    }

    /// The dyad's tension index: mean hostility plus status terms (`docs/model.md`).
    pub fn tension(&self) -> f64 {
        let flag = |x: bool| lanes::B::<1>::from_bools(&[x]);
        let index = batch::tension_index(
            [F([self.hostility[0]]), F([self.hostility[1]])],
            flag(self.recalled),
            flag(self.restriction[0] || self.restriction[1]),
            F([self.recent_strikes]),
        );
        index.0[0]
    }
}

/// State variables reconstructed from observed events before a forecast's day 1
/// (see `docs/backtest.md`). `None` keeps the scenario's day-0 value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HistoryState {
    /// Self-excitation of attacks on each side, Σ ρ^age over past attacks.
    pub excitation: Option<[f64; 2]>,
    /// Excitation of group `i` by state `i`'s past strikes, Σ ρ^age.
    pub strike_excitation: Option<[f64; 2]>,
    pub pressure: Option<[f64; 2]>,
    /// Owed retaliation for unanswered strikes.
    pub owed: Option<[f64; 2]>,
    pub hostility: Option<[f64; 2]>,
    pub strike_balance: Option<[f64; 2]>,
    /// Decaying count of recent strike days (encodes the days since the last strike).
    pub recent_strikes: Option<f64>,
    pub recalled: Option<bool>,
    pub days_recalled: Option<u32>,
    /// Border / trade restriction imposed by each state.
    pub restriction: Option<[bool; 2]>,
    pub restriction_days: Option<[u32; 2]>,
    pub electricity_on: Option<bool>,
    pub cooperation: Option<f64>,
    /// Insurgent capacity of the group attacking each side (1 = the scenario's day 0).
    pub capacity: Option<[f64; 2]>,
}

impl State {
    /// The state on day 0 with the observed history applied over [`State::initial`].
    /// Reference rates (resolution test, haven factors) stay those of the scenario.
    pub fn from_history(p: &ModelParams, h: &HistoryState) -> State {
        let mut st = State::initial(p);
        if let Some(x) = h.excitation {
            st.excitation = x;
        }
        if let Some(x) = h.strike_excitation {
            st.strike_excitation = x;
        }
        if let Some(x) = h.pressure {
            st.pressure = x;
        }
        if let Some(x) = h.owed {
            st.owed = x;
        }
        if let Some(x) = h.hostility {
            st.hostility = x;
        }
        if let Some(x) = h.strike_balance {
            st.strike_balance = x;
        }
        if let Some(x) = h.recent_strikes {
            st.recent_strikes = x;
        }
        if let Some(x) = h.recalled {
            st.recalled = x;
        }
        if let Some(x) = h.days_recalled {
            st.days_recalled = x;
        }
        if let Some(x) = h.restriction {
            st.restriction = x;
        }
        if let Some(x) = h.restriction_days {
            st.restriction_days = x;
        }
        if let Some(x) = h.electricity_on {
            st.electricity_on = x;
        }
        if let Some(x) = h.cooperation {
            st.cooperation = x.max(p.liaison_ct);
        }
        if let Some(x) = h.capacity {
            st.capacity = x;
        }
        st
    }
}

/// Operational effectiveness of a group's capacity given its sanctuary share:
/// sheltered capacity is (1 + θ_s) times as effective, less what cooperation denies it.
#[inline(always)]
fn haven_factor<const L: usize>(s: &SideParams, sanctuary: F<L>, cooperation: F<L>, p: &ModelParams) -> F<L> {
    (1.0 - sanctuary) + sanctuary * (1.0 + s.haven_advantage) * (1.0 - p.cooperation_haven_cut * cooperation)
}

/// Draws a Poisson count with a small mean by inversion (one uniform), larger means by rand_distr.
#[inline(always)]
fn poisson<R: Rng>(rng: &mut R, mean: f64) -> u32 {
    poisson_with_zero_term(rng, mean, exp_neg_bracket(-mean).0, exp_neg(-mean))
}

/// [`poisson`] with `zero_bound = exp_neg_bracket(-mean).0` and `zero_term = exp_neg(-mean)`
/// computed by the caller (the batch step computes them for all lanes at once).
#[inline(always)]
fn poisson_with_zero_term<R: Rng>(rng: &mut R, mean: f64, zero_bound: f64, zero_term: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    if mean < POISSON_INVERSION_MAX {
        let u = unit_from_bits(rng.next_u64());
        // k = 0 iff u ≤ e^{−mean} as `exp_neg` computes it; a lower bound decides most
        // zero draws without the polynomial (same result, see `exp_neg_bracket`).
        if u <= zero_bound {
            return 0;
        }
        return poisson_inversion(u, mean, zero_term);
    }
    poisson_large(rng, mean)
}

/// Means from this value up are drawn by rand_distr rather than by inversion.
const POISSON_INVERSION_MAX: f64 = 30.0;

/// The count whose Poisson(mean) CDF interval holds `u`; `zero_term` = `exp_neg(-mean)`.
#[inline(always)]
fn poisson_inversion(u: f64, mean: f64, zero_term: f64) -> u32 {
    let mut k = 0u32;
    let mut prob = zero_term;
    let mut cdf = prob;
    while u > cdf && k < 1000 {
        k += 1;
        // mean/k; for k = 1 and 2 the quotient is exact, so skip the division.
        prob *= match k {
            1 => mean,
            2 => mean * 0.5,
            _ => mean / k as f64,
        };
        cdf += prob;
    }
    k
}

/// A Poisson count with a large mean, by rand_distr.
#[cold]
fn poisson_large<R: Rng>(rng: &mut R, mean: f64) -> u32 {
    Poisson::new(mean).map(|d| d.sample(rng) as u32).unwrap_or(0)
}

/// One day of the discrete Hawkes process: N ~ Poisson(background + a·S), where S is the
/// excitation state (S ← ρ·S + N after the draw) and a = n(1 − ρ), so each attack triggers
/// n attacks in expectation over the following days.
pub fn attack_count<R: Rng>(rng: &mut R, background: f64, excite: f64, excitation: f64) -> u32 {
    poisson(rng, background + excite * excitation)
}

/// Deaths in one attack: a discrete power law on 1..=cap, drawn by inverting its CDF table.
fn deaths_of_attack<R: Rng>(rng: &mut R, s: &SideParams) -> u32 {
    let u = unit_from_bits(rng.next_u64());
    let cdf = &s.fatality_cdf;
    // First index whose cumulative probability exceeds u; deaths = index + 1.
    // The CDF is non-decreasing and ends at 1 > u, so that index is unique; most
    // attacks kill one or two, so test those before the binary search.
    let idx = if u < cdf[0] {
        0
    } else if cdf.len() > 1 && u < cdf[1] {
        1
    } else {
        cdf.partition_point(|&c| c <= u)
    };
    (idx.min(cdf.len() - 1) + 1) as u32
}

/// Share of domestic demand for action that a rung satisfies (1 at a limited strike).
#[inline(always)]
fn satisfaction(rung: f64) -> f64 {
    const SAT: [f64; RUNGS] = [0.0, 0.4, 0.55, 0.7, 0.85, 1.0, 1.1];
    SAT[(rung as usize).min(RUNGS - 1)]
}

/// The logit choice probabilities of state `i` in the current state (for inspection and tests).
pub fn choice_probabilities(p: &ModelParams, st: &State, i: usize) -> [f64; N_ACTIONS] {
    let mut st = st.clone();
    let b = Batch::take(p, &mut st);
    batch::logit_probabilities(p, &b, i)
}

/// Advances the state by one day. `shocks` are the shocks scheduled for this day.
///
/// This is [`step_batch`] with a single lane.
pub fn step<R: Rng>(p: &ModelParams, st: &mut State, shocks: &[&Shock], rng: &mut R) -> DayRecord {
    let mut b = Batch::take(p, st);
    let mut rec = [DayRecord::default()];
    step_batch(p, &mut b, shocks, std::array::from_mut(rng), &mut rec);
    b.put_back(st);
    let [rec] = rec;
    rec
}

#[cfg(test)]
mod tests;
