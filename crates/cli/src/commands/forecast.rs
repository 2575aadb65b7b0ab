//! `faultline forecast`: a Monte Carlo forecast of the built-in or a given scenario.

use clap::Args;
use ensemble::EnsembleConfig;
use report::{ForecastReport, RunInfo};

use crate::common::{self, ModelArgs, OutputArgs, OutputFormat, Progress, ResultDestination, RunArgs};
use crate::ExitStatus;

#[derive(Debug, Clone, Args)]
pub struct ForecastArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Number of Monte Carlo runs (1–10,000,000).
    #[arg(long, default_value_t = 10_000, value_parser = crate::common::whole_number::<u64>(1, 10_000_000))]
    pub runs: u64,
    #[command(flatten)]
    pub run: RunArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Start from the situation recorded in this events file (native CSV or a built-in chronology).
    #[arg(long, value_name = "FILE", requires = "as_of")]
    pub events: Option<String>,
    /// First forecast day: the state is rebuilt from the events dated before it (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "events")]
    pub as_of: Option<String>,
    /// Also estimate insurgent capacity from the attacks of this many days before --as-of (0 = off;
    /// only for data that record every attack).
    #[arg(long, value_name = "DAYS", default_value_t = 0, requires = "events")]
    pub level_window: u32,
    /// Run even when the estimated work (runs × days and the expected attacks of the parameters)
    /// is over the limit of about ten minutes on two cores.
    #[arg(long)]
    pub allow_long_run: bool,
}

/// Largest estimated work `forecast` starts without `--allow-long-run`, in run-day
/// equivalents (`engine::Workload::units`): about ten minutes of two cores.
pub const MAX_WORK_WITHOUT_OVERRIDE: f64 = 4e9;

/// Refuses an experiment whose estimated work is over [`MAX_WORK_WITHOUT_OVERRIDE`].
pub fn check_workload(experiment: &engine::Experiment, runs: u64) -> anyhow::Result<()> {
    let work = engine::Workload::of(experiment, runs);
    if work.units() > MAX_WORK_WITHOUT_OVERRIDE {
        anyhow::bail!(
            "estimated work {:.3e} run-day equivalents (--runs {runs} × --days {}, about {:.0} expected attacks a day from the background rates and branching ratios of the scenario and --set) is over the limit of {:.0e} (about ten minutes on two cores); lower --runs, --days or the attack rates, or pass --allow-long-run",
            work.units(),
            experiment.days(),
            work.attacks_per_day(),
            MAX_WORK_WITHOUT_OVERRIDE
        );
    }
    Ok(())
}

/// The observed history a forecast starts from.
pub struct AsOf<'a> {
    pub events: &'a [events::Event],
    pub date: events::Date,
    pub level_window_days: u32,
}

/// Runs the ensemble described by the model arguments and returns the report, starting
/// from the state rebuilt from observed events when `as_of` is given. Unless
/// `allow_long_run`, refuses an ensemble whose estimated work is over [`MAX_WORK_WITHOUT_OVERRIDE`].
pub fn build_report_as_of(
    model: &ModelArgs,
    runs: u64,
    days: u32,
    seed: u64,
    threads: usize,
    as_of: Option<&AsOf<'_>>,
    allow_long_run: bool,
) -> anyhow::Result<ForecastReport> {
    let mut builder = common::experiment(model)?;
    if let Some(a) = as_of {
        let (scenario, levers, _) = builder.clone().into_parts();
        let h = backtest::history_state(a.events, a.date, &scenario, &levers, a.level_window_days)?;
        eprint!("{}", h.describe());
        builder = builder.starting_from(h.state(), &a.date.to_string());
    }
    let experiment = builder.build(days)?;
    if !allow_long_run {
        check_workload(&experiment, runs)?;
    }
    let spec = experiment.spec();
    let config = EnsembleConfig { runs, seed };
    let progress = Progress::start(runs, "forecast");
    let acc = common::with_threads(threads, || ensemble::run(&spec, &config, &|n| progress.tick(n)))?;
    progress.finish();
    let info = RunInfo::of(&experiment, seed, common::VERSION);
    Ok(ForecastReport::build(&acc, &info))
}

pub fn forecast(args: ForecastArgs) -> anyhow::Result<ExitStatus> {
    let dest = ResultDestination::reserve(args.output.out.as_deref())?;
    let loaded = match (&args.events, &args.as_of) {
        (Some(file), Some(date)) => {
            // The events name the scenario's states and groups (`--set` changes no id).
            let dyad = events::Dyad::from_scenario(&common::load_scenario(&args.model.scenario)?);
            Some((super::events::load_events(file, &dyad)?, super::events::parse_date(date, "--as-of")?))
        }
        _ => None,
    };
    let as_of = loaded.as_ref().map(|(evs, date)| AsOf { events: evs, date: *date, level_window_days: args.level_window });
    let report = build_report_as_of(
        &args.model,
        args.runs,
        args.run.days,
        args.run.seed,
        args.run.threads,
        as_of.as_ref(),
        args.allow_long_run,
    )?;
    let text = match args.output.format {
        OutputFormat::Table => report::render_table(&report),
        OutputFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        OutputFormat::Csv => report::render_csv(&report),
    };
    dest.write(&text)?;
    Ok(ExitStatus::Success)
}
