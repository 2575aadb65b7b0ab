//! Events for Faultline: one typed [`Event`] record whose actors and places are the
//! states and insurgent groups of a scenario (a [`Dyad`], built from a
//! `scenario::Scenario`), a small event vocabulary (mapped onto CAMEO, Goldstein,
//! PLOVER and MID), a native CSV format, importers for ACLED, UCDP GED and GDELT 2.0
//! that match names through the scenario's aliases, the built-in chronologies of the
//! built-in scenarios, and summaries (monthly counts, fatalities per state, per-day
//! aggregates, a decaying Goldstein-weighted tension index).
//!
//! See `docs/events.md` for the formats, the mapping tables and the error policy.
//! The library does no file IO and never prints: it parses text or a reader it is
//! handed and renders to strings; every problem is returned as [`EventsError`] or in
//! an [`ImportReport`].

mod chronology;
mod csvtok;
mod date;
mod dyad;
mod error;
mod event;
mod import;
mod native;
mod outside;
mod summary;
mod vocab;

pub use chronology::{builtin_chronology, builtin_chronology_csv, builtin_names};
pub use date::{Date, days_in_month, is_leap};
pub use dyad::{Dyad, DyadGroup, DyadState};
pub use error::EventsError;
pub use event::{Dataset, Event, Fatalities, Location, SourceCodes};
pub use import::{
    ImportOptions, ImportReport, ImportResult, RowIssue, Scope, SkipGroup, SourceFormat, import_reader, in_scope,
    merge_duplicates,
};
pub use outside::{OutsideCrisis, builtin_outside_crises, parse_outside_crises};
pub use native::{NATIVE_COLUMNS, parse_native, parse_native_str, to_json_string, to_native_string};
pub use summary::{
    AttackPoint, AttackSeries, DailyCounts, EventSummary, MonthCount, SideDay, SideTotals, SummaryConfig, TensionPoint,
    attack_series, daily_counts, daily_counts_csv, event_weight, render_csv, render_json, render_text, summarize,
    tension_index,
};
pub use vocab::{Actor, Country, EventType, MidLevel, Plover, goldstein_of_root};
