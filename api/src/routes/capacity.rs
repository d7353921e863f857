//! `/v1/services/{id}/capacity`: programs report their beds and slots (or a coordinator
//! reports on a program's behalf); anyone reads the current capacity; providers,
//! coordinators and admins read its history, which names who made each change.

use actix_web::{HttpResponse, get, put, web};

use crate::auth::Caller;
use crate::capacity::actions::{self, REPORTERS};
use crate::capacity::{self, Capacity, CapacityChange, CapacityReport, ChangedBy};
use crate::error::{ApiError, Problem};
use crate::routes::hsds::params::Params;
use crate::state::AppState;

/// This area's part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(put_capacity, get_capacity, capacity_history),
    components(schemas(
        Capacity, CapacityReport, CapacityChange, capacity::CapacityUnit, capacity::CapacityStatus,
        capacity::ChangeKind, ChangedBy
    )),
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

/// Report a program's capacity: status, units available and their maximum. The program's
/// providers, a coordinator on its behalf, or an admin; the history names who reported.
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
        (status = 403, description = "Not a provider of this service, a coordinator or an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    )
)]
#[put("/v1/services/{id}/capacity")]
pub async fn put_capacity(
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<Vec<(String, String)>>,
    body: web::Json<CapacityReport>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    // The role first: a partner that may not report is told so before anything else.
    caller.require(REPORTERS)?;
    Params::parse(&query, &[])?;
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
    let stored = state
        .db
        .read(move |c| actions::current(c, &service_id))
        .await?;
    Ok(HttpResponse::Ok().json(stored.view(chrono::Utc::now(), stale_after)))
}

/// The `limit` of a history query; any other parameter is refused by name.
fn history_limit(query: &[(String, String)]) -> Result<i64, ApiError> {
    let params = Params::parse(query, &["limit"])?;
    let limit = match params.text("limit") {
        None => DEFAULT_HISTORY,
        Some(text) => text
            .parse::<i64>()
            .map_err(|_| ApiError::invalid("limit", format!("{text:?} is not a whole number")))?,
    };
    if !(1..=MAX_HISTORY).contains(&limit) {
        return Err(ApiError::invalid(
            "limit",
            format!("from 1 to {MAX_HISTORY}"),
        ));
    }
    Ok(limit)
}

/// Every change of a program's capacity, newest first: each report (by the program's
/// provider, a coordinator on its behalf, or an admin) and each admission that took a
/// unit, with who made it (`changed_by`: partner id and role) and `kind`.
#[utoipa::path(
    get,
    path = "/v1/services/{id}/capacity/history",
    tag = "capacity",
    security(("api_key" = [])),
    params(
        ("id" = String, Path, description = "The service (program) id"),
        ("limit" = Option<i64>, Query, description = "How many changes, newest first (default 100, at most 1000)")
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
    query: web::Query<Vec<(String, String)>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    caller.require(REPORTERS)?;
    let limit = history_limit(&query)?;
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
