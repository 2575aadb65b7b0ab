//! `faultline report`: the forecast as one self-contained HTML page, and optionally each chart as a file.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use report::html::{self, HtmlContext};

use crate::ExitStatus;
use crate::common::{self, ModelArgs, Progress, RunArgs};

/// File format of the separate chart files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartFormat {
    Svg,
    Png,
}

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Event data shown as history before day 0: a native events CSV or a built-in
    /// chronology name (default: the scenario's built-in chronology, if there is one).
    #[arg(long, value_name = "FILE|NAME")]
    pub events: Option<String>,
    /// Leave the observed history out.
    #[arg(long, conflicts_with = "events")]
    pub no_events: bool,
    /// Number of Monte Carlo runs (1–10,000,000).
    #[arg(long, default_value_t = 10_000, value_parser = crate::common::whole_number::<u64>(1, 10_000_000))]
    pub runs: u64,
    #[command(flatten)]
    pub run: RunArgs,
    /// The HTML file to write (atomically).
    #[arg(long, default_value = "report.html")]
    pub out: PathBuf,
    /// Also write each chart as its own file in this format.
    #[arg(long, value_enum)]
    pub format: Option<ChartFormat>,
    /// Folder for the chart files (default: beside the HTML file, in `<out stem>-charts`).
    #[arg(long)]
    pub charts_dir: Option<PathBuf>,
    /// Runs per arm for the claims table (as `faultline claims --runs`); 0 leaves the claims out (0–1,000,000).
    #[arg(long, default_value_t = 1000, value_parser = crate::common::whole_number::<u64>(0, 1_000_000))]
    pub claims_runs: u64,
    /// Backtest skill and reliability to show (`faultline evaluate --summary FILE.json`;
    /// default: the evaluation shipped with Faultline, for a built-in scenario).
    #[arg(long, value_name = "FILE.json")]
    pub evaluation: Option<PathBuf>,
}

fn quote(arg: &str) -> String {
    if !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c))
    {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// The canonical command line that reproduces the report (every option explicit).
fn command_line(args: &ReportArgs) -> String {
    let mut parts = vec![
        "faultline".to_string(),
        "report".to_string(),
        "--scenario".into(),
        quote(&args.model.scenario),
    ];
    for (flag, values) in [
        ("--set", &args.model.sets),
        ("--lever", &args.model.levers),
        ("--shock", &args.model.shocks),
    ] {
        for v in values {
            parts.push(flag.to_string());
            parts.push(quote(v));
        }
    }
    if let Some(mode) = args.model.parameters.parameters {
        parts.extend(["--parameters".into(), engine::ParameterMode::from(mode).name().into()]);
    }
    parts.extend([
        "--runs".into(),
        args.runs.to_string(),
        "--days".into(),
        args.run.days.to_string(),
        "--seed".into(),
        args.run.seed.to_string(),
        "--claims-runs".into(),
        args.claims_runs.to_string(),
        "--out".into(),
        quote(&args.out.display().to_string()),
    ]);
    parts.join(" ")
}

/// One row per check of a claim; the first names the claim.
fn claim_rows(c: &claims::ClaimResult) -> Vec<html::ClaimRow> {
    c.checks
        .iter()
        .enumerate()
        .map(|(k, check)| html::ClaimRow {
            claim: if k == 0 { format!("{} ({}; {})", c.statement, c.source, c.id) } else { format!("… and ({})", c.id) },
            effect: format!("{}: {:.3}", check.measure, check.effect),
            interval: format!("[{:.3}, {:.3}] vs {}", check.low, check.high, check.threshold),
            verdict: if check.holds { "holds".into() } else { "not supported".into() },
        })
        .collect()
}

/// The folder of the separate chart files: `--charts-dir`, else `<out stem>-charts` beside the page.
fn charts_dir(args: &ReportArgs) -> PathBuf {
    args.charts_dir.clone().unwrap_or_else(|| {
        let stem = args.out.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "report".into());
        args.out.with_file_name(format!("{stem}-charts"))
    })
}

pub fn report(args: ReportArgs) -> anyhow::Result<ExitStatus> {
    // The page and the chart folder are checked before the runs; every file is written at the end, all or none.
    let mut outputs = common::Outputs::new();
    let page_file = outputs.file(&args.out)?;
    let chart_folder = args.format.map(|_| charts_dir(&args));
    if let Some(dir) = &chart_folder {
        outputs.folder(dir)?;
    }
    let experiment = common::experiment(&args.model)?.build(args.run.days)?;
    let scenario = experiment.scenario();
    let progress = Progress::start(args.runs, "report");
    let (mut forecast, bands) = common::with_threads(args.run.threads, || {
        html::forecast_with_daily(&experiment, args.runs, args.run.seed, common::VERSION, &|n| progress.tick(n))
    })?;
    progress.finish();
    // As `faultline forecast` does: at the status quo, the outcomes pooled with the chronology's base rates.
    if args.model.levers.is_empty() && args.model.shocks.is_empty() {
        forecast.combined = super::forecast::builtin_record(scenario)
            .and_then(|(evs, day0)| super::forecast::combined_with_record(scenario, &evs, day0, &format!("built-in chronology {}", scenario.meta.name), &forecast));
    }
    // The claims are experiments on the scenario as given (with --set overrides), not on the levers and shocks.
    if (1..100).contains(&args.claims_runs) {
        anyhow::bail!(
            "--claims-runs {}: use 0 (no claims) or at least 100 runs per arm",
            args.claims_runs
        );
    }
    let prepared = if args.claims_runs == 0 {
        Vec::new()
    } else {
        let (text, origin) = common::scenario_text(&args.model.scenario)?;
        // Parameters held by --set keep their value; the others follow --parameters.
        let held: Vec<String> = args.model.sets.iter().filter_map(|a| a.split_once('=')).map(|(n, _)| n.trim().to_string()).collect();
        let claims_scenario = args.model.parameters.scenario_for(scenario.clone(), &held)?;
        common::prepare_claims(&claims_scenario, &text, &origin)?
    };
    let claims = if prepared.is_empty() {
        None
    } else {
        let config = claims::ClaimsConfig {
            runs: args.claims_runs,
            seed: args.run.seed,
        };
        let progress = Progress::start(config.runs * claims::trajectories_per_run(&prepared), "claims");
        let results = common::with_threads(args.run.threads, || {
            claims::evaluate(&prepared, &config, &|n| progress.tick(n))
        })?;
        progress.finish();
        Some(results.iter().flat_map(claim_rows).collect())
    };
    let claims_note = if args.claims_runs == 0 {
        "Claims not evaluated (--claims-runs 0); run `faultline claims`.".to_string()
    } else if prepared.is_empty() {
        format!("Scenario {} declares no claims.", scenario.meta.name)
    } else {
        String::new()
    };
    let ctx = HtmlContext {
        scenario,
        command_line: command_line(&args),
        overrides: args.model.sets.clone(),
        claims,
        claims_note,
        observed: observed_history(&args, scenario)?,
        evaluation: evaluation(&args, scenario)?,
    };
    let page = html::render_html(&forecast, &bands, &ctx);
    outputs.write(page_file, page.as_bytes())?;
    let mut written = vec![args.out.clone()];
    if let (Some(format), Some(dir)) = (args.format, chart_folder) {
        for chart in html::charts(&forecast, &bands, scenario) {
            let (path, bytes) = match format {
                ChartFormat::Svg => (
                    dir.join(format!("{}.svg", chart.name)),
                    chart.svg.into_bytes(),
                ),
                ChartFormat::Png => {
                    let png = html::svg_to_png(&chart.svg, 2.0)
                        .with_context(|| format!("rasterising chart {}", chart.name))?;
                    (dir.join(format!("{}.png", chart.name)), png)
                }
            };
            outputs.add(&path, &bytes)?;
            written.push(path);
        }
    }
    outputs.commit()?;
    for path in written {
        eprintln!("wrote {}", path.display());
    }
    Ok(ExitStatus::Success)
}

/// Loads the observed history for the report: `--events`, else the built-in chronology
/// named after the scenario, else none. Actors are the scenario's.
fn observed_history(args: &ReportArgs, scenario: &scenario::Scenario) -> anyhow::Result<Option<html::ObservedHistory>> {
    if args.no_events {
        return Ok(None);
    }
    let dyad = events::Dyad::from_scenario(scenario);
    let (name, events) = match &args.events {
        Some(name) => (name.clone(), super::events::load_events(name, &dyad).with_context(|| format!("reading events from {name}"))?),
        // A scenario file that borrows a built-in name but not its ids gets no default history.
        None => match events::builtin_chronology(&scenario.meta.name, &dyad) {
            Some(Ok(events)) => (scenario.meta.name.clone(), events),
            _ => return Ok(None),
        },
    };
    let source =
        if events::builtin_chronology_csv(&name).is_some() { format!("built-in chronology {name}") } else { name.clone() };
    let (Some(first), Some(last)) = (events.iter().map(|e| e.date).min(), events.iter().map(|e| e.date).max()) else {
        return Ok(None);
    };
    let start = first.month_start();
    let (y, m, d) = start.ymd();
    let start_chart = charts::Date::new(y, m, d).context("event dates are valid calendar dates")?;
    let half_life = 30.0;
    let tension = events::tension_index(&events, start, last, half_life)
        .into_iter()
        .map(|(date, v)| (date.days_since(start) as f64, v))
        .collect();
    let mut attacks: [Vec<(f64, f64)>; 2] = [vec![(0.0, 0.0)], vec![(0.0, 0.0)]];
    let mut sorted: Vec<&events::Event> = events.iter().filter(|e| e.event_type == events::EventType::InsurgentAttack).collect();
    sorted.sort_by_key(|e| e.date);
    let mut counts = [0.0; 2];
    for e in sorted {
        if let Some(side) = e.side() {
            // A step: the count jumps on the day of the attack.
            let day = e.date.days_since(start) as f64;
            attacks[side].push((day, counts[side]));
            counts[side] += 1.0;
            attacks[side].push((day, counts[side]));
        }
    }
    let end = last.days_since(start) as f64;
    for side in 0..2 {
        attacks[side].push((end, counts[side]));
    }
    Ok(Some(html::ObservedHistory { source, start: start_chart, tension, half_life_days: half_life, attacks, events: events.len() }))
}

/// The evaluation summary the report shows: `--evaluation`, else the shipped one for a
/// built-in scenario.
fn evaluation(args: &ReportArgs, scenario: &scenario::Scenario) -> anyhow::Result<Option<report::fit::EvaluationSummary>> {
    let Some(path) = &args.evaluation else {
        return Ok(report::fit::builtin_evaluation_for(scenario));
    };
    let text = std::fs::read_to_string(path).with_context(|| format!("--evaluation {}", path.display()))?;
    let summary: report::fit::EvaluationSummary = serde_json::from_str(&text)
        .with_context(|| format!("--evaluation {}: not an evaluation summary (write one with `faultline evaluate --summary FILE.json`)", path.display()))?;
    if summary.schema != report::fit::EVALUATION_SCHEMA || summary.schema_version != report::fit::EVALUATION_SCHEMA_VERSION {
        anyhow::bail!(
            "--evaluation {}: schema {} v{}, expected {} v{}",
            path.display(),
            summary.schema,
            summary.schema_version,
            report::fit::EVALUATION_SCHEMA,
            report::fit::EVALUATION_SCHEMA_VERSION
        );
    }
    Ok(Some(summary))
}
