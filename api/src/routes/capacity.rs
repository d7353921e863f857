//! `/v1/services/{id}/capacity`: programs report their beds and slots (or a coordinator
//! reports on a program's behalf); anyone reads the current capacity; providers,
//! coordinators and admins read its history, which names who made each change.

use actix_web::{HttpResponse, get, put, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use waypoint_indexer::params;

use crate::auth::Caller;
use crate::capacity::actions::{self, REPORTERS};
use crate::capacity::{Capacity, CapacityChange, CapacityReport};
use crate::error::{ApiError, Problem};
use crate::routes::body::Body;
use crate::routes::query::Query;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(put_capacity)
        .service(get_capacity)
        .service(capacity_history);
}

const DEFAULT_HISTORY: i64 = 100;
const MAX_HISTORY: i64 = 1000;

/// Report a program's capacity: status, units available and their maximum. The program's
/// providers, a coordinator on its behalf, or an admin; the history names who reported.
#[utoipa::path(
    tag = "capacity",
    security(("api_key" = [])),
    params(("id" = String, Path, description = "The service (program) id")),
    request_body = CapacityReport,
    responses(
        (status = 200, description = "The stored capacity", body = Capacity),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a provider of this service, a coordinator or an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    )
)]
#[put("/v1/services/{id}/capacity")]
pub async fn put_capacity(
    caller: Caller,
    path: web::Path<String>,
    body: Body<CapacityReport>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    // The role first: a partner that may not report is told so before anything else.
    caller.require(REPORTERS)?;
    let report = body.into_inner().validate()?;
    let service_id = path.into_inner();
    let stale_after = state.capacity_stale_after;
    let stored = state
        .db
        .write(move |c| actions::report(c, &caller, &service_id, &report))
        .await?;
    Ok(HttpResponse::Ok().json(stored.view(chrono::Utc::now(), stale_after)))
}

/// A program's current capacity (public, like the listing).
#[utoipa::path(
    security((), ("api_key" = [])),
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
    let stored = state
        .db
        .read(move |c| actions::current(c, &service_id))
        .await?;
    Ok(HttpResponse::Ok().json(stored.view(chrono::Utc::now(), stale_after)))
}

/// The parameters the history takes.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryParams {
    /// How many changes, newest first (default 100, at most 1000).
    #[serde(default, deserialize_with = "params::number")]
    #[param(default = 100, minimum = 1, maximum = 1000)]
    limit: Option<i64>,
}

impl HistoryParams {
    /// The `limit`, checked.
    fn limit(&self) -> Result<i64, ApiError> {
        Ok(params::within(
            "limit",
            self.limit,
            DEFAULT_HISTORY,
            1..=MAX_HISTORY,
        )?)
    }
}

/// Every change of a program's capacity, newest first: each report (by the program's
/// provider, a coordinator on its behalf, or an admin) and each admission that took a
/// unit, with who made it (`changed_by`: partner id and role) and `kind`.
#[utoipa::path(
    tag = "capacity",
    security(("api_key" = [])),
    params(
        ("id" = String, Path, description = "The service (program) id"),
        HistoryParams
    ),
    responses(
        (status = 200, body = Vec<CapacityChange>),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/services/{id}/capacity/history")]
pub async fn capacity_history(
    caller: Caller,
    path: web::Path<String>,
    Query(params): Query<HistoryParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    caller.require(REPORTERS)?;
    let limit = params.limit()?;
    let service_id = path.into_inner();
    let stale_after = state.capacity_stale_after;
    let reports = state
        .db
        .read(move |c| actions::history(c, &caller, &service_id, limit))
        .await?;
    let now = chrono::Utc::now();
    let views: Vec<CapacityChange> = reports.iter().map(|r| r.view(now, stale_after)).collect();
    Ok(HttpResponse::Ok().json(views))
}
