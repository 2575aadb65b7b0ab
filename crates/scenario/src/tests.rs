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
                    p.param.source.contains("http") || p.param.source.contains("seed") || p.param.source.contains("refs#") || p.param.source.contains("et al."),
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


/// The built-in scenario without its claims, followed by `claims` (TOML).
fn with_claims(claims: &str) -> String {
    let text = builtin_text_of();
    let cut = text.find("[[claim]]").expect("the built-in scenario has claims");
    format!("{}{claims}", &text[..cut])
}

#[test]
fn builtin_claims_parse_with_arms_and_checks() {
    let sc = builtin("iran-pakistan").unwrap();
    let ids: Vec<&str> = sc.claim.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "normalization_tension",
            "normalization_no_recall",
            "no_full_resolution",
            "persistent_insecurity",
            "expulsion_needs_development",
            "ties_restrain",
            "fear_of_war_short_exchanges",
            "mass_casualty_raises_strikes",
            "fronts_push_iran_to_deescalate",
        ]
    );
    for c in &sc.claim {
        assert!(c.source.contains("seed ¶"), "{}: {}", c.id, c.source);
    }
    let fear = &sc.claim[6];
    assert_eq!(fear.checks().len(), 3);
    assert_eq!(fear.horizon(), 365);
    assert_eq!(fear.check[1].comparison, Some(Comparison::Difference(["without_fear".into(), "status_quo".into()])));
    let insecurity = &sc.claim[3];
    assert_eq!(insecurity.arms()[0].name, STATUS_QUO_ARM);
    assert_eq!((insecurity.horizon(), insecurity.checkpoints()), (730, vec![640, 730]));
    let expulsion = &sc.claim[4];
    assert_eq!(expulsion.bound, Bound::Above(0.0));
    assert_eq!(expulsion.arm[2].levers.get("development"), Some(&300.0));
    // Scenarios without claims are valid.
    assert!(builtin("pakistan-afghanistan").unwrap().claim.is_empty());
    let ip = builtin("india-pakistan").unwrap();
    assert_eq!(ip.claim.len(), 2);
    assert!(ip.claim.iter().all(|c| c.source.contains("https://")));
}

#[test]
fn claims_leave_the_hash_unchanged() {
    let sc = builtin("iran-pakistan").unwrap();
    let bare = parse(&with_claims(""), "bare.toml").unwrap();
    assert!(bare.claim.is_empty());
    assert_eq!(sc.hash(), bare.hash());
    assert!(sc.to_toml().contains("fear_of_war_short_exchanges"), "claims are part of the canonical text");
}

#[test]
fn quantity_expressions_parse_into_weighted_terms() {
    let terms = quantity_terms("attacks_iran + 2*attacks_pakistan - 0.5 * fatalities_iran").unwrap();
    let got: Vec<(f64, &str)> = terms.iter().map(|t| (t.weight, t.name.as_str())).collect();
    assert_eq!(got, [(1.0, "attacks_iran"), (2.0, "attacks_pakistan"), (-0.5, "fatalities_iran")]);
    assert_eq!(quantity_terms("-escalations_iran").unwrap()[0].weight, -1.0);
    for bad in ["", "attacks_iran +", "x*attacks_iran", "0*attacks_iran", "Attacks"] {
        assert!(quantity_terms(bad).is_err(), "{bad:?} accepted");
    }
}

/// Parses `claims` appended to the built-in scenario and returns the error with the
/// 1-based line of the first line containing `marker`.
fn claim_error(claims: &str, marker: &str) -> (ScenarioError, usize) {
    let text = with_claims(claims);
    let line = text.lines().position(|l| l.contains(marker)).expect("marker in text") + 1;
    (parse(&text, "c.toml").unwrap_err(), line)
}

#[test]
fn malformed_claims_give_located_errors() {
    let base = "[[claim]]\nid = \"c\"\nstatement = \"s\"\nsource = \"seed ¶1\"\n";
    // An unknown key in a bound: a syntax error at the key.
    let (err, line) = claim_error(&format!("{base}measure = {{ probability = \"war\", day = 30 }}\nbound = {{ over = 0.5 }}\n"), "over = 0.5");
    match &err {
        ScenarioError::Syntax { line: l, path, message, .. } => {
            assert_eq!(*l, line);
            assert!(path.starts_with("claim[0].bound"), "{path}");
            assert!(message.contains("above") && message.contains("below"), "{message}");
        }
        other => panic!("wrong error {other:?}"),
    }
    // A comparison naming an arm the claim does not have.
    let text = format!(
        "{base}measure = {{ probability = \"war\", day = 30 }}\ncomparison = {{ difference = [\"a\", \"b\"] }}\nbound = {{ above = 0.0 }}\n[[claim.arm]]\nname = \"a\"\n[[claim.arm]]\nname = \"c\"\n"
    );
    let (err, line) = claim_error(&text, "comparison =");
    match &err {
        ScenarioError::Invalid { origin, line: l, column, path, message } => {
            assert_eq!((origin.as_str(), *l, path.as_str()), ("c.toml", line, "claim[0].comparison"));
            assert!(*column > 1);
            assert!(message.contains("`b` is not an arm") && message.contains("`a`, `c`"), "{message}");
        }
        other => panic!("wrong error {other:?}"),
    }
    // Lever, parameter and shock errors name the arm's field and what is allowed.
    let arm = |body: &str| {
        format!("{base}measure = {{ probability = \"war\", day = 30 }}\nbound = {{ below = 0.5 }}\n[[claim.arm]]\nname = \"a\"\n{body}\n")
    };
    let cases = [
        ("levers = { mutual_expulsion = 3.0 }", "claim[0].arm[0].levers", "allowed 0..=1"),
        ("set = { \"state.iran.nonsense\" = 1.0 }", "claim[0].arm[0].set", "no such parameter"),
        ("shocks = [\"attack:mars:3@2\"]", "claim[0].arm[0].shocks[0]", "`mars` is not a state"),
        ("shocks = [\"attack:iran:3@40\"]", "claim[0].arm[0].shocks[0]", "after the claim's horizon of 30 days"),
    ];
    for (body, want_path, want) in cases {
        let (err, line) = claim_error(&arm(body), body);
        match &err {
            ScenarioError::Invalid { line: l, path, message, .. } => {
                assert_eq!((*l, path.as_str()), (line, want_path), "{body}");
                assert!(message.contains(want), "{body}: {message}");
            }
            other => panic!("{body}: wrong error {other:?}"),
        }
    }
    // Shape errors in a measure.
    let cases = [
        ("measure = { probability = \"war\", quantity = \"attacks_iran\", day = 30 }", "claim[0].measure", "exactly one of"),
        ("measure = { share = \"attacks_in_every_state\", day = 30 }", "claim[0].measure", "needs `since`"),
        ("measure = { quantity = \"attacks_iran +\", day = 30 }", "claim[0].measure.quantity", "not an outcome name"),
        ("measure = { probability = \"war\", day = 30, within = 3 }", "claim[0].measure.within", "short_first_episode"),
    ];
    for (measure, want_path, want) in cases {
        let (err, _) = claim_error(&format!("{base}{measure}\nbound = {{ below = 0.5 }}\n"), measure);
        match &err {
            ScenarioError::Invalid { path, message, .. } => {
                assert_eq!(path, want_path, "{measure}");
                assert!(message.contains(want), "{measure}: {message}");
            }
            other => panic!("{measure}: wrong error {other:?}"),
        }
    }
    // Several arms need a comparison; `given` reads one arm only.
    let text = format!("{base}measure = {{ probability = \"war\", day = 30 }}\nbound = {{ below = 0.5 }}\n[[claim.arm]]\nname = \"a\"\n[[claim.arm]]\nname = \"b\"\n");
    assert!(parse(&with_claims(&text), "c.toml").unwrap_err().to_string().contains("give a `comparison`"));
    let text = format!(
        "{base}measure = {{ probability = \"war\", day = 30, given = \"strike_exchange\" }}\ncomparison = {{ difference = [\"a\", \"b\"] }}\nbound = {{ below = 0.5 }}\n[[claim.arm]]\nname = \"a\"\n[[claim.arm]]\nname = \"b\"\n"
    );
    assert!(parse(&with_claims(&text), "c.toml").unwrap_err().to_string().contains("`given` is allowed only when the check reads one arm"));
    // Duplicate ids.
    let one = format!("{base}measure = {{ probability = \"war\", day = 30 }}\nbound = {{ below = 0.5 }}\n");
    let err = parse(&with_claims(&format!("{one}{one}")), "c.toml").unwrap_err().to_string();
    assert!(err.contains("claim[1].id") && err.contains("used twice"), "{err}");
}

/// The error of parsing the built-in scenario with `edit` applied to its text.
fn error_of(edit: impl FnOnce(&str) -> String) -> ScenarioError {
    parse(&edit(builtin_text_of()), "edited.toml").expect_err("the edit makes the scenario invalid")
}

/// 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect("needle in text")].matches('\n').count() + 1
}

#[test]
fn invalid_utf8_is_located_by_line_and_column() {
    // Issue 12.4: the first bad byte's line and column, not just "not UTF-8".
    let text = builtin_text_of();
    let at = text.find("start_date").unwrap();
    let mut bytes = text.as_bytes().to_vec();
    bytes.splice(at + 3..at + 3, [0xff]);
    let err = text_from_bytes(bytes, "bad.toml").unwrap_err();
    let ScenarioError::Syntax { line, column, ref message, .. } = err else { panic!("{err:?}") };
    assert_eq!((line, column), (line_of(text, "start_date"), 4), "{err}");
    assert!(message.contains("UTF-8") && message.contains("0xff"), "{err}");
    assert!(err.to_string().starts_with(&format!("bad.toml:{line}:4: ")), "{err}");
    assert_eq!(text_from_bytes(text.as_bytes().to_vec(), "ok.toml").unwrap(), text);
}

#[test]
fn a_duplicate_key_is_named_where_it_repeats() {
    let err = error_of(|t| t.replacen("start_date = ", "start_date = \"2024-01-01\"\nstart_date = ", 1));
    let ScenarioError::Syntax { line, column, ref message, .. } = err else { panic!("{err:?}") };
    assert_eq!((line, column), (line_of(builtin_text_of(), "start_date") + 1, 1), "{err}");
    assert!(message.contains("duplicate key `start_date`"), "{err}");
}

#[test]
fn a_key_nested_too_deeply_is_reported_where_it_is() {
    // The parser reports this without a place; it used to come out as 1:1.
    let deep = vec!["a"; 100].join(".");
    for key in [format!("[{deep}]\nx = 1\n"), format!("{deep} = 1\n"), format!("[[{deep}]]\nx = 1\n")] {
        let text = format!("{}\n\n  {key}", builtin_text_of());
        let err = parse(&text, "deep.toml").unwrap_err();
        let ScenarioError::Syntax { line, column, ref message, .. } = err else { panic!("{err:?}") };
        assert_eq!((line, column), (builtin_text_of().matches('\n').count() + 3, 3), "{err}");
        assert!(message.contains("100 levels") && message.contains("at most 79"), "{err}");
    }
}

#[test]
fn shock_deaths_out_of_range_give_the_allowed_range() {
    let sc = builtin("iran-pakistan").unwrap();
    for deaths in ["0", "10001", "-5", "99999999999", "many"] {
        let err = parse_shock(&format!("attack:iran:{deaths}@10"), &sc).unwrap_err().to_string();
        assert!(err.contains(&format!("deaths `{deaths}`")) && err.contains("from 1 to 10,000"), "{err}");
    }
    assert!(parse_shock("attack:iran:10000@10", &sc).is_ok());
    assert!(parse_shock("attack:iran:1@10", &sc).is_ok());
}

/// Every `refs#KEY` a built-in scenario cites is a section of docs/references.md, and no
/// source points to files outside the repository.
#[test]
fn builtin_sources_cite_sections_of_the_references_page() {
    let references = include_str!("../../../docs/references.md");
    let mut cited = 0;
    for name in builtin_names() {
        let text = crate::builtin_text(name).unwrap();
        assert!(!text.contains("shared/"), "{name}: cites a file outside the repository");
        for (at, _) in text.match_indices("refs#") {
            let key: String =
                text[at + 5..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
            if key == "KEY" {
                continue; // the header comment that explains the notation
            }
            assert!(references.contains(&format!("<a id=\"{key}\"></a>")), "{name}: refs#{key} is not in docs/references.md");
            cited += 1;
        }
    }
    assert!(cited > 100, "only {cited} citations found");
}

/// Each built-in scenario is its hand-set version (`prior/NAME.toml`) with the fitted
/// decision layer written in by `scripts/embed-fit.py`, and nothing else changed.
#[test]
fn builtin_is_prior_plus_fit() {
    for name in builtin_names() {
        let fitted = builtin(name).unwrap();
        let prior = builtin_prior(name).unwrap();
        let post = fitted.posterior.clone().unwrap_or_else(|| panic!("{name}: no [posterior]"));
        assert!(prior.posterior.is_none(), "{name}: the hand-set version carries a fit");
        assert!(post.parameters.len() >= 9, "{name}: {} fitted parameters", post.parameters.len());
        let prior_params = parameter_paths(&prior);
        let mut restored = fitted.clone();
        for fitted_name in &post.parameters {
            let was = prior_params.iter().find(|p| &p.name == fitted_name).unwrap_or_else(|| panic!("{name}: {fitted_name}"));
            let now = parameter_paths(&fitted).into_iter().find(|p| &p.name == fitted_name).unwrap();
            assert!(now.param.source.starts_with("Fitted by"), "{name}: {fitted_name}: {}", now.param.source);
            assert!(now.param.source.contains(&format!("prior {} in", was.param.value)), "{name}: {fitted_name}: {}", now.param.source);
            assert!(now.param.source.ends_with(&was.param.source), "{name}: {fitted_name} lost its prior's source");
            // The point value is the posterior mode.
            let k = post.parameters.iter().position(|p| p == fitted_name).unwrap();
            let mode = post.values_of(&post.mode_z)[k];
            assert!((now.param.value - mode).abs() <= 1e-5 * mode.abs(), "{name}: {fitted_name}: {} vs mode {mode}", now.param.value);
            replace_parameter(&mut restored, fitted_name, was.param.clone()).unwrap();
        }
        restored.posterior = None;
        assert_eq!(restored, prior, "{name}: differs from prior/{name}.toml beyond the fitted parameters");
    }
}

#[test]
fn parse_assignment_splits_name_and_number() {
    assert_eq!(parse_assignment(" group.bla.branching = 0.4 ").unwrap(), ("group.bla.branching", 0.4));
    let err = parse_assignment("branching").unwrap_err().to_string();
    assert_eq!(err, "`branching`: expected NAME=VALUE");
    let err = parse_assignment("x=many").unwrap_err().to_string();
    assert_eq!(err, "`x=many`: `many` is not a number");
}
