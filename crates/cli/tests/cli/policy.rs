//! `faultline compare` and `faultline sensitivity`.

use crate::support::{faultline, stderr, stdout};

#[test]
fn compare_rejects_bad_arm_syntax_with_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["--arm", "expel"], "expected NAME:ITEM"),
        (&["--arm", "expel:mutual_expulsion"], "has no `=`"),
        (&["--arm", "expel:mutual_expulsion=yes"], "`yes` is not a number"),
        (&["--arm", "expel:expulsion=1"], "unknown lever"),
        (&["--arm", "x:liaison_ct=3"], "out of range"),
        (&["--arm", "raid:shock=attack:india:30@10"], "not a state"),
        (&["--arm", "baseline:liaison_ct=1"], "reserved"),
        (&["--arm", "a:liaison_ct=1", "--outcomes", "strikes"], "unknown outcome"),
        (&["--arm", "late:shock=strike:iran@50", "--days", "30"], "after the horizon"),
        (&["--factorial", "expulsion"], "no default high setting"),
        (&["--factorial", "liaison_ct", "--high", "development=3"], "not one of the --factorial levers"),
        (&[], "give at least one arm"),
    ];
    for (extra, needle) in cases {
        let mut args = vec!["compare", "--runs", "4"];
        args.extend_from_slice(extra);
        let out = faultline(&args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("faultline: error:") && err.contains(needle), "{extra:?}: {err}");
        assert!(out.stdout.is_empty(), "{extra:?}");
    }
}

#[test]
fn a_small_compare_run_reports_paired_differences() {
    let out = faultline(&[
        "compare",
        "--arm",
        "strike:shock=strike:iran@3",
        "--arm",
        "expel:mutual_expulsion=1,development=300",
        "--outcomes",
        "cross_border_strike,attacks_iran",
        "--runs",
        "60",
        "--days",
        "60",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["runs"], 60);
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    // A strike on day 3 makes the cross-border strike certain in every run.
    let strike = rows.iter().find(|r| r["arm"] == "strike" && r["outcome"] == "cross_border_strike").unwrap();
    assert_eq!(strike["paired"]["mean_alternative"], 1.0);
    let expel = rows.iter().find(|r| r["arm"] == "expel" && r["outcome"] == "attacks_iran").unwrap();
    assert_eq!(expel["changes"], serde_json::json!(["mutual_expulsion=1", "development=300"]));
    let low = expel["paired"]["ci"]["low"].as_f64().unwrap();
    let high = expel["paired"]["ci"]["high"].as_f64().unwrap();
    let diff = expel["paired"]["mean_difference"].as_f64().unwrap();
    assert!(low <= diff && diff <= high);

    // The table and CSV forms of the same run agree on the numbers and do not depend on threads.
    let base = ["compare", "--arm", "dev:development=300", "--outcomes", "attacks_iran", "--runs", "40", "--days", "30"];
    let csv1 = faultline(&[&base[..], &["--format", "csv", "--threads", "1"]].concat());
    let csv2 = faultline(&[&base[..], &["--format", "csv", "--threads", "2"]].concat());
    assert_eq!(csv1.status.code(), Some(0), "{}", stderr(&csv1));
    assert_eq!(stdout(&csv1), stdout(&csv2));
    assert!(stdout(&csv1).starts_with("arm,changes,outcome,day,runs,baseline_mean"));
    let table = faultline(&base);
    assert_eq!(table.status.code(), Some(0));
    assert!(stdout(&table).contains("Paired comparison") && stdout(&table).contains("95% interval"));
}

#[test]
fn a_small_factorial_reports_main_effects_and_the_interaction() {
    let out = faultline(&[
        "compare",
        "--factorial",
        "mutual_expulsion,development",
        "--high",
        "development=500",
        "--outcomes",
        "attacks_iran",
        "--runs",
        "30",
        "--days",
        "90",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["factors"][1]["high"], 500.0);
    assert_eq!(json["factors"][0]["low"], 0.0);
    let effects = json["outcomes"][0]["effects"]["effects"].as_array().unwrap();
    let labels: Vec<&str> = effects.iter().map(|e| e["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["mutual_expulsion", "development", "mutual_expulsion×development"]);
    for e in effects {
        assert!(e["ci"]["low"].as_f64().is_some() && e["ci"]["high"].as_f64().is_some(), "{e}");
    }
}

#[test]
fn sensitivity_prints_a_sorted_table_and_timing() {
    let out = faultline(&[
        "sensitivity",
        "--method",
        "morris",
        "--outcome",
        "attacks_iran",
        "--params",
        "dynamics.expulsion_days,group.jaish_al_adl.background_rate",
        "--samples",
        "4",
        "--replicates",
        "4",
        "--days",
        "60",
        "--format",
        "csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "rank,parameter,mu_star,mu_star_ci_low,mu_star_ci_high,mu,sigma,low,high");
    assert!(lines[1].starts_with("1,group.jaish_al_adl.background_rate,"), "{text}");
    assert!(lines[2].starts_with("2,dynamics.expulsion_days,0,"), "{text}");
    assert!(stderr(&out).contains("design points") && stderr(&out).contains(" s"), "{}", stderr(&out));

    let bad = faultline(&["sensitivity", "--method", "sobol", "--outcome", "war", "--samples", "100", "--params", "dynamics.inertia"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("power of two"), "{}", stderr(&bad));
    let bad = faultline(&["sensitivity", "--method", "morris", "--outcome", "war", "--params", "dynamics.nothing"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("dynamics.nothing") && stderr(&bad).contains("no such parameter"), "{}", stderr(&bad));
}
