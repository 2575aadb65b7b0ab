use super::*;

fn builtin_text_of() -> &'static str {
    builtin_text("iran-pakistan").unwrap()
}

#[test]
fn builtin_scenario_is_valid_and_complete() {
    let sc = builtin("iran-pakistan").unwrap();
    assert_eq!(sc.state.len(), 2);
    assert_eq!(sc.meta.start_date, "2024-12-15");
    assert_eq!(sc.economy.trade_usd_bn.value, 2.5);
    assert_eq!(sc.economy.fuel.as_ref().unwrap().share.value, 0.14);
    let pipeline = sc.economy.pipeline.as_ref().unwrap();
    assert_eq!(pipeline.miles.value, 50.0);
    assert_eq!(pipeline.cost_usd_m.value, 158.0);
    assert_eq!(sc.economy.electricity.as_ref().unwrap().districts, vec!["Kech", "Gwadar", "Panjgur"]);
    assert_eq!(sc.economy.trade_milestone_usd_bn.as_ref().unwrap().value, 5.0);
    for p in parameter_paths(&sc) {
        assert!(!p.param.source.is_empty(), "{} has no source", p.name);
    }
    let actors: Vec<&str> = sc.pressure.iter().map(|p| p.actor.as_str()).collect();
    for who in ["Saudi Arabia and UAE", "China", "India", "Afghanistan (Taliban)", "Israel", "United States", "Syria"] {
        assert!(actors.contains(&who), "third party {who} missing");
    }
}

#[test]
fn canonical_toml_round_trips() {
    for name in builtin_names() {
        let sc = builtin(name).unwrap();
        let again = parse(&sc.to_toml(), "copy.toml").unwrap();
        assert_eq!(sc, again, "{name}");
        assert_eq!(sc.hash(), again.hash(), "{name}");
    }
}

#[test]
fn every_builtin_starts_on_day_zero_with_sourced_parameters() {
    assert_eq!(builtin_names(), ["iran-pakistan", "india-pakistan", "pakistan-afghanistan"]);
    for name in builtin_names() {
        let sc = builtin(name).unwrap();
        assert_eq!(sc.meta.name, name);
        assert_eq!(sc.meta.start_date, "2024-12-15", "{name}");
        for p in parameter_paths(&sc) {
            assert!(!p.param.source.trim().is_empty(), "{name}: {} has no source", p.name);
            if p.param.tag == Confidence::V {
                assert!(
                    p.param.source.contains("http") || p.param.source.contains("seed") || p.param.source.contains("MM §") || p.param.source.contains("et al."),
                    "{name}: [V] parameter {} names no source document: {}",
                    p.name,
                    p.param.source
                );
            }
        }
    }
    // Zero groups in a state and optional channels are allowed.
    let pa = builtin("pakistan-afghanistan").unwrap();
    assert!(pa.groups_in(1).is_empty());
    assert_eq!(pa.groups_in(0).len(), 2);
    assert!(!pa.has_electricity() && !pa.has_pipeline() && !pa.has_fuel());
}

#[test]
fn unknown_key_is_located() {
    let text = builtin_text_of().replacen("[economy]\n", "[economy]\ntrade_volume = 3\n", 1);
    let line = text.lines().position(|l| l.starts_with("trade_volume")).unwrap() + 1;
    match parse(&text, "s.toml").unwrap_err() {
        ScenarioError::Syntax { origin, line: l, column, path, message } => {
            assert_eq!(origin, "s.toml");
            assert_eq!(l, line);
            assert_eq!(column, 1);
            assert_eq!(path, "economy.trade_volume");
            assert!(message.contains("unknown field `trade_volume`"), "{message}");
        }
        other => panic!("wrong error {other:?}"),
    }
}

#[test]
fn missing_key_is_reported() {
    let text = builtin_text_of().replacen("[economy.electricity]\nsupplier = \"iran\"\n", "[economy.electricity]\n", 1);
    let err = parse(&text, "s.toml").unwrap_err().to_string();
    assert!(err.contains("missing field `supplier`"), "{err}");
    assert!(err.starts_with("s.toml:"), "{err}");
}

#[test]
fn out_of_range_value_names_field_and_allowed_range() {
    let text = builtin_text_of().replacen("share = { value = 0.14", "share = { value = 1.4", 1);
    let line = text.lines().position(|l| l.starts_with("share = { value = 1.4")).unwrap() + 1;
    let err = parse(&text, "s.toml").unwrap_err();
    let shown = err.to_string();
    match err {
        ScenarioError::Invalid { line: l, column, path, .. } => {
            assert_eq!(l, line);
            assert!(column > 1);
            assert_eq!(path, "economy.fuel.share.value");
        }
        other => panic!("wrong error {other:?}"),
    }
    assert!(shown.contains("a number in [0, 1]"), "{shown}");
}

#[test]
fn value_outside_its_own_range_is_rejected() {
    let text = builtin_text_of().replacen("trade_growth = { value = 0.15", "trade_growth = { value = 0.5", 1);
    let err = parse(&text, "s.toml").unwrap_err().to_string();
    assert!(err.contains("economy.trade_growth.value"), "{err}");
    assert!(err.contains("outside its own range [0.05, 0.4]"), "{err}");
}

#[test]
fn structural_errors_are_reported() {
    let text = builtin_text_of().replacen("shelters_in = \"pakistan\"", "shelters_in = \"iran\"", 1);
    let err = parse(&text, "s.toml").unwrap_err().to_string();
    assert!(err.contains("insurgent_group[0].shelters_in"), "{err}");
    let text = builtin_text_of().replacen("on = \"pakistan\"", "on = \"india\"", 1);
    let err = parse(&text, "s.toml").unwrap_err().to_string();
    assert!(err.contains("pressure[0].on") && err.contains("`india` is not a state"), "{err}");
    let text = builtin_text_of().replacen("start_date = \"2024-12-15\"", "start_date = \"2024-13-15\"", 1);
    let err = parse(&text, "s.toml").unwrap_err().to_string();
    assert!(err.contains("meta.start_date"), "{err}");
}

#[test]
fn levers_and_shocks_parse_and_reject_bad_input() {
    let sc = builtin("iran-pakistan").unwrap();
    let mut levers = sc.default_levers();
    levers.apply_assignment("mutual_expulsion=1", &sc).unwrap();
    levers.apply_assignment("development.balochistan=250", &sc).unwrap();
    assert_eq!(levers.mutual_expulsion, 1.0);
    assert_eq!(levers.development_usd_m, [0.0, 250.0]);
    levers.apply_assignment("development=100", &sc).unwrap();
    assert_eq!(levers.development_usd_m, [100.0, 100.0]);
    let err = levers.apply_assignment("liaison_ct=2", &sc).unwrap_err().to_string();
    assert!(err.contains("allowed 0..=1"), "{err}");
    let err = levers.apply_assignment("nonsense=2", &sc).unwrap_err().to_string();
    assert!(err.contains("unknown lever"), "{err}");

    let shock = parse_shock("attack:iran:30@10", &sc).unwrap();
    assert_eq!(shock, Shock { day: 10, kind: ShockKind::Attack { side: 0, deaths: 30 } });
    assert_eq!(shock.spec(&sc), "attack:iran:30@10");
    assert_eq!(parse_shock("strike:pakistan@5", &sc).unwrap().kind, ShockKind::Strike { by: 1 });
    for bad in ["attack:iran:30", "attack:iran:x@3", "strike:pakistan@0", "bomb:iran@3", "strike:mars@2"] {
        assert!(parse_shock(bad, &sc).is_err(), "{bad} accepted");
    }
}

#[test]
fn set_parameter_checks_the_domain() {
    let mut sc = builtin("iran-pakistan").unwrap();
    set_parameter(&mut sc, "group.jaish_al_adl.branching", 0.6).unwrap();
    assert_eq!(sc.insurgent_group[0].branching.value, 0.6);
    assert!(set_parameter(&mut sc, "group.jaish_al_adl.branching", 1.0).is_err());
    assert!(set_parameter(&mut sc, "no.such.parameter", 1.0).is_err());
    assert!(uncertain_parameters(&sc).len() > 40);
}

#[test]
fn unknown_key_in_first_table_is_located() {
    let text = builtin_text_of().replacen("[meta]\n", "[meta]\ncolour = \"red\"\n", 1);
    let err = parse(&text, "s.toml").unwrap_err().to_string();
    assert!(err.contains("field `meta.colour`"), "{err}");
}

