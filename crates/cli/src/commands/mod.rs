//! One module per subcommand.

pub mod backtest;
pub mod calibrate;
pub mod claims;
pub mod compare;
pub mod evaluate;
pub mod events;
pub mod extract;
pub mod forecast;
pub mod report;
pub mod scenario;
pub mod sensitivity;
pub mod serve;
pub mod shard;
pub mod slurm;
