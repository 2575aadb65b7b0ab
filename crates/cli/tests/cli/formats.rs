//! The JSON Schemas in `schemas/` against real outputs of the program, and
//! `docs/formats.md` against the schemas.
//!
//! The validator covers the subset of JSON Schema the files use: `type` (a name or a
//! list of names), `properties`, `required`, `items`, `enum` and
//! `additionalProperties: false`. Anything else in a schema is an error, so a schema
//! cannot silently rely on a keyword nobody checks.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{faultline, stderr, stdout};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn schema(name: &str) -> Value {
    let path = repo_root().join("schemas").join(format!("{name}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Keywords the validator understands; annotations it ignores.
const KEYWORDS: [&str; 6] = ["type", "properties", "required", "items", "enum", "additionalProperties"];
const ANNOTATIONS: [&str; 4] = ["$schema", "$id", "title", "description"];

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "number" => value.is_number(),
        "integer" => value.is_u64() || value.is_i64(),
        other => panic!("unknown type name `{other}` in a schema"),
    }
}

/// Every violation of `schema` by `value`, each as `path: what`.
fn validate(schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    let rules = schema.as_object().expect("a schema is an object");
    for key in rules.keys() {
        assert!(
            KEYWORDS.contains(&key.as_str()) || ANNOTATIONS.contains(&key.as_str()),
            "{path}: keyword `{key}` is outside the subset this validator checks"
        );
    }
    if let Some(types) = rules.get("type") {
        let names: Vec<&str> = match types {
            Value::String(s) => vec![s.as_str()],
            Value::Array(list) => list.iter().map(|t| t.as_str().expect("type names are strings")).collect(),
            _ => panic!("{path}: `type` must be a string or a list"),
        };
        if !names.iter().any(|t| type_matches(t, value)) {
            errors.push(format!("{path}: expected {names:?}, found {value}"));
            return;
        }
    }
    if let Some(allowed) = rules.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        errors.push(format!("{path}: {value} is not one of {allowed:?}"));
    }
    if let Some(object) = value.as_object() {
        let properties = rules.get("properties").and_then(Value::as_object);
        for name in rules.get("required").and_then(Value::as_array).into_iter().flatten() {
            let name = name.as_str().expect("required names are strings");
            if !object.contains_key(name) {
                errors.push(format!("{path}: missing required field `{name}`"));
            }
        }
        for (name, field) in object {
            let field_path = format!("{path}.{name}");
            match properties.and_then(|p| p.get(name)) {
                Some(sub) => validate(sub, field, &field_path, errors),
                None if rules.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{field_path}: field not in the schema"))
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(array)) = (rules.get("items"), value.as_array()) {
        for (i, item) in array.iter().enumerate() {
            validate(items, item, &format!("{path}[{i}]"), errors);
        }
    }
}

fn violations(schema: &Value, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    validate(schema, value, "$", &mut errors);
    errors
}

#[test]
fn the_validator_rejects_each_kind_of_violation() {
    let schema: Value = serde_json::from_str(
        r#"{"type": "object", "required": ["n", "tags"], "additionalProperties": false,
            "properties": {
              "n": {"type": "integer"},
              "x": {"type": ["number", "null"]},
              "kind": {"type": "string", "enum": ["a", "b"]},
              "tags": {"type": "array", "items": {"type": "string"}}
            }}"#,
    )
    .unwrap();
    let ok = |text: &str| violations(&schema, &serde_json::from_str(text).unwrap());
    assert!(ok(r#"{"n": 3, "x": null, "kind": "a", "tags": ["p"]}"#).is_empty());
    assert!(ok(r#"{"n": 3, "x": 2.5, "tags": []}"#).is_empty());
    // Each line breaks one rule, and exactly that one is reported.
    for (text, expected) in [
        (r#"{"tags": []}"#, "missing required field `n`"),
        (r#"{"n": 1.5, "tags": []}"#, "$.n: expected [\"integer\"]"),
        (r#"{"n": 1, "x": "1", "tags": []}"#, "$.x: expected [\"number\", \"null\"]"),
        (r#"{"n": 1, "kind": "c", "tags": []}"#, "$.kind: \"c\" is not one of"),
        (r#"{"n": 1, "tags": ["p", 2]}"#, "$.tags[1]: expected [\"string\"]"),
        (r#"{"n": 1, "tags": [], "extra": 0}"#, "$.extra: field not in the schema"),
        (r#"[1]"#, "$: expected [\"object\"]"),
    ] {
        let errors = ok(text);
        assert_eq!(errors.len(), 1, "{text}: {errors:?}");
        assert!(errors[0].contains(expected), "{text}: {errors:?}");
    }
}

#[test]
#[should_panic(expected = "outside the subset")]
fn the_validator_refuses_keywords_it_does_not_check() {
    let schema: Value = serde_json::from_str(r#"{"type": "number", "minimum": 0}"#).unwrap();
    violations(&schema, &Value::from(1));
}

/// Runs `faultline` and parses its standard output as JSON (exit 0, or 1 for claims that fail).
fn json_output(args: &[&str]) -> Value {
    let out = faultline(args);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn assert_valid(name: &str, value: &Value) {
    let errors = violations(&schema(name), value);
    assert!(errors.is_empty(), "{name}: {} violations, first: {:?}", errors.len(), &errors[..errors.len().min(5)]);
}

/// The evaluation summary shipped with Faultline (the output of `faultline evaluate
/// --summary`, docs/backtest.md) matches its schema.
#[test]
fn the_shipped_evaluation_summary_matches_its_schema() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../report/data/evaluation.json")).unwrap();
    assert_valid("evaluation", &serde_json::from_str(&text).unwrap());
}

#[test]
fn forecast_outputs_match_their_schema() {
    assert_valid("forecast", &json_output(&["forecast", "--runs", "40", "--days", "40", "--format", "json"]));
    // Drawn parameters, a lever and a shock, and a crisis block with its optional parts present.
    let drawn = json_output(&[
        "forecast", "--runs", "40", "--days", "40", "--parameters", "ranges", "--lever", "mutual_expulsion=1", "--shock",
        "strike:iran@3", "--format", "json",
    ]);
    assert!(drawn["crisis"]["war_given_exchange"].is_object() || drawn["crisis"]["runs_with_exchange"] == 0);
    assert_valid("forecast", &drawn);
    // A scenario with fewer outcomes (no electricity channel) fits the same schema.
    assert_valid(
        "forecast",
        &json_output(&["forecast", "--scenario", "india-pakistan", "--runs", "20", "--days", "20", "--format", "json"]),
    );
}

#[test]
fn policy_outputs_match_their_schemas() {
    assert_valid(
        "compare",
        &json_output(&["compare", "--arm", "expel:mutual_expulsion=1", "--runs", "30", "--days", "30", "--format", "json"]),
    );
    assert_valid(
        "factorial",
        &json_output(&[
            "compare", "--factorial", "mutual_expulsion,liaison_ct", "--runs", "30", "--days", "30", "--format", "json",
        ]),
    );
    // A decision parameter and one of the attack process, so the outcome varies over the design.
    let params = "state.iran.fear_of_war,group.baloch_separatists.branching";
    assert_valid(
        "sensitivity",
        &json_output(&[
            "sensitivity", "--method", "morris", "--outcome", "attacks_pakistan", "--params", params, "--samples", "2",
            "--replicates", "2", "--days", "20", "--format", "json",
        ]),
    );
    assert_valid(
        "sensitivity",
        &json_output(&[
            "sensitivity", "--method", "sobol", "--outcome", "attacks_pakistan", "--params", params, "--samples", "4",
            "--replicates", "2", "--days", "20", "--format", "json",
        ]),
    );
}

#[test]
fn claims_and_backtest_outputs_match_their_schemas() {
    assert_valid("claims", &json_output(&["claims", "--runs", "100", "--format", "json"]));
    assert_valid(
        "backtest",
        &json_output(&[
            "backtest", "--events", "iran-pakistan", "--from", "2023-01-01", "--to", "2023-12-01", "--every", "120d",
            "--runs", "20", "--format", "json",
        ]),
    );
}

/// Every field name of a schema, at any depth.
fn field_names(schema: &Value, names: &mut Vec<String>) {
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, sub) in properties {
            names.push(name.clone());
            field_names(sub, names);
        }
    }
    if let Some(items) = schema.get("items") {
        field_names(items, names);
    }
}

#[test]
fn formats_doc_describes_every_schema_field() {
    let doc = std::fs::read_to_string(repo_root().join("docs/formats.md")).unwrap();
    let mut missing = Vec::new();
    for name in ["forecast", "compare", "factorial", "sensitivity", "claims", "backtest"] {
        assert!(doc.contains(&format!("schemas/{name}.schema.json")), "docs/formats.md does not point to {name}");
        let mut names = Vec::new();
        field_names(&schema(name), &mut names);
        for field in names {
            if !doc.contains(&format!("`{field}`")) && !doc.contains(&format!("`{field}[]`")) {
                missing.push(format!("{name}: {field}"));
            }
        }
    }
    missing.dedup();
    assert!(missing.is_empty(), "fields of a schema that docs/formats.md does not name:\n{}", missing.join("\n"));
}

#[test]
fn forecast_csv_has_the_documented_columns_and_kinds() {
    let out = faultline(&["forecast", "--runs", "20", "--days", "5", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("kind,name,day,stat,value"));
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), 5, "{line}");
        let stats: &[&str] = match fields[0] {
            "probability" => &["p", "low", "high"],
            "quantity" => &["mean", "q10", "q50", "q90"],
            "daily" => &["q10", "q50", "q90", "share"],
            other => panic!("undocumented kind {other}: {line}"),
        };
        assert!(stats.contains(&fields[3]), "{line}");
        fields[2].parse::<u32>().unwrap_or_else(|_| panic!("day: {line}"));
        fields[4].parse::<f64>().unwrap_or_else(|_| panic!("value: {line}"));
    }
}
