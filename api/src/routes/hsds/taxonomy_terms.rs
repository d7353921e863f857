//! GET /hsds/taxonomy_terms and /hsds/taxonomy_terms/{id}.

use actix_web::{HttpResponse, get, web};
use utoipa::IntoParams;
use waypoint_indexer::store::hsds::{self, TermFilter, types::TaxonomyTerm};

use super::params::{self, Params};
use super::{HsdsPage, found, record_id, respond};
use crate::error::ApiError;
use crate::state::AppState;

/// The parameters `/hsds/taxonomy_terms` takes (documentation; parsing is `Params`).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct TaxonomyTermsParams {
    /// Words to find in the term's name, code or description.
    search: Option<String>,
    /// Page number, from 1.
    page: Option<i64>,
    /// Records per page (default 20, at most 100).
    per_page: Option<i64>,
    /// `json` (default) or `ndjson` (every match, one per line, without pages).
    format: Option<String>,
    /// Only terms of this taxonomy.
    taxonomy_id: Option<String>,
    /// Only terms without a parent term (the top of each taxonomy).
    top_only: Option<bool>,
    /// Only the children of this term.
    parent_id: Option<String>,
}

/// Taxonomy terms.
#[utoipa::path(
    get,
    path = "/hsds/taxonomy_terms",
    tag = "hsds",
    params(TaxonomyTermsParams),
    responses(
        (status = 200, body = HsdsPage<TaxonomyTerm>),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/taxonomy_terms")]
pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let p = Params::parse(
        &query,
        &[
            "search",
            "page",
            "per_page",
            "format",
            "taxonomy_id",
            "top_only",
            "parent_id",
        ],
    )?;
    let filter = TermFilter {
        search: p.text("search"),
        taxonomy_id: p.text("taxonomy_id"),
        parent_id: p.text("parent_id"),
        top_only: p.flag("top_only")?,
    };
    let page = p.page(params::DEFAULT_PER_PAGE, params::MAX_PER_PAGE)?;
    respond(&state, p.format()?, page, move |c, page| {
        Ok(hsds::taxonomy_terms(c, &filter, page)?)
    })
    .await
}

/// One taxonomy term, with its taxonomy as `taxonomy_detail`.
#[utoipa::path(
    get,
    path = "/hsds/taxonomy_terms/{id}",
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
