//! Day-by-day distributions for fan charts: cumulative attacks on each side
//! and bilateral trade on every day of the horizon.
//!
//! [`Accumulator`] keeps attacks and trade only at the checkpoints.
//! [`run_with_daily`] runs the same ensemble as [`crate::run`] — the same
//! trajectories, and an [`Accumulator`] equal to the one `run` returns — and
//! also fills a [`DailyTotals`]. It asks the engine to record cumulative
//! quantities on every day, feeds them to [`DailyTotals::add_block`] and hands the
//! [`Accumulator`] the values at the requested checkpoints only.
//!
//! Memory stays bounded and independent of the number of runs: per day and
//! side one exact [`Histogram`] of cumulative attacks (dense up to the largest
//! count seen), and per day [`DAILY_TRADE_BINS`] 32-bit trade counters
//! (365 days: about 1.8 MB of trade counters plus a few hundred kB of
//! attack histograms per partial accumulator).

use std::sync::atomic::{AtomicBool, Ordering};

use engine::{RunOutcome, RunSpec};
use rayon::prelude::*;

use crate::{Accumulator, EnsembleConfig, Histogram, quantile_from_counts};

/// Width of a daily trade bin (billion USD per year).
pub const DAILY_TRADE_BIN: f64 = 0.05;
/// Number of daily trade bins; the last one collects everything above (60 bn).
pub const DAILY_TRADE_BINS: usize = 1200;

/// Integer-only per-day totals of an ensemble.
#[derive(Clone, Debug, PartialEq)]
pub struct DailyTotals {
    pub runs: u64,
    pub days: u32,
    /// attacks[day][side]: cumulative attacks by the end of the day (index 0 = day 1).
    pub attacks: Vec<[Histogram; 2]>,
    /// trade[day][bin]: runs whose trade on the day falls in the bin.
    pub trade: Vec<Vec<u32>>,
}

impl DailyTotals {
    /// Empty totals for runs of `days` days.
    pub fn new(days: u32) -> DailyTotals {
        DailyTotals {
            runs: 0,
            days,
            attacks: (0..days)
                .map(|_| [Histogram::default(), Histogram::default()])
                .collect(),
            trade: (0..days).map(|_| vec![0; DAILY_TRADE_BINS]).collect(),
        }
    }

    /// Adds runs whose outcomes were recorded with a checkpoint on every day 1..=days,
    /// day by day across the block, so each day's counters are fetched once per block.
    pub fn add_block(&mut self, outs: &[RunOutcome]) {
        self.runs += outs.len() as u64;
        for day in 0..self.days as usize {
            let (attacks, trade) = (&mut self.attacks[day], &mut self.trade[day]);
            for out in outs {
                if let (Some(a), Some(&t)) = (out.attacks.get(day), out.trade.get(day)) {
                    attacks[0].add(a[0] as u64);
                    attacks[1].add(a[1] as u64);
                    let bin = ((t / DAILY_TRADE_BIN).max(0.0) as usize).min(DAILY_TRADE_BINS - 1);
                    trade[bin] += 1;
                }
            }
        }
    }

    /// Adds another set of totals (exact; order does not matter).
    pub fn merge(mut self, other: DailyTotals) -> DailyTotals {
        self.runs += other.runs;
        for (a, b) in self.attacks.iter_mut().zip(&other.attacks) {
            a[0].merge(&b[0]);
            a[1].merge(&b[1]);
        }
        for (a, b) in self.trade.iter_mut().zip(&other.trade) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self
    }

    /// Lower empirical quantile `q` of cumulative attacks on `side` by day index `day` (0 = day 1).
    pub fn attacks_quantile(&self, day: usize, side: usize, q: f64) -> f64 {
        self.attacks[day][side].quantile(q) as f64
    }

    /// Quantile `q` of trade on day index `day`, interpolated within its bin.
    pub fn trade_quantile(&self, day: usize, q: f64) -> f64 {
        quantile_from_counts(&self.trade[day], q, DAILY_TRADE_BIN)
    }
}

/// The outcome restricted to `checkpoints`, from one recorded on every day.
fn project(mut daily: RunOutcome, checkpoints: &[u32]) -> RunOutcome {
    let pick = |d: u32| (d as usize).saturating_sub(1);
    daily.attacks = checkpoints
        .iter()
        .map(|&d| daily.attacks.get(pick(d)).copied().unwrap_or([0; 2]))
        .collect();
    daily.deaths = checkpoints
        .iter()
        .map(|&d| daily.deaths.get(pick(d)).copied().unwrap_or([0; 2]))
        .collect();
    daily.trade = checkpoints
        .iter()
        .map(|&d| daily.trade.get(pick(d)).copied().unwrap_or(0.0))
        .collect();
    daily
}

/// Runs the ensemble like [`crate::run`] and also collects [`DailyTotals`].
///
/// The returned [`Accumulator`] equals `crate::run(spec, config, ..)`: the
/// trajectories do not depend on where quantities are recorded.
pub fn run_with_daily(
    spec: &RunSpec<'_>,
    config: &EnsembleConfig,
    progress: &(dyn Fn(u64) + Sync),
) -> (Accumulator, DailyTotals) {
    let never = AtomicBool::new(false);
    run_with_daily_unless(spec, config, progress, &never)
        .expect("an ensemble that nobody cancels runs to the end")
}

/// [`run_with_daily`] that stops early once `cancelled` is set: each block of
/// runs checks the flag before it simulates, so a cancelled ensemble stops
/// within one block per thread and answers `None`. Not cancelled, the result
/// is [`run_with_daily`]'s, bit for bit (the flag is only read).
pub fn run_with_daily_unless(
    spec: &RunSpec<'_>,
    config: &EnsembleConfig,
    progress: &(dyn Fn(u64) + Sync),
    cancelled: &AtomicBool,
) -> Option<(Accumulator, DailyTotals)> {
    const BLOCK: u64 = 64;
    let every_day: Vec<u32> = (1..=spec.days).collect();
    let daily_spec = RunSpec {
        checkpoints: &every_day,
        ..*spec
    };
    let empty = || {
        (
            Accumulator::new(spec.days, spec.checkpoints),
            DailyTotals::new(spec.days),
        )
    };
    let n_blocks = config.runs.div_ceil(BLOCK);
    let totals = (0..n_blocks)
        .into_par_iter()
        .fold(empty, |(mut acc, mut daily), block| {
            if cancelled.load(Ordering::Relaxed) {
                return (acc, daily);
            }
            let start = block * BLOCK;
            let end = (start + BLOCK).min(config.runs);
            let mut outcomes = Vec::with_capacity(BLOCK as usize);
            engine::run_outcomes(&daily_spec, config.seed, start, end - start, &mut outcomes);
            daily.add_block(&outcomes);
            let projected: Vec<RunOutcome> = outcomes.into_iter().map(|out| project(out, spec.checkpoints)).collect();
            acc.add_block(&projected);
            progress(end - start);
            (acc, daily)
        })
        .reduce_with(|(a, da), (b, db)| (a.merge(b), da.merge(db)));
    if cancelled.load(Ordering::Relaxed) {
        return None;
    }
    Some(totals.unwrap_or_else(empty))
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::ModelParams;

    fn with_spec<T>(days: u32, f: impl FnOnce(&RunSpec<'_>) -> T) -> T {
        let sc = scenario::builtin("iran-pakistan").expect("builtin scenario");
        let params = ModelParams::new(&sc, &sc.default_levers());
        let checkpoints = crate::standard_checkpoints(days);
        let spec = RunSpec::new(&sc, &params, &[], days, &checkpoints);
        f(&spec)
    }

    #[test]
    fn accumulator_matches_plain_run_and_daily_matches_checkpoints() {
        with_spec(120, |spec| {
            let config = EnsembleConfig { runs: 300, seed: 7 };
            let plain = crate::run(spec, &config, &|_| {});
            let (acc, daily) = run_with_daily(spec, &config, &|_| {});
            assert_eq!(acc.runs, plain.runs);
            assert_eq!(acc.hits, plain.hits);
            assert_eq!(acc.attacks, plain.attacks);
            assert_eq!(acc.deaths, plain.deaths);
            assert_eq!(acc.trade, plain.trade);
            assert_eq!(acc.tension, plain.tension);
            assert_eq!(acc.rung, plain.rung);
            assert_eq!(daily.runs, 300);
            assert_eq!(daily.attacks.len(), 120);
            // The daily histogram on a checkpoint day is the checkpoint histogram.
            for (c, &day) in acc.checkpoints.iter().enumerate() {
                for side in 0..2 {
                    assert_eq!(daily.attacks[day as usize - 1][side], acc.attacks[c][side]);
                }
                let n: u32 = daily.trade[day as usize - 1].iter().sum();
                assert_eq!(n, 300);
            }
            // Cumulative attacks never fall from one day to the next.
            for side in 0..2 {
                for q in [0.1, 0.5, 0.9] {
                    let series: Vec<f64> = (0..120)
                        .map(|d| daily.attacks_quantile(d, side, q))
                        .collect();
                    assert!(
                        series.windows(2).all(|w| w[0] <= w[1]),
                        "side {side} q {q}: {series:?}"
                    );
                }
            }
        });
    }

    #[test]
    fn daily_totals_do_not_depend_on_threads() {
        with_spec(60, |spec| {
            let config = EnsembleConfig { runs: 200, seed: 3 };
            let one = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .unwrap();
            let (_, a) = one.install(|| run_with_daily(spec, &config, &|_| {}));
            let (_, b) = run_with_daily(spec, &config, &|_| {});
            assert_eq!(a, b);
        });
    }

    #[test]
    fn a_cancelled_ensemble_stops_early_and_an_uncancelled_one_is_unchanged() {
        with_spec(60, |spec| {
            let config = EnsembleConfig { runs: 640, seed: 5 };
            let (plain_acc, plain_daily) = run_with_daily(spec, &config, &|_| {});
            let flag = AtomicBool::new(false);
            let (acc, daily) = run_with_daily_unless(spec, &config, &|_| {}, &flag).unwrap();
            assert_eq!(acc.hits, plain_acc.hits);
            assert_eq!(acc.attacks, plain_acc.attacks);
            assert_eq!(acc.tension, plain_acc.tension);
            assert_eq!(daily, plain_daily);

            // Cancelled after the first block: no result, and far fewer runs simulated.
            let done = std::sync::atomic::AtomicU64::new(0);
            let flag = AtomicBool::new(false);
            let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
            let out = one.install(|| {
                run_with_daily_unless(
                    spec,
                    &config,
                    &|n| {
                        done.fetch_add(n, Ordering::Relaxed);
                        flag.store(true, Ordering::Relaxed);
                    },
                    &flag,
                )
            });
            assert!(out.is_none());
            assert_eq!(done.load(Ordering::Relaxed), 64, "one block of 64 runs, then stop");
        });
    }
}
