//! GET /hsds/taxonomies and /hsds/taxonomies/{id}.

use actix_web::{HttpResponse, get, web};
use utoipa::IntoParams;
use waypoint_indexer::store::hsds::{self, types::Taxonomy};

use super::params::{self, Params};
use super::{HsdsPage, found, record_id, respond};
use crate::error::ApiError;
use crate::state::AppState;

/// The parameters `/hsds/taxonomies` takes (documentation; parsing is `Params`).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct TaxonomiesParams {
    /// Words to find in the taxonomy's name.
    search: Option<String>,
    /// Page number, from 1.
    page: Option<i64>,
    /// Records per page (default 20, at most 100).
    per_page: Option<i64>,
    /// `json` (default) or `ndjson` (every match, one per line, without pages).
    format: Option<String>,
}

/// Taxonomies the listings' terms come from.
#[utoipa::path(
    get,
    path = "/hsds/taxonomies",
    tag = "hsds",
    params(TaxonomiesParams),
    responses(
        (status = 200, body = HsdsPage<Taxonomy>),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/taxonomies")]
pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let p = Params::parse(&query, &["search", "page", "per_page", "format"])?;
    let search = p.text("search");
    let page = p.page(params::DEFAULT_PER_PAGE, params::MAX_PER_PAGE)?;
    respond(&state, p.format()?, page, move |c, page| {
        Ok(hsds::taxonomies(c, search.as_deref(), page)?)
    })
    .await
}

/// One taxonomy.
#[utoipa::path(
    get,
    path = "/hsds/taxonomies/{id}",
    tag = "hsds",
    params(("id" = String, Path, description = "The taxonomy's id")),
    responses(
        (status = 200, body = Taxonomy),
        (status = 404, description = "No taxonomy has this id", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/taxonomies/{id}")]
pub async fn one(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = record_id(id.into_inner(), "taxonomy")?;
    let key = id.clone();
    let record = state.db.read(move |c| Ok(hsds::taxonomy(c, &key)?)).await?;
    found(record, "taxonomy", &id)
}
