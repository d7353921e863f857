//! GET /v1/search: parse the parameters into a `SearchRequest`, and answer the page
//! `crate::search` makes of it.

use actix_web::{HttpResponse, get, web};
use utoipa::IntoParams;

use crate::auth::gate::require_key_for_listings;
use crate::capacity::listings;
use crate::error::ApiError;
use crate::search::search_page;
use crate::state::AppState;

/// The answer's type, named here for the OpenAPI document.
pub use crate::search::SearchPage;

/// `/v1/search` behind the listing gate; the handler's path is relative to the scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/v1/search")
            .wrap(actix_web::middleware::from_fn(require_key_for_listings))
            .service(search),
    );
}

/// The parameters `/v1/search` takes (documentation; parsing is `SearchRequest::from_params`).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SearchParams {
    /// Free text, in the searcher's own words; typos are tolerated.
    q: Option<String>,
    /// A category slug (housing, employment, healthcare, mental-health,
    /// substance-use-treatment, food, support-groups); repeat it or separate with commas.
    category: Option<Vec<String>>,
    /// Only this organization's services.
    organization_id: Option<String>,
    /// Only services offered in this language (ISO 639-1, e.g. `es`).
    language: Option<String>,
    /// Latitude of the point to search around (with `lon`).
    lat: Option<f64>,
    /// Longitude of the point to search around (with `lat`).
    lon: Option<f64>,
    /// A US ZIP code, "City, ST" (the city's centre) or a city name alone when only one
    /// US city bears it, to search around, instead of `lat`/`lon`. An ambiguous name is a
    /// 400 problem listing the places it could be in `candidates`.
    near: Option<String>,
    /// Radius around the point, in km (default 25, at most 500).
    radius_km: Option<f64>,
    /// `min_lon,min_lat,max_lon,max_lat`, instead of a point.
    bbox: Option<String>,
    /// Weekly events (meetings) on this day: `monday` … `sunday`.
    day: Option<String>,
    /// Weekly events starting at or after this local time, `HH:MM`.
    starts_after: Option<String>,
    /// Weekly events starting at or before this local time, `HH:MM`.
    starts_before: Option<String>,
    /// `relevance` (default), `distance` (needs a point; places within the radius only,
    /// nearest first) or `soonest` (by the next start: open now first, then meetings and
    /// listings opening next; unknown hours last).
    sort: Option<String>,
    /// `true`: only listings open now by their own time zone's clock. Listings whose hours
    /// are unknown are left out: unknown is not open.
    open_now: Option<bool>,
    /// Only listings open at this instant, an ISO 8601 date-time with an offset
    /// (`2026-11-23T19:00:00-05:00`); also the instant `open_now` and `next_opening` in
    /// results are judged at. Not with `open_now`.
    open_at: Option<String>,
    /// `in_person`, `online` or `hybrid`; hybrid listings count as in person and online too.
    attendance: Option<String>,
    /// `true`: only services at no cost (a cost option that is free, or costs nothing
    /// without naming insurance; fees text that says none, such as "None."; recovery
    /// meetings).
    free: Option<bool>,
    /// Ways to pay, any of them: `medicaid`, `medicare`, `private_insurance`, `military`,
    /// `veterans_affairs`, `state_insurance`, `uninsured`, `sliding_fee`,
    /// `payment_assistance`, `self_pay`; repeat it or separate with commas.
    accepts: Option<Vec<String>>,
    /// Age in years: services whose stated ages or age groups include it, and services
    /// that state none.
    age: Option<u32>,
    /// `female`, `male`, `transgender` or `non_binary`: leaves out services restricted to
    /// other genders. For meetings it means meetings for that gender (`female`: women's
    /// meetings, Meeting Guide type W), not every mixed meeting.
    gender: Option<String>,
    /// Medications for opioid use disorder, any of them: `methadone`, `buprenorphine`,
    /// `naltrexone`.
    moud: Option<Vec<String>>,
    /// `true`: only listings marked wheelchair accessible.
    wheelchair: Option<bool>,
    /// Meetings of any of these fellowships: `aa`, `al-anon`, `na`, `ca`, `cma`, `ha`,
    /// `ma`, `oa`, `ga`, `nar-anon`, `coda`, `aca`, `smart-recovery`,
    /// `celebrate-recovery`, `recovery-dharma`; repeat it or separate with commas.
    fellowship: Option<Vec<String>>,
    /// Meetings of any of these types, the Meeting Guide type names as slugs: `open`,
    /// `closed`, `women`, `men`, `newcomer`, `spanish`, `lgbtq`, `speaker`, `big-book`,
    /// `step-study`, `young-people`, `business`… (`seed-data/meeting-guide-types.csv`);
    /// repeat it or separate with commas.
    meeting_type: Option<Vec<String>>,
    /// Only services with this taxonomy term (repeatable: any of them).
    taxonomy_term_id: Option<Vec<String>>,
    /// `true`: only programs whose capacity report is fresh and has a free unit (a bed,
    /// a slot, an appointment) now.
    has_capacity: Option<bool>,
    /// Counts to return over the whole result: `category`, `language`, `attendance`,
    /// `accepts`, `moud`, `gender`, `free`, `wheelchair`, `fellowship`, `meeting_type`,
    /// comma separated.
    facets: Option<String>,
    /// Page number, from 1.
    page: Option<u32>,
    /// Items per page (default 20, at most 100).
    per_page: Option<u32>,
}

/// Find services near a place, in plain words.
#[utoipa::path(
    get,
    path = "/v1/search",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, body = SearchPage),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("")]
pub async fn search(
    state: web::Data<AppState>,
    params: web::Query<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let (request, has_capacity) = listings::parse_search(&params)?;
    let (index, stale_after) = (state.index.clone(), state.capacity_stale_after);
    let page = state
        .db
        .read(move |c| {
            search_page(
                c,
                &index,
                request,
                has_capacity,
                chrono::Utc::now(),
                stale_after,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
