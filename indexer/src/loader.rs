//! A load from start to finish: read every file first (so a broken file changes nothing),
//! write each source in its own transaction, then bring the search index up to date.

use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::error::{IndexerError, Result};
use crate::import::{self, Format, ParsedSource, RecordIssue};
use crate::index::{SearchIndex, SyncReport};
use crate::model::CategoryMap;
use crate::store::write::{self, SourceSummary, WriteOptions};
use crate::store::Store;

#[derive(Debug, Clone, Default)]
pub struct LoadRequest {
    pub paths: Vec<PathBuf>,
    pub format: Option<Format>,
    /// One source name for all paths; by default each path is its own source.
    pub source: Option<String>,
    pub prune: bool,
    pub strict: bool,
}

#[derive(Debug, Serialize)]
pub struct LoadReport {
    pub sources: Vec<SourceSummary>,
    pub issues: Vec<RecordIssue>,
    /// The index after the load; `None` when a running server holds it (that server
    /// applies the load's changes from the store within seconds).
    pub index: Option<SyncReport>,
}

/// Groups paths into sources: all under `--source`, else one source per path.
fn sources_of(request: &LoadRequest) -> Vec<(String, Vec<PathBuf>)> {
    match &request.source {
        Some(name) => vec![(name.clone(), request.paths.clone())],
        None => request.paths.iter().map(|p| (import::default_source_name(p), vec![p.clone()])).collect(),
    }
}

/// Reads and validates every source without touching the store.
pub fn read_all(request: &LoadRequest, categories: &CategoryMap, progress: &ProgressBar) -> Result<Vec<ParsedSource>> {
    if request.paths.is_empty() {
        return Err(IndexerError::Config("no file to load: give at least one PATH".into()));
    }
    let mut parsed = Vec::new();
    for (name, paths) in sources_of(request) {
        progress.set_message(format!("reading {name}"));
        parsed.push(import::read_source(&name, &paths, request.format, categories)?);
        progress.inc(1);
    }
    Ok(parsed)
}

pub fn load(store: &Store, index_dir: &Path, request: &LoadRequest) -> Result<LoadReport> {
    let progress = progress_bar(sources_of(request).len() as u64 * 2 + 1);
    let categories = CategoryMap::shipped();
    let parsed = read_all(request, &categories, &progress)?;
    if request.strict {
        if let Some(p) = parsed.iter().find(|p| p.skipped() > 0) {
            return Err(IndexerError::Strict { source_name: p.name.clone(), skipped: p.skipped() });
        }
    }
    let mut conn = store.connect()?;
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let options = WriteOptions { prune: request.prune, strict: request.strict };
    let mut sources = Vec::new();
    let mut issues = Vec::new();
    for p in &parsed {
        progress.set_message(format!("writing {}", p.name));
        let (summary, mut write_issues) = write::write_source(&mut conn, p, options, &now)?;
        issues.extend(p.issues.iter().cloned());
        issues.append(&mut write_issues);
        sources.push(summary);
        progress.inc(1);
    }
    progress.set_message("updating the search index");
    let index = match SearchIndex::open(index_dir)?.sync(&mut conn) {
        Ok(report) => Some(report),
        Err(IndexerError::IndexBusy { .. }) => None,
        Err(e) => return Err(e),
    };
    progress.finish_and_clear();
    Ok(LoadReport { sources, issues, index })
}

/// A bar on a terminal; nothing when output is piped or in CI.
fn progress_bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}").expect("template is valid"));
    bar
}
