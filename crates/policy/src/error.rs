use std::fmt;

use scenario::ScenarioError;
use sensitivity::SensitivityError;

/// Why a policy question was rejected or could not be answered.
#[derive(Debug, Clone, PartialEq)]
pub enum PolicyError {
    /// An option, arm, factor or outcome is malformed: `field` names it,
    /// `message` says what is allowed.
    Input { field: String, message: String },
    /// A lever, shock or parameter was rejected by the scenario crate.
    Scenario(ScenarioError),
    /// The sensitivity analysis rejected a design or its outputs.
    Sensitivity(SensitivityError),
}

impl PolicyError {
    pub(crate) fn input(field: impl Into<String>, message: impl Into<String>) -> PolicyError {
        PolicyError::Input { field: field.into(), message: message.into() }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyError::Input { field, message } => write!(f, "{field}: {message}"),
            PolicyError::Scenario(err) => write!(f, "{err}"),
            PolicyError::Sensitivity(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for PolicyError {}

impl From<ScenarioError> for PolicyError {
    fn from(err: ScenarioError) -> Self {
        PolicyError::Scenario(err)
    }
}

impl From<SensitivityError> for PolicyError {
    fn from(err: SensitivityError) -> Self {
        PolicyError::Sensitivity(err)
    }
}
