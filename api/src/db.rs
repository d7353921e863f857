//! The one database handle the handlers use: `read` runs on a pooled connection, `write`
//! through the group-commit writer on SQLite (so every write is in one thread's batch) and
//! on a pooled connection on PostgreSQL. Pooled connections spare a request the cost of
//! opening one (and, on SQLite, setting its pragmas). While the database is away, requests
//! are told so at once (503) instead of each waiting out the pool's timeout, and the first
//! one after it returns gets through.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection};
use waypoint_indexer::IndexerError;
use waypoint_indexer::store::{Backend, DbConnection, Store};

use crate::error::ApiError;
use crate::metrics::WriterMetrics;
use crate::writer::Writer;

/// Reads and writes of the store, off the async workers.
#[derive(Clone)]
pub struct Db {
    pool: DbPool,
    /// The group-commit writer (SQLite); PostgreSQL writes go through the pool.
    writer: Option<Writer>,
    /// The database did not answer the last attempt to reach it.
    away: Arc<AtomicBool>,
}

impl Db {
    /// A pool of at most `pool_size` connections and, on SQLite, the writer thread.
    pub fn open(store: &Store, pool_size: u32, metrics: WriterMetrics) -> Result<Db, IndexerError> {
        Ok(Db {
            pool: pool(store, pool_size)?,
            writer: match store.backend() {
                Backend::Sqlite(_) => Some(Writer::start(store, metrics)?),
                Backend::Postgres(_) => None,
            },
            away: Arc::new(AtomicBool::new(false)),
        })
    }

    /// What the index follower learnt when it last reached for the database.
    pub fn set_away(&self, away: bool) {
        self.away.store(away, Ordering::Relaxed);
    }

    /// How full the pool is, for `/metrics`.
    pub fn pool_use(&self) -> crate::metrics::scrape::PoolUse {
        let state = self.pool.state();
        crate::metrics::scrape::PoolUse {
            idle: state.idle_connections,
            in_use: state.connections - state.idle_connections,
            max: self.pool.max_size(),
        }
    }

    /// Runs `f` on a pooled connection on the blocking thread pool. `f` must not write:
    /// on SQLite a write beside the writer would wait on its lock, and escape its batches.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    {
        let (pool, away) = (self.pool.clone(), self.away.clone());
        actix_web::web::block(move || {
            let mut conn = checkout(&pool, &away)?;
            f(&mut conn)
        })
        .await?
    }

    /// Runs a write: on SQLite in the writer's next batch, in a savepoint of its own (an
    /// error rolls back only `f`'s changes; the answer comes after the batch's commit); on
    /// PostgreSQL on a pooled connection, where `f` opens its own transaction where it
    /// needs one (so a claim it commits first, like an Idempotency-Key, is visible to
    /// concurrent requests at once).
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    {
        match &self.writer {
            Some(writer) => writer.write(f).await,
            None => self.read(f).await,
        }
    }
}

/// Opens connections with `Store::connect`, so pooled ones are set up like any other.
#[derive(Debug, Clone)]
struct StoreConnections(Store);

impl ManageConnection for StoreConnections {
    type Connection = DbConnection;
    type Error = IndexerError;

    fn connect(&self) -> Result<DbConnection, IndexerError> {
        self.0.connect()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), IndexerError> {
        waypoint_indexer::with_conn!(conn, |c| c.batch_execute("SELECT 1"))
            .map_err(IndexerError::Database)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

type DbPool = Pool<StoreConnections>;
type PooledDb = PooledConnection<StoreConnections>;

/// A pool of at most `size` connections to the store.
fn pool(store: &Store, size: u32) -> Result<DbPool, IndexerError> {
    r2d2::Pool::builder()
        .max_size(size)
        .min_idle(Some(1))
        .connection_timeout(BUSY_WAIT)
        .build(StoreConnections(store.clone()))
        .map_err(|e| IndexerError::connection(store.url(), e.to_string()))
}

/// What a caller is told when the database cannot be reached.
pub const DATABASE_AWAY: &str = "the database cannot be reached right now; try again shortly";

/// How long a request waits for a connection while every one is busy.
const BUSY_WAIT: Duration = Duration::from_secs(10);
/// How long one try for a connection lasts: also how long a request waits once the
/// database is known to be away (one try, which the first request after its return wins).
const ONE_TRY: Duration = Duration::from_millis(250);

/// A connection from the pool, or 503: at once while the database is away, else when
/// none comes within `BUSY_WAIT` (or the database is found away meanwhile).
fn checkout(pool: &DbPool, away: &AtomicBool) -> Result<PooledDb, ApiError> {
    let started = Instant::now();
    loop {
        match pool.get_timeout(ONE_TRY) {
            Ok(conn) => {
                away.store(false, Ordering::Relaxed);
                return Ok(conn);
            }
            Err(e) if away.load(Ordering::Relaxed) || started.elapsed() >= BUSY_WAIT => {
                // The cause (redacted by the store) is for operators; the caller learns
                // only that the database is away, never where it is or how Waypoint logs
                // in to it.
                tracing::warn!(error = %e, "no database connection available");
                return Err(ApiError::Unavailable(DATABASE_AWAY.into()));
            }
            Err(_) => {}
        }
    }
}
