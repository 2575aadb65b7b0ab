//! Scoring the model against the record's base rates over the reference class.
//!
//! Origins are the first day of every month in a span; at each origin the model
//! forecasts, from the state replayed from the events before it, whether each
//! binary outcome happens within 30 and within 365 days. Three baselines see
//! only the record before the origin:
//!
//! * **climatology** (long record, this dyad): a constant rate, the number of
//!   distinct days with the event since the dyad's record began divided by the
//!   days elapsed, with half an event added ([`calibrate::rate_probability`]);
//! * **reference class**: the same rate pooled over every dyad's record before
//!   the origin;
//! * **persistence**: 1 if the event happened in the window just before the
//!   origin, else 0 (log scores clip it).
//!
//! Which parameters the model forecasts with at an origin is the caller's
//! choice ([`Fitting`]): the scenarios as written, a fit that leaves the
//! forecast dyad out (trained on the others' whole records), or a fit on every
//! dyad's record before the origin's year (refitted yearly). Skill is
//! `1 − S_model / S_baseline` for the mean log and Brier scores, with a
//! moving-block bootstrap interval whose block spans the forecast horizon.

use calibrate::{LOG_SCORE_CLIP, PenalizedOptions, ReliabilityBin, block_bootstrap_skill, brier, log_score, rate_probability, reliability_table};
use engine::{EventKind, Experiment};
use ensemble::EnsembleConfig;
use events::{Date, Event, EventType};
use scenario::Scenario;
use serde::{Deserialize, Serialize};

use crate::fit::{DecisionFit, DyadRecord, FitPlan, fit_decision_layer};
use crate::observe::records_from_events;

/// A dyad's scenario and its record of events.
#[derive(Clone, Debug)]
pub struct DyadEvents {
    pub scenario: Scenario,
    pub events: Vec<Event>,
    pub label: String,
}

/// Which parameters the model forecasts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fitting {
    /// The scenarios' own (hand-set) values.
    Prior,
    /// For each dyad, a fit on the other dyads' records (up to their end).
    LeaveOneDyadOut,
    /// A fit on every dyad's record before 1 January of the origin's year, refitted yearly.
    RollingYearly,
    /// The leave-one-dyad-out forecast pooled with the dyad's long-record base rate,
    /// `w·model + (1 − w)·climatology`, with weights learnt from the other dyads'
    /// forecasts (each made by a fit that saw neither dyad); see [`CombinationWeights`].
    LeaveOneDyadOutCombined,
}

impl Fitting {
    pub fn name(self) -> &'static str {
        match self {
            Fitting::Prior => "prior",
            Fitting::LeaveOneDyadOut => "leave-one-dyad-out",
            Fitting::RollingYearly => "rolling-yearly",
            Fitting::LeaveOneDyadOutCombined => "leave-one-dyad-out-combined",
        }
    }
}

/// What to evaluate.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalConfig {
    /// First origin (a month start).
    pub from: Date,
    /// Last day of the record: windows must end on or before it.
    pub record_end: Date,
    pub runs: u64,
    pub seed: u64,
    pub burn_in_days: usize,
    pub bins: usize,
    pub bootstrap_reps: usize,
    /// Trailing days of record from which each side's attack level is read at
    /// every origin (`backtest::record_level`); 0 keeps the scenarios' levels.
    pub level_window_days: u32,
}

/// The pooled group of the outcomes whose records are close to complete in the
/// chronologies: the states' own moves (strikes, recalls, closures). Attack records
/// are samples for Pakistan and India (docs/chronologies/), so a mass-casualty
/// outcome's observed frequency there is a lower bound.
pub const STATE_ACTIONS: &str = "state actions";

fn is_state_action(outcome: &str) -> bool {
    matches!(outcome, "cross_border_strike" | "ambassador_recall" | "border_closure")
}

/// The label of the combination weights learnt from every dyad.
pub const ALL_DYADS: &str = "all";

/// The horizons scored.
pub const HORIZONS: [u32; 2] = [30, 365];

/// One forecast of one binary outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoredForecast {
    pub dyad: String,
    pub origin: Date,
    pub horizon: u32,
    pub outcome: String,
    pub model: f64,
    pub climatology: f64,
    pub reference_class: f64,
    pub persistence: f64,
    pub observed: bool,
}

/// Scores of one group of forecasts.
#[derive(Clone, Debug, PartialEq)]
pub struct SkillRow {
    pub dyad: String,
    pub horizon: u32,
    pub outcome: String,
    pub n: usize,
    pub observed: usize,
    pub log_model: f64,
    pub log_climatology: f64,
    pub log_reference_class: f64,
    pub log_persistence: f64,
    pub brier_model: f64,
    pub brier_climatology: f64,
    /// Log-score skill against climatology with its bootstrap interval.
    pub log_skill: f64,
    pub log_skill_low: f64,
    pub log_skill_high: f64,
    /// Log-score skill against the reference-class base rate.
    pub log_skill_reference: f64,
    pub brier_skill: f64,
}

/// The result of [`evaluate`].
#[derive(Clone, Debug)]
pub struct Evaluation {
    pub fitting: Fitting,
    pub forecasts: Vec<ScoredForecast>,
    /// Per dyad, horizon and outcome; then per dyad and horizon pooled over outcomes
    /// (`outcome` = "all"); then pooled over dyads (`dyad` = "all").
    pub rows: Vec<SkillRow>,
    /// The model's probabilities against observed frequencies, all forecasts pooled.
    pub reliability: Vec<ReliabilityBin>,
    /// The fits used, labelled (e.g. "leave out india-pakistan", "before 2015").
    pub fits: Vec<(String, DecisionFit)>,
    /// The combination weights learnt (combined fitting only): for each dyad, the
    /// weights its forecasts used (learnt without it); last, under [`ALL_DYADS`], the
    /// weights learnt from every dyad's leave-one-dyad-out forecasts, which a forecast
    /// beyond the record uses.
    pub combination: Vec<(String, CombinationWeights)>,
}

/// The binary outcomes of a dyad: name, event kind, and which record events count.
fn outcomes_of(sc: &Scenario) -> Vec<(String, EventKind)> {
    [EventKind::CrossBorderStrike, EventKind::AmbassadorRecall, EventKind::BorderClosure, EventKind::MassCasualtyFirst, EventKind::MassCasualtySecond]
        .into_iter()
        .filter_map(|k| engine::outcomes::event_outcome(sc, k).map(|d| (d.name, k)))
        .collect()
}

/// The days (offsets from `start`) on which `kind` happened in the record.
fn event_days(dyad: &DyadEvents, kind: EventKind, start: Date) -> Vec<i32> {
    let mass = dyad.scenario.definitions.mass_casualty_deaths;
    let mut days: Vec<i32> = dyad
        .events
        .iter()
        .filter(|e| match kind {
            EventKind::CrossBorderStrike => e.event_type == EventType::CrossBorderStrike && e.direction().is_some(),
            EventKind::AmbassadorRecall => e.event_type == EventType::AmbassadorRecalled,
            EventKind::BorderClosure => e.event_type == EventType::BorderClosure,
            EventKind::MassCasualtyFirst | EventKind::MassCasualtySecond => {
                let side = usize::from(kind == EventKind::MassCasualtySecond);
                e.event_type == EventType::InsurgentAttack && e.side() == Some(side) && e.deaths() >= mass
            }
            _ => false,
        })
        .map(|e| e.date.days_since(start))
        .collect();
    days.sort_unstable();
    days.dedup();
    days
}

fn record_start(d: &DyadEvents) -> Option<Date> {
    d.events.iter().map(|e| e.date).min()
}

/// Fits the plan to `dyads` with records ending `end` (inclusive).
fn fit_on(plan: &FitPlan, dyads: &[&DyadEvents], end: Date, burn_in: usize, start: Option<&[f64]>) -> Option<DecisionFit> {
    let records: Vec<DyadRecord> = dyads
        .iter()
        .filter_map(|d| {
            let first = record_start(d)?;
            if first >= end {
                return None;
            }
            let from = first.add_days(-(burn_in as i32));
            let record = records_from_events(&d.events, from, end, burn_in).ok()?;
            Some(DyadRecord { scenario: d.scenario.clone(), record, provenance: format!("{} ({from} to {end})", d.label) })
        })
        .collect();
    if records.is_empty() {
        return None;
    }
    let opts = PenalizedOptions { start: start.map(<[f64]>::to_vec), ..PenalizedOptions::default() };
    fit_decision_layer(plan, &records, &opts).ok()
}

/// The scenario a dyad is forecast with under a fit: pooled values as the fit has
/// them for that dyad, or the shared values when the dyad was not in the fit.
fn scenario_under(fit: Option<&DecisionFit>, sc: &Scenario) -> Scenario {
    let Some(fit) = fit else { return sc.clone() };
    if let Some(fitted) = fit.fitted_scenario(&sc.meta.name, sc) {
        return fitted;
    }
    fit.scenario_for_new_dyad(sc).unwrap_or_else(|| sc.clone())
}

/// What the evaluation computed for one dyad (a shard of an evaluation holds these).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DyadEvaluation {
    /// The dyad's forecasts as scored (combined with the base rate under the combined fitting).
    pub forecasts: Vec<ScoredForecast>,
    /// The combined fitting's leave-one-dyad-out forecasts before combination; empty otherwise.
    pub uncombined: Vec<ScoredForecast>,
    /// The combination weights the dyad's forecasts used (combined fitting only).
    pub combination: Option<CombinationWeights>,
}

/// Runs the evaluation; `progress` is told each finished origin. The same as
/// [`evaluation_from_dyads`] of [`evaluate_dyads`] over every dyad.
pub fn evaluate(dyads: &[DyadEvents], fitting: Fitting, cfg: &EvalConfig, progress: &(dyn Fn(&str) + Sync)) -> Evaluation {
    let (parts, fits) = evaluate_dyads(dyads, fitting, cfg, 0..dyads.len(), progress);
    let mut e = evaluation_from_dyads(dyads, fitting, cfg, parts);
    e.fits = fits;
    e
}

/// The fits and forecasts of the dyads `range` (a shard's share of [`evaluate`]).
/// Each dyad's work depends only on the records, never on which other dyads are in
/// the range; the rolling fitting's yearly fits are made in full for any range.
/// Returns the dyads' results in order, and the fits used, labelled.
pub fn evaluate_dyads(
    dyads: &[DyadEvents],
    fitting: Fitting,
    cfg: &EvalConfig,
    range: std::ops::Range<usize>,
    progress: &(dyn Fn(&str) + Sync),
) -> (Vec<DyadEvaluation>, Vec<(String, DecisionFit)>) {
    let plan = FitPlan::escalation();
    let mut fits: Vec<(String, DecisionFit)> = Vec::new();
    let leave_out = |excluded: &[usize]| -> Option<DecisionFit> {
        let others: Vec<&DyadEvents> = dyads.iter().enumerate().filter(|(i, _)| !excluded.contains(i)).map(|(_, d)| d).collect();
        if others.is_empty() {
            return None;
        }
        fit_on(&plan, &others, cfg.record_end, cfg.burn_in_days, None)
    };
    let names = |excluded: &[usize]| excluded.iter().map(|&i| dyads[i].scenario.meta.name.as_str()).collect::<Vec<_>>().join(" and ");
    let range = range.start.min(dyads.len())..range.end.min(dyads.len());
    // Leave-one-dyad-out fits, one per dyad of the range.
    let lodo: Vec<Option<DecisionFit>> = if matches!(fitting, Fitting::LeaveOneDyadOut | Fitting::LeaveOneDyadOutCombined) {
        range
            .clone()
            .map(|di| {
                let fit = leave_out(&[di]);
                progress(&match &fit {
                    Some(_) => format!("fitted without {}", names(&[di])),
                    None => format!("no fit without {}: it forecasts with its scenario's values", names(&[di])),
                });
                if let Some(f) = &fit {
                    fits.push((format!("leave out {}", names(&[di])), f.clone()));
                }
                fit
            })
            .collect()
    } else {
        vec![None; range.len()]
    };
    // Yearly fits on everything before 1 January.
    let mut yearly: Vec<(i32, DecisionFit)> = Vec::new();
    if fitting == Fitting::RollingYearly && !range.is_empty() {
        let all: Vec<&DyadEvents> = dyads.iter().collect();
        let mut warm: Option<Vec<f64>> = None;
        for year in cfg.from.year()..=cfg.record_end.year() {
            let end = Date::from_ymd(year, 1, 1).expect("a date").add_days(-1);
            match fit_on(&plan, &all, end, cfg.burn_in_days, warm.as_deref()) {
                Some(fit) => {
                    warm = Some(fit.posterior.mode());
                    progress(&format!("fitted on the record to {end}"));
                    fits.push((format!("before {year}"), fit.clone()));
                    yearly.push((year, fit));
                }
                None => progress(&format!("no fit on the record to {end}: {year}'s origins use the latest earlier fit")),
            }
        }
    }

    let ctx = ForecastContext::new(dyads, cfg);
    let mut parts = Vec::with_capacity(range.len());
    for (k, di) in range.enumerate() {
        let mut forecasts = ctx.forecast_dyad(di, &|origin: Date| match fitting {
            Fitting::Prior => None,
            Fitting::LeaveOneDyadOut | Fitting::LeaveOneDyadOutCombined => lodo[k].as_ref(),
            Fitting::RollingYearly => yearly.iter().rev().find(|(y, _)| *y <= origin.year()).map(|(_, f)| f),
        });
        let mut part = DyadEvaluation { forecasts: Vec::new(), uncombined: Vec::new(), combination: None };
        if fitting == Fitting::LeaveOneDyadOutCombined {
            // The weights for this dyad are learnt from the other dyads' forecasts, each
            // made by a fit that saw neither this dyad nor the one it forecasts.
            let mut training = Vec::new();
            for ei in (0..dyads.len()).filter(|&ei| ei != di) {
                let fit = leave_out(&[di, ei]);
                progress(&format!("forecast {} with a fit that leaves out {}", names(&[ei]), names(&[di, ei])));
                training.extend(ctx.forecast_dyad(ei, &|_| fit.as_ref()));
            }
            let weights = fit_combination(&training);
            part.uncombined = forecasts.clone();
            for f in &mut forecasts {
                f.model = weights.combine(&f.outcome, f.model, f.climatology);
            }
            part.combination = Some(weights);
        }
        part.forecasts = forecasts;
        parts.push(part);
        progress(&format!("forecast {}", names(&[di])));
    }
    (parts, fits)
}

/// The evaluation from every dyad's results, in dyad order: the skill rows with their
/// bootstrap intervals, the reliability table and the combination weights. The fits
/// are not part of the results (`fits` is empty); [`evaluate`] adds them.
pub fn evaluation_from_dyads(dyads: &[DyadEvents], fitting: Fitting, cfg: &EvalConfig, parts: Vec<DyadEvaluation>) -> Evaluation {
    let mut forecasts = Vec::new();
    let mut uncombined = Vec::new();
    let mut combination: Vec<(String, CombinationWeights)> = Vec::new();
    for (d, part) in dyads.iter().zip(parts) {
        if let Some(w) = part.combination {
            combination.push((d.scenario.meta.name.clone(), w));
        }
        forecasts.extend(part.forecasts);
        uncombined.extend(part.uncombined);
    }
    if fitting == Fitting::LeaveOneDyadOutCombined {
        // The weights a forecast of any of these dyads would use: learnt from every
        // dyad's leave-one-dyad-out forecasts, each out of sample.
        combination.push((ALL_DYADS.into(), fit_combination(&uncombined)));
    }
    let rows = skill_rows(&forecasts, cfg);
    let p: Vec<f64> = forecasts.iter().map(|f| f.model).collect();
    let o: Vec<bool> = forecasts.iter().map(|f| f.observed).collect();
    let reliability = if p.is_empty() { Vec::new() } else { reliability_table(&p, &o, cfg.bins).expect("probabilities in [0, 1]") };
    Evaluation { fitting, forecasts, rows, reliability, fits: Vec::new(), combination }
}

/// The record of every dyad, indexed for scoring forecasts against it.
struct ForecastContext<'a> {
    dyads: &'a [DyadEvents],
    cfg: &'a EvalConfig,
    starts: Vec<Option<Date>>,
    /// Per dyad: each binary outcome's name, kind and the days it happened on.
    days_of: Vec<Vec<(String, EventKind, Vec<i32>)>>,
}

impl<'a> ForecastContext<'a> {
    fn new(dyads: &'a [DyadEvents], cfg: &'a EvalConfig) -> Self {
        let starts: Vec<Option<Date>> = dyads.iter().map(record_start).collect();
        let days_of = dyads
            .iter()
            .zip(&starts)
            .map(|(d, s)| {
                let s = s.unwrap_or(cfg.from);
                outcomes_of(&d.scenario).into_iter().map(|(n, k)| (n, k, event_days(d, k, s))).collect()
            })
            .collect();
        ForecastContext { dyads, cfg, starts, days_of }
    }

    /// Dyad `di`'s forecasts at every origin, with the fit `fit_at(origin)` gives.
    fn forecast_dyad<'f>(&self, di: usize, fit_at: &dyn Fn(Date) -> Option<&'f DecisionFit>) -> Vec<ScoredForecast> {
        let (dyads, cfg, starts, days_of) = (self.dyads, self.cfg, &self.starts, &self.days_of);
        let dyad = &dyads[di];
        let mut forecasts = Vec::new();
        let Some(start) = starts[di] else { return forecasts };
        let mut origin = month_start(cfg.from);
        while origin.add_days(HORIZONS[0] as i32 - 1) <= cfg.record_end {
            if origin.days_since(start) < 365 {
                origin = next_month(origin);
                continue;
            }
            let sc = scenario_under(fit_at(origin), &dyad.scenario);
            let sc = match (cfg.level_window_days > 0).then(|| backtest::record_level(&dyad.events, origin, &sc, cfg.level_window_days)).flatten() {
                Some(level) => backtest::scenario_at_level(&sc, &level),
                None => sc,
            };
            let levers = sc.default_levers();
            let Ok(hist) = backtest::history_state(&dyad.events, origin, &sc, &levers, 0) else {
                origin = next_month(origin);
                continue;
            };
            let last_h = *HORIZONS.iter().filter(|&&h| origin.add_days(h as i32 - 1) <= cfg.record_end).max().expect("the shortest fits");
            let experiment = Experiment::builder(&sc)
                .levers(levers)
                .checkpoints(vec![last_h])
                .starting_from(hist.state(), &origin.to_string())
                .build(last_h)
                .expect("no shocks, a valid horizon");
            let kinds: Vec<EventKind> = days_of[di].iter().map(|(_, k, _)| *k).collect();
            let mut hits = vec![[0u64; 2]; kinds.len()];
            ensemble::for_each_outcome(&[experiment.spec()], &EnsembleConfig { runs: cfg.runs, seed: cfg.seed }, &|_| {}, |_, outs| {
                for (k, kind) in kinds.iter().enumerate() {
                    for (hi, &h) in HORIZONS.iter().enumerate() {
                        if h <= last_h && outs[0].happened_by(*kind, h) {
                            hits[k][hi] += 1;
                        }
                    }
                }
            });
            let od = origin.days_since(start);
            for (k, (name, _, days)) in days_of[di].iter().enumerate() {
                for (hi, &h) in HORIZONS.iter().enumerate() {
                    if h > last_h {
                        continue;
                    }
                    let h_i = h as i32;
                    let before = days.partition_point(|&d| d < od);
                    let observed = days[before..].first().is_some_and(|&d| d < od + h_i);
                    let recent = days[..before].last().is_some_and(|&d| d >= od - h_i);
                    // Reference class: every dyad's distinct event days and record days before the origin.
                    let (mut pooled_events, mut pooled_days) = (0usize, 0f64);
                    // Mass-casualty outcomes pool by the state's position in its dyad.
                    let kind = days_of[di][k].1;
                    for (dj, s) in starts.iter().enumerate() {
                        let Some(s) = s else { continue };
                        let od_j = origin.days_since(*s);
                        if od_j <= 0 {
                            continue;
                        }
                        if let Some((_, _, dd)) = days_of[dj].iter().find(|(_, kk, _)| *kk == kind) {
                            pooled_events += dd.partition_point(|&d| d < od_j);
                            pooled_days += od_j as f64;
                        }
                    }
                    forecasts.push(ScoredForecast {
                        dyad: dyad.scenario.meta.name.clone(),
                        origin,
                        horizon: h,
                        outcome: name.clone(),
                        // The ensemble frequency with half a run added to each side, as the
                        // baselines add half an event: a finite ensemble that saw no event
                        // does not claim probability 0.
                        model: (hits[k][hi] as f64 + 0.5) / (cfg.runs as f64 + 1.0),
                        climatology: rate_probability(before, od as f64, h as f64).expect("a record before the origin"),
                        reference_class: rate_probability(pooled_events, pooled_days, h as f64).expect("a record before the origin"),
                        persistence: if recent { 1.0 } else { 0.0 },
                        observed,
                    });
                }
            }
            origin = next_month(origin);
        }
        forecasts
    }
}

/// The long-record base rate of each binary outcome the evaluation scores, as the
/// climatology baseline computes it at an origin: for each outcome, its name, the
/// distinct days with the event from the record's first event to the day before
/// `origin`, the days elapsed, and P(at least one within `horizon` days). `None`
/// when the record has no event before `origin`.
pub fn record_base_rates(dyad: &DyadEvents, origin: Date, horizon: u32) -> Option<Vec<BaseRate>> {
    let start = record_start(dyad).filter(|s| *s < origin)?;
    let elapsed = origin.days_since(start);
    Some(
        outcomes_of(&dyad.scenario)
            .into_iter()
            .map(|(name, kind)| {
                let days = event_days(dyad, kind, start);
                let events = days.partition_point(|&d| d < elapsed);
                BaseRate { name, kind, events, record_days: elapsed as u32, probability: rate_probability(events, f64::from(elapsed), f64::from(horizon)).expect("a record before the origin") }
            })
            .collect(),
    )
}

/// One outcome's long-record base rate ([`record_base_rates`]).
#[derive(Clone, Debug, PartialEq)]
pub struct BaseRate {
    pub name: String,
    pub kind: EventKind,
    /// Distinct days with the event in the record before the origin.
    pub events: usize,
    /// Days from the record's first event to the origin.
    pub record_days: u32,
    /// P(at least one within the horizon) at the constant rate (events + ½) / days.
    pub probability: f64,
}

/// How much of a combined forecast is the model's: `w·model + (1 − w)·base rate`,
/// one weight for the insurgents' mass-casualty attacks and one for the states'
/// actions (strikes, recalls, closures), whatever the horizon.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CombinationWeights {
    pub attacks: f64,
    pub state_actions: f64,
}

impl CombinationWeights {
    /// The model's weight for `outcome` (an outcome name of the evaluation).
    pub fn weight(&self, outcome: &str) -> f64 {
        if is_attack(outcome) { self.attacks } else { self.state_actions }
    }

    /// The linear pool of the model's probability and the base rate.
    pub fn combine(&self, outcome: &str, model: f64, base_rate: f64) -> f64 {
        let w = self.weight(outcome);
        w * model + (1.0 - w) * base_rate
    }
}

fn is_attack(outcome: &str) -> bool {
    outcome.starts_with("mass_casualty")
}

/// The weights on a grid of 0.01 that minimise the summed log score of the pooled
/// forecasts (model with the long-record climatology), each class on its own. A
/// class with no forecasts keeps an even weight, 0.5.
pub fn fit_combination(forecasts: &[ScoredForecast]) -> CombinationWeights {
    let best = |attacks: bool| {
        let sel: Vec<&ScoredForecast> = forecasts.iter().filter(|f| is_attack(&f.outcome) == attacks).collect();
        if sel.is_empty() {
            return 0.5;
        }
        let loss = |w: f64| sel.iter().map(|f| log_loss(w * f.model + (1.0 - w) * f.climatology, f.observed)).sum::<f64>();
        // The first minimum on the grid: ties go to the smaller weight (more base rate).
        (0..=100).map(|i| f64::from(i) / 100.0).fold((f64::INFINITY, 0.0), |(lb, wb), w| {
            let l = loss(w);
            if l < lb { (l, w) } else { (lb, wb) }
        }).1
    };
    CombinationWeights { attacks: best(true), state_actions: best(false) }
}

fn month_start(d: Date) -> Date {
    let (y, m, _) = d.ymd();
    Date::from_ymd(y, m, 1).expect("a date")
}

fn next_month(d: Date) -> Date {
    let (y, m, _) = d.ymd();
    if m == 12 { Date::from_ymd(y + 1, 1, 1) } else { Date::from_ymd(y, m + 1, 1) }.expect("a date")
}

/// Per-forecast log score (clipped as `calibrate::log_score` clips).
fn log_loss(p: f64, o: bool) -> f64 {
    let p = p.clamp(LOG_SCORE_CLIP, 1.0 - LOG_SCORE_CLIP);
    -(if o { p } else { 1.0 - p }).ln()
}

fn skill_rows(forecasts: &[ScoredForecast], cfg: &EvalConfig) -> Vec<SkillRow> {
    let mut groups: Vec<(String, u32, String)> = Vec::new();
    for f in forecasts {
        for key in [
            (f.dyad.clone(), f.horizon, f.outcome.clone()),
            (f.dyad.clone(), f.horizon, "all".into()),
            (f.dyad.clone(), f.horizon, STATE_ACTIONS.into()),
            ("all".into(), f.horizon, "all".into()),
            ("all".into(), f.horizon, STATE_ACTIONS.into()),
        ] {
            if !groups.contains(&key) {
                groups.push(key);
            }
        }
    }
    let pooled = |o: &str| o == "all" || o == STATE_ACTIONS;
    groups.sort_by(|a, b| (a.0 == "all", &a.0, a.1, pooled(&a.2), &a.2).cmp(&(b.0 == "all", &b.0, b.1, pooled(&b.2), &b.2)));
    groups
        .into_iter()
        .filter_map(|(dyad, horizon, outcome)| {
            let mut sel: Vec<&ScoredForecast> = forecasts
                .iter()
                .filter(|f| {
                    f.horizon == horizon
                        && (dyad == "all" || f.dyad == dyad)
                        && (outcome == "all" || f.outcome == outcome || (outcome == STATE_ACTIONS && is_state_action(&f.outcome)))
                })
                .collect();
            // Time order, so that bootstrap blocks hold neighbouring origins.
            sel.sort_by_key(|f| (f.origin, f.dyad.clone(), f.outcome.clone()));
            if sel.is_empty() {
                return None;
            }
            let obs: Vec<bool> = sel.iter().map(|f| f.observed).collect();
            let col = |g: fn(&ScoredForecast) -> f64| sel.iter().map(|f| g(f)).collect::<Vec<f64>>();
            let (pm, pc, pr, pp) = (col(|f| f.model), col(|f| f.climatology), col(|f| f.reference_class), col(|f| f.persistence));
            let lm: Vec<f64> = pm.iter().zip(&obs).map(|(&p, &o)| log_loss(p, o)).collect();
            let lc: Vec<f64> = pc.iter().zip(&obs).map(|(&p, &o)| log_loss(p, o)).collect();
            let per_origin = sel.len() / sel.iter().map(|f| f.origin).collect::<std::collections::BTreeSet<_>>().len().max(1);
            let block = ((horizon as usize).div_ceil(30)).max(1) * per_origin.max(1);
            let boot = block_bootstrap_skill(&lm, &lc, block, cfg.bootstrap_reps, cfg.seed).expect("finite scores");
            let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
            let (bm, bc) = (brier(&pm, &obs).expect("valid"), brier(&pc, &obs).expect("valid"));
            let (log_m, log_c, log_r, log_p) =
                (mean(&lm), mean(&lc), log_score(&pr, &obs).expect("valid"), log_score(&pp, &obs).expect("valid"));
            Some(SkillRow {
                dyad,
                horizon,
                outcome,
                n: sel.len(),
                observed: obs.iter().filter(|&&o| o).count(),
                log_model: log_m,
                log_climatology: log_c,
                log_reference_class: log_r,
                log_persistence: log_p,
                brier_model: bm,
                brier_climatology: bc,
                log_skill: boot.skill,
                log_skill_low: boot.low,
                log_skill_high: boot.high,
                log_skill_reference: 1.0 - log_m / log_r,
                brier_skill: 1.0 - bm / bc,
            })
        })
        .collect()
}

/// The evaluation as Markdown tables.
pub fn render_markdown(e: &Evaluation) -> String {
    let mut o = format!("### Fitting: {}\n\n", e.fitting.name());
    o += "| dyad | horizon | outcome | n | events | log model | log climatology | log reference class | log persistence | log skill vs climatology [95% CI] | log skill vs reference class | Brier skill vs climatology |\n";
    o += "|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|\n";
    for r in &e.rows {
        o += &format!(
            "| {} | {} | {} | {} | {} | {:.4} | {:.4} | {:.4} | {:.4} | {:+.3} [{:+.3}, {:+.3}] | {:+.3} | {:+.3} |\n",
            r.dyad, r.horizon, r.outcome, r.n, r.observed, r.log_model, r.log_climatology, r.log_reference_class, r.log_persistence,
            r.log_skill, r.log_skill_low, r.log_skill_high, r.log_skill_reference, r.brier_skill
        );
    }
    o += "\nReliability (all forecasts pooled):\n\n| bin | forecasts | mean forecast | observed frequency |\n|---|---:|---:|---:|\n";
    for b in &e.reliability {
        if b.count > 0 {
            o += &format!("| [{:.2}, {:.2}) | {} | {:.3} | {:.3} |\n", b.lower, b.upper, b.count, b.mean_forecast.unwrap_or(0.0), b.observed_frequency.unwrap_or(0.0));
        }
    }
    if !e.combination.is_empty() {
        o += "\nCombination weights (the model's share; the rest is the dyad's long-record base rate):\n\n| weights | mass-casualty attacks | state actions |\n|---|---:|---:|\n";
        for (dyad, w) in &e.combination {
            let label = if dyad == ALL_DYADS { "learnt from every dyad (what `faultline forecast` uses)".to_string() } else { format!("for {dyad} (learnt without it)") };
            o += &format!("| {label} | {:.2} | {:.2} |\n", w.attacks, w.state_actions);
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forecast(outcome: &str, model: f64, climatology: f64, observed: bool) -> ScoredForecast {
        ScoredForecast {
            dyad: "d".into(),
            origin: Date::from_ymd(2020, 1, 1).unwrap(),
            horizon: 30,
            outcome: outcome.into(),
            model,
            climatology,
            reference_class: climatology,
            persistence: 0.0,
            observed,
        }
    }

    /// A model that knows when attacks come gets most of the weight for attacks; one
    /// whose state-action forecasts are noise around the base rate gets little.
    #[test]
    fn combination_weights_follow_where_the_model_has_information() {
        let mut fs = Vec::new();
        for i in 0..400 {
            let attack = i % 4 == 0;
            // Attacks: the model says 0.6 before an attack and 0.05 otherwise; the base rate says 0.25.
            fs.push(forecast("mass_casualty_pakistan", if attack { 0.6 } else { 0.05 }, 0.25, attack));
            // Strikes happen on 1 origin in 10, whatever the model says (0.9 or 0.01, alternating).
            let strike = i % 10 == 3;
            fs.push(forecast("cross_border_strike", if i % 2 == 0 { 0.9 } else { 0.01 }, 0.1, strike));
        }
        let w = fit_combination(&fs);
        assert!(w.attacks >= 0.9, "{w:?}");
        assert!(w.state_actions <= 0.1, "{w:?}");
        // The pooled forecast is the weighted mean, and each class keeps its own weight.
        assert_eq!(w.combine("mass_casualty_iran", 0.6, 0.2), w.attacks * 0.6 + (1.0 - w.attacks) * 0.2);
        assert_eq!(w.weight("border_closure"), w.state_actions);
        // Its log score is no worse than either ingredient's on the forecasts it was learnt from.
        let total = |g: &dyn Fn(&ScoredForecast) -> f64| fs.iter().map(|f| log_loss(g(f), f.observed)).sum::<f64>();
        let combined = total(&|f| w.combine(&f.outcome, f.model, f.climatology));
        assert!(combined <= total(&|f| f.model) && combined <= total(&|f| f.climatology));
    }

    #[test]
    fn a_class_without_forecasts_keeps_an_even_weight() {
        let w = fit_combination(&[forecast("cross_border_strike", 0.5, 0.1, true)]);
        assert_eq!(w.attacks, 0.5);
        assert_eq!(w.state_actions, 1.0);
    }
}
