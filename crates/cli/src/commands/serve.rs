//! `faultline serve`: the local web dashboard.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use dashboard::ScenarioFile;

use crate::ExitStatus;
use crate::common;

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on. Loopback by default: the dashboard has no authentication.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Largest number of runs a request may ask for.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub max_runs: u64,
    /// Largest horizon (days) a request may ask for.
    #[arg(long, default_value_t = 730, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub max_days: u32,
    /// Simulations run at the same time; further requests wait their turn (first come, first served).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub max_concurrent: u64,
    /// Requests that may wait for a simulation slot; further ones get 503 with Retry-After.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u64).range(0..=10_000))]
    pub max_queue: u64,
    /// Largest estimated work of one request, in run-day equivalents (runs × days, plus 0.1
    /// per expected attack); a request over it gets 413. The default takes about 3 s of two cores.
    #[arg(long, default_value_t = 2e7)]
    pub max_work: f64,
    /// Seconds a client has to send its request headers before the connection is closed.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,
    /// Also serve the scenario in this TOML file, or every `*.toml` file in this folder
    /// (repeatable). Each is validated before the server starts.
    #[arg(long = "scenario", value_name = "FILE|DIR")]
    pub scenarios: Vec<PathBuf>,
}

/// The scenario files named by `--scenario`: a file as given, a folder's `*.toml` files
/// in name order. A path given twice (directly or through its folder) counts once.
fn scenario_paths(args: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for arg in args {
        let found = if arg.is_dir() {
            let mut found = Vec::new();
            for entry in std::fs::read_dir(arg)
                .with_context(|| format!("reading folder {}", arg.display()))?
            {
                let path = entry
                    .with_context(|| format!("reading folder {}", arg.display()))?
                    .path();
                if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
                    found.push(path);
                }
            }
            if found.is_empty() {
                anyhow::bail!(
                    "--scenario {}: the folder has no *.toml scenario file",
                    arg.display()
                );
            }
            found.sort();
            found
        } else if arg.is_file() {
            vec![arg.clone()]
        } else {
            anyhow::bail!("--scenario {}: no such file or folder", arg.display());
        };
        for path in found {
            let same = |p: &PathBuf| match (p.canonicalize(), path.canonicalize()) {
                (Ok(a), Ok(b)) => a == b,
                _ => *p == path,
            };
            if !paths.iter().any(same) {
                paths.push(path);
            }
        }
    }
    Ok(paths)
}

/// Reads and validates one scenario file; errors name the file, line, column and field.
fn load_scenario_file(path: &Path) -> anyhow::Result<ScenarioFile> {
    let origin = path.display().to_string();
    let text = common::read_scenario_file(path)?;
    let scenario = scenario::parse(&text, &origin)?;
    Ok(ScenarioFile { origin, scenario })
}

pub fn serve(args: ServeArgs) -> anyhow::Result<ExitStatus> {
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "faultline: warning: listening on {}, reachable from other machines; the dashboard has no authentication",
            args.addr
        );
    }
    if !(args.max_work.is_finite() && args.max_work > 0.0) {
        anyhow::bail!("--max-work {}: must be a positive number of run-day equivalents", args.max_work);
    }
    let files = scenario_paths(&args.scenarios)?
        .iter()
        .map(|path| load_scenario_file(path))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut names: Vec<String> = scenario::builtin_names()
        .into_iter()
        .map(String::from)
        .collect();
    names.extend(files.iter().map(|f| f.scenario.meta.name.clone()));
    let config = dashboard::ServerConfig {
        max_runs: args.max_runs,
        max_days: args.max_days,
        max_concurrent: args.max_concurrent as usize,
        max_queue: args.max_queue as usize,
        max_work: args.max_work,
        header_read_timeout: std::time::Duration::from_secs(args.header_timeout),
        version: common::VERSION.to_string(),
    };
    let state = dashboard::AppState::with_scenarios(config, files)?;
    dashboard::run_blocking(args.addr, state, |addr| {
        eprintln!(
            "faultline dashboard on http://{addr}/ with scenarios {} (Ctrl-C to stop)",
            names.join(", ")
        );
    })
    .with_context(|| format!("serving on {}", args.addr))?;
    Ok(ExitStatus::Success)
}
