//! `GET /v1/partners/me`: the partner a key belongs to, so integrators can check a key.

use actix_web::{HttpResponse, get, web};

use crate::auth::Caller;
use crate::db;
use crate::error::ApiError;
use crate::partners::{Partner, store};
use crate::state::AppState;

/// The partner this API key belongs to.
#[utoipa::path(
    get,
    path = "/v1/partners/me",
    tag = "partners",
    security(("api_key" = [])),
    responses(
        (status = 200, body = Partner),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/partners/me")]
pub async fn me(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let partner = web::block(move || -> Result<_, ApiError> {
        let mut conn = db::checkout(&state.pool)?;
        store::get(&mut conn, &caller.partner_id)?
            .ok_or_else(|| ApiError::Unauthorized("the API key's partner is gone".into()))
    })
    .await??;
    Ok(HttpResponse::Ok().json(partner))
}
