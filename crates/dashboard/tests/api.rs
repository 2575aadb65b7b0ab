//! The router in-process: valid, invalid and oversized requests.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use dashboard::{AppState, ServerConfig, app};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

fn state() -> AppState {
    AppState::new(ServerConfig {
        max_runs: 500,
        max_days: 120,
        max_concurrent: 2,
        version: "test".into(),
    })
}

async fn call(method: &str, uri: &str, body: Option<&str>) -> (StatusCode, String, Option<String>) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .body(
            body.map(|b| Body::from(b.to_string()))
                .unwrap_or_else(Body::empty),
        )
        .unwrap();
    let res = app(state()).oneshot(req).await.unwrap();
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
    for p in sc["params"].as_array().unwrap() {
        assert!(p["min"].as_f64().unwrap() <= p["value"].as_f64().unwrap());
        assert!(p["value"].as_f64().unwrap() <= p["max"].as_f64().unwrap());
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
