//! One module per subcommand.

pub mod backtest;
pub mod calibrate;
pub mod claims;
pub mod events;
pub mod forecast;
pub mod scenario;
