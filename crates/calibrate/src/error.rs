//! Error types shared by the estimators and the scoring functions.

use thiserror::Error;

/// Why an estimator could not produce a fit.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FitError {
    /// The observation window must be a positive, finite number of days.
    #[error("horizon must be positive and finite, got {0}")]
    InvalidHorizon(f64),
    /// Too few observations for the model to be identified.
    #[error("need at least {needed} observations, got {got}")]
    TooFewEvents {
        /// Minimum required.
        needed: usize,
        /// Number supplied (after any filtering).
        got: usize,
    },
    /// Event times must be non-decreasing (ties are allowed).
    #[error("event times are not sorted: t[{index}] = {value} is earlier than the previous time")]
    NotSorted {
        /// Index of the first offending time.
        index: usize,
        /// The offending time.
        value: f64,
    },
    /// An event time is non-finite or lies outside `[0, horizon]`.
    #[error("event time t[{index}] = {value} lies outside [0, horizon]")]
    OutOfWindow {
        /// Index of the offending time.
        index: usize,
        /// The offending time.
        value: f64,
    },
    /// An option or parameter is out of its admissible range.
    #[error("invalid option: {0}")]
    InvalidOption(&'static str),
    /// The data carry no information about the parameter (for example every
    /// fatality count equals `x_min`, so the tail exponent MLE is infinite).
    #[error("degenerate data: {0}")]
    Degenerate(&'static str),
    /// The optimiser could not find a finite likelihood from any start.
    #[error("optimiser failed: {0}")]
    NoConvergence(&'static str),
}

/// Why a score could not be computed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ScoreError {
    /// Forecasts and outcomes have different lengths.
    #[error("length mismatch: {forecasts} forecasts but {outcomes} outcomes")]
    LengthMismatch {
        /// Number of forecasts.
        forecasts: usize,
        /// Number of outcomes.
        outcomes: usize,
    },
    /// Nothing to score.
    #[error("no forecasts to score")]
    Empty,
    /// A probability is not a finite number in `[0, 1]`.
    #[error("forecast probability at index {index} is {value}, not in [0, 1]")]
    InvalidProbability {
        /// Index of the offending forecast.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// An ensemble member or observation is not finite.
    #[error("non-finite value in ensemble or observation")]
    NonFinite,
    /// The number of reliability bins must be at least one.
    #[error("number of bins must be at least 1")]
    NoBins,
}
