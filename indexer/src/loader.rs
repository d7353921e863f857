//! A load from start to finish: read every file first (so a broken file changes nothing),
//! write each source in its own transaction, then bring the search index up to date.

use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::error::{IndexerError, Result};
use crate::import::{self, Format, ParsedSource, RecordIssue};
use crate::index::{SearchIndex, SyncReport};
use crate::model::CategoryMap;
use crate::store::write::{self, PlannedChanges, SourceSummary, WriteOptions};
use crate::store::{Store, read};

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
        None => request
            .paths
            .iter()
            .map(|p| (import::default_source_name(p), vec![p.clone()]))
            .collect(),
    }
}

/// Reads and validates every source without touching the store.
pub fn read_all(
    request: &LoadRequest,
    categories: &CategoryMap,
    progress: &ProgressBar,
) -> Result<Vec<ParsedSource>> {
    if request.paths.is_empty() {
        return Err(IndexerError::Config(
            "no file to load: give at least one PATH".into(),
        ));
    }
    let mut parsed = Vec::new();
    for (name, paths) in sources_of(request) {
        progress.set_message(format!("reading {name}"));
        parsed.push(import::read_source(
            &name,
            &paths,
            request.format,
            categories,
        )?);
        progress.inc(1);
    }
    Ok(parsed)
}

pub fn load(store: &Store, index_dir: &Path, request: &LoadRequest) -> Result<LoadReport> {
    let progress = progress_bar(sources_of(request).len() as u64 * 2 + 1);
    let categories = CategoryMap::shipped();
    let parsed = read_all(request, &categories, &progress)?;
    if let Some(p) = parsed.iter().find(|p| request.strict && p.skipped() > 0) {
        return Err(IndexerError::Strict {
            source_name: p.name.clone(),
            skipped: p.skipped(),
        });
    }
    let mut conn = store.connect()?;
    let index = SearchIndex::open(index_dir)?;
    // When the index is current, this load's documents are prepared while the store is
    // written; otherwise (or when a server holds the index) the index catches up after.
    let before = read::last_change(&mut conn)?;
    let current = match index.applied_seq()? {
        Some(applied) => applied == before,
        // A new index over an empty store is current too.
        None => before == 0 && index.num_docs()? == 0,
    };
    let mut staged = match current {
        true => match index.stage() {
            Ok(staged) => Some(staged),
            Err(IndexerError::IndexBusy { .. }) => None,
            Err(e) => return Err(e),
        },
        false => None,
    };

    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let options = WriteOptions {
        prune: request.prune,
        strict: request.strict,
    };
    let mut sources = Vec::new();
    let mut issues = Vec::new();
    let mut written = 0;
    for p in &parsed {
        progress.set_message(format!("writing {}", p.name));
        let mut on_plan = |plan: PlannedChanges| -> Result<()> {
            written += plan.inserted.len() + plan.updated.len() + plan.removed.len();
            if let Some(staged) = staged.as_mut() {
                staged.add(plan.inserted, &p.name)?;
                staged.replace(plan.updated, &p.name)?;
                staged.remove(plan.removed);
            }
            Ok(())
        };
        let (summary, mut write_issues) =
            match write::write_source(&mut conn, p, options, &now, &mut on_plan) {
                Ok(done) => done,
                Err(e) => {
                    // Earlier sources are committed: let the index catch up with those only.
                    drop(staged);
                    catch_up(&index, &mut conn)?;
                    return Err(e);
                }
            };
        issues.extend(p.issues.iter().cloned());
        issues.append(&mut write_issues);
        sources.push(summary);
        progress.inc(1);
    }
    progress.set_message("updating the search index");
    let after = read::last_change(&mut conn)?;
    // The staged documents are exactly the store's changes only if nobody else wrote
    // listings meanwhile (the sequence advanced by this load's changes alone).
    let index_report = match staged {
        Some(staged) if written > 0 && after - before == changes_written(&sources) => {
            Some(staged.commit(after)?)
        }
        Some(staged) if written == 0 => {
            drop(staged);
            Some(SyncReport {
                services_changed: 0,
                rebuilt: false,
                documents: index.num_docs()?,
            })
        }
        staged => {
            drop(staged);
            catch_up(&index, &mut conn)?
        }
    };
    progress.finish_and_clear();
    Ok(LoadReport {
        sources,
        issues,
        index: index_report,
    })
}

/// Change-sequence rows a load appends: one per new, updated or pruned service.
fn changes_written(sources: &[SourceSummary]) -> i64 {
    sources
        .iter()
        .map(|s| (s.new + s.updated + s.pruned) as i64)
        .sum()
}

/// Brings the index up to the store, unless a running server holds it (that server
/// catches up by itself within seconds).
fn catch_up(
    index: &SearchIndex,
    conn: &mut crate::store::DbConnection,
) -> Result<Option<SyncReport>> {
    match index.sync(conn) {
        Ok(report) => Ok(Some(report)),
        Err(IndexerError::IndexBusy { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A bar on a terminal; nothing when output is piped or in CI.
fn progress_bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}").expect("template is valid"),
    );
    bar
}
