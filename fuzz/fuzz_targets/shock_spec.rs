//! `--shock` specs. A parsed shock prints back to a spec that parses to itself, and
//! builds into an experiment over a horizon that contains its day.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let sc = common::scenario();
    let Ok(shock) = scenario::parse_shock(text, sc) else { return };
    let again = scenario::parse_shock(&shock.spec(sc), sc).expect("a shock's spec parses");
    assert_eq!(again, shock);
    if shock.day <= 3650 {
        let _ = engine::Experiment::builder(sc).shocks(vec![shock.clone()]).build(shock.day.max(1));
    }
});
