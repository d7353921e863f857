//! The page's searches, on the same domain code as `/v1/search`: the form's parameters
//! parsed by `/v1/search`'s own parameter struct (`SearchParams`, `crate::search::request_of`) and run by
//! `crate::search::answer`; and the sheet's listings, found by their service ids.

use chrono::{DateTime, Utc};
use waypoint_indexer::model::Keyword;
use waypoint_indexer::model::clean::state_time_zone;
use waypoint_indexer::model::hours::{minute_of_week, zone_of};
use waypoint_indexer::params;
use waypoint_indexer::search::SearchRequest;
use waypoint_indexer::search::gazetteer::Place;
use waypoint_indexer::search::params::Weekday;

use super::form::SearchForm;
use crate::error::ApiError;
use crate::search::SearchPage;
use crate::state::AppState;

/// Most listings one sheet holds.
pub const MAX_SHEET_ITEMS: usize = 30;

/// Zone for "today" when the place names no state.
const DEFAULT_ZONE: &str = "America/New_York";

/// Runs the form's search, as `/v1/search` would run its parameters.
pub async fn search(
    state: &AppState,
    form: &SearchForm,
    now: DateTime<Utc>,
) -> Result<SearchPage, ApiError> {
    let mut params = form.search_params();
    let (mut request, mut has_capacity) = parse(&params)?;
    if form.today {
        params.push(("day".into(), weekday_at(request.place.as_ref(), now).into()));
        (request, has_capacity) = parse(&params)?;
    }
    run(state, request, has_capacity, now).await
}

/// The listings of these service ids (each id a comma-separated group of one
/// program's services, as a result card names them), in the order given.
pub async fn sheet(
    state: &AppState,
    ids: &[String],
    now: DateTime<Utc>,
) -> Result<SearchPage, ApiError> {
    let params = vec![("per_page".to_string(), "100".to_string())];
    let (mut request, _) = parse(&params)?;
    let wanted: Vec<String> = ids
        .iter()
        .flat_map(|group| group.split(','))
        .map(str::trim)
        .filter(|id| !id.is_empty() && id.len() <= 100)
        .map(str::to_string)
        .take(MAX_SHEET_ITEMS * 10)
        .collect();
    if wanted.is_empty() {
        return empty_page(state, now).await;
    }
    request.service_ids = Some(wanted.clone());
    let mut page = run(state, request, false, now).await?;
    // The order the person picked them in, not the search's.
    let rank = |item: &crate::search::SearchItem| {
        item.service_ids
            .iter()
            .filter_map(|id| wanted.iter().position(|w| w == id))
            .min()
            .unwrap_or(usize::MAX)
    };
    page.contents.sort_by_key(rank);
    page.contents.truncate(MAX_SHEET_ITEMS);
    Ok(page)
}

async fn empty_page(state: &AppState, now: DateTime<Utc>) -> Result<SearchPage, ApiError> {
    let (mut request, _) = parse(&[])?;
    request.service_ids = Some(Vec::new());
    run(state, request, false, now).await
}

/// `/v1/search`'s own parsing of its parameters: the request for the index, and whether
/// only programs with room are wanted.
fn parse(params: &[(String, String)]) -> Result<(SearchRequest, bool), ApiError> {
    crate::search::request_of(params::from_pairs(params)?)
}

async fn run(
    state: &AppState,
    request: SearchRequest,
    has_capacity: bool,
    now: DateTime<Utc>,
) -> Result<SearchPage, ApiError> {
    crate::search::answer(state, request, has_capacity, now).await
}

/// Today's weekday at the place searched (by its state's time zone; "Baltimore, MD
/// 21202" is in Maryland's), else on the US East Coast.
pub fn weekday_at(place: Option<&Place>, now: DateTime<Utc>) -> &'static str {
    let zone = place
        .and_then(|p| p.label.split(", ").nth(1))
        .and_then(|rest| rest.split(' ').next())
        .and_then(state_time_zone)
        .unwrap_or(DEFAULT_ZONE);
    let zone = zone_of(Some(zone))
        .or_else(|| zone_of(Some(DEFAULT_ZONE)))
        .expect("a known zone");
    Weekday::all()[(minute_of_week(zone, now) / (24 * 60)) as usize % 7].as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(label: &str) -> Place {
        Place {
            label: label.into(),
            latitude: 0.0,
            longitude: 0.0,
        }
    }

    #[test]
    fn today_is_the_places_weekday() {
        // Monday 2026-11-30 03:00 UTC is still Sunday evening in California and Maryland.
        let now: DateTime<Utc> = "2026-11-30T03:00:00Z".parse().unwrap();
        assert_eq!(
            weekday_at(Some(&place("Santa Ana, CA 92701")), now),
            "sunday"
        );
        assert_eq!(weekday_at(Some(&place("Baltimore, MD")), now), "sunday");
        let later: DateTime<Utc> = "2026-11-30T07:30:00Z".parse().unwrap();
        assert_eq!(weekday_at(Some(&place("Santa Ana, CA")), later), "sunday");
        assert_eq!(weekday_at(Some(&place("Baltimore, MD")), later), "monday");
        assert_eq!(weekday_at(None, later), "monday");
    }
}
