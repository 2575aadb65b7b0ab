//! "Nice" axis ticks: steps of 1, 2, 2.5 or 5 times a power of ten, and
//! calendar ticks for date axes.

use crate::text::{Date, format_number};

/// Tick positions for one axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticks {
    /// Lower end of the axis (a multiple of `step` for [`nice_ticks`]).
    pub min: f64,
    /// Upper end of the axis.
    pub max: f64,
    /// Distance between neighbouring ticks.
    pub step: f64,
    /// Tick values in increasing order, all within `[min, max]`.
    pub values: Vec<f64>,
    /// Number of decimals needed to print every tick value exactly.
    pub decimals: usize,
}

impl Ticks {
    /// Label for a tick value with [`Ticks::decimals`] decimals and thousands separators.
    pub fn label(&self, v: f64) -> String {
        format_number(v, self.decimals)
    }
}

/// The smallest "nice" number (1, 2, 2.5 or 5 × 10^k) that is at least `raw`.
/// Returns 1 for zero, negative or non-finite input.
pub fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let exp = raw.log10().floor();
    let base = 10f64.powf(exp);
    let frac = raw / base;
    // Compare with a little slack so 2.0000000001 stays 2 and not 2.5.
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|&n| frac <= n * (1.0 + 1e-9))
        .unwrap_or(10.0);
    nice * base
}

fn decimals_for(step: f64) -> usize {
    let mut d = 0usize;
    let mut s = step;
    while d < 12 && (s - s.round()).abs() > 1e-9 * s.abs().max(1.0) {
        s *= 10.0;
        d += 1;
    }
    d
}

/// Puts the data range in order and makes it usable: non-finite ends become
/// `0`/`1`, an empty range is widened around its value.
fn sanitise(lo: f64, hi: f64) -> (f64, f64) {
    let (mut lo, mut hi) = match (lo.is_finite(), hi.is_finite()) {
        (true, true) => (lo.min(hi), lo.max(hi)),
        (true, false) => (lo, lo),
        (false, true) => (hi, hi),
        (false, false) => (0.0, 1.0),
    };
    if hi - lo <= f64::EPSILON * lo.abs().max(hi.abs()).max(1e-300) {
        if lo == 0.0 {
            hi = 1.0;
        } else {
            let pad = lo.abs() * 0.1;
            lo -= pad;
            hi += pad;
        }
    }
    (lo, hi)
}

/// Ticks for a value axis: the axis is widened to multiples of a nice step so
/// that the first tick is `<= lo` and the last tick is `>= hi`. Aims for about
/// `target` intervals (at least 1).
///
/// Degenerate input never panics: NaN/infinite ends are replaced (see module
/// docs), `lo > hi` is swapped and `lo == hi` is widened by 10% (or to `0..1`
/// for zero).
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Ticks {
    let (lo, hi) = sanitise(lo, hi);
    let target = target.max(1) as f64;
    let step = nice_step((hi - lo) / target);
    let first = (lo / step + 1e-9).floor();
    let last = (hi / step - 1e-9).ceil();
    let decimals = decimals_for(step);
    let round = |v: f64| {
        let p = 10f64.powi(decimals as i32);
        let r = (v * p).round() / p;
        if r == 0.0 { 0.0 } else { r }
    };
    let n = (last - first).max(1.0) as usize;
    let values: Vec<f64> = (0..=n).map(|i| round((first + i as f64) * step)).collect();
    Ticks {
        min: values[0],
        max: values[values.len() - 1],
        step,
        values,
        decimals,
    }
}

/// Ticks strictly inside a fixed axis range `[lo, hi]` (used for time axes,
/// which span exactly the data): multiples of a nice step, about `target`
/// intervals. `min`/`max` of the result are `lo`/`hi` after sanitising.
pub fn ticks_within(lo: f64, hi: f64, target: usize) -> Ticks {
    let (lo, hi) = sanitise(lo, hi);
    let step = nice_step((hi - lo) / target.max(1) as f64);
    let decimals = decimals_for(step);
    let p = 10f64.powi(decimals as i32);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    let values = (first..=last)
        .map(|i| {
            let r = (i as f64 * step * p).round() / p;
            if r == 0.0 { 0.0 } else { r }
        })
        .collect();
    Ticks {
        min: lo,
        max: hi,
        step,
        values,
        decimals,
    }
}

/// A tick on a date axis: its position (days after the chart's start date)
/// and one or two label lines (the second carries the year where it changes).
#[derive(Clone, Debug, PartialEq)]
pub struct DateTick {
    /// Position in days after the start date.
    pub day: f64,
    /// First label line, e.g. `3 Feb` or `Feb`.
    pub label: String,
    /// Year line, present on the first tick and wherever the year changes.
    pub year: Option<String>,
}

/// Calendar ticks for x in `[lo, hi]` days after `start`: every 1, 2, 7 or 14
/// days for short spans, otherwise the first of every 1, 2, 3, 6 or 12 months.
/// Aims for at most about `target` intervals.
pub fn date_ticks(start: Date, lo: f64, hi: f64, target: usize) -> Vec<DateTick> {
    let (lo, hi) = sanitise(lo, hi);
    let target = target.max(1) as f64;
    let span = hi - lo;
    let mut days: Vec<(f64, Date, bool)> = Vec::new();
    let day_step = [1.0, 2.0, 7.0, 14.0]
        .into_iter()
        .find(|s| span / s <= target);
    if let Some(step) = day_step {
        let first = (lo / step - 1e-9).ceil() as i64;
        let last = (hi / step + 1e-9).floor() as i64;
        for i in first..=last {
            let d = (i as f64) * step;
            days.push((d, start.add_days(d as i64), false));
        }
    } else {
        let months_span = span / 30.44;
        let k = [1u32, 2, 3, 6, 12]
            .into_iter()
            .find(|&k| months_span / f64::from(k) <= target)
            .unwrap_or_else(|| (months_span / target / 12.0).ceil().max(1.0) as u32 * 12);
        let lo_date = start.add_days(lo.floor() as i64);
        // Walk the first-of-month dates from the month of `lo`.
        let mut y = lo_date.year;
        let mut m = lo_date.month;
        // Align month to a multiple of k (counting from January).
        while !(m - 1).is_multiple_of(k) {
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
        for _ in 0..10_000 {
            let d = Date {
                year: y,
                month: m,
                day: 1,
            };
            let off = (d.to_days() - start.to_days()) as f64;
            if off > hi + 1e-9 {
                break;
            }
            if off >= lo - 1e-9 {
                days.push((off, d, true));
            }
            m += k;
            while m > 12 {
                m -= 12;
                y += 1;
            }
        }
    }
    let mut prev_year: Option<i32> = None;
    days.into_iter()
        .map(|(day, date, monthly)| {
            let label = if monthly {
                date.short_label()
                    .split_once(' ')
                    .map(|(_, m)| m.to_string())
                    .unwrap_or_default()
            } else {
                date.short_label()
            };
            let year = (prev_year != Some(date.year)).then(|| date.year.to_string());
            prev_year = Some(date.year);
            DateTick { day, label, year }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.0), 1.0);
        assert_eq!(nice_step(1.3), 2.0);
        assert_eq!(nice_step(2.2), 2.5);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(0.03), 0.05);
        assert_eq!(nice_step(180.0 / 6.0), 50.0);
        assert_eq!(nice_step(f64::NAN), 1.0);
        assert_eq!(nice_step(-3.0), 1.0);
    }

    #[test]
    fn nice_ticks_cover_the_range() {
        let t = nice_ticks(0.13, 9.7, 5);
        assert_eq!(t.values, vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(t.decimals, 0);
        let t = nice_ticks(0.0, 1.0, 5);
        assert_eq!(t.values, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(t.decimals, 1);
        assert_eq!(t.label(0.6), "0.6");
        let t = nice_ticks(-3.2, 4.1, 4);
        assert_eq!(t.values, vec![-4.0, -2.0, 0.0, 2.0, 4.0, 6.0]);
        let t = nice_ticks(1234.0, 11890.0, 5);
        assert_eq!(t.step, 2500.0);
        assert_eq!(t.min, 0.0);
        assert_eq!(t.max, 12500.0);
        assert_eq!(t.label(12500.0), "12,500");
        let t = nice_ticks(0.0, 0.25, 5);
        assert_eq!(t.step, 0.05);
        assert_eq!(t.decimals, 2);
    }

    #[test]
    fn nice_ticks_cover_random_ranges() {
        // Deterministic pseudo-random ranges across many magnitudes.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..2000 {
            let scale = 10f64.powf(next() * 12.0 - 6.0);
            let a = (next() - 0.5) * scale;
            let b = (next() - 0.5) * scale;
            for target in [2, 5, 8] {
                let t = nice_ticks(a, b, target);
                assert!(t.min <= a.min(b) + 1e-12 * scale, "{a} {b} {t:?}");
                assert!(t.max >= a.max(b) - 1e-12 * scale, "{a} {b} {t:?}");
                assert!(
                    t.values.len() >= 2 && t.values.len() <= 3 * target + 2,
                    "{t:?}"
                );
                for w in t.values.windows(2) {
                    assert!(((w[1] - w[0]) / t.step - 1.0).abs() < 1e-6, "{t:?}");
                }
            }
        }
    }

    #[test]
    fn degenerate_ranges_do_not_panic() {
        let t = nice_ticks(5.0, 5.0, 5);
        assert!(t.min < 5.0 && t.max > 5.0);
        let t = nice_ticks(0.0, 0.0, 5);
        assert_eq!((t.min, t.max), (0.0, 1.0));
        let t = nice_ticks(f64::NAN, f64::INFINITY, 5);
        assert_eq!((t.min, t.max), (0.0, 1.0));
        let t = nice_ticks(f64::NAN, 3.0, 0);
        assert!(t.min < 3.0 && t.max > 3.0);
        let t = nice_ticks(10.0, 0.0, 5);
        assert_eq!((t.min, t.max), (0.0, 10.0));
    }

    #[test]
    fn ticks_within_stay_inside() {
        let t = ticks_within(0.0, 180.0, 6);
        assert_eq!(t.values, vec![0.0, 50.0, 100.0, 150.0]);
        assert_eq!((t.min, t.max), (0.0, 180.0));
        let t = ticks_within(3.0, 97.0, 5);
        assert_eq!(t.values, vec![20.0, 40.0, 60.0, 80.0]);
    }

    #[test]
    fn date_ticks_use_calendar_steps() {
        let start = Date::new(2024, 1, 17).unwrap();
        let short = date_ticks(start, 0.0, 20.0, 6);
        assert_eq!(
            short.iter().map(|t| t.day).collect::<Vec<_>>(),
            vec![0.0, 7.0, 14.0]
        );
        assert_eq!(short[0].label, "17 Jan");
        assert_eq!(short[0].year.as_deref(), Some("2024"));
        assert_eq!(short[1].year, None);

        let long = date_ticks(start, 0.0, 365.0, 8);
        let labels: Vec<_> = long.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, vec!["Mar", "May", "Jul", "Sep", "Nov", "Jan"]);
        // 17 Jan 2024 + 44 days = 1 Mar 2024 (a leap year).
        assert_eq!(long[0].day, 44.0);
        assert_eq!(long[0].year.as_deref(), Some("2024"));
        assert_eq!(long[1].year, None);
        assert_eq!(long[5].day, 350.0);
        assert_eq!(long[5].year.as_deref(), Some("2025"));
        assert!(date_ticks(start, f64::NAN, f64::NAN, 5).len() <= 2);
    }
}
