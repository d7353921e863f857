//! What every handler can reach: the store, the database handle, and the search index.

use std::sync::Arc;

use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::store::Store;

use crate::db::Db;
use crate::health::StoreHealth;
use crate::metrics::Metrics;
use crate::metrics::token::ScrapeToken;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Reads on pooled connections; writes through the one writer on SQLite.
    pub db: Db,
    pub index: Arc<SearchIndex>,
    /// What `/ready` reports, kept up to date by the index follower.
    pub health: Arc<StoreHealth>,
    /// Search and /hsds need an API key too.
    pub require_api_key: bool,
    /// Capacity reports older than this are stale.
    pub capacity_stale_after: chrono::Duration,
    /// What `/metrics` shows, counted as things happen.
    pub metrics: Arc<Metrics>,
    /// The token that reads `/metrics` besides an admin's key.
    pub scrape_token: Option<ScrapeToken>,
}
