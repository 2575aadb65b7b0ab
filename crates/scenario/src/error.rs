use std::fmt;

/// Why a scenario, lever or shock was rejected.
#[derive(Debug, Clone, PartialEq)]
pub enum ScenarioError {
    /// The document is not valid TOML, or does not match the schema
    /// (unknown key, missing key, wrong type).
    Syntax {
        origin: String,
        line: usize,
        column: usize,
        path: String,
        message: String,
    },
    /// A value is outside what is allowed.
    Invalid {
        origin: String,
        line: usize,
        column: usize,
        path: String,
        message: String,
    },
    /// No built-in scenario has this name.
    Unknown { name: String, known: String },
    /// A lever or shock given on the command line or in a request is malformed.
    Input { field: String, message: String },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Syntax { origin, line, column, path, message }
            | ScenarioError::Invalid { origin, line, column, path, message } => {
                if path.is_empty() {
                    write!(f, "{origin}:{line}:{column}: {message}")
                } else {
                    write!(f, "{origin}:{line}:{column}: field `{path}`: {message}")
                }
            }
            ScenarioError::Unknown { name, known } => {
                write!(f, "unknown scenario `{name}`; built-in scenarios: {known}")
            }
            ScenarioError::Input { field, message } => write!(f, "`{field}`: {message}"),
        }
    }
}

impl std::error::Error for ScenarioError {}
