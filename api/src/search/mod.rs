//! Search as the API runs it: `/v1/search` parameters parsed (with `has_capacity`, which
//! the index knows nothing of), the index searched, each result's current capacity taken
//! from the store, and the answer's page.

mod item;
mod page;

pub use item::{SearchItem, item};
pub use page::SearchPage;

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::search::gazetteer::Gazetteer;
use waypoint_indexer::search::{SearchRequest, SearchResults};
use waypoint_indexer::store::DbConnection;

use crate::capacity::Capacity;
use crate::capacity::store;
use crate::error::ApiError;

/// The search parameter that keeps only programs with room now.
const HAS_CAPACITY: &str = "has_capacity";

/// Takes `has_capacity` out of the search parameters (the index knows nothing of
/// capacity); returns the rest and whether it was `true`.
fn take_has_capacity(
    params: &[(String, String)],
) -> Result<(Vec<(String, String)>, bool), ApiError> {
    let mut wanted = false;
    let mut rest = Vec::with_capacity(params.len());
    for (key, value) in params {
        if key != HAS_CAPACITY {
            rest.push((key.clone(), value.clone()));
            continue;
        }
        wanted = match value.trim() {
            "true" | "1" => true,
            "false" | "0" | "" => false,
            other => {
                return Err(ApiError::invalid(
                    HAS_CAPACITY,
                    format!("{other:?} is not true or false"),
                ));
            }
        };
    }
    Ok((rest, wanted))
}

/// Parses `/v1/search` parameters, `has_capacity` included: the request for the index and
/// whether only programs with room are wanted.
pub fn parse_search(params: &[(String, String)]) -> Result<(SearchRequest, bool), ApiError> {
    let (params, has_capacity) = take_has_capacity(params)?;
    let request =
        SearchRequest::from_params(&params, Gazetteer::shipped()).map_err(ApiError::from)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn has_capacity_is_taken_out_and_checked() {
        let (rest, wanted) =
            take_has_capacity(&params(&[("q", "detox"), ("has_capacity", "true")])).unwrap();
        assert!(wanted);
        assert_eq!(rest, params(&[("q", "detox")]));
        assert!(!take_has_capacity(&params(&[("q", "x")])).unwrap().1);
        let err = take_has_capacity(&params(&[("has_capacity", "yes")])).unwrap_err();
        assert_eq!(err.problem().status, 400);
    }
}
