//! The daily transition rule, applied to `L` trajectories in lockstep.
//!
//! A [`Batch`] holds the state of `L` trajectories of the same scenario with
//! one array per variable (lane `l` = trajectory `l`). [`step_batch`] advances
//! every lane by one day. The arithmetic that every lane does every day —
//! background rates, the twelve utilities and the cheap test for "hold", the
//! decay and the slow variables — runs as loops over lanes that the compiler
//! turns into vector instructions; what only some lanes do on some days
//! (attacks, non-trivial choices, the effects of actions) runs lane by lane.
//!
//! Each lane performs exactly the floating-point operations, in the same
//! order, and draws exactly the random numbers that a single trajectory does,
//! so a lane's path does not depend on `L` or on its neighbours. [`crate::step`]
//! is this rule with `L = 1`; the tests check lanes against single runs bit for bit.

// Lane-indexed loops over several parallel arrays read better with an index.
#![allow(clippy::needless_range_loop)]

use rand::Rng;
use scenario::{Shock, ShockKind};

use crate::fastmath::{exp_any, exp_neg, exp_neg_bracket, unit_from_bits};
use crate::lanes::{B, F};
use crate::{
    deaths_of_attack, haven_factor, poisson_with_zero_term, satisfaction, Action, DayRecord, ModelParams, State,
    DAY_IN_YEARS, N_ACTIONS, OUTRAGE_SCALE, RunParameters,
};

/// The state of `L` trajectories, one array per variable. See [`State`] for the meaning of each field.
#[derive(Clone, Debug)]
pub struct Batch<const L: usize> {
    pub day: u32,
    capacity: [[f64; L]; 2],
    sanctuary: [[f64; L]; 2],
    excitation: [[f64; L]; 2],
    strike_excitation: [[f64; L]; 2],
    grievance: [[f64; L]; 2],
    development: [[f64; L]; 2],
    pressure: [[f64; L]; 2],
    hostility: [[f64; L]; 2],
    owed: [[f64; L]; 2],
    strike_balance: [[f64; L]; 2],
    recent_strikes: [f64; L],
    cooperation: [f64; L],
    recalled: [bool; L],
    days_recalled: [u32; L],
    restriction: [[bool; L]; 2],
    restriction_days: [[u32; L]; 2],
    electricity_on: [bool; L],
    trade: [f64; L],
    fuel_share: [f64; L],
    pipeline: [f64; L],
    front_extra: [[f64; L]; 2],
    outside_load: [[f64; L]; 2],
    outside_close: [[bool; L]; 2],
    outside_reopen: [[bool; L]; 2],
    outside_closed: [[bool; L]; 2],
    momentum_days: [u32; L],
    last_accuse: [[u32; L]; 2],
    last_summon: [[u32; L]; 2],
    last_strike: [[u32; L]; 2],
    last_sustained: [[u32; L]; 2],
    resolution_streak: [u32; L],
    mu_reference: [[f64; L]; 2],
    inv_haven_reference: [[f64; L]; 2],
    /// Ring buffers of recent strike days, `window` entries per lane.
    strike_days: Vec<u32>,
    window: usize,
    strike_days_next: [usize; L],
    war_day: [u32; L],
    last_war_day: [u32; L],
    /// e^(−k·D/10) of each region's effective development, valid while `development`
    /// is unchanged (it moves only while spending differs from its effective level).
    development_exp: [[f64; L]; 2],
    development_exp_valid: bool,
    /// Each lane's values of the parameters that may differ between runs.
    run: LaneParams<L>,
}

/// The [`RunParameters`] of every lane, one array per parameter. The daily rule reads
/// these instead of the shared [`ModelParams`] fields of the same names.
#[derive(Clone, Debug)]
struct LaneParams<const L: usize> {
    inertia: [f64; L],
    hostility_weight: [f64; L],
    rung_cost: [f64; L],
    rupture_cost: [f64; L],
    deescalation_value: [f64; L],
    weakness_cost: [f64; L],
    retaliation_cost: [f64; L],
    pressure_per_death: [[f64; L]; 2],
    fear_of_war: [[f64; L]; 2],
}

impl<const L: usize> LaneParams<L> {
    /// Every lane with the values `run`.
    fn splat(run: &RunParameters) -> LaneParams<L> {
        LaneParams {
            inertia: [run.inertia; L],
            hostility_weight: [run.hostility_weight; L],
            rung_cost: [run.rung_cost; L],
            rupture_cost: [run.rupture_cost; L],
            deescalation_value: [run.deescalation_value; L],
            weakness_cost: [run.weakness_cost; L],
            retaliation_cost: [run.retaliation_cost; L],
            pressure_per_death: run.pressure_per_death.map(|x| [x; L]),
            fear_of_war: run.fear_of_war.map(|x| [x; L]),
        }
    }

    /// Lane `l` takes the values `run`.
    fn set_lane(&mut self, l: usize, run: &RunParameters) {
        self.inertia[l] = run.inertia;
        self.hostility_weight[l] = run.hostility_weight;
        self.rung_cost[l] = run.rung_cost;
        self.rupture_cost[l] = run.rupture_cost;
        self.deescalation_value[l] = run.deescalation_value;
        self.weakness_cost[l] = run.weakness_cost;
        self.retaliation_cost[l] = run.retaliation_cost;
        for i in 0..2 {
            self.pressure_per_death[i][l] = run.pressure_per_death[i];
            self.fear_of_war[i][l] = run.fear_of_war[i];
        }
    }
}

impl<const L: usize> Batch<L> {
    /// `L` copies of one state (all lanes start alike; their random streams differ), every
    /// lane with the run parameters of `p` until [`Batch::set_run_parameters`] changes them.
    pub fn broadcast(p: &ModelParams, st: &State) -> Batch<L> {
        let mut b = Batch::blank(p, st.day, st.strike_days.len());
        for l in 0..L {
            b.set_lane(l, st);
        }
        b
    }

    /// Lane `l` steps with the values `run` of the parameters that may differ between runs:
    /// it then follows, bit for bit, a single trajectory stepped with
    /// [`ModelParams::with_run_parameters`] of the batch's parameters and `run`.
    pub fn set_run_parameters(&mut self, l: usize, run: &RunParameters) {
        self.run.set_lane(l, run);
    }

    /// A batch of zeros on `day` with ring buffers of `window` entries and `p`'s run parameters.
    fn blank(p: &ModelParams, day: u32, window: usize) -> Batch<L> {
        Batch {
            day,
            capacity: [[0.0; L]; 2],
            sanctuary: [[0.0; L]; 2],
            excitation: [[0.0; L]; 2],
            strike_excitation: [[0.0; L]; 2],
            grievance: [[0.0; L]; 2],
            development: [[0.0; L]; 2],
            pressure: [[0.0; L]; 2],
            hostility: [[0.0; L]; 2],
            owed: [[0.0; L]; 2],
            strike_balance: [[0.0; L]; 2],
            recent_strikes: [0.0; L],
            cooperation: [0.0; L],
            recalled: [false; L],
            days_recalled: [0; L],
            restriction: [[false; L]; 2],
            restriction_days: [[0; L]; 2],
            electricity_on: [false; L],
            trade: [0.0; L],
            fuel_share: [0.0; L],
            pipeline: [0.0; L],
            front_extra: [[0.0; L]; 2],
            outside_load: [[0.0; L]; 2],
            outside_close: [[false; L]; 2],
            outside_reopen: [[false; L]; 2],
            outside_closed: [[false; L]; 2],
            momentum_days: [0; L],
            last_accuse: [[0; L]; 2],
            last_summon: [[0; L]; 2],
            last_strike: [[0; L]; 2],
            last_sustained: [[0; L]; 2],
            resolution_streak: [0; L],
            mu_reference: [[0.0; L]; 2],
            inv_haven_reference: [[0.0; L]; 2],
            strike_days: vec![0; window * L],
            window,
            strike_days_next: [0; L],
            war_day: [0; L],
            last_war_day: [0; L],
            development_exp: [[0.0; L]; 2],
            development_exp_valid: false,
            run: LaneParams::splat(&RunParameters::of(p)),
        }
    }

    /// Copies `st` into lane `l` (its day must be the batch's day; the ring buffer must have the batch's window).
    fn set_lane(&mut self, l: usize, st: &State) {
        self.set_fields(l, st);
        self.strike_days[l * self.window..(l + 1) * self.window].copy_from_slice(&st.strike_days);
    }

    /// Writes lane `l` into `st` (whose ring buffer must have the batch's window).
    pub fn get_lane(&self, l: usize, st: &mut State) {
        self.get_fields(l, st);
        st.strike_days.copy_from_slice(&self.strike_days[l * self.window..(l + 1) * self.window]);
    }

    /// Copies every variable of `st` but the ring buffer into lane `l`.
    fn set_fields(&mut self, l: usize, st: &State) {
        debug_assert_eq!(st.day, self.day);
        self.development_exp_valid = false;
        for i in 0..2 {
            self.capacity[i][l] = st.capacity[i];
            self.sanctuary[i][l] = st.sanctuary[i];
            self.excitation[i][l] = st.excitation[i];
            self.strike_excitation[i][l] = st.strike_excitation[i];
            self.grievance[i][l] = st.grievance[i];
            self.development[i][l] = st.development[i];
            self.pressure[i][l] = st.pressure[i];
            self.hostility[i][l] = st.hostility[i];
            self.owed[i][l] = st.owed[i];
            self.strike_balance[i][l] = st.strike_balance[i];
            self.restriction[i][l] = st.restriction[i];
            self.restriction_days[i][l] = st.restriction_days[i];
            self.front_extra[i][l] = st.front_extra[i];
            self.outside_load[i][l] = st.outside.load[i];
            self.outside_close[i][l] = st.outside.close[i];
            self.outside_reopen[i][l] = st.outside.reopen[i];
            self.outside_closed[i][l] = st.outside_closed[i];
            self.last_accuse[i][l] = st.last_accuse[i];
            self.last_summon[i][l] = st.last_summon[i];
            self.last_strike[i][l] = st.last_strike[i];
            self.last_sustained[i][l] = st.last_sustained[i];
            self.mu_reference[i][l] = st.mu_reference[i];
            self.inv_haven_reference[i][l] = st.inv_haven_reference[i];
        }
        self.recent_strikes[l] = st.recent_strikes;
        self.cooperation[l] = st.cooperation;
        self.recalled[l] = st.recalled;
        self.days_recalled[l] = st.days_recalled;
        self.electricity_on[l] = st.electricity_on;
        self.trade[l] = st.trade;
        self.fuel_share[l] = st.fuel_share;
        self.pipeline[l] = st.pipeline;
        self.momentum_days[l] = st.momentum_days;
        self.resolution_streak[l] = st.resolution_streak;
        self.strike_days_next[l] = st.strike_days_next;
        self.war_day[l] = st.war_day;
        self.last_war_day[l] = st.last_war_day;
    }

    /// Writes every variable of lane `l` but the ring buffer into `st`.
    fn get_fields(&self, l: usize, st: &mut State) {
        st.day = self.day;
        for i in 0..2 {
            st.capacity[i] = self.capacity[i][l];
            st.sanctuary[i] = self.sanctuary[i][l];
            st.excitation[i] = self.excitation[i][l];
            st.strike_excitation[i] = self.strike_excitation[i][l];
            st.grievance[i] = self.grievance[i][l];
            st.development[i] = self.development[i][l];
            st.pressure[i] = self.pressure[i][l];
            st.hostility[i] = self.hostility[i][l];
            st.owed[i] = self.owed[i][l];
            st.strike_balance[i] = self.strike_balance[i][l];
            st.restriction[i] = self.restriction[i][l];
            st.restriction_days[i] = self.restriction_days[i][l];
            st.front_extra[i] = self.front_extra[i][l];
            st.outside.load[i] = self.outside_load[i][l];
            st.outside.close[i] = self.outside_close[i][l];
            st.outside.reopen[i] = self.outside_reopen[i][l];
            st.outside_closed[i] = self.outside_closed[i][l];
            st.last_accuse[i] = self.last_accuse[i][l];
            st.last_summon[i] = self.last_summon[i][l];
            st.last_strike[i] = self.last_strike[i][l];
            st.last_sustained[i] = self.last_sustained[i][l];
            st.mu_reference[i] = self.mu_reference[i][l];
            st.inv_haven_reference[i] = self.inv_haven_reference[i][l];
        }
        st.recent_strikes = self.recent_strikes[l];
        st.cooperation = self.cooperation[l];
        st.recalled = self.recalled[l];
        st.days_recalled = self.days_recalled[l];
        st.electricity_on = self.electricity_on[l];
        st.trade = self.trade[l];
        st.fuel_share = self.fuel_share[l];
        st.pipeline = self.pipeline[l];
        st.momentum_days = self.momentum_days[l];
        st.resolution_streak = self.resolution_streak[l];
        st.strike_days_next = self.strike_days_next[l];
        st.war_day = self.war_day[l];
        st.last_war_day = self.last_war_day[l];
    }
}

impl<const L: usize> Batch<L> {
    /// Lane `l`'s outside crises for the next step (`docs/model.md` §8.1).
    pub fn set_outside(&mut self, l: usize, today: &crate::OutsideToday) {
        for i in 0..2 {
            self.outside_load[i][l] = today.load[i];
            self.outside_close[i][l] = today.close[i];
            self.outside_reopen[i][l] = today.reopen[i];
        }
    }

    /// Domestic pressure on state `i` in lane `l`.
    pub(crate) fn pressure_of(&self, i: usize, l: usize) -> f64 {
        self.pressure[i][l]
    }
}

impl Batch<1> {
    /// A one-lane batch holding `st` with `p`'s run parameters; it takes over `st`'s ring
    /// buffer (no allocation).
    pub(crate) fn take(p: &ModelParams, st: &mut State) -> Batch<1> {
        let mut b = Batch::<1>::blank(p, st.day, 0);
        b.set_fields(0, st);
        b.strike_days = std::mem::take(&mut st.strike_days);
        b.window = b.strike_days.len();
        b
    }

    /// Writes the lane back into `st` and hands the ring buffer back.
    pub(crate) fn put_back(mut self, st: &mut State) {
        self.get_fields(0, st);
        st.strike_days = std::mem::take(&mut self.strike_days);
    }
}

/// The twelve utilities and feasibilities of state `i`'s actions in every lane,
/// indexed `[action][lane]` in the order of [`Action::ALL`].
pub(crate) struct Choices<const L: usize> {
    pub(crate) utility: [F<L>; N_ACTIONS],
    pub(crate) feasible: [B<L>; N_ACTIONS],
}

/// Utilities of state `i`'s actions in every lane, on the state after today's attacks.
#[inline(always)]
pub(crate) fn utilities<const L: usize>(p: &ModelParams, b: &Batch<L>, i: usize) -> Choices<L> {
    let s = &p.sides[i];
    let run = &b.run;
    let day = b.day;
    let pressure = F(b.pressure[i]);
    let hostility = F(b.hostility[i]);
    let energy = 0.5 * (F(b.fuel_share) * p.inv_fuel_share0)
        + p.electricity_weight * B::from_bools(&b.electricity_on).pick(1.0, 0.0)
        + 0.2 * F(b.pipeline);
    let stake = s.trade_stake * (F(b.trade) * p.inv_trade0) + s.energy_stake * energy;
    let restraint = s.restraint_utility;
    let front = s.front_utility + p.front_weight * (F(b.front_extra[i]) + F(b.outside_load[i]));
    let escalation_risk = 1.0 + p.war_risk_growth * F(b.recent_strikes);
    let struck_recently = B::from_fn(|l| {
        let (ls0, ls1) = (b.last_strike[0][l], b.last_strike[1][l]);
        ((ls0 > 0) & (day.wrapping_sub(ls0) < 14)) | ((ls1 > 0) & (day.wrapping_sub(ls1) < 14))
    });
    let mean_hostility = 0.5 * (F(b.hostility[0]) + F(b.hostility[1]));

    // Escalation: U = (w_P P + w_H H − restraint)·sat(r) − c·r − stake·disrupt − front·military
    //                 − fear·π_war − retaliation (+ owed retaliation for strikes), sat from `satisfaction`.
    let drive = p.pressure_weight * pressure + F(run.hostility_weight) * hostility;
    // A strike that answers one is expected to settle the score, not to invite another.
    let answering = F(b.strike_balance[i]).clamp(0.0, 1.0);
    let retaliation = F(run.retaliation_cost) * s.retaliation_belief * (1.0 - answering);
    let owed = p.pressure_weight * F(b.owed[i]);
    let no_risk = F::splat(0.0);
    let rung_cost = F(run.rung_cost);
    let fear_of_war = F(run.fear_of_war[i]);
    let escalate = |rung: f64, disrupt: f64, military: f64, war_risk: F<L>, retaliate: F<L>| -> F<L> {
        let sat = satisfaction(rung);
        (drive - restraint) * sat - rung_cost * rung - stake * disrupt - front * military
            - fear_of_war * war_risk.min(1.0)
            - retaliate
    };
    // De-escalation: U = (w_D + restraint + front/2 + stake/2)·need − weakness·P − 2c.
    let value = F(run.deescalation_value) + restraint + 0.5 * front + 0.5 * stake;
    let weakness_cost = F(run.weakness_cost);
    let conciliate = |need: F<L>| value * need - weakness_cost * pressure - 2.0 * rung_cost;
    let recalled = B::from_bools(&b.recalled);
    let need_call = ((mean_hostility - 1.0).max(0.0) / 4.0 + struck_recently.pick(0.5, 0.0) + recalled.pick(0.3, 0.0)).min(1.0);
    let need_visit = 0.05 + 0.25 * (mean_hostility * (1.0 / 3.0)).min(1.0);
    let need_restore = (0.3 + F::from_u32(&b.days_recalled) * p.inv_recall_duration).min(1.0);
    let concern = (F(b.excitation[i]) * s.blame).min(2.0) / 2.0;
    let cooperation = F(b.cooperation);
    let need_liaison = 0.5 * (1.0 - cooperation) * concern;
    let restricted = B::from_bools(&b.restriction[i]);
    let need_deal = restricted.select(
        (0.3 + F::from_u32(&b.restriction_days[i]) * p.inv_restriction_duration).min(1.0),
        0.1 * ((p.trade_target - F(b.trade)) * p.inv_trade_target).clamp(0.0, 1.0),
    );
    let utility = [
        F(run.inertia),
        escalate(1.0, 0.0, 0.0, no_risk, no_risk),
        escalate(2.0, 0.0, 0.0, no_risk, no_risk),
        escalate(3.0, 0.6, 0.0, no_risk, no_risk) - F(run.rupture_cost),
        escalate(4.0, 1.0, 0.25, no_risk, no_risk) - F(run.rupture_cost),
        escalate(5.0, 1.0, 1.0, p.war_risk_strike * escalation_risk, retaliation) + owed,
        escalate(6.0, 1.5, 2.0, p.war_risk_sustained * escalation_risk, retaliation) + 1.1 * owed,
        conciliate(need_call),
        conciliate(need_visit),
        conciliate(need_restore),
        conciliate(need_liaison),
        conciliate(need_deal),
    ];
    let all = B::all(true);
    let no_restriction = !B::from_bools(&b.restriction[0]) & !B::from_bools(&b.restriction[1]);
    let feasible = [
        all,
        all,
        all,
        !recalled,
        !restricted,
        all,
        all,
        all,
        !recalled & no_restriction & !struck_recently,
        recalled,
        cooperation.lt(F::splat(0.95)) & !recalled,
        all,
    ];
    Choices { utility, feasible }
}

/// State `i`'s logit choice probabilities in lane 0 (0 for infeasible moves).
pub(crate) fn logit_probabilities<const L: usize>(p: &ModelParams, b: &Batch<L>, i: usize) -> [f64; N_ACTIONS] {
    let choice = utilities(p, b, i);
    let feasible: [Option<f64>; N_ACTIONS] = std::array::from_fn(|k| choice.feasible[k].get(0).then_some(choice.utility[k].0[0]));
    let max = feasible.iter().flatten().fold(f64::NEG_INFINITY, |m, &u| m.max(u));
    let mut res = feasible.map(|u| u.map_or(0.0, |u| (p.qre_precision * (u - max)).exp()));
    let total: f64 = res.iter().sum();
    for w in &mut res {
        *w /= total;
    }
    res
}

/// Samples an action from the logit rule with precision λ using one uniform, for lane `l`.
///
/// Hold comes first in the inverse-CDF order, so it is chosen iff u < P(hold) =
/// 1 / (1 + Σ_{k≠hold} e^{λ(U_k − U_hold)}). With m the number of other feasible
/// actions and U* the best of them, that sum is at most m·e^{λ(U* − U_hold)}, so
/// u < 1 / (1 + m·e^{λ(U* − U_hold)}) already decides "hold" with one exponential.
/// [`hold_bounds`] settles most days with a bracket of that exponential; this
/// function finishes the rest exactly.
#[inline(always)]
pub(crate) fn choose_exact<const L: usize>(p: &ModelParams, c: &Choices<L>, l: usize, u: f64, hb: &HoldBounds<L>) -> Action {
    if hb.best_other[l] < c.utility[0].0[l] {
        let n_other = hb.n_other[l];
        let x = hb.x[l];
        if u * (1.0 + n_other * hb.hi[l]) < 1.0 {
            return Action::Hold;
        }
        if u * (1.0 + n_other * hb.lo[l]) < 1.0 {
            let bound = n_other * exp_neg(x);
            if u * (1.0 + bound) < 1.0 {
                return Action::Hold;
            }
        }
    }
    let max = c.utility[0].0[l].max(hb.best_other[l]);
    // The lane's utilities and flags side by side, so the exponentials run as vectors.
    let utility: [f64; N_ACTIONS] = std::array::from_fn(|k| c.utility[k].0[l]);
    let feasible: [u64; N_ACTIONS] = std::array::from_fn(|k| c.feasible[k].0[l]);
    let mut weights = [0.0; N_ACTIONS];
    for k in 0..N_ACTIONS {
        let w = exp_neg(p.qre_precision * (utility[k] - max));
        weights[k] = f64::from_bits(w.to_bits() & feasible[k]);
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
    let last = (0..N_ACTIONS).rev().find(|&k| c.feasible[k].get(l)).expect("hold is always feasible");
    Action::ALL[last]
}

/// Per lane: the best utility among the other feasible actions, their number, and a
/// bracket of e^{λ(U* − U_hold)} (see `exp_neg_bracket`).
pub(crate) struct HoldBounds<const L: usize> {
    best_other: [f64; L],
    n_other: [f64; L],
    x: [f64; L],
    lo: [f64; L],
    hi: [f64; L],
}

#[inline(always)]
pub(crate) fn hold_bounds<const L: usize>(p: &ModelParams, c: &Choices<L>) -> HoldBounds<L> {
    let hold = c.utility[0];
    let mut best_other = F::splat(f64::NEG_INFINITY);
    let mut n_other = F::splat(0.0);
    for k in 1..N_ACTIONS {
        let f = c.feasible[k];
        let v = c.utility[k];
        n_other = n_other + f.pick(1.0, 0.0);
        best_other = (f & v.gt(best_other)).select(v, best_other);
    }
    let x = p.qre_precision * (best_other - hold);
    let mut hb = HoldBounds { best_other: best_other.0, n_other: n_other.0, x: x.0, lo: [0.0; L], hi: [0.0; L] };
    for l in 0..L {
        (hb.lo[l], hb.hi[l]) = exp_neg_bracket(x.0[l]);
    }
    hb
}
/// Advances every lane by one day; `shocks` (scheduled for this day) apply to all lanes,
/// lane `l` draws from `rngs[l]` and its day is written to `recs[l]`.
#[inline(always)]
pub fn step_batch<const L: usize, R: Rng>(
    p: &ModelParams,
    b: &mut Batch<L>,
    shocks: &[&Shock],
    rngs: &mut [R; L],
    recs: &mut [DayRecord; L],
) {
    step_batch_observed(p, b, shocks, rngs, recs, &mut ());
}

/// Sees the deaths of every attack as [`step_batch_observed`] draws them (lane, side, deaths).
pub(crate) trait AttackObserver {
    fn attack(&mut self, l: usize, i: usize, deaths: u32, attributed: bool);
}

/// Observes nothing: the ensemble's step.
impl AttackObserver for () {
    #[inline(always)]
    fn attack(&mut self, _l: usize, _i: usize, _deaths: u32, _attributed: bool) {}
}

/// [`step_batch`] that also hands the deaths of each attack to `observer`.
///
/// The random draws (attack counts, deaths per attack, choices, strike deaths) happen
/// here; every deterministic update that follows them is a function shared with
/// [`crate::replay_day`], so the replay of a recorded day cannot drift from the rule.
#[inline(always)]
pub(crate) fn step_batch_observed<const L: usize, R: Rng, O: AttackObserver>(
    p: &ModelParams,
    b: &mut Batch<L>,
    shocks: &[&Shock],
    rngs: &mut [R; L],
    recs: &mut [DayRecord; L],
    observer: &mut O,
) {
    b.day += 1;
    let day = b.day;
    let mut forced: [Option<Action>; 2] = [None, None];
    let mut shock_attacks: [Vec<u32>; 2] = [Vec::new(), Vec::new()];
    for shock in shocks {
        match shock.kind {
            ShockKind::Attack { side, deaths } => shock_attacks[side].push(deaths),
            ShockKind::Strike { by } => forced[by] = Some(Action::Strike),
            ShockKind::Recall { by } => forced[by] = Some(Action::Recall),
            ShockKind::Restriction { by } => forced[by] = Some(Action::Restrict),
            ShockKind::Front { on, weight } => {
                for l in 0..L {
                    b.front_extra[on][l] += weight;
                }
            }
        }
    }
    for rec in recs.iter_mut() {
        *rec = DayRecord { day, ..DayRecord::default() };
    }

    // 1. Insurgent attacks: discrete Hawkes with background μ_i(state).
    let (background, mean) = attack_intensities(p, b);
    let mut zero_bound = [[0.0; L]; 2];
    let mut zero_term = [[0.0; L]; 2];
    for i in 0..2 {
        let m = F(mean[i]);
        zero_bound[i] = m.map(|m| exp_neg_bracket(-m).0).0;
        zero_term[i] = m.map(|m| exp_neg(-m)).0;
    }
    let mut n_total = [[0u32; L]; 2];
    for i in 0..2 {
        let s = &p.sides[i];
        for l in 0..L {
            let rec = &mut recs[l];
            rec.background[i] = background[i][l];
            let n = poisson_with_zero_term(&mut rngs[l], mean[i][l], zero_bound[i][l], zero_term[i][l]);
            let total = n + shock_attacks[i].len() as u32;
            n_total[i][l] = total;
            // Without attacks the pressure increment is a (finite) ±0 and adding it leaves a
            // non-zero pressure unchanged, so the update is skipped on quiet days.
            if total == 0 && b.pressure[i][l] != 0.0 {
                continue;
            }
            let mut tally = AttackTally::default();
            let q = attribution_probability(p, b, l, i);
            for _ in 0..n {
                let d = deaths_of_attack(&mut rngs[l], s);
                let attributed = attributed(&mut rngs[l], q);
                observer.attack(l, i, d, attributed == 1.0);
                tally.add(p, i, d, attributed);
            }
            for &d in &shock_attacks[i] {
                let attributed = attributed(&mut rngs[l], q);
                observer.attack(l, i, d, attributed == 1.0);
                tally.add(p, i, d, attributed);
            }
            tally.record(rec, i, total);
            blame_attacks(p, b, l, i, total, &tally);
        }
        count_attacks(p, b, i, &n_total[i]);
    }

    // 2. Decisions by logit, simultaneous, on the state after today's attacks.
    let mut u = [[0.0; L]; 2];
    for l in 0..L {
        for ui in &mut u {
            ui[l] = unit_from_bits(rngs[l].next_u64());
        }
    }
    let mut actions = [[Action::Hold; L]; 2];
    for i in 0..2 {
        if let Some(a) = forced[i] {
            actions[i] = [a; L];
            continue;
        }
        let choices = utilities(p, b, i);
        let hb = hold_bounds(p, &choices);
        for l in 0..L {
            // Most days the bracket settles "hold" at once.
            let quick_hold = (hb.best_other[l] < choices.utility[0].0[l]) & (u[i][l] * (1.0 + hb.n_other[l] * hb.hi[l]) < 1.0);
            if !quick_hold {
                actions[i][l] = choose_exact(p, &choices, l, u[i][l], &hb);
            }
        }
    }

    // An outside crisis that closes the border overrides the neighbour's own choice
    // today (but not an action a shock forces); its end lifts the closure it caused.
    for l in 0..L {
        for j in 0..2 {
            if b.outside_reopen[j][l] {
                b.outside_reopen[j][l] = false;
                if b.outside_closed[j][l] {
                    b.outside_closed[j][l] = false;
                    b.restriction[j][l] = false;
                    b.restriction_days[j][l] = 0;
                }
            }
            if b.outside_close[j][l] {
                b.outside_close[j][l] = false;
                // A shock's forced action stands; the closure does not replace it.
                if !b.restriction[j][l] && forced[j].is_none() {
                    actions[j][l] = Action::Restrict;
                    b.outside_closed[j][l] = true;
                }
            }
        }
    }

    // 3. Effects of the actions.
    for l in 0..L {
        if actions[0][l] == Action::Hold && actions[1][l] == Action::Hold {
            continue;
        }
        for i in 0..2 {
            let a = actions[i][l];
            if a != Action::Hold {
                recs[l].actions[i] = Some(a);
            }
            let rng = &mut rngs[l];
            apply_action(p, b, l, i, a, &mut recs[l], |mean| crate::poisson(rng, mean) as f64);
        }
    }

    // 4. Decay and reciprocity of pressure and hostility.
    decay(p, b);

    // 5. Slow variables.
    slow_variables(p, b);

    // 6. Status, war and resolution.
    let sustained: [bool; L] =
        std::array::from_fn(|l| actions[0][l] == Action::Sustained || actions[1][l] == Action::Sustained);
    status(p, b, &sustained, recs);
}

/// 1 if an attack is attributed to the neighbour (with probability `q`), else 0.
#[inline(always)]
fn attributed<R: Rng>(rng: &mut R, q: f64) -> f64 {
    if unit_from_bits(rng.next_u64()) < q { 1.0 } else { 0.0 }
}

/// Background rate μ_i and Poisson mean μ_i + a_X·X_i + a·S_i of attacks on each side, per lane.
#[inline(always)]
pub(crate) fn attack_intensities<const L: usize>(p: &ModelParams, b: &Batch<L>) -> ([[f64; L]; 2], [[f64; L]; 2]) {
    let mut background = [[0.0; L]; 2];
    let mut mean = [[0.0; L]; 2];
    for i in 0..2 {
        let s = &p.sides[i];
        let haven = haven_factor(s, F(b.sanctuary[i]), F(b.cooperation), p);
        let grievance_term = (s.grievance_sensitivity * (F(b.grievance[i]) - s.grievance0)).map(exp_any);
        let mu = s.mu0 * F(b.capacity[i]) * (haven * F(b.inv_haven_reference[i])) * grievance_term;
        // N ~ Poisson(μ + a_X·X + a·S): the discrete Hawkes step (`attack_count`).
        let m = mu + s.strike_excite * F(b.strike_excitation[i]) + s.excite * F(b.excitation[i]);
        background[i] = mu.0;
        mean[i] = m.0;
    }
    (background, mean)
}

/// The day's attacks on one side of one lane, added up as they are drawn or read.
#[derive(Default)]
pub(crate) struct AttackTally {
    deaths: u32,
    max_deaths: u32,
    /// Σ outrage(d)·mass(d) over all the day's attacks.
    weight: f64,
    /// The same sum over the attacks the government attributes to the neighbour's sanctuary.
    blamed_weight: f64,
    /// Number of attributed attacks (an expected number in the replay).
    blamed_attacks: f64,
}

impl AttackTally {
    /// Adds one attack on side `i` with `d` dead, of which the share `attributed` (1 or 0
    /// in a simulation, the attribution probability in a replay) is blamed on the neighbour.
    #[inline(always)]
    pub(crate) fn add(&mut self, p: &ModelParams, i: usize, d: u32, attributed: f64) {
        self.deaths += d;
        self.max_deaths = self.max_deaths.max(d);
        let mass = if d >= p.mass_casualty_deaths { 2.0 } else { 1.0 };
        // Outrage grows with the toll but saturates: 20·ln(1 + d/20) is d for small
        // attacks, 18 for 30 dead and 53 for 263 dead (tabulated in `SideParams::outrage`).
        let outrage = match p.sides[i].outrage.get(d as usize) {
            Some(w) => *w,
            None => OUTRAGE_SCALE * (d as f64 / OUTRAGE_SCALE).ln_1p(),
        };
        self.weight += outrage * mass;
        self.blamed_weight += attributed * outrage * mass;
        self.blamed_attacks += attributed;
    }

    /// Writes the day's attack figures of side `i` into `rec`.
    #[inline(always)]
    pub(crate) fn record(&self, rec: &mut DayRecord, i: usize, total: u32) {
        rec.attacks[i] = total;
        rec.deaths[i] = self.deaths;
        rec.max_attack_deaths[i] = self.max_deaths;
    }
}

/// The probability that state `i` (lane `l`) attributes an attack on its soil to the
/// neighbour's sanctuary: the group's blame share, which shrinks with the sanctuary
/// itself and with cooperation (shared intelligence).
#[inline(always)]
pub(crate) fn attribution_probability<const L: usize>(p: &ModelParams, b: &Batch<L>, l: usize, i: usize) -> f64 {
    let s = &p.sides[i];
    (s.blame * b.sanctuary[i][l] / s.sanctuary0.max(1e-9)).min(1.0) * (1.0 - 0.5 * b.cooperation[l])
}

/// Attribution: today's attacks on side `i` (lane `l`) that the government blames on the
/// neighbour raise its pressure and hostility. Each attack is attributed whole or not at
/// all ([`attribution_probability`]): a government blames a particular attack on the
/// neighbour, it does not blame a share of every attack.
#[inline(always)]
pub(crate) fn blame_attacks<const L: usize>(
    p: &ModelParams,
    b: &mut Batch<L>,
    l: usize,
    i: usize,
    total: u32,
    tally: &AttackTally,
) {
    let s = &p.sides[i];
    b.pressure[i][l] += (1.0 + s.strain) * b.run.pressure_per_death[i][l] * tally.blamed_weight;
    if total > 0 {
        // One attack (most days with any): its size term is tabulated.
        let size = match s.attack_size.get(tally.max_deaths as usize) {
            Some(&size) if total == 1 => size,
            _ => tally.weight.max(1.0).ln() + 1.0,
        };
        b.hostility[i][l] += p.hostility_per_attack * tally.blamed_attacks * size;
    }
}

/// The Hawkes excitation after today's `total[l]` attacks on side `i`, and the decay of
/// the strike excitation: S ← ρ·S + N, X ← ρ·X.
#[inline(always)]
pub(crate) fn count_attacks<const L: usize>(p: &ModelParams, b: &mut Batch<L>, i: usize, total: &[u32; L]) {
    let rho = p.sides[i].rho;
    for l in 0..L {
        b.excitation[i][l] = rho * b.excitation[i][l] + total[l] as f64;
        b.strike_excitation[i][l] *= rho;
    }
}

/// Step 4: decay and reciprocity of pressure, owed retaliation, hostility, the strike
/// balance and the strike memory.
#[inline(always)]
pub(crate) fn decay<const L: usize>(p: &ModelParams, b: &mut Batch<L>) {
    for l in 0..L {
        let h = [b.hostility[0][l], b.hostility[1][l]];
        for i in 0..2 {
            let j = 1 - i;
            b.pressure[i][l] *= 1.0 - p.pressure_decay;
            b.owed[i][l] *= 1.0 - p.pressure_decay;
            b.hostility[i][l] = (1.0 - p.hostility_decay) * h[i] + p.hostility_reactivity * (h[j] - h[i]).max(0.0);
            b.strike_balance[i][l] *= p.strike_memory;
        }
        b.recent_strikes[l] *= p.strike_memory;
    }
}

/// Step 5: the slow variables (fuel, cooperation, status clocks, development, grievance,
/// capacity, sanctuary, trade, pipeline, momentum). Deterministic given the state.
#[inline(always)]
pub(crate) fn slow_variables<const L: usize>(p: &ModelParams, b: &mut Batch<L>) {
    let smuggled0 = p.fuel_smuggled_fraction;
    let border_closed = B::from_bools(&b.restriction[0]) | B::from_bools(&b.restriction[1]);
    let smuggled = smuggled0 * (1.0 - p.smuggling_crackdown) * border_closed.pick(0.4, 1.0);
    let formal = (1.0 - smuggled0) * border_closed.pick(0.0, 1.0);
    b.fuel_share = (p.fuel_share0 * (formal + smuggled)).0;
    let livelihood_loss = if smuggled0 > 0.0 { 1.0 - smuggled / smuggled0 } else { F::splat(0.0) };
    let funding = if smuggled0 > 0.0 { smuggled / smuggled0 } else { F::splat(1.0) };
    let cooperation = (F(b.cooperation) * (1.0 - p.cooperation_decay)).max(p.liaison_ct);
    b.cooperation = cooperation.0;
    for l in 0..L {
        b.days_recalled[l] += b.recalled[l] as u32;
        for i in 0..2 {
            b.restriction_days[i][l] += b.restriction[i][l] as u32;
        }
    }
    let mean_grievance = 0.5 * (F(b.grievance[0]) + F(b.grievance[1]));
    let supplier_cut = !B::from_bools(&b.electricity_on);
    for i in 0..2 {
        let s = &p.sides[i];
        // Development spending becomes effective with a first-order lag.
        let spend = F::splat(s.development_usd_m + s.outside_effective);
        let dev = F(b.development[i]);
        // At the target the increment is +0 and only a −0 would change (to +0).
        let moving = spend.ne(dev) | dev.eq_scalar(0.0);
        if moving.any() || !b.development_exp_valid {
            let dev = moving.select(dev + (spend - dev) / s.development_lag_days, dev);
            b.development[i] = dev.0;
            let dev_arg = -s.development_effect * dev / 10.0;
            b.development_exp[i] = dev_arg.map(exp_neg).0;
        }
        let outage = if i != p.supplier { supplier_cut.pick(1.0, 0.0) } else { F::splat(0.0) };
        let target = s.autonomy
            + s.poverty * F(b.development_exp[i])
            + 0.1 * s.strain
            + s.livelihood_grievance * livelihood_loss
            + s.outage_grievance * outage;
        let g = F(b.grievance[i]);
        let g = g + s.grievance_relaxation * DAY_IN_YEARS * (target.min(1.0) - g);
        b.grievance[i] = g.0;
        // Capacity: recruitment toward the carrying level, home attrition on the non-sheltered share.
        let recruit = s.recruitment * g * (1.0 + s.smuggling_funding * (funding - 1.0)).max(0.0);
        let sanctuary = F(b.sanctuary[i]);
        let attrition = s.ci_attrition * (1.0 + p.cooperation_ci_boost * cooperation) * (1.0 - sanctuary);
        let cap = F(b.capacity[i]);
        let cap = cap + (recruit * (s.capacity_max - cap) - attrition * cap) * DAY_IN_YEARS;
        b.capacity[i] = cap.max(0.0).0;
        // Sanctuary: expulsion pushes militants home; grievance on both sides lets them filter back.
        let expel = p.mutual_expulsion * p.inv_expulsion_days;
        let back = s.reinfiltration * mean_grievance * DAY_IN_YEARS;
        let sanctuary = sanctuary + (back * (s.sanctuary0 - sanctuary) - expel * sanctuary);
        b.sanctuary[i] = sanctuary.clamp(0.0, 1.0).0;
    }
    b.development_exp_valid = true;
    // Trade moves toward the policy target while relations are normal, and falls while the border is closed.
    let recalled = B::from_bools(&b.recalled);
    let relations_normal = !recalled & !border_closed;
    let trade = F(b.trade);
    let trade_floor = p.trade0 * (1.0 - p.trade_restriction_loss);
    let falling = trade + (F::splat(trade_floor).min_lanes(trade) - trade) * 0.05;
    let momentum = B::from_fn(|l| b.momentum_days[l] > 0);
    let growing = trade
        + p.trade_growth * DAY_IN_YEARS * momentum.pick(2.0, 1.0) * (1.0 - p.sanctions_drag) * (p.trade_target - trade);
    b.trade = border_closed.select(falling, recalled.select(trade, growing)).0;
    if p.pipeline_completion > 0.0 {
        let pipeline = F(b.pipeline);
        let built = (pipeline + p.pipeline_completion * (1.0 - p.sanctions_drag) * p.inv_pipeline_build_days).min(1.0);
        b.pipeline = relations_normal.select(built, pipeline).0;
    }
    for l in 0..L {
        b.momentum_days[l] = b.momentum_days[l].saturating_sub(1);
    }
}

/// Step 6: the war test, the dyad's rung, the resolution streak and the rest of each lane's
/// record. `sustained[l]`: a state chose sustained strikes today in lane `l`.
#[inline(always)]
pub(crate) fn status<const L: usize>(p: &ModelParams, b: &mut Batch<L>, sustained: &[bool; L], recs: &mut [DayRecord; L]) {
    let day = b.day;
    for l in 0..L {
        // War: a sustained-strike campaign, or strikes on `war_strike_days` distinct days
        // within `war_window_days` (a ring buffer of the most recent strike days).
        let rec = &mut recs[l];
        let mut war_today = sustained[l];
        if rec.strike[0] || rec.strike[1] {
            let ring = &mut b.strike_days[l * b.window..(l + 1) * b.window];
            let next = &mut b.strike_days_next[l];
            ring[*next] = day;
            *next = (*next + 1) % ring.len();
            let oldest = ring[*next];
            if oldest > 0 && day - oldest < p.war_window_days {
                war_today = true;
            }
        }
        if war_today {
            if b.war_day[l] == 0 {
                b.war_day[l] = day;
            }
            b.last_war_day[l] = day;
        }
        rec.war = war_today;
    }
    let rungs = rungs(b);
    let tension = tension(b);
    for l in 0..L {
        let rec = &mut recs[l];
        rec.rung = rungs[l] as u8;
        // A side with no insurgent process (reference rate 0) is always quiet.
        let quiet = (0..2).all(|i| {
            let reference = b.mu_reference[i][l];
            rec.background[i] < p.resolution_intensity_share * reference || reference == 0.0
        });
        let relations_normal = !(b.recalled[l] || b.restriction[0][l] || b.restriction[1][l]);
        if quiet && rec.rung <= 1 && relations_normal {
            b.resolution_streak[l] += 1;
        } else {
            b.resolution_streak[l] = 0;
        }
        rec.resolved = b.resolution_streak[l] >= p.resolution_days;
        rec.tension = tension.0[l];
        rec.trade = b.trade[l];
        rec.recalled = b.recalled[l];
        rec.border_closed = b.restriction[0][l] || b.restriction[1][l];
        rec.electricity_on = b.electricity_on[l];
    }
}

/// The effects of state `i`'s action `a` in lane `l`. A strike's deaths come from
/// `strike_deaths(mean)`, given the expected toll: a Poisson draw in the simulation, the
/// recorded toll on replay.
pub(crate) fn apply_action<const L: usize>(
    p: &ModelParams,
    b: &mut Batch<L>,
    l: usize,
    i: usize,
    a: Action,
    rec: &mut DayRecord,
    strike_deaths: impl FnOnce(f64) -> f64,
) {
    let j = 1 - i;
    let day = b.day;
    let rung = a.rung();
    if rung > 0 {
        let sat = satisfaction(rung as f64).min(1.0);
        b.pressure[i][l] *= 1.0 - p.sides[i].honour_discharge * sat;
        if rung >= 5 {
            b.owed[i][l] *= 1.0 - p.sides[i].honour_discharge;
        }
    }
    match a {
        Action::Hold => {}
        Action::Accuse => {
            b.last_accuse[i][l] = day;
            b.hostility[j][l] += p.hostility_per_protest;
        }
        Action::Summon => {
            b.last_summon[i][l] = day;
            b.hostility[j][l] += 2.0 * p.hostility_per_protest;
        }
        Action::Recall => {
            b.recalled[l] = true;
            b.hostility[j][l] += 3.0 * p.hostility_per_protest;
        }
        Action::Restrict => {
            b.restriction[i][l] = true;
            b.restriction_days[i][l] = 0;
            b.hostility[j][l] += 4.0 * p.hostility_per_protest;
            if i == p.supplier {
                b.electricity_on[l] = false;
            }
        }
        Action::Strike | Action::Sustained => {
            let weight = if a == Action::Sustained { 3.0 } else { 1.0 };
            rec.strike[i] = true;
            b.last_strike[i][l] = day;
            if a == Action::Sustained {
                b.last_sustained[i][l] = day;
            }
            // The strike hits the sanctuary of the group attacking state i, located in j.
            let group = &p.sides[i];
            let hit = (group.strike_attrition * weight).min(1.0) * b.sanctuary[i][l];
            b.capacity[i][l] *= 1.0 - hit;
            b.strike_excitation[i][l] += weight;
            let killed = strike_deaths(p.strike_deaths * weight);
            rec.strike_deaths[i] = killed as u32;
            b.grievance[j][l] = (b.grievance[j][l] + p.sides[j].strike_casualty_grievance * killed).min(1.0);
            b.hostility[j][l] += p.hostility_per_strike * weight;
            b.strike_balance[j][l] += weight;
            b.strike_balance[i][l] -= weight;
            // Only an unanswered strike adds pressure: comparative reciprocity.
            let unanswered = b.strike_balance[j][l].clamp(0.0, 1.0);
            let demand = (1.0 + p.sides[j].strain) * p.sides[j].pressure_per_strike * unanswered;
            b.owed[j][l] += demand;
            b.pressure[j][l] += 0.3 * demand;
            b.cooperation[l] *= 0.5;
            b.recent_strikes[l] += 1.0;
        }
        Action::Call | Action::Visit | Action::Restore | Action::Liaison | Action::Deal => {
            let relief = match a {
                Action::Call => 0.5,
                Action::Liaison => 0.5,
                Action::Deal => 0.7,
                _ => 1.0,
            } * p.hostility_relief;
            b.hostility[i][l] = (b.hostility[i][l] - relief).max(0.0);
            b.hostility[j][l] = (b.hostility[j][l] - relief).max(0.0);
            match a {
                Action::Restore => {
                    b.recalled[l] = false;
                    b.days_recalled[l] = 0;
                }
                Action::Liaison => b.cooperation[l] = (b.cooperation[l] + p.cooperation_gain).min(1.0),
                Action::Visit => {
                    b.cooperation[l] = (b.cooperation[l] + 0.5 * p.cooperation_gain).min(1.0);
                    b.momentum_days[l] = 180;
                }
                Action::Deal => {
                    if b.restriction[i][l] {
                        b.restriction[i][l] = false;
                        b.outside_closed[i][l] = false;
                        if i == p.supplier {
                            b.electricity_on[l] = true;
                        }
                    } else {
                        b.momentum_days[l] = 180;
                    }
                }
                _ => {}
            }
        }
    }
}

/// The dyad's escalation rung in every lane (0..6).
#[inline(always)]
fn rungs<const L: usize>(b: &Batch<L>) -> [u32; L] {
    let d = b.day;
    let within = |last: u32, days: u32| (last > 0) & (d.wrapping_sub(last) < days);
    let level = |cond: bool, rung: u32| if cond { rung } else { 0 };
    let mut r = [0u32; L];
    for l in 0..L {
        let mut x = level(b.recalled[l], 3).max(level(within(b.last_war_day[l], 7), 6));
        for i in 0..2 {
            x = x
                .max(level(within(b.last_sustained[i][l], 7), 6))
                .max(level(within(b.last_strike[i][l], 3), 5))
                .max(level(b.restriction[i][l], 4))
                .max(level(within(b.last_summon[i][l], 7), 2))
                .max(level(within(b.last_accuse[i][l], 7), 1));
        }
        r[l] = x;
    }
    r
}

/// The tension index in every lane.
#[inline(always)]
fn tension<const L: usize>(b: &Batch<L>) -> F<L> {
    let closed = B::from_bools(&b.restriction[0]) | B::from_bools(&b.restriction[1]);
    tension_index([F(b.hostility[0]), F(b.hostility[1])], B::from_bools(&b.recalled), closed, F(b.recent_strikes))
}

/// The tension index: mean hostility plus 2 while ambassadors are recalled, 3 while
/// the border is closed and 4 per (decaying) recent strike day.
#[inline(always)]
pub(crate) fn tension_index<const L: usize>(hostility: [F<L>; 2], recalled: B<L>, closed: B<L>, recent_strikes: F<L>) -> F<L> {
    0.5 * (hostility[0] + hostility[1]) + 2.0 * recalled.pick(1.0, 0.0) + 3.0 * closed.pick(1.0, 0.0) + 4.0 * recent_strikes
}
