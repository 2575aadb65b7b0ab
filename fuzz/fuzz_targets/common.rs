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

/// One importer on arbitrary bytes: the first byte picks strict or lenient and the
/// scope, the rest is the file. A lenient import accounts for every row it read.
#[allow(dead_code)]
pub fn import_rows(format: events::SourceFormat, data: &[u8]) {
    let Some((&mode, body)) = data.split_first() else { return };
    let opts = events::ImportOptions {
        strict: mode & 1 == 1,
        scope: match (mode >> 1) % 3 {
            0 => events::Scope::Dyad,
            1 => events::Scope::BorderProvinces,
            _ => events::Scope::All,
        },
        ..Default::default()
    };
    if let Ok(r) = events::import_reader(format, body, "fuzz", &opts, dyad()) {
        assert!(r.report.is_balanced(), "{}", r.report.render());
        assert_eq!(r.events.len(), r.report.imported);
        let _ = events::to_native_string(&r.events, dyad());
    }
}
