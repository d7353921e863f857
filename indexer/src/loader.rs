//! A load from start to finish: read the sources one at a time, write them in
//! transactions that several small sources share (a source that fails changes nothing;
//! the ones before it stay loaded), then bring the search index up to date.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::error::{IndexerError, Result};
use crate::import::{self, Format, ParsedSource, RecordIssue};
use crate::index::{SearchIndex, StagedChanges, SyncReport};
use crate::model::CategoryMap;
use crate::store::rows::SourceRow;
use crate::store::write::{self, SourceSummary, WriteOptions};
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
    check_paths(request)?;
    let mut parsed = Vec::new();
    let mut failure = None;
    read_each(request, categories, None, progress, |_, read| match read {
        Ok(Source::Read(p)) => {
            parsed.push(p);
            true
        }
        Ok(Source::Unchanged(_)) => unreachable!("nothing is known without the store"),
        Err(e) => {
            failure = Some(e);
            false
        }
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(parsed),
    }
}

/// A source as the writer gets it.
enum Source {
    Read(ParsedSource),
    /// Its files are those of its last load, read the same way: its row says what they
    /// hold, and nothing is read or written.
    Unchanged(SourceSummary),
}

/// The sources' rows in the store, by name: what their files were last time.
type Known = HashMap<String, SourceRow>;

/// Reads the sources in order, handing each (with its position) to `take` as soon as it
/// is read, for as long as `take` says to go on. A source whose files are as `known`
/// last saw them is not read again.
fn read_each(
    request: &LoadRequest,
    categories: &CategoryMap,
    known: Option<&Known>,
    progress: &ProgressBar,
    mut take: impl FnMut(usize, Result<Source>) -> bool,
) {
    for (i, (name, paths)) in sources_of(request).into_iter().enumerate() {
        progress.set_message(format!("reading {name}"));
        if !take(i, read_one(request, categories, known, name, &paths)) {
            return;
        }
        progress.inc(1);
    }
}

/// Reads one source, unless `known` says its files are those of its last load.
fn read_one(
    request: &LoadRequest,
    categories: &CategoryMap,
    known: Option<&Known>,
    name: String,
    paths: &[PathBuf],
) -> Result<Source> {
    // Only --prune changes what the same records do to the store.
    let options = if request.prune { "prune" } else { "" };
    let hash = import::content_hash(paths, request.format, options)?;
    match known.and_then(|k| k.get(&name)) {
        Some(row) if row.content_hash.as_deref() == Some(hash.as_str()) => {
            Ok(Source::Unchanged(unchanged(row)))
        }
        _ => {
            let mut parsed = import::read_source(&name, paths, request.format, categories)?;
            parsed.content_hash = Some(hash);
            Ok(Source::Read(parsed))
        }
    }
}

/// What a source whose files have not changed holds, from its row.
fn unchanged(row: &SourceRow) -> SourceSummary {
    SourceSummary {
        source: row.name.clone(),
        format: row.format.clone(),
        unchanged: usize::try_from(row.records_loaded).unwrap_or(0),
        skipped: usize::try_from(row.records_skipped).unwrap_or(0),
        files_unchanged: true,
        ..Default::default()
    }
}

fn check_paths(request: &LoadRequest) -> Result<()> {
    match request.paths.is_empty() {
        true => Err(IndexerError::Config(
            "no file to load: give at least one PATH".into(),
        )),
        false => Ok(()),
    }
}

/// Loads every source: a source that cannot be read or written changes nothing, and the
/// sources before it stay loaded. Sources are read on a
/// thread of their own, one ahead of the one being written, and dropped once written, so
/// memory holds two sources whatever the load's size; they are committed in batches of
/// about `SERVICES_PER_COMMIT` services, and the store's log is checkpointed after each
/// commit. With `--strict`, every source is read (and checked) first, so a skipped
/// record anywhere changes nothing at all.
pub fn load(store: &Store, index_dir: &Path, request: &LoadRequest) -> Result<LoadReport> {
    check_paths(request)?;
    let count = sources_of(request).len();
    let progress = progress_bar(count as u64 * 2 + 1);
    let categories = CategoryMap::shipped();
    let known = read::sources(&mut store.connect()?)?;
    if request.strict {
        check_all(request, &categories, &known, &progress)?;
    }
    std::thread::scope(|scope| {
        // A rendezvous: the reader hands a source over only when the writer takes it.
        let (done, finished) = mpsc::sync_channel(0);
        let (categories, known, progress) = (&categories, &known, &progress);
        scope.spawn(move || {
            // Reading stops at a source that cannot be read, and once the load has given
            // up (nobody listens any more): reading on would be wasted.
            read_each(request, categories, Some(known), progress, |_, read| {
                let go_on = read.is_ok();
                done.send(read).is_ok() && go_on
            });
        });
        let mut reads = Reads {
            finished,
            strict: request.strict,
            remaining: count,
        };
        load_sources(store, index_dir, request, categories, &mut reads, progress)
    })
}

/// Reads every source and drops it, failing on the first that cannot be read or, under
/// `--strict`, that skips a record.
fn check_all(
    request: &LoadRequest,
    categories: &CategoryMap,
    known: &Known,
    progress: &ProgressBar,
) -> Result<()> {
    let mut failure = None;
    read_each(request, categories, Some(known), progress, |_, read| {
        let checked = read.and_then(|p| strictly(p, true).map(drop));
        match checked {
            Ok(()) => true,
            Err(e) => {
                failure = Some(e);
                false
            }
        }
    });
    failure.map_or(Ok(()), Err)
}

/// The source, or under `strict` the failure its skipped records are.
fn strictly(source: Source, strict: bool) -> Result<Source> {
    let (name, skipped) = match &source {
        Source::Read(p) => (&p.name, p.skipped()),
        Source::Unchanged(s) => (&s.source, s.skipped),
    };
    if strict && skipped > 0 {
        return Err(IndexerError::Strict {
            source_name: name.clone(),
            skipped,
        });
    }
    Ok(source)
}

/// The sources as the reading thread finishes them, in order.
struct Reads {
    finished: mpsc::Receiver<Result<Source>>,
    strict: bool,
    /// Sources still to come: the reading thread ending early is a failure, never "all
    /// read".
    remaining: usize,
}

impl Reads {
    /// The next source read (`None` once all are), or what stopped the load: a file that
    /// cannot be read, or with `--strict` a skipped record.
    fn next(&mut self) -> Result<Option<Source>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        let read = self.finished.recv().map_err(|_| {
            IndexerError::Config("reading the sources stopped before the last one".into())
        })?;
        self.remaining -= 1;
        strictly(read?, self.strict).map(Some)
    }
}

fn load_sources(
    store: &Store,
    index_dir: &Path,
    request: &LoadRequest,
    categories: &CategoryMap,
    reads: &mut Reads,
    progress: &ProgressBar,
) -> Result<LoadReport> {
    // The store and the index are opened only once the first source has been read.
    let first = reads.next()?.expect("a load has at least one source");
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
    let staged = match current {
        true => match index.stage() {
            Ok(staged) => Some(staged),
            Err(IndexerError::IndexBusy { .. }) => None,
            Err(e) => return Err(e),
        },
        false => None,
    };

    conn.defer_checkpoints()?;
    let batches = Batches {
        request,
        categories,
        options: WriteOptions {
            prune: request.prune,
            strict: request.strict,
        },
        now: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    let (written, staged) = batches.write_all(&mut conn, first, reads, staged, progress);
    let (sources, issues) = match written {
        Ok(done) => done,
        Err((e, loaded)) => {
            // Earlier sources are committed: let the index catch up with those only.
            drop(staged);
            checkpoint(&mut conn);
            catch_up(&index, &mut conn)?;
            return Err(match loaded.is_empty() {
                true => e,
                false => IndexerError::LoadStopped {
                    loaded,
                    error: Box::new(e),
                },
            });
        }
    };
    progress.set_message("updating the search index");
    let after = read::last_change(&mut conn)?;
    let changed: usize = sources.iter().map(|s| s.new + s.updated + s.pruned).sum();
    // The staged documents are exactly the store's changes only if nobody else wrote
    // listings meanwhile (the sequence advanced by this load's changes alone).
    let index_report = match staged {
        Some(Ok(staged)) if changed > 0 && after - before == changed as i64 => {
            // The index commit and the store's checkpoint mostly wait on the disk: they
            // run side by side.
            let report = std::thread::scope(|scope| {
                let checkpointing = scope.spawn(|| checkpoint(&mut conn));
                let report = staged.commit(after);
                checkpointing.join().expect("checkpoint thread");
                report
            });
            Some(report?)
        }
        Some(Ok(staged)) if changed == 0 => {
            drop(staged);
            checkpoint(&mut conn);
            Some(SyncReport {
                services_changed: 0,
                rebuilt: false,
                documents: index.num_docs()?,
            })
        }
        staged => {
            // Staging failed, or another writer interleaved: rebuild the change from the
            // store instead.
            drop(staged);
            checkpoint(&mut conn);
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

type Written = (Vec<SourceSummary>, Vec<RecordIssue>);
/// What stopped a load, and the sources loaded before it.
type Stopped = (IndexerError, Vec<String>);

/// The index changes staged so far; `Some(Err)` once staging failed (the load goes on,
/// and the index then catches up from the store).
type Staged<'i> = Option<Result<StagedChanges<'i>>>;

/// Services written in one transaction at most, unless one source alone holds more (a
/// source is never split). The store's indexes keyed by random ids have most of their
/// pages rewritten by every transaction that adds to them: at a million listings each
/// source of 20,000 services rewrote about a gigabyte, twice (the log, then the
/// checkpoint). Small sources therefore share a transaction. Not in savepoints: SQLite
/// copies every page changed under a savepoint into a sub-journal, which at that size would
/// be about another gigabyte a source; a source that fails undoes its batch instead, and the
/// batch's sources before it are written again (`Batches::write_again`).
const SERVICES_PER_COMMIT: usize = 100_000;

/// How a load's sources are written: in batches of sources, each batch one transaction.
struct Batches<'r> {
    request: &'r LoadRequest,
    categories: &'r CategoryMap,
    options: WriteOptions,
    /// The load's time, recorded with every source and service it writes.
    now: String,
}

impl Batches<'_> {
    /// Writes every source, committing in batches of sources (`SERVICES_PER_COMMIT`), each
    /// source's index changes staged once it is written (the index's own threads do the
    /// indexing meanwhile), and the store's log checkpointed between commits. A source that
    /// fails as it is written undoes its batch; the batch's sources before it are then
    /// read and written again, each in a transaction of its own, so that they stay loaded.
    /// Returns the writes' outcome and, when there was an index to stage into, the staged
    /// index changes.
    fn write_all<'i>(
        &self,
        conn: &mut crate::store::DbConnection,
        first: Source,
        reads: &mut Reads,
        staged: Option<StagedChanges<'i>>,
        progress: &ProgressBar,
    ) -> (Result<Written, Stopped>, Staged<'i>) {
        let mut staged = staged.map(Ok);
        let mut sources = Vec::new();
        let mut issues = Vec::new();
        let mut next = Some(first);
        let mut stopped = None;
        while next.is_some() && stopped.is_none() {
            let committed = (sources.len(), issues.len());
            let batch = conn.in_transaction(|conn| -> Result<()> {
                let mut services = 0;
                while let Some(source) = next.take() {
                    if let Source::Read(p) = &source {
                        progress.set_message(format!("writing {}", p.name));
                        services += p.records.len();
                    }
                    let (summary, mut source_issues) =
                        self.write_source(conn, source, &mut staged)?;
                    issues.append(&mut source_issues);
                    sources.push(summary);
                    // The source's records are freed now; give their pages back.
                    crate::memory::release_freed();
                    progress.inc(1);
                    match reads.next() {
                        Ok(read) => next = read,
                        // What was written is whole: it is committed, and the load stops.
                        Err(e) => {
                            stopped = Some(e);
                            return Ok(());
                        }
                    }
                    if services >= SERVICES_PER_COMMIT {
                        break;
                    }
                }
                Ok(())
            });
            if let Err(e) = batch {
                // The sources written before the one that failed (or all the batch's, when
                // its commit failed).
                let undone = sources.split_off(committed.0);
                issues.truncate(committed.1);
                if let Err(again) = self.write_again(conn, &undone, &mut sources, &mut issues) {
                    // The sources written again so far are loaded; the failure worth
                    // reporting is the first.
                    tracing::warn!("writing the sources before the failed one again: {again}");
                }
                stopped = Some(e);
            }
            // Between batches only: after the last, the caller checkpoints beside the
            // index's commit.
            if next.is_some() && stopped.is_none() {
                checkpoint(conn);
            }
        }
        let outcome = match stopped {
            None => Ok((sources, issues)),
            Some(e) => Err((e, sources.into_iter().map(|s| s.source).collect())),
        };
        (outcome, staged)
    }

    /// Writes each of a failed batch's sources again from its files, each in its own
    /// transaction. Nothing is staged: the load has failed, and the index catches up
    /// from the store.
    fn write_again(
        &self,
        conn: &mut crate::store::DbConnection,
        undone: &[SourceSummary],
        sources: &mut Vec<SourceSummary>,
        issues: &mut Vec<RecordIssue>,
    ) -> Result<()> {
        let all = sources_of(self.request);
        for summary in undone {
            let paths = all
                .iter()
                .find(|(name, _)| *name == summary.source)
                .map(|(_, paths)| paths.as_slice())
                .unwrap_or_default();
            let source = match summary.files_unchanged {
                true => Source::Unchanged(summary.clone()),
                false => read_one(
                    self.request,
                    self.categories,
                    None,
                    summary.source.clone(),
                    paths,
                )?,
            };
            let (summary, mut found) =
                conn.in_transaction(|conn| self.write_source(conn, source, &mut None))?;
            issues.append(&mut found);
            sources.push(summary);
        }
        Ok(())
    }

    /// Writes one source within the batch's transaction and stages its index changes once
    /// written; a source whose files are unchanged only has its load time recorded.
    fn write_source(
        &self,
        conn: &mut crate::store::DbConnection,
        source: Source,
        staged: &mut Staged<'_>,
    ) -> Result<(SourceSummary, Vec<RecordIssue>)> {
        let mut p = match source {
            Source::Read(p) => p,
            Source::Unchanged(summary) => {
                write::touch_source(conn, &summary.source, &self.now)?;
                return Ok((summary, Vec::new()));
            }
        };
        // The source's index documents are made on a thread of their own while its rows
        // are written (making them was 7 % of a million-listing load's samples, on the
        // writing thread). Should the write fail, the load stops and drops what was staged.
        let written = std::thread::scope(|scope| {
            let mut staging = None;
            let written = write::write_changes(conn, &p, self.options, &self.now, &mut |plan| {
                match staged.take() {
                    Some(Ok(mut s)) => {
                        let source = p.name.as_str();
                        staging = Some(scope.spawn(move || {
                            s.add(&plan.inserted, source)
                                .and_then(|()| s.replace(&plan.updated, source))
                                .map(|()| s.remove(&plan.removed))
                                .map(|()| s)
                        }));
                    }
                    other => *staged = other,
                }
                Ok(())
            });
            if let Some(staging) = staging {
                *staged = Some(staging.join().expect("staging thread"));
            }
            written
        });
        let (summary, mut issues) = written?;
        // The read issues first, then those found while writing.
        let mut all = std::mem::take(&mut p.issues);
        all.append(&mut issues);
        Ok((summary, all))
    }
}

/// Copies the load's WAL into the database once. A failure costs nothing but time (the
/// next automatic checkpoint does it), so it is reported, not fatal.
fn checkpoint(conn: &mut crate::store::DbConnection) {
    if let Err(e) = conn.checkpoint() {
        tracing::warn!("checkpoint after the load failed: {e}");
    }
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
