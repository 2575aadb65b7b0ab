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
    /// Run only shard I of N of the runs (whole reduction blocks of every claim) and
    /// write a partial file for `faultline merge` (docs/scale-out.md).
    #[arg(long, value_name = "I/N", value_parser = super::shard::parse_shard)]
    pub shard: Option<super::shard::Shard>,
}

/// The scenario and its claims, prepared as experiments.
fn setup(args: &ClaimsArgs) -> anyhow::Result<(scenario::Scenario, Vec<claims::Claim>)> {
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
    Ok((scenario, prepared))
}

/// Exit 0 when every claim holds, 1 when one does not, 2 on an error (including a
/// scenario without claims).
pub fn claims(args: ClaimsArgs) -> anyhow::Result<ExitStatus> {
    let dest = ResultDestination::reserve(args.out.as_deref())?;
    let (scenario, prepared) = setup(&args)?;
    let config = claims::ClaimsConfig { runs: args.runs, seed: args.seed };
    let Some(shard) = args.shard else {
        let progress = Progress::start(args.runs * claims::trajectories_per_run(&prepared), "claims");
        let results = common::with_threads(args.threads, || claims::evaluate(&prepared, &config, &|n| progress.tick(n)))?;
        progress.finish();
        return write_results(&args, &scenario, &results, dest);
    };
    let (_, blocks) = ensemble::reduction_blocks(args.runs);
    let range = shard.range(blocks);
    let runs = ensemble::reduction_block_runs(args.runs, range.clone());
    let progress = Progress::start((runs.end - runs.start) * claims::trajectories_per_run(&prepared), "claims shard");
    let parts = common::with_threads(args.threads, || claims::evaluate_blocks(&prepared, &config, range.clone(), &|n| progress.tick(n)))?;
    progress.finish();
    let payload = super::shard::Payload::Claims { blocks: parts };
    super::shard::write_partial(dest, shard, super::shard::job_hash(&[scenario.to_toml()]), args.seed, "reduction blocks", range, blocks, payload)
}

/// `faultline merge` of the claims' shards: each claim's reduction blocks folded in
/// block order, as the unsharded run folds them; the exit status is the unsharded one.
pub fn finish_merged(args: ClaimsArgs, merged: super::shard::Merged, dest: ResultDestination) -> anyhow::Result<ExitStatus> {
    let (scenario, prepared) = setup(&args)?;
    super::shard::check_rebuilt(&merged, &super::shard::job_hash(&[scenario.to_toml()]), args.seed)?;
    let parts = super::shard::payloads_of(merged.payloads, "claims", |p| match p {
        super::shard::Payload::Claims { blocks } => Some(blocks),
        _ => None,
    })?;
    let blocks = super::shard::concat_per_item(prepared.len(), parts, "claims")?;
    let config = claims::ClaimsConfig { runs: args.runs, seed: args.seed };
    let results = claims::results_from_blocks(&prepared, &config, &blocks)?;
    write_results(&args, &scenario, &results, dest)
}

fn write_results(args: &ClaimsArgs, scenario: &scenario::Scenario, results: &[claims::ClaimResult], dest: ResultDestination) -> anyhow::Result<ExitStatus> {
    let text = match args.format {
        TableOrJson::Json => serde_json::to_string_pretty(results)? + "\n",
        TableOrJson::Table => render_table(results, &scenario.meta.name, args),
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
