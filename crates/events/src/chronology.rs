//! Built-in chronologies, embedded as native CSV, one per built-in scenario and
//! named after it. Their actor columns use that scenario's ids (coverage notes:
//! `docs/chronologies/`).

use crate::dyad::Dyad;
use crate::error::EventsError;
use crate::event::Event;
use crate::native::parse_native_str;

const BUILTINS: [(&str, &str); 3] = [
    ("iran-pakistan", include_str!("../data/iran-pakistan.csv")),
    ("india-pakistan", include_str!("../data/india-pakistan.csv")),
    ("pakistan-afghanistan", include_str!("../data/pakistan-afghanistan.csv")),
];

/// Names of the built-in chronologies (the names of the scenarios they describe).
pub fn builtin_names() -> Vec<&'static str> {
    BUILTINS.iter().map(|(n, _)| *n).collect()
}

/// A built-in chronology by name, read with `dyad` (`None` if the name is unknown).
/// With the dyad of the scenario of the same name it always parses (the test suite
/// checks the embedded files); with another scenario's dyad an actor may be unknown.
pub fn builtin_chronology(name: &str, dyad: &Dyad) -> Option<Result<Vec<Event>, EventsError>> {
    let text = builtin_chronology_csv(name)?;
    Some(parse_native_str(text, format!("builtin:{name}"), dyad))
}

/// The raw native CSV text of a built-in chronology.
pub fn builtin_chronology_csv(name: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
