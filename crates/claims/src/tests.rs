use super::*;

/// The built-in iran-pakistan scenario with its claims replaced by `claims` (TOML).
fn scenario_with(claims: &str) -> Scenario {
    let text = scenario::builtin_text("iran-pakistan").unwrap();
    let cut = text.find("[[claim]]").expect("the built-in scenario has claims");
    scenario::parse(&format!("{}{claims}", &text[..cut]), "test.toml").expect("test scenario is valid")
}

fn run(claims: &str, runs: u64, seed: u64) -> Vec<ClaimResult> {
    let sc = scenario_with(claims);
    let prepared = prepare(&sc).unwrap();
    evaluate(&prepared, &ClaimsConfig { runs, seed }, &|_| {})
}

const ATTACK_ARMS: &str = r#"
[[claim.arm]]
name = "calm"

[[claim.arm]]
name = "attack"
shocks = ["attack:iran:30@10"]
"#;

#[test]
fn a_claim_written_in_a_scenario_gets_its_verdict() {
    let claims = format!(
        r#"
[[claim]]
id = "attack_raises_strikes"
statement = "A mass-casualty attack makes a strike likely"
source = "test"
measure = {{ probability = "cross_border_strike", day = 60 }}
comparison = {{ difference = ["attack", "calm"] }}
bound = {{ above = 0.2 }}
{ATTACK_ARMS}
[[claim]]
id = "strikes_never_happen"
statement = "Without shocks no state ever strikes"
source = "test"
measure = {{ probability = "cross_border_strike", day = 60 }}
bound = {{ below = 0.001 }}
"#
    );
    let res = run(&claims, 400, 11);
    assert_eq!(res.len(), 2);
    let (raised, never) = (&res[0], &res[1]);
    assert!(raised.holds, "{raised:?}");
    assert_eq!(raised.checks.len(), 1);
    assert!(raised.checks[0].effect > 0.3 && raised.checks[0].low > 0.2, "{raised:?}");
    assert_eq!(raised.checks[0].threshold, "lower bound > 0.2");
    assert!(raised.checks[0].measure.contains("attack") && raised.checks[0].measure.contains("effect = attack − calm"));
    // Even with no strike at all in 400 runs, the Wilson upper bound (about 0.0095) exceeds 0.001.
    assert!(!never.holds, "{never:?}");
    assert!(never.checks[0].high > 0.001);
    assert_eq!(never.checks[0].threshold, "upper bound < 0.001");
}

/// The estimates are the plain statistics of the engine's runs: a single-arm probability
/// is the share of runs, a difference the paired mean difference.
#[test]
fn estimates_match_the_engine_runs() {
    let claims = format!(
        r#"
[[claim]]
id = "c"
statement = "s"
source = "test"
measure = {{ probability = "cross_border_strike", day = 60 }}
comparison = {{ arm = "attack" }}
bound = {{ above = 0.0 }}
{ATTACK_ARMS}
[[claim.check]]
measure = {{ quantity = "attacks_iran + attacks_pakistan", day = 60 }}
comparison = {{ difference = ["attack", "calm"] }}
bound = {{ above = -1000.0 }}

[[claim.check]]
measure = {{ quantity = "attacks_iran + attacks_pakistan", day = 60 }}
comparison = {{ ratio = ["attack", "calm"] }}
bound = {{ above = 0.0 }}
"#
    );
    let (runs, seed) = (200, 5);
    let res = run(&claims, runs, seed);
    let sc = scenario_with(&claims);
    let prepared = prepare(&sc).unwrap();
    let arms = &prepared[0].arms;
    let mut hits = 0u64;
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for r in 0..runs {
        let calm = engine::run_outcome(&arms[0].spec(), seed, r);
        let attack = engine::run_outcome(&arms[1].spec(), seed, r);
        hits += u64::from(attack.happened_by(EventKind::CrossBorderStrike, 60));
        let total = |o: &RunOutcome| f64::from(o.attacks[0][0] + o.attacks[0][1]);
        xs.push(total(&calm));
        ys.push(total(&attack));
    }
    let n = runs as f64;
    let checks = &res[0].checks;
    // The share of runs, and Wilson's interval (checked against published values in
    // the ensemble crate's `wilson_interval_matches_known_values`).
    assert_eq!(checks[0].effect, hits as f64 / n);
    assert_eq!((checks[0].low, checks[0].high), wilson_interval(hits, runs));
    // The paired difference by hand: mean ± t(0.975, 199)·sd/√n, with the quantile
    // from tables (1.971 956 54), not from the crate's own quantile function.
    const T_199: f64 = 1.971_956_544;
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n;
    let cov = |a: &[f64], b: &[f64]| {
        let (ma, mb) = (mean(a), mean(b));
        a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum::<f64>() / (n - 1.0)
    };
    let d: Vec<f64> = ys.iter().zip(&xs).map(|(y, x)| y - x).collect();
    let (md, half) = (mean(&d), T_199 * (cov(&d, &d) / n).sqrt());
    assert!(half > 0.0);
    assert!((checks[1].effect - md).abs() < 1e-9, "{} vs {md}", checks[1].effect);
    assert!((checks[1].low - (md - half)).abs() < 1e-6 && (checks[1].high - (md + half)).abs() < 1e-6, "{:?} vs {md} ± {half}", checks[1]);
    // The ratio by hand, with the delta method: r = ȳ/x̄,
    // Var r ≈ (s_y² + r² s_x² − 2 r s_xy) / (n x̄²).
    let r = mean(&ys) / mean(&xs);
    let var = (cov(&ys, &ys) + r * r * cov(&xs, &xs) - 2.0 * r * cov(&xs, &ys)) / (n * mean(&xs).powi(2));
    let half = T_199 * var.sqrt();
    assert!((checks[2].effect - r).abs() < 1e-12, "{} vs {r}", checks[2].effect);
    assert!((checks[2].low - (r - half)).abs() < 1e-6 && (checks[2].high - (r + half)).abs() < 1e-6, "{:?} vs {r} ± {half}", checks[2]);
}

#[test]
fn contrast_and_ratio_agree_with_the_difference() {
    let claims = format!(
        r#"
[[claim]]
id = "c"
statement = "s"
source = "test"
measure = {{ probability = "cross_border_strike", day = 60 }}
comparison = {{ difference = ["attack", "calm"] }}
bound = {{ above = 0.0 }}
{ATTACK_ARMS}
[[claim.check]]
measure = {{ probability = "cross_border_strike", day = 60 }}
comparison = {{ contrast = {{ attack = 1.0, calm = -1.0 }} }}
bound = {{ above = 0.0 }}

[[claim.check]]
measure = {{ probability = "cross_border_strike", day = 60 }}
comparison = {{ ratio = ["attack", "calm"] }}
bound = {{ above = 2.0 }}
"#
    );
    let res = run(&claims, 1000, 2);
    let [difference, contrast, ratio] = &res[0].checks[..] else { panic!("three checks") };
    // Same paired differences: same mean (to rounding) and interval width.
    assert!((difference.effect - contrast.effect).abs() < 1e-12);
    let width = |c: &CheckResult| c.high - c.low;
    assert!((width(difference) - width(contrast)).abs() < 1e-9);
    assert!(contrast.measure.contains("effect = −1·calm + 1·attack"), "{}", contrast.measure);
    // The ratio is the quotient of the two arms' means, shown in the difference's text.
    assert!(ratio.measure.contains("effect = attack / calm"), "{}", ratio.measure);
    assert!(ratio.holds && res[0].holds, "{res:?}");
    let means: Vec<f64> = difference
        .measure
        .split([',', ';', ':'])
        .filter_map(|part| part.split_whitespace().last()?.parse().ok())
        .collect();
    assert!((ratio.effect - means[0] / means[1]).abs() / ratio.effect < 0.01, "{means:?} {ratio:?}");
}

#[test]
fn a_claim_holds_only_when_every_check_does() {
    let claims = r#"
[[claim]]
id = "c"
statement = "s"
source = "test"
measure = { probability = "resolution", day = 90 }
bound = { below = 0.5 }

[[claim.check]]
measure = { probability = "resolution", day = 90 }
bound = { above = 0.5 }
"#;
    let res = run(claims, 200, 3);
    assert_eq!(res[0].checks.iter().map(|c| c.holds).collect::<Vec<_>>(), [true, false]);
    assert!(!res[0].holds);
}

#[test]
fn conditional_shares_count_only_qualifying_runs() {
    let claims = format!(
        r#"
[[claim]]
id = "c"
statement = "s"
source = "test"
measure = {{ probability = "cross_border_strike", day = 60, given = "cross_border_strike" }}
comparison = {{ arm = "attack" }}
bound = {{ above = 0.9 }}
{ATTACK_ARMS}
"#
    );
    let res = run(&claims, 200, 4);
    let check = &res[0].checks[0];
    // Every run with a strike has a strike: the share is 1 over the qualifying runs only.
    assert_eq!(check.effect, 1.0);
    assert!(check.measure.contains("qualifying runs"), "{}", check.measure);
    assert!(res[0].holds);
}

fn prepare_error(claims: &str) -> ClaimsError {
    prepare(&scenario_with(claims)).unwrap_err()
}

#[test]
fn outcome_names_are_checked_against_the_registry() {
    let base = "[[claim]]\nid = \"c\"\nstatement = \"s\"\nsource = \"test\"\nbound = { below = 0.5 }\n";
    let err = prepare_error(&format!("{base}measure = {{ probability = \"strikes\", day = 30 }}\n"));
    assert_eq!(err.path, "claim[0].measure.probability");
    assert!(err.message.contains("`strikes` is not an event outcome of scenario iran-pakistan"), "{err}");
    assert!(err.message.contains("cross_border_strike") && err.message.contains("ambassador_recall"), "{err}");
    // A quantity is not an event, and an event is not a quantity.
    let err = prepare_error(&format!("{base}measure = {{ probability = \"attacks_iran\", day = 30 }}\n"));
    assert!(err.message.contains("not an event outcome"), "{err}");
    let err = prepare_error(&format!("{base}measure = {{ quantity = \"attacks_iran - war\", day = 30 }}\n"));
    assert_eq!(err.path, "claim[0].measure.quantity");
    assert!(err.message.contains("`war` is not a quantity") && err.message.contains("escalations_pakistan"), "{err}");
    let err = prepare_error(&format!("{base}measure = {{ probability = \"war\", day = 30, given = \"exchange\" }}\n"));
    assert_eq!(err.path, "claim[0].measure.given");
    // Move counts cover the whole run.
    let err = prepare_error(&format!("{base}days = 60\nmeasure = {{ quantity = \"escalations_iran\", day = 30 }}\n"));
    assert_eq!(err.path, "claim[0].measure.day");
    assert!(err.message.contains("the claim's horizon, 60"), "{err}");
    // An outcome the scenario lacks is refused with the scenario's own list.
    let pa = scenario::builtin("pakistan-afghanistan").unwrap();
    assert!(prepare(&pa).unwrap().is_empty());
    assert!(!event_names(&pa).contains(&"electricity_cut".to_string()));
}

#[test]
fn the_builtin_claims_resolve() {
    let sc = scenario::builtin("iran-pakistan").unwrap();
    let prepared = prepare(&sc).unwrap();
    assert_eq!(prepared.len(), 9);
    assert_eq!(trajectories_per_run(&prepared), 4 + 3 + 2 + 2 + 2 + 2);
    assert_eq!(prepared[6].id(), "fear_of_war_short_exchanges");
    assert_eq!(prepared[6].checks.len(), 3);
}

#[test]
fn the_builtin_claims_fold_from_blocks_however_they_are_split() {
    let sc = scenario::builtin("iran-pakistan").unwrap();
    let prepared = prepare(&sc).unwrap();
    // 2,100 runs make three reduction blocks; split them as shards would.
    let config = ClaimsConfig { runs: 2100, seed: 4 };
    assert_eq!(ensemble::reduction_blocks(config.runs).1, 3);
    let whole = format!("{:?}", evaluate(&prepared, &config, &|_| {}));
    let parts = [evaluate_blocks(&prepared, &config, 2..3, &|_| {}), evaluate_blocks(&prepared, &config, 0..2, &|_| {})];
    let blocks: Vec<Vec<ClaimBlock>> =
        (0..prepared.len()).map(|c| parts[1][c].iter().chain(&parts[0][c]).cloned().collect()).collect();
    assert_eq!(format!("{:?}", results_from_blocks(&prepared, &config, &blocks).unwrap()), whole);
    let short: Vec<Vec<ClaimBlock>> = parts[1].clone();
    let err = results_from_blocks(&prepared, &config, &short).unwrap_err();
    assert!(err.to_string().contains("2 reduction blocks given; 2100 runs make 3"), "{err}");
}
