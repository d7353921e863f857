//! What every handler can reach: the store, a pool of its connections, and the search
//! index.

use std::sync::Arc;

use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::store::Store;

use crate::db::DbPool;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub pool: DbPool,
    pub index: Arc<SearchIndex>,
    /// Capacity reports older than this are stale.
    pub capacity_stale_after: chrono::Duration,
}
