//! Search as the API runs it: the index searched (only programs with room, for
//! `has_capacity`), each result's current capacity taken from the store, and the answer's
//! page. While the database is away, search still answers from the index, with capacity
//! unknown.

mod item;
pub mod page;

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
use crate::state::AppState;

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
    /// False when the store could not be asked: no result's capacity is known.
    pub capacity_known: bool,
}

/// Runs a search; with `has_capacity` only services whose fresh report has a free unit
/// match, so totals, pages and facets stay exact. Capacity comes from the store at the
/// moment of the search, not from the index, so it is never behind; without a
/// connection (the database is away) it is unknown, and `has_capacity` cannot be answered.
pub fn run(
    mut conn: Option<&mut DbConnection>,
    index: &SearchIndex,
    mut request: SearchRequest,
    has_capacity: bool,
    now: DateTime<Utc>,
    stale_after: Duration,
) -> Result<(SearchRequest, WithCapacity), ApiError> {
    if has_capacity {
        let Some(conn) = conn.as_deref_mut() else {
            return Err(ApiError::Unavailable(CAPACITY_AWAY.into()));
        };
        request.service_ids = Some(store::with_room(conn, now, stale_after)?);
    }
    let results = index.search(&request)?;
    let ids: Vec<String> = results.hits.iter().map(|h| h.service_id.clone()).collect();
    let capacities = match conn.as_deref_mut() {
        Some(conn) => store::current_of(conn, &ids)?
            .into_iter()
            .map(|(id, stored)| (id, stored.view(now, stale_after)))
            .collect(),
        None => HashMap::new(),
    };
    Ok((
        request,
        WithCapacity {
            results,
            capacities,
            capacity_known: conn.is_some(),
        },
    ))
}

/// Answers a search: with the store when it answers, else from the index alone (capacity
/// unknown), so people can still find help while the database is away. Its time goes to
/// `/metrics`.
pub async fn answer(
    state: &AppState,
    request: SearchRequest,
    has_capacity: bool,
    now: DateTime<Utc>,
) -> Result<SearchPage, ApiError> {
    let started = std::time::Instant::now();
    let (index, stale_after) = (state.index.clone(), state.capacity_stale_after);
    let (with_store, index_only) = (index.clone(), request.clone());
    let answered = state
        .db
        .read(move |c| {
            search_page(
                Some(c),
                &with_store,
                request,
                has_capacity,
                now,
                stale_after,
            )
        })
        .await;
    let page = match answered {
        Err(ApiError::Unavailable(_)) if has_capacity => {
            Err(ApiError::Unavailable(CAPACITY_AWAY.into()))
        }
        Err(ApiError::Unavailable(_)) => {
            let page = actix_web::web::block(move || {
                search_page(None, &index, index_only, false, now, stale_after)
            })
            .await??;
            state.metrics.observe_search(false, started.elapsed());
            return Ok(page);
        }
        other => other,
    };
    if page.is_ok() {
        state.metrics.observe_search(true, started.elapsed());
    }
    page
}

/// Why `has_capacity` cannot be answered while the database is away.
const CAPACITY_AWAY: &str = "`has_capacity` needs programs' capacity reports, and the database cannot be reached right now: search without it, or try again shortly";

/// Runs a search and answers its page.
pub fn search_page(
    conn: Option<&mut DbConnection>,
    index: &SearchIndex,
    request: SearchRequest,
    has_capacity: bool,
    now: DateTime<Utc>,
    stale_after: Duration,
) -> Result<SearchPage, ApiError> {
    let (request, found) = run(conn, index, request, has_capacity, now, stale_after)?;
    Ok(page::page(&request, found))
}
