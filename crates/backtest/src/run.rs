//! Backtests: forecasts from a series of origins, each made from the history
//! before it, scored against what followed and against two baselines.
//!
//! Protocol (docs/backtest.md): origins `from, from + every, …, ≤ to`; the
//! forecast window of origin `O` is `[O, O + horizon)`. The model starts from
//! [`crate::history_state`] at `O` and runs an ensemble over the window. The
//! baselines see only the daily series before `O`: climatology is the set of
//! totals of the complete past windows of the same length, persistence the
//! total of the last one (see `calibrate::climatology_*`, `persistence_*`).
//! An origin is skipped (and listed) when there is no complete past window
//! or when the window runs past the end of the data.

use std::fmt::Write as _;

use calibrate::{
    ReliabilityBin, brier, climatology_counts, climatology_probability, crps_ensemble, log_score,
    persistence_count, persistence_probability, reliability_table, skill_score,
};
use engine::{EventKind, Experiment};
use ensemble::EnsembleConfig;
use events::{Date, Event, EventType};
use model::ModelParams;
use scenario::{Levers, Scenario};
use serde::{Deserialize, Serialize};

use crate::BacktestError;
use crate::history::{History, replay_until, sorted_events};

/// What to backtest.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BacktestConfig {
    /// First origin.
    pub from: Date,
    /// Last possible origin.
    pub to: Date,
    pub every_days: u32,
    pub horizon_days: u32,
    /// Monte Carlo runs per origin.
    pub runs: u64,
    pub seed: u64,
    /// Bins of the reliability table.
    pub bins: usize,
    /// Last day the data cover (default: the last event).
    pub data_end: Option<Date>,
    /// Days of attacks before each origin from which the insurgents' current
    /// capacity is estimated (0: keep the scenario's). See [`History`].
    pub level_window_days: u32,
}

/// One binary outcome at one origin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BinaryForecast {
    pub outcome: String,
    pub model: f64,
    pub climatology: f64,
    pub persistence: f64,
    pub observed: bool,
}

/// The attack count of one side over the window at one origin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountForecast {
    pub side: String,
    pub model_mean: f64,
    pub model_q10: f64,
    pub model_q50: f64,
    pub model_q90: f64,
    pub climatology_mean: f64,
    pub persistence: f64,
    pub observed: u32,
    pub crps_model: f64,
    pub crps_climatology: f64,
    pub crps_persistence: f64,
}

/// Everything about one origin.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OriginRow {
    pub origin: Date,
    pub state: History,
    pub binary: Vec<BinaryForecast>,
    pub counts: Vec<CountForecast>,
}

/// An origin left out, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SkippedOrigin {
    pub origin: Date,
    pub reason: String,
}

/// Brier and log scores of one binary outcome over all origins.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BinaryScores {
    pub outcome: String,
    pub n: usize,
    pub observed_rate: f64,
    pub brier_model: f64,
    pub brier_climatology: f64,
    pub brier_persistence: f64,
    pub log_model: f64,
    pub log_climatology: f64,
    pub log_persistence: f64,
    pub brier_skill_vs_climatology: Option<f64>,
    pub brier_skill_vs_persistence: Option<f64>,
    pub log_skill_vs_climatology: Option<f64>,
    pub log_skill_vs_persistence: Option<f64>,
}

/// Mean CRPS of one side's attack count over all origins.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CountScores {
    pub side: String,
    pub n: usize,
    pub crps_model: f64,
    pub crps_climatology: f64,
    pub crps_persistence: f64,
    pub skill_vs_climatology: Option<f64>,
    pub skill_vs_persistence: Option<f64>,
}

/// The result of [`backtest`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BacktestReport {
    pub config: BacktestConfig,
    pub scenario: String,
    /// First event and last day of the data.
    pub data_from: Date,
    pub data_to: Date,
    pub origins: Vec<OriginRow>,
    pub skipped: Vec<SkippedOrigin>,
    pub binary: Vec<BinaryScores>,
    pub counts: Vec<CountScores>,
    /// The model's probabilities for all binary outcomes and origins, pooled.
    pub reliability: Vec<ReliabilityBin>,
}

/// Quantile of sorted values (type 1: the smallest value with at least q of the mass at or below).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let k = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[k - 1]
}

/// What one origin's ensemble forecast (a shard of a backtest computes these).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OriginForecast {
    pub binary: Vec<BinaryForecast>,
    pub counts: Vec<CountForecast>,
}

/// A checked backtest: the daily series, the origins and the states replayed at them.
pub struct BacktestPlan<'a> {
    scenario: &'a Scenario,
    levers: &'a Levers,
    cfg: BacktestConfig,
    start: Date,
    end: Date,
    attacks: [Vec<u32>; 2],
    /// The binary outcomes scored, as the registry names them, with their daily series.
    tracked: Vec<(EventKind, String, Vec<u32>)>,
    origins: Vec<Date>,
    states: Vec<History>,
    skipped: Vec<SkippedOrigin>,
}

/// Runs the backtest. `progress` receives the number of runs just finished.
/// The same as [`BacktestPlan::finish`] of [`BacktestPlan::forecast_origins`] over every origin.
pub fn backtest(
    events: &[Event],
    scenario: &Scenario,
    levers: &Levers,
    cfg: &BacktestConfig,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<BacktestReport, BacktestError> {
    let plan = plan_backtest(events, scenario, levers, cfg)?;
    let forecasts = plan.forecast_origins(0..plan.origin_count(), progress);
    plan.finish(forecasts)
}

/// Checks a backtest and replays the record to every origin; no simulation yet.
pub fn plan_backtest<'a>(
    events: &[Event],
    scenario: &'a Scenario,
    levers: &'a Levers,
    cfg: &BacktestConfig,
) -> Result<BacktestPlan<'a>, BacktestError> {
    if cfg.every_days == 0 {
        return Err(BacktestError::new("--every", "must be at least 1 day"));
    }
    if cfg.horizon_days == 0 || cfg.horizon_days > 3650 {
        return Err(BacktestError::new("--horizon", "must be between 1 and 3650 days"));
    }
    if cfg.to < cfg.from {
        return Err(BacktestError::new("--to", format!("{} is before --from {}", cfg.to, cfg.from)));
    }
    if cfg.runs == 0 {
        return Err(BacktestError::new("--runs", "must be at least 1"));
    }
    if cfg.bins == 0 {
        return Err(BacktestError::new("--bins", "must be at least 1"));
    }
    let p = ModelParams::new(scenario, levers);
    let sorted = sorted_events(events);
    let (Some(first), Some(last)) = (sorted.first(), sorted.last()) else {
        return Err(BacktestError::new("events", "the event file holds no events"));
    };
    let start = first.date;
    let end = cfg.data_end.unwrap_or(last.date);
    if end < start {
        return Err(BacktestError::new("--data-end", format!("{end} is before the first event {start}")));
    }
    let len = (end.days_since(start) + 1) as usize;
    let mass = scenario.definitions.mass_casualty_deaths;

    // Daily series by scenario side index.
    let mut attacks = [vec![0u32; len], vec![0u32; len]];
    let mut mass_casualty = [vec![0u32; len], vec![0u32; len]];
    let mut strike = vec![0u32; len];
    let mut recall_event = vec![false; len];
    for e in sorted.iter().filter(|e| e.date <= end) {
        let d = e.date.days_since(start) as usize;
        match e.event_type {
            EventType::InsurgentAttack => {
                if let Some(i) = e.side() {
                    attacks[i][d] += 1;
                    if e.deaths() >= mass {
                        mass_casualty[i][d] = 1;
                    }
                }
            }
            EventType::CrossBorderStrike if e.direction().is_some() => strike[d] = 1,
            EventType::AmbassadorRecalled => recall_event[d] = true,
            _ => {}
        }
    }

    // Origins.
    let mut origins = Vec::new();
    let mut skipped = Vec::new();
    let mut o = cfg.from;
    while o <= cfg.to {
        let before = o.days_since(start);
        if before < cfg.horizon_days as i32 {
            skipped.push(SkippedOrigin {
                origin: o,
                reason: format!("less than one {}-day window of history before it (data start {start})", cfg.horizon_days),
            });
        } else if o.add_days(cfg.horizon_days as i32 - 1) > end {
            skipped.push(SkippedOrigin { origin: o, reason: format!("its window runs past the end of the data ({end})") });
        } else {
            origins.push(o);
        }
        o = o.add_days(cfg.every_days as i32);
    }
    if origins.is_empty() {
        return Err(BacktestError::new(
            "--from",
            format!(
                "no origin between {} and {} has a complete {}-day window of history before it and of data after it (data {start}..{end})",
                cfg.from, cfg.to, cfg.horizon_days
            ),
        ));
    }

    // One replay over the data: the recall status series and the states at the origins.
    let data: Vec<&Event> = sorted.iter().copied().filter(|e| e.date <= end).collect();
    let mut recalled = vec![0u32; len];
    let mut states: Vec<History> = Vec::with_capacity(origins.len());
    let mut next = 0usize;
    let mut was_recalled = false;
    replay_until(&p, scenario, &data, start, end.add_days(1), |date, r| {
        let d = date.days_since(start) as usize;
        recalled[d] = u32::from(was_recalled || recall_event[d] || r.h.recalled);
        was_recalled = r.h.recalled;
        while next < origins.len() && origins[next] == date.add_days(1) {
            states.push(r.snapshot(&data, cfg.level_window_days));
            next += 1;
        }
    });
    debug_assert_eq!(states.len(), origins.len());

    // The binary outcomes scored, as the registry names them; those the scenario lacks are left out.
    let [mass_casualty_first, mass_casualty_second] = mass_casualty;
    let tracked: Vec<(EventKind, String, Vec<u32>)> = [
        (EventKind::CrossBorderStrike, strike),
        (EventKind::MassCasualtyFirst, mass_casualty_first),
        (EventKind::MassCasualtySecond, mass_casualty_second),
        (EventKind::AmbassadorRecall, recalled),
    ]
    .into_iter()
    .filter_map(|(kind, series)| engine::outcomes::event_outcome(scenario, kind).map(|def| (kind, def.name, series)))
    .collect();
    Ok(BacktestPlan { scenario, levers, cfg: cfg.clone(), start, end, attacks, tracked, origins, states, skipped })
}

impl BacktestPlan<'_> {
    /// The number of origins forecast.
    pub fn origin_count(&self) -> u64 {
        self.origins.len() as u64
    }

    /// The ensemble forecasts of the origins `range` (indices into the origins, in date order).
    pub fn forecast_origins(&self, range: std::ops::Range<u64>, progress: &(dyn Fn(u64) + Sync)) -> Vec<OriginForecast> {
        let cfg = &self.cfg;
        let h = cfg.horizon_days as usize;
        let names: [&str; 2] = [&self.scenario.state[0].id, &self.scenario.state[1].id];
        let tracked = &self.tracked;
        (range.start.min(self.origin_count())..range.end.min(self.origin_count()))
            .map(|k| {
                let (origin, hist) = (self.origins[k as usize], &self.states[k as usize]);
                let od = origin.days_since(self.start) as usize;
                let experiment = Experiment::builder(self.scenario)
                    .levers(self.levers.clone())
                    .checkpoints(vec![cfg.horizon_days])
                    .starting_from(hist.state(), &origin.to_string())
                    .build(cfg.horizon_days)
                    .expect("a checked horizon, no shocks");
                let spec = experiment.spec();
                let mut hits = vec![0u64; tracked.len()];
                let mut members = [Vec::with_capacity(cfg.runs as usize), Vec::with_capacity(cfg.runs as usize)];
                ensemble::for_each_outcome(&[spec], &EnsembleConfig { runs: cfg.runs, seed: cfg.seed }, progress, |_, outs| {
                    let out = &outs[0];
                    for (k, (kind, _, _)) in tracked.iter().enumerate() {
                        if out.happened_by(*kind, cfg.horizon_days) {
                            hits[k] += 1;
                        }
                    }
                    for (i, m) in members.iter_mut().enumerate() {
                        m.push(f64::from(out.attacks[0][i]));
                    }
                });
                let binary = tracked
                    .iter()
                    .zip(&hits)
                    .map(|((_, name, series), &hits)| {
                        let any = |t: f64| t >= 1.0;
                        BinaryForecast {
                            outcome: name.clone(),
                            model: hits as f64 / cfg.runs as f64,
                            climatology: climatology_probability(series, od, h, any).expect("a complete past window"),
                            persistence: persistence_probability(series, od, h, any).expect("a complete past window"),
                            observed: series[od..od + h].iter().any(|&x| x > 0),
                        }
                    })
                    .collect();
                let counts = (0..2)
                    .map(|i| {
                        let mut m = std::mem::take(&mut members[i]);
                        m.sort_by(f64::total_cmp);
                        let attacks = &self.attacks[i];
                        let observed: u32 = attacks[od..od + h].iter().sum();
                        let y = f64::from(observed);
                        let clim = climatology_counts(attacks, od, h).expect("a complete past window");
                        let pers = persistence_count(attacks, od, h).expect("a complete past window");
                        CountForecast {
                            side: names[i].to_string(),
                            model_mean: m.iter().sum::<f64>() / m.len() as f64,
                            model_q10: quantile(&m, 0.1),
                            model_q50: quantile(&m, 0.5),
                            model_q90: quantile(&m, 0.9),
                            climatology_mean: clim.iter().sum::<f64>() / clim.len() as f64,
                            persistence: pers,
                            observed,
                            crps_model: crps_ensemble(&m, y).expect("finite members"),
                            crps_climatology: crps_ensemble(&clim, y).expect("finite members"),
                            crps_persistence: (pers - y).abs(),
                        }
                    })
                    .collect();
                OriginForecast { binary, counts }
            })
            .collect()
    }

    /// The report from every origin's forecast, in origin order: the rows, their scores
    /// and the reliability table.
    pub fn finish(self, forecasts: Vec<OriginForecast>) -> Result<BacktestReport, BacktestError> {
        if forecasts.len() != self.origins.len() {
            return Err(BacktestError::new(
                "origins",
                format!("{} origin forecasts given; the backtest has {} origins", forecasts.len(), self.origins.len()),
            ));
        }
        let fits = |f: &OriginForecast| {
            f.counts.len() == 2
                && f.binary.len() == self.tracked.len()
                && f.binary.iter().zip(&self.tracked).all(|(b, (_, name, _))| &b.outcome == name)
        };
        if let Some(k) = forecasts.iter().position(|f| !fits(f)) {
            return Err(BacktestError::new("origins", format!("the forecast of origin {} does not have the backtest's outcomes", self.origins[k])));
        }
        let cfg = &self.cfg;
        let (start, end) = (self.start, self.end);
        let names: [String; 2] = [self.scenario.state[0].id.clone(), self.scenario.state[1].id.clone()];
        let outcome_names: Vec<String> = self.tracked.iter().map(|(_, name, _)| name.clone()).collect();
        let scenario = self.scenario;
        let skipped = self.skipped;
        let rows: Vec<OriginRow> = self
            .origins
            .into_iter()
            .zip(self.states)
            .zip(forecasts)
            .map(|((origin, state), f)| OriginRow { origin, state, binary: f.binary, counts: f.counts })
            .collect();

        // Scores over origins.
        let n = rows.len();
        let mut binary = Vec::new();
        let mut pooled_p = Vec::new();
        let mut pooled_o = Vec::new();
        for (k, name) in outcome_names.iter().enumerate() {
            let col = |f: &dyn Fn(&BinaryForecast) -> f64| rows.iter().map(|r| f(&r.binary[k])).collect::<Vec<f64>>();
            let model = col(&|b| b.model);
            let clim = col(&|b| b.climatology);
            let pers = col(&|b| b.persistence);
            let obs: Vec<bool> = rows.iter().map(|r| r.binary[k].observed).collect();
            let score = |f: fn(&[f64], &[bool]) -> Result<f64, calibrate::ScoreError>, x: &[f64]| {
                f(x, &obs).expect("probabilities in [0, 1], one per outcome")
            };
            let (bm, bc, bp) = (score(brier, &model), score(brier, &clim), score(brier, &pers));
            let (lm, lc, lp) = (score(log_score, &model), score(log_score, &clim), score(log_score, &pers));
            binary.push(BinaryScores {
                outcome: name.clone(),
                n,
                observed_rate: obs.iter().filter(|&&o| o).count() as f64 / n as f64,
                brier_model: bm,
                brier_climatology: bc,
                brier_persistence: bp,
                log_model: lm,
                log_climatology: lc,
                log_persistence: lp,
                brier_skill_vs_climatology: skill_score(bm, bc),
                brier_skill_vs_persistence: skill_score(bm, bp),
                log_skill_vs_climatology: skill_score(lm, lc),
                log_skill_vs_persistence: skill_score(lm, lp),
            });
            pooled_p.extend(model);
            pooled_o.extend(obs);
        }
        let counts = (0..2)
            .map(|i| {
                let mean = |f: &dyn Fn(&CountForecast) -> f64| rows.iter().map(|r| f(&r.counts[i])).sum::<f64>() / n as f64;
                let (m, c, p) = (mean(&|c| c.crps_model), mean(&|c| c.crps_climatology), mean(&|c| c.crps_persistence));
                CountScores {
                    side: names[i].clone(),
                    n,
                    crps_model: m,
                    crps_climatology: c,
                    crps_persistence: p,
                    skill_vs_climatology: skill_score(m, c),
                    skill_vs_persistence: skill_score(m, p),
                }
            })
            .collect();
        let reliability = reliability_table(&pooled_p, &pooled_o, cfg.bins).expect("probabilities in [0, 1]");
        Ok(BacktestReport {
            config: cfg.clone(),
            scenario: scenario.meta.name.clone(),
            data_from: start,
            data_to: end,
            origins: rows,
            skipped,
            binary,
            counts,
            reliability,
        })
    }
}

fn opt(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:+.3}"))
}

/// Plain-text tables: per origin, scores, skill and reliability.
pub fn render_backtest_table(r: &BacktestReport) -> String {
    let mut o = String::new();
    let c = &r.config;
    let _ = writeln!(
        o,
        "Backtest of `{}` on data {}..{}: {} origins from {} every {} days, horizon {} days, {} runs each (seed {})",
        r.scenario,
        r.data_from,
        r.data_to,
        r.origins.len(),
        c.from,
        c.every_days,
        c.horizon_days,
        c.runs,
        c.seed
    );
    for s in &r.skipped {
        let _ = writeln!(o, "  skipped {}: {}", s.origin, s.reason);
    }
    let _ = writeln!(o, "\nPer origin: P(model) / observed, attack counts model median [10%, 90%] / observed");
    let mut header = format!("{:<10}", "origin");
    if let Some(first) = r.origins.first() {
        for b in &first.binary {
            let _ = write!(header, " {:>22}", b.outcome);
        }
        for cf in &first.counts {
            let _ = write!(header, " {:>20}", format!("attacks_{}", cf.side));
        }
    }
    let _ = writeln!(o, "{header}");
    for row in &r.origins {
        let _ = write!(o, "{:<10}", row.origin.to_string());
        for b in &row.binary {
            let _ = write!(o, " {:>22}", format!("{:.3} / {}", b.model, u8::from(b.observed)));
        }
        for cf in &row.counts {
            let _ = write!(
                o,
                " {:>20}",
                format!("{} [{}, {}] / {}", cf.model_q50, cf.model_q10, cf.model_q90, cf.observed)
            );
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "\nBinary outcomes (Brier and log score, lower is better; skill = 1 − model/baseline)");
    let _ = writeln!(
        o,
        "{:<24} {:>4} {:>6} | {:>7} {:>7} {:>7} | {:>7} {:>7} {:>7} | {:>8} {:>8} {:>8} {:>8}",
        "outcome", "n", "rate", "BS mod", "BS clim", "BS pers", "LS mod", "LS clim", "LS pers", "BSS clim", "BSS pers", "LSS clim", "LSS pers"
    );
    for b in &r.binary {
        let _ = writeln!(
            o,
            "{:<24} {:>4} {:>6.3} | {:>7.4} {:>7.4} {:>7.4} | {:>7.4} {:>7.4} {:>7.4} | {:>8} {:>8} {:>8} {:>8}",
            b.outcome,
            b.n,
            b.observed_rate,
            b.brier_model,
            b.brier_climatology,
            b.brier_persistence,
            b.log_model,
            b.log_climatology,
            b.log_persistence,
            opt(b.brier_skill_vs_climatology),
            opt(b.brier_skill_vs_persistence),
            opt(b.log_skill_vs_climatology),
            opt(b.log_skill_vs_persistence)
        );
    }
    let _ = writeln!(o, "\nAttack counts over the horizon (mean CRPS, lower is better)");
    let _ = writeln!(
        o,
        "{:<12} {:>4} {:>9} {:>9} {:>9} {:>10} {:>10}",
        "side", "n", "model", "clim", "pers", "skill clim", "skill pers"
    );
    for cs in &r.counts {
        let _ = writeln!(
            o,
            "{:<12} {:>4} {:>9.3} {:>9.3} {:>9.3} {:>10} {:>10}",
            cs.side,
            cs.n,
            cs.crps_model,
            cs.crps_climatology,
            cs.crps_persistence,
            opt(cs.skill_vs_climatology),
            opt(cs.skill_vs_persistence)
        );
    }
    let _ = writeln!(o, "\nReliability of the model's probabilities (all binary outcomes pooled)");
    let _ = writeln!(o, "{:<13} {:>6} {:>14} {:>14}", "bin", "count", "mean forecast", "observed freq");
    for bin in &r.reliability {
        let f = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"));
        let _ = writeln!(
            o,
            "{:<13} {:>6} {:>14} {:>14}",
            format!("[{:.2}, {:.2})", bin.lower, bin.upper),
            bin.count,
            f(bin.mean_forecast),
            f(bin.observed_frequency)
        );
    }
    o
}
