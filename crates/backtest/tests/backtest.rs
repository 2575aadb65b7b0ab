//! Tests of the as-of state, calibration and backtests, on data with a known generating process.

use backtest::{
    BacktestConfig, CalibrateOptions, backtest, calibrate, events_from_trajectory, history_state,
};
use engine::{EventKind, RunSpec};
use ensemble::EnsembleConfig;
use events::{Actor, Country, Date, Event, EventType, Fatalities, Location};
use model::ModelParams;
use scenario::Scenario;

fn builtin() -> Scenario {
    scenario::builtin("iran-pakistan").expect("builtin scenario")
}

fn date(s: &str) -> Date {
    Date::parse_iso(s).expect("date")
}

/// Side indices of the built-in iran-pakistan scenario.
const IRAN: usize = 0;
const PAKISTAN: usize = 1;

fn attack(d: Date, on: usize, deaths: u32) -> Event {
    let (actor, target, country) = (Actor::Insurgents(on), Actor::State(on), Country::State(on));
    let mut e = Event::new(d, actor, target, EventType::InsurgentAttack);
    e.location = Location { country: Some(country), ..Location::default() };
    e.fatalities = Some(Fatalities::exact(deaths));
    e
}

/// A simulated trajectory of the built-in scenario from 2020-01-01, as events.
fn simulated_events(sc: &Scenario, days: u32, seed: u64) -> (Vec<model::DayRecord>, Vec<Event>) {
    let params = ModelParams::new(sc, &sc.default_levers());
    let checkpoints = [days];
    let spec = RunSpec::new(sc, &params, &[], days, &checkpoints);
    let records = engine::trajectory(&spec, seed, 0);
    let events = events_from_trajectory(&records, sc, date("2020-01-01")).expect("sides iran and pakistan");
    (records, events)
}

#[test]
fn replay_of_a_simulated_trajectory_recovers_the_model_state() {
    let sc = builtin();
    let params = ModelParams::new(&sc, &sc.default_levers());
    let days = 500;
    let checkpoints = [days];
    let spec = RunSpec::new(&sc, &params, &[], days, &checkpoints);
    let mut states = Vec::new();
    let mut records = Vec::new();
    engine::simulate(&spec, 11, 0, |rec, st| {
        records.push(rec.clone());
        states.push(st.clone());
    });
    let events = events_from_trajectory(&records, &sc, date("2020-01-01")).unwrap();
    // After a year the model's own day-0 excitation (which the replay does not see) has decayed away.
    for day in [400u32, 450, 500] {
        let as_of = date("2020-01-01").add_days(day as i32);
        let h = history_state(&events, as_of, &sc, &sc.default_levers(), 0).unwrap();
        let st = &states[day as usize - 1];
        for i in 0..2 {
            assert!(
                (h.excitation[i] - st.excitation[i]).abs() < 1e-6,
                "day {day} side {i}: replay {} vs model {}",
                h.excitation[i],
                st.excitation[i]
            );
        }
        assert_eq!(h.recalled, st.recalled, "day {day}");
        assert_eq!(h.restriction, st.restriction, "day {day}");
        assert!((h.cooperation - st.cooperation).abs() < 1e-6, "day {day}: {} vs {}", h.cooperation, st.cooperation);
        assert!((h.recent_strikes - st.recent_strikes).abs() < 1e-6 * (1.0 + st.recent_strikes), "day {day}");
    }
}

#[test]
fn excitation_and_status_by_hand() {
    let sc = builtin();
    let rho = (-1.0f64 / sc.insurgent_group[0].decay_days.value).exp();
    let iran = sc.side_of("iran").unwrap();
    let pak = sc.side_of("pakistan").unwrap();
    let mut evs = vec![
        attack(date("2024-03-01"), IRAN, 3),
        attack(date("2024-03-01"), IRAN, 1),
        attack(date("2024-03-05"), IRAN, 2),
    ];
    let mut recall = Event::new(date("2024-03-02"), Actor::State(PAKISTAN), Actor::State(IRAN), EventType::AmbassadorRecalled);
    recall.location.country = Some(Country::State(PAKISTAN));
    evs.push(recall);
    let mut strike = Event::new(date("2024-03-03"), Actor::State(IRAN), Actor::Insurgents(IRAN), EventType::CrossBorderStrike);
    strike.location.country = Some(Country::State(PAKISTAN));
    evs.push(strike);
    // As of 10 March: ages 8 (two attacks on 1 March) and 4 (5 March).
    let h = history_state(&evs, date("2024-03-10"), &sc, &sc.default_levers(), 0).unwrap();
    let expected = 2.0 * rho.powi(8) + rho.powi(4);
    assert!((h.excitation[iran] - expected).abs() < 1e-12, "{} vs {expected}", h.excitation[iran]);
    assert_eq!(h.excitation[pak], 0.0);
    assert!(h.recalled);
    assert_eq!(h.days_recalled, 8);
    assert_eq!(h.days_since_strike, Some(7));
    let m = (-1.0f64 / sc.dynamics.strike_memory_days.value).exp();
    assert!((h.recent_strikes - m.powi(7)).abs() < 1e-12);
    assert!(h.pressure[pak] > 0.0, "an unanswered strike on Pakistan raises its pressure");
    assert_eq!(h.attacks_30d[iran], 3);
    assert_eq!(h.deaths_30d[iran], 6);
    // Events on or after the as-of date are not used.
    let later = history_state(&evs, date("2024-03-02"), &sc, &sc.default_levers(), 0).unwrap();
    assert_eq!(later.events_used, 2);
    assert!(!later.recalled);
    // A restoration ends the recall.
    let mut restore = Event::new(date("2024-03-06"), Actor::State(PAKISTAN), Actor::State(IRAN), EventType::AmbassadorRestored);
    restore.location.country = Some(Country::State(PAKISTAN));
    evs.push(restore);
    let h = history_state(&evs, date("2024-03-10"), &sc, &sc.default_levers(), 0).unwrap();
    assert!(!h.recalled);
}

/// 30-day forecast from a history: [P(cross-border strike), P(ambassador recall), mean attacks on Iran].
fn forecast_30(sc: &Scenario, evs: &[Event], as_of: Date) -> [f64; 3] {
    let levers = sc.default_levers();
    let h = history_state(evs, as_of, sc, &levers, 0).unwrap();
    let state = h.state();
    let params = ModelParams::new(sc, &levers);
    let checkpoints = [30];
    let spec = RunSpec { initial: Some(&state), ..RunSpec::new(sc, &params, &[], 30, &checkpoints) };
    let iran = sc.side_of("iran").unwrap();
    let acc = ensemble::run(&spec, &EnsembleConfig { runs: 4000, seed: 5 }, &|_| {});
    [
        acc.probability(EventKind::CrossBorderStrike, 0),
        acc.probability(EventKind::AmbassadorRecall, 0),
        acc.attacks[0][iran].mean(),
    ]
}

#[test]
fn forecast_after_a_mass_casualty_attack_differs_from_a_quiet_month() {
    let sc = builtin();
    // A year of sporadic attacks in Iran (every 20 days, one dead), then a 35-death attack on 10 June.
    let mut evs: Vec<Event> = (0..18).map(|k| attack(date("2023-06-01").add_days(20 * k), IRAN, 1)).collect();
    evs.push(attack(date("2024-06-10"), IRAN, 35));
    evs.push(attack(date("2024-06-10"), IRAN, 4));
    // Quiet: 1 April 2024, more than 40 days after the last attack (15 February).
    let quiet = forecast_30(&sc, &evs, date("2024-04-01"));
    let after = forecast_30(&sc, &evs, date("2024-06-11"));
    // Strikes are rare under the built-in parameters, but several times likelier after the attack.
    assert!(after[0] > 3.0 * quiet[0], "P(strike within 30 days): after {:.5}, quiet {:.5}", after[0], quiet[0]);
    // Pressure from the blamed deaths makes a diplomatic rupture far likelier.
    assert!(after[1] > quiet[1] + 0.04, "P(recall within 30 days): after {:.4}, quiet {:.4}", after[1], quiet[1]);
    // Self-excitation: more attacks follow.
    assert!(after[2] > quiet[2] + 0.4, "mean attacks on Iran in 30 days: after {:.3}, quiet {:.3}", after[2], quiet[2]);
}

#[test]
fn calibration_recovers_known_parameters_and_writes_a_valid_scenario() {
    let sc = builtin();
    let (mu, n, beta) = (0.35, 0.45, 1.0 / 14.0);
    let days = 4000.0;
    let times = calibrate::simulate_hawkes(mu, n, beta, days, 21);
    let origin = date("2010-01-01");
    let mut evs: Vec<Event> = times
        .iter()
        .enumerate()
        .map(|(k, t)| attack(origin.add_days(t.floor() as i32), PAKISTAN, 1 + (k % 7) as u32 * (k % 3) as u32))
        .collect();
    // Only three attacks in Iran: too few to fit, the prior values stay.
    for k in 0..3 {
        evs.push(attack(origin.add_days(100 * k), IRAN, 2));
    }
    let opts = CalibrateOptions {
        data_label: "synthetic.csv".into(),
        from: Some(origin),
        to: Some(origin.add_days(days as i32 - 1)),
        seed: 3,
        ..CalibrateOptions::default()
    };
    let cal = calibrate(&evs, &sc, &opts).unwrap();
    let pak = cal.sides.iter().find(|s| s.state == "pakistan").unwrap();
    let fit = pak.hawkes.as_ref().expect("fitted");
    let within = |est: &calibrate::Estimate, truth: f64| {
        let se = est.std_error.expect("standard error");
        assert!((est.value - truth).abs() < 2.0 * se, "{} vs truth {truth} (se {se})", est.value);
    };
    within(&fit.mu, mu);
    within(&fit.branching, n);
    within(&fit.beta, beta);
    let g = cal.scenario.groups_in(cal.scenario.side_of("pakistan").unwrap())[0];
    assert_eq!(g.background_rate.value, fit.mu.value);
    assert_eq!(g.branching.value, fit.branching.value);
    assert!((g.decay_days.value - 1.0 / fit.beta.value).abs() < 1e-12);
    let (lo, hi) = fit.branching.ci95.unwrap();
    assert_eq!(g.branching.range, [lo, hi]);
    assert_eq!(g.branching.tag, scenario::Confidence::A);
    assert!(g.branching.source.contains("synthetic.csv"), "{}", g.branching.source);
    assert!(g.branching.source.contains("2010-01-01..2020-12-13"), "{}", g.branching.source);
    assert!(g.branching.source.contains(&format!("{} attacks", times.len())), "{}", g.branching.source);
    assert!(g.branching.source.contains("KS p ="), "{}", g.branching.source);
    assert!(g.fatality_exponent.source.contains("zeta"), "{}", g.fatality_exponent.source);
    // Iran kept its prior values and says why.
    let iran = cal.sides.iter().find(|s| s.state == "iran").unwrap();
    assert!(iran.hawkes.is_none());
    assert!(iran.hawkes_error.as_deref().unwrap().contains("at least 5"));
    let gi = cal.scenario.groups_in(cal.scenario.side_of("iran").unwrap())[0];
    assert_eq!(gi.branching, sc.groups_in(sc.side_of("iran").unwrap())[0].branching);
    // The written document parses and validates.
    let again = scenario::parse(&cal.scenario.to_toml(), "calibrated.toml").unwrap();
    assert_eq!(again, cal.scenario);
    let table = backtest::render_fit_table(&cal);
    assert!(table.contains("branching") && table.contains("ΔAIC"), "{table}");
}

fn synthetic_config(runs: u64) -> BacktestConfig {
    BacktestConfig {
        from: date("2021-01-01"),
        to: date("2028-01-01"),
        every_days: 30,
        horizon_days: 30,
        runs,
        seed: 3,
        bins: 5,
        data_end: Some(date("2020-01-01").add_days(2999)),
        level_window_days: 0,
    }
}

#[test]
fn backtest_on_model_generated_data_beats_climatology_on_attack_counts() {
    let sc = builtin();
    // Eight years of the model's own attacks, strikes and diplomacy; ~85 monthly origins.
    let (_, evs) = simulated_events(&sc, 3000, 99);
    let report = backtest(&evs, &sc, &sc.default_levers(), &synthetic_config(400), &|_| {}).unwrap();
    assert!(report.origins.len() >= 80, "{} origins", report.origins.len());
    for c in &report.counts {
        eprintln!(
            "{}: CRPS model {:.3} climatology {:.3} persistence {:.3}",
            c.side, c.crps_model, c.crps_climatology, c.crps_persistence
        );
    }
    let total = |f: fn(&backtest::CountScores) -> f64| report.counts.iter().map(f).sum::<f64>();
    let model = total(|c| c.crps_model);
    let clim = total(|c| c.crps_climatology);
    assert!(model < 0.97 * clim, "CRPS model {model:.3} vs climatology {clim:.3}");
    for c in &report.counts {
        assert!(c.crps_model < c.crps_climatology, "{}: {} vs {}", c.side, c.crps_model, c.crps_climatology);
        assert!(c.crps_model < 0.8 * c.crps_persistence, "{}: {} vs {}", c.side, c.crps_model, c.crps_persistence);
    }
    assert_eq!(report.binary.len(), 4);
    assert_eq!(report.reliability.iter().map(|b| b.count).sum::<usize>(), 4 * report.origins.len());
    let text = backtest::render_backtest_table(&report);
    assert!(text.contains("Reliability") && text.contains("CRPS"), "{text}");
}

#[test]
fn backtest_does_not_depend_on_thread_count() {
    let sc = builtin();
    let (_, evs) = simulated_events(&sc, 900, 7);
    let mut cfg = synthetic_config(64);
    cfg.to = date("2022-03-01");
    cfg.data_end = Some(date("2020-01-01").add_days(899));
    cfg.level_window_days = 365;
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| backtest(&evs, &sc, &sc.default_levers(), &cfg, &|_| {}).unwrap())
    };
    let one = serde_json::to_string(&run(1)).unwrap();
    let two = serde_json::to_string(&run(2)).unwrap();
    assert_eq!(one, two);
}

#[test]
fn backtest_rejects_origins_without_history() {
    let sc = builtin();
    let (_, evs) = simulated_events(&sc, 200, 1);
    let cfg = BacktestConfig {
        from: date("2020-01-05"),
        to: date("2020-01-20"),
        every_days: 30,
        horizon_days: 30,
        runs: 10,
        seed: 1,
        bins: 5,
        data_end: None,
        level_window_days: 365,
    };
    let err = backtest(&evs, &sc, &sc.default_levers(), &cfg, &|_| {}).unwrap_err();
    assert_eq!(err.field, "--from");
    assert!(err.message.contains("complete 30-day window"), "{err}");
}
