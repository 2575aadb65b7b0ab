//! `--shard I/N` and `faultline merge`: a long job split into shards that run
//! anywhere (a Slurm job array, several machines), each writing a partial result,
//! and merged into exactly the output of the unsharded command (docs/scale-out.md).
//!
//! A partial file is JSON (schema `faultline.partial`): the command line that made
//! it (without `--shard`, `--out` and `--threads`, which do not change the result),
//! the version, the scenario's hash, the seed, the shard and the range of items it
//! covers, and the payload: a forecast's integer totals (`ensemble::Accumulator`), a
//! sensitivity analysis's design-point outputs (as IEEE-754 bit patterns, so they
//! round-trip exactly), the accumulators of a comparison's, factorial design's or the
//! claims' reduction blocks (`ensemble::reduction_blocks`), or a backtest's per-origin
//! forecasts, or an evaluation's per-dyad results. `scenario_hash` is a digest of the
//! inputs besides the command line (`job_hash`: the scenario, and for `claims` its
//! claims, for `backtest` and `evaluate` the events too). The merge re-reads the
//! command line, sums, folds or concatenates the payloads and finishes the command as
//! the unsharded run would.

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use serde::{Deserialize, Serialize};

use crate::ExitStatus;
use crate::common::{self, ResultDestination};

pub const PARTIAL_SCHEMA: &str = "faultline.partial";
pub const PARTIAL_SCHEMA_VERSION: u32 = 1;
/// The commands that take `--shard I/N`.
pub const SHARDABLE: &[&str] = &["forecast", "sensitivity", "compare", "backtest", "claims", "evaluate"];
/// The most shards a job may have.
pub const MAX_SHARDS: u32 = 100_000;

/// Shard `index` of `count` (1-based, as Slurm's array task ids usually are).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// The items `total·(I−1)/N .. total·I/N` of `0..total`: contiguous, disjoint, covering.
    pub fn range(&self, total: u64) -> Range<u64> {
        let at = |i: u32| (u128::from(total) * u128::from(i) / u128::from(self.count)) as u64;
        at(self.index - 1)..at(self.index)
    }
}

/// Parses `--shard I/N`.
pub fn parse_shard(s: &str) -> Result<Shard, String> {
    let bad = || format!("expected I/N with 1 ≤ I ≤ N ≤ {MAX_SHARDS}, e.g. 3/8 (found `{s}`)");
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let (index, count): (u32, u32) = (i.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
    if index == 0 || index > count || count > MAX_SHARDS {
        return Err(bad());
    }
    Ok(Shard { index, count })
}

/// What a shard computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payload {
    /// The integer totals of the forecast's runs in the range.
    Forecast { accumulator: Box<ensemble::Accumulator> },
    /// The outputs of the design points in the range, as `f64::to_bits`.
    Sensitivity { output_bits: Vec<u64> },
    /// A comparison's streaming statistics, one entry per reduction block in the range.
    Comparison { blocks: Vec<policy::ComparisonBlock> },
    /// A factorial design's streaming statistics, one entry per reduction block in the range.
    Factorial { blocks: Vec<policy::FactorialBlock> },
    /// Per claim, its streaming statistics for each reduction block in the range.
    Claims { blocks: Vec<Vec<claims::ClaimBlock>> },
    /// The ensemble forecasts of the origins in the range.
    Backtest { origins: Vec<backtest::OriginForecast> },
    /// Per fitting, the results of the dyads in the range.
    Evaluation { fittings: Vec<Vec<learn::DyadEvaluation>> },
}

/// A partial result file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Partial {
    pub schema: String,
    pub schema_version: u32,
    pub faultline_version: String,
    /// The command's arguments after the program name, without `--shard`, `--out` and `--threads`.
    pub command: Vec<String>,
    pub scenario_hash: String,
    pub seed: u64,
    pub shard: u32,
    pub shards: u32,
    /// What the range counts: `runs` or `design points`.
    pub unit: String,
    pub range: [u64; 2],
    pub total: u64,
    pub payload: Payload,
}

/// The SHA-256 digest of what a job reads besides its command line (scenario hashes,
/// claims, event records), recorded as the partial file's `scenario_hash`, so that a
/// merge notices when any of them changed since the shards ran.
pub fn job_hash(pieces: &[String]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in pieces {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The running command's arguments as a partial file records them.
pub fn recorded_command() -> Vec<String> {
    let mut out = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if ["--shard", "--out", "--threads"].contains(&a.as_str()) {
            args.next();
            continue;
        }
        if ["--shard=", "--out=", "--threads="].iter().any(|p| a.starts_with(p)) {
            continue;
        }
        out.push(a);
    }
    out
}

/// Writes a shard's partial file (atomically, to `out` or standard output).
#[allow(clippy::too_many_arguments)]
pub fn write_partial(
    dest: ResultDestination,
    shard: Shard,
    scenario_hash: String,
    seed: u64,
    unit: &str,
    range: Range<u64>,
    total: u64,
    payload: Payload,
) -> anyhow::Result<ExitStatus> {
    let partial = Partial {
        schema: PARTIAL_SCHEMA.into(),
        schema_version: PARTIAL_SCHEMA_VERSION,
        faultline_version: common::VERSION.into(),
        command: recorded_command(),
        scenario_hash,
        seed,
        shard: shard.index,
        shards: shard.count,
        unit: unit.into(),
        range: [range.start, range.end],
        total,
        payload,
    };
    dest.write(&(serde_json::to_string(&partial)? + "\n"))?;
    Ok(ExitStatus::Success)
}

#[derive(Debug, Clone, Args)]
pub struct MergeArgs {
    /// The partial files of every shard, in any order (written by a command run with --shard I/N).
    #[arg(required = true, value_name = "PART")]
    pub parts: Vec<PathBuf>,
    /// Where to write the result (atomically); standard output when absent.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The merged shards of one job, checked.
pub struct Merged {
    pub first: Partial,
    /// The payloads in shard order.
    pub payloads: Vec<Payload>,
}

fn read_partial(path: &Path) -> anyhow::Result<Partial> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read the partial file", path.display()))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .with_context(|| format!("{}: not a complete JSON partial file (truncated or corrupt)", path.display()))?;
    match value.get("schema").and_then(|s| s.as_str()) {
        Some(PARTIAL_SCHEMA) => {}
        other => bail!("{}: schema is {:?}, expected \"{PARTIAL_SCHEMA}\" (a file written with --shard)", path.display(), other),
    }
    if value.get("schema_version").and_then(|v| v.as_u64()) != Some(u64::from(PARTIAL_SCHEMA_VERSION)) {
        bail!("{}: partial file schema_version {}, this Faultline reads {PARTIAL_SCHEMA_VERSION}", path.display(), value["schema_version"]);
    }
    serde_json::from_slice(&bytes).with_context(|| format!("{}: a field of the partial file is missing or malformed", path.display()))
}

/// Reads the parts and checks that they are the shards of one job, each once.
pub fn read_parts(paths: &[PathBuf]) -> anyhow::Result<Merged> {
    let mut parts: Vec<(PathBuf, Partial)> = Vec::with_capacity(paths.len());
    for p in paths {
        parts.push((p.clone(), read_partial(p)?));
    }
    let (p0, first) = &parts[0];
    for (p, part) in &parts[1..] {
        let differs = |what: &str, a: String, b: String| {
            anyhow::anyhow!("{} and {} are from different jobs: {what} `{a}` against `{b}`", p0.display(), p.display())
        };
        if part.faultline_version != first.faultline_version {
            return Err(differs("Faultline version", first.faultline_version.clone(), part.faultline_version.clone()));
        }
        if part.command != first.command {
            return Err(differs("command", first.command.join(" "), part.command.join(" ")));
        }
        if part.scenario_hash != first.scenario_hash {
            return Err(differs("scenario hash", first.scenario_hash.clone(), part.scenario_hash.clone()));
        }
        if part.seed != first.seed {
            return Err(differs("seed", first.seed.to_string(), part.seed.to_string()));
        }
        if part.shards != first.shards || part.total != first.total || part.unit != first.unit {
            return Err(differs(
                "split",
                format!("{} shards of {} {}", first.shards, first.total, first.unit),
                format!("{} shards of {} {}", part.shards, part.total, part.unit),
            ));
        }
    }
    if first.faultline_version != common::VERSION {
        bail!("{}: written by Faultline {}, this is {}; merge with the version that ran the shards", p0.display(), first.faultline_version, common::VERSION);
    }
    let n = first.shards;
    let mut by_index: Vec<Option<usize>> = vec![None; n as usize];
    for (k, (p, part)) in parts.iter().enumerate() {
        let shard = Shard { index: part.shard, count: n };
        if part.shard == 0 || part.shard > n {
            bail!("{}: shard {} of {n} is out of range", p.display(), part.shard);
        }
        let expected = shard.range(part.total);
        if part.range != [expected.start, expected.end] {
            bail!("{}: shard {}/{n} covers {:?}, expected {}..{}", p.display(), part.shard, part.range, expected.start, expected.end);
        }
        let slot = &mut by_index[part.shard as usize - 1];
        if let Some(other) = slot {
            bail!("{} and {} are the same shard ({}/{n}); give each shard once", parts[*other].0.display(), p.display(), part.shard);
        }
        *slot = Some(k);
    }
    let missing: Vec<String> = by_index.iter().enumerate().filter(|(_, s)| s.is_none()).map(|(i, _)| format!("{}/{n}", i + 1)).collect();
    if !missing.is_empty() {
        bail!("shards missing: {} (got {} of {n} parts)", missing.join(", "), parts.len());
    }
    let order: Vec<usize> = by_index.into_iter().map(|s| s.expect("checked")).collect();
    let first = parts[0].1.clone();
    let mut slots: Vec<Option<Partial>> = parts.into_iter().map(|(_, p)| Some(p)).collect();
    let payloads = order.into_iter().map(|k| slots[k].take().expect("each part once").payload).collect();
    Ok(Merged { first, payloads })
}

/// `faultline merge`.
pub fn merge(args: MergeArgs) -> anyhow::Result<ExitStatus> {
    let dest = ResultDestination::reserve(args.out.as_deref())?;
    let merged = read_parts(&args.parts)?;
    let command = crate::parse_recorded(&merged.first.command)
        .with_context(|| format!("the partial files' command `{}` no longer parses", merged.first.command.join(" ")))?;
    match command {
        crate::Command::Forecast(a) => super::forecast::finish_merged(a, merged, dest),
        crate::Command::Sensitivity(a) => super::sensitivity::finish_merged(a, merged, dest),
        crate::Command::Compare(a) => super::compare::finish_merged(a, merged, dest),
        crate::Command::Claims(a) => super::claims::finish_merged(a, merged, dest),
        crate::Command::Backtest(a) => super::backtest::finish_merged(a, merged, dest),
        crate::Command::Evaluate(a) => super::evaluate::finish_merged(a, merged, dest),
        _ => bail!("`{}` cannot be sharded", merged.first.command.first().map_or("", String::as_str)),
    }
}

/// Each part's payload, unwrapped by `pick` (which answers `None` for a payload of
/// another kind), in part order. A part of another command is refused, naming
/// `command`.
pub fn payloads_of<T>(payloads: Vec<Payload>, command: &str, pick: impl Fn(Payload) -> Option<T>) -> anyhow::Result<Vec<T>> {
    payloads
        .into_iter()
        .map(|p| pick(p).ok_or_else(|| anyhow::anyhow!("a partial file of `{command}` carries another command's payload")))
        .collect()
}

/// Concatenates, for each of `items` items (claims, fittings), the lists that every
/// part holds for it, in part order. `what` names the items in the error.
pub fn concat_per_item<T>(items: usize, parts: impl IntoIterator<Item = Vec<Vec<T>>>, what: &str) -> anyhow::Result<Vec<Vec<T>>> {
    let mut all: Vec<Vec<T>> = (0..items).map(|_| Vec::new()).collect();
    for part in parts {
        if part.len() != items {
            bail!("a partial file holds {} {what}, its command {items}", part.len());
        }
        for (list, more) in all.iter_mut().zip(part) {
            list.extend(more);
        }
    }
    Ok(all)
}

/// Checks that the job the parts describe is the one `hash` and `seed` rebuild.
pub fn check_rebuilt(merged: &Merged, hash: &str, seed: u64) -> anyhow::Result<()> {
    if merged.first.scenario_hash != hash {
        bail!(
            "the partial files were run on inputs with hash {}, but `{}` now gives {}; the scenario, its claims or the events changed since the shards ran",
            merged.first.scenario_hash,
            merged.first.command.join(" "),
            hash
        );
    }
    if merged.first.seed != seed {
        bail!("seed {} in the partial files, {} in their command", merged.first.seed, seed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_ranges_are_contiguous_and_cover_every_item() {
        for total in [0u64, 1, 7, 400_000, u64::MAX / 3] {
            for count in [1u32, 2, 3, 8, 1000] {
                let mut next = 0;
                for index in 1..=count {
                    let r = Shard { index, count }.range(total);
                    assert_eq!(r.start, next);
                    assert!(r.end >= r.start);
                    next = r.end;
                }
                assert_eq!(next, total);
            }
        }
    }

    #[test]
    fn shard_option_takes_i_of_n() {
        assert_eq!(parse_shard("3/8"), Ok(Shard { index: 3, count: 8 }));
        for bad in ["0/8", "9/8", "3", "a/b", "1/0", "-1/2", "1/100001"] {
            assert!(parse_shard(bad).unwrap_err().contains("1 ≤ I ≤ N"), "{bad}");
        }
    }
}
