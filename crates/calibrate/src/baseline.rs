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

#[cfg(test)]
mod tests {
    use super::*;

    // Days 0..10; forecast origin at day 9 with 3-day windows uses
    // [6, 9) = 0+4+1 = 5, [3, 6) = 0+0+2 = 2, [0, 3) = 1+0+0 = 1.
    const SERIES: [u32; 11] = [1, 0, 0, 0, 0, 2, 0, 4, 1, 99, 99];

    #[test]
    fn window_totals_by_hand() {
        assert_eq!(past_window_totals(&SERIES, 9, 3), vec![5.0, 2.0, 1.0]);
        // Origin 8: [5, 8) = 6, [2, 5) = 0; days 0..2 are an incomplete window.
        assert_eq!(past_window_totals(&SERIES, 8, 3), vec![6.0, 0.0]);
        assert!(past_window_totals(&SERIES, 2, 3).is_empty());
        assert!(past_window_totals(&SERIES, 12, 3).is_empty());
        assert!(past_window_totals(&SERIES, 9, 0).is_empty());
    }

    #[test]
    fn climatology_by_hand() {
        assert_eq!(climatology_counts(&SERIES, 9, 3), Some(vec![5.0, 2.0, 1.0]));
        assert_eq!(climatology_counts(&SERIES, 2, 3), None);
        // "At least two events in the window": 2 of 3 past windows.
        let p = climatology_probability(&SERIES, 9, 3, |t| t >= 2.0).unwrap();
        assert!((p - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!(
            climatology_probability(&SERIES, 9, 3, |t| t >= 10.0),
            Some(0.0)
        );
        // Days at or after the origin (the 99s) are never used.
        assert_eq!(
            climatology_probability(&SERIES, 9, 1, |t| t > 50.0),
            Some(0.0)
        );
    }

    #[test]
    fn persistence_by_hand() {
        assert_eq!(persistence_count(&SERIES, 9, 3), Some(5.0));
        assert_eq!(persistence_count(&SERIES, 8, 1), Some(4.0));
        assert_eq!(
            persistence_probability(&SERIES, 9, 3, |t| t >= 1.0),
            Some(1.0)
        );
        assert_eq!(
            persistence_probability(&SERIES, 7, 2, |t| t >= 1.0),
            Some(1.0)
        );
        assert_eq!(
            persistence_probability(&SERIES, 5, 2, |t| t >= 1.0),
            Some(0.0)
        );
        assert_eq!(persistence_count(&SERIES, 0, 3), None);
    }

    #[test]
    fn baselines_plug_into_scores() {
        let ens = climatology_counts(&SERIES, 9, 3).unwrap();
        // Observed next-window total [9, 12) would be 198 here; use 4 instead.
        let crps = crate::crps_ensemble(&ens, 4.0).unwrap();
        // E|X − 4| = (1 + 2 + 3)/3 = 2; E|X − X'| = 2(3 + 4 + 1)/9 = 16/9.
        assert!((crps - (2.0 - 8.0 / 9.0)).abs() < 1e-15);
        let point = persistence_count(&SERIES, 9, 3).unwrap();
        assert_eq!(crate::crps_ensemble(&[point], 4.0).unwrap(), 1.0);
    }
}
