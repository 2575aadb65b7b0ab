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
    /// Run only shard I of N of the runs and write a partial file for `faultline merge`
    /// (docs/scale-out.md).
    #[arg(long, value_name = "I/N", value_parser = super::shard::parse_shard)]
    pub shard: Option<super::shard::Shard>,
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

/// The experiment described by the model arguments, starting from the state rebuilt
/// from observed events when `as_of` is given.
fn experiment_as_of(model: &ModelArgs, days: u32, as_of: Option<&AsOf<'_>>) -> anyhow::Result<engine::Experiment> {
    let mut builder = common::experiment(model)?;
    if let Some(a) = as_of {
        let (scenario, levers, _) = builder.clone().into_parts();
        let h = backtest::history_state(a.events, a.date, &scenario, &levers, a.level_window_days)?;
        eprint!("{}", h.describe());
        builder = builder.starting_from(h.state(), &a.date.to_string());
    }
    Ok(builder.build(days)?)
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
    let experiment = experiment_as_of(model, days, as_of)?;
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

/// The built-in chronology of a scenario named like a built-in dyad, and its day 0.
pub fn builtin_record(sc: &scenario::Scenario) -> Option<(Vec<events::Event>, events::Date)> {
    let evs = events::builtin_chronology(&sc.meta.name, &events::Dyad::from_scenario(sc))?.ok()?;
    let day0 = super::events::parse_date(&sc.meta.start_date, "meta.start_date").ok()?;
    Some((evs, day0))
}

/// The forecast's binary outcomes pooled with the base rates of the record before
/// `origin`, with the weights of the shipped evaluation (`docs/backtest.md`,
/// "Combined with the base rate"); `None` when either is missing.
pub fn combined_with_record(
    sc: &scenario::Scenario,
    record: &[events::Event],
    origin: events::Date,
    label: &str,
    report: &ForecastReport,
) -> Option<report::CombinedForecast> {
    let shipped = report::fit::shipped_combination_weights()?;
    let weights = learn::CombinationWeights { attacks: shipped.attacks, state_actions: shipped.state_actions };
    let dyad = learn::DyadEvents { scenario: sc.clone(), events: record.to_vec(), label: label.to_string() };
    let rates = learn::record_base_rates(&dyad, origin, 1)?;
    let first = origin.add_days(-(rates.first()?.record_days as i32));
    let mut outcomes = Vec::new();
    for rate in rates {
        let Some(model) = report.probabilities.iter().find(|p| p.name == rate.name) else { continue };
        let by_day = model
            .by_day
            .iter()
            .map(|at| {
                let m = (at.runs_with_event as f64 + 0.5) / (report.runs as f64 + 1.0);
                let base = calibrate::rate_probability(rate.events, f64::from(rate.record_days), f64::from(at.day)).expect("a record before the origin");
                report::CombinedAt { day: at.day, model: m, base_rate: base, p: weights.combine(&rate.name, m, base) }
            })
            .collect();
        outcomes.push(report::CombinedOutcome {
            name: rate.name.clone(),
            model_weight: weights.weight(&rate.name),
            record_events: rate.events,
            record_days: rate.record_days,
            by_day,
        });
    }
    Some(report::CombinedForecast {
        record: format!("{label}, {first} to {}", origin.add_days(-1)),
        weights_source: "learnt from every dyad's leave-one-dyad-out forecasts, docs/backtest.md".into(),
        outcomes,
    })
}

/// The events file and date of `--events`/`--as-of`, loaded.
fn load_as_of(args: &ForecastArgs) -> anyhow::Result<Option<(Vec<events::Event>, events::Date)>> {
    Ok(match (&args.events, &args.as_of) {
        (Some(file), Some(date)) => {
            // The events name the scenario's states and groups (`--set` changes no id).
            let dyad = events::Dyad::from_scenario(&common::load_scenario(&args.model.scenario)?);
            Some((super::events::load_events(file, &dyad)?, super::events::parse_date(date, "--as-of")?))
        }
        _ => None,
    })
}

/// The report in the chosen format, with the combined forecast at the status quo.
fn finish(args: &ForecastArgs, loaded: Option<&(Vec<events::Event>, events::Date)>, mut report: ForecastReport) -> anyhow::Result<String> {
    // The weights were learnt on status-quo forecasts: a what-if keeps the model's own.
    if args.model.levers.is_empty() && args.model.shocks.is_empty() {
        let sc = common::load_scenario(&args.model.scenario)?;
        report.combined = match loaded {
            Some((evs, date)) => combined_with_record(&sc, evs, *date, &format!("{} before {date}", args.events.as_deref().unwrap_or("")), &report),
            None => builtin_record(&sc).and_then(|(evs, day0)| combined_with_record(&sc, &evs, day0, &format!("built-in chronology {}", sc.meta.name), &report)),
        };
    }
    Ok(match args.output.format {
        OutputFormat::Table => report::render_table(&report),
        OutputFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        OutputFormat::Csv => report::render_csv(&report),
    })
}

pub fn forecast(args: ForecastArgs) -> anyhow::Result<ExitStatus> {
    let dest = ResultDestination::reserve(args.output.out.as_deref())?;
    let loaded = load_as_of(&args)?;
    let as_of = loaded.as_ref().map(|(evs, date)| AsOf { events: evs, date: *date, level_window_days: args.level_window });
    if let Some(shard) = args.shard {
        let experiment = experiment_as_of(&args.model, args.run.days, as_of.as_ref())?;
        if !args.allow_long_run {
            check_workload(&experiment, args.runs)?;
        }
        let range = shard.range(args.runs);
        let progress = Progress::start(range.end - range.start, "forecast shard");
        let spec = experiment.spec();
        let acc = common::with_threads(args.run.threads, || ensemble::run_range(&spec, args.run.seed, range.clone(), &|n| progress.tick(n)))?;
        progress.finish();
        let payload = super::shard::Payload::Forecast { accumulator: Box::new(acc) };
        return super::shard::write_partial(dest, shard, experiment.scenario().hash(), args.run.seed, "runs", range, args.runs, payload);
    }
    let report = build_report_as_of(
        &args.model,
        args.runs,
        args.run.days,
        args.run.seed,
        args.run.threads,
        as_of.as_ref(),
        args.allow_long_run,
    )?;
    let text = finish(&args, loaded.as_ref(), report)?;
    dest.write(&text)?;
    Ok(ExitStatus::Success)
}

/// `faultline merge` of a forecast's shards: the integer totals summed (exact, in any
/// order), then the report the unsharded run would have written.
pub fn finish_merged(args: ForecastArgs, merged: super::shard::Merged, dest: ResultDestination) -> anyhow::Result<ExitStatus> {
    let loaded = load_as_of(&args)?;
    let as_of = loaded.as_ref().map(|(evs, date)| AsOf { events: evs, date: *date, level_window_days: args.level_window });
    let experiment = experiment_as_of(&args.model, args.run.days, as_of.as_ref())?;
    super::shard::check_rebuilt(&merged, &experiment.scenario().hash(), args.run.seed)?;
    let mut total: Option<ensemble::Accumulator> = None;
    let accumulators = super::shard::payloads_of(merged.payloads, "forecast", |p| match p {
        super::shard::Payload::Forecast { accumulator } => Some(accumulator),
        _ => None,
    })?;
    for accumulator in accumulators {
        if accumulator.days != args.run.days {
            anyhow::bail!("a partial file covers {} days, its command {}", accumulator.days, args.run.days);
        }
        total = Some(match total {
            None => *accumulator,
            Some(t) => t.merge(*accumulator),
        });
    }
    let acc = total.expect("at least one part");
    if acc.runs != args.runs {
        anyhow::bail!("the parts hold {} runs, the command asked for {}", acc.runs, args.runs);
    }
    let info = RunInfo::of(&experiment, args.run.seed, common::VERSION);
    let text = finish(&args, loaded.as_ref(), ForecastReport::build(&acc, &info))?;
    dest.write(&text)?;
    Ok(ExitStatus::Success)
}
