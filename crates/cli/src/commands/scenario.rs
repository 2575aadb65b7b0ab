//! `faultline scenario`: list, show and check scenarios, and list levers, outcomes and parameters.

use std::path::PathBuf;

use clap::Subcommand;

use crate::common;
use crate::ExitStatus;

#[derive(Debug, Clone, Subcommand)]
pub enum ScenarioCommand {
    /// List the built-in scenarios.
    List,
    /// Print a scenario's TOML (copy it to start your own).
    Show {
        /// Built-in scenario name or file.
        name: String,
    },
    /// Validate a scenario file; exit 2 with a located error if it is invalid.
    Check {
        file: PathBuf,
    },
    /// List the policy levers with their ranges and status-quo values.
    Levers {
        /// Built-in scenario name or scenario TOML file.
        #[arg(long, default_value = "iran-pakistan")]
        scenario: String,
    },
    /// List the scenario's outcomes (the names forecast, compare, sensitivity and claims use).
    Outcomes {
        /// Built-in scenario name or scenario TOML file.
        #[arg(long, default_value = "iran-pakistan")]
        scenario: String,
    },
    /// List every parameter with its value, range, unit, tag and source.
    Params {
        /// Built-in scenario name or scenario TOML file.
        #[arg(long, default_value = "iran-pakistan")]
        scenario: String,
        /// Only parameters with a non-degenerate range.
        #[arg(long)]
        uncertain: bool,
    },
}

pub fn scenario(cmd: ScenarioCommand) -> anyhow::Result<ExitStatus> {
    let mut out = String::new();
    match cmd {
        ScenarioCommand::List => {
            for name in scenario::builtin_names() {
                let sc = scenario::builtin(name)?;
                out.push_str(&format!("{name}\t{}\n", sc.meta.title));
            }
        }
        ScenarioCommand::Show { name } => match scenario::builtin_or_prior_text(&name) {
            Some(text) => out.push_str(text),
            None => {
                let sc = common::load_scenario(&name)?;
                out.push_str(&sc.to_toml());
            }
        },
        ScenarioCommand::Check { file } => {
            let text = common::read_scenario_file(&file)?;
            let origin = file.display().to_string();
            let sc = scenario::parse(&text, &origin)?;
            common::prepare_claims(&sc, &text, &origin)?;
            out.push_str(&format!(
                "{}: ok — scenario `{}`, {} parameters ({} uncertain), {} claims, hash {}\n",
                file.display(),
                sc.meta.name,
                scenario::parameter_paths(&sc).len(),
                scenario::uncertain_parameters(&sc).len(),
                sc.claim.len(),
                sc.hash()
            ));
        }
        ScenarioCommand::Outcomes { scenario: name } => {
            let sc = common::load_scenario(&name)?;
            for o in engine::outcomes(&sc) {
                let unit = match o.kind() {
                    engine::OutcomeKind::Probability => "probability by day".to_string(),
                    engine::OutcomeKind::Quantity => format!("{} at day", o.unit),
                };
                out.push_str(&format!("{:<26} {} — {}\n", o.name, unit, o.description));
            }
        }
        ScenarioCommand::Levers { scenario: name } => {
            let sc = common::load_scenario(&name)?;
            let levers = sc.default_levers();
            for spec in scenario::LEVERS {
                out.push_str(&format!(
                    "{:<22} {:>8} [{}, {}] {} — {}\n",
                    spec.name,
                    (spec.get)(&levers),
                    spec.min,
                    spec.max,
                    spec.unit,
                    spec.description
                ));
            }
            out.push_str("development            sets both regions; development.<region id> sets one: ");
            let ids: Vec<String> = sc.border_region.iter().map(|r| format!("development.{}", r.id)).collect();
            out.push_str(&ids.join(", "));
            out.push('\n');
        }
        ScenarioCommand::Params { scenario: name, uncertain } => {
            let sc = common::load_scenario(&name)?;
            let list = if uncertain { scenario::uncertain_parameters(&sc) } else { scenario::parameter_paths(&sc) };
            for p in list {
                out.push_str(&format!(
                    "{:<48} {:>10} [{}, {}] {} [{:?}] {}\n",
                    p.name, p.param.value, p.param.range[0], p.param.range[1], p.param.unit, p.param.tag, p.param.source
                ));
            }
        }
    }
    common::write_output(None, &out)?;
    Ok(ExitStatus::Success)
}
