//! Integration tests for the events crate (one binary, themed modules).

mod acled;
mod chronology;
mod gdelt;
mod native;
mod summary;
mod ucdp;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

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
