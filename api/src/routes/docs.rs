//! Swagger UI at `/docs/` for this API's `/openapi.json`, served from assets compiled into
//! the binary (nothing is fetched at build or run time).

use actix_web::{HttpResponse, get, http::header};
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_swagger_ui::{Config, SwaggerUi};

/// The UI is a page, not an operation of the API: registered outside the document.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.map(|cfg| {
        cfg.service(docs_without_slash)
            .service(SwaggerUi::new("/docs/{_:.*}").config(Config::new(["/openapi.json"])))
    });
}

/// `/docs` → `/docs/`, where the UI's relative asset paths resolve.
#[get("/docs")]
pub async fn docs_without_slash() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, "/docs/"))
        .finish()
}
