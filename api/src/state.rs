//! What every handler can reach: the store, a pool of its connections, and the search
//! index.

use std::sync::Arc;

use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::store::Store;

use crate::db::DbPool;
use crate::writer::Writer;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub pool: DbPool,
    pub index: Arc<SearchIndex>,
    /// The group-commit writer (SQLite); PostgreSQL writes go through the pool.
    pub writer: Option<Writer>,
    /// Search and /hsds need an API key too.
    pub require_api_key: bool,
    /// Capacity reports older than this are stale.
    pub capacity_stale_after: chrono::Duration,
}
