//! Scenario files: bytes → UTF-8 check → TOML → validation. A scenario that parses
//! must survive a round trip through `to_toml` and yield its dyad, levers and
//! parameter list.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = scenario::text_from_bytes(data.to_vec(), "fuzz.toml") else { return };
    let Ok(sc) = scenario::parse(&text, "fuzz.toml") else { return };
    let again = scenario::parse(&sc.to_toml(), "roundtrip.toml").expect("a valid scenario's TOML parses again");
    assert_eq!(again.hash(), sc.hash(), "round trip changed the scenario");
    let _ = events::Dyad::from_scenario(&sc);
    let _ = sc.default_levers();
    for p in scenario::parameter_paths(&sc) {
        assert!(p.domain.contains(p.param.value), "{} = {} outside {:?}", p.name, p.param.value, p.domain);
    }
});
