//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use actix_web::{HttpResponse, get, web};
use utoipa::OpenApi;

use utoipa::Modify;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::routes::{health, partners, search};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Waypoint",
        description = "Community resource directory and closed-loop referral service for people in recovery from substance use.",
        license(name = "MIT")
    ),
    paths(health::health, health::ready, search::search, openapi_json, partners::me::me),
    components(schemas(crate::error::Problem, health::Health, health::Readiness, search::SearchPage, crate::partners::Partner, crate::auth::Role)),
    modifiers(&ApiKeyScheme),
    tags(
        (name = "search", description = "Plain-language, typo-tolerant, geographic search"),
        (name = "partners", description = "Partners (organizations using the API), their roles and API keys"),
        (name = "operations", description = "Liveness, readiness and the API description")
    )
)]
pub struct ApiDoc;

/// `Authorization: Bearer KEY` with a partner's API key.
struct ApiKeyScheme;

impl Modify for ApiKeyScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A partner's API key (`wp_…`)"))
                    .build(),
            ),
        );
    }
}

/// The document as served and as committed in `openapi/openapi.json`.
pub fn document() -> String {
    let mut doc = ApiDoc::openapi();
    // Each area describes its own endpoints; they are merged here.
    doc.merge(crate::routes::capacity::CapacityApi::openapi());
    doc.merge(crate::routes::waitlists::WaitlistsApi::openapi());
    doc.merge(crate::routes::coordination::CoordinationApi::openapi());
    doc.to_pretty_json()
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
