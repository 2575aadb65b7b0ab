//! `faultline events`: import event data, show the built-in chronology, summarise a file.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use events::{Date, Event, ImportOptions, Scope, SourceFormat, SummaryConfig};

use crate::common;
use crate::ExitStatus;

/// Input formats of `events import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Acled,
    Ucdp,
    Gdelt,
    Native,
}

/// Which rows an import keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScopeArg {
    /// Events of the Iran–Pakistan dyad.
    Dyad,
    /// As dyad, with non-state-to-state events limited to the Baloch border provinces.
    Border,
    /// Every well-formed row.
    All,
}

/// Output format of `events show` and `events summary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone, Subcommand)]
pub enum EventsCommand {
    /// Import an ACLED, UCDP GED, GDELT 2.0 or native file into a native events file.
    Import {
        /// Format of the input file.
        #[arg(long = "from", value_enum, value_name = "FORMAT")]
        format: InputFormat,
        /// The input file.
        file: PathBuf,
        /// The native events file to write (atomically).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Stop at the first malformed row (exit 2, nothing written).
        #[arg(long)]
        strict: bool,
        /// Which rows to keep.
        #[arg(long, value_enum, default_value_t = ScopeArg::Dyad)]
        scope: ScopeArg,
    },
    /// Print a built-in chronology (`iran-pakistan-2024`).
    Show {
        name: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Counts per month and type, fatalities per side and the daily tension index.
    Summary {
        /// Native events file or built-in chronology name.
        file: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Half-life of the tension index in days.
        #[arg(long = "half-life", value_name = "DAYS", default_value_t = 30.0)]
        half_life: f64,
        /// First day of the window (default: the first event).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day of the window (default: the last event).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
}

/// Parses a `YYYY-MM-DD` option value; the error names the option.
pub fn parse_date(s: &str, option: &str) -> anyhow::Result<Date> {
    let t = s.trim();
    match Date::parse_iso(t) {
        Some(d) if t.len() == 10 => Ok(d),
        _ => anyhow::bail!("{option}: `{s}` is not a date; expected YYYY-MM-DD"),
    }
}

/// Loads a built-in chronology by name, or a native events file by path.
pub fn load_events(name_or_path: &str) -> anyhow::Result<Vec<Event>> {
    if let Some(evs) = events::builtin_chronology(name_or_path) {
        return Ok(evs);
    }
    let path = std::path::Path::new(name_or_path);
    if !path.exists() {
        anyhow::bail!(
            "events `{name_or_path}` is neither a built-in chronology ({}) nor an existing file",
            events::builtin_names().join(", ")
        );
    }
    Ok(events::read_native(path)?)
}

fn table(evs: &[Event]) -> String {
    let mut o = format!(
        "{:<10} {:<19} {:<19} {:<20} {:<8} {:<24} {:>6}  {}\n",
        "date", "actor", "target", "event_type", "country", "admin1/admin2", "deaths", "source"
    );
    for e in evs {
        let place = match (e.location.admin1.as_str(), e.location.admin2.as_str()) {
            ("", "") => String::new(),
            (a, "") => a.to_string(),
            (a, b) => format!("{a}/{b}"),
        };
        o.push_str(&format!(
            "{:<10} {:<19} {:<19} {:<20} {:<8} {:<24} {:>6}  {}\n",
            e.date.to_string(),
            e.actor.as_str(),
            e.target.as_str(),
            e.event_type.as_str(),
            e.location.country.as_ref().map_or("", |c| c.as_str()),
            place,
            e.fatalities.map_or_else(String::new, |f| f.best.to_string()),
            e.source
        ));
    }
    o
}

pub fn events(cmd: EventsCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        EventsCommand::Import { format, file, out, strict, scope } => {
            let (evs, report) = match format {
                InputFormat::Native => {
                    let evs = events::read_native(&file)?;
                    let n = evs.len();
                    (evs, format!("native import of {}: {n} rows read, {n} imported\n", file.display()))
                }
                other => {
                    let source = match other {
                        InputFormat::Acled => SourceFormat::Acled,
                        InputFormat::Ucdp => SourceFormat::UcdpGed,
                        _ => SourceFormat::Gdelt,
                    };
                    let scope = match scope {
                        ScopeArg::Dyad => Scope::Dyad,
                        ScopeArg::Border => Scope::BorderProvinces,
                        ScopeArg::All => Scope::All,
                    };
                    let opts = ImportOptions { strict, scope, ..ImportOptions::default() };
                    let res = events::import(source, &file, &opts)?;
                    (res.events, res.report.render())
                }
            };
            events::write_native(&out, &evs)?;
            common::write_output(None, &format!("{report}wrote {} events to {}\n", evs.len(), out.display()))?;
        }
        EventsCommand::Show { name, format } => {
            let evs = events::builtin_chronology(&name).with_context(|| {
                format!("no built-in chronology `{name}`; known: {}", events::builtin_names().join(", "))
            })?;
            let text = match format {
                Format::Table => table(&evs),
                Format::Csv => events::to_native_string(&evs),
                Format::Json => serde_json::to_string_pretty(&evs)? + "\n",
            };
            common::write_output(None, &text)?;
        }
        EventsCommand::Summary { file, format, half_life, from, to } => {
            if !(half_life.is_finite() && half_life > 0.0) {
                anyhow::bail!("--half-life: {half_life} is not allowed; expected a number of days > 0");
            }
            let evs = load_events(&file)?;
            let cfg = SummaryConfig {
                from: from.as_deref().map(|s| parse_date(s, "--from")).transpose()?,
                to: to.as_deref().map(|s| parse_date(s, "--to")).transpose()?,
                half_life_days: half_life,
                ..SummaryConfig::default()
            };
            let s = events::summarize(&evs, &cfg);
            let text = match format {
                Format::Table => events::render_text(&s),
                Format::Csv => events::render_csv(&s),
                Format::Json => events::render_json(&s) + "\n",
            };
            common::write_output(None, &text)?;
        }
    }
    Ok(ExitStatus::Success)
}
