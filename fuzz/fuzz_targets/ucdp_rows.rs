//! The UcdpGed importer on arbitrary bytes: every scope, lenient and strict. A lenient
//! import accounts for every row it read.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::import_rows(events::SourceFormat::UcdpGed, data));
