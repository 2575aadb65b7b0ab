//! `faultline claims`: the seed article's conclusions as experiments.

use clap::Args;

use crate::ExitStatus;

#[derive(Debug, Clone, Args)]
pub struct ClaimsArgs {}

pub fn claims(_args: ClaimsArgs) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("not yet implemented")
}
