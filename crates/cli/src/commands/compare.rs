//! `faultline compare`: a baseline against alternative arms, or a 2^k factorial
//! design over levers, with common random numbers. The work is done by the
//! `policy` crate; this module parses options and writes the result.

use clap::Args;
use policy::{Arm, Factor, Outcome, RunConfig};

use crate::common::{self, ModelArgs, OutputArgs, OutputFormat, Progress, ResultDestination, RunArgs};
use crate::ExitStatus;

/// Outcomes reported when `--outcomes` is not given.
const DEFAULT_OUTCOMES: &str = "cross_border_strike,strike_exchange,war,border_closure,resolution,trade_usd_bn";

#[derive(Debug, Clone, Args)]
#[command(after_help = "ARMS: NAME:ITEM[,ITEM...] where ITEM is LEVER=VALUE (see `faultline scenario levers`; \
`development` sets both regions) or shock=SPEC in the --shock syntax. Arms start from the baseline (the \
--lever/--shock options) and add their items. Examples:
  --arm expel:mutual_expulsion=1
  --arm both:mutual_expulsion=1,development=300
  --arm raid:shock=attack:iran:30@10

FACTORIAL: --factorial mutual_expulsion,development runs all 2^k combinations of the levers at low (the \
baseline's setting, or --low) and high (--high, else the default). Default highs: mutual_expulsion=1, \
development=300 (million USD per year in each region), liaison_ct=1, smuggling_crackdown=1, \
pipeline_completion=1, trade_target=15 (billion USD per year).")]
#[command(mut_arg("days", |days| days.help("Horizon in days; outcomes are read on this day")))]
#[command(mut_arg("seed", |seed| seed.help("Master seed (every arm uses the same streams)")))]
pub struct CompareArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// An alternative arm, NAME:LEVER=VALUE[,LEVER=VALUE|shock=SPEC...] (repeatable).
    #[arg(long = "arm", value_name = "NAME:ITEMS")]
    pub arms: Vec<String>,
    /// Run the full 2^k factorial design over these levers (comma-separated) instead of arms.
    #[arg(long, value_name = "LEVER,LEVER", value_delimiter = ',', conflicts_with = "arms")]
    pub factorial: Vec<String>,
    /// High setting of a factorial lever, LEVER=VALUE (repeatable or comma-separated).
    #[arg(long, value_name = "LEVER=VALUE", value_delimiter = ',', requires = "factorial")]
    pub high: Vec<String>,
    /// Low setting of a factorial lever, LEVER=VALUE (default: the baseline's setting).
    #[arg(long, value_name = "LEVER=VALUE", value_delimiter = ',', requires = "factorial")]
    pub low: Vec<String>,
    /// Outcomes to compare (comma-separated); `faultline scenario outcomes` lists the scenario's.
    #[arg(long, value_name = "NAME,NAME", default_value = DEFAULT_OUTCOMES)]
    pub outcomes: Vec<String>,
    /// Paired runs per arm (or per factorial cell) (2–10,000,000).
    #[arg(long, default_value_t = 4000, value_parser = crate::common::whole_number::<u64>(2, 10_000_000))]
    pub runs: u64,
    #[command(flatten)]
    pub run: RunArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Run only shard I of N of the runs (whole reduction blocks) and write a partial
    /// file for `faultline merge` (docs/scale-out.md).
    #[arg(long, value_name = "I/N", value_parser = super::shard::parse_shard)]
    pub shard: Option<super::shard::Shard>,
}

/// Parses `LEVER=VALUE` settings of `--high`/`--low` for the factorial levers.
fn settings(option: &str, items: &[String], levers: &[String]) -> anyhow::Result<Vec<(String, f64)>> {
    let mut res: Vec<(String, f64)> = Vec::new();
    for item in items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let (name, value) = item
            .split_once('=')
            .ok_or_else(|| anyhow::anyhow!("--{option} `{item}`: expected LEVER=VALUE, e.g. development=500"))?;
        let name = name.trim();
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("--{option} `{item}`: `{}` is not a number", value.trim()))?;
        if !levers.iter().any(|l| l == name) {
            anyhow::bail!("--{option} `{item}`: `{name}` is not one of the --factorial levers ({})", levers.join(", "));
        }
        res.push((name.to_string(), value));
    }
    Ok(res)
}

/// What `compare` runs: alternative arms, or a factorial design.
enum Design {
    Arms(Vec<Arm>),
    Factorial(Vec<Factor>),
}

/// The scenario, baseline, outcomes and design of a `compare` command.
struct Setup {
    scenario: scenario::Scenario,
    baseline: Arm,
    outcomes: Vec<Outcome>,
    config: RunConfig,
    design: Design,
}

fn setup(args: &CompareArgs) -> anyhow::Result<Setup> {
    let (scenario, levers, shocks) = common::resolve(&args.model)?;
    let mut baseline = Arm::baseline(levers, shocks);
    baseline.changes = args.model.levers.iter().cloned().chain(args.model.shocks.iter().map(|s| format!("shock={s}"))).collect();
    let outcomes = Outcome::parse_list(&args.outcomes, &scenario)?;
    let config = RunConfig { runs: args.runs, seed: args.run.seed, days: args.run.days };
    let design = if !args.factorial.is_empty() {
        let names: Vec<String> = args.factorial.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        let highs = settings("high", &args.high, &names)?;
        let lows = settings("low", &args.low, &names)?;
        let factors = names
            .iter()
            .map(|name| {
                let mut factor = match highs.iter().rev().find(|(n, _)| n == name) {
                    Some((_, high)) => Factor { lever: name.clone(), low: None, high: *high },
                    None => Factor::with_default_high(name)?,
                };
                factor.low = lows.iter().rev().find(|(n, _)| n == name).map(|(_, v)| *v);
                Ok(factor)
            })
            .collect::<Result<Vec<_>, policy::PolicyError>>()?;
        Design::Factorial(factors)
    } else {
        if args.arms.is_empty() {
            anyhow::bail!("--arm: give at least one arm (e.g. --arm expel:mutual_expulsion=1), or --factorial LEVER,LEVER");
        }
        let arms = args.arms.iter().map(|a| Arm::parse(a, &scenario, &baseline)).collect::<Result<Vec<_>, _>>()?;
        Design::Arms(arms)
    };
    Ok(Setup { scenario, baseline, outcomes, config, design })
}

/// The result as `--format` asks.
fn render(args: &CompareArgs, result: &CompareResult) -> anyhow::Result<String> {
    Ok(match (result, args.output.format) {
        (CompareResult::Factorial(r), OutputFormat::Table) => policy::render::factorial_table(r),
        (CompareResult::Factorial(r), OutputFormat::Json) => serde_json::to_string_pretty(r)? + "\n",
        (CompareResult::Factorial(r), OutputFormat::Csv) => policy::render::factorial_csv(r),
        (CompareResult::Arms(r), OutputFormat::Table) => policy::render::comparison_table(r),
        (CompareResult::Arms(r), OutputFormat::Json) => serde_json::to_string_pretty(r)? + "\n",
        (CompareResult::Arms(r), OutputFormat::Csv) => policy::render::comparison_csv(r),
    })
}

enum CompareResult {
    Arms(policy::Comparison),
    Factorial(policy::FactorialResult),
}

pub fn compare(args: CompareArgs) -> anyhow::Result<ExitStatus> {
    let dest = ResultDestination::reserve(args.output.out.as_deref())?;
    let Setup { scenario, baseline, outcomes, config, design } = setup(&args)?;
    let (_, blocks) = ensemble::reduction_blocks(config.runs);
    let range = match args.shard {
        Some(shard) => shard.range(blocks),
        None => 0..blocks,
    };
    let runs_in_range = ensemble::reduction_block_runs(config.runs, range.clone());
    let label = match (&design, args.shard) {
        (Design::Factorial(_), None) => "factorial",
        (Design::Arms(_), None) => "compare",
        (_, Some(_)) => "compare shard",
    };
    let progress = Progress::start(runs_in_range.end - runs_in_range.start, label);
    let tick = |n| progress.tick(n);
    let payload = common::with_threads(args.run.threads, || -> Result<super::shard::Payload, policy::PolicyError> {
        Ok(match &design {
            Design::Factorial(factors) => super::shard::Payload::Factorial {
                blocks: policy::factorial_blocks(&scenario, &baseline, factors, &outcomes, &config, range.clone(), &tick)?,
            },
            Design::Arms(arms) => super::shard::Payload::Comparison {
                blocks: policy::comparison_blocks(&scenario, &baseline, arms, &outcomes, &config, range.clone(), &tick)?,
            },
        })
    })??;
    progress.finish();
    if let Some(shard) = args.shard {
        return super::shard::write_partial(dest, shard, scenario.hash(), config.seed, "reduction blocks", range, blocks, payload);
    }
    let result = finish_payloads(&scenario, &baseline, &outcomes, &config, &design, vec![payload])?;
    dest.write(&render(&args, &result)?)?;
    Ok(ExitStatus::Success)
}

/// Folds the reduction blocks of the payloads, in order, into the result.
fn finish_payloads(
    scenario: &scenario::Scenario,
    baseline: &Arm,
    outcomes: &[Outcome],
    config: &RunConfig,
    design: &Design,
    payloads: Vec<super::shard::Payload>,
) -> anyhow::Result<CompareResult> {
    use super::shard::Payload;
    Ok(match design {
        Design::Factorial(factors) => {
            let parts = super::shard::payloads_of(payloads, "compare --factorial", |p| match p {
                Payload::Factorial { blocks } => Some(blocks),
                _ => None,
            })?;
            let blocks: Vec<_> = parts.into_iter().flatten().collect();
            CompareResult::Factorial(policy::factorial_from_blocks(scenario, baseline, factors, outcomes, config, &blocks)?)
        }
        Design::Arms(arms) => {
            let parts = super::shard::payloads_of(payloads, "compare", |p| match p {
                Payload::Comparison { blocks } => Some(blocks),
                _ => None,
            })?;
            let blocks: Vec<_> = parts.into_iter().flatten().collect();
            CompareResult::Arms(policy::comparison_from_blocks(scenario, baseline, arms, outcomes, config, &blocks)?)
        }
    })
}

/// `faultline merge` of a comparison's shards: the reduction blocks of every part,
/// folded in block order, as the unsharded run folds them.
pub fn finish_merged(args: CompareArgs, merged: super::shard::Merged, dest: ResultDestination) -> anyhow::Result<ExitStatus> {
    let Setup { scenario, baseline, outcomes, config, design } = setup(&args)?;
    super::shard::check_rebuilt(&merged, &scenario.hash(), config.seed)?;
    let result = finish_payloads(&scenario, &baseline, &outcomes, &config, &design, merged.payloads)?;
    dest.write(&render(&args, &result)?)?;
    Ok(ExitStatus::Success)
}
