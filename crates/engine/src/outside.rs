//! Outside crises as a random process (`docs/model.md` §8.1).
//!
//! Each run draws, before it starts, the outside crises of both states over its
//! horizon: onsets of a Poisson process at the state's rate, a log-normal
//! duration each, and whether the crisis makes the neighbour close the shared
//! border. The draws come from a stream of their own, [`outside_rng`], keyed by
//! the seed and the run index, so the model's own random numbers are the same
//! with or without outside shocks, and two arms of a comparison share them.

use model::{ModelParams, OutsideToday};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp, LogNormal};

/// One outside crisis of one state in one run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OutsideSpell {
    /// The state in crisis (side index).
    pub state: usize,
    /// First and last day of the crisis (days of the run, 1-based, inclusive).
    pub first_day: u32,
    pub last_day: u32,
    /// The neighbour closes the shared border on the first day and reopens it after the last.
    pub closes_border: bool,
}

/// The random stream of run `run_idx`'s outside crises under master seed `seed`.
pub fn outside_rng(seed: u64, run_idx: u64) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..].copy_from_slice(b"faultline outside crises");
    let mut rng = ChaCha8Rng::from_seed(key);
    rng.set_stream(run_idx);
    rng
}

/// The outside crises of run `run_idx` over `days` days, state by state in
/// order of onset. A state's next crisis starts only after its last one ended.
pub fn outside_spells(p: &ModelParams, days: u32, seed: u64, run_idx: u64) -> Vec<OutsideSpell> {
    let mut rng = outside_rng(seed, run_idx);
    let mut spells = Vec::new();
    for (state, side) in p.sides.iter().enumerate() {
        let o = &side.outside;
        if o.onsets_per_day <= 0.0 {
            continue;
        }
        let gap = Exp::new(o.onsets_per_day).expect("a positive rate");
        let length = LogNormal::new(o.median_days.ln(), o.duration_spread).expect("a finite spread");
        // `t`: the last day the state was in crisis (0: none yet).
        let mut t = 0.0f64;
        loop {
            let onset = t + gap.sample(&mut rng);
            let first_day = onset.floor() as u64 + 1;
            if first_day > u64::from(days) {
                break;
            }
            let duration = length.sample(&mut rng).round().max(1.0);
            let closes_border = rng.random::<f64>() < o.closure_share;
            let last_day = (first_day as f64 + duration - 1.0).min(f64::from(u32::MAX - 1)) as u32;
            spells.push(OutsideSpell { state, first_day: first_day as u32, last_day, closes_border });
            t = f64::from(last_day);
        }
    }
    spells
}

/// What `spells` do on `day`.
pub fn outside_today(p: &ModelParams, spells: &[OutsideSpell], day: u32) -> OutsideToday {
    let mut today = OutsideToday::default();
    for s in spells {
        let neighbour = 1 - s.state;
        if (s.first_day..=s.last_day).contains(&day) {
            today.load[s.state] = p.sides[s.state].outside.front_load;
        }
        if s.closes_border && day == s.first_day {
            today.close[neighbour] = true;
        }
        if s.closes_border && day == s.last_day.saturating_add(1) {
            today.reopen[neighbour] = true;
        }
    }
    today
}
