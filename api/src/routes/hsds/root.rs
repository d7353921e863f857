//! GET /hsds/: which HSDS version and profile this API serves, and where its OpenAPI
//! document is.

use actix_web::{HttpRequest, HttpResponse, get};
use serde::Serialize;
use utoipa::ToSchema;

/// The HSDS version the `/hsds` endpoints follow.
pub const HSDS_VERSION: &str = "3.1";
/// The HSDS profile: the base specification, without a national profile's changes.
pub const HSDS_PROFILE: &str = "https://docs.openreferral.org/en/latest/hsds/overview.html";

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiInfo {
    /// HSDS version of this API.
    pub version: &'static str,
    /// URL of the HSDS profile this API follows.
    pub profile: &'static str,
    /// URL of the OpenAPI document that defines this API.
    pub openapi_url: String,
}

fn info(req: &HttpRequest) -> HttpResponse {
    let conn = req.connection_info();
    HttpResponse::Ok().json(ApiInfo {
        version: HSDS_VERSION,
        profile: HSDS_PROFILE,
        openapi_url: format!("{}://{}/openapi.json", conn.scheme(), conn.host()),
    })
}

/// The HSDS version and profile of this API.
#[utoipa::path(security((), ("api_key" = [])),
    tag = "hsds", responses((status = 200, body = ApiInfo)))]
#[get("/")]
pub async fn api_info(req: HttpRequest) -> HttpResponse {
    info(&req)
}

/// The same as `/hsds/`.
#[utoipa::path(security((), ("api_key" = [])),
    tag = "hsds", responses((status = 200, body = ApiInfo)))]
#[get("")]
pub async fn api_info_no_slash(req: HttpRequest) -> HttpResponse {
    info(&req)
}
