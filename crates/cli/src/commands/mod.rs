//! One module per subcommand.

pub mod claims;
pub mod forecast;
pub mod scenario;
