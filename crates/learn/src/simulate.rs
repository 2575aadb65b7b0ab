//! Records simulated by the model itself, for checking the fit where the truth is known.

use model::{ModelParams, ObservedDay, State, step_observed};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use scenario::Scenario;

use crate::likelihood::{RecordDays, Reporting, record_start};

/// Simulates `days` days of `scenario` from the record start state (see
/// [`crate::record_start`]) and returns the record as the press would keep it:
/// every attack, and each move with its reporting probability. Deterministic in `seed`.
///
/// Moves that go unreported are dropped from the record, so a replay of it misses
/// their (small) effects, as a replay of a real chronology does.
pub fn simulate_record(scenario: &Scenario, days: usize, scored_from: usize, reporting: &Reporting, seed: u64) -> RecordDays {
    let p = ModelParams::new(scenario, &scenario.default_levers());
    let mut st: State = record_start(&p);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut thin = ChaCha8Rng::seed_from_u64(seed ^ 0x7265_706f_7274);
    let mut out = Vec::with_capacity(days);
    for _ in 0..days {
        let (_, mut day): (_, ObservedDay) = step_observed(&p, &mut st, &[], &mut rng);
        for side in day.actions.iter_mut() {
            side.retain(|&a| thin.random::<f64>() < reporting.of(a));
        }
        // The press does not say which attacks a government blamed on the neighbour.
        if !reporting.attribution {
            day.attributed = [Vec::new(), Vec::new()];
        }
        out.push(day);
    }
    RecordDays { days: out, scored_from }
}
