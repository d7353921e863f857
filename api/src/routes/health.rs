//! Liveness and readiness, for load balancers and operators.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;
use crate::health::Readiness;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health).service(ready);
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the process answers.
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, body = Health)))]
#[get("/health")]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The store and the search index answer; traffic can be sent here. Answered from memory:
/// the database is checked every 2 s, not on each probe. `degraded` means the database
/// did not answer its last check (search still answers).
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, body = Readiness),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let readiness = state
        .health
        .readiness(&state.index, state.store.backend().name())
        .map_err(|e| {
            tracing::warn!(error = %e, "readiness: the search index does not answer");
            ApiError::Unavailable("the search index does not answer".into())
        })?;
    Ok(HttpResponse::Ok().json(readiness))
}
