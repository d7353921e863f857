//! A load from start to finish: read the sources, write each in its own transaction (none
//! commits before every file has been read, so a broken file changes nothing), then bring
//! the search index up to date.

use std::path::{Path, PathBuf};
use std::sync::{OnceLock, mpsc};

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::error::{IndexerError, Result};
use crate::import::{self, Format, ParsedSource, RecordIssue};
use crate::index::{SearchIndex, StagedChanges, SyncReport};
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
    check_paths(request)?;
    let mut parsed = Vec::new();
    let mut failure = None;
    read_each(request, categories, progress, |_, read| match read {
        Ok(p) => {
            parsed.push(p);
            true
        }
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

/// Reads the sources in order, handing each (with its position) to `take` as soon as it
/// is read, for as long as `take` says to go on.
fn read_each(
    request: &LoadRequest,
    categories: &CategoryMap,
    progress: &ProgressBar,
    mut take: impl FnMut(usize, Result<ParsedSource>) -> bool,
) {
    for (i, (name, paths)) in sources_of(request).into_iter().enumerate() {
        progress.set_message(format!("reading {name}"));
        let read = import::read_source(&name, &paths, request.format, categories);
        if !take(i, read) {
            return;
        }
        progress.inc(1);
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

/// Loads every source. The sources are read on a thread of their own, in order: the
/// first is written while the others are read, and its transaction commits only once
/// every file has been read, so a broken file anywhere still changes nothing.
pub fn load(store: &Store, index_dir: &Path, request: &LoadRequest) -> Result<LoadReport> {
    check_paths(request)?;
    let count = sources_of(request).len();
    let progress = progress_bar(count as u64 * 2 + 1);
    let categories = CategoryMap::shipped();
    let slots: Vec<OnceLock<ParsedSource>> = (0..count).map(|_| OnceLock::new()).collect();
    std::thread::scope(|scope| {
        let (done, finished) = mpsc::channel();
        let (categories, slots, progress) = (&categories, &slots, &progress);
        scope.spawn(move || {
            // Reading stops at a source that cannot be read, and once the load has given
            // up (nobody listens any more): reading on would be wasted.
            read_each(request, categories, progress, |i, read| {
                let go_on = read.is_ok();
                let announced = read.map(|p| {
                    slots[i].set(p).expect("each source is read once");
                    i
                });
                done.send(announced).is_ok() && go_on
            });
        });
        let mut reads = Reads {
            finished,
            slots,
            strict: request.strict,
            remaining: count,
        };
        load_sources(store, index_dir, request, &mut reads, progress)
    })
}

/// The sources as the reading thread finishes them, in order.
struct Reads<'p> {
    finished: mpsc::Receiver<Result<usize>>,
    slots: &'p [OnceLock<ParsedSource>],
    strict: bool,
    /// Sources still to come: the reading thread ending early is a failure, never "all
    /// read".
    remaining: usize,
}

impl<'p> Reads<'p> {
    /// The next source read (`None` once all are), or what stopped the load: a file that
    /// cannot be read, or with `--strict` a skipped record.
    fn next(&mut self) -> Result<Option<&'p ParsedSource>> {
        if self.remaining == 0 {
            return Ok(None);
        }
        let read = self.finished.recv().map_err(|_| {
            IndexerError::Config("reading the sources stopped before the last one".into())
        })?;
        self.remaining -= 1;
        let parsed = self.slots[read?].get().expect("set before it is announced");
        if self.strict && parsed.skipped() > 0 {
            return Err(IndexerError::Strict {
                source_name: parsed.name.clone(),
                skipped: parsed.skipped(),
            });
        }
        Ok(Some(parsed))
    }
}

fn load_sources<'p>(
    store: &Store,
    index_dir: &Path,
    request: &LoadRequest,
    reads: &mut Reads<'p>,
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
    let options = WriteOptions {
        prune: request.prune,
        strict: request.strict,
    };
    let (written, staged) = write_all(&mut conn, first, reads, options, staged, progress);
    let (sources, issues) = match written {
        Ok(done) => done,
        Err(e) => {
            // Earlier sources are committed: let the index catch up with those only.
            drop(staged);
            checkpoint(&mut conn);
            catch_up(&index, &mut conn)?;
            return Err(e);
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

/// Writes every source, each in its own transaction, while another thread turns each
/// source's planned changes into index documents. The first source's transaction waits,
/// before it commits, for the rest to be read. Returns the writes' outcome and, when
/// there was an index to stage into, the staged index changes.
fn write_all<'i, 'p>(
    conn: &mut crate::store::DbConnection,
    first: &'p ParsedSource,
    reads: &mut Reads<'p>,
    options: WriteOptions,
    staged: Option<StagedChanges<'i>>,
    progress: &ProgressBar,
) -> (Result<Written>, Option<Result<StagedChanges<'i>>>) {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (plans, planned) = mpsc::channel::<(&'p str, PlannedChanges<'p>)>();
    std::thread::scope(|scope| {
        let stager = staged.map(|mut staged| {
            scope.spawn(move || {
                for (source, plan) in planned {
                    staged.add(&plan.inserted, source)?;
                    staged.replace(&plan.updated, source)?;
                    staged.remove(&plan.removed);
                }
                Ok(staged)
            })
        });
        let staging = stager.is_some();
        // Writes one source in its transaction; `before_commit` runs last inside it.
        let write = |conn: &mut crate::store::DbConnection,
                     p: &'p ParsedSource,
                     before_commit: &mut dyn FnMut() -> Result<()>|
         -> Result<(SourceSummary, Vec<RecordIssue>)> {
            progress.set_message(format!("writing {}", p.name));
            let mut on_plan = |plan: PlannedChanges<'p>| -> Result<()> {
                // A stager that has failed has dropped its end; the load then falls
                // back to catching the index up from the store.
                if staging {
                    let _ = plans.send((p.name.as_str(), plan));
                }
                Ok(())
            };
            let written = conn.in_transaction(|conn| {
                let written = write::write_changes(conn, p, options, &now, &mut on_plan)?;
                before_commit()?;
                Ok::<_, IndexerError>(written)
            })?;
            progress.inc(1);
            Ok(written)
        };
        let mut all = || -> Result<Written> {
            // The first source commits only once every other source has been read.
            let mut rest = Vec::new();
            let mut read_rest = || -> Result<()> {
                while let Some(next) = reads.next()? {
                    rest.push(next);
                }
                Ok(())
            };
            let mut done = vec![(first, write(conn, first, &mut read_rest)?)];
            for p in rest {
                done.push((p, write(conn, p, &mut || Ok(()))?));
            }
            let mut sources = Vec::new();
            let mut issues = Vec::new();
            for (p, (summary, mut write_issues)) in done {
                issues.extend(p.issues.iter().cloned());
                issues.append(&mut write_issues);
                sources.push(summary);
            }
            Ok((sources, issues))
        };
        let outcome = all();
        drop(plans);
        let staged = stager.map(|h| h.join().expect("index staging thread"));
        (outcome, staged)
    })
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
