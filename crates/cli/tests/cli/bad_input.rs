//! Bad input is refused with the option or file, the place and what is allowed (issue 12, point 4).

use std::path::{Path, PathBuf};

use crate::support::{faultline, scratch, stderr, stdout};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn refused(args: &[&str]) -> String {
    let o = faultline(args);
    assert_eq!(o.status.code(), Some(2), "{args:?} was accepted: {}", stdout(&o));
    stderr(&o)
}

#[test]
fn native_fatalities_out_of_order_are_refused_by_import_and_summary() {
    let dir = scratch("bad-fatalities");
    let file = dir.join("order.csv");
    std::fs::write(
        &file,
        "date,actor,target,event_type,fatalities_best,fatalities_low,fatalities_high\n\
         2024-01-01,insurgents_iran,iran,insurgent_attack,2,1,3\n\
         2024-01-02,insurgents_iran,iran,insurgent_attack,5,7,9\n",
    )
    .unwrap();
    let out = dir.join("out.csv");
    for args in [
        vec!["events", "import", "--from", "native", "--strict", s(&file), "--out", s(&out)],
        vec!["events", "summary", s(&file)],
    ] {
        let err = refused(&args);
        assert!(err.contains("order.csv: row 3: column fatalities_low"), "{err}");
        assert!(err.contains("expected low ≤ best ≤ high"), "{err}");
    }
    assert!(!out.exists());
    let _ = std::fs::remove_dir_all(dir);
}

/// A native events file with `pakistan` attacks (a simulated Hawkes process over 600
/// days, tolls 1 to 5) and `iran_attacks` attacks in Iran with no toll recorded.
fn attacks_file(dir: &Path, pakistan: bool, iran_attacks: usize) -> PathBuf {
    let mut csv = String::from("date,actor,target,event_type,country,admin1,admin2,fatalities_best\n");
    let start = events::Date::parse_iso("2022-01-01").unwrap();
    if pakistan {
        for (k, t) in calibrate::simulate_hawkes(0.35, 0.45, 1.0 / 14.0, 600.0, 4).iter().enumerate() {
            let date = start.add_days(t.floor() as i32);
            csv.push_str(&format!("{date},insurgents_pakistan,pakistan,insurgent_attack,PAK,Balochistan,Kech,{}\n", 1 + k % 5));
        }
    }
    for k in 0..iran_attacks {
        csv.push_str(&format!("{},insurgents_iran,iran,insurgent_attack,IRN,Sistan and Baluchestan,,\n", start.add_days(100 * k as i32)));
    }
    csv.push_str(&format!("{},pakistan,iran,ambassador_recalled,PAK,,,\n", start.add_days(599)));
    let path = dir.join(format!("attacks-{pakistan}-{iran_attacks}.csv"));
    std::fs::write(&path, csv).unwrap();
    path
}

#[test]
fn calibrate_with_too_few_attacks_everywhere_is_an_error_that_says_why() {
    let dir = scratch("bad-calibrate-none");
    let evs = attacks_file(&dir, false, 3);
    let out = dir.join("cal.toml");
    let err = refused(&["calibrate", "--events", s(&evs), "--out", s(&out)]);
    assert!(err.contains("nothing could be fitted") && err.contains("no side has enough attacks"), "{err}");
    assert!(err.contains("iran (3 attacks)") && err.contains("pakistan (0 attacks)"), "{err}");
    assert!(!out.exists());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn calibrate_with_one_side_fitted_says_which_values_are_priors() {
    let dir = scratch("bad-calibrate-one");
    let evs = attacks_file(&dir, true, 3);
    let out = dir.join("cal.toml");
    let o = faultline(&["calibrate", "--events", s(&evs), "--out", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let fitted = "insurgent_group[1].background_rate, insurgent_group[1].branching, insurgent_group[1].decay_days, insurgent_group[1].fatality_exponent";
    let priors = "insurgent_group[0].background_rate, insurgent_group[0].branching, insurgent_group[0].decay_days, insurgent_group[0].fatality_exponent";
    let table = stdout(&o);
    assert!(table.contains(&format!("fitted: {fitted}\n")), "{table}");
    assert!(table.contains(&format!("prior values kept (not fitted): {priors}\n")), "{table}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains(&format!("# Fitted: {fitted}.\n# Prior values kept (too few attacks to fit): {priors}.\n")), "{text}");
    let sc = scenario::parse(&text, "cal.toml").unwrap();
    let note = sc.meta.sources.last().unwrap();
    assert!(note.contains(&format!("fitted by faultline calibrate: {fitted}; kept at their prior values")), "{note}");
    // The prior group is left as the built-in scenario has it.
    let builtin = scenario::builtin("iran-pakistan").unwrap();
    assert_eq!(sc.insurgent_group[0].branching, builtin.insurgent_group[0].branching);
    assert_ne!(sc.insurgent_group[1].branching, builtin.insurgent_group[1].branching);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn scenario_file_errors_say_where() {
    let dir = scratch("bad-scenario");
    let text = scenario::builtin_text("iran-pakistan").unwrap();
    let line = text[..text.find("start_date").unwrap()].matches('\n').count() + 1;
    // Invalid UTF-8 in the middle of a line.
    let mut bytes = text.as_bytes().to_vec();
    let at = text.find("start_date").unwrap() + 5;
    bytes.insert(at, 0xfe);
    let utf8 = dir.join("utf8.toml");
    std::fs::write(&utf8, bytes).unwrap();
    let err = refused(&["scenario", "check", s(&utf8)]);
    assert!(err.contains(&format!("utf8.toml:{line}:6: invalid UTF-8 (byte 0xfe)")), "{err}");
    let err = refused(&["forecast", "--runs", "10", "--scenario", s(&utf8)]);
    assert!(err.contains(&format!("utf8.toml:{line}:6:")), "{err}");
    // A duplicate key.
    let dup = dir.join("dup.toml");
    std::fs::write(&dup, text.replacen("start_date = ", "start_date = \"2024-01-01\"\nstart_date = ", 1)).unwrap();
    let err = refused(&["scenario", "check", s(&dup)]);
    assert!(err.contains(&format!("dup.toml:{}:1: duplicate key `start_date`", line + 1)), "{err}");
    // A table nested past the parser's limit, at the end of the file.
    let deep = dir.join("deep.toml");
    std::fs::write(&deep, format!("{text}\n[{}]\nx = 1\n", vec!["t"; 90].join("."))).unwrap();
    let err = refused(&["scenario", "check", s(&deep)]);
    let last = text.matches('\n').count() + 2;
    assert!(err.contains(&format!("deep.toml:{last}:1: a key nested 90 levels deep; at most 79 levels are allowed")), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn negative_and_out_of_range_numbers_name_the_option_and_the_range() {
    let err = refused(&["forecast", "--runs", "-1"]);
    assert!(err.contains("'--runs <RUNS>': expected a whole number from 1 to 10,000,000"), "{err}");
    let err = refused(&["forecast", "--threads", "-1"]);
    assert!(err.contains("'--threads <THREADS>': expected 0 (all cores) or a number of threads from 1 to 1024"), "{err}");
    let err = refused(&["claims", "--threads", "-2"]);
    assert!(err.contains("--threads") && err.contains("from 1 to 1024"), "{err}");
    let err = refused(&["claims", "--runs", "-100"]);
    assert!(err.contains("'--runs <RUNS>': expected a whole number from 100 to 1,000,000"), "{err}");
    let err = refused(&["forecast", "--days", "-5"]);
    assert!(err.contains("'--days <DAYS>': expected a whole number from 1 to 3,650"), "{err}");
    let err = refused(&["forecast", "--runs", "10", "--shock", "attack:iran:20000@5"]);
    assert!(err.contains("deaths `20000` is not allowed; expected a whole number from 1 to 10,000"), "{err}");
    let err = refused(&["forecast", "--runs", "10", "--shock", "attack:iran:-3@5"]);
    assert!(err.contains("from 1 to 10,000"), "{err}");
}

#[test]
fn an_empty_events_file_given_to_backtest_is_named() {
    let dir = scratch("bad-backtest-empty");
    let header_only = dir.join("header-only.csv");
    std::fs::write(&header_only, "date,actor,target,event_type\n").unwrap();
    let err = refused(&["backtest", "--events", s(&header_only), "--from", "2024-01-01", "--to", "2024-06-01", "--runs", "10"]);
    assert!(err.contains(&format!("--events {}: the file holds no dated events", header_only.display())), "{err}");
    let zero_bytes = dir.join("zero-bytes.csv");
    std::fs::write(&zero_bytes, "").unwrap();
    let err = refused(&["backtest", "--events", s(&zero_bytes), "--from", "2024-01-01", "--to", "2024-06-01", "--runs", "10"]);
    assert!(err.contains("zero-bytes.csv") && err.contains("empty file"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}
