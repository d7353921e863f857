//! GET /hsds/organizations and /hsds/organizations/{id}.

use actix_web::{HttpResponse, get, web};
use utoipa::IntoParams;
use waypoint_indexer::store::hsds::{self, Depth, OrganizationFilter, types::Organization};

use super::params::{self, Params};
use super::{HsdsPage, found, record_id, respond};
use crate::error::ApiError;
use crate::state::AppState;

const PARAMETERS: &[&str] = &[
    "search",
    "full_service",
    "full",
    "taxonomy_term_id",
    "taxonomy_id",
    "page",
    "per_page",
    "format",
];

/// The parameters `/hsds/organizations` takes (documentation; parsing is `Params`).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct OrganizationsParams {
    /// Words to find in the organization's name or description (ignoring case and
    /// accents).
    search: Option<String>,
    /// With each organization's services, fully nested.
    full_service: Option<bool>,
    /// With each organization's services (their one-to-one fields).
    full: Option<bool>,
    /// Only organizations with a service tagged with this taxonomy term.
    taxonomy_term_id: Option<String>,
    /// Only organizations with a service tagged with a term of this taxonomy.
    taxonomy_id: Option<String>,
    /// Page number, from 1.
    page: Option<i64>,
    /// Records per page (default 20, at most 100).
    per_page: Option<i64>,
    /// `json` (default) or `ndjson` (every match, one per line, without pages).
    format: Option<String>,
}

/// The parameters `/hsds/organizations/{id}` takes.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct OrganizationParams {
    /// Services fully nested instead of their one-to-one fields.
    full_service: Option<bool>,
}

/// Organizations.
#[utoipa::path(
    get,
    path = "/hsds/organizations",
    tag = "hsds",
    params(OrganizationsParams),
    responses(
        (status = 200, body = HsdsPage<Organization>),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/organizations")]
pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let p = Params::parse(&query, PARAMETERS)?;
    let services = hsds::ServiceFilter {
        taxonomy_term_id: p.text("taxonomy_term_id"),
        taxonomy_id: p.text("taxonomy_id"),
        ..Default::default()
    };
    let filter = OrganizationFilter {
        search: p.text("search"),
        services: (services != hsds::ServiceFilter::default()).then_some(services),
    };
    let depth = match (p.flag("full_service")?, p.flag("full")?) {
        (true, _) => Some(Depth::Full),
        (false, true) => Some(Depth::List),
        (false, false) => None,
    };
    let page = p.page(params::DEFAULT_PER_PAGE, params::MAX_PER_PAGE)?;
    respond(&state, p.format()?, page, move |c, page| {
        Ok(hsds::organizations(c, &filter, page, depth)?)
    })
    .await
}

/// One organization with its services.
#[utoipa::path(
    get,
    path = "/hsds/organizations/{id}",
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
    query: web::Query<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let p = Params::parse(&query, &["full_service"])?;
    let depth = if p.flag("full_service")? {
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
