//! GET /v1/search: parse the parameters into a `SearchRequest`, and answer the page
//! `crate::search` makes of it.

use actix_web::{HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::gate::require_key_for_listings;
use crate::error::ApiError;
use crate::routes::query::Query;
use crate::state::AppState;
use waypoint_indexer::search::SearchParams;

/// The answer's type, named here for the OpenAPI document.
pub use crate::search::SearchPage;

/// `/v1/search` behind the listing gate; the handler's path is relative to the scope.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        utoipa_actix_web::scope("/v1/search")
            .wrap(actix_web::middleware::from_fn(require_key_for_listings))
            .service(search),
    );
}

/// Find services near a place, in plain words.
#[utoipa::path(security((), ("api_key" = [])),
    params(SearchParams),
    tag = "search",
    responses(
        (status = 200, body = SearchPage),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("")]
pub async fn search(
    state: web::Data<AppState>,
    Query(params): Query<SearchParams>,
) -> Result<HttpResponse, ApiError> {
    let (request, has_capacity) = crate::search::request_of(params)?;
    let page = crate::search::answer(&state, request, has_capacity, chrono::Utc::now()).await?;
    Ok(HttpResponse::Ok().json(page))
}
