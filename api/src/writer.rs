//! Group commit for SQLite: one thread owns the write connection and runs every write the
//! API makes, batching the requests that arrive together into one transaction (each in
//! its own savepoint, so one failure rolls back only its own changes). The commit is
//! synchronous (`synchronous = FULL`), and each caller is answered only after it: every
//! 2xx is on disk, for one fsync per batch instead of one per request. It also means
//! writers never wait on each other's locks.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use tokio::sync::oneshot;
use waypoint_indexer::store::{DbConnection, Store};
use waypoint_indexer::{IndexerError, with_conn};

use crate::error::ApiError;
use crate::metrics::WriterMetrics;

/// Most requests in one transaction; more wait for the next.
const MAX_BATCH: usize = 256;
/// Requests waiting for the writer before new ones are turned away with a 503.
const QUEUE: usize = 4096;

/// One request's write, run on the writer thread.
trait Job: Send {
    /// Runs the work; true when it succeeded (its savepoint is kept).
    fn run(&mut self, conn: &mut DbConnection) -> bool;
    /// Answers the caller once the batch's fate is known.
    fn finish(self: Box<Self>, committed: Result<(), String>);
}

struct Task<T, F> {
    work: Option<F>,
    result: Option<Result<T, ApiError>>,
    reply: oneshot::Sender<Result<T, ApiError>>,
}

impl<T, F> Job for Task<T, F>
where
    T: Send,
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send,
{
    fn run(&mut self, conn: &mut DbConnection) -> bool {
        let Some(work) = self.work.take() else {
            return false;
        };
        let result = catch_unwind(AssertUnwindSafe(|| work(conn)))
            .unwrap_or_else(|_| Err(ApiError::Internal("a write panicked".into())));
        let ok = result.is_ok();
        self.result = Some(result);
        ok
    }

    fn finish(self: Box<Self>, committed: Result<(), String>) {
        let answer = match (committed, self.result) {
            (Ok(()), Some(result)) => result,
            // A refusal stands even if the batch failed: nothing of it was to be kept.
            (Err(_), Some(Err(e))) => Err(e),
            (Err(cause), _) => Err(ApiError::Internal(format!("commit failed: {cause}"))),
            (Ok(()), None) => Err(ApiError::Internal("the write did not run".into())),
        };
        // The caller may have gone away; nothing to do then.
        let _ = self.reply.send(answer);
    }
}

/// A handle to the writer thread.
#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::SyncSender<Box<dyn Job>>,
    metrics: WriterMetrics,
}

impl Writer {
    /// Opens the write connection and starts the thread; it ends when every handle is gone.
    pub fn start(store: &Store, metrics: WriterMetrics) -> Result<Writer, IndexerError> {
        let mut conn = store.connect()?;
        // Checkpoints are left to their own thread: run inside a commit, copying the WAL
        // back into the database would hold that batch's callers for its whole length.
        with_conn!(&mut conn, |c| c.batch_execute(
            "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;"
        ))
        .map_err(IndexerError::Database)?;
        let mut checkpoints = store.connect()?;
        let (stop, stopped) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("waypoint-checkpoint".into())
            .spawn(move || checkpoint(&mut checkpoints, stopped))
            .map_err(|e| IndexerError::Config(format!("cannot start the checkpointer: {e}")))?;
        let (jobs, queue) = mpsc::sync_channel::<Box<dyn Job>>(QUEUE);
        let seen = metrics.clone();
        std::thread::Builder::new()
            .name("waypoint-writer".into())
            .spawn(move || {
                run(conn, queue, &seen);
                drop(stop);
            })
            .map_err(|e| IndexerError::Config(format!("cannot start the writer: {e}")))?;
        Ok(Writer { jobs, metrics })
    }

    /// Runs `work` in the next batch; answers after the batch is committed.
    pub async fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let task: Box<dyn Job> = Box::new(Task {
            work: Some(work),
            result: None,
            reply,
        });
        self.metrics.queued.inc();
        self.jobs.try_send(task).map_err(|e| {
            self.metrics.queued.dec();
            match e {
                mpsc::TrySendError::Full(_) => {
                    ApiError::Unavailable("too many writes waiting; retry shortly".into())
                }
                mpsc::TrySendError::Disconnected(_) => {
                    ApiError::Unavailable("the database writer has stopped".into())
                }
            }
        })?;
        answer
            .await
            .map_err(|_| ApiError::Internal("the database writer dropped a write".into()))?
    }
}

fn run(mut conn: DbConnection, queue: mpsc::Receiver<Box<dyn Job>>, metrics: &WriterMetrics) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        metrics.queued.dec_by(batch.len() as i64);
        metrics.batch_size.observe(batch.len() as f64);
        let started = std::time::Instant::now();
        let committed = run_batch(&mut conn, &mut batch);
        metrics
            .commit_seconds
            .observe(started.elapsed().as_secs_f64());
        if let Err(cause) = &committed {
            tracing::error!(error = %cause, jobs = batch.len(), "a write batch failed");
        }
        for job in batch {
            job.finish(committed.clone());
        }
    }
}

/// How often the WAL is copied back into the database.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// Copies committed WAL frames into the database without blocking the writer (PASSIVE),
/// until the writer stops.
fn checkpoint(conn: &mut DbConnection, stopped: mpsc::Receiver<()>) {
    while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(CHECKPOINT_EVERY) {
        if let Err(e) = with_conn!(&mut *conn, |c| c
            .batch_execute("PRAGMA wal_checkpoint(PASSIVE)"))
        {
            tracing::warn!(error = %e, "a WAL checkpoint failed; the next one will retry");
        }
    }
}

fn run_batch(conn: &mut DbConnection, batch: &mut [Box<dyn Job>]) -> Result<(), String> {
    // IMMEDIATE takes the write lock now, so no other process can invalidate our reads.
    with_conn!(&mut *conn, |c| {
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
    })
    .map_err(|e| e.to_string())?;
    for job in batch.iter_mut() {
        let step = with_conn!(&mut *conn, |c| AnsiTransactionManager::begin_transaction(c))
            .map_err(|e| e.to_string())
            .and_then(|()| {
                let ok = job.run(conn);
                with_conn!(&mut *conn, |c| if ok {
                    AnsiTransactionManager::commit_transaction(c)
                } else {
                    AnsiTransactionManager::rollback_transaction(c)
                })
                .map_err(|e| e.to_string())
            });
        if let Err(e) = step {
            let _ = with_conn!(
                &mut *conn,
                |c| AnsiTransactionManager::rollback_transaction(c)
            );
            return Err(e);
        }
    }
    with_conn!(&mut *conn, |c| AnsiTransactionManager::commit_transaction(
        c
    ))
    .map_err(|e| {
        let _ = with_conn!(
            &mut *conn,
            |c| AnsiTransactionManager::rollback_transaction(c)
        );
        e.to_string()
    })
}

#[cfg(test)]
mod tests {
    use diesel::prelude::*;
    use waypoint_indexer::testing::{TestBackend, TestDatabase};

    use super::*;
    use crate::events;
    use waypoint_indexer::store::schema::outbox_events;

    fn count(store: &Store) -> i64 {
        let mut conn = store.connect().unwrap();
        with_conn!(&mut conn, |c| outbox_events::table
            .count()
            .get_result(c)
            .unwrap())
    }

    #[test]
    fn a_failed_write_rolls_back_alone_and_the_rest_of_its_batch_commits() {
        let db = TestDatabase::new(TestBackend::Sqlite);
        let store = Store::open(&db.url).unwrap();
        let writer = Writer::start(&store, crate::metrics::WriterMetrics::default()).unwrap();
        actix_web::rt::System::new().block_on(async {
            let jobs: Vec<_> = (0..20)
                .map(|i| {
                    let writer = writer.clone();
                    actix_web::rt::spawn(async move {
                        writer
                            .write(move |conn| {
                                events::enqueue(
                                    conn,
                                    "p",
                                    "test.event",
                                    None,
                                    &serde_json::json!({"i": i}),
                                )?;
                                if i % 5 == 0 {
                                    return Err(ApiError::invalid("i", "refused after writing"));
                                }
                                Ok(i)
                            })
                            .await
                    })
                })
                .collect();
            let mut ok = 0;
            for job in jobs {
                match job.await.unwrap() {
                    Ok(_) => ok += 1,
                    Err(e) => assert!(matches!(e, ApiError::InvalidParameter { .. })),
                }
            }
            assert_eq!(ok, 16);
        });
        assert_eq!(count(&store), 16, "refused writes left nothing behind");
    }
}
