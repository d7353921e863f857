//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use actix_web::{HttpResponse, get, web};
use utoipa::OpenApi;

use crate::routes::hsds::{
    self, organizations, root, service_at_locations, services, taxonomies, taxonomy_terms,
};
use crate::routes::{health, search};
use waypoint_indexer::store::hsds::types as hsds_types;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Waypoint",
        description = "Community resource directory and closed-loop referral service for people in recovery from substance use.",
        license(name = "MIT")
    ),
    paths(
        health::health,
        health::ready,
        search::search,
        root::api_info,
        root::api_info_no_slash,
        services::list,
        services::one,
        organizations::list,
        organizations::one,
        service_at_locations::list,
        service_at_locations::one,
        taxonomies::list,
        taxonomies::one,
        taxonomy_terms::list,
        taxonomy_terms::one,
        openapi_json
    ),
    components(schemas(
        crate::error::Problem,
        health::Health,
        health::Readiness,
        search::SearchPage,
        root::ApiInfo,
        hsds_types::MinimalService,
        hsds::HsdsPage<hsds_types::MinimalService>
    )),
    tags(
        (name = "search", description = "Plain-language, typo-tolerant, geographic search"),
        (name = "hsds", description = "Listings as Open Referral HSDS 3.1 records"),
        (name = "operations", description = "Liveness, readiness and the API description")
    )
)]
pub struct ApiDoc;

/// The document as served and as committed in `openapi/openapi.json`.
pub fn document() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serialises")
        + "\n"
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(openapi_json);
}

/// This API's OpenAPI 3.1 document.
#[utoipa::path(get, path = "/openapi.json", tag = "operations", responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json")))]
#[get("/openapi.json")]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document())
}
