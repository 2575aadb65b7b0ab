//! `faultline calibrate --layer decision` and `faultline evaluate`.

use crate::support::{faultline, scratch, stderr, stdout};

/// Two dyads' recent records pooled: the fitted scenarios are written, parse, carry
/// their posterior and say where their values come from; values move off the prior.
#[test]
fn decision_layer_fit_writes_fitted_scenarios_with_posteriors() {
    let dir = scratch("decision-fit");
    let out = dir.join("fitted");
    let o = faultline(&[
        "calibrate",
        "--layer",
        "decision",
        "--dyad",
        "iran-pakistan",
        "--dyad",
        "pakistan-afghanistan",
        "--from",
        "2021-01-01",
        "--burn-in",
        "180",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = stdout(&o);
    assert!(table.contains("pooled") || table.contains("(shared)"), "{table}");
    assert!(table.contains("state.iran.pressure_per_death") && table.contains("state.afghanistan.fear_of_war"), "{table}");
    for name in ["iran-pakistan", "pakistan-afghanistan"] {
        let path = out.join(format!("{name}.toml"));
        let text = std::fs::read_to_string(&path).unwrap();
        let sc = scenario::parse(&text, path.to_str().unwrap()).unwrap();
        let post = sc.posterior.as_ref().expect("a posterior table");
        assert!(post.parameters.contains(&"dynamics.inertia".to_string()));
        let inertia = scenario::parameter_paths(&sc).into_iter().find(|p| p.name == "dynamics.inertia").unwrap();
        assert!(inertia.param.source.starts_with("Fitted by penalized maximum likelihood"), "{}", inertia.param.source);
        assert!(inertia.param.range[0] <= inertia.param.value && inertia.param.value <= inertia.param.range[1]);
        // The record ends the day before day 0: nothing from the forecast window is used.
        assert!(inertia.param.source.contains("to 2024-12-14"), "{}", inertia.param.source);
        // The fitted scenario forecasts, drawing each run's parameters from its posterior by default.
        let f = faultline(&["forecast", "--scenario", path.to_str().unwrap(), "--runs", "200", "--days", "60"]);
        assert!(f.status.success(), "{}", stderr(&f));
        assert!(stdout(&f).contains("posterior"), "{}", stdout(&f));
        // The report shows the fit.
        let html = dir.join(format!("{name}.html"));
        let r = faultline(&[
            "report", "--scenario", path.to_str().unwrap(), "--runs", "200", "--days", "60", "--claims-runs", "0", "--out",
            html.to_str().unwrap(),
        ]);
        assert!(r.status.success(), "{}", stderr(&r));
        let page = std::fs::read_to_string(&html).unwrap();
        assert!(page.contains("The decision layer fitted to the record") && page.contains("Fitted parameters"), "no fit section");
        for p in &post.parameters {
            assert!(page.contains(p.as_str()), "{p} missing from the report");
        }
    }
    // A dyad spec that names no chronology is refused with what is allowed.
    let bad = faultline(&["calibrate", "--layer", "decision", "--dyad", "northland", "--out", out.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("northland"), "{}", stderr(&bad));
    let _ = std::fs::remove_dir_all(dir);
}

/// The evaluation scores every dyad at both horizons against the three baselines.
#[test]
fn evaluation_tables_cover_every_dyad_horizon_and_baseline() {
    let dir = scratch("evaluate");
    let md = dir.join("eval.md");
    let csv = dir.join("forecasts.csv");
    let o = faultline(&[
        "evaluate", "--fitting", "prior", "--from", "2023-01-01", "--runs", "50", "--out", md.to_str().unwrap(), "--forecasts",
        csv.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&md).unwrap();
    for needle in ["| iran-pakistan | 30 | cross_border_strike", "| india-pakistan | 365 | all", "| all | 30 | all", "log skill vs climatology", "Reliability"] {
        assert!(text.contains(needle), "missing {needle}:\n{text}");
    }
    let rows = std::fs::read_to_string(&csv).unwrap();
    let header = rows.lines().next().unwrap();
    assert_eq!(header, "fitting,dyad,origin,horizon,outcome,model,climatology,reference_class,persistence,observed");
    // Monthly origins from 2023-01: 24 origins with a 30-day window before 2024-12-14, fewer at 365 days.
    let n30 = rows.lines().filter(|l| l.contains(",iran-pakistan,") && l.contains(",30,cross_border_strike,")).count();
    assert_eq!(n30, 23, "origins 2023-01..2024-11 whose 30-day window ends by 2024-12-14");
    // Every probability is in [0, 1] and the climatology is positive (half an event).
    for l in rows.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        for field in &f[5..9] {
            let p: f64 = field.parse().unwrap();
            assert!((0.0..=1.0).contains(&p), "{l}");
        }
        assert!(f[6].parse::<f64>().unwrap() > 0.0, "{l}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// A forecast of a built-in scenario pools its binary outcomes with the base rates of
/// its chronology, with the weights of the shipped evaluation; a what-if does not.
#[test]
fn forecast_of_a_builtin_pools_model_and_record_base_rate() {
    let o = faultline(&["forecast", "--runs", "400", "--days", "60", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let c = &doc["combined"];
    assert!(c["record"].as_str().unwrap().contains("built-in chronology iran-pakistan"), "{c}");
    assert!(c["record"].as_str().unwrap().ends_with("to 2024-12-14"), "{c}");
    let weights = report::fit::shipped_combination_weights().expect("the shipped evaluation has combination weights");
    let outcomes = c["outcomes"].as_array().unwrap();
    let names: Vec<&str> = outcomes.iter().map(|x| x["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["cross_border_strike", "ambassador_recall", "border_closure", "mass_casualty_iran", "mass_casualty_pakistan"]);
    for x in outcomes {
        let name = x["name"].as_str().unwrap();
        let w = x["model_weight"].as_f64().unwrap();
        assert_eq!(w, if name.starts_with("mass_casualty") { weights.attacks } else { weights.state_actions });
        let runs = doc["probabilities"].as_array().unwrap().iter().find(|p| p["name"] == name).unwrap()["by_day"].as_array().unwrap().clone();
        for (at, model_at) in x["by_day"].as_array().unwrap().iter().zip(&runs) {
            let (m, b, p) = (at["model"].as_f64().unwrap(), at["base_rate"].as_f64().unwrap(), at["p"].as_f64().unwrap());
            assert_eq!(m, (model_at["runs_with_event"].as_f64().unwrap() + 0.5) / 401.0);
            assert!((p - (w * m + (1.0 - w) * b)).abs() < 1e-15, "{at}");
            assert!(b > 0.0 && b < 1.0);
        }
    }
    let text = stdout(&faultline(&["forecast", "--runs", "50", "--days", "30"]));
    assert!(text.contains("combined with the record's base rate (built-in chronology iran-pakistan"), "{text}");
    // A lever or a shock is a what-if: the weights were learnt at the status quo.
    let o = faultline(&["forecast", "--runs", "50", "--days", "30", "--lever", "mutual_expulsion=0.5", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(doc.get("combined").is_none());
}

/// From `--events`/`--as-of`, the base rates come from the events before the as-of date.
#[test]
fn forecast_as_of_a_date_pools_with_the_record_before_it() {
    let o = faultline(&["forecast", "--events", "iran-pakistan", "--as-of", "2020-01-01", "--runs", "50", "--days", "30", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let record = doc["combined"]["record"].as_str().unwrap();
    assert!(record.starts_with("iran-pakistan before 2020-01-01") && record.ends_with("to 2019-12-31"), "{record}");
    // Fewer event days lie before 2020 than before day 0.
    let day0: serde_json::Value = serde_json::from_str(&stdout(&faultline(&["forecast", "--runs", "50", "--days", "30", "--format", "json"]))).unwrap();
    let events = |d: &serde_json::Value| d["combined"]["outcomes"][0]["record_events"].as_u64().unwrap();
    assert!(events(&doc) <= events(&day0));
    assert!(doc["combined"]["outcomes"][0]["record_days"].as_u64().unwrap() < day0["combined"]["outcomes"][0]["record_days"].as_u64().unwrap());
}
