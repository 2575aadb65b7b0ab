//! The outside-crises table parser.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = events::parse_outside_crises(text, std::path::Path::new("fuzz.csv"));
});
