//! `--help` of every command: each option says what it is for.

use crate::support::{faultline, stdout};

/// The names listed under `Commands:` in a help text (without `help`).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// Options of a help text (long `--help` or one-line form) that have no description: in the
/// `Options:` section, an option with nothing after it on its line whose next line is empty or
/// only states the default or the possible values.
fn undescribed_options(help: &str) -> Vec<String> {
    let lines: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Options:"))
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with(' '))
        .collect();
    let mut missing = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if !trimmed.starts_with('-') || indent > 6 {
            continue;
        }
        // One-line form: `--name <V>  description`.
        let same_line = trimmed.split_once("  ").map_or("", |(_, rest)| rest.trim());
        let next = lines.get(i + 1).map_or("", |l| l.trim());
        let description = if same_line.is_empty() { next } else { same_line };
        if description.is_empty() || description.starts_with("[default") || description.starts_with("[possible") {
            missing.push(trimmed.split("  ").next().unwrap_or(trimmed).to_string());
        }
    }
    missing
}

#[test]
fn the_help_checker_finds_an_option_without_a_description() {
    let long = "Usage: x\n\nOptions:\n      --seed <SEED>\n          [default: 1]\n\n      --runs <RUNS>\n          Runs per arm\n          \n          [default: 4000]\n\n      --out <OUT>\n          \n\n  -h, --help\n          Print help\n\nEXAMPLES:\n  --arm a:b=1\n";
    assert_eq!(undescribed_options(long), vec!["--seed <SEED>".to_string(), "--out <OUT>".to_string()]);
    let short = "Options:\n      --format <FORMAT>  [default: csv] [possible values: csv, json]\n      --out <FILE>       Write here\n  -h, --help             Print help\n";
    assert_eq!(undescribed_options(short), vec!["--format <FORMAT>".to_string()]);
}

#[test]
fn every_option_of_every_command_has_a_description() {
    let top = stdout(&faultline(&["--help"]));
    let mut commands: Vec<Vec<String>> = Vec::new();
    for name in subcommands(&top) {
        let help = stdout(&faultline(&[&name, "--help"]));
        let nested = subcommands(&help);
        if nested.is_empty() {
            commands.push(vec![name]);
        } else {
            commands.extend(nested.into_iter().map(|sub| vec![name.clone(), sub]));
        }
    }
    assert!(commands.len() >= 15, "found only {commands:?}");
    let mut problems = Vec::new();
    for command in &commands {
        let mut args: Vec<&str> = command.iter().map(String::as_str).collect();
        args.push("--help");
        let out = faultline(&args);
        assert!(out.status.success(), "{args:?}");
        for option in undescribed_options(&stdout(&out)) {
            problems.push(format!("faultline {}: {option}", command.join(" ")));
        }
    }
    assert!(problems.is_empty(), "options without a description:\n{}", problems.join("\n"));
}

#[test]
fn help_states_the_ranges_that_the_parser_enforces() {
    let claims = stdout(&faultline(&["claims", "--help"]));
    assert!(claims.contains("100–1,000,000"), "{claims}");
    let o = faultline(&["claims", "--runs", "99"]);
    assert_eq!(o.status.code(), Some(2));
    let forecast = stdout(&faultline(&["forecast", "--help"]));
    assert!(forecast.contains("1–10,000,000") && forecast.contains("1–3650"), "{forecast}");
}

#[test]
fn sensitivity_help_suggests_no_outcome_that_sobol_rejects() {
    let help = stdout(&faultline(&["sensitivity", "--help"]));
    let suggested: String = help.lines().skip_while(|l| !l.trim_start().starts_with("--outcome <")).take(3).collect();
    assert!(!suggested.contains("e.g. cross_border_strike, war"), "{suggested}");
    assert!(suggested.contains("cross_border_strike"), "{suggested}");
}
