//! What every handler can reach: the store and the search index.

use std::sync::Arc;

use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub index: Arc<SearchIndex>,
}
