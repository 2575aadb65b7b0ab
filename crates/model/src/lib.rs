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
//! `docs/model.md` gives every equation.
//!
//! The model does no IO and cannot fail: [`ModelParams::new`] takes a
//! validated scenario. Randomness comes only from the RNG passed in.

mod fastmath;
mod params;

use rand::Rng;
use rand_distr::{Distribution, Poisson};
use scenario::{Shock, ShockKind};

pub use fastmath::{exp_any, exp_neg, exp_neg_bracket, unit_from_bits};
pub use params::{ModelParams, SideParams, OUTRAGE_SCALE};

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
    /// Last argument and value of the development term's exponential (it rarely changes).
    dev_exp_arg: [u64; 2],
    dev_exp_val: [f64; 2],
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
            dev_exp_arg: [f64::NAN.to_bits(); 2],
            dev_exp_val: [0.0; 2],
        };
        // Reference haven factors use the scenario's own day-0 sanctuary and cooperation
        // (not the levers), so a lever changes the rate relative to the status quo.
        for i in 0..2 {
            st.inv_haven_reference[i] = 1.0 / haven_factor(&p.sides[i], p.sides[i].sanctuary0, p.cooperation0, p);
        }
        for i in 0..2 {
            st.mu_reference[i] = p.sides[i].mu0;
        }
        st
    }

    /// Background attack rate on side `i` in the current state.
    #[inline]
    pub fn background_rate(&self, p: &ModelParams, i: usize) -> f64 {
        let s = &p.sides[i];
        let haven = haven_factor(s, self.sanctuary[i], self.cooperation, p);
        s.mu0 * self.capacity[i] * (haven * self.inv_haven_reference[i])
            * exp_any(s.grievance_sensitivity * (self.grievance[i] - s.grievance0))
    }

    /// The dyad's tension index: mean hostility plus status terms.
    pub fn tension(&self) -> f64 {
        0.5 * (self.hostility[0] + self.hostility[1])
            + 2.0 * (self.recalled as u8 as f64)
            + 3.0 * ((self.restriction[0] || self.restriction[1]) as u8 as f64)
            + 4.0 * self.recent_strikes
    }

    #[inline]
    fn rung(&self) -> u8 {
        let d = self.day;
        let within = |last: u32, days: u32| last > 0 && d - last < days;
        let mut r = 0u8;
        for i in 0..2 {
            if within(self.last_sustained[i], 7) {
                r = r.max(6);
            }
            if within(self.last_strike[i], 3) {
                r = r.max(5);
            }
            if self.restriction[i] {
                r = r.max(4);
            }
            if within(self.last_summon[i], 7) {
                r = r.max(2);
            }
            if within(self.last_accuse[i], 7) {
                r = r.max(1);
            }
        }
        if self.recalled {
            r = r.max(3);
        }
        if within(self.last_war_day, 7) {
            r = r.max(6);
        }
        r
    }

    fn border_closed(&self) -> bool {
        self.restriction[0] || self.restriction[1]
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
fn haven_factor(s: &SideParams, sanctuary: f64, cooperation: f64, p: &ModelParams) -> f64 {
    (1.0 - sanctuary) + sanctuary * (1.0 + s.haven_advantage) * (1.0 - p.cooperation_haven_cut * cooperation)
}

/// Draws a Poisson count with a small mean by inversion (one uniform), larger means by rand_distr.
#[inline(always)]
fn poisson<R: Rng>(rng: &mut R, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    if mean < 30.0 {
        let u = unit_from_bits(rng.next_u64());
        // k = 0 iff u ≤ e^{−mean} as `exp_neg` computes it; a lower bound decides most
        // zero draws without the polynomial (same result, see `exp_neg_bracket`).
        if u <= exp_neg_bracket(-mean).0 {
            return 0;
        }
        let mut k = 0u32;
        let mut prob = exp_neg(-mean);
        let mut cdf = prob;
        while u > cdf && k < 1000 {
            k += 1;
            prob *= mean / k as f64;
            cdf += prob;
        }
        return k;
    }
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

/// Inputs to one state's choice, gathered from the state after today's attacks.
struct Choice {
    feasible: [bool; N_ACTIONS],
    utility: [f64; N_ACTIONS],
}

#[inline(always)]
fn utilities(p: &ModelParams, st: &State, i: usize) -> Choice {
    let s = &p.sides[i];
    let pressure = st.pressure[i];
    let hostility = st.hostility[i];
    let stake = s.trade_stake * (st.trade * p.inv_trade0) + s.energy_stake * energy_ties(p, st);
    let restraint = s.restraint_utility;
    let front = s.front_utility + p.front_weight * st.front_extra[i];
    let escalation_risk = 1.0 + p.war_risk_growth * st.recent_strikes;
    let struck_recently = (st.last_strike[0] > 0 && st.day - st.last_strike[0] < 14)
        || (st.last_strike[1] > 0 && st.day - st.last_strike[1] < 14);
    let mean_hostility = 0.5 * (st.hostility[0] + st.hostility[1]);

    // Escalation: U = (w_P P + w_H H − restraint)·sat(r) − c·r − stake·disrupt − front·military
    //                 − fear·π_war − retaliation (+ owed retaliation for strikes), sat from `satisfaction`.
    let drive = p.pressure_weight * pressure + p.hostility_weight * hostility;
    // A strike that answers one is expected to settle the score, not to invite another.
    let answering = st.strike_balance[i].clamp(0.0, 1.0);
    let retaliation = p.retaliation_cost * s.retaliation_belief * (1.0 - answering);
    let owed = p.pressure_weight * st.owed[i];
    let escalate = |rung: f64, disrupt: f64, military: f64, war_risk: f64, retaliate: f64| -> f64 {
        let sat = satisfaction(rung);
        (drive - restraint) * sat - p.rung_cost * rung - stake * disrupt - front * military
            - s.fear_of_war * war_risk.min(1.0)
            - retaliate
    };
    // De-escalation: U = (w_D + restraint + front/2 + stake/2)·need − weakness·P − 2c.
    let value = p.deescalation_value + restraint + 0.5 * front + 0.5 * stake;
    let conciliate = |need: f64| value * need - p.weakness_cost * pressure - 2.0 * p.rung_cost;
    let need_call = ((mean_hostility - 1.0).max(0.0) / 4.0
        + if struck_recently { 0.5 } else { 0.0 }
        + if st.recalled { 0.3 } else { 0.0 })
    .min(1.0);
    let need_visit = 0.05 + 0.25 * (mean_hostility * (1.0 / 3.0)).min(1.0);
    let need_restore = (0.3 + st.days_recalled as f64 * p.inv_recall_duration).min(1.0);
    let concern = (st.excitation[i] * s.blame).min(2.0) / 2.0;
    let need_liaison = 0.5 * (1.0 - st.cooperation) * concern;
    let need_deal = if st.restriction[i] {
        (0.3 + st.restriction_days[i] as f64 * p.inv_restriction_duration).min(1.0)
    } else {
        0.1 * ((p.trade_target - st.trade) * p.inv_trade_target).clamp(0.0, 1.0)
    };
    let utility = [
        p.inertia,
        escalate(1.0, 0.0, 0.0, 0.0, 0.0),
        escalate(2.0, 0.0, 0.0, 0.0, 0.0),
        escalate(3.0, 0.6, 0.0, 0.0, 0.0) - p.rupture_cost,
        escalate(4.0, 1.0, 0.25, 0.0, 0.0) - p.rupture_cost,
        escalate(5.0, 1.0, 1.0, p.war_risk_strike * escalation_risk, retaliation) + owed,
        escalate(6.0, 1.5, 2.0, p.war_risk_sustained * escalation_risk, retaliation) + 1.1 * owed,
        conciliate(need_call),
        conciliate(need_visit),
        conciliate(need_restore),
        conciliate(need_liaison),
        conciliate(need_deal),
    ];
    let no_restriction = !st.restriction[0] && !st.restriction[1];
    let feasible = [
        true,
        true,
        true,
        !st.recalled,
        !st.restriction[i],
        true,
        true,
        true,
        !st.recalled && no_restriction && !struck_recently,
        st.recalled,
        st.cooperation < 0.95 && !st.recalled,
        true,
    ];
    Choice { feasible, utility }
}

/// Share of domestic demand for action that a rung satisfies (1 at a limited strike).
#[inline(always)]
fn satisfaction(rung: f64) -> f64 {
    const SAT: [f64; RUNGS] = [0.0, 0.4, 0.55, 0.7, 0.85, 1.0, 1.1];
    SAT[(rung as usize).min(RUNGS - 1)]
}

/// Share of energy ties alive today (fuel, electricity, pipeline), 1 = day-0 level with a finished pipeline weighing 0.2.
fn energy_ties(p: &ModelParams, st: &State) -> f64 {
    0.5 * (st.fuel_share * p.inv_fuel_share0)
        + p.electricity_weight * (st.electricity_on as u8 as f64)
        + 0.2 * st.pipeline
}

/// Samples an action from the logit rule with precision λ using one uniform.
#[inline(always)]
fn choose(p: &ModelParams, choice: &Choice, u: f64) -> Action {
    // Fast exact path. Hold comes first in the inverse-CDF order, so it is chosen iff
    // u < P(hold) = 1 / (1 + Σ_{k≠hold} e^{λ(U_k − U_hold)}). With m the number of other
    // feasible actions and U* the best of them, that sum is at most m·e^{λ(U* − U_hold)},
    // so u < 1 / (1 + m·e^{λ(U* − U_hold)}) already decides "hold" with one exponential.
    let hold = choice.utility[0];
    let mut best_other = f64::NEG_INFINITY;
    let mut n_other = 0.0;
    for k in 1..N_ACTIONS {
        if choice.feasible[k] {
            n_other += 1.0;
            if choice.utility[k] > best_other {
                best_other = choice.utility[k];
            }
        }
    }
    if best_other < hold {
        let x = p.qre_precision * (best_other - hold);
        // Bracket e^x first: u·(1 + m·e^x) is monotone in e^x, so the bounds settle
        // the test exactly as the exact value would, mostly without the polynomial.
        let (lo, hi) = exp_neg_bracket(x);
        if u * (1.0 + n_other * hi) < 1.0 {
            return Action::Hold;
        }
        if u * (1.0 + n_other * lo) < 1.0 {
            let bound = n_other * exp_neg(x);
            if u * (1.0 + bound) < 1.0 {
                return Action::Hold;
            }
        }
    }
    let max = hold.max(best_other);
    // Branch-free weights so the loop vectorizes; infeasible actions get weight 0.
    let mut weights = [0.0; N_ACTIONS];
    for k in 0..N_ACTIONS {
        let w = exp_neg(p.qre_precision * (choice.utility[k] - max));
        weights[k] = if choice.feasible[k] { w } else { 0.0 };
    }
    let total: f64 = weights.iter().sum();
    let mut target = u * total;
    for k in 0..N_ACTIONS {
        if target < weights[k] {
            return Action::ALL[k];
        }
        target -= weights[k];
    }
    // Rounding left the target past the last weight: take the last feasible action.
    let last = (0..N_ACTIONS).rev().find(|k| choice.feasible[*k]).expect("hold is always feasible");
    Action::ALL[last]
}

/// The logit choice probabilities of state `i` in the current state (for inspection and tests).
pub fn choice_probabilities(p: &ModelParams, st: &State, i: usize) -> [f64; N_ACTIONS] {
    let choice = utilities(p, st, i);
    let mut max = f64::NEG_INFINITY;
    for k in 0..N_ACTIONS {
        if choice.feasible[k] {
            max = max.max(choice.utility[k]);
        }
    }
    let mut res = [0.0; N_ACTIONS];
    let mut total = 0.0;
    for k in 0..N_ACTIONS {
        if choice.feasible[k] {
            res[k] = (p.qre_precision * (choice.utility[k] - max)).exp();
            total += res[k];
        }
    }
    for w in &mut res {
        *w /= total;
    }
    res
}

/// Advances the state by one day. `shocks` are the shocks scheduled for this day.
pub fn step<R: Rng>(p: &ModelParams, st: &mut State, shocks: &[&Shock], rng: &mut R) -> DayRecord {
    st.day += 1;
    let day = st.day;
    let mut rec = DayRecord { day, ..DayRecord::default() };
    let mut forced: [Option<Action>; 2] = [None, None];
    let mut shock_attacks: [Vec<u32>; 2] = [Vec::new(), Vec::new()];
    for shock in shocks {
        match shock.kind {
            ShockKind::Attack { side, deaths } => shock_attacks[side].push(deaths),
            ShockKind::Strike { by } => forced[by] = Some(Action::Strike),
            ShockKind::Recall { by } => forced[by] = Some(Action::Recall),
            ShockKind::Restriction { by } => forced[by] = Some(Action::Restrict),
            ShockKind::Front { on, weight } => st.front_extra[on] += weight,
        }
    }

    // 1. Insurgent attacks: discrete Hawkes with background μ_i(state).
    for i in 0..2 {
        let s = &p.sides[i];
        let mu = st.background_rate(p, i);
        rec.background[i] = mu;
        let n = attack_count(rng, mu + s.strike_excite * st.strike_excitation[i], s.excite, st.excitation[i]);
        let mut deaths = 0u32;
        let mut max_deaths = 0u32;
        let mut blamed_weight = 0.0;
        let mut record = |d: u32| {
            deaths += d;
            max_deaths = max_deaths.max(d);
            let mass = if d >= p.mass_casualty_deaths { 2.0 } else { 1.0 };
            // Outrage grows with the toll but saturates: 20·ln(1 + d/20) is d for small
            // attacks, 18 for 30 dead and 53 for 263 dead (tabulated in `SideParams::outrage`).
            let outrage = match s.outrage.get(d as usize) {
                Some(w) => *w,
                None => OUTRAGE_SCALE * (d as f64 / OUTRAGE_SCALE).ln_1p(),
            };
            blamed_weight += outrage * mass;
        };
        for _ in 0..n {
            let d = deaths_of_attack(rng, s);
            record(d);
        }
        for &d in &shock_attacks[i] {
            record(d);
        }
        let n_total = n + shock_attacks[i].len() as u32;
        rec.attacks[i] = n_total;
        rec.deaths[i] = deaths;
        rec.max_attack_deaths[i] = max_deaths;
        st.excitation[i] = s.rho * st.excitation[i] + n_total as f64;
        st.strike_excitation[i] *= s.rho;
        // Attribution: the share of attacks blamed on the neighbour's sanctuary shrinks
        // with the sanctuary itself and with cooperation (shared intelligence).
        // Without attacks blamed_weight is 0, the increment is a (finite) ±0 and adding it
        // leaves a non-zero pressure unchanged, so the update is skipped on quiet days.
        if n_total > 0 || st.pressure[i] == 0.0 {
            let blame = (s.blame * st.sanctuary[i] / s.sanctuary0.max(1e-9)).min(1.0) * (1.0 - 0.5 * st.cooperation);
            st.pressure[i] += (1.0 + s.strain) * s.pressure_per_death * blame * blamed_weight;
            if n_total > 0 {
                let size = blamed_weight.max(1.0).ln() + 1.0;
                st.hostility[i] += p.hostility_per_attack * blame * n_total as f64 * size;
            }
        }
    }

    // 2. Decisions by logit, simultaneous, on the state after today's attacks.
    let mut actions = [Action::Hold; 2];
    for i in 0..2 {
        let u = unit_from_bits(rng.next_u64());
        actions[i] = match forced[i] {
            Some(a) => a,
            None => {
                let choice = utilities(p, st, i);
                choose(p, &choice, u)
            }
        };
        if actions[i] != Action::Hold {
            rec.actions[i] = Some(actions[i]);
        }
    }

    // 3. Effects of the actions.
    for i in 0..2 {
        let j = 1 - i;
        let a = actions[i];
        let rung = a.rung();
        if rung > 0 {
            let sat = satisfaction(rung as f64).min(1.0);
            st.pressure[i] *= 1.0 - p.sides[i].honour_discharge * sat;
            if rung >= 5 {
                st.owed[i] *= 1.0 - p.sides[i].honour_discharge;
            }
        }
        match a {
            Action::Hold => {}
            Action::Accuse => {
                st.last_accuse[i] = day;
                st.hostility[j] += p.hostility_per_protest;
            }
            Action::Summon => {
                st.last_summon[i] = day;
                st.hostility[j] += 2.0 * p.hostility_per_protest;
            }
            Action::Recall => {
                st.recalled = true;
                st.hostility[j] += 3.0 * p.hostility_per_protest;
            }
            Action::Restrict => {
                st.restriction[i] = true;
                st.restriction_days[i] = 0;
                st.hostility[j] += 4.0 * p.hostility_per_protest;
                if i == p.supplier {
                    st.electricity_on = false;
                }
            }
            Action::Strike | Action::Sustained => {
                let weight = if a == Action::Sustained { 3.0 } else { 1.0 };
                rec.strike[i] = true;
                st.last_strike[i] = day;
                if a == Action::Sustained {
                    st.last_sustained[i] = day;
                }
                // The strike hits the sanctuary of the group attacking state i, located in j.
                let group = &p.sides[i];
                let hit = (group.strike_attrition * weight).min(1.0) * st.sanctuary[i];
                st.capacity[i] *= 1.0 - hit;
                st.strike_excitation[i] += weight;
                let killed = poisson(rng, p.strike_deaths * weight);
                rec.strike_deaths[i] = killed;
                st.grievance[j] = (st.grievance[j] + p.sides[j].strike_casualty_grievance * killed as f64).min(1.0);
                st.hostility[j] += p.hostility_per_strike * weight;
                st.strike_balance[j] += weight;
                st.strike_balance[i] -= weight;
                // Only an unanswered strike adds pressure: comparative reciprocity.
                let unanswered = st.strike_balance[j].clamp(0.0, 1.0);
                let demand = (1.0 + p.sides[j].strain) * p.sides[j].pressure_per_strike * unanswered;
                st.owed[j] += demand;
                st.pressure[j] += 0.3 * demand;
                st.cooperation *= 0.5;
                st.recent_strikes += 1.0;
            }
            Action::Call | Action::Visit | Action::Restore | Action::Liaison | Action::Deal => {
                let relief = match a {
                    Action::Call => 0.5,
                    Action::Liaison => 0.5,
                    Action::Deal => 0.7,
                    _ => 1.0,
                } * p.hostility_relief;
                st.hostility[i] = (st.hostility[i] - relief).max(0.0);
                st.hostility[j] = (st.hostility[j] - relief).max(0.0);
                match a {
                    Action::Restore => {
                        st.recalled = false;
                        st.days_recalled = 0;
                    }
                    Action::Liaison => st.cooperation = (st.cooperation + p.cooperation_gain).min(1.0),
                    Action::Visit => {
                        st.cooperation = (st.cooperation + 0.5 * p.cooperation_gain).min(1.0);
                        st.momentum_days = 180;
                    }
                    Action::Deal => {
                        if st.restriction[i] {
                            st.restriction[i] = false;
                            if i == p.supplier {
                                st.electricity_on = true;
                            }
                        } else {
                            st.momentum_days = 180;
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    // 4. Decay and reciprocity of pressure and hostility.
    let h = st.hostility;
    for i in 0..2 {
        let j = 1 - i;
        st.pressure[i] *= 1.0 - p.pressure_decay;
        st.owed[i] *= 1.0 - p.pressure_decay;
        st.hostility[i] = (1.0 - p.hostility_decay) * h[i] + p.hostility_reactivity * (h[j] - h[i]).max(0.0);
        st.strike_balance[i] *= p.strike_memory;
    }
    st.recent_strikes *= p.strike_memory;

    // 5. Slow variables.
    let border_closed = st.border_closed();
    let smuggled0 = p.fuel_smuggled_fraction;
    let smuggled = smuggled0 * (1.0 - p.smuggling_crackdown) * if border_closed { 0.4 } else { 1.0 };
    let formal = (1.0 - smuggled0) * if border_closed { 0.0 } else { 1.0 };
    st.fuel_share = p.fuel_share0 * (formal + smuggled);
    let livelihood_loss = if smuggled0 > 0.0 { 1.0 - smuggled / smuggled0 } else { 0.0 };
    let funding = if smuggled0 > 0.0 { smuggled / smuggled0 } else { 1.0 };
    let floor = p.liaison_ct;
    st.cooperation = (st.cooperation * (1.0 - p.cooperation_decay)).max(floor);
    if st.recalled {
        st.days_recalled += 1;
    }
    for i in 0..2 {
        if st.restriction[i] {
            st.restriction_days[i] += 1;
        }
    }
    let mean_grievance = 0.5 * (st.grievance[0] + st.grievance[1]);
    for i in 0..2 {
        let s = &p.sides[i];
        // Development spending becomes effective with a first-order lag.
        let spend = s.development_usd_m + s.outside_effective;
        // At the target the increment is +0 (only a −0 would change, to +0): skip the division.
        if spend != st.development[i] || st.development[i] == 0.0 {
            st.development[i] += (spend - st.development[i]) / s.development_lag_days;
        }
        let outage = if i != p.supplier && !st.electricity_on { 1.0 } else { 0.0 };
        let dev_arg = -s.development_effect * st.development[i] / 10.0;
        if dev_arg.to_bits() != st.dev_exp_arg[i] {
            st.dev_exp_arg[i] = dev_arg.to_bits();
            st.dev_exp_val[i] = exp_neg(dev_arg);
        }
        let target = s.autonomy
            + s.poverty * st.dev_exp_val[i]
            + 0.1 * s.strain
            + s.livelihood_grievance * livelihood_loss
            + s.outage_grievance * outage;
        st.grievance[i] += s.grievance_relaxation * DAY_IN_YEARS * (target.min(1.0) - st.grievance[i]);
        // Capacity: recruitment toward the carrying level, home attrition on the non-sheltered share.
        let recruit = s.recruitment * st.grievance[i] * (1.0 + s.smuggling_funding * (funding - 1.0)).max(0.0);
        let attrition = s.ci_attrition * (1.0 + p.cooperation_ci_boost * st.cooperation) * (1.0 - st.sanctuary[i]);
        st.capacity[i] += (recruit * (s.capacity_max - st.capacity[i]) - attrition * st.capacity[i]) * DAY_IN_YEARS;
        st.capacity[i] = st.capacity[i].max(0.0);
        // Sanctuary: expulsion pushes militants home; grievance on both sides lets them filter back.
        let expel = p.mutual_expulsion * p.inv_expulsion_days;
        let back = s.reinfiltration * mean_grievance * DAY_IN_YEARS;
        st.sanctuary[i] += back * (s.sanctuary0 - st.sanctuary[i]) - expel * st.sanctuary[i];
        st.sanctuary[i] = st.sanctuary[i].clamp(0.0, 1.0);
    }
    // Trade moves toward the policy target while relations are normal, and falls while the border is closed.
    let relations_normal = !st.recalled && !border_closed;
    if border_closed {
        let floor = p.trade0 * (1.0 - p.trade_restriction_loss);
        st.trade += (floor.min(st.trade) - st.trade) * 0.05;
    } else if !st.recalled {
        let boost = if st.momentum_days > 0 { 2.0 } else { 1.0 };
        st.trade += p.trade_growth * DAY_IN_YEARS * boost * (1.0 - p.sanctions_drag) * (p.trade_target - st.trade);
    }
    if relations_normal && p.pipeline_completion > 0.0 {
        st.pipeline = (st.pipeline + p.pipeline_completion * (1.0 - p.sanctions_drag) * p.inv_pipeline_build_days).min(1.0);
    }
    st.momentum_days = st.momentum_days.saturating_sub(1);

    // 6. Status, war and resolution.
    // War: a sustained-strike campaign, or strikes on `war_strike_days` distinct days
    // within `war_window_days` (a ring buffer of the most recent strike days).
    let mut war_today = actions.contains(&Action::Sustained);
    if rec.strike[0] || rec.strike[1] {
        st.strike_days[st.strike_days_next] = day;
        st.strike_days_next = (st.strike_days_next + 1) % st.strike_days.len();
        let oldest = st.strike_days[st.strike_days_next];
        if oldest > 0 && day - oldest < p.war_window_days {
            war_today = true;
        }
    }
    if war_today {
        if st.war_day == 0 {
            st.war_day = day;
        }
        st.last_war_day = day;
    }
    rec.war = war_today;
    rec.rung = st.rung();
    let quiet = (0..2).all(|i| rec.background[i] < p.resolution_intensity_share * st.mu_reference[i]);
    if quiet && rec.rung <= 1 && relations_normal {
        st.resolution_streak += 1;
    } else {
        st.resolution_streak = 0;
    }
    rec.resolved = st.resolution_streak >= p.resolution_days;
    rec.tension = st.tension();
    rec.trade = st.trade;
    rec.recalled = st.recalled;
    rec.border_closed = st.border_closed();
    rec.electricity_on = st.electricity_on;
    rec
}

#[cfg(test)]
mod tests;
