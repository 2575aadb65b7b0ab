//! A simulated trajectory written out as event records, so calibration and
//! backtests can be checked on data whose generating process is known.

use events::{Actor, Country, Date, Dataset, Event, EventType, Fatalities, Location};
use model::{Action, DayRecord};
use scenario::Scenario;

use crate::BacktestError;

/// Converts day records (day 1 = `start`) into events keyed by the scenario's
/// side indices (as read with its [`events::Dyad`]):
///
/// * `attacks[i]` insurgent attacks on side `i`, the first with the day's
///   largest toll and the others sharing the rest of the day's deaths;
/// * a strike by state `i` as a cross-border strike on the other side's
///   territory, with `strike_deaths[i]` dead;
/// * the states' diplomatic moves: accusation, envoy summoned, ambassador
///   recalled / restored, border closure (restriction), border opening (a
///   deal that lifts the state's own restriction) or agreement (any other
///   deal), call, visit, security cooperation (liaison).
pub fn events_from_trajectory(
    records: &[DayRecord],
    _scenario: &Scenario,
    start: Date,
) -> Result<Vec<Event>, BacktestError> {
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
    for rec in records {
        let date = start.add_days(rec.day as i32 - 1);
        for i in 0..2 {
            let s = i;
            let n = rec.attacks[i];
            if n > 0 {
                let max = rec.max_attack_deaths[i];
                let rest = rec.deaths[i].saturating_sub(max);
                let others = n - 1;
                for k in 0..n {
                    let d = if k == 0 {
                        max
                    } else {
                        rest / others + u32::from(k - 1 < rest % others)
                    };
                    push(date, Actor::Insurgents(s), Actor::State(s), EventType::InsurgentAttack, Some(s), Some(d));
                }
            }
        }
        // `i` indexes the record's two sides and `restricted` alike.
        #[allow(clippy::needless_range_loop)]
        for i in 0..2 {
            let (s, o) = (i, 1 - i);
            if rec.strike[i] {
                push(date, Actor::State(s), Actor::Insurgents(s), EventType::CrossBorderStrike, Some(o), Some(rec.strike_deaths[i]));
            }
            let Some(a) = rec.actions[i] else { continue };
            let t = match a {
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
                // Strikes are written above from `rec.strike`.
                Action::Hold | Action::Strike | Action::Sustained => continue,
            };
            push(date, Actor::State(s), Actor::State(o), t, None, None);
        }
    }
    Ok(out)
}
