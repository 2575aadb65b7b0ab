//! Errors of the events crate.

use std::path::PathBuf;

/// Every error names the file; row errors also name the row (1-based line number of
/// the record in the file, header = line 1) and the column.
#[derive(Debug, thiserror::Error)]
pub enum EventsError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The header lacks a required column, or the file has no header.
    #[error("{}: header: column {column}: {reason}", path.display())]
    Header { path: PathBuf, column: String, reason: String },
    /// A malformed row (fatal in strict mode, and always in native files).
    #[error("{}: row {row}: column {column}: {reason}", path.display())]
    Row { path: PathBuf, row: usize, column: String, reason: String },
}

impl EventsError {
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> EventsError {
        EventsError::Io { path: path.to_path_buf(), source }
    }
}
