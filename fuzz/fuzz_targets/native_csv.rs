//! The native events CSV reader, for the built-in iran-pakistan dyad. What it reads
//! must be written and read back to the same events.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let dyad = common::dyad();
    let Ok(evs) = events::parse_native_str(text, "fuzz.csv", dyad) else { return };
    let written = events::to_native_string(&evs, dyad);
    let back = events::parse_native_str(&written, "written.csv", dyad).expect("written events read back");
    assert_eq!(back.len(), evs.len());
    let _ = events::to_json_string(&evs, dyad);
});
