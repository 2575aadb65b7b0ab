//! `--set NAME=VALUE` and `--lever NAME=VALUE` assignments, one a line, applied to the
//! built-in scenario. Whatever is accepted must build an experiment and, when its
//! estimated work is small, simulate one short run without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let base = common::scenario();
    let mut builder = engine::Experiment::builder(base);
    let mut lever_lines = Vec::new();
    for line in text.lines().take(16) {
        if let Some(lever) = line.strip_prefix("lever ") {
            lever_lines.push(lever);
            continue;
        }
        let Ok((name, value)) = scenario::parse_assignment(line) else { return };
        builder = match builder.set(name, value) {
            Ok(b) => b,
            Err(_) => return,
        };
    }
    let mut levers = builder.scenario().default_levers();
    for l in lever_lines {
        if levers.apply_assignment(l, builder.scenario()).is_err() {
            return;
        }
    }
    let exp = builder.levers(levers).build(30).expect("in-domain settings build");
    let work = engine::Workload::of(&exp, 1);
    assert!(work.units().is_finite() && work.units() >= 0.0, "work {:?}", work.units());
    if work.units() < 2_000.0 {
        let _ = engine::run_outcome(&exp.spec(), 7, 0);
    }
});
