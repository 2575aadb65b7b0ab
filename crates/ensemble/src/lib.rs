//! The ensemble: many trajectories in parallel, reduced to summary statistics.
//!
//! Runs are spread over rayon's pool. Each run's outcome is folded into an
//! [`Accumulator`] made only of integer counters (event hits, fixed-width
//! histograms of counts, trade and tension, rung tallies). Integer addition is
//! exact and associative, so the summary is bit-identical whatever the number
//! of threads or the way rayon splits the work; and memory stays bounded: it
//! does not grow with the number of runs.
//!
//! [`for_each_outcome`] serves paired analyses (common random numbers): it
//! runs blocks in parallel and hands outcomes to the caller strictly in run
//! order, so floating-point statistics accumulated by the caller are
//! reproducible too.

pub mod daily;
mod stats;

use engine::{EventKind, RunOutcome, RunSpec, N_EVENTS};
use model::RUNGS;
use rayon::prelude::*;

pub use stats::{quantile_from_counts, wilson_interval, Histogram};

/// Width of a tension histogram bin (tension points).
pub const TENSION_BIN: f64 = 0.25;
/// Number of tension bins; the last one collects everything above.
pub const TENSION_BINS: usize = 256;
/// Width of a trade histogram bin (billion USD per year).
pub const TRADE_BIN: f64 = 0.01;
/// Number of trade bins; the last one collects everything above.
pub const TRADE_BINS: usize = 6000;

/// How many runs, how long, which seed.
#[derive(Clone, Debug)]
pub struct EnsembleConfig {
    pub runs: u64,
    pub seed: u64,
}

/// Integer-only running totals of an ensemble. Serializable, so that the totals of
/// a shard of the runs can be written to a file and summed with the other shards'
/// ([`Accumulator::merge`] is exact), which gives the unsharded totals bit for bit.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Accumulator {
    pub runs: u64,
    pub days: u32,
    pub checkpoints: Vec<u32>,
    /// hits[event][checkpoint]: runs in which the event happened by the checkpoint.
    pub hits: Vec<Vec<u64>>,
    /// Runs in which the event happened by each day (for probability curves).
    pub first_day_counts: Vec<Vec<u64>>,
    pub attacks: Vec<[Histogram; 2]>,
    pub deaths: Vec<[Histogram; 2]>,
    pub trade: Vec<Vec<u64>>,
    /// tension[day][bin].
    pub tension: Vec<Vec<u32>>,
    /// rung[day][rung].
    pub rung: Vec<[u64; RUNGS]>,
    pub action_totals: [[u64; model::N_ACTIONS]; 2],
    /// Runs whose first crisis episode led to war, and its length histogram.
    pub episodes: u64,
    pub episodes_war: u64,
    pub episode_days: Histogram,
    /// Runs with a strike exchange, and of those the runs that reached war.
    pub exchanges: u64,
    pub exchanges_war: u64,
    /// Runs whose first strike was by each state alone (a same-day first strike by both counts in neither).
    pub first_strike_by: [u64; 2],
}

impl Accumulator {
    /// An empty accumulator for runs of `days` days with these checkpoints.
    pub fn new(days: u32, checkpoints: &[u32]) -> Accumulator {
        let n_check = checkpoints.len();
        Accumulator {
            runs: 0,
            days,
            checkpoints: checkpoints.to_vec(),
            hits: vec![vec![0; n_check]; N_EVENTS],
            first_day_counts: vec![vec![0; days as usize + 1]; N_EVENTS],
            attacks: (0..n_check).map(|_| [Histogram::default(), Histogram::default()]).collect(),
            deaths: (0..n_check).map(|_| [Histogram::default(), Histogram::default()]).collect(),
            trade: vec![vec![0; TRADE_BINS]; n_check],
            tension: vec![vec![0; TENSION_BINS]; days as usize],
            rung: vec![[0; RUNGS]; days as usize],
            action_totals: [[0; model::N_ACTIONS]; 2],
            episodes: 0,
            episodes_war: 0,
            episode_days: Histogram::default(),
            exchanges: 0,
            exchanges_war: 0,
            first_strike_by: [0; 2],
        }
    }

    /// Adds several runs (the same counts as adding them one by one). The daily
    /// histograms are filled day by day across the block, so each day's row is
    /// fetched into the cache once per block rather than once per run.
    pub fn add_block(&mut self, outs: &[RunOutcome]) {
        for out in outs {
            self.add_totals(out);
        }
        let days = outs.iter().map(|o| o.tension.len().min(o.rung.len())).max().unwrap_or(0);
        for day in 0..days.min(self.tension.len()) {
            let (tension, rung) = (&mut self.tension[day], &mut self.rung[day]);
            for out in outs {
                if let (Some(&t), Some(&r)) = (out.tension.get(day), out.rung.get(day)) {
                    let bin = ((t as f64 / TENSION_BIN).max(0.0) as usize).min(TENSION_BINS - 1);
                    tension[bin] += 1;
                    rung[r as usize] += 1;
                }
            }
        }
    }

    /// Adds everything of one run but its daily tension and rung.
    fn add_totals(&mut self, out: &RunOutcome) {
        self.runs += 1;
        for event in EventKind::ALL {
            let d = out.first_day[event.index()];
            if d > 0 {
                self.first_day_counts[event.index()][d as usize] += 1;
                for (c, &check) in self.checkpoints.iter().enumerate() {
                    if d <= check {
                        self.hits[event.index()][c] += 1;
                    }
                }
            }
        }
        for c in 0..self.checkpoints.len() {
            for side in 0..2 {
                self.attacks[c][side].add(out.attacks[c][side] as u64);
                self.deaths[c][side].add(out.deaths[c][side] as u64);
            }
            let bin = ((out.trade[c] / TRADE_BIN).max(0.0) as usize).min(TRADE_BINS - 1);
            self.trade[c][bin] += 1;
        }
        for side in 0..2 {
            for k in 0..model::N_ACTIONS {
                self.action_totals[side][k] += out.action_counts[side][k] as u64;
            }
        }
        if out.first_episode_days > 0 {
            self.episodes += 1;
            self.episode_days.add(out.first_episode_days as u64);
            if out.first_episode_war {
                self.episodes_war += 1;
            }
        }
        let first = |e: EventKind| match out.first_day[e.index()] {
            0 => u32::MAX,
            d => d,
        };
        let (by_first, by_second) = (first(EventKind::StrikeByFirst), first(EventKind::StrikeBySecond));
        if by_first < by_second {
            self.first_strike_by[0] += 1;
        } else if by_second < by_first {
            self.first_strike_by[1] += 1;
        }
        if out.first_day[EventKind::StrikeExchange.index()] > 0 {
            self.exchanges += 1;
            if out.first_day[EventKind::War.index()] > 0 {
                self.exchanges_war += 1;
            }
        }
    }

    /// Adds another accumulator (exact; order does not matter).
    pub fn merge(mut self, other: Accumulator) -> Accumulator {
        self.runs += other.runs;
        for (a, b) in self.hits.iter_mut().zip(&other.hits) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for (a, b) in self.first_day_counts.iter_mut().zip(&other.first_day_counts) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for (a, b) in self.attacks.iter_mut().zip(&other.attacks) {
            a[0].merge(&b[0]);
            a[1].merge(&b[1]);
        }
        for (a, b) in self.deaths.iter_mut().zip(&other.deaths) {
            a[0].merge(&b[0]);
            a[1].merge(&b[1]);
        }
        for (a, b) in self.trade.iter_mut().zip(&other.trade) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for (a, b) in self.tension.iter_mut().zip(&other.tension) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for (a, b) in self.rung.iter_mut().zip(&other.rung) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for side in 0..2 {
            for k in 0..model::N_ACTIONS {
                self.action_totals[side][k] += other.action_totals[side][k];
            }
        }
        self.episodes += other.episodes;
        self.episodes_war += other.episodes_war;
        self.episode_days.merge(&other.episode_days);
        self.exchanges += other.exchanges;
        self.exchanges_war += other.exchanges_war;
        self.first_strike_by[0] += other.first_strike_by[0];
        self.first_strike_by[1] += other.first_strike_by[1];
        self
    }

    /// Fraction of runs in which `event` happened by checkpoint `c`.
    pub fn probability(&self, event: EventKind, c: usize) -> f64 {
        self.hits[event.index()][c] as f64 / self.runs.max(1) as f64
    }

    /// Quantile `q` of tension on day index `day` (0 = day 1), interpolated within its bin.
    pub fn tension_quantile(&self, day: usize, q: f64) -> f64 {
        quantile_from_counts(&self.tension[day], q, TENSION_BIN)
    }

    /// Quantile `q` of trade at checkpoint `c`.
    pub fn trade_quantile(&self, c: usize, q: f64) -> f64 {
        quantile_from_counts(&self.trade[c], q, TRADE_BIN)
    }
}

/// Runs the ensemble. `progress` is called with the number of runs just finished.
pub fn run(spec: &RunSpec<'_>, config: &EnsembleConfig, progress: &(dyn Fn(u64) + Sync)) -> Accumulator {
    run_range(spec, config.seed, 0..config.runs, progress)
}

/// Runs the runs `range` of the ensemble with master seed `seed` (run `r` uses stream
/// `r`, as in [`run`]). The accumulators of disjoint ranges that cover `0..runs`,
/// merged in any order, equal `run`'s over `runs` runs exactly.
pub fn run_range(spec: &RunSpec<'_>, seed: u64, range: std::ops::Range<u64>, progress: &(dyn Fn(u64) + Sync)) -> Accumulator {
    const BLOCK: u64 = 64;
    let (first, runs) = (range.start, range.end.saturating_sub(range.start));
    let n_blocks = runs.div_ceil(BLOCK);
    let config = EnsembleConfig { runs: first + runs, seed };
    (0..n_blocks)
        .into_par_iter()
        .fold(
            || Accumulator::new(spec.days, spec.checkpoints),
            |mut acc, block| {
                let start = first + block * BLOCK;
                let end = (start + BLOCK).min(config.runs);
                let mut outcomes = Vec::with_capacity(BLOCK as usize);
                engine::run_outcomes(spec, config.seed, start, end - start, &mut outcomes);
                acc.add_block(&outcomes);
                progress(end - start);
                acc
            },
        )
        .reduce_with(|a, b| a.merge(b))
        .unwrap_or_else(|| Accumulator::new(spec.days, spec.checkpoints))
}

/// Runs `runs` trajectories of several arms with common random numbers and hands
/// the outcomes of each run index, one per arm, to `visit` in run order.
///
/// Blocks of runs are simulated in parallel; `visit` is called sequentially,
/// so statistics it accumulates do not depend on the number of threads.
pub fn for_each_outcome(
    arms: &[RunSpec<'_>],
    config: &EnsembleConfig,
    progress: &(dyn Fn(u64) + Sync),
    visit: impl FnMut(u64, &[RunOutcome]),
) {
    for_each_outcome_in(arms, config.seed, 0..config.runs, progress, visit);
}

/// The fewest runs in a reduction block (see [`reduction_blocks`]).
pub const MIN_REDUCTION_BLOCK: u64 = 1024;
/// The most reduction blocks a job is cut into.
pub const MAX_REDUCTION_BLOCKS: u64 = 256;

/// How `runs` runs are cut into the fixed blocks that streaming statistics are
/// reduced over: `(block size, number of blocks)`. The size is at least
/// [`MIN_REDUCTION_BLOCK`] runs and grows so that there are at most
/// [`MAX_REDUCTION_BLOCKS`] blocks; it depends on `runs` only, never on threads
/// or shards. A statistic accumulated block by block and folded in block order
/// is therefore the same whether the blocks ran in one process or in shards.
pub fn reduction_blocks(runs: u64) -> (u64, u64) {
    let size = runs.div_ceil(MAX_REDUCTION_BLOCKS).max(MIN_REDUCTION_BLOCK);
    (size, runs.div_ceil(size))
}

/// The runs that the reduction blocks `blocks` of `runs` runs cover (blocks past the
/// last are empty).
pub fn reduction_block_runs(runs: u64, blocks: std::ops::Range<u64>) -> std::ops::Range<u64> {
    let (size, _) = reduction_blocks(runs);
    let at = |b: u64| b.saturating_mul(size).min(runs);
    at(blocks.start)..at(blocks.end).max(at(blocks.start))
}

/// Like [`for_each_outcome`] over the reduction blocks `blocks` of `config.runs`
/// runs (see [`reduction_blocks`]): each block starts from `new_block()` and
/// sees its runs in order; the blocks' states are returned in block order.
pub fn for_each_outcome_by_block<S>(
    arms: &[RunSpec<'_>],
    config: &EnsembleConfig,
    blocks: std::ops::Range<u64>,
    progress: &(dyn Fn(u64) + Sync),
    new_block: impl Fn() -> S,
    mut visit: impl FnMut(&mut S, u64, &[RunOutcome]),
) -> Vec<S> {
    let (_, count) = reduction_blocks(config.runs);
    (blocks.start.min(count)..blocks.end.min(count))
        .map(|b| {
            let mut state = new_block();
            let runs = reduction_block_runs(config.runs, b..b + 1);
            for_each_outcome_in(arms, config.seed, runs, progress, |r, outs| visit(&mut state, r, outs));
            state
        })
        .collect()
}

/// [`for_each_outcome`] over the runs `runs` of an ensemble with master seed `seed`.
pub fn for_each_outcome_in(
    arms: &[RunSpec<'_>],
    seed: u64,
    runs: std::ops::Range<u64>,
    progress: &(dyn Fn(u64) + Sync),
    mut visit: impl FnMut(u64, &[RunOutcome]),
) {
    if arms.is_empty() {
        return;
    }
    let config = EnsembleConfig { runs: runs.end, seed };
    let block = (rayon::current_num_threads() as u64 * 64).max(64);
    let mut start = runs.start;
    while start < config.runs {
        let end = (start + block).min(config.runs);
        // Groups of `engine::LANES` runs in parallel; per group, each arm's outcomes.
        let lanes = engine::LANES as u64;
        let groups: Vec<Vec<Vec<RunOutcome>>> = (start..end)
            .step_by(engine::LANES)
            .collect::<Vec<u64>>()
            .into_par_iter()
            .map(|first| {
                let count = lanes.min(end - first);
                let per_arm = arms
                    .iter()
                    .map(|spec| {
                        let mut outs = Vec::with_capacity(count as usize);
                        engine::run_outcomes(spec, config.seed, first, count, &mut outs);
                        outs
                    })
                    .collect();
                progress(count);
                per_arm
            })
            .collect();
        let mut run_idx = start;
        for per_arm in groups {
            let count = per_arm[0].len();
            let mut arm_outcomes: Vec<_> = per_arm.into_iter().map(Vec::into_iter).collect();
            for _ in 0..count {
                let outs: Vec<RunOutcome> = arm_outcomes
                    .iter_mut()
                    .map(|it| it.next().expect("every arm ran the group's runs"))
                    .collect();
                visit(run_idx, &outs);
                run_idx += 1;
            }
        }
        debug_assert_eq!(run_idx, end);
        start = end;
    }
}

pub use engine::standard_checkpoints;

#[cfg(test)]
mod tests;
