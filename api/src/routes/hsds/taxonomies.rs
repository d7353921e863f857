//! GET /hsds/taxonomies and /hsds/taxonomies/{id}.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use waypoint_indexer::params as wp;
use waypoint_indexer::store::hsds::{self, types::Taxonomy};

use super::params;
use super::{HsdsPage, found, record_id, respond};
use crate::error::ApiError;
use crate::routes::query::Query;
use crate::state::AppState;

/// The parameters `/hsds/taxonomies` takes.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaxonomiesParams {
    /// Words to find in the taxonomy's name.
    #[serde(default, deserialize_with = "wp::text")]
    search: Option<String>,
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

/// Taxonomies the listings' terms come from.
#[utoipa::path(security((), ("api_key" = [])),
    params(TaxonomiesParams),
    tag = "hsds",
    responses(
        (status = 200, description = "A page of records, or with `format=ndjson` every matching record, one JSON object a line",
            content((HsdsPage<Taxonomy> = "application/json"), (String = "application/x-ndjson"))),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/taxonomies")]
pub async fn list(
    state: web::Data<AppState>,
    Query(p): Query<TaxonomiesParams>,
) -> Result<HttpResponse, ApiError> {
    let search = p.search;
    let page = params::list_page(p.page, p.per_page)?;
    respond(&state, params::format(p.format), page, move |c, page| {
        Ok(hsds::taxonomies(c, search.as_deref(), page)?)
    })
    .await
}

/// One taxonomy.
#[utoipa::path(
    security((), ("api_key" = [])),
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
