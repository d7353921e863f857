//! Puts the national lines (988, 911, SAMHSA's National Helpline; the data is
//! `model::national`) in every store at start, whatever else was loaded, so a person in
//! crisis is never answered without them.

use std::path::Path;

use crate::error::{IndexerError, Result};
use crate::loader::{self, LoadReport, LoadRequest};
use crate::model::national::{LINES, SOURCE};
use crate::store::Store;

/// Puts the lines in the store (and the index in `index_dir`) as they are in this build:
/// new ones added, changed ones rewritten, lines no longer shipped removed; nothing is
/// written when the store already holds them as they are.
pub fn ensure(store: &Store, index_dir: &Path) -> Result<LoadReport> {
    let dir = tempfile::tempdir().map_err(|e| IndexerError::Config(e.to_string()))?;
    let path = dir.path().join("national-lines.json");
    std::fs::write(&path, LINES).map_err(|e| IndexerError::Config(e.to_string()))?;
    loader::load(
        store,
        index_dir,
        &LoadRequest {
            paths: vec![path],
            source: Some(SOURCE.to_string()),
            prune: true,
            strict: true,
            ..Default::default()
        },
    )
}
