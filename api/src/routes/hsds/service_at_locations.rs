//! GET /hsds/service_at_locations and /hsds/service_at_locations/{id}.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use waypoint_indexer::params as wp;
use waypoint_indexer::search::gazetteer::Gazetteer;
use waypoint_indexer::store::hsds::{self, Depth, SalFilter, types::ServiceAtLocation};

use super::params;
use super::{HsdsPage, found, record_id, respond};
use crate::capacity::listings;
use crate::error::ApiError;
use crate::routes::query::Query;
use crate::state::AppState;

/// The parameters `/hsds/service_at_locations` takes.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceAtLocationsParams {
    /// Words to find in the service's name or description or its organization's name
    /// (ignoring case and accents).
    #[serde(default, deserialize_with = "wp::text")]
    search: Option<String>,
    /// Only services tagged with this taxonomy term.
    #[serde(default, deserialize_with = "wp::text")]
    taxonomy_term_id: Option<String>,
    /// Only services tagged with a term of this taxonomy.
    #[serde(default, deserialize_with = "wp::text")]
    taxonomy_id: Option<String>,
    /// Only this organization's services.
    #[serde(default, deserialize_with = "wp::text")]
    organization_id: Option<String>,
    /// Only services changed at or after this RFC 3339 date-time (or date).
    #[serde(default, deserialize_with = "wp::text")]
    #[param(example = "2026-01-31T09:00:00Z")]
    modified_after: Option<String>,
    /// Fully nested, as `/hsds/service_at_locations/{id}` gives them.
    #[serde(default, deserialize_with = "wp::flag")]
    full: Option<bool>,
    /// Page number, from 1.
    #[serde(default, deserialize_with = "wp::number")]
    #[param(default = 1, minimum = 1, maximum = 1000000)]
    page: Option<i64>,
    /// Records per page (default 20, at most 100).
    #[serde(default, deserialize_with = "wp::number")]
    #[param(default = 20, minimum = 1, maximum = 100)]
    per_page: Option<i64>,
    /// `json` (default) or `ndjson` (every match, one per line, without pages).
    #[serde(default, deserialize_with = "wp::keyword_in_any_case")]
    #[param(default = "json", inline)]
    format: Option<params::Format>,
    /// A US ZIP code. Alone: locations with an address in it, and services whose service
    /// area holds its centroid. With `proximity`: locations within that distance of its
    /// centroid.
    #[serde(default, deserialize_with = "wp::text")]
    #[param(example = "21202")]
    postcode: Option<String>,
    /// Metres from the centroid of `postcode` (at most 500000).
    #[serde(default, deserialize_with = "wp::number")]
    #[param(exclusive_minimum = 0, maximum = 500000)]
    proximity: Option<f64>,
}

/// Services at locations: each with its location (and addresses) and its service.
#[utoipa::path(security((), ("api_key" = [])),
    params(ServiceAtLocationsParams),
    tag = "hsds",
    responses(
        (status = 200, description = "A page of records, or with `format=ndjson` every matching record, one JSON object a line",
            content((HsdsPage<ServiceAtLocation> = "application/json"), (String = "application/x-ndjson"))),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/service_at_locations")]
pub async fn list(
    state: web::Data<AppState>,
    Query(p): Query<ServiceAtLocationsParams>,
) -> Result<HttpResponse, ApiError> {
    let filter = SalFilter {
        services: params::service_filter(
            &p.search,
            &p.taxonomy_term_id,
            &p.taxonomy_id,
            &p.organization_id,
            &p.modified_after,
        )?,
        near: params::near(p.postcode.as_deref(), p.proximity, Gazetteer::shipped())?,
    };
    let depth = if p.full == Some(true) {
        Depth::Full
    } else {
        Depth::List
    };
    let page = params::list_page(p.page, p.per_page)?;
    respond(&state, params::format(p.format), page, move |c, page| {
        let mut loaded = hsds::service_at_locations(c, &filter, page, depth)?;
        listings::overlay_hsds_nested(c, &mut loaded.items)?;
        Ok(loaded)
    })
    .await
}

/// One service at a location, fully nested: the location with addresses, phones,
/// schedules and languages, and the whole service.
#[utoipa::path(
    security((), ("api_key" = [])),
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
