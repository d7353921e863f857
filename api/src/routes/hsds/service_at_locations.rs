//! GET /hsds/service_at_locations and /hsds/service_at_locations/{id}.

use actix_web::{HttpResponse, get, web};
use utoipa::IntoParams;
use waypoint_indexer::search::gazetteer::Gazetteer;
use waypoint_indexer::store::hsds::{self, Depth, SalFilter, types::ServiceAtLocation};

use super::params::{self, Params};
use super::{HsdsPage, found, record_id, respond};
use crate::capacity::listings;
use crate::error::ApiError;
use crate::state::AppState;

const PARAMETERS: &[&str] = &[
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "full",
    "page",
    "per_page",
    "format",
    "postcode",
    "proximity",
];

/// The parameters `/hsds/service_at_locations` takes (documentation; parsing is `Params`).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ServiceAtLocationsParams {
    /// Words to find in the service's name or description or its organization's name
    /// (ignoring case and accents).
    search: Option<String>,
    /// Only services tagged with this taxonomy term.
    taxonomy_term_id: Option<String>,
    /// Only services tagged with a term of this taxonomy.
    taxonomy_id: Option<String>,
    /// Only this organization's services.
    organization_id: Option<String>,
    /// Only services changed at or after this RFC 3339 date-time (or date).
    modified_after: Option<String>,
    /// Fully nested, as `/hsds/service_at_locations/{id}` gives them.
    full: Option<bool>,
    /// Page number, from 1.
    page: Option<i64>,
    /// Records per page (default 20, at most 100).
    per_page: Option<i64>,
    /// `json` (default) or `ndjson` (every match, one per line, without pages).
    format: Option<String>,
    /// A US ZIP code. Alone: locations with an address in it, and services whose service
    /// area holds its centroid. With `proximity`: locations within that distance of its
    /// centroid.
    postcode: Option<String>,
    /// Metres from the centroid of `postcode` (at most 500000).
    proximity: Option<f64>,
}

/// Services at locations: each with its location (and addresses) and its service.
#[utoipa::path(
    get,
    path = "/hsds/service_at_locations",
    tag = "hsds",
    params(ServiceAtLocationsParams),
    responses(
        (status = 200, body = HsdsPage<ServiceAtLocation>),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/service_at_locations")]
pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let p = Params::parse(&query, PARAMETERS)?;
    let filter = SalFilter {
        services: p.service_filter()?,
        near: p.near(Gazetteer::shipped())?,
    };
    let depth = if p.flag("full")? {
        Depth::Full
    } else {
        Depth::List
    };
    let page = p.page(params::DEFAULT_PER_PAGE, params::MAX_PER_PAGE)?;
    respond(&state, p.format()?, page, move |c, page| {
        let mut loaded = hsds::service_at_locations(c, &filter, page, depth)?;
        listings::overlay_hsds_nested(c, &mut loaded.items)?;
        Ok(loaded)
    })
    .await
}

/// One service at a location, fully nested: the location with addresses, phones,
/// schedules and languages, and the whole service.
#[utoipa::path(
    get,
    path = "/hsds/service_at_locations/{id}",
    tag = "hsds",
    params(("id" = String, Path, description = "The service-at-location id")),
    responses(
        (status = 200, body = ServiceAtLocation),
        (status = 404, description = "No service at location has this id", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/service_at_locations/{id}")]
pub async fn one(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = record_id(id.into_inner(), "service at location")?;
    let key = id.clone();
    let record = state
        .db
        .read(move |c| {
            let mut loaded = hsds::service_at_location(c, &key)?;
            listings::overlay_hsds_nested(c, loaded.as_mut())?;
            Ok(loaded)
        })
        .await?;
    found(record, "service at location", &id)
}
