//! Events for Faultline: one typed [`Event`] record with a small vocabulary for the
//! Iran–Pakistan dyad (mapped onto CAMEO, Goldstein, PLOVER and MID), a native CSV
//! format, importers for ACLED, UCDP GED and GDELT 2.0, a built-in chronology of the
//! 2024 crisis, and summaries (monthly counts, fatalities per side, per-day
//! aggregates, a decaying Goldstein-weighted tension index).
//!
//! See `docs/events.md` for the formats, the mapping tables and the error policy.
//! The library never prints; every problem is returned as [`EventsError`] or in an
//! [`ImportReport`].

mod chronology;
mod csvtok;
mod date;
mod error;
mod event;
mod import;
mod native;
mod summary;
mod vocab;

pub use chronology::{builtin_chronology, builtin_chronology_csv, builtin_names};
pub use date::{Date, days_in_month, is_leap};
pub use error::EventsError;
pub use event::{Dataset, Event, Fatalities, Location, SourceCodes};
pub use import::{
    ImportOptions, ImportReport, ImportResult, RowIssue, Scope, SkipGroup, SourceFormat, import, import_reader, in_scope,
    is_border_province, merge_duplicates,
};
pub use native::{NATIVE_COLUMNS, parse_native_str, read_native, to_native_string, write_native};
pub use summary::{
    AttackPoint, AttackSeries, DailyCounts, EventSummary, MonthCount, SideDay, SideTotals, SummaryConfig, TensionPoint,
    attack_series, daily_counts, daily_counts_csv, event_weight, render_csv, render_json, render_text, summarize,
    tension_index,
};
pub use vocab::{Actor, Country, EventType, MidLevel, Plover, Side, classify_actor_name, goldstein_of_root};
