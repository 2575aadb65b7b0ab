//! `faultline calibrate`: fit the insurgent groups' attack process and fatality tail
//! (`--layer attacks`), or the escalation and diplomacy layer pooled over dyads
//! (`--layer decision`), to event data.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, ValueEnum};

use super::events::{load_events, parse_date};
use crate::common::{self, TableOrJson};
use crate::ExitStatus;

/// Which part of the model a calibration fits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Layer {
    /// Each state's insurgent attack process and fatality tail (one scenario, one events file).
    #[default]
    Attacks,
    /// The governments' escalation and diplomacy choices, by likelihood, pooled over dyads.
    Decision,
}

#[derive(Debug, Clone, Args)]
pub struct CalibrateArgs {
    /// What to fit.
    #[arg(long, value_enum, default_value_t)]
    pub layer: Layer,
    /// Native events file (or built-in chronology) with the attacks to fit (layer attacks).
    #[arg(long, value_name = "FILE")]
    pub events: Option<String>,
    /// Scenario whose groups are calibrated: built-in name or TOML file (layer attacks).
    #[arg(long, default_value = common::DEFAULT_SCENARIO)]
    pub scenario: String,
    /// A dyad's record for the decision layer: NAME (a built-in scenario and its
    /// built-in chronology) or SCENARIO=EVENTS (a scenario name or TOML file, and a
    /// native events file or chronology). Repeat to pool dyads; default: the three
    /// built-in dyads.
    #[arg(long, value_name = "NAME|SCENARIO=EVENTS")]
    pub dyad: Vec<String>,
    /// Days replayed before scoring begins (decision layer), so that the state
    /// started from the scenario's values catches up with the record.
    #[arg(long, default_value_t = 365, value_name = "DAYS")]
    pub burn_in: u32,
    /// Calibrated scenario TOML to write (atomically). With several dyads: a folder
    /// that receives NAME.toml for each.
    #[arg(long, value_name = "FILE.toml|DIR")]
    pub out: PathBuf,
    /// First day of the fitting window; attack times are day offsets from it (default: the first event).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day of the fitting window (default: the last event).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Seed of the within-day spreading of same-day attacks.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Format of the fit summary printed on stdout.
    #[arg(long, value_enum, default_value_t)]
    pub format: TableOrJson,
}

pub fn calibrate(args: CalibrateArgs) -> anyhow::Result<ExitStatus> {
    if args.layer == Layer::Decision {
        return calibrate_decision(&args);
    }
    let events_arg = args.events.clone().context("--events is required with --layer attacks")?;
    let mut outputs = common::Outputs::new();
    let out_file = outputs.file(&args.out)?;
    let scenario = common::load_scenario(&args.scenario)?;
    let evs = load_events(&events_arg, &events::Dyad::from_scenario(&scenario))?;
    let opts = backtest::CalibrateOptions {
        data_label: events_arg.clone(),
        from: args.from.as_deref().map(|s| parse_date(s, "--from")).transpose()?,
        to: args.to.as_deref().map(|s| parse_date(s, "--to")).transpose()?,
        seed: args.seed,
        ..backtest::CalibrateOptions::default()
    };
    let cal = backtest::calibrate(&evs, &scenario, &opts)?;
    let mut header = format!(
        "# Scenario `{}` calibrated by faultline calibrate {} to {} ({}..{}).\n# Fitted: {}.\n",
        scenario.meta.name,
        common::VERSION,
        events_arg,
        cal.from,
        cal.to,
        cal.fitted_parameters().join(", ")
    );
    let priors = cal.prior_parameters();
    if !priors.is_empty() {
        header += &format!("# Prior values kept (too few attacks to fit): {}.\n", priors.join(", "));
    }
    outputs.write(out_file, (header + &cal.scenario.to_toml()).as_bytes())?;
    outputs.commit()?;
    let text = match args.format {
        TableOrJson::Table => format!("{}wrote {}\n", backtest::render_fit_table(&cal), args.out.display()),
        TableOrJson::Json => serde_json::to_string_pretty(&cal)? + "\n",
    };
    common::write_output(None, &text)?;
    Ok(ExitStatus::Success)
}

/// The dyads of `--dyad` options (`NAME` or `SCENARIO=EVENTS`); the three built-in
/// dyads when none is given.
pub(crate) fn dyad_inputs(specs: &[String]) -> anyhow::Result<Vec<learn::DyadEvents>> {
    let specs: Vec<String> =
        if specs.is_empty() { scenario::builtin_names().into_iter().map(String::from).collect() } else { specs.to_vec() };
    specs.iter().map(|s| dyad_input(s)).collect()
}

fn dyad_input(spec: &str) -> anyhow::Result<learn::DyadEvents> {
    let (scenario_name, events_name) = match spec.split_once('=') {
        Some((s, e)) => (s.trim(), e.trim()),
        None => (spec.trim(), spec.trim()),
    };
    // A fit starts from the priors: a built-in scenario is read in its hand-set version,
    // since the built-in one already carries a fit to the same records.
    let prior_name = format!("{scenario_name}{}", scenario::PRIOR_SUFFIX);
    let scenario_name = if scenario::builtin_prior_text(scenario_name).is_some() { prior_name.as_str() } else { scenario_name };
    let scenario = common::load_scenario(scenario_name).with_context(|| format!("--dyad {spec}"))?;
    if !spec.contains('=') && events::builtin_chronology_csv(events_name).is_none() {
        anyhow::bail!(
            "--dyad {spec}: no built-in chronology of that name ({}); give SCENARIO=EVENTS",
            events::builtin_names().join(", ")
        );
    }
    let evs = load_events(events_name, &events::Dyad::from_scenario(&scenario)).with_context(|| format!("--dyad {spec}"))?;
    let label = if events::builtin_chronology_csv(events_name).is_some() {
        format!("the built-in {events_name} chronology")
    } else {
        format!("the events file {events_name}")
    };
    Ok(learn::DyadEvents { scenario, events: evs, label })
}

fn calibrate_decision(args: &CalibrateArgs) -> anyhow::Result<ExitStatus> {
    let inputs = dyad_inputs(&args.dyad)?;
    // The folder (several dyads) or the file (one) is checked before the fit.
    let several = inputs.len() > 1;
    let mut outputs = common::Outputs::new();
    let single_file = if several {
        outputs.folder(&args.out)?;
        None
    } else {
        Some(outputs.file(&args.out)?)
    };
    for (i, a) in inputs.iter().enumerate() {
        if inputs[..i].iter().any(|b| b.scenario.meta.name == a.scenario.meta.name) {
            anyhow::bail!("--dyad: the scenario `{}` is given twice", a.scenario.meta.name);
        }
    }
    let from_arg = args.from.as_deref().map(|s| parse_date(s, "--from")).transpose()?;
    let to_arg = args.to.as_deref().map(|s| parse_date(s, "--to")).transpose()?;
    let mut dyads = Vec::new();
    for input in &inputs {
        let sc = &input.scenario;
        // The record ends the day before the scenario's day 0 unless --to says otherwise:
        // nothing from the forecast window enters the fit.
        let day0 = parse_date(&sc.meta.start_date, "meta.start_date")?;
        let to = to_arg.unwrap_or(day0.add_days(-1));
        let first = input
            .events
            .iter()
            .map(|e| e.date)
            .filter(|d| *d <= to)
            .min()
            .with_context(|| format!("{}: no event on or before {to} to fit", input.label))?;
        let start = from_arg.unwrap_or(first.add_days(-(args.burn_in as i32)));
        if start > to {
            anyhow::bail!("--from {start} is after the end of the record ({to})");
        }
        let record = learn::records_from_events(&input.events, start, to, args.burn_in as usize)?;
        dyads.push(learn::DyadRecord { scenario: sc.clone(), record, provenance: format!("{} ({start} to {to})", input.label) });
    }
    let plan = learn::FitPlan::escalation();
    let fit = learn::fit_decision_layer(&plan, &dyads, &calibrate::PenalizedOptions::default())
        .context("fitting the decision layer")?;
    // Build every output first, then write them: nothing is written if any fails.
    let mut texts: Vec<(PathBuf, String)> = Vec::new();
    for dyad in &dyads {
        let name = &dyad.scenario.meta.name;
        let fitted = fit
            .fitted_scenario(name, &dyad.scenario)
            .with_context(|| format!("writing the fitted values into `{name}`"))?;
        let header = format!(
            "# Scenario `{name}` with its decision layer fitted by faultline calibrate {} --layer decision\n# to {}{}.\n",
            common::VERSION,
            dyad.provenance,
            if several { format!(", pooled with {}", fit.dyads.iter().filter(|n| *n != name).cloned().collect::<Vec<_>>().join(", ")) } else { String::new() }
        );
        let path = if several { args.out.join(format!("{name}.toml")) } else { args.out.clone() };
        texts.push((path, header + &fitted.to_toml()));
    }
    for (path, text) in &texts {
        match single_file {
            Some(file) => outputs.write(file, text.as_bytes())?,
            None => outputs.add(path, text.as_bytes())?,
        }
    }
    outputs.commit()?;
    let text = match args.format {
        TableOrJson::Table => render_decision_fit(&fit, &texts.iter().map(|o| o.0.as_path()).collect::<Vec<_>>()),
        TableOrJson::Json => serde_json::to_string_pretty(&decision_json(&fit))? + "\n",
    };
    common::write_output(None, &text)?;
    Ok(ExitStatus::Success)
}

fn render_decision_fit(fit: &learn::DecisionFit, written: &[&Path]) -> String {
    let mut o = format!(
        "decision layer fitted by penalized maximum likelihood over {} ({} state-days scored, {} with a recorded move)\n\
         log-likelihood {:.2} at the fit, {:.2} at the prior; {} after {} iterations{}\n\n",
        fit.dyads.join(", "),
        2 * fit.days_scored,
        fit.moves,
        fit.log_likelihood,
        fit.log_likelihood_at_prior,
        if fit.converged { "converged" } else { "NOT converged" },
        fit.iterations,
        if fit.ridge > 0.0 { format!("; curvature regularised by a ridge of {}", fit.ridge) } else { String::new() },
    );
    o += &format!("{:<22} {:<40} {:>10} {:>22}   {:>10} {:>20}\n", "dyad", "parameter", "fitted", "95% interval", "prior", "prior range");
    for v in &fit.values {
        o += &format!(
            "{:<22} {:<40} {:>10.4} {:>22}   {:>10} {:>20}\n",
            v.dyad.as_deref().unwrap_or("(shared)"),
            v.name,
            v.value,
            format!("[{:.4}, {:.4}]", v.low, v.high),
            v.prior.value,
            format!("[{}, {}]", v.prior.range[0], v.prior.range[1]),
        );
    }
    for w in written {
        o += &format!("wrote {}\n", w.display());
    }
    o
}

fn decision_json(fit: &learn::DecisionFit) -> serde_json::Value {
    serde_json::json!({
        "schema": "faultline.decision_fit",
        "schema_version": 1,
        "version": common::VERSION,
        "dyads": fit.dyads,
        "log_likelihood": fit.log_likelihood,
        "log_likelihood_at_prior": fit.log_likelihood_at_prior,
        "state_days_scored": 2 * fit.days_scored,
        "moves": fit.moves,
        "converged": fit.converged,
        "iterations": fit.iterations,
        "ridge": fit.ridge,
        "values": fit.values.iter().map(|v| serde_json::json!({
            "dyad": v.dyad,
            "name": v.name,
            "value": v.value,
            "low": v.low,
            "high": v.high,
            "prior": { "value": v.prior.value, "range": v.prior.range, "source": v.prior.source },
        })).collect::<Vec<_>>(),
    })
}
