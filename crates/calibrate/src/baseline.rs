//! Reference forecasts for skill scores: climatology and persistence.
//!
//! Both work on a daily series (`series[d]` = count on day `d`, e.g. attacks
//! or fatalities) and a forecast `origin`: the forecast covers days
//! `origin .. origin + window`, and only days before `origin` may be used.
//! History is cut into disjoint windows of the forecast's length, aligned so
//! that the most recent one ends exactly at the origin:
//! `[origin − w, origin)`, `[origin − 2w, origin − w)`, … (an incomplete
//! leftover at the start of the series is dropped). Disjoint windows keep the
//! baseline's sample of past outcomes free of overlap.

/// Totals of the complete past windows of length `window` before `origin`,
/// most recent first. Empty if `window == 0`, `origin > series.len()` or
/// there is less than one window of history.
pub fn past_window_totals(series: &[u32], origin: usize, window: usize) -> Vec<f64> {
    if window == 0 || origin > series.len() {
        return Vec::new();
    }
    series[..origin]
        .rchunks_exact(window)
        .map(|w| w.iter().map(|&c| f64::from(c)).sum())
        .collect()
}

/// Climatological predictive distribution for the window total: the totals of
/// all past windows, as an equally weighted ensemble (feed it to
/// [`crate::crps_ensemble`]). `None` without a complete past window.
pub fn climatology_counts(series: &[u32], origin: usize, window: usize) -> Option<Vec<f64>> {
    let totals = past_window_totals(series, origin, window);
    (!totals.is_empty()).then_some(totals)
}

/// Climatological probability of a binary outcome defined on the window
/// total (e.g. `|total| total >= 1.0` for "at least one strike"): the fraction
/// of past windows in which it occurred. `None` without a complete past window.
pub fn climatology_probability(
    series: &[u32],
    origin: usize,
    window: usize,
    event: impl Fn(f64) -> bool,
) -> Option<f64> {
    let totals = past_window_totals(series, origin, window);
    if totals.is_empty() {
        return None;
    }
    let hits = totals.iter().filter(|&&t| event(t)).count();
    Some(hits as f64 / totals.len() as f64)
}

/// Persistence ("no change") forecast of the window total: the total of the
/// most recent window `[origin − window, origin)`. `None` without one.
pub fn persistence_count(series: &[u32], origin: usize, window: usize) -> Option<f64> {
    past_window_totals(series, origin, window).first().copied()
}

/// Persistence forecast of a binary outcome: 1.0 if it occurred in the most
/// recent window, else 0.0. (Such 0/1 forecasts are clipped by
/// [`crate::log_score`].) `None` without a complete past window.
pub fn persistence_probability(
    series: &[u32],
    origin: usize,
    window: usize,
    event: impl Fn(f64) -> bool,
) -> Option<f64> {
    persistence_count(series, origin, window).map(|t| if event(t) { 1.0 } else { 0.0 })
}
