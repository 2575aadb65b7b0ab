//! `faultline events`: import event data, show a built-in chronology, summarise a file.
//! Actors and countries are those of a scenario (`--scenario`); this command opens
//! and writes the files, the `events` library parses and renders text.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use events::{Date, Dyad, Event, ImportOptions, Scope, SourceFormat, SummaryConfig};

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
    /// Events of the scenario's two states and their insurgents.
    Dyad,
    /// As dyad, with non-state-to-state events limited to the first-level divisions the
    /// scenario's groups list (`admin1`).
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

/// Output format of `events extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Csv,
    Json,
}

#[derive(Debug, Clone, Subcommand)]
pub enum EventsCommand {
    /// Import an ACLED, UCDP GED, GDELT 2.0 or native file into a native events file.
    Import {
        /// Format of the input file (`--from` is accepted as an older name).
        #[arg(long = "format", alias = "from", value_enum, value_name = "FORMAT")]
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
        /// Built-in scenario name or scenario TOML file whose states and groups the
        /// events are matched to.
        #[arg(long, default_value = common::DEFAULT_SCENARIO)]
        scenario: String,
    },
    /// Print a built-in chronology (named after its scenario: `iran-pakistan`, …).
    Show {
        name: String,
        /// Output format: a table for people, native CSV or JSON (docs/events.md).
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Scenario whose ids name the actors (default: the scenario the chronology is named after).
        #[arg(long)]
        scenario: Option<String>,
    },
    /// Code events from news articles (plain text or HTML; `-` reads standard input).
    Extract {
        /// Article files.
        #[arg(required = true)]
        files: Vec<String>,
        /// Built-in scenario name or scenario TOML file whose states, groups and regions
        /// the events are coded for (default: an article's `DYAD:` line, else iran-pakistan).
        #[arg(long)]
        scenario: Option<String>,
        /// The articles' date, YYYY-MM-DD, from which "yesterday" or "on Monday" are
        /// counted (default: a `DATE:` line, HTML metadata or the dateline).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Write to this file (atomically) instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Output format: CSV or JSON, both with provenance (docs/extract.md).
        #[arg(long, value_enum, default_value_t = ExtractFormat::Csv)]
        format: ExtractFormat,
        /// An extra dictionary file (actors, verb rules or places; TOML, see docs/extract.md; repeatable).
        #[arg(long = "dictionary", value_name = "FILE")]
        dictionaries: Vec<PathBuf>,
    },
    /// Score extracted events against hand labels: precision, recall, F1; date, place and fatality accuracy.
    Score {
        /// Folder of labelled files, one `NNN.csv` per article `NNN`.
        #[arg(long, value_name = "DIR")]
        expected: PathBuf,
        /// The output of `events extract --format csv`.
        #[arg(long, value_name = "FILE")]
        extracted: PathBuf,
        /// A `file,split` table; with --set, only the labelled files of that split are scored.
        #[arg(long, value_name = "FILE", requires = "set")]
        split: Option<PathBuf>,
        /// The split to score (e.g. `train`, `test`).
        #[arg(long, value_name = "NAME", requires = "split")]
        set: Option<String>,
        /// Output format: a table for people, or JSON.
        #[arg(long, value_enum, default_value_t = crate::common::TableOrJson::Table)]
        format: crate::common::TableOrJson,
        /// List missed and spurious events.
        #[arg(long)]
        verbose: bool,
    },
    /// Counts per month and type, fatalities per side and the daily tension index.
    Summary {
        /// Native events file or built-in chronology name.
        file: String,
        /// Output format: a table for people, native CSV or JSON (docs/events.md).
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
        /// Print per-day counts instead, one CSV row per day with columns named after
        /// the states (`<state id>_insurgent_attacks`, …).
        #[arg(long, conflicts_with = "format")]
        daily: bool,
        /// Scenario whose states the events belong to (default: the scenario a built-in
        /// chronology is named after, else the built-in iran-pakistan).
        #[arg(long)]
        scenario: Option<String>,
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

/// The scenario named by `--scenario`; without it, the built-in scenario a chronology
/// named `events` describes, else the default scenario.
pub fn scenario_for(scenario: Option<&str>, events: &str) -> anyhow::Result<scenario::Scenario> {
    let name = match scenario {
        Some(s) => s,
        None if events::builtin_chronology_csv(events).is_some() => events,
        None => common::DEFAULT_SCENARIO,
    };
    common::load_scenario(name)
}

/// Loads a built-in chronology by name, or a native events file by path, with the
/// actors and countries of `dyad`.
pub fn load_events(name_or_path: &str, dyad: &Dyad) -> anyhow::Result<Vec<Event>> {
    if let Some(parsed) = events::builtin_chronology(name_or_path, dyad) {
        return parsed.with_context(|| {
            format!("the built-in chronology `{name_or_path}` is written for the scenario of the same name, not `{}`", dyad.scenario)
        });
    }
    let path = Path::new(name_or_path);
    if !path.exists() {
        anyhow::bail!(
            "events `{name_or_path}` is neither a built-in chronology ({}) nor an existing file",
            events::builtin_names().join(", ")
        );
    }
    read_native(path, dyad)
}

/// Reads a native events file.
pub fn read_native(path: &Path, dyad: &Dyad) -> anyhow::Result<Vec<Event>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    Ok(events::parse_native(std::io::BufReader::with_capacity(1 << 16, file), path, dyad)?)
}

fn table(evs: &[Event], dyad: &Dyad) -> String {
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
            dyad.actor_name(e.actor),
            dyad.actor_name(e.target),
            e.event_type.as_str(),
            e.location.country.as_ref().map_or("", |c| dyad.country_code(c)),
            place,
            e.fatalities.map_or_else(String::new, |f| f.best.to_string()),
            e.source
        ));
    }
    o
}

pub fn events(cmd: EventsCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        EventsCommand::Import { format, file, out, strict, scope, scenario } => {
            let mut outputs = common::Outputs::new();
            let out_file = outputs.file(&out)?;
            let dyad = Dyad::from_scenario(&common::load_scenario(&scenario)?);
            let (evs, report) = match format {
                InputFormat::Native => {
                    let evs = read_native(&file, &dyad)?;
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
                    let input = std::fs::File::open(&file).with_context(|| format!("opening {}", file.display()))?;
                    let res = events::import_reader(source, std::io::BufReader::with_capacity(1 << 17, input), &file, &opts, &dyad)?;
                    (res.events, res.report.render())
                }
            };
            outputs.write(out_file, events::to_native_string(&evs, &dyad).as_bytes())?;
            outputs.commit()?;
            common::write_output(None, &format!("{report}wrote {} events to {}\n", evs.len(), out.display()))?;
        }
        EventsCommand::Show { name, format, scenario } => {
            if events::builtin_chronology_csv(&name).is_none() {
                anyhow::bail!("no built-in chronology `{name}`; known: {}", events::builtin_names().join(", "));
            }
            let dyad = Dyad::from_scenario(&scenario_for(scenario.as_deref(), &name)?);
            let evs = load_events(&name, &dyad)?;
            let text = match format {
                Format::Table => table(&evs, &dyad),
                Format::Csv => events::to_native_string(&evs, &dyad),
                Format::Json => events::to_json_string(&evs, &dyad) + "\n",
            };
            common::write_output(None, &text)?;
        }
        EventsCommand::Extract { files, scenario, date, out, format, dictionaries } => {
            super::extract::extract(&files, scenario.as_deref(), date.as_deref(), out.as_deref(), format, &dictionaries)?;
        }
        EventsCommand::Score { expected, extracted, split, set, format, verbose } => {
            super::extract::score(&expected, &extracted, split.as_deref(), set.as_deref(), format, verbose)?;
        }
        EventsCommand::Summary { file, format, half_life, from, to, daily, scenario } => {
            if !(half_life.is_finite() && half_life > 0.0) {
                anyhow::bail!("--half-life: {half_life} is not allowed; expected a number of days > 0");
            }
            let dyad = Dyad::from_scenario(&scenario_for(scenario.as_deref(), &file)?);
            let evs = load_events(&file, &dyad)?;
            let cfg = SummaryConfig {
                from: from.as_deref().map(|s| parse_date(s, "--from")).transpose()?,
                to: to.as_deref().map(|s| parse_date(s, "--to")).transpose()?,
                half_life_days: half_life,
                ..SummaryConfig::default()
            };
            let s = events::summarize(&evs, &cfg, &dyad);
            let text = if daily {
                events::daily_counts_csv(&events::daily_counts(&evs, s.from, s.to), &dyad)
            } else {
                match format {
                    Format::Table => events::render_text(&s),
                    Format::Csv => events::render_csv(&s),
                    Format::Json => events::render_json(&s) + "\n",
                }
            };
            common::write_output(None, &text)?;
        }
    }
    Ok(ExitStatus::Success)
}
