//! GET /hsds/organizations and /hsds/organizations/{id}.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use waypoint_indexer::params as wp;
use waypoint_indexer::store::hsds::{self, Depth, OrganizationFilter, types::Organization};

use super::params;
use super::{HsdsPage, found, record_id, respond};
use crate::error::ApiError;
use crate::routes::query::Query;
use crate::state::AppState;

/// The parameters `/hsds/organizations` takes.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganizationsParams {
    /// Words to find in the organization's name or description (ignoring case and
    /// accents).
    #[serde(default, deserialize_with = "wp::text")]
    search: Option<String>,
    /// With each organization's services, fully nested.
    #[serde(default, deserialize_with = "wp::flag")]
    full_service: Option<bool>,
    /// With each organization's services (their one-to-one fields).
    #[serde(default, deserialize_with = "wp::flag")]
    full: Option<bool>,
    /// Only organizations with a service tagged with this taxonomy term.
    #[serde(default, deserialize_with = "wp::text")]
    taxonomy_term_id: Option<String>,
    /// Only organizations with a service tagged with a term of this taxonomy.
    #[serde(default, deserialize_with = "wp::text")]
    taxonomy_id: Option<String>,
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
}

/// The parameters `/hsds/organizations/{id}` takes.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganizationParams {
    /// Services fully nested instead of their one-to-one fields.
    #[serde(default, deserialize_with = "wp::flag")]
    full_service: Option<bool>,
}

/// Organizations.
#[utoipa::path(security((), ("api_key" = [])),
    params(OrganizationsParams),
    tag = "hsds",
    responses(
        (status = 200, description = "A page of records, or with `format=ndjson` every matching record, one JSON object a line",
            content((HsdsPage<Organization> = "application/json"), (String = "application/x-ndjson"))),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/organizations")]
pub async fn list(
    state: web::Data<AppState>,
    Query(p): Query<OrganizationsParams>,
) -> Result<HttpResponse, ApiError> {
    let services = hsds::ServiceFilter {
        taxonomy_term_id: p.taxonomy_term_id,
        taxonomy_id: p.taxonomy_id,
        ..Default::default()
    };
    let filter = OrganizationFilter {
        search: p.search,
        services: (services != hsds::ServiceFilter::default()).then_some(services),
    };
    let depth = match (p.full_service == Some(true), p.full == Some(true)) {
        (true, _) => Some(Depth::Full),
        (false, true) => Some(Depth::List),
        (false, false) => None,
    };
    let page = params::list_page(p.page, p.per_page)?;
    respond(&state, params::format(p.format), page, move |c, page| {
        Ok(hsds::organizations(c, &filter, page, depth)?)
    })
    .await
}

/// One organization with its services.
#[utoipa::path(
    security((), ("api_key" = [])),
    tag = "hsds",
    params(("id" = String, Path, description = "The organization's id"), OrganizationParams),
    responses(
        (status = 200, body = Organization),
        (status = 400, description = "A parameter cannot be used", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No organization has this id", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/organizations/{id}")]
pub async fn one(
    state: web::Data<AppState>,
    id: web::Path<String>,
    Query(p): Query<OrganizationParams>,
) -> Result<HttpResponse, ApiError> {
    let depth = if p.full_service == Some(true) {
        Depth::Full
    } else {
        Depth::List
    };
    let id = record_id(id.into_inner(), "organization")?;
    let key = id.clone();
    let record = state
        .db
        .read(move |c| Ok(hsds::organization(c, &key, depth)?))
        .await?;
    found(record, "organization", &id)
}
