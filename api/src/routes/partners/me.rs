//! `GET /v1/partners/me`: the partner a key belongs to, so integrators can check a key.

use actix_web::{HttpResponse, get, web};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::partners::{self, Partner};
use crate::state::AppState;

/// The partner this API key belongs to.
#[utoipa::path(
    tag = "partners",
    security(("api_key" = [])),
    responses(
        (status = 200, body = Partner),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/partners/me")]
pub async fn me(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let partner = state.db.read(move |c| partners::me(c, &caller)).await?;
    Ok(HttpResponse::Ok().json(partner))
}
