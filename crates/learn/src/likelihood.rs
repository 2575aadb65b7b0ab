//! The likelihood of a record of moves under the model's logit choice.
//!
//! Each day the model lets each state pick one move by a multinomial logit over
//! the utilities of its feasible moves, evaluated on the state after the day's
//! attacks (`docs/model.md` §4). Replaying a record day by day
//! ([`model::replay_day_scored`]) gives those choice probabilities on every day,
//! so the record has a likelihood.
//!
//! The press does not report every move: a minister's call or a routine
//! accusation often goes unrecorded, a strike never does. A state's day is
//! therefore observed through a reporting filter: a move `a` is recorded with
//! probability `r_a` ([`Reporting`]), and a day without a recorded move is
//! either a day of holding or a day whose move went unreported:
//!
//! ```text
//! P(recorded a) = r_a · P(a)          P(nothing recorded) = P(hold) + Σ_a (1 − r_a) · P(a)
//! ```
//!
//! When a state has several recorded moves on one day (the model makes one), the
//! scored move is the highest rung, else the most consequential de-escalation
//! ([`scored_move`]); the replay applies all of them. A recorded move that the
//! model deems infeasible that day (for example restoring ambassadors that are
//! not recalled, which a coarse record can produce) is scored with a small
//! tremble probability [`TREMBLE`] rather than making the record impossible.

use model::{Action, ModelParams, N_ACTIONS, ObservedDay, State, replay_day_scored};

/// Probability given to a recorded move the model deems infeasible that day.
pub const TREMBLE: f64 = 1e-4;

/// The probability that each move, when made, is in the record.
#[derive(Clone, Debug, PartialEq)]
pub struct Reporting {
    /// Indexed like [`Action::ALL`]; the entry for [`Action::Hold`] is unused.
    pub probability: [f64; N_ACTIONS],
    /// Whether the record says which attacks each government blamed on the
    /// neighbour. A press chronology does not (the replay then uses the expected
    /// attribution); a simulated record can.
    pub attribution: bool,
}

impl Reporting {
    /// The reporting probabilities Faultline assumes for press-based chronologies
    /// ([A], `docs/calibration.md`): uses of force, recalls and restorations are
    /// always reported; closures nearly always; visits usually; summonses,
    /// cooperation steps and deals about half the time; calls and accusations
    /// rarely make a chronology.
    pub fn press() -> Reporting {
        let mut probability = [0.0; N_ACTIONS];
        for a in Action::ALL {
            probability[a.index()] = match a {
                Action::Hold => 0.0,
                Action::Strike | Action::Sustained | Action::Recall | Action::Restore => 1.0,
                Action::Restrict => 0.9,
                Action::Visit => 0.8,
                Action::Summon | Action::Liaison | Action::Deal => 0.5,
                Action::Call => 0.3,
                Action::Accuse => 0.2,
            };
        }
        Reporting { probability, attribution: false }
    }

    /// Every move is recorded (a complete record, as in simulations read in full).
    pub fn complete() -> Reporting {
        Reporting { probability: [1.0; N_ACTIONS], attribution: true }
    }

    pub fn of(&self, a: Action) -> f64 {
        self.probability[a.index()]
    }
}

/// The move a day's record is scored by: the highest rung, else the most
/// consequential de-escalation (restore, visit, deal, liaison, call), else none.
pub fn scored_move(actions: &[Action]) -> Option<Action> {
    let rank = |a: Action| -> u32 {
        if a.rung() > 0 {
            100 + a.rung() as u32
        } else {
            match a {
                Action::Restore => 5,
                Action::Visit => 4,
                Action::Deal => 3,
                Action::Liaison => 2,
                Action::Call => 1,
                _ => 0,
            }
        }
    };
    actions.iter().copied().filter(|&a| a != Action::Hold).max_by_key(|&a| rank(a))
}

/// Log-probability of what the record shows for one state on one day, given the
/// model's choice probabilities (indexed like [`Action::ALL`]).
pub fn observation_log_probability(probs: &[f64; N_ACTIONS], recorded: Option<Action>, reporting: &Reporting) -> f64 {
    match recorded {
        Some(a) => {
            let p = probs[a.index()];
            let p = if p > 0.0 { p } else { TREMBLE };
            (reporting.of(a) * p).max(1e-300).ln()
        }
        None => {
            let mut none = probs[Action::Hold.index()];
            for a in Action::ALL {
                if a != Action::Hold {
                    none += (1.0 - reporting.of(a)) * probs[a.index()];
                }
            }
            none.max(1e-300).ln()
        }
    }
}

/// What one record contributes to a fit: the days, and the first day scored (the
/// days before it only bring the state up to date).
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDays {
    pub days: Vec<ObservedDay>,
    /// Index into `days` of the first day whose moves are scored.
    pub scored_from: usize,
}

/// Tallies of a scored record.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RecordTally {
    pub log_likelihood: f64,
    pub days_scored: usize,
    /// State-days with a recorded move.
    pub moves: usize,
}

/// Replays `record` from `start` under `p` and sums the log-probabilities of what
/// the record shows for both states on every scored day.
pub fn record_log_likelihood(p: &ModelParams, start: &State, record: &RecordDays, reporting: &Reporting) -> RecordTally {
    let mut st = start.clone();
    let mut tally = RecordTally::default();
    for (k, day) in record.days.iter().enumerate() {
        let (_, probs) = replay_day_scored(p, &mut st, day);
        if k < record.scored_from {
            continue;
        }
        tally.days_scored += 1;
        for (i, side_probs) in probs.iter().enumerate() {
            let recorded = scored_move(&day.actions[i]);
            tally.moves += recorded.is_some() as usize;
            tally.log_likelihood += observation_log_probability(side_probs, recorded, reporting);
        }
    }
    tally
}

/// The state a replay of a long record starts from: the scenario's day-0 state
/// with normal relations and nothing owed (no recall, no restriction, no pressure,
/// no strike memory). The record's first years bring it up to date.
pub fn record_start(p: &ModelParams) -> State {
    let mut st = State::initial(p);
    st.recalled = false;
    st.days_recalled = 0;
    st.restriction = [false; 2];
    st.restriction_days = [0; 2];
    st.pressure = [0.0; 2];
    st.owed = [0.0; 2];
    st.strike_balance = [0.0; 2];
    st.recent_strikes = 0.0;
    st
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observation_probabilities_of_a_day_sum_to_one() {
        // Any choice distribution: the probabilities of "nothing recorded" and of each
        // recorded move add up to one (a proper observation model).
        let mut probs = [0.0; N_ACTIONS];
        let raw = [5.0, 1.0, 0.5, 0.2, 0.1, 0.05, 0.01, 0.7, 0.3, 0.0, 0.4, 0.6];
        let total: f64 = raw.iter().sum();
        for k in 0..N_ACTIONS {
            probs[k] = raw[k] / total;
        }
        let rep = Reporting::press();
        let mut sum = observation_log_probability(&probs, None, &rep).exp();
        for a in Action::ALL.into_iter().skip(1) {
            if probs[a.index()] > 0.0 {
                sum += observation_log_probability(&probs, Some(a), &rep).exp();
            }
        }
        assert!((sum - 1.0).abs() < 1e-12, "{sum}");
        // A complete record: nothing recorded means hold.
        let none = observation_log_probability(&probs, None, &Reporting::complete()).exp();
        assert!((none - probs[0]).abs() < 1e-15);
    }

    #[test]
    fn scored_move_prefers_the_highest_rung_then_restoration() {
        assert_eq!(scored_move(&[Action::Accuse, Action::Strike, Action::Summon]), Some(Action::Strike));
        assert_eq!(scored_move(&[Action::Call, Action::Restore, Action::Visit]), Some(Action::Restore));
        assert_eq!(scored_move(&[Action::Visit, Action::Accuse]), Some(Action::Accuse));
        assert_eq!(scored_move(&[Action::Hold]), None);
        assert_eq!(scored_move(&[]), None);
    }
}
