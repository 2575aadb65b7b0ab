//! `faultline serve`: the local web dashboard.

use std::net::SocketAddr;

use anyhow::Context;
use clap::Args;

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
}

pub fn serve(args: ServeArgs) -> anyhow::Result<ExitStatus> {
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "faultline: warning: listening on {}, reachable from other machines; the dashboard has no authentication",
            args.addr
        );
    }
    let state = dashboard::AppState::new(dashboard::ServerConfig {
        max_runs: args.max_runs,
        max_days: args.max_days,
        max_concurrent: args.max_concurrent as usize,
        version: common::VERSION.to_string(),
    });
    dashboard::run_blocking(args.addr, state, |addr| {
        eprintln!("faultline dashboard on http://{addr}/ (Ctrl-C to stop)");
    })
    .with_context(|| format!("serving on {}", args.addr))?;
    Ok(ExitStatus::Success)
}
