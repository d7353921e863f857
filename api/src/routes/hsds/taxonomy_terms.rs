//! GET /hsds/taxonomy_terms and /hsds/taxonomy_terms/{id}.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use waypoint_indexer::params as wp;
use waypoint_indexer::store::hsds::{self, TermFilter, types::TaxonomyTerm};

use super::params;
use super::{HsdsPage, found, record_id, respond};
use crate::error::ApiError;
use crate::routes::query::Query;
use crate::state::AppState;

/// The parameters `/hsds/taxonomy_terms` takes.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaxonomyTermsParams {
    /// Words to find in the term's name, code or description.
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
    /// Only terms of this taxonomy.
    #[serde(default, deserialize_with = "wp::text")]
    taxonomy_id: Option<String>,
    /// Only terms without a parent term (the top of each taxonomy).
    #[serde(default, deserialize_with = "wp::flag")]
    top_only: Option<bool>,
    /// Only the children of this term.
    #[serde(default, deserialize_with = "wp::text")]
    parent_id: Option<String>,
}

/// Taxonomy terms.
#[utoipa::path(security((), ("api_key" = [])),
    params(TaxonomyTermsParams),
    tag = "hsds",
    responses(
        (status = 200, description = "A page of records, or with `format=ndjson` every matching record, one JSON object a line",
            content((HsdsPage<TaxonomyTerm> = "application/json"), (String = "application/x-ndjson"))),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/taxonomy_terms")]
pub async fn list(
    state: web::Data<AppState>,
    Query(p): Query<TaxonomyTermsParams>,
) -> Result<HttpResponse, ApiError> {
    let filter = TermFilter {
        search: p.search,
        taxonomy_id: p.taxonomy_id,
        parent_id: p.parent_id,
        top_only: p.top_only == Some(true),
    };
    let page = params::list_page(p.page, p.per_page)?;
    respond(&state, params::format(p.format), page, move |c, page| {
        Ok(hsds::taxonomy_terms(c, &filter, page)?)
    })
    .await
}

/// One taxonomy term, with its taxonomy as `taxonomy_detail`.
#[utoipa::path(
    security((), ("api_key" = [])),
    tag = "hsds",
    params(("id" = String, Path, description = "The taxonomy term's id")),
    responses(
        (status = 200, body = TaxonomyTerm),
        (status = 404, description = "No taxonomy term has this id", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/taxonomy_terms/{id}")]
pub async fn one(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = record_id(id.into_inner(), "taxonomy term")?;
    let key = id.clone();
    let record = state
        .db
        .read(move |c| Ok(hsds::taxonomy_term(c, &key)?))
        .await?;
    found(record, "taxonomy term", &id)
}
