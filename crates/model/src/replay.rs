//! Replaying recorded days through the daily rule.
//!
//! A day of the model draws four kinds of random numbers: the number of attacks
//! on each side, the deaths of each attack, each state's choice and the deaths
//! of each strike. Everything else in the day follows from those draws and the
//! state by fixed arithmetic. [`replay_day`] takes the draws from an
//! [`ObservedDay`] instead of a random stream and runs that arithmetic through
//! the same functions as [`crate::step_batch`] (attribution of the attacks, the
//! Hawkes excitation, [`Action`] effects, decay and reciprocity, the slow
//! variables, status), so the rule exists once.
//!
//! Attribution is not drawn: the model adds the *expected* blamed share of each
//! attack to pressure and hostility, so a replay needs no assumption about which
//! attacks were blamed. A strike whose toll the record does not give counts its
//! expected toll. Replaying a simulated day's own record from the same state
//! therefore reproduces that state bit for bit; see `docs/model.md` §1.1 for what
//! a replay of observed events determines and what it cannot.

// Side-indexed loops over several arrays read better with an index.
#![allow(clippy::needless_range_loop)]

use crate::batch::{self, AttackObserver, AttackTally, Batch};
use crate::{Action, DayRecord, ModelParams, N_ACTIONS, State};
use rand::Rng;
use scenario::Shock;

/// What the record says about one day: the outcome of each of the day's random draws.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObservedDay {
    /// Deaths of each insurgent attack on each side (side = the state attacked), in any order.
    pub attacks: [Vec<u32>; 2],
    /// Each state's moves of the day, applied in order (state 0's, then state 1's). The model
    /// makes at most one move a day; observed data may hold several. [`Action::Hold`] is no move.
    pub actions: [Vec<Action>; 2],
    /// Deaths of state `i`'s strike today; `None` when unknown (the expected toll
    /// `strike_deaths` × weight is used). Ignored on a day without a strike by `i`.
    pub strike_deaths: [Option<u32>; 2],
    /// Whether each attack of `attacks` (same order) was blamed on the neighbour's
    /// sanctuary. A record does not say; left empty, the replay uses the attribution
    /// probability for every attack (its expected effect). A simulated day fills it.
    pub attributed: [Vec<bool>; 2],
}

impl ObservedDay {
    /// The observed day of a simulated `rec`, given the deaths of each of its attacks
    /// (the record keeps only their sum and maximum).
    pub fn from_record(rec: &DayRecord, attacks: [Vec<u32>; 2], attributed: [Vec<bool>; 2]) -> ObservedDay {
        ObservedDay {
            attacks,
            attributed,
            actions: rec.actions.map(|a| a.into_iter().collect()),
            strike_deaths: std::array::from_fn(|i| rec.strike[i].then_some(rec.strike_deaths[i])),
        }
    }
}

/// Advances `st` by one recorded day with no randomness and returns the day's record,
/// as [`crate::step`] would have written it had its draws been those of `day`.
///
/// What the record cannot give is the model's own: the state's `front_extra` (front
/// shocks) stays as it is, and shocks are not read (a shock attack or forced move is
/// simply part of `day`).
pub fn replay_day(p: &ModelParams, st: &mut State, day: &ObservedDay) -> DayRecord {
    replay(p, st, day, false).0
}

/// [`replay_day`] that also returns each state's logit choice probabilities
/// (indexed like [`Action::ALL`], 0 for infeasible moves) on the state after the
/// day's attacks, where the model makes its choice: the likelihood of the day's
/// recorded moves.
pub fn replay_day_scored(p: &ModelParams, st: &mut State, day: &ObservedDay) -> (DayRecord, [[f64; N_ACTIONS]; 2]) {
    let (rec, probs) = replay(p, st, day, true);
    (rec, probs.expect("scored"))
}

fn replay(p: &ModelParams, st: &mut State, day: &ObservedDay, score: bool) -> (DayRecord, Option<[[f64; N_ACTIONS]; 2]>) {
    let mut b = Batch::take(p, st);
    b.day += 1;
    let mut recs = [DayRecord { day: b.day, ..DayRecord::default() }];
    let rec = &mut recs[0];

    // 1. Attacks.
    let (background, _) = batch::attack_intensities(p, &b);
    for i in 0..2 {
        rec.background[i] = background[i][0];
        let total = day.attacks[i].len() as u32;
        let mut tally = AttackTally::default();
        // The record does not say which attacks the government blamed on the neighbour:
        // the replay follows the expected attribution (mean field).
        let q = batch::attribution_probability(p, &b, 0, i);
        let known = day.attributed[i].len() == day.attacks[i].len();
        for (k, &d) in day.attacks[i].iter().enumerate() {
            let share = if known { f64::from(u8::from(day.attributed[i][k])) } else { q };
            tally.add(p, i, d, share);
        }
        tally.record(rec, i, total);
        // As in the step: on a quiet day a non-zero pressure would only gain ±0.
        if total > 0 || b.pressure_of(i, 0) == 0.0 {
            batch::blame_attacks(p, &mut b, 0, i, total, &tally);
        }
        batch::count_attacks(p, &mut b, i, &[total]);
    }

    // 2. The choice, simultaneous, on the state after the attacks.
    let probs = score.then(|| [batch::logit_probabilities(p, &b, 0), batch::logit_probabilities(p, &b, 1)]);

    // 3. The recorded moves and their effects.
    let mut sustained = false;
    for i in 0..2 {
        for &a in &day.actions[i] {
            if a != Action::Hold {
                rec.actions[i] = Some(a);
            }
            sustained |= a == Action::Sustained;
            let recorded = day.strike_deaths[i];
            batch::apply_action(p, &mut b, 0, i, a, rec, |mean| recorded.map_or(mean, f64::from));
        }
    }

    // 4–6. Decay, slow variables, status.
    batch::decay(p, &mut b);
    batch::slow_variables(p, &mut b);
    batch::status(p, &mut b, &[sustained], &mut recs);
    b.put_back(st);
    let [rec] = recs;
    (rec, probs)
}

/// Collects the deaths and the attribution of each attack of a one-lane step.
struct AttackLog {
    deaths: [Vec<u32>; 2],
    attributed: [Vec<bool>; 2],
}

impl AttackObserver for AttackLog {
    fn attack(&mut self, _l: usize, i: usize, deaths: u32, attributed: bool) {
        self.deaths[i].push(deaths);
        self.attributed[i].push(attributed);
    }
}

/// [`crate::step`] that also returns the day as an [`ObservedDay`] (the deaths of every
/// attack, the moves, the strike tolls): the record [`replay_day`] reproduces the day from.
/// The trajectory is the one `step` gives, bit for bit.
pub fn step_observed<R: Rng>(p: &ModelParams, st: &mut State, shocks: &[&Shock], rng: &mut R) -> (DayRecord, ObservedDay) {
    let mut b = Batch::take(p, st);
    let mut recs = [DayRecord::default()];
    let mut log = AttackLog { deaths: [Vec::new(), Vec::new()], attributed: [Vec::new(), Vec::new()] };
    batch::step_batch_observed(p, &mut b, shocks, std::array::from_mut(rng), &mut recs, &mut log);
    b.put_back(st);
    let [rec] = recs;
    let observed = ObservedDay::from_record(&rec, log.deaths, log.attributed);
    (rec, observed)
}
