//! Errors of the extract crate.

/// What went wrong, naming the input or dictionary it concerns.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// An article that cannot be read as text.
    #[error("{origin}: {reason}")]
    Input { origin: String, reason: String },
    /// A dictionary file that does not parse or names something unknown.
    #[error("{origin}: {reason}")]
    Dictionary { origin: String, reason: String },
    /// A labelled or extracted events file the scorer cannot read.
    #[error("{origin}: line {line}: {reason}")]
    Table { origin: String, line: usize, reason: String },
}
