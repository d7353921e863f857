//! `/v1/services/{id}/capacity`: programs report their beds and slots; anyone reads the
//! current capacity; providers, coordinators and admins read its history.

use actix_web::{HttpResponse, get, put, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::{Caller, Role};
use crate::capacity::{self, Capacity, CapacityReport, store};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

/// This area's part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(put_capacity, get_capacity, capacity_history),
    components(schemas(Capacity, CapacityReport, capacity::CapacityUnit, capacity::CapacityStatus)),
    tags((name = "capacity", description = "Treatment capacity reported by programs: beds, slots, appointments"))
)]
pub struct CapacityApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(put_capacity)
        .service(get_capacity)
        .service(capacity_history);
}

const DEFAULT_HISTORY: i64 = 100;
const MAX_HISTORY: i64 = 1000;

fn no_service(id: &str) -> ApiError {
    ApiError::NotFound(format!("no service with id {id}"))
}

/// Report a program's capacity: status, units available and their maximum.
#[utoipa::path(
    put,
    path = "/v1/services/{id}/capacity",
    tag = "capacity",
    security(("api_key" = [])),
    params(("id" = String, Path, description = "The service (program) id")),
    request_body = CapacityReport,
    responses(
        (status = 200, description = "The stored capacity", body = Capacity),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the provider of this service", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    )
)]
#[put("/v1/services/{id}/capacity")]
pub async fn put_capacity(
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<CapacityReport>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Provider, Role::Admin])?;
    let report = body.into_inner().validate()?;
    let service_id = path.into_inner();
    let stale_after = state.capacity_stale_after;
    // Through the store's one writer on SQLite, so it never races another write.
    let stored = db::write(&state, move |conn| {
        let organization = store::service_organization(conn, &service_id)?
            .ok_or_else(|| no_service(&service_id))?;
        if !capacity::may_report(&caller, &organization) {
            return Err(ApiError::Forbidden(format!(
                "only the provider of the organization that runs service {service_id}, or an admin, may report its capacity"
            )));
        }
        Ok(store::report(
            conn,
            &service_id,
            &organization,
            &report,
            &caller.partner_id,
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(stored.view(chrono::Utc::now(), stale_after)))
}

/// A program's current capacity (public, like the listing).
#[utoipa::path(
    get,
    path = "/v1/services/{id}/capacity",
    tag = "capacity",
    params(("id" = String, Path, description = "The service (program) id")),
    responses(
        (status = 200, body = Capacity),
        (status = 404, description = "No such service, or it has never reported capacity", body = Problem, content_type = "application/problem+json")
    )
)]
#[get(
    "/v1/services/{id}/capacity",
    wrap = "actix_web::middleware::from_fn(crate::auth::gate::require_key_for_listings)"
)]
pub async fn get_capacity(
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let service_id = path.into_inner();
    let stale_after = state.capacity_stale_after;
    let stored = web::block(move || -> Result<_, ApiError> {
        let mut conn = db::checkout(&state.pool)?;
        store::service_organization(&mut conn, &service_id)?
            .ok_or_else(|| no_service(&service_id))?;
        store::current(&mut conn, &service_id)?.ok_or_else(|| {
            ApiError::NotFound(format!("service {service_id} has not reported capacity"))
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(stored.view(chrono::Utc::now(), stale_after)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryParams {
    /// How many reports, newest first (default 100, at most 1000).
    limit: Option<i64>,
}

/// Every capacity report of a program, newest first, for reports.
#[utoipa::path(
    get,
    path = "/v1/services/{id}/capacity/history",
    tag = "capacity",
    security(("api_key" = [])),
    params(("id" = String, Path, description = "The service (program) id"), HistoryParams),
    responses(
        (status = 200, body = Vec<Capacity>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/services/{id}/capacity/history")]
pub async fn capacity_history(
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<HistoryParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Provider, Role::Coordinator, Role::Admin])?;
    let limit = query.limit.unwrap_or(DEFAULT_HISTORY);
    if !(1..=MAX_HISTORY).contains(&limit) {
        return Err(ApiError::invalid(
            "limit",
            format!("from 1 to {MAX_HISTORY}"),
        ));
    }
    let service_id = path.into_inner();
    let stale_after = state.capacity_stale_after;
    let reports = web::block(move || -> Result<_, ApiError> {
        let mut conn = db::checkout(&state.pool)?;
        let organization = store::service_organization(&mut conn, &service_id)?
            .ok_or_else(|| no_service(&service_id))?;
        if caller.is(Role::Provider) && !capacity::may_report(&caller, &organization) {
            return Err(ApiError::Forbidden(format!(
                "only the provider of service {service_id}, a coordinator or an admin may read its capacity history"
            )));
        }
        Ok(store::history(&mut conn, &service_id, limit)?)
    })
    .await??;
    let now = chrono::Utc::now();
    let views: Vec<Capacity> = reports.iter().map(|r| r.view(now, stale_after)).collect();
    Ok(HttpResponse::Ok().json(views))
}
