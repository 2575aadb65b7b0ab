//! `faultline sensitivity`: Morris screening or Sobol indices of one outcome
//! over the uncertainty ranges recorded in the scenario. The work is done by
//! the `policy` crate; this module parses options, times the run and writes
//! the result.

use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, ValueEnum};
use policy::{Method, Outcome, SensitivityConfig};

use crate::common::{self, ModelArgs, Progress};
use crate::ExitStatus;

/// Sensitivity method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// Morris elementary effects (μ*, σ): cheap screening of many parameters.
    Morris,
    /// Sobol first-order and total indices with bootstrap intervals.
    Sobol,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Args)]
#[command(after_help = "Every design point is the scenario with the point's parameter values, run for --replicates \
trajectories with the same seed and run indices at every point (common random numbers); its output is the replicate \
mean of the outcome (a probability for events). Design points: Morris r*(D+1), Sobol N*(D+2) for D parameters. \
Levers, shocks and --set overrides apply to every point; parameters named in --params are then varied over their \
recorded ranges.")]
pub struct SensitivityArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    #[arg(long, value_enum)]
    pub method: MethodArg,
    /// Outcome to analyse, e.g. cross_border_strike, war, attacks_iran, trade_usd_bn.
    #[arg(long)]
    pub outcome: String,
    /// Parameters to vary (comma-separated; default: every uncertain parameter of the scenario).
    #[arg(long, value_name = "NAME,NAME", value_delimiter = ',')]
    pub params: Vec<String>,
    /// Morris trajectories r, or the Sobol base sample size N (a power of two).
    #[arg(long, value_parser = clap::value_parser!(u64).range(2..=1_048_576))]
    pub samples: Option<u64>,
    /// Replicate trajectories per design point.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub replicates: u64,
    /// Horizon in days; the outcome is read on this day.
    #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub days: u32,
    /// Seed of the runs, the design and the bootstrap.
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

pub fn sensitivity(args: SensitivityArgs) -> anyhow::Result<ExitStatus> {
    let (scenario, levers, shocks) = common::resolve(&args.model)?;
    let outcome = Outcome::parse(&args.outcome, &scenario)?;
    let params = policy::select_parameters(&scenario, &args.params)?;
    let (method, default_samples) = match args.method {
        MethodArg::Morris => (Method::Morris, 10),
        MethodArg::Sobol => (Method::Sobol, 256),
    };
    let samples = args.samples.unwrap_or(default_samples) as usize;
    let config = SensitivityConfig::new(method, samples, args.replicates, args.days, args.seed);
    let points = policy::design_points(method, samples, params.len());
    let start = Instant::now();
    let progress = Progress::start(points as u64, "sensitivity");
    let result = common::with_threads(args.threads, || {
        policy::sensitivity(&scenario, &levers, &shocks, &params, &outcome, &config, &|n| progress.tick(n))
    })?;
    progress.finish();
    let result = result?;
    eprintln!(
        "faultline sensitivity: {} over {} parameters, {} design points x {} replicates = {} runs in {:.1} s",
        args.method.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default(),
        params.len(),
        result.design_points,
        result.replicates,
        result.runs,
        start.elapsed().as_secs_f64()
    );
    let text = match args.format {
        Format::Table => policy::render::sensitivity_table(&result),
        Format::Json => serde_json::to_string_pretty(&result)? + "\n",
        Format::Csv => policy::render::sensitivity_csv(&result),
    };
    common::write_output(args.out.as_deref(), &text)?;
    Ok(ExitStatus::Success)
}
