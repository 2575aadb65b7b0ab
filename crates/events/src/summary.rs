//! Counts, fatalities per side, per-day aggregates and the dyadic tension index.
//!
//! **Tension index.** Each event contributes `w = −g`, where `g` is its Goldstein
//! weight (the vocabulary weight of its type; optionally the source's own score), so
//! conflictual events raise tension and cooperative ones lower it. Contributions decay
//! exponentially with half-life `h` days:
//!
//! `T(d) = Σ_{e : date(e) ≤ d} w_e · 2^(−(d − date(e)) / h)`
//!
//! equivalently `T(d) = 2^(−1/h) · T(d−1) + Σ_{date(e) = d} w_e`. Events before the
//! window still count (decayed); the index may go negative after cooperative spells.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::date::Date;
use crate::dyad::Dyad;
use crate::event::Event;
use crate::vocab::EventType;

/// Options for [`summarize`].
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryConfig {
    /// First day of the window (default: first event).
    pub from: Option<Date>,
    /// Last day of the window (default: last event).
    pub to: Option<Date>,
    /// Half-life of the tension index, days (default 30).
    pub half_life_days: f64,
    /// Use the source's own Goldstein score (GDELT) where present instead of the
    /// vocabulary weight (default false: one weight per type, comparable across sources).
    pub use_source_goldstein: bool,
}

impl Default for SummaryConfig {
    fn default() -> Self {
        SummaryConfig { from: None, to: None, half_life_days: 30.0, use_source_goldstein: false }
    }
}

/// Events of one type in one month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub event_type: EventType,
    pub count: usize,
}

/// Totals for the events that happened on one state's territory.
#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct SideTotals {
    /// The state's id.
    pub state: String,
    pub events: usize,
    pub insurgent_attacks: usize,
    /// Deaths in insurgent attacks on this side.
    pub attack_fatalities: u64,
    /// Cross-border strikes that landed on this side.
    pub strikes_received: usize,
    pub strike_fatalities: u64,
    /// All deaths recorded on this side (any event type).
    pub fatalities: u64,
}

/// One day of the tension index.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TensionPoint {
    pub date: Date,
    pub tension: f64,
}

/// The result of [`summarize`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventSummary {
    pub from: Date,
    pub to: Date,
    /// Events inside the window.
    pub events: usize,
    pub half_life_days: f64,
    /// Sorted by month, then type; only non-zero cells.
    pub monthly: Vec<MonthCount>,
    /// Per state, indexed by side (the scenario's order).
    pub sides: [SideTotals; 2],
    /// Deaths in events with no side (located elsewhere / unlocated without dyad actors).
    pub unattributed_fatalities: u64,
    pub tension: Vec<TensionPoint>,
}

/// The tension weight of one event (`−Goldstein`).
pub fn event_weight(e: &Event, use_source_goldstein: bool) -> f64 {
    let g = if use_source_goldstein { e.codes.goldstein.unwrap_or(e.event_type.goldstein()) } else { e.event_type.goldstein() };
    -g
}

/// Daily tension from `from` to `to` inclusive (see the module docs), using the
/// vocabulary Goldstein weights.
pub fn tension_index(events: &[Event], from: Date, to: Date, half_life_days: f64) -> Vec<(Date, f64)> {
    tension_with(events, from, to, half_life_days, false).into_iter().map(|p| (p.date, p.tension)).collect()
}

fn tension_with(events: &[Event], from: Date, to: Date, h: f64, source_g: bool) -> Vec<TensionPoint> {
    if to < from {
        return Vec::new();
    }
    // Sum weights per day up to `to`.
    let mut per_day: BTreeMap<Date, f64> = BTreeMap::new();
    for e in events.iter().filter(|e| e.date <= to) {
        *per_day.entry(e.date).or_insert(0.0) += event_weight(e, source_g);
    }
    let q = if h > 0.0 { 0.5f64.powf(1.0 / h) } else { 0.0 };
    // Carry-in from before the window, decayed to the day before `from`.
    let mut t = 0.0;
    for (&d, &w) in per_day.range(..from) {
        t += w * q.powi(from.days_since(d) - 1);
    }
    let mut out = Vec::with_capacity((to.days_since(from) + 1) as usize);
    let mut d = from;
    while d <= to {
        t = t * q + per_day.get(&d).copied().unwrap_or(0.0);
        out.push(TensionPoint { date: d, tension: t });
        d = d.add_days(1);
    }
    out
}

/// Summarises events over the configured window; `dyad` names the sides.
pub fn summarize(events: &[Event], cfg: &SummaryConfig, dyad: &Dyad) -> EventSummary {
    let first = events.iter().map(|e| e.date).min();
    let last = events.iter().map(|e| e.date).max();
    let from = cfg.from.or(first).unwrap_or(Date::from_days_since_epoch(0));
    let to = cfg.to.or(last).unwrap_or(from);
    let mut monthly: BTreeMap<(Date, EventType), usize> = BTreeMap::new();
    let mut sides = [0, 1].map(|i| SideTotals { state: dyad.states[i].id.clone(), ..SideTotals::default() });
    let mut unattributed = 0u64;
    let mut n = 0;
    for e in events.iter().filter(|e| e.date >= from && e.date <= to) {
        n += 1;
        *monthly.entry((e.date.month_start(), e.event_type)).or_insert(0) += 1;
        let deaths = u64::from(e.deaths());
        let Some(side) = e.side() else {
            unattributed += deaths;
            continue;
        };
        let totals = &mut sides[side];
        totals.events += 1;
        totals.fatalities += deaths;
        match e.event_type {
            EventType::InsurgentAttack => {
                totals.insurgent_attacks += 1;
                totals.attack_fatalities += deaths;
            }
            EventType::CrossBorderStrike => {
                totals.strikes_received += 1;
                totals.strike_fatalities += deaths;
            }
            _ => {}
        }
    }
    let monthly = monthly
        .into_iter()
        .map(|((m, t), count)| {
            let (y, mo, _) = m.ymd();
            MonthCount { month: format!("{y:04}-{mo:02}"), event_type: t, count }
        })
        .collect();
    EventSummary {
        from,
        to,
        events: n,
        half_life_days: cfg.half_life_days,
        monthly,
        sides,
        unattributed_fatalities: unattributed,
        tension: tension_with(events, from, to, cfg.half_life_days, cfg.use_source_goldstein),
    }
}

/// Plain-text tables.
pub fn render_text(s: &EventSummary) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Events {} .. {}: {}", s.from, s.to, s.events);
    let _ = writeln!(o, "\nCounts per month and type");
    let _ = writeln!(o, "{:<8} {:<22} {:>6}", "month", "event_type", "count");
    for m in &s.monthly {
        let _ = writeln!(o, "{:<8} {:<22} {:>6}", m.month, m.event_type.as_str(), m.count);
    }
    let _ = writeln!(o, "\nPer side (where it happened)");
    let _ = writeln!(
        o,
        "{:<14} {:>7} {:>8} {:>10} {:>8} {:>10} {:>10}",
        "side", "events", "attacks", "atk_dead", "strikes", "strk_dead", "all_dead"
    );
    for t in &s.sides {
        let _ = writeln!(
            o,
            "{:<14} {:>7} {:>8} {:>10} {:>8} {:>10} {:>10}",
            t.state, t.events, t.insurgent_attacks, t.attack_fatalities, t.strikes_received, t.strike_fatalities, t.fatalities
        );
    }
    let _ = writeln!(o, "unattributed fatalities: {}", s.unattributed_fatalities);
    let _ = writeln!(o, "\nTension index (half-life {} days), days with a change in events shown", s.half_life_days);
    let _ = writeln!(o, "{:<10} {:>9}", "date", "tension");
    let mut prev = f64::NAN;
    for (i, p) in s.tension.iter().enumerate() {
        // Show the first and last day and every day that got a new event (jump up or
        // a non-decay change), keeping the table short.
        let decayed = prev * 0.5f64.powf(1.0 / s.half_life_days);
        if i == 0 || i + 1 == s.tension.len() || (p.tension - decayed).abs() > 1e-9 {
            let _ = writeln!(o, "{:<10} {:>9.3}", p.date.to_string(), p.tension);
        }
        prev = p.tension;
    }
    o
}

/// Long ("tidy") CSV: `table,period,category,value`, with tables `monthly_count`,
/// `side_totals` and `tension`.
pub fn render_csv(s: &EventSummary) -> String {
    let mut o = String::from("table,period,category,value\n");
    for m in &s.monthly {
        let _ = writeln!(o, "monthly_count,{},{},{}", m.month, m.event_type.as_str(), m.count);
    }
    let period = format!("{}/{}", s.from, s.to);
    for t in &s.sides {
        let name = &t.state;
        for (k, v) in [
            ("events", t.events as u64),
            ("insurgent_attacks", t.insurgent_attacks as u64),
            ("attack_fatalities", t.attack_fatalities),
            ("strikes_received", t.strikes_received as u64),
            ("strike_fatalities", t.strike_fatalities),
            ("fatalities", t.fatalities),
        ] {
            let _ = writeln!(o, "side_totals,{period},{name}.{k},{v}");
        }
    }
    let _ = writeln!(o, "side_totals,{period},unattributed.fatalities,{}", s.unattributed_fatalities);
    for p in &s.tension {
        let _ = writeln!(o, "tension,{},tension,{}", p.date, p.tension);
    }
    o
}

/// Pretty JSON of the whole summary.
pub fn render_json(s: &EventSummary) -> String {
    serde_json::to_string_pretty(s).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// Per-side activity on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub struct SideDay {
    /// Insurgent attacks on this side's territory.
    pub insurgent_attacks: u32,
    pub attack_fatalities: u32,
    /// Cross-border strikes launched by this state.
    pub strikes_launched: u32,
    /// Deaths from strikes that landed on this side.
    pub strike_fatalities_suffered: u32,
}

/// One day of per-day aggregates for the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DailyCounts {
    pub date: Date,
    /// Per state, indexed by side.
    pub sides: [SideDay; 2],
    /// Non-violent events with a negative Goldstein weight (accusations, recalls, closures …).
    pub conflictual: u32,
    /// Events with a positive Goldstein weight (calls, visits, agreements …).
    pub cooperative: u32,
}

/// Per-day aggregates for every day from `from` to `to` inclusive (zero days included).
pub fn daily_counts(events: &[Event], from: Date, to: Date) -> Vec<DailyCounts> {
    if to < from {
        return Vec::new();
    }
    let n = (to.days_since(from) + 1) as usize;
    let mut out: Vec<DailyCounts> = (0..n)
        .map(|i| DailyCounts {
            date: from.add_days(i as i32),
            sides: [SideDay::default(); 2],
            conflictual: 0,
            cooperative: 0,
        })
        .collect();
    for e in events.iter().filter(|e| e.date >= from && e.date <= to) {
        let day = &mut out[e.date.days_since(from) as usize];
        match e.event_type {
            EventType::InsurgentAttack => {
                let Some(side) = e.side() else { continue };
                let sd = &mut day.sides[side];
                sd.insurgent_attacks += 1;
                sd.attack_fatalities += e.deaths();
            }
            EventType::CrossBorderStrike => {
                if let Some((by, on)) = e.direction() {
                    debug_assert_ne!(by, on);
                    day.sides[by].strikes_launched += 1;
                    day.sides[on].strike_fatalities_suffered += e.deaths();
                }
            }
            t if t.goldstein() < 0.0 => day.conflictual += 1,
            t if t.goldstein() > 0.0 => day.cooperative += 1,
            _ => {}
        }
    }
    out
}

/// CSV of [`daily_counts`] (one row per day), columns named after the states' ids
/// (`<id>_insurgent_attacks`, …).
pub fn daily_counts_csv(days: &[DailyCounts], dyad: &Dyad) -> String {
    const FIELDS: [&str; 4] = ["insurgent_attacks", "attack_fatalities", "strikes_launched", "strike_fatalities_suffered"];
    let mut o = String::from("date");
    for state in &dyad.states {
        for f in FIELDS {
            let _ = write!(o, ",{}_{f}", state.id);
        }
    }
    o.push_str(",conflictual,cooperative\n");
    for d in days {
        let _ = write!(o, "{}", d.date);
        for sd in &d.sides {
            let _ = write!(
                o,
                ",{},{},{},{}",
                sd.insurgent_attacks, sd.attack_fatalities, sd.strikes_launched, sd.strike_fatalities_suffered
            );
        }
        let _ = writeln!(o, ",{},{}", d.conflictual, d.cooperative);
    }
    o
}

/// One insurgent attack as a point in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AttackPoint {
    /// Days since the series origin.
    pub day: i32,
    /// Best estimate; 0 when unknown.
    pub fatalities: u32,
    /// Whether the source gave a fatality figure.
    pub fatalities_known: bool,
}

/// Insurgent attacks per side as (day offset, fatalities), for calibrating point processes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AttackSeries {
    pub origin: Date,
    /// Attacks on each side's territory, indexed by side, sorted by day.
    pub attacks: [Vec<AttackPoint>; 2],
    /// Cross-border strikes launched by each side (day offsets, fatalities).
    pub strikes_by: [Vec<AttackPoint>; 2],
}

/// Attack times relative to `origin` (attacks before `origin` get negative offsets).
pub fn attack_series(events: &[Event], origin: Date) -> AttackSeries {
    let mut s = AttackSeries { origin, attacks: [Vec::new(), Vec::new()], strikes_by: [Vec::new(), Vec::new()] };
    for e in events {
        let p = AttackPoint {
            day: e.date.days_since(origin),
            fatalities: e.deaths(),
            fatalities_known: e.fatalities.is_some(),
        };
        match e.event_type {
            EventType::InsurgentAttack => {
                if let Some(side) = e.side() {
                    s.attacks[side].push(p);
                }
            }
            EventType::CrossBorderStrike => {
                if let Some((by, _)) = e.direction() {
                    s.strikes_by[by].push(p);
                }
            }
            _ => {}
        }
    }
    for v in s.attacks.iter_mut().chain(s.strikes_by.iter_mut()) {
        v.sort_by_key(|p| p.day);
    }
    s
}
