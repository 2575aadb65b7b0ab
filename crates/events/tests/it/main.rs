//! Integration tests for the events crate (one binary, themed modules).

mod acled;
mod chronology;
mod dyad;
mod gdelt;
mod native;
mod summary;
mod ucdp;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use events::{Actor, Dyad, Event, EventsError, ImportOptions, ImportResult, SourceFormat};

/// Side and group indices of the built-in iran-pakistan scenario (state and group order
/// of its TOML file).
pub const IRAN: Actor = Actor::State(0);
pub const PAKISTAN: Actor = Actor::State(1);
pub const JAISH: Actor = Actor::Group { group: 0, side: 0 };
pub const BALOCH: Actor = Actor::Group { group: 1, side: 1 };

/// The dyad of a built-in scenario.
pub fn dyad_of(name: &str) -> Dyad {
    Dyad::from_scenario(&scenario::builtin(name).unwrap())
}

/// The dyad of the built-in iran-pakistan scenario.
pub fn ip() -> Dyad {
    dyad_of("iran-pakistan")
}

/// Opens a file and imports it with the iran-pakistan dyad (the library does no file IO).
pub fn import(format: SourceFormat, path: &Path, opts: &ImportOptions) -> Result<ImportResult, EventsError> {
    let file = std::fs::File::open(path).unwrap();
    events::import_reader(format, std::io::BufReader::new(file), path, opts, &ip())
}

/// Reads a native file with the iran-pakistan dyad.
pub fn read_native(path: &Path) -> Result<Vec<Event>, EventsError> {
    let text = std::fs::read_to_string(path).unwrap();
    events::parse_native_str(&text, path, &ip())
}

/// A built-in chronology read with its own scenario's dyad.
pub fn chronology(name: &str) -> Vec<Event> {
    events::builtin_chronology(name, &dyad_of(name)).expect("known").expect("the embedded chronology parses")
}

/// A fresh path in the system temp folder (no extra crates; unique per call).
pub fn temp_path(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("faultline-events-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{n}-{name}"))
}

pub fn write_temp(name: &str, content: &str) -> PathBuf {
    let p = temp_path(name);
    std::fs::write(&p, content).unwrap();
    p
}

pub fn d(s: &str) -> events::Date {
    s.parse().unwrap()
}

/// A CSV file: the `header` line, then `rows`, each ended by `row_end`.
pub fn csv_file(header: &str, rows: impl IntoIterator<Item = String>, row_end: &str) -> String {
    let mut s = String::from(header);
    s.push('\n');
    for r in rows {
        s.push_str(&r);
        s.push_str(row_end);
    }
    s
}

/// The group of rows an import skipped for `reason`.
pub fn skip_group<'r>(report: &'r events::ImportReport, reason: &str) -> &'r events::SkipGroup {
    report.skip_groups.iter().find(|g| g.reason == reason).unwrap_or_else(|| panic!("no rows skipped for {reason:?}"))
}
