//! The article extractor: raw bytes → article → events, with the built-in
//! dictionaries for iran-pakistan, then merging and both renderings.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    static DICT: OnceLock<extract::Dictionary> = OnceLock::new();
    let dict = DICT.get_or_init(|| extract::Dictionary::new(common::scenario(), &[]).expect("built-in dictionaries"));
    let Ok(article) = extract::read_article("fuzz.txt", data, None) else { return };
    let evs = extract::extract(dict, &article);
    for e in &evs {
        assert!((0.0..=1.0).contains(&e.confidence), "confidence {}", e.confidence);
    }
    let merged = extract::merge(evs);
    let _ = extract::to_csv(&merged);
    let _ = extract::to_json(&merged);
});
