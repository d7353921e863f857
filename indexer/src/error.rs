//! The indexer's one error type. Every message names what failed (file, record, table)
//! so an operator can act on it without reading code.

use std::path::PathBuf;

use crate::redact::SecretUrl;

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

    /// Built with [`IndexerError::connection`], so neither field carries a credential.
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

    /// A load stopped at a source; the sources before it were loaded and stay loaded.
    #[error("{error} (loaded before it: {})", loaded.join(", "))]
    LoadStopped {
        loaded: Vec<String>,
        error: Box<IndexerError>,
    },
}

impl IndexerError {
    /// A database that cannot be opened: the URL redacted, and its secrets masked in the
    /// driver's reason too (libpq may echo what it was given).
    pub fn connection(url: &SecretUrl, reason: impl AsRef<str>) -> IndexerError {
        IndexerError::Connection {
            url: url.to_string(),
            reason: url.scrub(reason.as_ref()),
        }
    }

    pub fn file(path: impl Into<PathBuf>, reason: impl Into<String>) -> IndexerError {
        IndexerError::File {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

pub type Result<T, E = IndexerError> = std::result::Result<T, E>;
