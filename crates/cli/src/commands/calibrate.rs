//! `faultline calibrate`: fit the insurgent groups' attack process and fatality tail to event data.

use std::path::PathBuf;

use clap::Args;

use super::events::{load_events, parse_date};
use crate::common::{self, TableOrJson};
use crate::ExitStatus;

#[derive(Debug, Clone, Args)]
pub struct CalibrateArgs {
    /// Native events file (or built-in chronology) with the attacks to fit.
    #[arg(long, value_name = "FILE")]
    pub events: String,
    /// Scenario whose groups are calibrated: built-in name or TOML file.
    #[arg(long, default_value = common::DEFAULT_SCENARIO)]
    pub scenario: String,
    /// Calibrated scenario TOML to write (atomically).
    #[arg(long, value_name = "FILE.toml")]
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
    let scenario = common::load_scenario(&args.scenario)?;
    let evs = load_events(&args.events, &events::Dyad::from_scenario(&scenario))?;
    let opts = backtest::CalibrateOptions {
        data_label: args.events.clone(),
        from: args.from.as_deref().map(|s| parse_date(s, "--from")).transpose()?,
        to: args.to.as_deref().map(|s| parse_date(s, "--to")).transpose()?,
        seed: args.seed,
        ..backtest::CalibrateOptions::default()
    };
    let cal = backtest::calibrate(&evs, &scenario, &opts)?;
    let header = format!(
        "# Scenario `{}` calibrated by faultline calibrate {} to {} ({}..{}).\n",
        scenario.meta.name,
        common::VERSION,
        args.events,
        cal.from,
        cal.to
    );
    common::write_atomic(&args.out, (header + &cal.scenario.to_toml()).as_bytes())?;
    let text = match args.format {
        TableOrJson::Table => format!("{}wrote {}\n", backtest::render_fit_table(&cal), args.out.display()),
        TableOrJson::Json => serde_json::to_string_pretty(&cal)? + "\n",
    };
    common::write_output(None, &text)?;
    Ok(ExitStatus::Success)
}
