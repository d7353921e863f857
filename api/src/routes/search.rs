//! GET /v1/search: parse the parameters into a `SearchRequest`, run it on the index, and
//! answer an HSDS-style page.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use waypoint_indexer::model::join::Join;
use waypoint_indexer::search::{Area, Hit, SearchRequest};

use crate::auth::gate::require_key_for_listings;
use crate::capacity::Capacity;
use crate::capacity::listings::{self, WithCapacity};
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

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

#[derive(Serialize, ToSchema)]
pub struct SearchPage {
    pub total_items: usize,
    pub total_pages: usize,
    pub page_number: usize,
    /// Items on this page.
    pub size: usize,
    pub first_page: bool,
    pub last_page: bool,
    pub empty: bool,
    pub contents: Vec<SearchItem>,
    /// Counts per value of each facet asked for, over every match (not just this page).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schema(value_type = Object, example = json!({"category": {"food": 12, "housing": 3}}))]
    pub facets: BTreeMap<String, BTreeMap<String, usize>>,
    pub query: UnderstoodQuery,
}

#[derive(Serialize, ToSchema)]
pub struct SearchItem {
    /// The service-at-location id.
    pub id: String,
    pub name: String,
    pub service: ServiceRef,
    /// Every service this result stands for: listings with the same name at the same
    /// place (a meeting listed once per day it meets) are one result; this one's first.
    pub service_ids: Vec<String>,
    pub organization: Named,
    pub location: LocationRef,
    pub categories: Vec<String>,
    /// ISO 639-1 codes of the languages the service is offered in.
    pub languages: Vec<String>,
    /// Distance from the searched point, in km; absent for online-only listings, which
    /// have no place to go to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// How people take part: any of `in_person`, `online`, `hybrid` (a hybrid listing
    /// lists all three).
    pub attendance: Vec<String>,
    /// How to join online or by phone: the meeting's own link and dial-in, as its feed
    /// gives them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join: Option<Join>,
    /// A meeting's fellowship (`aa`, `al-anon`, `na`…), as the `fellowship` filter takes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fellowship: Option<String>,
    /// A meeting's types, as the `meeting_type` filter takes them (`open`, `women`…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub meeting_types: Vec<String>,
    /// Medications for opioid use disorder offered, as `moud` takes them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub medications: Vec<String>,
    /// Ways to pay accepted, as `accepts` takes them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub payment: Vec<String>,
    /// Why it matched: `service_area` (its area holds the point, wherever its office is),
    /// `online` (an online-only meeting whose group is near the point: it has no distance),
    /// `text`, `location` or `filter`.
    #[serde(rename = "match")]
    pub match_reason: &'static str,
    pub phones: Vec<PhoneRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Weekly hours as the source gives them (times are local to `time_zone`).
    pub schedule: Vec<ScheduleRef>,
    /// The IANA time zone of the hours, when hours are known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Whether it is open now (or at `open_at`); absent when its hours are unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_now: Option<bool>,
    /// When it next opens after now (or `open_at`), in its own zone; absent when hours are
    /// unknown or it is always open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_opening: Option<String>,
    /// The program's last capacity report (beds, slots), when it has reported one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Capacity>,
}

#[derive(Serialize, ToSchema)]
pub struct PhoneRef {
    pub number: String,
    /// HSDS phone type: `voice`, `text`, `fax`…
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub phone_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ScheduleRef {
    /// The service these times are of, when the result stands for several services.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// How to join the meeting at these times, when the result stands for several
    /// services (each meeting of a group can have its own link).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join: Option<Join>,
    /// Weekdays, two letters each: `MO,TU`.
    pub byday: Option<String>,
    /// Local time, `HH:MM`.
    pub opens_at: Option<String>,
    /// Local time, `HH:MM`; earlier than `opens_at` when it runs past midnight.
    pub closes_at: Option<String>,
    pub description: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ServiceRef {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub status: String,
}

#[derive(Serialize, ToSchema)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct LocationRef {
    pub id: String,
    /// The place's name ("St. Luke's Church Hall").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub address: AddressRef,
}

#[derive(Serialize, ToSchema)]
pub struct AddressRef {
    /// Street address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_2: Option<String>,
    pub city: Option<String>,
    pub state_province: Option<String>,
    pub postal_code: Option<String>,
}

/// What the search understood of the request.
#[derive(Serialize, ToSchema)]
pub struct UnderstoodQuery {
    pub text: Option<String>,
    /// The words searched for, as the index stores them (lower-cased, stemmed).
    pub terms: Vec<String>,
    /// Everyday phrases recognised in `q` ("rehab", "comida gratis").
    pub phrases: Vec<String>,
    /// Words the recognised phrases added to the search.
    pub expanded_terms: Vec<String>,
    /// Categories `q` was understood to mean; their listings rank first.
    pub intent: Vec<String>,
    /// The fellowship `q` names ("aa meeting", "al-anon"): its meetings rank first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fellowship: Option<String>,
    /// Categories the results were filtered to (`category`).
    pub categories: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<PlaceRef>,
    /// Present when the words signal a crisis: crisis lines are then listed first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crisis: Option<Crisis>,
    /// Words of `q` that no listing where the search looked holds: they were left out
    /// rather than matched loosely.
    pub unmatched_terms: Vec<String>,
    /// When nothing is within the radius: how far the nearest match is, in km.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest_km: Option<f64>,
    /// What to tell the person when the answer is thin: which words matched nothing, and
    /// how far the nearest match is when none is within the radius.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub radius_km: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct Crisis {
    /// `suicide`, `overdose` or `danger`.
    pub kind: String,
    /// The language the crisis was asked in (ISO 639-1): the message and the first lines
    /// are in it.
    pub language: String,
    /// What to tell the person now, before any listing.
    pub message: &'static str,
}

/// Said with every crisis answer, whatever the listings, in the query's language.
fn crisis_message(language: &str) -> &'static str {
    match language {
        "es" => {
            "Si alguien está en peligro o no respira, llame al 911 ahora. En una crisis suicida, de salud mental o de consumo de sustancias, llame al 988 y marque 2 para español, o envíe AYUDA por mensaje de texto al 988 (988 Lifeline): gratis, confidencial, las 24 horas."
        }
        _ => {
            "If someone is in danger or not breathing, call 911 now. For a suicidal, mental health or substance use crisis, call or text 988 (the 988 Suicide & Crisis Lifeline), free, 24/7, in English and Spanish."
        }
    }
}

/// A plain sentence on a thin answer: words that matched nothing (those of a recognised
/// phrase still brought what the phrase means), and the nearest match when none is within
/// the radius.
fn notice(
    unmatched: &[String],
    phrases: &[String],
    intent: &[String],
    total: usize,
    radius_km: Option<f64>,
    nearest_km: Option<f64>,
) -> Option<String> {
    let quoted = |words: &[&String]| {
        words
            .iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let in_phrase =
        |w: &String| !intent.is_empty() && phrases.iter().any(|p| p.split(' ').any(|x| x == w));
    let (meant, dropped): (Vec<&String>, Vec<&String>) =
        unmatched.iter().partition(|w| in_phrase(w));
    let mut parts = Vec::new();
    if !meant.is_empty() {
        parts.push(format!(
            "No listing here says {}; listed instead: what it means ({}).",
            quoted(&meant),
            intent.join(", ")
        ));
    }
    if !dropped.is_empty() {
        parts.push(format!(
            "No listing here matches {}; {} left out of the search.",
            quoted(&dropped),
            if dropped.len() == 1 {
                "it was"
            } else {
                "they were"
            }
        ));
    }
    if total == 0 {
        match (radius_km, nearest_km) {
            (Some(r), Some(n)) => parts.push(format!(
                "Nothing within {r} km matches; the nearest match is {n} km away: widen radius_km to see it."
            )),
            (Some(r), None) => parts.push(format!("Nothing within {r} km matches, nor anywhere else.")),
            (None, _) => parts.push("Nothing matches.".to_string()),
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

#[derive(Serialize, ToSchema)]
pub struct PlaceRef {
    pub label: String,
    pub latitude: f64,
    pub longitude: f64,
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
    let (request, found) = web::block(move || {
        let mut conn = db::checkout(&state.pool)?;
        listings::search(
            &mut conn,
            &state.index,
            request,
            has_capacity,
            chrono::Utc::now(),
            state.capacity_stale_after,
        )
    })
    .await??;
    Ok(HttpResponse::Ok().json(page(&request, found)))
}

fn page(request: &SearchRequest, found: WithCapacity) -> SearchPage {
    let WithCapacity {
        results,
        capacities,
    } = found;
    let total_pages = results.total_items.div_ceil(request.per_page);
    let intent: Vec<String> = results
        .understanding
        .categories
        .iter()
        .map(|c| c.slug().to_string())
        .collect();
    let radius_km = match request.area {
        Some(Area::Radius { radius_km, .. }) => Some(radius_km),
        _ => None,
    };
    let has_text = request.text.is_some();
    let contents: Vec<SearchItem> = results
        .hits
        .into_iter()
        .map(|h| {
            // One program can be listed at several places: each shows its capacity.
            let capacity = capacities.get(&h.service_id).cloned();
            item(h, has_text, capacity)
        })
        .collect();
    SearchPage {
        total_items: results.total_items,
        total_pages,
        page_number: request.page,
        size: contents.len(),
        first_page: request.page == 1,
        last_page: request.page >= total_pages,
        empty: contents.is_empty(),
        contents,
        facets: results.facets,
        query: UnderstoodQuery {
            text: request.text.clone(),
            terms: results.terms,
            phrases: results.understanding.phrases.clone(),
            expanded_terms: results.understanding.expanded_terms,
            intent: intent.clone(),
            categories: request
                .categories
                .iter()
                .map(|c| c.slug().to_string())
                .collect(),
            fellowship: results.understanding.fellowship.clone(),
            crisis: results.understanding.crisis.clone().map(|kind| {
                let language = results
                    .understanding
                    .crisis_language
                    .clone()
                    .unwrap_or_else(|| "en".to_string());
                Crisis {
                    kind,
                    message: crisis_message(&language),
                    language,
                }
            }),
            notice: notice(
                &results.unmatched_terms,
                &results.understanding.phrases,
                &intent,
                results.total_items,
                radius_km,
                results.nearest_km,
            ),
            unmatched_terms: results.unmatched_terms,
            nearest_km: results.nearest_km,
            place: request.place.as_ref().map(|p| PlaceRef {
                label: p.label.clone(),
                latitude: p.latitude,
                longitude: p.longitude,
            }),
            radius_km,
        },
    }
}

pub(crate) fn item(h: Hit, has_text: bool, capacity: Option<Capacity>) -> SearchItem {
    let match_reason = if h.by_service_area {
        "service_area"
    } else if h.online_only && h.latitude.is_some() {
        "online"
    } else if has_text {
        "text"
    } else if h.distance_km.is_some() {
        "location"
    } else {
        "filter"
    };
    let d = h.details;
    SearchItem {
        id: h.id,
        name: h.name.clone(),
        service_ids: h.service_ids,
        service: ServiceRef {
            id: h.service_id,
            name: h.name,
            description: h.description,
            status: h.status,
        },
        organization: Named {
            id: h.organization_id,
            name: h.organization_name,
        },
        location: LocationRef {
            id: h.location_id,
            name: d.location_name,
            latitude: h.latitude,
            longitude: h.longitude,
            address: AddressRef {
                address_1: d.address_1,
                address_2: d.address_2,
                city: h.city,
                state_province: h.state,
                postal_code: h.postal_code,
            },
        },
        categories: h.categories,
        languages: h.languages,
        distance_km: h.distance_km,
        attendance: d.attendance,
        join: d.join,
        fellowship: d.fellowship,
        meeting_types: d.meeting_types,
        medications: d.medications,
        payment: d.payment,
        match_reason,
        phones: d
            .phones
            .into_iter()
            .map(|p| PhoneRef {
                number: p.number,
                phone_type: p.phone_type,
                extension: p.extension,
                description: p.description,
            })
            .collect(),
        url: d.url,
        schedule: d
            .schedule
            .into_iter()
            .map(|s| ScheduleRef {
                service_id: s.service_id,
                join: s.join,
                byday: s.byday,
                opens_at: s.opens_at,
                closes_at: s.closes_at,
                description: s.description,
            })
            .collect(),
        time_zone: h.time_zone,
        open_now: h.open_now,
        next_opening: h.next_opening,
        capacity,
    }
}
