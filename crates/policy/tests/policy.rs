//! Policy crate tests on the built-in scenario, fixed seeds.

use policy::{
    compare, comparison_blocks, comparison_from_blocks, factorial, factorial_blocks, factorial_from_blocks, select_parameters, sensitivity, Arm, Factor, Measure, Method, Outcome, PolicyError, RunConfig,
    SensitivityConfig,
};
use scenario::Scenario;

fn scenario() -> Scenario {
    scenario::builtin("iran-pakistan").expect("built-in scenario parses")
}

fn baseline(s: &Scenario) -> Arm {
    Arm::baseline(s.default_levers(), Vec::new())
}

fn outcomes(s: &Scenario, names: &[&str]) -> Vec<Outcome> {
    names.iter().map(|n| Outcome::parse(n, s).unwrap()).collect()
}

fn no_progress(_: u64) {}

#[test]
fn outcome_names_resolve_against_state_ids() {
    let s = scenario();
    assert_eq!(Outcome::parse("attacks_pakistan", &s).unwrap().measure, Measure::Attacks(1));
    assert_eq!(Outcome::parse("fatalities_iran", &s).unwrap().measure, Measure::Fatalities(0));
    assert_eq!(Outcome::parse("trade_usd_bn", &s).unwrap().measure, Measure::Trade);
    assert!(Outcome::parse("strike_by_iran", &s).unwrap().is_event());
    for name in policy::outcome_names(&s) {
        assert_eq!(Outcome::parse(&name, &s).unwrap().name, name);
    }
    let err = Outcome::parse("attacks_india", &s).unwrap_err().to_string();
    assert!(err.contains("outcome `attacks_india`") && err.contains("attacks_pakistan"), "{err}");
}

#[test]
fn arm_syntax_is_parsed_and_errors_name_the_problem() {
    let s = scenario();
    let base = baseline(&s);
    let arm = Arm::parse("both:mutual_expulsion=1, development=300,shock=attack:iran:30@10", &s, &base).unwrap();
    assert_eq!(arm.name, "both");
    assert_eq!(arm.levers.mutual_expulsion, 1.0);
    assert_eq!(arm.levers.development_usd_m, [300.0, 300.0]);
    assert_eq!(arm.shocks.len(), 1);
    assert_eq!(arm.changes, vec!["mutual_expulsion=1", "development=300", "shock=attack:iran:30@10"]);

    let cases: &[(&str, &str)] = &[
        ("mutual_expulsion=1", "expected NAME:ITEM"),
        (":mutual_expulsion=1", "no name"),
        ("baseline:mutual_expulsion=1", "reserved"),
        ("x y:mutual_expulsion=1", "may only contain"),
        ("a:", "changes nothing"),
        ("a:mutual_expulsion", "has no `=`"),
        ("a:mutual_expulsion=2", "out of range"),
        ("a:expulsion=1", "unknown lever"),
        ("a:shock=attack:india:3@2", "not a state"),
        ("a:mutual_expulsion=1,,liaison_ct=1", "empty item"),
    ];
    for (text, needle) in cases {
        let err = Arm::parse(text, &s, &base).unwrap_err().to_string();
        assert!(err.contains(needle), "{text}: {err}");
    }
}

#[test]
fn an_arm_compared_with_itself_differs_by_exactly_zero() {
    let s = scenario();
    let base = baseline(&s);
    let same = Arm { name: "same".into(), ..base.clone() };
    let outs = outcomes(&s, &["cross_border_strike", "attacks_iran", "fatalities_pakistan", "trade_usd_bn"]);
    let config = RunConfig { runs: 300, seed: 7, days: 365 };
    let c = compare(&s, &base, &[same], &outs, &config, &no_progress).unwrap();
    assert_eq!(c.rows.len(), 4);
    for row in &c.rows {
        let p = &row.paired;
        assert_eq!(p.runs, 300);
        assert_eq!(p.mean_difference, 0.0, "{}", row.outcome);
        assert_eq!(p.ci.low, 0.0, "{}", row.outcome);
        assert_eq!(p.ci.high, 0.0, "{}", row.outcome);
        assert_eq!(p.mean_baseline, p.mean_alternative);
    }
    // The runs do vary, so the zero is the pairing, not a constant outcome.
    let attacks = c.rows.iter().find(|r| r.outcome == "attacks_iran").unwrap();
    assert!(attacks.paired.sd_baseline > 0.0);
}

#[test]
fn pairing_narrows_the_interval_when_arms_are_correlated() {
    let s = scenario();
    let base = baseline(&s);
    let arm = Arm::parse("dev:development=300", &s, &base).unwrap();
    let outs = outcomes(&s, &["attacks_iran", "attacks_pakistan", "trade_usd_bn"]);
    let config = RunConfig { runs: 400, seed: 11, days: 365 };
    let c = compare(&s, &base, &[arm], &outs, &config, &no_progress).unwrap();
    for row in &c.rows {
        let p = &row.paired;
        assert!(p.correlation > 0.5, "{}: correlation {}", row.outcome, p.correlation);
        assert!(p.var_paired < p.var_independent, "{}", row.outcome);
        assert!(p.variance_reduction > 2.0, "{}: {}", row.outcome, p.variance_reduction);
        // The reported interval is narrower than the independent-runs interval would be.
        let independent_half = 1.96 * p.var_independent.sqrt();
        assert!(p.ci.width() / 2.0 < independent_half, "{}", row.outcome);
    }
}

#[test]
fn a_strike_shock_makes_the_strike_certain_and_is_deterministic() {
    let s = scenario();
    let base = baseline(&s);
    let arm = Arm::parse("strike:shock=strike:iran@5", &s, &base).unwrap();
    let outs = outcomes(&s, &["cross_border_strike", "strike_by_iran"]);
    let config = RunConfig { runs: 200, seed: 3, days: 90 };
    let a = compare(&s, &base, std::slice::from_ref(&arm), &outs, &config, &no_progress).unwrap();
    for row in &a.rows {
        assert_eq!(row.paired.mean_alternative, 1.0, "{}", row.outcome);
        assert!(row.paired.mean_difference >= 0.0);
    }
    let b = compare(&s, &base, &[arm], &outs, &config, &no_progress).unwrap();
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
}

#[test]
fn compare_rejects_bad_configurations() {
    let s = scenario();
    let base = baseline(&s);
    let outs = outcomes(&s, &["war"]);
    let late = Arm::parse("late:shock=strike:iran@400", &s, &base).unwrap();
    let err = compare(&s, &base, &[late], &outs, &RunConfig { runs: 10, seed: 1, days: 365 }, &no_progress).unwrap_err();
    assert!(err.to_string().contains("after the horizon"), "{err}");
    let arm = Arm::parse("x:liaison_ct=1", &s, &base).unwrap();
    let err = compare(&s, &base, std::slice::from_ref(&arm), &outs, &RunConfig { runs: 1, seed: 1, days: 30 }, &no_progress).unwrap_err();
    assert!(matches!(&err, PolicyError::Input { field, .. } if field == "runs"), "{err}");
    let err = compare(&s, &base, &[arm.clone(), arm], &outs, &RunConfig { runs: 5, seed: 1, days: 30 }, &no_progress)
        .unwrap_err();
    assert!(err.to_string().contains("distinct"), "{err}");
}

#[test]
fn factorial_on_the_real_model_gives_consistent_effects_with_finite_intervals() {
    let s = scenario();
    let base = baseline(&s);
    let factors = vec![Factor::with_default_high("mutual_expulsion").unwrap(), Factor::with_default_high("development").unwrap()];
    let outs = outcomes(&s, &["cross_border_strike", "attacks_iran"]);
    let config = RunConfig { runs: 300, seed: 5, days: 365 };
    let f = factorial(&s, &base, &factors, &outs, &config, &no_progress).unwrap();
    let arms: Vec<Arm> = ["a:mutual_expulsion=1", "b:development=300", "ab:mutual_expulsion=1,development=300"]
        .iter()
        .map(|a| Arm::parse(a, &s, &base).unwrap())
        .collect();
    let cells = compare(&s, &base, &arms, &outs, &config, &no_progress).unwrap();
    assert_eq!(f.factors[0].low, Some(0.0));
    assert_eq!(f.factors[1].high, 300.0);
    for o in &f.outcomes {
        assert_eq!(o.cells.len(), 4);
        assert_eq!(o.effects.effects.len(), 3);
        assert_eq!(o.effects.effects[2].label, "mutual_expulsion×development");
        for e in &o.effects.effects {
            assert!(e.effect.is_finite() && e.ci.low.is_finite() && e.ci.high.is_finite(), "{}", e.label);
        }
        // An independent computation: `compare` runs the same four cells as arms against
        // the baseline (common random numbers: run r of every arm uses stream r, as in
        // the factorial), so its mean differences d₁ = m₁ − m₀ (expulsion), d₂ = m₂ − m₀
        // (development), d₃ = m₃ − m₀ (both) give the effects by hand:
        // A = (d₁ + d₃ − d₂)/2, B = (d₂ + d₃ − d₁)/2, AB = (d₃ − d₁ − d₂)/2.
        let d: Vec<f64> = cells
            .rows
            .iter()
            .filter(|r| r.outcome == o.outcome)
            .map(|r| r.paired.mean_difference)
            .collect();
        assert_eq!(d.len(), 3);
        let hand = [(d[0] + d[2] - d[1]) / 2.0, (d[1] + d[2] - d[0]) / 2.0, (d[2] - d[0] - d[1]) / 2.0];
        for (e, want) in o.effects.effects.iter().zip(hand) {
            assert!((e.effect - want).abs() < 1e-9, "{} {}: {} vs {want}", o.outcome, e.label, e.effect);
        }
        let ab = hand[2];
        // The cell means are the baseline's mean plus those differences.
        let m0 = cells.rows.iter().find(|r| r.outcome == o.outcome).unwrap().paired.mean_baseline;
        assert!((o.cells[0].mean - m0).abs() < 1e-9 && (o.cells[3].mean - (m0 + d[2])).abs() < 1e-9, "{}", o.outcome);
        // Simple effects: expulsion without and with development.
        let without = &o.simple_effects[0];
        let with = &o.simple_effects[1];
        assert_eq!(without.given, "development=0");
        assert_eq!(with.given, "development=300");
        assert!((with.paired.mean_difference - without.paired.mean_difference - 2.0 * ab).abs() < 1e-9);
    }
    // Expulsion removes sheltered capacity: fewer attacks in Iran, on average.
    let attacks = f.outcomes.iter().find(|o| o.outcome == "attacks_iran").unwrap();
    assert!(attacks.effects.effects[0].effect < 0.0);
}

#[test]
fn factorial_needs_a_high_setting_and_valid_levers() {
    let s = scenario();
    let base = baseline(&s);
    let outs = outcomes(&s, &["war"]);
    let err = Factor::with_default_high("expulsion").unwrap_err().to_string();
    assert!(err.contains("--high expulsion=VALUE"), "{err}");
    let bad = vec![Factor { lever: "liaison_ct".into(), low: None, high: 3.0 }];
    let err = factorial(&s, &base, &bad, &outs, &RunConfig { runs: 4, seed: 1, days: 30 }, &no_progress).unwrap_err();
    assert!(err.to_string().contains("out of range"), "{err}");
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap().install(f)
}

#[test]
fn sensitivity_is_bit_identical_with_one_and_two_threads() {
    let s = scenario();
    let params = select_parameters(
        &s,
        &["group.jaish_al_adl.background_rate,group.jaish_al_adl.branching,dynamics.qre_precision".to_string()],
    )
    .unwrap();
    let outcome = Outcome::parse("attacks_iran", &s).unwrap();
    let levers = s.default_levers();
    for (method, samples) in [(Method::Morris, 3), (Method::Sobol, 4)] {
        let config = SensitivityConfig::new(method, samples, 3, 60, 9);
        let run = |threads| {
            in_pool(threads, || sensitivity(&s, &levers, &[], &params, &outcome, &config, &no_progress).unwrap())
        };
        let one = serde_json::to_string(&run(1)).unwrap();
        let two = serde_json::to_string(&run(2)).unwrap();
        assert_eq!(one, two, "{method:?}");
    }
}

#[test]
fn morris_ranks_the_attack_rate_above_an_inactive_parameter() {
    let s = scenario();
    // The background rate drives attacks directly; the expulsion delay does nothing while no one expels.
    assert_eq!(s.default_levers().mutual_expulsion, 0.0);
    let params = select_parameters(
        &s,
        &["dynamics.expulsion_days".to_string(), "group.jaish_al_adl.background_rate".to_string()],
    )
    .unwrap();
    let outcome = Outcome::parse("attacks_iran", &s).unwrap();
    let config = SensitivityConfig::new(Method::Morris, 6, 8, 180, 2);
    let r = sensitivity(&s, &s.default_levers(), &[], &params, &outcome, &config, &no_progress).unwrap();
    let m = r.morris.as_ref().unwrap();
    assert_eq!(m.parameters[0].name, "group.jaish_al_adl.background_rate");
    assert!(m.parameters[0].mu_star > 0.0);
    // Common random numbers across design points: an inactive parameter reads exactly zero.
    assert_eq!(m.parameters[1].mu_star, 0.0);
    assert_eq!(m.parameters[1].sigma, 0.0);
    assert_eq!(r.design_points, 6 * 3);
    assert_eq!(r.runs, 6 * 3 * 8);
}

#[test]
fn sensitivity_rejects_bad_options() {
    let s = scenario();
    let err = select_parameters(&s, &["no.such.param".to_string()]).unwrap_err().to_string();
    assert!(err.contains("no such parameter"), "{err}");
    let params = select_parameters(&s, &[]).unwrap();
    assert!(params.len() > 20, "the scenario records many uncertain parameters");
    let outcome = Outcome::parse("war", &s).unwrap();
    let config = SensitivityConfig::new(Method::Sobol, 100, 2, 30, 1);
    let err = sensitivity(&s, &s.default_levers(), &[], &params[..2], &outcome, &config, &no_progress).unwrap_err();
    assert!(err.to_string().contains("power of two"), "{err}");
    let config = SensitivityConfig::new(Method::Morris, 4, 0, 30, 1);
    let err = sensitivity(&s, &s.default_levers(), &[], &params[..2], &outcome, &config, &no_progress).unwrap_err();
    assert!(err.to_string().contains("replicates"), "{err}");
}

#[test]
fn comparison_and_factorial_blocks_fold_to_the_same_result_however_they_are_split() {
    let s = scenario();
    let base = baseline(&s);
    let outs = outcomes(&s, &["cross_border_strike", "attacks_iran", "trade_usd_bn"]);
    // 2,500 runs make three reduction blocks (1,024, 1,024 and 452 runs).
    let config = RunConfig { runs: 2500, seed: 9, days: 60 };
    assert_eq!(ensemble::reduction_blocks(config.runs), (1024, 3));
    let arms = vec![Arm::parse("expel:mutual_expulsion=1", &s, &base).unwrap()];
    let whole = serde_json::to_string(&compare(&s, &base, &arms, &outs, &config, &no_progress).unwrap()).unwrap();
    for cuts in [vec![0..1, 1..3], vec![0..2, 2..3, 3..3], vec![0..1, 1..2, 2..3]] {
        let blocks: Vec<_> = in_pool(1 + cuts.len() % 2, || {
            cuts.iter().flat_map(|r| comparison_blocks(&s, &base, &arms, &outs, &config, r.clone(), &no_progress).unwrap()).collect()
        });
        let folded = comparison_from_blocks(&s, &base, &arms, &outs, &config, &blocks).unwrap();
        assert_eq!(serde_json::to_string(&folded).unwrap(), whole, "cuts {cuts:?}");
    }
    let two = comparison_blocks(&s, &base, &arms, &outs, &config, 0..2, &no_progress).unwrap();
    let err = comparison_from_blocks(&s, &base, &arms, &outs, &config, &two).unwrap_err();
    assert!(err.to_string().contains("2 reduction blocks given; 2500 runs make 3"), "{err}");

    let factors = vec![Factor::with_default_high("mutual_expulsion").unwrap(), Factor::with_default_high("liaison_ct").unwrap()];
    let whole = serde_json::to_string(&factorial(&s, &base, &factors, &outs, &config, &no_progress).unwrap()).unwrap();
    let blocks: Vec<_> = [2..3, 0..2]
        .into_iter()
        .rev()
        .flat_map(|r| factorial_blocks(&s, &base, &factors, &outs, &config, r, &no_progress).unwrap())
        .collect();
    let folded = factorial_from_blocks(&s, &base, &factors, &outs, &config, &blocks).unwrap();
    assert_eq!(serde_json::to_string(&folded).unwrap(), whole);
    // The blocks' statistics survive a JSON round trip exactly (what a partial file holds).
    let text = serde_json::to_string(&blocks).unwrap();
    let back: Vec<policy::FactorialBlock> = serde_json::from_str(&text).unwrap();
    let folded = factorial_from_blocks(&s, &base, &factors, &outs, &config, &back).unwrap();
    assert_eq!(serde_json::to_string(&folded).unwrap(), whole);
}
