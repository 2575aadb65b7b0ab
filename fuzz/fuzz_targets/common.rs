//! Shared fixtures: the built-in scenario and its dyad, built once per process.

use std::sync::OnceLock;

pub fn scenario() -> &'static scenario::Scenario {
    static S: OnceLock<scenario::Scenario> = OnceLock::new();
    S.get_or_init(|| scenario::builtin("iran-pakistan").expect("built-in scenario"))
}

#[allow(dead_code)]
pub fn dyad() -> &'static events::Dyad {
    static D: OnceLock<events::Dyad> = OnceLock::new();
    D.get_or_init(|| events::Dyad::from_scenario(scenario()))
}
