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
//!
//! ```
//! use sensitivity::{ParamRange, SobolOptions, sobol};
//!
//! let ranges = [ParamRange::new("x", 0.0, 1.0), ParamRange::new("y", 0.0, 1.0)];
//! let opts = SobolOptions { n: 256, ..SobolOptions::default() };
//! let result = sobol(&ranges, &opts, |p| 4.0 * p[0] + p[1]).unwrap();
//! // x explains 16/17 of the variance of this additive model.
//! assert_eq!(result.indices[0].name, "x");
//! assert!((result.indices[0].st - 16.0 / 17.0).abs() < 0.05);
//! ```
//!
//! Batch form, for a model the caller evaluates itself:
//!
//! ```
//! use sensitivity::{MorrisOptions, ParamRange, morris_analyze, morris_design};
//!
//! let ranges = [ParamRange::new("rate", 0.1, 0.5), ParamRange::new("delay", 1.0, 30.0)];
//! let design = morris_design(&ranges, &MorrisOptions::default()).unwrap();
//! // ... run the expensive ensemble on every row, in any order or place ...
//! let outputs: Vec<f64> = design.points().iter_rows().map(|p| p[0] * 10.0).collect();
//! let result = morris_analyze(&design, &outputs).unwrap();
//! assert_eq!(result.parameters[0].name, "rate");
//! assert_eq!(result.get("delay").unwrap().mu_star, 0.0);
//! ```

#![warn(missing_docs)]

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
pub use factorial::{FactorialAccumulator, FactorialEffect, FactorialSummary, MAX_FACTORS};
pub use morris::{
    MorrisDesign, MorrisOptions, MorrisParameter, MorrisResult, morris, morris_analyze,
    morris_design,
};
pub use paired::{PairedAccumulator, PairedSummary};
pub use saltelli::{
    SaltelliDesign, Sampling, SobolIndex, SobolOptions, SobolResult, saltelli_design, sobol,
    sobol_analyze,
};
pub use stats::{Interval, student_t_quantile};

/// Shorthand for results in this crate.
pub type Result<T, E = SensitivityError> = std::result::Result<T, E>;
