//! Helpers shared by the subcommands: the options they have in common, loading
//! scenarios, levers and shocks, the thread pool, the progress bar and atomic
//! file output.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, ValueEnum};
use engine::{Experiment, ExperimentBuilder, ParameterMode};
use scenario::{Levers, Scenario, Shock};

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
}

impl ParameterArgs {
    /// The scenario for code that builds experiments with the scenario's default mode
    /// (claims, backtests, comparisons): one whose default is the mode asked for.
    /// `held` names the parameters set with `--set`, which are not drawn.
    pub fn scenario_for(&self, scenario: Scenario, held: &[String]) -> anyhow::Result<Scenario> {
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
    #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub days: u32,
    /// Master seed (0–18446744073709551615); the same seed, scenario and runs give the same output.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (0 = all cores). The output does not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
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
    if let Some(text) = scenario::builtin_text(name_or_path) {
        return Ok((text.to_string(), format!("<builtin:{name_or_path}>")));
    }
    let path = Path::new(name_or_path);
    if !path.exists() {
        anyhow::bail!(
            "scenario `{name_or_path}` is neither a built-in scenario ({}) nor an existing file",
            scenario::builtin_names().join(", ")
        );
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok((text, path.display().to_string()))
}

/// The claims of `scenario` resolved against the outcome registry; an error names the
/// line and column of the field in `text` (the scenario's TOML) and what is allowed.
pub fn prepare_claims(scenario: &Scenario, text: &str, origin: &str) -> anyhow::Result<Vec<claims::Claim>> {
    claims::prepare(scenario).map_err(|err| scenario::field_error(text, origin, &err.path, err.message).into())
}

/// The run the model arguments describe: the scenario with its `--set` overrides, levers
/// and shocks, ready to [`ExperimentBuilder::build`] for a horizon.
pub fn experiment(args: &ModelArgs) -> anyhow::Result<ExperimentBuilder> {
    let mut builder = Experiment::builder(&load_scenario(&args.scenario)?);
    if let Some(mode) = args.parameters.parameters {
        builder = builder.parameters(mode.into());
    }
    for assignment in &args.sets {
        let (name, value) = assignment
            .split_once('=')
            .with_context(|| format!("--set `{assignment}`: expected NAME=VALUE"))?;
        let value: f64 = value
            .trim()
            .parse()
            .with_context(|| format!("--set `{assignment}`: `{value}` is not a number"))?;
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

/// A progress bar on stderr, drawn only when stderr is a terminal.
pub struct Progress {
    done: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    handle: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// Starts a bar for `total` units of work labelled `label`.
    pub fn start(total: u64, label: &str) -> Progress {
        let done = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let handle = std::io::stderr().is_terminal().then(|| {
            let done = done.clone();
            let stop = stop.clone();
            let label = label.to_string();
            std::thread::spawn(move || {
                let width = 40;
                loop {
                    let finished = stop.load(Ordering::Relaxed);
                    let n = done.load(Ordering::Relaxed).min(total);
                    let filled = (n * width / total.max(1)) as usize;
                    eprint!(
                        "\r{label} [{}{}] {n}/{total}",
                        "#".repeat(filled),
                        " ".repeat(width as usize - filled)
                    );
                    let _ = std::io::stderr().flush();
                    if finished {
                        eprintln!();
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            })
        });
        Progress { done, stop, handle }
    }

    /// Adds finished units.
    pub fn tick(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// Stops and clears the bar.
    pub fn finish(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// Writes `content` to `path` atomically (temporary file, then rename), or to stdout when `path` is None.
pub fn write_output(path: Option<&Path>, content: &str) -> anyhow::Result<()> {
    match path {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(content.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
        Some(path) => write_atomic(path, content.as_bytes()),
    }
}

/// Writes bytes to a temporary file beside `path` and renames it into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().with_context(|| format!("{} is not a file path", path.display()))?;
    let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let res = (|| -> anyhow::Result<()> {
        let mut f = std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        f.write_all(bytes).with_context(|| format!("writing {}", tmp.display()))?;
        f.sync_all().with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, path).with_context(|| format!("renaming into {}", path.display()))?;
        Ok(())
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    res
}
