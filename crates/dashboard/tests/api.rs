//! The router in-process: valid, invalid and oversized requests.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use dashboard::{AppState, CatalogError, ScenarioFile, ServerConfig, app};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

fn state() -> AppState {
    AppState::new(ServerConfig {
        max_runs: 500,
        max_days: 120,
        max_concurrent: 2,
        version: "test".into(),
        ..ServerConfig::default()
    })
}

async fn call(method: &str, uri: &str, body: Option<&str>) -> (StatusCode, String, Option<String>) {
    call_on(state(), method, uri, body).await
}

async fn call_on(
    state: AppState,
    method: &str,
    uri: &str,
    body: Option<&str>,
) -> (StatusCode, String, Option<String>) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .body(
            body.map(|b| Body::from(b.to_string()))
                .unwrap_or_else(Body::empty),
        )
        .unwrap();
    let res = app(state).oneshot(req).await.unwrap();
    let status = res.status();
    let ctype = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap(), ctype)
}

async fn forecast(body: Value) -> (StatusCode, Value) {
    let (status, text, ctype) = call("POST", "/api/forecast", Some(&body.to_string())).await;
    assert_eq!(ctype.as_deref(), Some("application/json"), "{text}");
    (status, serde_json::from_str(&text).unwrap())
}

fn p_at_horizon(v: &Value, name: &str) -> f64 {
    let p = v["forecast"]["probabilities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap();
    p["by_day"].as_array().unwrap().last().unwrap()["p"]
        .as_f64()
        .unwrap()
}

#[tokio::test]
async fn scenarios_lists_levers_params_and_limits() {
    let (status, text, _) = call("GET", "/api/scenarios", None).await;
    assert_eq!(status, StatusCode::OK);
    let v: Value = serde_json::from_str(&text).unwrap();
    let sc = &v["scenarios"][0];
    assert_eq!(sc["name"], "iran-pakistan");
    let levers: Vec<&str> = sc["levers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = scenario::LEVERS.iter().map(|l| l.name).collect();
    assert_eq!(levers, expected);
    let params: Vec<&str> = sc["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(params.contains(&"state.iran.fear_of_war"), "{params:?}");
    assert!(
        params.iter().any(|p| p.ends_with(".branching")),
        "{params:?}"
    );
    // Slider bounds worked by hand from the scenario file: the plausible range widened by
    // half its width on each side, cut at zero (and at 0.95 for a branching ratio).
    // fear_of_war (fitted): value 8.44511, range [4.82053, 14.5257], half width 4.852585
    // → [4.82053 − 4.852585, 14.5257 + 4.852585] cut at 0 = [0, 19.378285].
    // branching: value 0.45, range [0.3, 0.6] → [0.15, 0.75].
    let param = |name: &str| {
        sc["params"].as_array().unwrap().iter().find(|p| p["name"] == name).unwrap_or_else(|| panic!("{name}")).clone()
    };
    for (name, value, min, max) in [
        ("state.iran.fear_of_war", 8.44511, 0.0, 19.378285),
        ("group.jaish_al_adl.branching", 0.45, 0.15, 0.75),
    ] {
        let p = param(name);
        assert_eq!(p["value"].as_f64(), Some(value), "{p}");
        assert!((p["min"].as_f64().unwrap() - min).abs() < 1e-12, "{p}");
        assert!((p["max"].as_f64().unwrap() - max).abs() < 1e-12, "{p}");
    }
    assert_eq!(v["limits"]["max_runs"], 500);
    assert_eq!(v["limits"]["max_days"], 120);
}

#[tokio::test]
async fn valid_request_returns_forecast_bands_and_charts() {
    let body = json!({
        "scenario": "iran-pakistan",
        "levers": {"mutual_expulsion": 1.0, "trade_target": 10.0},
        "shocks": [{"kind": "attack", "state": "iran", "day": 10, "size": 30}, {"kind": "strike", "state": "pakistan", "day": 20}],
        "params": {"state.iran.fear_of_war": 30.0},
        "runs": 200, "days": 90, "seed": 5
    });
    let (status, v) = forecast(body).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let f = &v["forecast"];
    assert_eq!(f["runs"], 200);
    assert_eq!(f["days"], 90);
    assert_eq!(f["seed"], 5);
    assert_eq!(
        f["shocks"],
        json!(["attack:iran:30@10", "strike:pakistan@20"])
    );
    let expulsion = f["levers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "mutual_expulsion")
        .unwrap();
    assert_eq!(expulsion["value"], 1.0);
    // The injected strike makes a cross-border strike certain by day 90.
    assert_eq!(p_at_horizon(&v, "cross_border_strike"), 1.0);
    assert_eq!(v["bands"]["attacks"].as_array().unwrap().len(), 2);
    assert_eq!(v["bands"]["trade"]["q50"].as_array().unwrap().len(), 90);
    let names: Vec<&str> = v["charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for n in [
        "tension",
        "attacks-iran",
        "attacks-pakistan",
        "trade",
        "escalation",
        "key-probabilities",
    ] {
        assert!(names.contains(&n), "{names:?}");
    }
    assert!(v["charts"][0]["svg"].as_str().unwrap().starts_with("<svg"));
}

#[tokio::test]
async fn same_request_same_answer_and_empty_body_uses_defaults() {
    let body = json!({"runs": 100, "days": 60, "seed": 9, "charts": false});
    let (_, a) = forecast(body.clone()).await;
    let (_, b) = forecast(body).await;
    assert_eq!(a["forecast"], b["forecast"]);
    assert_eq!(a["charts"], json!([]));
    let (status, text, _) = call("POST", "/api/forecast", Some("")).await;
    assert_eq!(status, StatusCode::OK);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v["forecast"]["runs"], 500,
        "default runs capped by --max-runs"
    );
    assert_eq!(v["forecast"]["days"], 120);
}

async fn rejected(body: &str) -> Value {
    let (status, text, ctype) = call("POST", "/api/forecast", Some(body)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body} -> {text}");
    assert_eq!(ctype.as_deref(), Some("application/json"));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(v["error"].as_str().unwrap().len() > 10, "{v}");
    v
}

#[tokio::test]
async fn invalid_requests_are_400_naming_the_field() {
    let v = rejected(r#"{"runs": 10, "levers_typo": {}}"#).await;
    assert_eq!(v["field"], "levers_typo");
    assert!(
        v["error"].as_str().unwrap().contains("unknown field"),
        "{v}"
    );

    let v = rejected(
        r#"{"shocks": [{"kind": "attack", "state": "iran", "day": 3, "size": 5, "when": 1}]}"#,
    )
    .await;
    assert_eq!(v["field"], "shocks[0].when");

    let v = rejected(r#"{"levers": {"mutual_expulsion": 1.5}}"#).await;
    assert_eq!(v["field"], "levers.mutual_expulsion");
    assert!(v["error"].as_str().unwrap().contains("out of range"), "{v}");

    let v = rejected(r#"{"levers": {"invade": 1}}"#).await;
    assert_eq!(v["field"], "levers.invade");

    let v = rejected(r#"{"params": {"group.jaish_al_adl.branching": 1.2}}"#).await;
    assert_eq!(v["field"], "params.group.jaish_al_adl.branching");

    let v = rejected(r#"{"shocks": [{"kind": "nuke", "state": "iran", "day": 3}]}"#).await;
    assert_eq!(v["field"], "shocks[0].kind");
    let v = rejected(r#"{"shocks": [{"kind": "strike", "state": "india", "day": 3}]}"#).await;
    assert_eq!(v["field"], "shocks[0]");
    assert!(v["error"].as_str().unwrap().contains("not a state"), "{v}");
    let v = rejected(r#"{"days": 30, "shocks": [{"kind": "strike", "state": "iran", "day": 31}]}"#)
        .await;
    assert_eq!(v["field"], "shocks[0].day");
    let v = rejected(r#"{"shocks": [{"kind": "attack", "state": "iran", "day": 3}]}"#).await;
    assert_eq!(v["field"], "shocks[0].size");
    let v = rejected(r#"{"shocks": [{"kind": "attack", "state": "iran", "day": 3, "size": 2.5}]}"#)
        .await;
    assert_eq!(v["field"], "shocks[0].size");

    let v = rejected(r#"{"scenario": "/etc/passwd"}"#).await;
    assert_eq!(v["field"], "scenario");
    let v = rejected(r#"{"runs": "many"}"#).await;
    assert_eq!(v["field"], "runs");
    let v = rejected(r#"{"levers": {"mutual_expulsion": "all"}}"#).await;
    assert_eq!(v["field"], "levers.mutual_expulsion");
    let v = rejected("not json").await;
    assert_eq!(v["field"], "body");
    let v = rejected(r#"{"runs": 10} trailing"#).await;
    assert_eq!(v["field"], "body");
}

#[tokio::test]
async fn oversized_requests_are_rejected_before_simulating() {
    let v = rejected(r#"{"runs": 501}"#).await;
    assert_eq!(v["field"], "runs");
    assert!(v["error"].as_str().unwrap().contains("max-runs"), "{v}");
    let v = rejected(r#"{"runs": 0}"#).await;
    assert_eq!(v["field"], "runs");
    let v = rejected(r#"{"days": 121}"#).await;
    assert_eq!(v["field"], "days");
    assert!(v["error"].as_str().unwrap().contains("max-days"), "{v}");
}

#[tokio::test]
async fn page_and_assets_are_served_without_external_references() {
    for (uri, ctype) in [
        ("/", "text/html"),
        ("/app.js", "text/javascript"),
        ("/style.css", "text/css"),
    ] {
        let (status, text, got) = call("GET", uri, None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(got.unwrap().starts_with(ctype));
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{uri} references another host"
        );
    }
    let (status, text, _) = call("GET", "/nope", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(text.contains("error"));
}

/// The built-in pakistan-afghanistan scenario (no fuel, electricity or pipeline) with
/// its states renamed `northland` and `southland`, as a user's file would hold it.
fn northland_toml() -> String {
    let text = scenario::builtin_prior_text("pakistan-afghanistan").unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let line = match line {
            l if l.starts_with("name = \"pakistan-afghanistan\"") => {
                "name = \"northland-southland\"".to_string()
            }
            l if l.starts_with("title = ") => {
                "title = \"Northland–Southland: a border written for a test\"".to_string()
            }
            "name = \"Islamic Republic of Pakistan\"" => "name = \"Kingdom of Northland\"".into(),
            l if l.starts_with("name = \"Islamic Emirate of Afghanistan") => {
                "name = \"Republic of Southland\"".into()
            }
            l => l
                .replace("\"pakistan\"", "\"northland\"")
                .replace("\"afghanistan\"", "\"southland\""),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A server that also serves the northland scenario, read from a file written here.
fn northland_state() -> AppState {
    let dir = std::env::temp_dir().join(format!("dashboard-api-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("northland.toml");
    std::fs::write(&path, northland_toml()).unwrap();
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(&path).unwrap();
    let scenario = scenario::parse(&text, &origin).unwrap();
    let config = ServerConfig {
        max_runs: 500,
        max_days: 120,
        max_concurrent: 2,
        version: "test".into(),
        ..ServerConfig::default()
    };
    AppState::with_scenarios(config, vec![ScenarioFile { origin, scenario }]).unwrap()
}

fn names(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|x| x[key].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_scenario_file_is_listed_with_its_own_levers_and_outcomes_and_forecast() {
    let state = northland_state();
    let (status, text, _) = call_on(state.clone(), "GET", "/api/scenarios", None).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    let all = names(&v["scenarios"], "name");
    assert_eq!(
        all,
        [
            "iran-pakistan",
            "india-pakistan",
            "pakistan-afghanistan",
            "northland-southland"
        ]
    );
    let sc = &v["scenarios"][3];
    assert_eq!(sc["source"], "file");
    // A file without a [posterior] table shows no fit and no built-in skill figures.
    assert_eq!(sc["fit"]["parameters"].as_array().unwrap().len(), 0);
    assert_eq!(sc["fit"]["skill"].as_array().unwrap().len(), 0);
    assert!(sc["fit"]["reliability_svg"].is_null());
    assert_eq!(v["scenarios"][0]["source"], "builtin");
    assert_eq!(names(&sc["states"], "id"), ["northland", "southland"]);

    // Levers: the file has no fuel trade and no pipeline.
    let levers = names(&sc["levers"], "name");
    assert_eq!(
        levers,
        [
            "mutual_expulsion",
            "development_first",
            "development_second",
            "liaison_ct",
            "trade_target"
        ]
    );
    let development = &sc["levers"][1];
    assert!(
        development["description"]
            .as_str()
            .unwrap()
            .contains("Kingdom of Northland"),
        "{development}"
    );

    // Outcomes: the engine's registry for this scenario, labelled by its ids.
    let file_scenario = scenario::parse(&northland_toml(), "northland.toml").unwrap();
    let registry: Vec<String> = engine::outcomes(&file_scenario)
        .into_iter()
        .map(|o| o.name)
        .collect();
    let outcomes = names(&sc["outcomes"], "name");
    assert_eq!(outcomes, registry);
    for expected in [
        "strike_by_northland",
        "strike_by_southland",
        "mass_casualty_northland",
        "attacks_northland",
        "fatalities_northland",
        "trade_target_met",
        "trade_usd_bn",
    ] {
        assert!(
            outcomes.iter().any(|o| o == expected),
            "{expected} missing: {outcomes:?}"
        );
    }
    // No electricity channel, and no group attacks inside southland.
    for absent in [
        "electricity_cut",
        "mass_casualty_southland",
        "attacks_southland",
    ] {
        assert!(
            !outcomes.iter().any(|o| o == absent),
            "{absent} listed: {outcomes:?}"
        );
    }
    for name in outcomes.iter().chain(&levers) {
        for builtin in ["iran", "pakistan", "afghanistan"] {
            assert!(!name.contains(builtin), "{name}");
        }
    }

    // Parameters: only ones that vary, named by the file's ids.
    let params = names(&sc["params"], "name");
    assert!(
        params.contains(&"state.northland.fear_of_war".to_string()),
        "{params:?}"
    );
    assert!(
        params.contains(&"state.southland.fear_of_war".to_string()),
        "{params:?}"
    );
    assert!(
        params.iter().all(|p| !p.ends_with("energy_stake")),
        "{params:?}"
    );
    for p in sc["params"].as_array().unwrap() {
        assert!(
            p["min"].as_f64().unwrap() < p["max"].as_f64().unwrap(),
            "{p}"
        );
    }
    let restriction = sc["shock_descriptions"]["restriction"].as_str().unwrap();
    assert!(
        !restriction.contains("electricity") && !restriction.contains("fuel"),
        "{restriction}"
    );

    // A forecast of the file's scenario by its name, labelled by its ids.
    let body = json!({
        "scenario": "northland-southland",
        "levers": {"trade_target": 6.0},
        "shocks": [{"kind": "strike", "state": "southland", "day": 5}],
        "params": {"state.northland.fear_of_war": 25.0},
        "runs": 200, "days": 60, "seed": 4
    });
    let (status, text, _) = call_on(
        state.clone(),
        "POST",
        "/api/forecast",
        Some(&body.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let f: Value = serde_json::from_str(&text).unwrap();
    let forecast = &f["forecast"];
    assert_eq!(forecast["scenario"]["name"], "northland-southland");
    assert_eq!(
        forecast["scenario"]["states"],
        json!(["northland", "southland"])
    );
    assert_eq!(forecast["shocks"], json!(["strike:southland@5"]));
    let reported: Vec<String> = names(&forecast["probabilities"], "name")
        .into_iter()
        .chain(names(&forecast["quantities"], "name"))
        .collect();
    let mut expected = registry.clone();
    expected.sort();
    let mut got = reported.clone();
    got.sort();
    assert_eq!(got, expected);
    assert_eq!(p_at_horizon(&f, "strike_by_southland"), 1.0);
    let charts = names(&f["charts"], "name");
    assert!(
        charts.contains(&"attacks-northland".to_string()),
        "{charts:?}"
    );
    for chart in f["charts"].as_array().unwrap() {
        let caption = chart["caption"].as_str().unwrap();
        assert!(!caption.contains("electricity"), "{caption}");
    }

    // The file's ids only: another scenario's state, or a lever it lacks, is refused.
    let refused = [
        (
            json!({"scenario": "northland-southland", "shocks": [{"kind": "strike", "state": "iran", "day": 5}]}),
            "shocks[0]",
        ),
        (
            json!({"scenario": "northland-southland", "levers": {"pipeline_completion": 1.0}}),
            "levers.pipeline_completion",
        ),
        (json!({"scenario": "southland"}), "scenario"),
    ];
    for (body, field) in refused {
        let (status, text, _) = call_on(
            state.clone(),
            "POST",
            "/api/forecast",
            Some(&body.to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body} -> {text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["field"], field, "{v}");
        if field == "scenario" {
            assert!(
                v["error"].as_str().unwrap().contains("northland-southland"),
                "{v}"
            );
        }
    }
}

#[tokio::test]
async fn each_built_in_scenario_lists_only_its_channels() {
    let (_, text, _) = call("GET", "/api/scenarios", None).await;
    let v: Value = serde_json::from_str(&text).unwrap();
    for sc in v["scenarios"].as_array().unwrap() {
        let name = sc["name"].as_str().unwrap();
        let levers = names(&sc["levers"], "name");
        let outcomes = names(&sc["outcomes"], "name");
        let built = scenario::builtin(name).unwrap();
        assert_eq!(
            levers.iter().any(|l| l == "smuggling_crackdown"),
            built.has_fuel(),
            "{name}: {levers:?}"
        );
        assert_eq!(
            levers.iter().any(|l| l == "pipeline_completion"),
            built.has_pipeline(),
            "{name}: {levers:?}"
        );
        assert_eq!(
            outcomes.iter().any(|o| o == "electricity_cut"),
            built.has_electricity(),
            "{name}: {outcomes:?}"
        );
        let restriction = sc["shock_descriptions"]["restriction"].as_str().unwrap();
        assert_eq!(
            restriction.contains("electricity"),
            built.has_electricity(),
            "{name}"
        );
        let ids = names(&sc["states"], "id");
        for p in names(&sc["params"], "name") {
            let owner = p.split('.').nth(1).unwrap();
            assert!(
                ids.iter().any(|id| id == owner) || built.group_index(owner).is_some(),
                "{name}: {p}"
            );
        }
    }
    assert!(
        names(&v["scenarios"][0]["outcomes"], "name").contains(&"electricity_cut".to_string()),
        "iran-pakistan has its electricity channel"
    );

    // A lever of another border is refused for pakistan-afghanistan, naming the field.
    let v =
        rejected(r#"{"scenario": "pakistan-afghanistan", "levers": {"smuggling_crackdown": 0.5}}"#)
            .await;
    assert_eq!(v["field"], "levers.smuggling_crackdown");
    assert!(v["error"].as_str().unwrap().contains("trade_target"), "{v}");
}

#[test]
fn scenario_files_may_not_reuse_a_served_name() {
    let config = || ServerConfig {
        max_runs: 10,
        max_days: 10,
        max_concurrent: 1,
        version: "test".into(),
        ..ServerConfig::default()
    };
    let file = |origin: &str, text: &str| ScenarioFile {
        origin: origin.into(),
        scenario: scenario::parse(text, origin).unwrap(),
    };
    let builtin_copy = file(
        "copy.toml",
        scenario::builtin_text("iran-pakistan").unwrap(),
    );
    let err = AppState::with_scenarios(config(), vec![builtin_copy]).unwrap_err();
    assert_eq!(
        err,
        CatalogError::BuiltinName {
            name: "iran-pakistan".into(),
            origin: "copy.toml".into()
        }
    );
    assert!(err.to_string().starts_with("copy.toml: "), "{err}");

    let text = northland_toml();
    let err = AppState::with_scenarios(
        config(),
        vec![file("a/one.toml", &text), file("b/two.toml", &text)],
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("northland-southland")
            && message.contains("a/one.toml")
            && message.contains("b/two.toml"),
        "{message}"
    );
}

#[tokio::test]
async fn built_in_scenarios_show_their_fit_skill_and_reliability() {
    let (status, text, _) = call("GET", "/api/scenarios", None).await;
    assert_eq!(status, StatusCode::OK);
    let v: Value = serde_json::from_str(&text).unwrap();
    for sc in v["scenarios"].as_array().unwrap() {
        let name = sc["name"].as_str().unwrap();
        let fit = &sc["fit"];
        let built_in = scenario::builtin(name).unwrap();
        let fitted = built_in.posterior.as_ref().unwrap();
        assert_eq!(names(&fit["parameters"], "name"), fitted.parameters, "{name}");
        let prior = scenario::builtin_prior(name).unwrap();
        for p in fit["parameters"].as_array().unwrap() {
            let was = scenario::parameter_paths(&prior).into_iter().find(|q| q.name == p["name"].as_str().unwrap()).unwrap();
            assert_eq!(p["prior_value"].as_f64(), Some(was.param.value), "{name}: {}", p["name"]);
        }
        // Skill rows: pooled and this dyad's, at both horizons, for the leave-one-dyad-out fitting.
        let skill = fit["skill"].as_array().unwrap();
        for dyad in ["all", name] {
            for h in [30, 365] {
                assert!(
                    skill.iter().any(|r| r["fitting"] == "leave-one-dyad-out" && r["dyad"] == dyad && r["horizon"] == h),
                    "{name}: no leave-one-dyad-out row for {dyad} at {h} days"
                );
            }
        }
        assert!(fit["reliability_svg"].as_str().unwrap().starts_with("<svg"), "{name}");
        assert!(fit["evaluation_command"].as_str().unwrap().starts_with("faultline evaluate"), "{name}");
    }
}

/// `check_request` (the fuzz target's entry point) gives the handler's verdict without running.
#[test]
fn check_request_validates_without_running() {
    let st = state();
    assert!(dashboard::check_request(b"  ", &st).is_ok());
    assert!(dashboard::check_request(br#"{"runs":100,"days":60,"shocks":[{"kind":"strike","state":"iran","day":3}]}"#, &st).is_ok());
    let err = dashboard::check_request(br#"{"runs":0}"#, &st).unwrap_err();
    assert_eq!((err.status, err.field.as_deref()), (StatusCode::BAD_REQUEST, Some("runs")));
    let err = dashboard::check_request(br#"{"runs":10} x"#, &st).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("body"));
}

const ARTICLE: &str = "QUETTA, 3 March 2024 — Gunmen attacked an army post in Kech district on Saturday, killing twelve soldiers, officials said. The weather was mild.";

async fn post(uri: &str, body: Value) -> (StatusCode, Value) {
    let (status, text, ctype) = call("POST", uri, Some(&body.to_string())).await;
    assert_eq!(ctype.as_deref(), Some("application/json"), "{text}");
    (status, serde_json::from_str(&text).unwrap())
}

#[tokio::test]
async fn extract_codes_a_pasted_article_with_provenance() {
    let (status, v) = post(
        "/api/extract",
        json!({"scenario": "iran-pakistan", "text": ARTICLE, "date": "2024-03-03"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let evs = v["events"].as_array().unwrap();
    assert_eq!(evs.len(), 1, "{v}");
    let e = &evs[0];
    assert_eq!(e["event_type"], "insurgent_attack", "{e}");
    assert_eq!(e["target"], "pakistan", "{e}");
    assert_eq!(e["fatalities"]["best"], 12, "{e}");
    // "on Saturday" before 3 March 2024; the dateline's own date does not date the attack.
    assert_eq!(e["date"], "2024-03-02", "{e}");
    assert_eq!(e["location"]["admin2"], "Kech", "{e}");
    let m = &e["mentions"][0];
    let (start, end) = (
        m["char_start"].as_u64().unwrap() as usize,
        m["char_end"].as_u64().unwrap() as usize,
    );
    let text: Vec<char> = v["text"].as_str().unwrap().chars().collect();
    let sentence: String = text[start..end].iter().collect();
    assert_eq!(sentence, m["text"].as_str().unwrap());
    assert!(sentence.contains("killing twelve soldiers"), "{sentence}");
    assert!(!sentence.contains("weather"), "{sentence}");
    assert!(m["rule"].as_str().is_some_and(|r| !r.is_empty()), "{m}");
    assert!(
        m["confidence"]
            .as_f64()
            .is_some_and(|c| c > 0.0 && c <= 1.0),
        "{m}"
    );
    assert_eq!(v["sentences"].as_array().unwrap().len(), 1, "{v}");
}

#[tokio::test]
async fn extract_rejects_bad_input_naming_the_field() {
    for (body, field) in [
        (json!({"text": "  "}), "text"),
        (json!({"text": "x".repeat(api_max_chars() + 1)}), "text"),
        (json!({"text": ARTICLE, "date": "3 March"}), "date"),
        (json!({"text": ARTICLE, "scenario": "atlantis"}), "scenario"),
        (json!({"text": ARTICLE, "url": "http://x"}), "url"),
        (json!({"date": "2024-03-03"}), "body"),
    ] {
        let (status, v) = post("/api/extract", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body} → {v}");
        assert_eq!(v["field"], field, "{body} → {v}");
        assert!(v["error"].as_str().unwrap().len() > 5, "{v}");
    }
}

fn api_max_chars() -> usize {
    dashboard::MAX_ARTICLE_CHARS
}

#[tokio::test]
async fn extract_needs_json_content_type() {
    let req = Request::builder()
        .method("POST")
        .uri("/api/extract")
        .header("content-type", "text/plain")
        .body(Body::from(json!({"text": ARTICLE}).to_string()))
        .unwrap();
    let res = app(state()).oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn forecast_with_a_pasted_article_starts_from_its_events() {
    let base = json!({"runs": 200, "days": 60, "seed": 3, "charts": false, "as_of": "2024-03-10"});
    let mut with = base.clone();
    with["article"] = json!({"text": ARTICLE, "date": "2024-03-03"});
    let (s1, a) = forecast(with.clone()).await;
    assert_eq!(s1, StatusCode::OK, "{a}");
    assert_eq!(a["as_of"], "2024-03-10");
    assert_eq!(a["pasted_events"], 1);
    let (_, b) = forecast(with).await;
    assert_eq!(
        a["forecast"]["probabilities"], b["forecast"]["probabilities"],
        "deterministic"
    );
    let (s0, c) = forecast(base).await;
    assert_eq!(s0, StatusCode::OK, "{c}");
    assert_eq!(c["pasted_events"], 0);
    assert_ne!(
        a["forecast"]["probabilities"], c["forecast"]["probabilities"],
        "the article changes the forecast"
    );
}

#[tokio::test]
async fn forecast_article_errors_name_the_field() {
    for (body, field) in [
        (
            json!({"runs": 10, "days": 10, "article": {"text": ARTICLE}}),
            "as_of",
        ),
        (json!({"runs": 10, "days": 10, "as_of": "March"}), "as_of"),
        (
            json!({"runs": 10, "days": 10, "as_of": "2024-03-10", "article": {"text": ""}}),
            "article.text",
        ),
        (
            json!({"runs": 10, "days": 10, "as_of": "2024-03-10", "article": {"text": ARTICLE, "date": "x"}}),
            "article.date",
        ),
    ] {
        let (status, v) = forecast(body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body} → {v}");
        assert_eq!(v["field"], field, "{body} → {v}");
    }
}
