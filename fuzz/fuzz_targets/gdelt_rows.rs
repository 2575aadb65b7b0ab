//! The Gdelt importer on arbitrary bytes: every scope, lenient and strict. A lenient
//! import accounts for every row it read.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
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
    let res = events::import_reader(events::SourceFormat::Gdelt, body, "fuzz", &opts, common::dyad());
    if let Ok(r) = res {
        assert!(r.report.is_balanced(), "{}", r.report.render());
        assert_eq!(r.events.len(), r.report.imported);
        let _ = events::to_native_string(&r.events, common::dyad());
    }
});
