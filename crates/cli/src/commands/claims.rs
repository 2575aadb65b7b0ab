//! `faultline claims`: the seed article's conclusions as experiments on the model.

use std::path::PathBuf;

use clap::Args;

use crate::common::{self, Progress, TableOrJson};
use crate::ExitStatus;

#[derive(Debug, Clone, Args)]
pub struct ClaimsArgs {
    /// Built-in scenario name or scenario file.
    #[arg(long, default_value = "iran-pakistan")]
    pub scenario: String,
    /// Runs per arm of each experiment.
    #[arg(long, default_value_t = 4000, value_parser = clap::value_parser!(u64).range(100..=1_000_000))]
    pub runs: u64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[command(flatten)]
    pub parameters: common::ParameterArgs,
    /// Worker threads (0 = all cores). The output does not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    pub format: TableOrJson,
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn claims(args: ClaimsArgs) -> anyhow::Result<ExitStatus> {
    let scenario = args.parameters.scenario_for(common::load_scenario(&args.scenario)?, &[])?;
    let config = claims::ClaimsConfig { runs: args.runs, seed: args.seed };
    let progress = Progress::start(args.runs * claims::TRAJECTORIES_PER_RUN, "claims");
    let results = common::with_threads(args.threads, || claims::evaluate(&scenario, &config, &|n| progress.tick(n)))?;
    progress.finish();
    let text = match args.format {
        TableOrJson::Json => serde_json::to_string_pretty(&results)? + "\n",
        TableOrJson::Table => {
            let mut out = format!(
                "Faultline {} — claims of the seed article on scenario {} ({} runs per arm, seed {})\n\n",
                common::VERSION,
                scenario.meta.name,
                args.runs,
                args.seed
            );
            for c in &results {
                out.push_str(&format!(
                    "[{}] {}\n    {}\n    {}\n    effect {:.4}  95% CI [{:.4}, {:.4}]  criterion: {}\n\n",
                    if c.holds { "HOLDS" } else { "NOT SUPPORTED" },
                    c.id,
                    c.statement,
                    c.measure,
                    c.effect,
                    c.low,
                    c.high,
                    c.threshold
                ));
            }
            let held = results.iter().filter(|c| c.holds).count();
            out.push_str(&format!("{held} of {} claims hold\n", results.len()));
            out
        }
    };
    common::write_output(args.out.as_deref(), &text)?;
    Ok(if results.iter().all(|c| c.holds) { ExitStatus::Success } else { ExitStatus::Failure })
}
