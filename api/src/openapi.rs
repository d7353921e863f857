//! The OpenAPI 3.1 document: the operations come from the routes as they are registered
//! (`routes::configure`, through `utoipa-actix-web`), so nothing is served undocumented;
//! this module adds what is not an operation: the title, tags and the key scheme.

use std::sync::OnceLock;

use actix_web::{App, HttpResponse, get};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;
use utoipa_actix_web::service_config::ServiceConfig;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Waypoint",
        description = "Community resource directory and closed-loop referral service for people in recovery from substance use.",
        license(name = "MIT")
    ),
    // Schemas no operation names as its body: `minimal=true` answers pages of these.
    components(schemas(
        crate::error::Problem,
        waypoint_indexer::store::hsds::types::MinimalService,
        crate::routes::hsds::HsdsPage<waypoint_indexer::store::hsds::types::MinimalService>
    )),
    modifiers(&ApiKeyScheme),
    tags(
        (name = "search", description = "Plain-language, typo-tolerant, geographic search"),
        (name = "hsds", description = "Listings as Open Referral HSDS 3.1 records"),
        (name = "referrals", description = "Closed-loop referrals with 42 CFR Part 2 consent, status tracking and the disclosure ledger"),
        (name = "partners", description = "Partners (organizations using the API), their roles and API keys"),
        (name = "webhooks", description = "Signed webhooks (Standard Webhooks) to partner systems: endpoints, deliveries, retries"),
        (name = "capacity", description = "Treatment capacity reported by programs: beds, slots, appointments"),
        (name = "waitlists", description = "Per-program treatment waitlists in federal priority order, with interim-service and admission clocks"),
        (name = "coordination", description = "Capacity across programs and waitlist reports, for coordinators"),
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

/// The document as served and as committed in `openapi/openapi.json`, built once.
pub fn document() -> &'static str {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let (_, mut doc) = App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .configure(crate::routes::configure)
            .split_for_parts();
        crate::openapi_contract::complete(&mut doc);
        doc.to_pretty_json()
            .expect("the OpenAPI document serialises")
            + "
"
    })
}

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(openapi_json);
}

/// This API's OpenAPI 3.1 document.
#[utoipa::path(tag = "operations", responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json")))]
#[get("/openapi.json")]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document())
}
