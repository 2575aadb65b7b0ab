//! `faultline`: the command-line entry point.
//!
//! `main` parses arguments, calls [`run`], prints any error chain and maps the
//! outcome to an exit status: 0 success, 1 a domain failure (a claim that does
//! not hold), 2 an error (bad input, IO).

mod commands;
mod common;
mod output;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Faultline: simulation and early warning for cross-border insurgency crises.
#[derive(Debug, Parser)]
#[command(name = "faultline", version, about, long_about = None)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Monte Carlo forecast of the crisis for a scenario.
    Forecast(commands::forecast::ForecastArgs),
    /// The seed article's conclusions as experiments on the model.
    Claims(commands::claims::ClaimsArgs),
    /// The forecast as one self-contained HTML report (charts inline; optionally as SVG/PNG files too).
    Report(commands::report::ReportArgs),
    /// A local web dashboard: move levers, parameters and shocks and watch the forecast change.
    Serve(commands::serve::ServeArgs),
    /// A baseline against alternative levers and shocks (or a 2^k factorial design), with common random numbers.
    Compare(commands::compare::CompareArgs),
    /// Which uncertain parameters drive an outcome: Morris screening or Sobol indices.
    Sensitivity(commands::sensitivity::SensitivityArgs),
    /// List, show and check scenarios.
    #[command(subcommand)]
    Scenario(commands::scenario::ScenarioCommand),
    /// Import event data, show the built-in chronology, summarise an events file.
    #[command(subcommand)]
    Events(commands::events::EventsCommand),
    /// Fit the insurgent groups' attack process and fatality tail to event data; write a calibrated scenario.
    Calibrate(commands::calibrate::CalibrateArgs),
    /// Forecasts from past origins, each from the history before it, scored against what followed.
    Backtest(commands::backtest::BacktestArgs),
    /// Monthly forecasts over the reference class of dyads, scored against long-record base rates.
    Evaluate(commands::evaluate::EvaluateArgs),
    /// Combine the partial files of a job run with --shard I/N into the unsharded output.
    Merge(commands::shard::MergeArgs),
    /// Write (and with --submit, submit) a Slurm job array for the shards of a command and a merge job.
    Slurm(commands::slurm::SlurmArgs),
}

/// The outcome of a command that did not fail with an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success,
    Failure,
}

fn run(args: Args) -> anyhow::Result<ExitStatus> {
    match args.command {
        Command::Forecast(a) => commands::forecast::forecast(a),
        Command::Claims(a) => commands::claims::claims(a),
        Command::Report(a) => commands::report::report(a),
        Command::Serve(a) => commands::serve::serve(a),
        Command::Compare(a) => commands::compare::compare(a),
        Command::Sensitivity(a) => commands::sensitivity::sensitivity(a),
        Command::Scenario(c) => commands::scenario::scenario(c),
        Command::Events(c) => commands::events::events(c),
        Command::Calibrate(a) => commands::calibrate::calibrate(a),
        Command::Backtest(a) => commands::backtest::backtest(a),
        Command::Evaluate(a) => commands::evaluate::evaluate(a),
        Command::Merge(a) => commands::shard::merge(a),
        Command::Slurm(a) => commands::slurm::slurm(a),
    }
}

/// The command a partial file recorded (its arguments after the program name).
pub(crate) fn parse_recorded(args: &[String]) -> anyhow::Result<Command> {
    let cmd = negative_numbers_as_values(Args::command());
    let matches = cmd.try_get_matches_from(std::iter::once("faultline".to_string()).chain(args.iter().cloned()))?;
    Ok(Args::from_arg_matches(&matches)?.command)
}

/// `cmd` and every subcommand in it with negative numbers taken as option values, so
/// that `--runs -1` is answered with the option's allowed range, not as an unknown flag.
fn negative_numbers_as_values(cmd: clap::Command) -> clap::Command {
    let names: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_string()).collect();
    names.iter().fold(cmd.allow_negative_numbers(true), |cmd, name| cmd.mut_subcommand(name, negative_numbers_as_values))
}

fn main() -> ExitCode {
    let mut cmd = negative_numbers_as_values(Args::command());
    let args = Args::from_arg_matches(&cmd.clone().get_matches()).unwrap_or_else(|err| err.format(&mut cmd).exit());
    match run(args) {
        Ok(ExitStatus::Success) => ExitCode::from(0),
        Ok(ExitStatus::Failure) => ExitCode::from(1),
        Err(err) => {
            if let Some(io) = err.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::from(0);
            }
            eprintln!("faultline: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
