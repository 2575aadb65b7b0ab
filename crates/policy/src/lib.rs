//! Policy analysis: asking what-if questions of the Faultline model.
//!
//! Three tools, all built on common random numbers (run `r` of every arm or
//! design point draws from the same random stream, see `engine::rng_for_run`):
//!
//! * [`compare`]: a baseline against one or more alternative [`Arm`]s (levers
//!   and shocks). For every (arm, outcome) the difference from the baseline
//!   with a 95 % interval from the paired runs, and the variance reduction the
//!   pairing bought over independent runs.
//! * [`factorial`]: the full 2^k design over k levers, each at a low and a
//!   high setting, with main effects and interactions (Yates contrasts with
//!   paired intervals).
//! * [`sensitivity`]: Morris screening (μ*, σ) and Sobol indices (S1, ST with
//!   bootstrap intervals) over the uncertainty ranges recorded in the
//!   scenario. Every design point is a modified scenario run with the same
//!   `R` replicate seeds; its output is the replicate mean of an [`Outcome`].
//!
//! Outcomes are named quantities of one run at one day ([`Outcome`]): event
//! indicators (0/1), cumulative attack and fatality counts, or the trade level.
//!
//! Everything here is deterministic for a given seed and independent of the
//! number of threads. The library never prints; [`render`] turns results into
//! tables and CSV, and every failure is a [`PolicyError`] that names the field
//! and what is allowed.

mod arm;
mod compare;
mod error;
mod outcome;
pub mod render;
mod sens;

pub use arm::{Arm, ARM_USAGE};
pub use compare::{
    compare, comparison_blocks, comparison_from_blocks, default_high, factorial, factorial_blocks, factorial_from_blocks,
    CellMean, Comparison, ComparisonBlock, ComparisonRow, Factor, FactorInfo, FactorialBlock, FactorialBlockOutcome,
    FactorialOutcome, FactorialResult, RunConfig, SimpleEffect, DEFAULT_HIGHS, MAX_FACTORS,
};
pub use error::PolicyError;
pub use outcome::{outcome_names, Measure, Outcome};
pub use sens::{
    design_points, select_parameters, sensitivity, sensitivity_from_outputs, sensitivity_outputs, Method, ParamInfo, SensitivityConfig, SensitivityResult,
};

/// Shorthand for results in this crate.
pub type Result<T, E = PolicyError> = std::result::Result<T, E>;
