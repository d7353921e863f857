//! The demonstration data loaded into an empty store, so a first run has something to
//! show.

use std::path::{Path, PathBuf};

use waypoint_indexer::Result;
use waypoint_indexer::loader::{self, LoadRequest};
use waypoint_indexer::model::national;
use waypoint_indexer::store::{Store, read};

/// `seed-data/` beside the working directory, else the one in the source tree.
pub fn default_seed_dir() -> PathBuf {
    let local = PathBuf::from("seed-data");
    if local.is_dir() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../seed-data")
    }
}

/// The feeds of a seed folder: HSDS JSON under `hsds/`, Meeting Guide under `meeting-guide/`.
pub fn seed_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for sub in ["hsds", "meeting-guide"] {
        if let Ok(entries) = std::fs::read_dir(dir.join(sub)) {
            files.extend(
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "json")),
            );
        }
    }
    files.sort();
    files
}

/// Loads the seed data when the store has no services but the built-in national lines;
/// returns how many were loaded.
pub fn seed_if_empty(store: &Store, index_dir: &Path, dir: &Path) -> Result<usize> {
    let mut conn = store.connect()?;
    let counts = read::counts(&mut conn)?;
    let national = counts
        .sources
        .get(national::SOURCE)
        .map_or(0, |s| s.services);
    if counts.tables.get("services").copied().unwrap_or(0) > national {
        return Ok(0);
    }
    let paths = seed_files(dir);
    if paths.is_empty() {
        tracing::warn!(dir = %dir.display(), "no seed data found; starting with an empty store");
        return Ok(0);
    }
    let report = loader::load(
        store,
        index_dir,
        &LoadRequest {
            paths,
            ..Default::default()
        },
    )?;
    Ok(report.sources.iter().map(|s| s.new).sum())
}
