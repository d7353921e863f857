//! `GET /metrics`: the server's figures for Prometheus, to an admin or the scrape token.

use actix_web::{HttpRequest, HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::{ApiError, Problem};
use crate::metrics::CONTENT_TYPE;
use crate::monitoring;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(metrics);
}

/// This server's figures in the OpenMetrics 1.0 text format, which Prometheus reads:
/// requests and latency by route and status (`waypoint_http_*`), search latency
/// (`waypoint_search_duration_seconds`), the index's documents and lag behind the store
/// (`waypoint_index_*`), the webhook queue and this instance's attempts by outcome
/// (`waypoint_webhook_*`), the SQLite writer's queue, batches and commit time
/// (`waypoint_writer_*`), database pool use (`waypoint_db_pool_*`) and whether the
/// database answers (`waypoint_database_up`). For an admin's API key, or the token set
/// with `WAYPOINT_METRICS_TOKEN` as `Authorization: Bearer TOKEN`. Still answers while
/// the database is away (to the token), with `waypoint_database_up 0`.
#[utoipa::path(operation_id = "read_metrics", tag = "operations", security(("api_key" = [])),
    responses(
        (status = 200, description = "The figures, in the OpenMetrics text format", body = String,
            content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")
    ))]
#[get("/metrics")]
pub async fn metrics(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    monitoring::may_read(&req, state.scrape_token.as_ref()).await?;
    let now = monitoring::state_now(&state).await;
    Ok(HttpResponse::Ok()
        .content_type(CONTENT_TYPE)
        .body(state.metrics.render(&now)))
}
