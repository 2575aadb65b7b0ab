//! Helpers shared by the subcommands: the options they have in common, loading
//! scenarios, levers and shocks, the thread pool, the progress bar and the
//! destination of a command's result.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, ValueEnum};
use engine::{Experiment, ExperimentBuilder, ParameterMode};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use scenario::{Levers, Scenario, Shock};

pub use crate::output::{OutputFile, Outputs};

/// The Faultline version recorded in every output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Options shared by every command that runs the model.
#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// Built-in scenario name or path to a scenario TOML file.
    #[arg(long, default_value = DEFAULT_SCENARIO)]
    pub scenario: String,
    /// Policy lever, NAME=VALUE (repeatable); see `faultline scenario levers`.
    #[arg(long = "lever", value_name = "NAME=VALUE")]
    pub levers: Vec<String>,
    /// Injected shock, e.g. attack:iran:30@10 or strike:pakistan@5 (repeatable).
    #[arg(long = "shock", value_name = "SPEC")]
    pub shocks: Vec<String>,
    /// Override a scenario parameter, NAME=VALUE (repeatable); see `faultline scenario params`.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub sets: Vec<String>,
    #[command(flatten)]
    pub parameters: ParameterArgs,
}

/// Where each run's parameters come from (`--parameters`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParametersArg {
    /// Drawn per run from the scenario's fitted [posterior].
    Posterior,
    /// Drawn per run from the scenario's documented ranges.
    Ranges,
    /// The scenario's values in every run.
    Point,
}

impl From<ParametersArg> for ParameterMode {
    fn from(arg: ParametersArg) -> ParameterMode {
        match arg {
            ParametersArg::Posterior => ParameterMode::Posterior,
            ParametersArg::Ranges => ParameterMode::Ranges,
            ParametersArg::Point => ParameterMode::Point,
        }
    }
}

/// The `--parameters` option of the commands that run forecasts.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct ParameterArgs {
    /// Escalation and diplomacy parameters of each run: drawn from the fitted posterior, drawn from the
    /// documented ranges, or the point values [default: posterior for a scenario with a [posterior] table, else point]
    #[arg(long, value_enum, value_name = "MODE")]
    pub parameters: Option<ParametersArg>,
    /// Leave out the states' outside crises (wars and crises with third parties drawn as a
    /// random process, docs/model.md §8.1), which forecasts include by default
    #[arg(long)]
    pub no_outside_shocks: bool,
}

impl ParameterArgs {
    /// The scenario for code that builds experiments with the scenario's default mode
    /// (claims, backtests, comparisons): one whose default is the mode asked for.
    /// `held` names the parameters set with `--set`, which are not drawn.
    pub fn scenario_for(&self, mut scenario: Scenario, held: &[String]) -> anyhow::Result<Scenario> {
        if self.no_outside_shocks {
            scenario.remove_outside_shocks();
        }
        Ok(match self.parameters {
            None if held.is_empty() => {
                // Checked here so that a posterior the engine cannot draw is an error, not a
                // failed experiment inside a library that expects valid ones.
                engine::ParameterDraws::new(&scenario, ParameterMode::default_for(&scenario), &[])?;
                scenario
            }
            None => {
                let mode = ParameterMode::default_for(&scenario);
                engine::drawing_scenario(&scenario, mode, held)?
            }
            Some(arg) => engine::drawing_scenario(&scenario, arg.into(), held)?,
        })
    }
}

/// Horizon, master seed and worker threads of the model runs of `forecast`, `report`,
/// `compare` and `sensitivity`. The help texts are those of `forecast` and `report`;
/// `compare` and `sensitivity` say what `--days` and `--seed` mean for them with
/// `#[command(mut_arg(...))]`, without a final full stop, as clap shows a one-line doc comment.
#[derive(Debug, Clone, Copy, Args)]
pub struct RunArgs {
    /// Horizon in days (1–3650).
    #[arg(long, default_value_t = 365, value_parser = whole_number::<u32>(1, 3650))]
    pub days: u32,
    /// Master seed (0–18446744073709551615); the same seed, scenario and runs give the same output.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (0 = all cores). The output does not depend on it.
    #[arg(long, default_value_t = 0, value_parser = parse_threads)]
    pub threads: usize,
}

/// A parser for an option that takes a whole number from `min` to `max`; anything else
/// (a negative number included) is answered with the allowed range.
pub fn whole_number<T: TryFrom<u64> + Clone + Send + Sync + 'static>(
    min: u64,
    max: u64,
) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static {
    move |value: &str| {
        value
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .and_then(|n| T::try_from(n).ok())
            .ok_or_else(|| format!("expected a whole number from {} to {}", thousands(min), thousands(max)))
    }
}

/// `n` with commas between groups of three digits.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut res = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            res.push(',');
        }
        res.push(c);
    }
    res
}

/// The largest `--threads`.
const MAX_THREADS: usize = 1024;

/// Parses `--threads`: 0 (all cores) or a number of threads up to [`MAX_THREADS`].
pub fn parse_threads(value: &str) -> Result<usize, String> {
    value
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|&n| n <= MAX_THREADS)
        .ok_or_else(|| format!("expected 0 (all cores) or a number of threads from 1 to {MAX_THREADS}"))
}

/// Format of the result of `forecast`, `compare` and `sensitivity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
}

/// Format of the result of `claims`, `backtest` and `calibrate`, which have no CSV form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum TableOrJson {
    #[default]
    Table,
    Json,
}

/// Format and destination of the result of `forecast`, `compare` and `sensitivity`.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format: a table for people, JSON or long-format CSV (docs/formats.md).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// The scenario commands use when `--scenario` is not given.
pub const DEFAULT_SCENARIO: &str = "iran-pakistan";

/// Loads a built-in scenario by name, or a scenario file by path.
pub fn load_scenario(name_or_path: &str) -> anyhow::Result<Scenario> {
    let (text, origin) = scenario_text(name_or_path)?;
    Ok(scenario::parse(&text, &origin)?)
}

/// The TOML text of a built-in scenario or scenario file, with the origin its errors name.
pub fn scenario_text(name_or_path: &str) -> anyhow::Result<(String, String)> {
    if let Some(text) = scenario::builtin_or_prior_text(name_or_path) {
        return Ok((text.to_string(), format!("<builtin:{name_or_path}>")));
    }
    let path = Path::new(name_or_path);
    if !path.exists() {
        anyhow::bail!(
            "scenario `{name_or_path}` is neither a built-in scenario ({}; add `@prior` for the hand-set version) nor an existing file",
            scenario::builtin_names().join(", ")
        );
    }
    Ok((read_scenario_file(path)?, path.display().to_string()))
}

/// The text of a scenario file; bytes that are not UTF-8 are an error with line and column.
pub fn read_scenario_file(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(scenario::text_from_bytes(bytes, &path.display().to_string())?)
}

/// The claims of `scenario` resolved against the outcome registry; an error names the
/// line and column of the field in `text` (the scenario's TOML) and what is allowed.
pub fn prepare_claims(scenario: &Scenario, text: &str, origin: &str) -> anyhow::Result<Vec<claims::Claim>> {
    claims::prepare(scenario).map_err(|err| scenario::field_error(text, origin, &err.path, err.message).into())
}

/// The run the model arguments describe: the scenario with its `--set` overrides, levers
/// and shocks, ready to [`ExperimentBuilder::build`] for a horizon.
pub fn experiment(args: &ModelArgs) -> anyhow::Result<ExperimentBuilder> {
    let mut builder = Experiment::builder(&load_scenario(&args.scenario)?).outside_shocks(!args.parameters.no_outside_shocks);
    if let Some(mode) = args.parameters.parameters {
        builder = builder.parameters(mode.into());
    }
    for assignment in &args.sets {
        let (name, value) = scenario::parse_assignment(assignment).map_err(|e| anyhow::anyhow!("--set {e}"))?;
        builder = builder.set(name, value)?;
    }
    let scenario = builder.scenario();
    let mut levers = scenario.default_levers();
    for assignment in &args.levers {
        levers.apply_assignment(assignment, scenario)?;
    }
    let shocks = args
        .shocks
        .iter()
        .map(|s| scenario::parse_shock(s, scenario))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(builder.levers(levers).shocks(shocks))
}

/// The scenario with `--set` overrides, the levers and the shocks of a run, for commands
/// that build several experiments from them (compare, sensitivity, backtest). The
/// scenario's default parameter mode is `--parameters` (see [`ParameterArgs::scenario_for`]).
pub fn resolve(args: &ModelArgs) -> anyhow::Result<(Scenario, Levers, Vec<Shock>)> {
    let (scenario, levers, shocks) = experiment(args)?.into_parts();
    let held: Vec<String> = args.sets.iter().filter_map(|a| a.split_once('=')).map(|(name, _)| name.trim().to_string()).collect();
    Ok((args.parameters.scenario_for(scenario, &held)?, levers, shocks))
}

/// Runs `f` on a rayon pool with `threads` threads (0 = all cores).
pub fn with_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> anyhow::Result<T> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("building the thread pool")?;
    Ok(pool.install(f))
}

/// How long work runs before its progress bar appears: shorter runs draw nothing.
const PROGRESS_DELAY: Duration = Duration::from_secs(2);

/// A progress bar on stderr for work that runs longer than [`PROGRESS_DELAY`], drawn
/// only when stderr is a terminal (nothing is written to a pipe or file).
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    delay: Duration,
    /// Where the bar is drawn once the delay has passed; `None` once drawn, or for no terminal.
    target: Mutex<Option<ProgressDrawTarget>>,
}

impl Progress {
    /// Starts a bar for `total` units of work labelled `label`.
    pub fn start(total: u64, label: &str) -> Progress {
        let target = std::io::stderr().is_terminal().then(ProgressDrawTarget::stderr);
        Progress::drawn_on(total, label, target, PROGRESS_DELAY)
    }

    /// A bar drawn on `target` (none: never drawn) once `delay` has passed.
    fn drawn_on(total: u64, label: &str, target: Option<ProgressDrawTarget>, delay: Duration) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({elapsed}, about {eta} left)")
            .expect("the progress template is valid")
            .progress_chars("#> ");
        bar.set_style(style);
        bar.set_message(label.to_string());
        Progress { bar, started: Instant::now(), delay, target: Mutex::new(target) }
    }

    /// Adds finished units.
    pub fn tick(&self, n: u64) {
        self.bar.inc(n);
        if self.started.elapsed() >= self.delay {
            let target = self.target.lock().map(|mut t| t.take()).unwrap_or(None);
            if let Some(target) = target {
                self.bar.set_draw_target(target);
                self.bar.tick();
                self.bar.enable_steady_tick(Duration::from_millis(200));
            }
        }
    }

    /// Stops and clears the bar.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

/// Writes `content` to stdout, or to the file `path` (all or nothing, see [`Outputs`]).
pub fn write_output(path: Option<&Path>, content: &str) -> anyhow::Result<()> {
    ResultDestination::reserve(path)?.write(content)
}

/// Where a command's one result goes: stdout, or a file reserved before the work
/// starts (so that a path that cannot be written fails at once).
pub struct ResultDestination(Option<(Outputs, OutputFile)>);

impl ResultDestination {
    /// Stdout for `None`; else reserves the file.
    pub fn reserve(path: Option<&Path>) -> anyhow::Result<ResultDestination> {
        Ok(ResultDestination(match path {
            None => None,
            Some(path) => {
                let mut outputs = Outputs::new();
                let file = outputs.file(path)?;
                Some((outputs, file))
            }
        }))
    }

    /// Writes the result and, for a file, renames it into place.
    pub fn write(self, content: &str) -> anyhow::Result<()> {
        match self.0 {
            None => {
                let mut stdout = std::io::stdout().lock();
                stdout.write_all(content.as_bytes())?;
                stdout.flush()?;
                Ok(())
            }
            Some((mut outputs, file)) => {
                outputs.write(file, content.as_bytes())?;
                outputs.commit()
            }
        }
    }
}

#[cfg(test)]
mod tests;
