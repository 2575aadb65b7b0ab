//! The outside-shock process estimated from the record of outside crises
//! (`docs/model.md` §8.1, `docs/chronologies/outside-crises.md`).

use events::{Date, OutsideCrisis};
use scenario::Scenario;

/// One state's outside-crisis process as the record sets it.
#[derive(Clone, Debug, PartialEq)]
pub struct OutsideEstimate {
    /// Crises of severity 2 or 3 counted (those with the dyad's neighbour left out).
    pub onsets: usize,
    /// Years of record.
    pub years: f64,
    /// Onsets per year.
    pub onset_rate: f64,
    /// Median duration (days) of the fitted log-normal: exp(mean log duration).
    pub median_days: f64,
    /// Sample standard deviation of the log durations.
    pub duration_spread: f64,
    /// (crises that closed the border with the neighbour + ½) / (onsets + 1).
    pub closure_share: f64,
}

/// Lowest severity counted: the record is close to complete from 2 up, a sample at 1.
pub const OUTSIDE_MIN_SEVERITY: u8 = 2;

/// First day of the record of outside crises.
pub fn outside_record_start() -> Date {
    Date::from_ymd(2001, 1, 1).expect("a date")
}

/// Whether `c` is a crisis with the dyad's own neighbour (already in the dyad's
/// chronology, so not an outside shock for it): its third party names the
/// other state by id, name or alias.
fn is_with_neighbour(c: &OutsideCrisis, scenario: &Scenario, side: usize) -> bool {
    let other = &scenario.state[1 - side];
    let third = c.third_party.to_lowercase();
    std::iter::once(&other.id).chain(std::iter::once(&other.name)).chain(other.aliases.iter()).any(|n| !n.is_empty() && third.contains(&n.to_lowercase()))
}

/// The process of side `side` of `scenario` from the crises of that state dated
/// from [`outside_record_start`] to `record_end`; `None` when the record has
/// fewer than two such crises (too few for a duration spread).
pub fn outside_estimate(crises: &[OutsideCrisis], scenario: &Scenario, side: usize, record_end: Date) -> Option<OutsideEstimate> {
    let id = &scenario.state[side].id;
    let start = outside_record_start();
    let counted: Vec<&OutsideCrisis> = crises
        .iter()
        .filter(|c| &c.state == id && c.severity >= OUTSIDE_MIN_SEVERITY && c.start >= start && c.start <= record_end)
        .filter(|c| !is_with_neighbour(c, scenario, side))
        .collect();
    if counted.len() < 2 {
        return None;
    }
    let years = f64::from(record_end.days_since(start) + 1) / 365.25;
    // A crisis still going on at the end of the record counts to that day (a lower bound).
    let logs: Vec<f64> = counted
        .iter()
        .map(|c| f64::from(c.end.unwrap_or(record_end).min(record_end).days_since(c.start) + 1).ln())
        .collect();
    let n = logs.len() as f64;
    let mean = logs.iter().sum::<f64>() / n;
    let var = logs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let closed = counted.iter().filter(|c| c.closed_with.as_deref() == Some(scenario.state[1 - side].id.as_str())).count();
    Some(OutsideEstimate {
        onsets: counted.len(),
        years,
        onset_rate: n / years,
        median_days: mean.exp(),
        duration_spread: var.sqrt(),
        closure_share: (closed as f64 + 0.5) / (n + 1.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in scenarios' `[state.outside]` values are the estimates from the
    /// built-in record to the day before their day 0, rounded to three significant digits.
    #[test]
    fn builtin_outside_processes_are_the_record_estimates() {
        let crises = events::builtin_outside_crises();
        for name in scenario::builtin_names() {
            let sc = scenario::builtin(name).unwrap();
            let end = Date::parse_iso(&sc.meta.start_date).unwrap().add_days(-1);
            for side in 0..2 {
                let est = outside_estimate(&crises, &sc, side, end);
                let spec = sc.state[side].outside.as_ref();
                match (est, spec) {
                    (Some(e), Some(o)) => {
                        let close = |a: f64, b: f64, what: &str| {
                            assert!((a - b).abs() <= 0.0051 * b.abs().max(1e-3), "{name} {} {what}: scenario {a}, record {b}", sc.state[side].id)
                        };
                        close(o.onset_rate.value, e.onset_rate, "onset_rate");
                        close(o.median_days.value, e.median_days, "median_days");
                        close(o.duration_spread.value, e.duration_spread, "duration_spread");
                        close(o.closure_share.value, e.closure_share, "closure_share");
                    }
                    (None, None) => {}
                    (e, o) => panic!("{name} side {side}: estimate {e:?} but scenario {o:?}"),
                }
            }
        }
    }

    #[test]
    fn a_crisis_with_the_neighbour_is_not_an_outside_shock() {
        let crises = events::builtin_outside_crises();
        let ip = scenario::builtin("iran-pakistan").unwrap();
        let pa = scenario::builtin("pakistan-afghanistan").unwrap();
        let end = Date::from_ymd(2024, 12, 14).unwrap();
        let pak_ip = outside_estimate(&crises, &ip, 1, end).unwrap();
        let pak_pa = outside_estimate(&crises, &pa, 0, end).unwrap();
        // Pakistan's 2024 strike exchange with Iran counts for its Afghan dyad only, and
        // its 2017 crisis with Afghanistan for its Iranian dyad only.
        let all = crises.iter().filter(|c| c.state == "pakistan" && c.severity >= 2).count();
        assert!(pak_ip.onsets < all && pak_pa.onsets < all);
        // No crisis closed the Iran–Pakistan border before the cutoff: the share is the
        // half-count prior alone; several closed the Afghan border.
        assert!((pak_ip.closure_share - 0.5 / (pak_ip.onsets as f64 + 1.0)).abs() < 1e-12);
        assert!(pak_pa.closure_share > 0.2);
    }
}

/// Prints the estimates for the built-in scenarios (`cargo test -p learn print_outside -- --nocapture`).
#[cfg(test)]
#[test]
fn print_outside_estimates() {
    let crises = events::builtin_outside_crises();
    for name in scenario::builtin_names() {
        let sc = scenario::builtin(name).unwrap();
        let end = Date::parse_iso(&sc.meta.start_date).unwrap().add_days(-1);
        for side in 0..2 {
            println!("{name} {} {:?}", sc.state[side].id, outside_estimate(&crises, &sc, side, end));
        }
    }
}
