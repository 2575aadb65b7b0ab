//! `faultline forecast`: a Monte Carlo forecast of the built-in or a given scenario.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use engine::RunSpec;
use ensemble::EnsembleConfig;
use model::ModelParams;
use report::{ForecastReport, RunInfo};

use crate::common::{self, ModelArgs, Progress};
use crate::ExitStatus;

/// Output format of a forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Args)]
pub struct ForecastArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Number of Monte Carlo runs.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub runs: u64,
    /// Horizon in days.
    #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub days: u32,
    /// Master seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (0 = all cores). The output does not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Runs the ensemble described by the model arguments and returns the report.
pub fn build_report(model: &ModelArgs, runs: u64, days: u32, seed: u64, threads: usize) -> anyhow::Result<ForecastReport> {
    let (scenario, levers, shocks) = common::resolve(model)?;
    for shock in &shocks {
        if shock.day > days {
            anyhow::bail!("shock `{}` is on day {}, after the horizon of {days} days", shock.spec(&scenario), shock.day);
        }
    }
    let params = ModelParams::new(&scenario, &levers);
    let checkpoints = ensemble::standard_checkpoints(days);
    let spec = RunSpec {
        params: &params,
        shocks: &shocks,
        days,
        checkpoints: &checkpoints,
        episode_gap_days: scenario.definitions.episode_gap_days,
        exchange_window_days: scenario.definitions.exchange_window_days,
    };
    let config = EnsembleConfig { runs, seed };
    let progress = Progress::start(runs, "forecast");
    let acc = common::with_threads(threads, || ensemble::run(&spec, &config, &|n| progress.tick(n)))?;
    progress.finish();
    let info = RunInfo { scenario: &scenario, levers: &levers, shocks: &shocks, seed, version: common::VERSION };
    Ok(ForecastReport::build(&acc, &info))
}

pub fn forecast(args: ForecastArgs) -> anyhow::Result<ExitStatus> {
    let report = build_report(&args.model, args.runs, args.days, args.seed, args.threads)?;
    let text = match args.format {
        Format::Table => report::render_table(&report),
        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
        Format::Csv => report::render_csv(&report),
    };
    common::write_output(args.out.as_deref(), &text)?;
    Ok(ExitStatus::Success)
}
