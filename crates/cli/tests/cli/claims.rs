//! `faultline claims`: claims declared in a scenario file, exit codes and errors.

use std::path::{Path, PathBuf};

use crate::support::{faultline, scratch, stderr, stdout};

/// Writes the built-in iran-pakistan scenario with its claims replaced by `claims`.
fn scenario_file(dir: &Path, name: &str, claims: &str) -> PathBuf {
    let text = scenario::builtin_text("iran-pakistan").unwrap();
    let cut = text.find("[[claim]]").expect("the built-in scenario has claims");
    let path = dir.join(name);
    std::fs::write(&path, format!("{}{claims}", &text[..cut])).unwrap();
    path
}

const HOLDS: &str = r#"
[[claim]]
id = "attack_raises_strikes"
statement = "A 30-death attack in Iran makes a cross-border strike likely"
source = "test"
measure = { probability = "cross_border_strike", day = 60 }
comparison = { difference = ["attack", "calm"] }
bound = { above = 0.2 }

[[claim.arm]]
name = "calm"

[[claim.arm]]
name = "attack"
shocks = ["attack:iran:30@10"]
"#;

/// Not supported: strikes happen in a few runs in a hundred, and at 100 runs the upper end
/// of the interval would exceed 0.001 even with none.
const FAILS: &str = r#"
[[claim]]
id = "no_strikes"
statement = "No state ever strikes"
source = "test"
measure = { probability = "cross_border_strike", day = 60 }
bound = { below = 0.001 }
"#;

#[test]
fn exit_code_follows_the_verdicts() {
    let dir = scratch("claims-exit");
    let holds = scenario_file(&dir, "holds.toml", HOLDS);
    let o = faultline(&["claims", "--scenario", holds.to_str().unwrap(), "--runs", "100"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let table = stdout(&o);
    assert!(table.starts_with("Faultline ") && table.contains("claims of scenario iran-pakistan (100 runs per arm, seed 1)"), "{table}");
    assert!(table.contains("[HOLDS] attack_raises_strikes") && table.contains("(test)"), "{table}");
    assert!(table.contains("effect = attack − calm") && table.contains("criterion: lower bound > 0.2"), "{table}");

    let both = scenario_file(&dir, "both.toml", &format!("{HOLDS}{FAILS}"));
    let json = dir.join("claims.json");
    let o = faultline(&["claims", "--scenario", both.to_str().unwrap(), "--runs", "100", "--format", "json", "--out", json.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let results: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let verdicts: Vec<(&str, bool)> =
        results.as_array().unwrap().iter().map(|c| (c["id"].as_str().unwrap(), c["holds"].as_bool().unwrap())).collect();
    assert_eq!(verdicts, [("attack_raises_strikes", true), ("no_strikes", false)]);
    assert_eq!(results[1]["checks"][0]["threshold"], "upper bound < 0.001");

    // The hand-set built-in claims at 100 runs: too few runs for some intervals, so exit 1.
    let o = faultline(&["claims", "--scenario", "iran-pakistan@prior", "--runs", "100"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("[NOT SUPPORTED] "), "{}", stdout(&o));
}

#[test]
fn a_scenario_without_claims_exits_2_and_writes_nothing() {
    let dir = scratch("claims-none");
    let out = dir.join("claims.txt");
    let o = faultline(&["claims", "--scenario", "pakistan-afghanistan", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("scenario `pakistan-afghanistan` has no claims"), "{}", stderr(&o));
    assert!(!out.exists());
    let bare = scenario_file(&dir, "bare.toml", "");
    let o = faultline(&["claims", "--scenario", bare.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("has no claims"), "{}", stderr(&o));
}

#[test]
fn malformed_claims_are_located_and_exit_2() {
    let dir = scratch("claims-bad");
    // A shape error, found when the scenario is parsed.
    let bad_arm = scenario_file(&dir, "bad-arm.toml", &HOLDS.replace("[\"attack\", \"calm\"]", "[\"attack\", \"quiet\"]"));
    let text = std::fs::read_to_string(&bad_arm).unwrap();
    let line = text.lines().position(|l| l.starts_with("comparison = { difference = [\"attack\", \"quiet\"]")).unwrap() + 1;
    for args in [vec!["claims", "--scenario", bad_arm.to_str().unwrap()], vec!["scenario", "check", bad_arm.to_str().unwrap()]] {
        let o = faultline(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains(&format!("bad-arm.toml:{line}:")), "{err}");
        assert!(err.contains("field `claim[0].comparison`: `quiet` is not an arm of this claim; expected one of `calm`, `attack`"), "{err}");
    }
    // An unknown outcome, found against the registry, with the scenario's list.
    let bad_name = scenario_file(&dir, "bad-name.toml", &HOLDS.replace("\"cross_border_strike\"", "\"strikes\""));
    let text = std::fs::read_to_string(&bad_name).unwrap();
    let line = text.lines().position(|l| l.contains("probability = \"strikes\"")).unwrap() + 1;
    for args in [vec!["claims", "--scenario", bad_name.to_str().unwrap()], vec!["scenario", "check", bad_name.to_str().unwrap()]] {
        let o = faultline(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains(&format!("bad-name.toml:{line}:")) && err.contains("field `claim[0].measure.probability`"), "{err}");
        assert!(err.contains("`strikes` is not an event outcome of scenario iran-pakistan; expected one of cross_border_strike,"), "{err}");
    }
    assert!(stdout(&faultline(&["claims", "--scenario", bad_name.to_str().unwrap()])).is_empty());
}

#[test]
fn india_pakistan_declares_its_own_claims() {
    // The hand-set version, which was written to them; the fitted one's verdicts are a
    // finding, documented in docs/model.md (12.3).
    let o = faultline(&["claims", "--scenario", "india-pakistan@prior", "--runs", "300", "--seed", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let table = stdout(&o);
    assert!(table.contains("[HOLDS] mass_casualty_attack_brings_indian_strike") && table.contains("[HOLDS] pakistan_answers_a_strike"), "{table}");
    assert!(table.contains("P(strike_by_india by day 40)") && table.contains("2 of 2 claims hold"), "{table}");
}

#[test]
fn every_built_in_claim_gets_a_verdict_and_threads_do_not_change_it() {
    let dir = scratch("claims-threads");
    let text = scenario::builtin_text("iran-pakistan").unwrap();
    // The claim ids of the built-in scenario, read from its file.
    let ids: Vec<&str> = text
        .split("[[claim]]")
        .skip(1)
        .map(|c| c.lines().find_map(|l| l.strip_prefix("id = \"")).unwrap().trim_end_matches('"'))
        .collect();
    assert!(ids.len() >= 3, "{ids:?}");
    let run = |threads: &str| {
        let json = dir.join(format!("claims-{threads}.json"));
        let o = faultline(&["claims", "--runs", "100", "--format", "json", "--out", json.to_str().unwrap(), "--threads", threads]);
        (o, std::fs::read(&json).unwrap())
    };
    let (one, json1) = run("1");
    let (two, json2) = run("2");
    assert_eq!(json1, json2, "claims output depends on the thread count");
    assert_eq!(one.status.code(), two.status.code());
    let results: serde_json::Value = serde_json::from_slice(&json1).unwrap();
    let verdicts: Vec<(&str, bool)> =
        results.as_array().unwrap().iter().map(|c| (c["id"].as_str().unwrap(), c["holds"].as_bool().unwrap())).collect();
    assert_eq!(verdicts.iter().map(|v| v.0).collect::<Vec<_>>(), ids, "one verdict per claim, in file order");
    // Exit status 1 exactly when some claim is not supported.
    let expected = if verdicts.iter().all(|v| v.1) { 0 } else { 1 };
    assert_eq!(one.status.code(), Some(expected), "{verdicts:?}");
    // The table prints each claim's verdict.
    let o = faultline(&["claims", "--runs", "100"]);
    assert_eq!(o.status.code(), Some(expected));
    let table = stdout(&o);
    for (id, holds) in &verdicts {
        let tag = if *holds { "[HOLDS]" } else { "[NOT SUPPORTED]" };
        assert!(table.contains(&format!("{tag} {id}")), "{id}: {table}");
    }
    let holding = verdicts.iter().filter(|v| v.1).count();
    assert!(table.contains(&format!("{holding} of {} claims hold", verdicts.len())), "{table}");
}
