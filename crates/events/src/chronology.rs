//! Built-in chronologies, embedded as native CSV.

use crate::event::Event;
use crate::native::parse_native_str;

const IRAN_PAKISTAN_2024: &str = include_str!("../data/iran-pakistan-2024.csv");

const BUILTINS: [(&str, &str); 1] = [("iran-pakistan-2024", IRAN_PAKISTAN_2024)];

/// Names of the built-in chronologies.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTINS.iter().map(|(n, _)| *n).collect()
}

/// A built-in chronology by name, `None` if unknown. The embedded files are checked
/// by the test suite, so parsing cannot fail in a released build.
pub fn builtin_chronology(name: &str) -> Option<Vec<Event>> {
    let (_, text) = BUILTINS.iter().find(|(n, _)| *n == name)?;
    parse_native_str(text, format!("builtin:{name}")).ok()
}

/// The raw native CSV text of a built-in chronology.
pub fn builtin_chronology_csv(name: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
