//! `faultline backtest`: forecasts from past origins scored against what followed.

use std::path::PathBuf;

use clap::Args;

use super::events::{load_events, parse_date};
use crate::common::{self, ModelArgs, ResultDestination, TableOrJson};
use crate::ExitStatus;

#[derive(Debug, Clone, Args)]
pub struct BacktestArgs {
    /// Native events file (or built-in chronology).
    #[arg(long, value_name = "FILE")]
    pub events: String,
    /// Built-in scenario name or scenario TOML file (e.g. the output of `faultline calibrate`).
    #[arg(long, default_value = common::DEFAULT_SCENARIO)]
    pub scenario: String,
    /// Override a scenario parameter, NAME=VALUE (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub sets: Vec<String>,
    #[command(flatten)]
    pub parameters: common::ParameterArgs,
    /// First forecast origin.
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// Last possible origin.
    #[arg(long, value_name = "DATE")]
    pub to: String,
    /// Spacing of the origins, e.g. 30d.
    #[arg(long, default_value = "30d")]
    pub every: String,
    /// Forecast window after each origin, e.g. 30d.
    #[arg(long, default_value = "30d")]
    pub horizon: String,
    /// Monte Carlo runs per origin (1–1,000,000).
    #[arg(long, default_value_t = 1000, value_parser = crate::common::whole_number::<u64>(1, 1_000_000))]
    pub runs: u64,
    /// Master seed (0–18446744073709551615).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (0 = all cores). The output does not depend on it.
    #[arg(long, default_value_t = 0, value_parser = common::parse_threads)]
    pub threads: usize,
    /// Bins of the reliability table.
    #[arg(long, default_value_t = 5)]
    pub bins: usize,
    /// Last day the data cover (default: the last event).
    #[arg(long, value_name = "DATE")]
    pub data_end: Option<String>,
    /// Estimate insurgent capacity from this many days of attacks before each origin (0 = off).
    #[arg(long, value_name = "DAYS", default_value_t = 0)]
    pub level_window: u32,
    /// Output format: a table for people, or JSON (docs/formats.md).
    #[arg(long, value_enum, default_value_t)]
    pub format: TableOrJson,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Forecast only shard I of N of the origins and write a partial file for
    /// `faultline merge` (docs/scale-out.md).
    #[arg(long, value_name = "I/N", value_parser = super::shard::parse_shard)]
    pub shard: Option<super::shard::Shard>,
}

/// Parses `30d` or `30` as a number of days.
pub fn parse_days(s: &str, option: &str) -> anyhow::Result<u32> {
    let t = s.trim();
    let digits = t.strip_suffix('d').unwrap_or(t);
    match digits.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => anyhow::bail!("{option}: `{s}` is not a number of days; expected e.g. 30d"),
    }
}

/// The scenario, levers, events and configuration of a `backtest` command.
struct Setup {
    scenario: scenario::Scenario,
    levers: scenario::Levers,
    events: Vec<events::Event>,
    config: backtest::BacktestConfig,
}

fn setup(args: &BacktestArgs) -> anyhow::Result<Setup> {
    let model = ModelArgs { scenario: args.scenario.clone(), levers: Vec::new(), shocks: Vec::new(), sets: args.sets.clone(), parameters: args.parameters };
    let (scenario, levers, _) = common::resolve(&model)?;
    let evs = load_events(&args.events, &events::Dyad::from_scenario(&scenario))?;
    if evs.is_empty() {
        anyhow::bail!(
            "--events {}: the file holds no dated events; a backtest needs the record its origins start from and its windows are scored against",
            args.events
        );
    }
    let config = backtest::BacktestConfig {
        from: parse_date(&args.from, "--from")?,
        to: parse_date(&args.to, "--to")?,
        every_days: parse_days(&args.every, "--every")?,
        horizon_days: parse_days(&args.horizon, "--horizon")?,
        runs: args.runs,
        seed: args.seed,
        bins: args.bins,
        data_end: args.data_end.as_deref().map(|s| parse_date(s, "--data-end")).transpose()?,
        level_window_days: args.level_window,
    };
    Ok(Setup { scenario, levers, events: evs, config })
}

/// What the shards of a backtest must agree on besides the command line: the scenario and the events.
fn job_hash(setup: &Setup) -> String {
    super::shard::job_hash(&[setup.scenario.hash(), events::to_native_string(&setup.events, &events::Dyad::from_scenario(&setup.scenario))])
}

fn render(args: &BacktestArgs, report: &backtest::BacktestReport) -> anyhow::Result<String> {
    Ok(match args.format {
        TableOrJson::Table => backtest::render_backtest_table(report),
        TableOrJson::Json => serde_json::to_string_pretty(report)? + "\n",
    })
}

pub fn backtest(args: BacktestArgs) -> anyhow::Result<ExitStatus> {
    let dest = ResultDestination::reserve(args.out.as_deref())?;
    let setup = setup(&args)?;
    let hash = job_hash(&setup);
    let Setup { scenario, levers, events, config } = setup;
    let plan = backtest::plan_backtest(&events, &scenario, &levers, &config)?;
    let origins = plan.origin_count();
    let range = args.shard.map_or(0..origins, |shard| shard.range(origins));
    let forecasts = common::with_threads(args.threads, || plan.forecast_origins(range.clone(), &|_| {}))?;
    if let Some(shard) = args.shard {
        let payload = super::shard::Payload::Backtest { origins: forecasts };
        return super::shard::write_partial(dest, shard, hash, args.seed, "origins", range, origins, payload);
    }
    dest.write(&render(&args, &plan.finish(forecasts)?)?)?;
    Ok(ExitStatus::Success)
}

/// `faultline merge` of a backtest's shards: the origins' forecasts concatenated in
/// origin order (each origin is simulated on its own), then the same scores.
pub fn finish_merged(args: BacktestArgs, merged: super::shard::Merged, dest: ResultDestination) -> anyhow::Result<ExitStatus> {
    let setup = setup(&args)?;
    super::shard::check_rebuilt(&merged, &job_hash(&setup), args.seed)?;
    let Setup { scenario, levers, events, config } = setup;
    let plan = backtest::plan_backtest(&events, &scenario, &levers, &config)?;
    let forecasts: Vec<_> = super::shard::payloads_of(merged.payloads, "backtest", |p| match p {
        super::shard::Payload::Backtest { origins } => Some(origins),
        _ => None,
    })?
    .into_iter()
    .flatten()
    .collect();
    dest.write(&render(&args, &plan.finish(forecasts)?)?)?;
    Ok(ExitStatus::Success)
}
