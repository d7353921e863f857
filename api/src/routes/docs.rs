//! Swagger UI at `/docs/` for this API's `/openapi.json`, served from assets compiled into
//! the binary (nothing is fetched at build or run time).

use actix_web::{HttpResponse, get, http::header, web};
use utoipa_swagger_ui::{Config, SwaggerUi};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(docs_without_slash)
        .service(SwaggerUi::new("/docs/{_:.*}").config(Config::new(["/openapi.json"])));
}

/// `/docs` → `/docs/`, where the UI's relative asset paths resolve.
#[get("/docs")]
pub async fn docs_without_slash() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, "/docs/"))
        .finish()
}
