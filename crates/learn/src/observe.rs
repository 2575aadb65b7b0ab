//! A dyad's events as the days the replay reads.

use backtest::{BacktestError, observed_days};
use events::{Date, Event};

use crate::likelihood::RecordDays;

/// The events from `start` to `end` (inclusive) as observed days, with the first
/// `burn_in_days` days replayed but not scored (they bring the record's state,
/// started from the scenario's values, up to date).
pub fn records_from_events(
    events: &[Event],
    start: Date,
    end: Date,
    burn_in_days: usize,
) -> Result<RecordDays, BacktestError> {
    let days = end.days_since(start) + 1;
    if days <= 0 {
        return Err(BacktestError { field: "record".into(), message: format!("the record ends ({end}) before it starts ({start})") });
    }
    let days = observed_days(events, start, days as u32);
    Ok(RecordDays { scored_from: burn_in_days.min(days.len()), days })
}
