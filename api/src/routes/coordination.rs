//! Coordinator views: `GET /v1/capacity` (running programs near a place with what is
//! known of their room now — unknown is not zero —, waitlist length and median wait) and
//! `GET /v1/reports/waitlist` (a period's figures).

use actix_web::{HttpResponse, get, web};
use chrono::Utc;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::coordination::actions;
use crate::coordination::{CapacityOverview, VIEWERS};
use crate::error::{ApiError, Problem};
use crate::routes::query::Query;
use crate::state::AppState;
use crate::waitlists::report::{ReportParams, ReportQuery, WaitlistReport};
use waypoint_indexer::search::SearchParams;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(capacity_overview).service(waitlist_report);
}

/// Running programs (HSDS status `active`) near a place (the parameters of `/v1/search`:
/// `near`, `lat`/`lon`, `radius_km`, `category`, `q`, `has_capacity`, `page`…; any other is
/// a 400 naming it), with what is known of their room now, waitlist length and median wait.
/// A program that never reported, or whose report is stale, is `capacity_status: unknown`
/// with `open_units: null`: unknown is not zero.
#[utoipa::path(params(SearchParams), tag = "coordination", security(("api_key" = [])),
    responses((status = 200, body = CapacityOverview),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
#[get("/v1/capacity")]
pub async fn capacity_overview(
    caller: Caller,
    Query(params): Query<SearchParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    // The role first: a partner that may not see these views is told so before anything else.
    caller.require(VIEWERS)?;
    let (request, has_capacity) = crate::search::request_of(params)?;
    let (index, stale_after) = (state.index.clone(), state.capacity_stale_after);
    let overview = state
        .db
        .read(move |c| {
            actions::capacity_overview(c, &index, &caller, request, has_capacity, stale_after)
        })
        .await?;
    Ok(HttpResponse::Ok().json(overview))
}

/// A period's waitlist figures: admissions, median days to admission, interim services
/// kept on time, the clocks of 45 CFR 96.126 and 96.131 that ran out unkept, interim
/// services by kind, removals by reason. Coordinators and admins see every program, a
/// provider its own. Any other query parameter is refused by name.
#[utoipa::path(params(ReportParams), tag = "coordination", security(("api_key" = [])),
    responses((status = 200, body = WaitlistReport),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
#[get("/v1/reports/waitlist")]
pub async fn waitlist_report(
    caller: Caller,
    Query(params): Query<ReportParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    caller.require(VIEWERS)?;
    let now = Utc::now();
    let query = ReportQuery::from_params(params, now)?;
    let figures = state
        .db
        .read(move |c| actions::waitlist_report(c, &caller, query, now))
        .await?;
    Ok(HttpResponse::Ok().json(figures))
}
