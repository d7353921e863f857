//! The indexer's one error type. Every message names what failed (file, record, table)
//! so an operator can act on it without reading code.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum IndexerError {
    /// A file that cannot be read or parsed as a whole; nothing from it is loaded.
    #[error("{}: {reason}", path.display())]
    File { path: PathBuf, reason: String },

    /// `--strict` was given and records were skipped.
    #[error("{source_name}: {skipped} record(s) skipped and --strict was given: nothing loaded")]
    Strict { source_name: String, skipped: usize },

    #[error("database: {0}")]
    Database(#[from] diesel::result::Error),

    #[error("cannot open the database {url}: {reason}")]
    Connection { url: String, reason: String },

    #[error("database migrations: {0}")]
    Migration(String),

    #[error("search index at {}: {reason}", path.display())]
    Index { path: PathBuf, reason: String },

    /// Another process (a running server) holds the index's writer lock.
    #[error("search index at {}: in use by another process", path.display())]
    IndexBusy { path: PathBuf },

    #[error("{0}")]
    Config(String),
}

impl IndexerError {
    pub fn file(path: impl Into<PathBuf>, reason: impl Into<String>) -> IndexerError {
        IndexerError::File {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

pub type Result<T, E = IndexerError> = std::result::Result<T, E>;
