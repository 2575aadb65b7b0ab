//! Global sensitivity analysis and paired-comparison statistics for Faultline.
//!
//! The crate is generic over the model: everything that needs model output
//! either takes a closure `Fn(&[f64]) -> f64 + Sync` (evaluated in parallel
//! with rayon, results bit-identical for any thread count) or comes in a
//! *batch* form, where the crate produces a design matrix, the caller
//! evaluates every row however it likes (typically as an expensive stochastic
//! ensemble), and hands back one output per row.
//!
//! * [`morris`] / [`morris_design`] / [`morris_analyze`]: Morris elementary
//!   effects (μ, μ*, σ, bootstrap interval for μ*), for screening many
//!   parameters with few runs.
//! * [`sobol`] / [`saltelli_design`] / [`sobol_analyze`]: variance-based
//!   first-order and total-order Sobol indices from a Saltelli design built on
//!   a Sobol' low-discrepancy sequence, with bootstrap intervals and an
//!   optional dummy parameter for the noise floor.
//! * [`PairedAccumulator`]: streaming paired-difference statistics for
//!   common-random-number comparisons (`faultline compare`).
//! * [`FactorialAccumulator`]: streaming 2^k factorial effects (Yates
//!   contrasts) with paired intervals.
//!
//! Library code never prints; all failures are [`SensitivityError`] values.
//! The methods are described in `docs/sensitivity.md`.

mod design;
mod error;
mod factorial;
mod morris;
mod paired;
mod saltelli;
pub mod sequence;
mod stats;

pub use design::{Design, ParamRange};
pub use error::SensitivityError;
pub use factorial::{FactorialAccumulator, FactorialEffect, FactorialSummary};
pub use morris::{
    MorrisDesign, MorrisOptions, MorrisParameter, MorrisResult, morris, morris_analyze,
    morris_design,
};
pub use paired::{PairedAccumulator, PairedSummary};
pub use saltelli::{
    Sampling, SaltelliDesign, SobolIndex, SobolOptions, SobolResult, saltelli_design, sobol,
    sobol_analyze,
};
pub use stats::{Interval, student_t_quantile};

/// Shorthand for results in this crate.
pub type Result<T, E = SensitivityError> = std::result::Result<T, E>;
