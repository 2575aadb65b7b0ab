//! A simulated trajectory written out as event records, so calibration and
//! backtests can be checked on data whose generating process is known.

use events::{Actor, Country, Date, Dataset, Event, EventType, Fatalities, Location};
use model::{Action, DayRecord, ObservedDay};
use scenario::Scenario;

use crate::BacktestError;

/// Converts day records (day 1 = `start`) into events:
///
/// * `attacks[i]` insurgent attacks on side `i`, the first with the day's
///   largest toll and the others sharing the rest of the day's deaths (a
///   record keeps only the sum and the largest; [`events_from_observed_days`]
///   writes each attack's own toll);
/// * the rest as [`events_from_observed_days`] writes it.
pub fn events_from_trajectory(
    records: &[DayRecord],
    scenario: &Scenario,
    start: Date,
) -> Result<Vec<Event>, BacktestError> {
    let days: Vec<(u32, ObservedDay)> = records
        .iter()
        .map(|rec| {
            let attacks = std::array::from_fn(|i| {
                let n = rec.attacks[i];
                let max = rec.max_attack_deaths[i];
                let rest = rec.deaths[i].saturating_sub(max);
                let others = n.saturating_sub(1);
                (0..n).map(|k| if k == 0 { max } else { rest / others + u32::from(k - 1 < rest % others) }).collect()
            });
            (rec.day, ObservedDay::from_record(rec, attacks, [Vec::new(), Vec::new()]))
        })
        .collect();
    write_events(&days, scenario, start)
}

/// Converts observed days (`days[k]` is day k + 1, dated `start` + k) into events:
///
/// * one insurgent attack on side `i` per entry of `attacks[i]`, with its toll;
/// * a strike by state `i` as a cross-border strike on the other side's
///   territory with `strike_deaths[i]` dead, a sustained campaign as three
///   such strikes on the day (the toll on the first);
/// * the states' diplomatic moves: accusation, envoy summoned, ambassador
///   recalled / restored, border closure (restriction), border opening (a
///   deal that lifts the state's own restriction) or agreement (any other
///   deal), call, visit, security cooperation (liaison).
///
/// `history_state` and [`crate::observed_days`] read these events back as the same days.
pub fn events_from_observed_days(
    days: &[ObservedDay],
    scenario: &Scenario,
    start: Date,
) -> Result<Vec<Event>, BacktestError> {
    let days: Vec<(u32, ObservedDay)> = days.iter().zip(1..).map(|(d, day)| (day, d.clone())).collect();
    write_events(&days, scenario, start)
}

/// Events of `(day, observed day)` pairs, day 1 = `start`.
fn write_events(days: &[(u32, ObservedDay)], _scenario: &Scenario, start: Date) -> Result<Vec<Event>, BacktestError> {
    let mut out = Vec::new();
    let mut restricted = [false; 2];
    let mut push = |date: Date, actor: Actor, target: Actor, t: EventType, loc: Option<usize>, deaths: Option<u32>| {
        let mut e = Event::new(date, actor, target, t);
        if let Some(s) = loc {
            e.location = Location { country: Some(Country::State(s)), admin1: String::new(), admin2: String::new() };
        }
        e.fatalities = deaths.map(Fatalities::exact);
        e.source = "simulated".into();
        e.codes.dataset = Dataset::Native;
        out.push(e);
    };
    for (day, observed) in days {
        let date = start.add_days(*day as i32 - 1);
        for i in 0..2 {
            let s = i;
            for &d in &observed.attacks[i] {
                push(date, Actor::Insurgents(s), Actor::State(s), EventType::InsurgentAttack, Some(s), Some(d));
            }
        }
        // `i` indexes the record's two sides and `restricted` alike.
        #[allow(clippy::needless_range_loop)]
        for i in 0..2 {
            let (s, o) = (i, 1 - i);
            for &a in &observed.actions[i] {
                let t = match a {
                    Action::Strike | Action::Sustained => {
                        let strikes = if a == Action::Sustained { 3 } else { 1 };
                        for k in 0..strikes {
                            let deaths = if k == 0 { observed.strike_deaths[i] } else { Some(0) };
                            push(date, Actor::State(s), Actor::Insurgents(s), EventType::CrossBorderStrike, Some(o), deaths);
                        }
                        continue;
                    }
                    Action::Accuse => EventType::Accusation,
                    Action::Summon => EventType::EnvoySummoned,
                    Action::Recall => EventType::AmbassadorRecalled,
                    Action::Restore => EventType::AmbassadorRestored,
                    Action::Restrict => {
                        restricted[i] = true;
                        EventType::BorderClosure
                    }
                    Action::Deal if restricted[i] => {
                        restricted[i] = false;
                        EventType::BorderOpening
                    }
                    Action::Deal => EventType::Agreement,
                    Action::Call => EventType::Call,
                    Action::Visit => EventType::Visit,
                    Action::Liaison => EventType::SecurityCooperation,
                    Action::Hold => continue,
                };
                push(date, Actor::State(s), Actor::State(o), t, None, None);
            }
        }
    }
    Ok(out)
}
