//! Liveness and readiness, for load balancers and operators.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use waypoint_indexer::store::read;

use crate::error::ApiError;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health).service(ready);
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the process answers.
    pub status: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct Readiness {
    /// `ready` when the store and the search index both answer.
    pub status: &'static str,
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// Services at locations in the store.
    pub listings: i64,
    /// Documents in the search index.
    pub index_documents: u64,
}

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, body = Health)))]
#[get("/health")]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The store and the search index answer; traffic can be sent here.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, body = Readiness),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let state = state.into_inner();
    // A new connection rather than `state.db`: a probe must fail at once when the database
    // is away, not after the pool has waited for one.
    let readiness = web::block(move || -> Result<Readiness, ApiError> {
        let mut conn = state.store.connect()?;
        let listings = read::listing_count(&mut conn).map_err(|e| {
            tracing::warn!(error = %e, "readiness: the database does not answer");
            ApiError::Unavailable(crate::db::DATABASE_AWAY.into())
        })?;
        let index_documents = state.index.num_docs().map_err(|e| {
            tracing::warn!(error = %e, "readiness: the search index does not answer");
            ApiError::Unavailable("the search index does not answer".into())
        })?;
        Ok(Readiness {
            status: "ready",
            backend: state.store.backend().name(),
            listings,
            index_documents,
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(readiness))
}
