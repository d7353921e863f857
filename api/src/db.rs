//! A pool of store connections shared by the handlers, so a request does not pay for
//! opening a connection (and, on SQLite, setting its pragmas).

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection};
use waypoint_indexer::IndexerError;
use waypoint_indexer::store::{DbConnection, Store};

use crate::error::ApiError;

/// Opens connections with `Store::connect`, so pooled ones are set up like any other.
#[derive(Debug, Clone)]
pub struct StoreConnections(pub Store);

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

pub type DbPool = Pool<StoreConnections>;
pub type PooledDb = PooledConnection<StoreConnections>;

/// A pool of at most `size` connections to the store.
pub fn pool(store: &Store, size: u32) -> Result<DbPool, IndexerError> {
    r2d2::Pool::builder()
        .max_size(size)
        .min_idle(Some(1))
        .connection_timeout(std::time::Duration::from_secs(10))
        .build(StoreConnections(store.clone()))
        .map_err(|e| IndexerError::connection(store.url(), e.to_string()))
}

/// What a caller is told when the database cannot be reached.
pub const DATABASE_AWAY: &str = "the database cannot be reached right now; try again shortly";

/// A connection from the pool, or 503 when none comes in time.
pub fn checkout(pool: &DbPool) -> Result<PooledDb, ApiError> {
    pool.get().map_err(|e| {
        // The cause (redacted by the store) is for operators; the caller learns only that
        // the database is away, never where it is or how Waypoint logs in to it.
        tracing::warn!(error = %e, "no database connection available");
        ApiError::Unavailable(DATABASE_AWAY.into())
    })
}

/// Runs `f` on a pooled connection on the blocking thread pool, off the async workers.
pub async fn run<T, F>(pool: &DbPool, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
{
    let pool = pool.clone();
    actix_web::web::block(move || {
        let mut conn = checkout(&pool)?;
        f(&mut conn)
    })
    .await?
}

/// Runs a write: on SQLite in the group-commit writer's next batch, on PostgreSQL on a
/// pooled connection (`f` opens its own transaction where it needs one, so a claim it
/// commits first, like an Idempotency-Key, is visible to concurrent requests at once).
pub async fn write<T, F>(state: &crate::state::AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
{
    match &state.writer {
        Some(writer) => writer.write(f).await,
        None => run(&state.pool, f).await,
    }
}
