//! GET /v1/search: parse the parameters into a `SearchRequest`, run it on the index, and
//! answer an HSDS-style page.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use waypoint_indexer::search::gazetteer::Gazetteer;
use waypoint_indexer::search::{Area, Hit, SearchRequest, SearchResults};

use crate::error::ApiError;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(search);
}

/// The parameters `/v1/search` takes (documentation; parsing is `SearchRequest::from_params`).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SearchParams {
    /// Free text, in the searcher's own words; typos are tolerated.
    q: Option<String>,
    /// A category slug (housing, employment, healthcare, mental-health,
    /// substance-use-treatment, food, support-groups); repeat it or separate with commas.
    category: Option<Vec<String>>,
    /// Only this organization's services.
    organization_id: Option<String>,
    /// Only services offered in this language (ISO 639-1, e.g. `es`).
    language: Option<String>,
    /// Latitude of the point to search around (with `lon`).
    lat: Option<f64>,
    /// Longitude of the point to search around (with `lat`).
    lon: Option<f64>,
    /// A US ZIP code or "City, ST" to search around, instead of `lat`/`lon`.
    near: Option<String>,
    /// Radius around the point, in km (default 25, at most 500).
    radius_km: Option<f64>,
    /// `min_lon,min_lat,max_lon,max_lat`, instead of a point.
    bbox: Option<String>,
    /// Weekly events (meetings) on this day: `monday` … `sunday`.
    day: Option<String>,
    /// Weekly events starting at or after this local time, `HH:MM`.
    starts_after: Option<String>,
    /// Weekly events starting at or before this local time, `HH:MM`.
    starts_before: Option<String>,
    /// `relevance` (default) or `distance` (needs a point).
    sort: Option<String>,
    /// Page number, from 1.
    page: Option<u32>,
    /// Items per page (default 20, at most 100).
    per_page: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchPage {
    pub total_items: usize,
    pub total_pages: usize,
    pub page_number: usize,
    /// Items on this page.
    pub size: usize,
    pub first_page: bool,
    pub last_page: bool,
    pub empty: bool,
    pub contents: Vec<SearchItem>,
    pub query: UnderstoodQuery,
}

#[derive(Serialize, ToSchema)]
pub struct SearchItem {
    /// The service-at-location id.
    pub id: String,
    pub name: String,
    pub service: ServiceRef,
    pub organization: Named,
    pub location: LocationRef,
    pub categories: Vec<String>,
    /// ISO 639-1 codes of the languages the service is offered in.
    pub languages: Vec<String>,
    /// Distance from the searched point, in km.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// Why it matched: `service_area` (its area holds the point, wherever its office is),
    /// `text`, `location` or `filter`.
    #[serde(rename = "match")]
    pub match_reason: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct ServiceRef {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub status: String,
}

#[derive(Serialize, ToSchema)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct LocationRef {
    pub id: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub address: AddressRef,
}

#[derive(Serialize, ToSchema)]
pub struct AddressRef {
    pub city: Option<String>,
    pub state_province: Option<String>,
    pub postal_code: Option<String>,
}

/// What the search understood of the request.
#[derive(Serialize, ToSchema)]
pub struct UnderstoodQuery {
    pub text: Option<String>,
    /// The words searched for, as the index stores them (lower-cased, stemmed).
    pub terms: Vec<String>,
    /// Everyday phrases recognised in `q` ("rehab", "comida gratis").
    pub phrases: Vec<String>,
    /// Words the recognised phrases added to the search.
    pub expanded_terms: Vec<String>,
    /// Categories `q` was understood to mean; their listings rank first.
    pub intent: Vec<String>,
    /// Categories the results were filtered to (`category`).
    pub categories: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<PlaceRef>,
    /// Present when the words signal a crisis: crisis lines are then listed first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crisis: Option<Crisis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub radius_km: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct Crisis {
    /// `suicide`, `overdose` or `danger`.
    pub kind: String,
    /// What to tell the person now, before any listing.
    pub message: &'static str,
}

/// Said with every crisis answer, whatever the listings.
const CRISIS_MESSAGE: &str = "If someone is in danger or not breathing, call 911 now. For a suicidal, mental health or substance use crisis, call or text 988 (the 988 Suicide & Crisis Lifeline), free, 24/7, in English and Spanish.";

#[derive(Serialize, ToSchema)]
pub struct PlaceRef {
    pub label: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// Find services near a place, in plain words.
#[utoipa::path(
    get,
    path = "/v1/search",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, body = SearchPage),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/search")]
pub async fn search(
    state: web::Data<AppState>,
    params: web::Query<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let request = SearchRequest::from_params(&params, Gazetteer::shipped())
        .map_err(|e| ApiError::invalid(e.parameter, e.detail))?;
    let index = state.index.clone();
    let (request, results) =
        web::block(move || index.search(&request).map(|r| (request, r))).await??;
    Ok(HttpResponse::Ok().json(page(&request, results)))
}

fn page(request: &SearchRequest, results: SearchResults) -> SearchPage {
    let total_pages = results.total_items.div_ceil(request.per_page);
    let has_text = request.text.is_some();
    let contents: Vec<SearchItem> = results
        .hits
        .into_iter()
        .map(|h| item(h, has_text))
        .collect();
    SearchPage {
        total_items: results.total_items,
        total_pages,
        page_number: request.page,
        size: contents.len(),
        first_page: request.page == 1,
        last_page: request.page >= total_pages,
        empty: contents.is_empty(),
        contents,
        query: UnderstoodQuery {
            text: request.text.clone(),
            terms: results.terms,
            phrases: results.understanding.phrases,
            expanded_terms: results.understanding.expanded_terms,
            intent: results
                .understanding
                .categories
                .iter()
                .map(|c| c.slug().to_string())
                .collect(),
            categories: request
                .categories
                .iter()
                .map(|c| c.slug().to_string())
                .collect(),
            crisis: results.understanding.crisis.clone().map(|kind| Crisis {
                kind,
                message: CRISIS_MESSAGE,
            }),
            place: request.place.as_ref().map(|p| PlaceRef {
                label: p.label.clone(),
                latitude: p.latitude,
                longitude: p.longitude,
            }),
            radius_km: match request.area {
                Some(Area::Radius { radius_km, .. }) => Some(radius_km),
                _ => None,
            },
        },
    }
}

fn item(h: Hit, has_text: bool) -> SearchItem {
    let match_reason = if h.by_service_area {
        "service_area"
    } else if has_text {
        "text"
    } else if h.distance_km.is_some() {
        "location"
    } else {
        "filter"
    };
    SearchItem {
        id: h.id,
        name: h.name.clone(),
        service: ServiceRef {
            id: h.service_id,
            name: h.name,
            description: h.description,
            status: h.status,
        },
        organization: Named {
            id: h.organization_id,
            name: h.organization_name,
        },
        location: LocationRef {
            id: h.location_id,
            latitude: h.latitude,
            longitude: h.longitude,
            address: AddressRef {
                city: h.city,
                state_province: h.state,
                postal_code: h.postal_code,
            },
        },
        categories: h.categories,
        languages: h.languages,
        distance_km: h.distance_km,
        match_reason,
    }
}
