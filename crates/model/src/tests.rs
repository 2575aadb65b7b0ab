use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;
use scenario::ShockKind;

/// The daily Hawkes process has stationary mean rate μ/(1−n). Each replicate is an
/// independent run whose mean after a burn-in is one observation; the tolerance is
/// four standard errors of the mean of those observations.
#[test]
fn hawkes_component_reaches_its_stationary_rate() {
    for (mu, n, decay) in [(0.35, 0.45, 14.0), (0.04, 0.45, 14.0), (0.2, 0.7, 7.0)] {
        let rho = (-1.0f64 / decay).exp();
        let excite = n * (1.0 - rho);
        let replicates = 400;
        let (burn, days) = (300, 2000);
        let mut means = Vec::with_capacity(replicates);
        for r in 0..replicates {
            let mut rng = ChaCha8Rng::seed_from_u64(20_241_215);
            rng.set_stream(r as u64);
            let mut s = 0.0;
            let mut total = 0u64;
            for day in 0..burn + days {
                let count = attack_count(&mut rng, mu, excite, s);
                s = rho * s + count as f64;
                if day >= burn {
                    total += count as u64;
                }
            }
            means.push(total as f64 / days as f64);
        }
        let m = means.iter().sum::<f64>() / replicates as f64;
        let var = means.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (replicates - 1) as f64;
        let se = (var / replicates as f64).sqrt();
        let want = mu / (1.0 - n);
        assert!((m - want).abs() < 4.0 * se, "μ={mu} n={n}: mean {m} vs {want} (se {se})");
        // The test is not vacuous: a process without excitation is clearly rejected.
        assert!((m - mu).abs() > 4.0 * se, "μ={mu} n={n}: indistinguishable from Poisson");
    }
}

#[test]
fn fatality_draws_follow_the_truncated_power_law() {
    let scenario = scenario::builtin("iran-pakistan").unwrap();
    let params = ModelParams::new(&scenario, &scenario.default_levers());
    let side = &params.sides[1];
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let draws = 200_000;
    let mut ones = 0u64;
    let mut max = 0u32;
    for _ in 0..draws {
        let d = deaths_of_attack(&mut rng, side);
        if d == 1 {
            ones += 1;
        }
        max = max.max(d);
    }
    // P(X = 1) = 1 / Σ k^−α over 1..=cap.
    let norm: f64 = (1..=side.fatality_cap).map(|k| (k as f64).powf(-side.fatality_exponent)).sum();
    let p1 = 1.0 / norm;
    let share = ones as f64 / draws as f64;
    let se = (p1 * (1.0 - p1) / draws as f64).sqrt();
    assert!((share - p1).abs() < 4.0 * se, "share of one-death attacks {share} vs {p1}");
    assert!(max <= side.fatality_cap);
}

#[test]
fn logit_probabilities_sum_to_one_and_respect_feasibility() {
    let scenario = scenario::builtin("iran-pakistan").unwrap();
    let params = ModelParams::new(&scenario, &scenario.default_levers());
    let state = State::initial(&params);
    for side in 0..2 {
        let probs = choice_probabilities(&params, &state, side);
        let total: f64 = probs.iter().sum();
        assert!((total - 1.0).abs() < 1e-12);
        // Ambassadors are in place on day 0, so they cannot be restored.
        assert_eq!(probs[Action::Restore.index()], 0.0);
        // Routine dominates a calm day.
        assert!(probs[Action::Hold.index()] > 0.8);
    }
}

/// The sampled choice frequencies match the logit probabilities (the fast path is exact).
#[test]
fn sampled_choices_match_logit_probabilities() {
    let scenario = scenario::builtin("iran-pakistan").unwrap();
    let params = ModelParams::new(&scenario, &scenario.default_levers());
    let mut state = State::initial(&params);
    state.pressure[0] = 6.0;
    state.hostility[0] = 3.0;
    let probs = choice_probabilities(&params, &state, 0);
    let b = Batch::take(&params, &mut state);
    let choices = batch::utilities(&params, &b, 0);
    let bounds = batch::hold_bounds(&params, &choices);
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let draws = 200_000;
    let mut counts = [0u64; N_ACTIONS];
    for _ in 0..draws {
        let u = unit_from_bits(rng.next_u64());
        counts[batch::choose_exact(&params, &choices, 0, u, &bounds).index()] += 1;
    }
    for k in 0..N_ACTIONS {
        let share = counts[k] as f64 / draws as f64;
        let se = (probs[k] * (1.0 - probs[k]) / draws as f64).sqrt().max(1e-9);
        assert!((share - probs[k]).abs() < 4.5 * se + 1e-9, "action {k}: {share} vs {}", probs[k]);
    }
}

#[test]
fn an_unanswered_strike_creates_owed_retaliation_that_a_strike_discharges() {
    let scenario = scenario::builtin("iran-pakistan").unwrap();
    let params = ModelParams::new(&scenario, &scenario.default_levers());
    let mut state = State::initial(&params);
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let strike = scenario::Shock { day: 1, kind: ShockKind::Strike { by: 0 } };
    step(&params, &mut state, &[&strike], &mut rng);
    let owed_before = state.owed[1];
    assert!(owed_before > 5.0, "the struck state owes a response: {owed_before}");
    assert!(state.owed[0] < 1e-9, "the striker owes nothing");
    let answer = scenario::Shock { day: 2, kind: ShockKind::Strike { by: 1 } };
    step(&params, &mut state, &[&answer], &mut rng);
    // Answering discharges the honour_discharge share (0.8) of the debt.
    assert!(state.owed[1] < 0.25 * owed_before, "answering discharges the debt: {} of {owed_before}", state.owed[1]);
    assert!(state.owed[0] < 1.0, "a matched answer leaves the first striker little to avenge: {}", state.owed[0]);
}

/// Shocks that force a strike, a recall and a restriction by each state and a
/// mass-casualty attack on each side, so a replay meets every kind of move.
fn forcing_shocks() -> Vec<Shock> {
    let mut shocks = Vec::new();
    for side in 0..2 {
        let at = 30 * side as u32;
        shocks.push(Shock { day: 20 + at, kind: ShockKind::Attack { side, deaths: 40 } });
        shocks.push(Shock { day: 21 + at, kind: ShockKind::Attack { side, deaths: 3 } });
        shocks.push(Shock { day: 21 + at, kind: ShockKind::Attack { side, deaths: 7 } });
        shocks.push(Shock { day: 22 + at, kind: ShockKind::Strike { by: side } });
        shocks.push(Shock { day: 25 + at, kind: ShockKind::Recall { by: side } });
        shocks.push(Shock { day: 90 + at, kind: ShockKind::Restriction { by: side } });
        shocks.push(Shock { day: 150 + at, kind: ShockKind::Strike { by: 1 - side } });
        shocks.push(Shock { day: 152 + at, kind: ShockKind::Strike { by: side } });
    }
    shocks
}

/// Replaying each simulated day's record from the same state gives the simulated state
/// bit for bit (`Debug` prints every field, private ones included, exactly), and the same
/// day record, for every built-in scenario.
#[test]
fn replay_of_observed_days_reproduces_the_simulation_bit_for_bit() {
    for name in scenario::builtin_names() {
        let sc = scenario::builtin(name).unwrap();
        let p = ModelParams::new(&sc, &sc.default_levers());
        let shocks = forcing_shocks();
        for run in 0..4 {
            let mut rng = ChaCha8Rng::seed_from_u64(77);
            rng.set_stream(run);
            let mut simulated = State::initial(&p);
            let mut replayed = State::initial(&p);
            let mut moves = [0usize; 2];
            for day in 1..=400 {
                let todays: Vec<&Shock> = shocks.iter().filter(|s| s.day == day).collect();
                let (rec, observed) = step_observed(&p, &mut simulated, &todays, &mut rng);
                let again = replay_day(&p, &mut replayed, &observed);
                assert_eq!(format!("{simulated:?}"), format!("{replayed:?}"), "{name} run {run} day {day}");
                assert_eq!(format!("{rec:?}"), format!("{again:?}"), "{name} run {run} day {day}");
                for (i, made) in moves.iter_mut().enumerate() {
                    *made += observed.actions[i].len();
                    assert_eq!(observed.attacks[i].len() as u32, rec.attacks[i]);
                    assert_eq!(observed.attacks[i].iter().sum::<u32>(), rec.deaths[i]);
                }
            }
            assert!(moves[0] > 3 && moves[1] > 3, "{name}: moves {moves:?}");
        }
    }
}

/// `step_observed` is `step`: the same trajectory bit for bit.
#[test]
fn step_observed_is_step() {
    let sc = scenario::builtin("iran-pakistan").unwrap();
    let p = ModelParams::new(&sc, &sc.default_levers());
    let shocks = forcing_shocks();
    let mut a = State::initial(&p);
    let mut b = State::initial(&p);
    let mut ra = ChaCha8Rng::seed_from_u64(5);
    let mut rb = ChaCha8Rng::seed_from_u64(5);
    for day in 1..=300 {
        let todays: Vec<&Shock> = shocks.iter().filter(|s| s.day == day).collect();
        let rec = step(&p, &mut a, &todays, &mut ra);
        let (rec_b, _) = step_observed(&p, &mut b, &todays, &mut rb);
        assert_eq!(format!("{a:?}{rec:?}"), format!("{b:?}{rec_b:?}"), "day {day}");
    }
}
