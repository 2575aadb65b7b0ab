//! `faultline claims`: the scenario's claims (`[[claim]]` entries) as experiments on the model.

use std::path::PathBuf;

use clap::Args;

use crate::common::{self, Progress, ResultDestination, TableOrJson};
use crate::ExitStatus;

#[derive(Debug, Clone, Args)]
pub struct ClaimsArgs {
    /// Built-in scenario name or scenario file.
    #[arg(long, default_value = "iran-pakistan")]
    pub scenario: String,
    /// Runs per arm of each experiment (100–1,000,000: fewer cannot judge a claim by its 95% interval).
    #[arg(long, default_value_t = 4000, value_parser = crate::common::whole_number::<u64>(100, 1_000_000))]
    pub runs: u64,
    /// Master seed (0–18446744073709551615); every arm uses the same run indices (common random numbers).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[command(flatten)]
    pub parameters: common::ParameterArgs,
    /// Worker threads (0 = all cores). The output does not depend on it.
    #[arg(long, default_value_t = 0, value_parser = common::parse_threads)]
    pub threads: usize,
    /// Output format: a table for people, or JSON (docs/formats.md).
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    pub format: TableOrJson,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Exit 0 when every claim holds, 1 when one does not, 2 on an error (including a
/// scenario without claims).
pub fn claims(args: ClaimsArgs) -> anyhow::Result<ExitStatus> {
    let dest = ResultDestination::reserve(args.out.as_deref())?;
    let (text, origin) = common::scenario_text(&args.scenario)?;
    let parsed = scenario::parse(&text, &origin)?;
    if parsed.claim.is_empty() {
        anyhow::bail!(
            "scenario `{}` has no claims; a claim is a [[claim]] entry of the scenario file (docs/model.md §12)",
            parsed.meta.name
        );
    }
    let scenario = args.parameters.scenario_for(parsed, &[])?;
    let prepared = common::prepare_claims(&scenario, &text, &origin)?;
    let config = claims::ClaimsConfig { runs: args.runs, seed: args.seed };
    let progress = Progress::start(args.runs * claims::trajectories_per_run(&prepared), "claims");
    let results = common::with_threads(args.threads, || claims::evaluate(&prepared, &config, &|n| progress.tick(n)))?;
    progress.finish();
    let text = match args.format {
        TableOrJson::Json => serde_json::to_string_pretty(&results)? + "\n",
        TableOrJson::Table => render_table(&results, &scenario.meta.name, &args),
    };
    dest.write(&text)?;
    Ok(if results.iter().all(|c| c.holds) { ExitStatus::Success } else { ExitStatus::Failure })
}

fn render_table(results: &[claims::ClaimResult], scenario: &str, args: &ClaimsArgs) -> String {
    let mut out = format!(
        "Faultline {} — claims of scenario {scenario} ({} runs per arm, seed {})\n\n",
        common::VERSION,
        args.runs,
        args.seed
    );
    for c in results {
        out.push_str(&format!(
            "[{}] {}\n    {} ({})\n",
            if c.holds { "HOLDS" } else { "NOT SUPPORTED" },
            c.id,
            c.statement,
            c.source
        ));
        for check in &c.checks {
            out.push_str(&format!(
                "    {}\n    effect {:.4}  95% CI [{:.4}, {:.4}]  criterion: {}{}\n",
                check.measure,
                check.effect,
                check.low,
                check.high,
                check.threshold,
                if c.checks.len() > 1 && !check.holds { "  (not met)" } else { "" }
            ));
        }
        out.push('\n');
    }
    let held = results.iter().filter(|c| c.holds).count();
    out.push_str(&format!("{held} of {} claims hold\n", results.len()));
    out
}
