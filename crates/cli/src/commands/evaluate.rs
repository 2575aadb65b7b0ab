//! `faultline evaluate`: the model's monthly forecasts over the reference class of
//! dyads, scored against the long-record climatology, the reference-class base
//! rate and persistence (`docs/backtest.md`, "Reference-class evaluation").

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::events::parse_date;
use crate::ExitStatus;
use crate::common;

/// Which parameters the model forecasts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FittingArg {
    /// The scenarios as written.
    Prior,
    /// For each dyad, the decision layer fitted on the other dyads' records.
    Lodo,
    /// The decision layer fitted on every dyad's record before each origin's year.
    Rolling,
    /// The lodo forecast pooled with the dyad's long-record base rate, with weights
    /// learnt out of sample from the other dyads.
    LodoCombined,
}

#[derive(Debug, Clone, Args)]
pub struct EvaluateArgs {
    /// A dyad: NAME (a built-in scenario and its chronology) or SCENARIO=EVENTS. Repeat;
    /// default: the three built-in dyads.
    #[arg(long, value_name = "NAME|SCENARIO=EVENTS")]
    pub dyad: Vec<String>,
    /// How the model's parameters are set; repeat to compare (default: prior and lodo).
    #[arg(long, value_enum)]
    pub fitting: Vec<FittingArg>,
    /// First origin (origins are month starts).
    #[arg(long, default_value = "2010-01-01", value_name = "DATE")]
    pub from: String,
    /// Last day of the record; no window runs past it (default: the day before the first scenario's day 0).
    #[arg(long, value_name = "DATE")]
    pub record_end: Option<String>,
    /// Monte Carlo runs per origin (1–100,000).
    #[arg(long, default_value_t = 400, value_parser = crate::common::whole_number::<u64>(1, 100_000))]
    pub runs: u64,
    /// Master seed (0–18446744073709551615).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Days replayed before a fit scores a record.
    #[arg(long, default_value_t = 365)]
    pub burn_in: u32,
    /// Trailing days of record from which each side's attack level is read at every
    /// origin (0 keeps the scenarios' own levels; docs/backtest.md, "Levels from the record").
    #[arg(long, default_value_t = 1095, value_name = "DAYS")]
    pub level_window: u32,
    /// Markdown file to write (atomically); standard output when absent.
    #[arg(long, value_name = "FILE.md")]
    pub out: Option<PathBuf>,
    /// Every scored forecast as CSV (atomically).
    #[arg(long, value_name = "FILE.csv")]
    pub forecasts: Option<PathBuf>,
    /// The skill rows and reliability bins of every fitting as JSON (schema
    /// `faultline.evaluation`, docs/formats.md), what the report and dashboard show.
    #[arg(long, value_name = "FILE.json")]
    pub summary: Option<PathBuf>,
    /// Evaluate only shard I of N of the dyads and write a partial file to --out for
    /// `faultline merge`, which writes the Markdown to its own --out and the
    /// --forecasts and --summary files (docs/scale-out.md).
    #[arg(long, value_name = "I/N", value_parser = super::shard::parse_shard, requires = "out")]
    pub shard: Option<super::shard::Shard>,
    /// Worker threads (0 = all cores). The output does not depend on it.
    #[arg(long, default_value_t = 0, value_parser = common::parse_threads)]
    pub threads: usize,
}

/// The dyads, configuration and fittings of an `evaluate` command.
struct Setup {
    dyads: Vec<learn::DyadEvents>,
    cfg: learn::EvalConfig,
    fittings: Vec<learn::Fitting>,
}

fn setup(args: &EvaluateArgs) -> anyhow::Result<Setup> {
    let dyads = super::calibrate::dyad_inputs(&args.dyad)?;
    let from = parse_date(&args.from, "--from")?;
    let record_end = match &args.record_end {
        Some(s) => parse_date(s, "--record-end")?,
        None => parse_date(&dyads[0].scenario.meta.start_date, "meta.start_date")?.add_days(-1),
    };
    let cfg = learn::EvalConfig { from, record_end, runs: args.runs, seed: args.seed, burn_in_days: args.burn_in as usize, bins: 10, bootstrap_reps: 2000, level_window_days: args.level_window };
    let fittings = if args.fitting.is_empty() { vec![FittingArg::Prior, FittingArg::Lodo] } else { args.fitting.clone() };
    let fittings = fittings
        .into_iter()
        .map(|f| match f {
            FittingArg::Prior => learn::Fitting::Prior,
            FittingArg::Lodo => learn::Fitting::LeaveOneDyadOut,
            FittingArg::Rolling => learn::Fitting::RollingYearly,
            FittingArg::LodoCombined => learn::Fitting::LeaveOneDyadOutCombined,
        })
        .collect();
    Ok(Setup { dyads, cfg, fittings })
}

/// What the shards of an evaluation must agree on besides the command line: every dyad's scenario and record.
fn job_hash(dyads: &[learn::DyadEvents]) -> String {
    let mut pieces = Vec::with_capacity(2 * dyads.len());
    for d in dyads {
        pieces.push(d.scenario.hash());
        pieces.push(events::to_native_string(&d.events, &events::Dyad::from_scenario(&d.scenario)));
    }
    super::shard::job_hash(&pieces)
}

fn progress(msg: &str) {
    eprintln!("faultline evaluate: {msg}");
}

pub fn evaluate(args: EvaluateArgs) -> anyhow::Result<ExitStatus> {
    if let Some(shard) = args.shard {
        let dest = common::ResultDestination::reserve(args.out.as_deref())?;
        let Setup { dyads, cfg, fittings } = setup(&args)?;
        let range = shard.range(dyads.len() as u64);
        let parts = common::with_threads(args.threads, || {
            fittings.iter().map(|&f| learn::evaluate_dyads(&dyads, f, &cfg, range.start as usize..range.end as usize, &progress).0).collect()
        })?;
        let payload = super::shard::Payload::Evaluation { fittings: parts };
        return super::shard::write_partial(dest, shard, job_hash(&dyads), args.seed, "dyads", range, dyads.len() as u64, payload);
    }
    // The files are reserved before the work and written together at the end.
    let mut outputs = common::Outputs::new();
    let forecasts_file = args.forecasts.as_deref().map(|p| outputs.file(p)).transpose()?;
    let markdown_file = args.out.as_deref().map(|p| outputs.file(p)).transpose()?;
    let summary_file = args.summary.as_deref().map(|p| outputs.file(p)).transpose()?;
    let Setup { dyads, cfg, fittings } = setup(&args)?;
    let evaluations: Vec<learn::Evaluation> =
        common::with_threads(args.threads, || fittings.iter().map(|&f| learn::evaluate(&dyads, f, &cfg, &progress)).collect())?;
    let (md, csv, summary) = render(&args, &cfg, &super::shard::recorded_command(), &evaluations)?;
    if let Some(file) = forecasts_file {
        outputs.write(file, csv.as_bytes())?;
    }
    if let Some(file) = markdown_file {
        outputs.write(file, md.as_bytes())?;
    }
    if let Some(file) = summary_file {
        outputs.write(file, summary.as_bytes())?;
    }
    outputs.commit()?;
    if markdown_file.is_none() {
        common::write_output(None, &md)?;
    }
    Ok(ExitStatus::Success)
}

/// `faultline merge` of an evaluation's shards: every fitting's dyads concatenated in
/// dyad order (each dyad's fits and forecasts are made on their own), then the same
/// scores. The Markdown goes to the merge's --out; the --forecasts and --summary files
/// of the recorded command are written too.
pub fn finish_merged(args: EvaluateArgs, merged: super::shard::Merged, dest: common::ResultDestination) -> anyhow::Result<ExitStatus> {
    let mut outputs = common::Outputs::new();
    let forecasts_file = args.forecasts.as_deref().map(|p| outputs.file(p)).transpose()?;
    let summary_file = args.summary.as_deref().map(|p| outputs.file(p)).transpose()?;
    let Setup { dyads, cfg, fittings } = setup(&args)?;
    super::shard::check_rebuilt(&merged, &job_hash(&dyads), args.seed)?;
    let parts = super::shard::payloads_of(merged.payloads, "evaluate", |p| match p {
        super::shard::Payload::Evaluation { fittings } => Some(fittings),
        _ => None,
    })?;
    let per_fitting = super::shard::concat_per_item(fittings.len(), parts, "fittings")?;
    let evaluations: Vec<learn::Evaluation> = fittings
        .iter()
        .zip(per_fitting)
        .map(|(&f, parts)| {
            if parts.len() != dyads.len() {
                anyhow::bail!("the parts hold {} dyads, the command has {}", parts.len(), dyads.len());
            }
            Ok(learn::evaluation_from_dyads(&dyads, f, &cfg, parts))
        })
        .collect::<anyhow::Result<_>>()?;
    let (md, csv, summary) = render(&args, &cfg, &merged.first.command, &evaluations)?;
    if let Some(file) = forecasts_file {
        outputs.write(file, csv.as_bytes())?;
    }
    if let Some(file) = summary_file {
        outputs.write(file, summary.as_bytes())?;
    }
    outputs.commit()?;
    dest.write(&md)?;
    Ok(ExitStatus::Success)
}

/// The Markdown, the forecasts CSV and the JSON summary of the evaluations. `recorded`
/// is the command line without --out, --shard and --threads, the same for a sharded
/// job and its unsharded run.
fn render(args: &EvaluateArgs, cfg: &learn::EvalConfig, recorded: &[String], evaluations: &[learn::Evaluation]) -> anyhow::Result<(String, String, String)> {
    let command = format!("faultline {}", recorded.join(" "));
    let mut summary = report::fit::EvaluationSummary {
        schema: report::fit::EVALUATION_SCHEMA.into(),
        schema_version: report::fit::EVALUATION_SCHEMA_VERSION,
        faultline_version: common::VERSION.into(),
        command: command.clone(),
        runs_per_origin: args.runs as usize,
        fittings: Vec::new(),
    };
    let mut md = format!(
        "Produced by `{}` (Faultline {}), {} runs per origin, seed {}, monthly origins from {} with windows ending by {}.\n\n",
        command,
        common::VERSION,
        args.runs,
        args.seed,
        cfg.from,
        cfg.record_end
    );
    let mut csv = String::from("fitting,dyad,origin,horizon,outcome,model,climatology,reference_class,persistence,observed\n");
    for e in evaluations {
        md += &learn::render_markdown(e);
        summary.fittings.push(fitting_summary(e));
        md += "\n";
        for fc in &e.forecasts {
            csv += &format!(
                "{},{},{},{},{},{},{},{},{},{}\n",
                e.fitting.name(), fc.dyad, fc.origin, fc.horizon, fc.outcome, fc.model, fc.climatology, fc.reference_class, fc.persistence, u8::from(fc.observed)
            );
        }
    }
    Ok((md, csv, serde_json::to_string_pretty(&summary)? + "\n"))
}

/// The skill rows and reliability bins of one fitting, as the report shows them.
fn fitting_summary(e: &learn::Evaluation) -> report::fit::FittingSummary {
    report::fit::FittingSummary {
        fitting: e.fitting.name().into(),
        rows: e
            .rows
            .iter()
            .map(|r| report::fit::SkillSummaryRow {
                dyad: r.dyad.clone(),
                horizon: r.horizon,
                outcome: r.outcome.clone(),
                forecasts: r.n,
                events: r.observed,
                log_skill: r.log_skill,
                log_skill_interval: [r.log_skill_low, r.log_skill_high],
                log_skill_reference_class: r.log_skill_reference,
                brier_skill: r.brier_skill,
            })
            .collect(),
        reliability: e
            .reliability
            .iter()
            .map(|b| report::fit::ReliabilityPoint {
                lower: b.lower,
                upper: b.upper,
                forecasts: b.count,
                mean_forecast: b.mean_forecast,
                observed_frequency: b.observed_frequency,
            })
            .collect(),
        combination: e
            .combination
            .iter()
            .map(|(dyad, w)| report::fit::CombinationSummary { dyad: dyad.clone(), attacks: w.attacks, state_actions: w.state_actions })
            .collect(),
    }
}
