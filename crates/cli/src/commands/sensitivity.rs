//! `faultline sensitivity`: Morris screening or Sobol indices of one outcome
//! over the uncertainty ranges recorded in the scenario. The work is done by
//! the `policy` crate; this module parses options, times the run and writes
//! the result.

use std::time::Instant;

use clap::{Args, ValueEnum};
use policy::{Method, Outcome, SensitivityConfig};

use crate::common::{self, ModelArgs, OutputArgs, OutputFormat, Progress, ResultDestination, RunArgs};
use crate::ExitStatus;

/// Sensitivity method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// Morris elementary effects (μ*, σ): cheap screening of many parameters.
    Morris,
    /// Sobol first-order and total indices with bootstrap intervals.
    Sobol,
}

#[derive(Debug, Clone, Args)]
#[command(after_help = "Every design point is the scenario with the point's parameter values, run for --replicates \
trajectories with the same seed and run indices at every point (common random numbers); its output is the replicate \
mean of the outcome (a probability for events). Design points: Morris r*(D+1), Sobol N*(D+2) for D parameters. \
Levers, shocks and --set overrides apply to every point; parameters named in --params are then varied over their \
recorded ranges.")]
#[command(mut_arg("days", |days| days.help("Horizon in days; the outcome is read on this day")))]
#[command(mut_arg("seed", |seed| seed.help("Seed of the runs, the design and the bootstrap")))]
pub struct SensitivityArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Morris screening (cheap, many parameters) or Sobol indices (first-order and total).
    #[arg(long, value_enum)]
    pub method: MethodArg,
    /// Outcome to analyse, e.g. cross_border_strike or trade_usd_bn; `faultline scenario outcomes` lists the scenario's.
    /// Sobol needs an outcome that varies over the design (an event no run reaches, such as war on the
    /// built-in scenario, is rejected).
    #[arg(long)]
    pub outcome: String,
    /// Parameters to vary (comma-separated; default: every uncertain parameter of the scenario).
    #[arg(long, value_name = "NAME,NAME", value_delimiter = ',')]
    pub params: Vec<String>,
    /// Morris trajectories r, or the Sobol base sample size N (a power of two) (2–1,048,576; default 10 for
    /// Morris, 256 for Sobol).
    #[arg(long, value_parser = crate::common::whole_number::<u64>(2, 1_048_576))]
    pub samples: Option<u64>,
    /// Replicate trajectories per design point (1–1,000,000).
    #[arg(long, default_value_t = 50, value_parser = crate::common::whole_number::<u64>(1, 1_000_000))]
    pub replicates: u64,
    #[command(flatten)]
    pub run: RunArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Evaluate only shard I of N of the design points and write a partial file for
    /// `faultline merge` (docs/scale-out.md).
    #[arg(long, value_name = "I/N", value_parser = super::shard::parse_shard)]
    pub shard: Option<super::shard::Shard>,
}

/// What a sensitivity run is set up from its arguments.
struct Setup {
    scenario: scenario::Scenario,
    levers: scenario::Levers,
    shocks: Vec<scenario::Shock>,
    outcome: Outcome,
    params: Vec<scenario::ParamRef>,
    config: SensitivityConfig,
    points: usize,
}

fn setup(args: &SensitivityArgs) -> anyhow::Result<Setup> {
    if let Some(mode) = args.model.parameters.parameters.filter(|&m| m != common::ParametersArg::Point) {
        anyhow::bail!(
            "--parameters {}: sensitivity varies each parameter over its recorded range by design (a fitted \
             scenario's ranges are its posterior intervals); every run of a design point uses its values (point)",
            engine::ParameterMode::from(mode).name()
        );
    }
    let (scenario, levers, shocks) = common::resolve(&args.model)?;
    let outcome = Outcome::parse(&args.outcome, &scenario)?;
    let params = policy::select_parameters(&scenario, &args.params)?;
    let (method, default_samples) = match args.method {
        MethodArg::Morris => (Method::Morris, 10),
        MethodArg::Sobol => (Method::Sobol, 256),
    };
    let samples = args.samples.unwrap_or(default_samples) as usize;
    let config = SensitivityConfig::new(method, samples, args.replicates, args.run.days, args.run.seed);
    let points = policy::design_points(method, samples, params.len());
    Ok(Setup { scenario, levers, shocks, outcome, params, config, points })
}

fn render(args: &SensitivityArgs, result: &policy::SensitivityResult) -> anyhow::Result<String> {
    Ok(match args.output.format {
        OutputFormat::Table => policy::render::sensitivity_table(result),
        OutputFormat::Json => serde_json::to_string_pretty(result)? + "\n",
        OutputFormat::Csv => policy::render::sensitivity_csv(result),
    })
}

pub fn sensitivity(args: SensitivityArgs) -> anyhow::Result<ExitStatus> {
    let dest = ResultDestination::reserve(args.output.out.as_deref())?;
    let Setup { scenario, levers, shocks, outcome, params, config, points } = setup(&args)?;
    let start = Instant::now();
    if let Some(shard) = args.shard {
        let range = shard.range(points as u64);
        let rows = range.start as usize..range.end as usize;
        let progress = Progress::start(range.end - range.start, "sensitivity shard");
        let outputs = common::with_threads(args.run.threads, || {
            policy::sensitivity_outputs(&scenario, &levers, &shocks, &params, &outcome, &config, rows, &|n| progress.tick(n))
        })??;
        progress.finish();
        let payload = super::shard::Payload::Sensitivity { output_bits: outputs.iter().map(|x| x.to_bits()).collect() };
        return super::shard::write_partial(dest, shard, scenario.hash(), args.run.seed, "design points", range, points as u64, payload);
    }
    let progress = Progress::start(points as u64, "sensitivity");
    let result = common::with_threads(args.run.threads, || {
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
    dest.write(&render(&args, &result)?)?;
    Ok(ExitStatus::Success)
}

/// `faultline merge` of a sensitivity analysis's shards: the design points' outputs
/// concatenated in row order (each is computed on its own, so this is the unsharded
/// output vector bit for bit), then the same indices and bootstrap.
pub fn finish_merged(args: SensitivityArgs, merged: super::shard::Merged, dest: ResultDestination) -> anyhow::Result<ExitStatus> {
    let Setup { scenario, shocks, outcome, params, config, points, .. } = setup(&args)?;
    super::shard::check_rebuilt(&merged, &scenario.hash(), args.run.seed)?;
    let outputs: Vec<f64> = super::shard::payloads_of(merged.payloads, "sensitivity", |p| match p {
        super::shard::Payload::Sensitivity { output_bits } => Some(output_bits),
        _ => None,
    })?
    .into_iter()
    .flatten()
    .map(f64::from_bits)
    .collect();
    if outputs.len() != points {
        anyhow::bail!("the parts hold {} design points, the command's design has {points}", outputs.len());
    }
    let result = policy::sensitivity_from_outputs(&scenario, &shocks, &params, &outcome, &config, outputs)?;
    dest.write(&render(&args, &result)?)?;
    Ok(ExitStatus::Success)
}
