//! `--parameters posterior|ranges|point`: where each run's parameters come from.

use crate::support::{faultline, scratch, stderr, stdout};

/// The built-in scenario's hand-set version with a `[posterior]` over two per-run parameters.
fn scenario_with_posterior(dir: &std::path::Path) -> String {
    let shown = faultline(&["scenario", "show", "iran-pakistan@prior"]);
    assert!(shown.status.success());
    let text = stdout(&shown)
        + r#"
[posterior]
method = "laplace"
provenance = "a test posterior"
parameters = ["dynamics.inertia", "state.iran.pressure_per_death"]
lower = [0.0, 0.0]
upper = [0.0, 0.0]
lower_bounded = [true, true]
upper_bounded = [false, false]
mode_z = [1.2, 0.3]
cholesky = [[0.3, 0.0], [0.1, 0.4]]
"#;
    let path = dir.join("fitted.toml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A scenario with a posterior draws from it by default and says so in both headers;
/// `--parameters point` gives the forecast of the same scenario without the posterior.
#[test]
fn posterior_is_the_default_of_a_fitted_scenario_and_point_ignores_it() {
    let dir = scratch("parameters");
    let fitted = scenario_with_posterior(&dir);
    let args = ["--runs", "300", "--days", "120", "--seed", "7", "--format", "json"];
    let drawn = json(&faultline(&[&["forecast", "--scenario", &fitted][..], &args].concat()));
    assert_eq!(drawn["parameters"], "posterior");
    let point = json(&faultline(&[&["forecast", "--scenario", &fitted, "--parameters", "point"][..], &args].concat()));
    assert_eq!(point["parameters"], "point");
    let plain = json(&faultline(&[&["forecast", "--scenario", "iran-pakistan@prior"][..], &args].concat()));
    assert_eq!(plain["parameters"], "point");
    for field in ["probabilities", "quantities", "crisis", "actions", "daily"] {
        assert_eq!(point[field], plain[field], "{field}");
    }
    assert_ne!(drawn["probabilities"], plain["probabilities"]);
    let table = faultline(&["forecast", "--scenario", &fitted, "--runs", "300", "--days", "120", "--seed", "7"]);
    assert!(stdout(&table).contains("300 runs × 120 days, seed 7, parameters drawn per run (posterior)"), "{}", stdout(&table));
}

/// Drawn parameters keep the output independent of the thread count.
#[test]
fn drawn_parameters_give_the_same_output_on_one_and_two_threads() {
    let args = ["forecast", "--parameters", "ranges", "--runs", "300", "--days", "120", "--format", "json"];
    let one = faultline(&[&args[..], &["--threads", "1"]].concat());
    let two = faultline(&[&args[..], &["--threads", "2"]].concat());
    assert_eq!(json(&one)["parameters"], "ranges");
    assert_eq!(one.stdout, two.stdout);
}

/// The posterior of a scenario without one is an error that names the option and the fix,
/// for every command that takes `--parameters`, and sensitivity refuses drawn parameters.
#[test]
fn posterior_without_a_posterior_table_is_an_error() {
    let dir = scratch("parameters-missing");
    let out_file = dir.join("out.json");
    for args in [
        &["forecast", "--scenario", "iran-pakistan@prior", "--parameters", "posterior", "--runs", "10", "--out", out_file.to_str().unwrap()][..],
        &["compare", "--scenario", "iran-pakistan@prior", "--parameters", "posterior", "--runs", "10", "--arm", "a:mutual_expulsion=1"],
        &["claims", "--scenario", "iran-pakistan@prior", "--parameters", "posterior", "--runs", "100"],
    ] {
        let out = faultline(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("parameters") && err.contains("no [posterior] table") && err.contains("calibrate"), "{err}");
    }
    assert!(!out_file.exists());
    let out = faultline(&["sensitivity", "--method", "morris", "--outcome", "war", "--parameters", "ranges"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("sensitivity varies each parameter"), "{}", stderr(&out));
}

/// `compare` draws parameters too, with a parameter set by `--set` held at its value.
#[test]
fn compare_draws_parameters_and_holds_a_set_one() {
    let args = ["compare", "--runs", "200", "--days", "60", "--arm", "expel:mutual_expulsion=1", "--format", "json"];
    let point = json(&faultline(&args));
    let ranges = json(&faultline(&[&args[..], &["--parameters", "ranges"]].concat()));
    let held = json(&faultline(&[&args[..], &["--parameters", "ranges", "--set", "dynamics.inertia=4.5"]].concat()));
    assert_ne!(point["rows"], ranges["rows"]);
    assert_ne!(ranges["rows"], held["rows"]);
}

/// A posterior over a parameter that every run shares is refused by name, also by the
/// commands that hand the scenario to a library (claims), before anything runs.
#[test]
fn a_posterior_over_a_shared_parameter_is_an_error() {
    let dir = scratch("parameters-shared");
    let fitted = scenario_with_posterior(&dir);
    let text = std::fs::read_to_string(&fitted).unwrap().replace("\"dynamics.inertia\", \"state.iran", "\"dynamics.qre_precision\", \"state.iran");
    std::fs::write(&fitted, text).unwrap();
    for command in ["forecast", "claims"] {
        let out = faultline(&[command, "--scenario", &fitted, "--runs", "100"]);
        assert_eq!(out.status.code(), Some(2), "{command}: {}", stderr(&out));
        assert!(stderr(&out).contains("`dynamics.qre_precision` cannot differ between runs"), "{}", stderr(&out));
    }
}
