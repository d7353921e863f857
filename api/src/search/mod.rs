//! Search as the API runs it: the index searched (only programs with room, for
//! `has_capacity`), each result's current capacity taken from the store, and the answer's
//! page.

mod item;
mod page;

pub use item::{SearchItem, item};
pub use page::SearchPage;

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::search::gazetteer::Gazetteer;
use waypoint_indexer::search::{SearchParams, SearchRequest, SearchResults};
use waypoint_indexer::store::DbConnection;

use crate::capacity::Capacity;
use crate::capacity::store;
use crate::error::ApiError;

/// The search `params` ask for, and whether only programs with room now are wanted (the
/// index knows nothing of capacity: `run` applies it).
pub fn request_of(params: SearchParams) -> Result<(SearchRequest, bool), ApiError> {
    let has_capacity = params.has_capacity.unwrap_or(false);
    let request = SearchRequest::from_params(params, Gazetteer::shipped())?;
    Ok((request, has_capacity))
}

/// Search results with the current capacity of each result's service, by service id.
pub struct WithCapacity {
    pub results: SearchResults,
    pub capacities: HashMap<String, Capacity>,
}

/// Runs a search; with `has_capacity` only services whose fresh report has a free unit
/// match, so totals, pages and facets stay exact. Capacity comes from the store at the
/// moment of the search, not from the index, so it is never behind.
pub fn run(
    conn: &mut DbConnection,
    index: &SearchIndex,
    mut request: SearchRequest,
    has_capacity: bool,
    now: DateTime<Utc>,
    stale_after: Duration,
) -> Result<(SearchRequest, WithCapacity), ApiError> {
    if has_capacity {
        request.service_ids = Some(store::with_room(conn, now, stale_after)?);
    }
    let results = index.search(&request)?;
    let ids: Vec<String> = results.hits.iter().map(|h| h.service_id.clone()).collect();
    let capacities = store::current_of(conn, &ids)?
        .into_iter()
        .map(|(id, stored)| (id, stored.view(now, stale_after)))
        .collect();
    Ok((
        request,
        WithCapacity {
            results,
            capacities,
        },
    ))
}

/// Runs a search and answers its page.
pub fn search_page(
    conn: &mut DbConnection,
    index: &SearchIndex,
    request: SearchRequest,
    has_capacity: bool,
    now: DateTime<Utc>,
    stale_after: Duration,
) -> Result<SearchPage, ApiError> {
    let (request, found) = run(conn, index, request, has_capacity, now, stale_after)?;
    Ok(page::page(&request, found))
}
