//! Coordinator views: `GET /v1/capacity` (running programs near a place with what is
//! known of their room now — unknown is not zero —, waitlist length and median wait) and
//! `GET /v1/reports/waitlist` (a period's figures).

use std::collections::HashMap;

use actix_web::{HttpResponse, get, web};
use chrono::{Duration, Utc};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Role};
use crate::capacity::listings::{self, WithCapacity};
use crate::capacity::{self, Availability, Capacity};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::state::AppState;
use crate::waitlists::report::{self, ClockViolations, ReportQuery, WaitlistReport};
use crate::waitlists::store;

/// Median waits are taken over the admissions of this many last days.
const MEDIAN_WAIT_DAYS: i64 = 90;

/// This area's part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(capacity_overview, waitlist_report),
    components(schemas(
        CapacityOverview, ProgramCapacity, WaitlistReport, ClockViolations, Availability,
        capacity::StatusNow, capacity::UnknownReason
    )),
    tags((name = "coordination", description = "Capacity across programs and waitlist reports, for coordinators"))
)]
pub struct CoordinationApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(capacity_overview).service(waitlist_report);
}

/// One program at one place, as a coordinator sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramCapacity {
    /// The service-at-location id.
    pub id: String,
    pub service_id: String,
    pub name: String,
    pub organization_id: String,
    pub organization_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    pub city: Option<String>,
    pub state_province: Option<String>,
    /// What is known of its room now: `capacity_status` (a fresh report's status, or
    /// `unknown`), `unknown_reason` (`never-reported` or `stale`, only when unknown),
    /// `open_units` (free units of a fresh report; `null` when unknown, never 0 for
    /// unknown) and `reported_at` (its last report, `null` when it never reported).
    #[serde(flatten)]
    pub availability: Availability,
    /// The program's last report in full, fresh or stale; `null` when it has never reported.
    pub capacity: Option<Capacity>,
    pub waitlist_length: usize,
    /// Median days from request to admission over the last 90 days' admissions.
    pub median_wait_days: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CapacityOverview {
    pub total_items: usize,
    pub total_pages: usize,
    pub page_number: usize,
    pub size: usize,
    pub first_page: bool,
    pub last_page: bool,
    pub empty: bool,
    pub contents: Vec<ProgramCapacity>,
}

/// Running programs (HSDS status `active`) near a place (the parameters of `/v1/search`:
/// `near`, `lat`/`lon`, `radius_km`, `category`, `q`, `has_capacity`, `page`…; any other is
/// a 400 naming it), with what is known of their room now, waitlist length and median wait.
/// A program that never reported, or whose report is stale, is `capacity_status: unknown`
/// with `open_units: null`: unknown is not zero.
#[utoipa::path(get, path = "/v1/capacity", tag = "coordination", security(("api_key" = [])),
    params(crate::routes::search::SearchParams),
    responses((status = 200, body = CapacityOverview),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
#[get("/v1/capacity")]
pub async fn capacity_overview(
    caller: Caller,
    params: web::Query<Vec<(String, String)>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Coordinator, Role::Provider, Role::Admin])?;
    let (mut request, has_capacity) = listings::parse_search(&params)?;
    request.only_active = true;
    let stale_after = state.capacity_stale_after;
    let overview = web::block(move || -> Result<CapacityOverview, ApiError> {
        let mut conn = db::checkout(&state.pool)?;
        let now = Utc::now();
        let (request, found) = listings::search(
            &mut conn,
            &state.index,
            request,
            has_capacity,
            now,
            stale_after,
        )?;
        let WithCapacity {
            results,
            capacities,
        } = found;
        let ids: Vec<String> = results.hits.iter().map(|h| h.service_id.clone()).collect();
        let dates = store::dates(&mut conn, Some(&ids), now)?;
        let contents: Vec<ProgramCapacity> = results
            .hits
            .into_iter()
            .map(|h| {
                let capacity = capacities.get(&h.service_id).cloned();
                let availability = capacity::availability(
                    capacity.as_ref().map(Capacity::last_report),
                    now,
                    stale_after,
                );
                let entries = dates.get(&h.service_id).map(Vec::as_slice).unwrap_or(&[]);
                ProgramCapacity {
                    waitlist_length: entries
                        .iter()
                        .filter(|e| e.facts.admitted_at.is_none() && e.facts.removed_at.is_none())
                        .count(),
                    median_wait_days: report::median_wait_days(
                        entries,
                        now - Duration::days(MEDIAN_WAIT_DAYS),
                        now,
                    ),
                    availability,
                    capacity,
                    id: h.id,
                    service_id: h.service_id,
                    name: h.name,
                    organization_id: h.organization_id,
                    organization_name: h.organization_name,
                    distance_km: h.distance_km,
                    city: h.city,
                    state_province: h.state,
                }
            })
            .collect();
        let total_pages = results.total_items.div_ceil(request.per_page);
        Ok(CapacityOverview {
            total_items: results.total_items,
            total_pages,
            page_number: request.page,
            size: contents.len(),
            first_page: request.page == 1,
            last_page: request.page >= total_pages,
            empty: contents.is_empty(),
            contents,
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(overview))
}

/// The parameters the report takes (documentation; parsing is `ReportQuery::from_query`).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ReportParams {
    /// Start of the period: a date (`2026-11-01`, from the start of that day, UTC) or an
    /// RFC 3339 date-time; default 30 days before `to`.
    from: Option<String>,
    /// End of the period: a date (`2026-11-30`, to the end of that day, UTC) or an RFC 3339
    /// date-time (exclusive); default now.
    to: Option<String>,
    /// Only this program.
    service_id: Option<String>,
}

/// A period's waitlist figures: admissions, median days to admission, interim services
/// kept on time, the clocks of 45 CFR 96.126 and 96.131 that ran out unkept, interim
/// services by kind, removals by reason. Coordinators and admins see every program, a
/// provider its own. Any other query parameter is refused by name.
#[utoipa::path(get, path = "/v1/reports/waitlist", tag = "coordination", security(("api_key" = [])),
    params(ReportParams),
    responses((status = 200, body = WaitlistReport),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
#[get("/v1/reports/waitlist")]
pub async fn waitlist_report(
    caller: Caller,
    params: web::Query<Vec<(String, String)>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Coordinator, Role::Provider, Role::Admin])?;
    let now = Utc::now();
    let query = ReportQuery::from_query(&params, now)?;
    let figures = web::block(move || -> Result<WaitlistReport, ApiError> {
        let mut conn = db::checkout(&state.pool)?;
        let mut scope: Option<Vec<String>> = match caller.role {
            Role::Provider => Some(capacity::store::services_of(
                &mut conn,
                &caller.organization_ids,
            )?),
            _ => None,
        };
        if let Some(one) = query.service_id {
            if scope.as_ref().is_some_and(|own| !own.contains(&one)) {
                return Err(ApiError::Forbidden(format!(
                    "service {one} is not one of this provider's programs"
                )));
            }
            scope = Some(vec![one]);
        }
        let (from, to) = (query.from, query.to);
        let by_service: HashMap<String, Vec<report::EntryDates>> =
            store::dates(&mut conn, scope.as_deref(), to)?;
        let all: Vec<report::EntryDates> = by_service.into_values().flatten().collect();
        let ids: Vec<String> = all.iter().map(|e| e.id.clone()).collect();
        let services = store::interim_kinds_between(&mut conn, &ids, from, to)?;
        Ok(report::waitlist_report(&all, &services, from, to, now))
    })
    .await??;
    Ok(HttpResponse::Ok().json(figures))
}
