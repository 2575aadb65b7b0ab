//! The long-record base rates a combined forecast uses are the evaluation's
//! climatology baseline, and the combined fitting pools model and base rate.

use events::Date;
use learn::{CombinationWeights, DyadEvents, EvalConfig, Fitting, evaluate, record_base_rates};

fn dyad(name: &str) -> DyadEvents {
    let scenario = scenario::builtin(name).expect("a built-in scenario");
    let events = events::builtin_chronology(name, &events::Dyad::from_scenario(&scenario)).expect("a chronology").expect("it parses");
    DyadEvents { scenario, events, label: name.into() }
}

#[test]
fn record_base_rates_are_the_evaluations_climatology() {
    let d = dyad("iran-pakistan");
    let cfg = EvalConfig {
        from: Date::from_ymd(2024, 1, 1).unwrap(),
        record_end: Date::from_ymd(2024, 12, 14).unwrap(),
        runs: 10,
        seed: 1,
        burn_in_days: 365,
        bins: 10,
        bootstrap_reps: 10,
        level_window_days: 0,
    };
    let e = evaluate(std::slice::from_ref(&d), Fitting::Prior, &cfg, &|_| {});
    assert!(e.combination.is_empty());
    let mut checked = 0;
    for f in &e.forecasts {
        let rates = record_base_rates(&d, f.origin, f.horizon).expect("a record before 2024");
        let rate = rates.iter().find(|r| r.name == f.outcome).expect("every scored outcome has a base rate");
        assert_eq!(rate.probability, f.climatology, "{} {} {}", f.origin, f.horizon, f.outcome);
        checked += 1;
    }
    assert!(checked >= 5 * 11, "{checked}");
    // Before the record's first event there is no base rate.
    assert!(record_base_rates(&d, Date::from_ymd(1990, 1, 1).unwrap(), 30).is_none());
}

#[test]
fn combined_weights_pool_model_and_base_rate() {
    let w = CombinationWeights { attacks: 0.75, state_actions: 0.25 };
    assert_eq!(w.combine("mass_casualty_iran", 0.4, 0.2), 0.75 * 0.4 + 0.25 * 0.2);
    assert_eq!(w.combine("ambassador_recall", 0.4, 0.2), 0.25 * 0.4 + 0.75 * 0.2);
}
