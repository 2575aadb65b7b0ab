use thiserror::Error;

/// Everything that can go wrong when building a design or analysing outputs.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum SensitivityError {
    /// No parameters were given.
    #[error("no parameters: a sensitivity analysis needs at least one parameter range")]
    NoParameters,
    /// A range is not a finite interval with `low < high`.
    #[error("parameter '{name}' has range [{low}, {high}]; it needs finite bounds with low < high")]
    InvalidRange {
        /// Parameter name.
        name: String,
        /// Lower bound given.
        low: f64,
        /// Upper bound given.
        high: f64,
    },
    /// An option is out of its allowed domain.
    #[error("invalid option {option}: {reason}")]
    InvalidOption {
        /// Name of the offending option.
        option: &'static str,
        /// What is required.
        reason: String,
    },
    /// The Sobol' sequence does not carry enough dimensions for the design.
    #[error(
        "the design needs {needed} Sobol' dimensions but only {available} are embedded; \
         use fewer parameters or Sampling::PseudoRandom"
    )]
    TooManyDimensions {
        /// Dimensions required (2 × parameters, dummy included).
        needed: usize,
        /// Dimensions available.
        available: usize,
    },
    /// The number of outputs does not match the number of design rows.
    #[error("expected {expected} model outputs (one per design row), got {got}")]
    OutputLength {
        /// Rows in the design.
        expected: usize,
        /// Outputs supplied.
        got: usize,
    },
    /// A model output is NaN or infinite.
    #[error("model output for design row {row} is not finite ({value})")]
    NonFiniteOutput {
        /// Row index in the design.
        row: usize,
        /// The value returned.
        value: f64,
    },
    /// The outputs do not vary, so variance-based indices are undefined.
    #[error("the model output has zero variance over the design; Sobol indices are undefined")]
    ZeroVariance,
    /// A factorial run supplied the wrong number of cells.
    #[error("a 2^{k} factorial run needs {expected} cell outcomes, got {got}")]
    CellCount {
        /// Number of factors.
        k: usize,
        /// 2^k.
        expected: usize,
        /// Outcomes supplied.
        got: usize,
    },
}
