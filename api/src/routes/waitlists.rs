//! `/v1/waitlists`: coordinators and a program's provider keep its waitlist in priority
//! order, record contact attempts and interim services, admit and remove; overdue entries
//! across programs. Client details are shown as `waitlists::access` decides.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::Utc;

use crate::auth::{Caller, Role};
use crate::capacity::store::service_organization;
use crate::capacity::{Availability, ChangedBy};
use crate::db;
use crate::error::{ApiError, Problem};
use crate::idempotency;
use crate::problems::ProblemType;
use crate::routes::hsds::params::Params;
use crate::state::AppState;
use crate::waitlists::model::{
    AdmitBody, ContactAttemptBody, Entry, EntryPatch, InterimServiceBody, NewEntryBody,
    StatusFilter, no_query, note,
};
use crate::waitlists::store::{self, WaitlistError};
use crate::waitlists::{self, access, bridge, consent, rules};
use waypoint_indexer::model::Keyword;
use waypoint_indexer::store::DbConnection;

/// This area's part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(create_entry, list_entries, get_entry, patch_entry, contact_attempt, interim_service, admit, remove, overdue),
    components(schemas(
        Entry, NewEntryBody, EntryPatch, ContactAttemptBody, InterimServiceBody, AdmitBody,
        crate::waitlists::model::RemoveBody, crate::waitlists::model::WaitlistClient,
        crate::waitlists::model::ContactAttempt, crate::waitlists::model::InterimService,
        rules::PriorityClass, rules::ContactOutcome, rules::RemovalReason, rules::Clocks,
        rules::ClockState, rules::InterimKind,
        crate::waitlists::admission::Admission, crate::waitlists::admission::AdmissionBasis,
        crate::capacity::ChangedBy, crate::capacity::StatusNow, crate::capacity::UnknownReason
    )),
    tags((name = "waitlists", description = "Per-program treatment waitlists in federal priority order, with interim-service and admission clocks"))
)]
pub struct WaitlistsApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // `overdue` before the `{service_id}` routes so it is not read as a service id.
    cfg.service(overdue)
        .service(create_entry)
        .service(list_entries)
        .service(get_entry)
        .service(patch_entry)
        .service(contact_attempt)
        .service(interim_service)
        .service(admit)
        .service(remove);
}

impl From<WaitlistError> for ApiError {
    fn from(e: WaitlistError) -> ApiError {
        match e {
            WaitlistError::NotFound => ApiError::NotFound("no such waitlist entry".into()),
            WaitlistError::NotWaiting { status } => ApiError::rule(
                ProblemType::EntryNotWaiting,
                format!("the entry is {status}: only waiting entries change"),
            )
            .with("current_status", status),
            WaitlistError::UnknownUnit { unit, reported } if reported.is_empty() => {
                ApiError::invalid(
                    "unit",
                    format!(
                        "the program has never reported capacity, so it has no unit {unit:?}: admit without `unit`"
                    ),
                )
            }
            WaitlistError::UnknownUnit { unit, reported } => ApiError::invalid(
                "unit",
                format!(
                    "the program's last capacity report has no unit {unit:?}; it reports {}",
                    reported.join(", ")
                ),
            ),
            WaitlistError::NoRoom {
                service_id,
                program,
                capacity,
                unit,
            } => no_room(service_id, program, capacity, unit),
            WaitlistError::Database(e) => e.into(),
        }
    }
}

/// A fresh report shows no room: 409, naming the program, what it reported and when,
/// and how to admit anyway.
fn no_room(
    service_id: String,
    program: String,
    capacity: Availability,
    unit: Option<String>,
) -> ApiError {
    let reported_at = capacity.reported_at.clone().unwrap_or_default();
    let status = capacity.capacity_status.as_str();
    let shows = match &unit {
        Some(u) => format!("no free {u} (status {status})"),
        None => format!(
            "no room (status {status}, {} units free)",
            capacity.open_units.unwrap_or(0)
        ),
    };
    let mut problem = ApiError::rule(
        ProblemType::NoFreeUnit,
        format!(
            "{program}'s capacity report of {reported_at} shows {shows}: admit once the program reports a free unit, or send \"confirmed_by_program\": true if it has confirmed a place for this person"
        ),
    )
    .with("service_id", service_id)
    .with("program", program)
    .with("capacity_status", capacity.capacity_status)
    .with("open_units", capacity.open_units)
    .with("reported_at", capacity.reported_at);
    if let Some(u) = unit {
        problem = problem.with("unit", u);
    }
    problem
}

/// The caller may keep this program's waitlist: the service exists (404) and the caller is
/// a coordinator, an admin or its provider (403). Returns the program's organization.
pub(crate) fn authorize(
    conn: &mut DbConnection,
    caller: &Caller,
    service_id: &str,
) -> Result<String, ApiError> {
    caller.require(&[Role::Coordinator, Role::Provider, Role::Admin])?;
    let organization = service_organization(conn, service_id)?
        .ok_or_else(|| ApiError::NotFound(format!("no service with id {service_id}")))?;
    if !waitlists::may_manage(caller, &organization) {
        return Err(ApiError::Forbidden(format!(
            "only coordinators, admins and the provider of service {service_id} keep its waitlist"
        )));
    }
    Ok(organization)
}

/// Runs `change` on an entry the caller may manage, then answers the entry as it now is and
/// as the caller may see it. A write even for a read: showing details may be a disclosure.
async fn change_entry(
    state: web::Data<AppState>,
    caller: Caller,
    service_id: String,
    entry_id: String,
    change: impl FnOnce(&mut DbConnection, &str, &Caller) -> Result<(), ApiError> + Send + 'static,
) -> Result<HttpResponse, ApiError> {
    // Through the store's one writer on SQLite, so a change never races another write.
    let entry = db::write(&state, move |conn| -> Result<Entry, ApiError> {
        let organization = authorize(conn, &caller, &service_id)?;
        change(conn, &organization, &caller)?;
        let now = Utc::now();
        let entry = store::get(conn, &service_id, &entry_id, now)?;
        access::show_one(conn, &caller, entry, now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(entry))
}

type EntryPath = web::Path<(String, String)>;
type QueryPairs = web::Query<Vec<(String, String)>>;

/// Put a person on a program's waitlist. Needs an `Idempotency-Key`: a repeat with the
/// same body gets the first answer again (`Idempotency-Replayed: true`). Programs in a
/// Part 2 category need a `consent_id`, as referrals do.
#[utoipa::path(post, path = "/v1/waitlists/{service_id}/entries", tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path, description = "The program (service) id"),
        ("Idempotency-Key" = String, Header, description = "A unique value per new entry, e.g. a UUID")),
    request_body = NewEntryBody,
    responses((status = 201, body = Entry, description = "Created (or the replayed first answer)"), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "The same key is still being processed"),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "Consent missing or unusable, or the key was used with another body")))]
#[post("/v1/waitlists/{service_id}/entries")]
pub async fn create_entry(
    req: HttpRequest,
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<serde_json::Value>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency::key_of(&req)?;
    let service_id = path.into_inner();
    let body = body.into_inner();
    let fingerprint =
        idempotency::fingerprint(&format!("POST /v1/waitlists/{service_id}/entries"), &body);
    let new = serde_json::from_value::<NewEntryBody>(body)
        .map_err(|e| ApiError::invalid("body", e.to_string()))?
        .validate(Utc::now())?;
    let answer = db::write(&state, move |conn| {
        authorize(conn, &caller, &service_id)?;
        waitlists::create::create(conn, &caller, &service_id, &key, &fingerprint, new)
    })
    .await?;
    Ok(idempotency::response(answer, |entry| {
        Some(format!(
            "/v1/waitlists/{}/entries/{}",
            entry["service_id"].as_str()?,
            entry["id"].as_str()?
        ))
    }))
}

/// A program's entries by status: by default the people waiting, in priority order with
/// their positions. Any query parameter other than `status` is refused by name.
#[utoipa::path(get, path = "/v1/waitlists/{service_id}/entries", tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path, description = "The program (service) id"),
        ("status" = Option<String>, Query, description = "`waiting` (default: the queue in priority order, with positions), `admitted`, `removed` (in order of request), or `all` (the queue, then the others in order of request)")),
    responses((status = 200, body = Vec<Entry>),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/v1/waitlists/{service_id}/entries")]
pub async fn list_entries(
    caller: Caller,
    path: web::Path<String>,
    params: QueryPairs,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let filter = StatusFilter::from_query(&params)?;
    let service_id = path.into_inner();
    // A write: showing details to a partner other than the entry's creator is recorded.
    let entries = db::write(&state, move |conn| -> Result<Vec<Entry>, ApiError> {
        authorize(conn, &caller, &service_id)?;
        let now = Utc::now();
        let entries = store::list(conn, &service_id, filter, now)?;
        access::show(conn, &caller, entries, now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(entries))
}

/// One waitlist entry. It takes no query parameters.
#[utoipa::path(get, path = "/v1/waitlists/{service_id}/entries/{id}", tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path), ("id" = String, Path)),
    responses((status = 200, body = Entry),
        (status = 400, description = "A query parameter was given; `parameter` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/v1/waitlists/{service_id}/entries/{id}")]
pub async fn get_entry(
    caller: Caller,
    path: EntryPath,
    params: QueryPairs,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    no_query(&params)?;
    let (service_id, id) = path.into_inner();
    change_entry(state, caller, service_id, id, |_, _, _| Ok(())).await
}

/// Change what may change while a person waits (priority facts, phone, language, consent).
#[utoipa::path(patch, path = "/v1/waitlists/{service_id}/entries/{id}", tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path), ("id" = String, Path)), request_body = EntryPatch,
    responses((status = 200, body = Entry), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "The new consent is unusable")))]
#[patch("/v1/waitlists/{service_id}/entries/{id}")]
pub async fn patch_entry(
    caller: Caller,
    path: EntryPath,
    body: web::Json<EntryPatch>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let changes = body.into_inner().validate()?;
    let (service_id, id) = path.into_inner();
    let (s, i) = (service_id.clone(), id.clone());
    change_entry(state, caller, service_id, id, move |conn, _, _| {
        consent::check_patch(conn, &s, &i, &changes)?;
        Ok(store::patch(conn, &s, &i, &changes)?)
    })
    .await
}

/// Record an attempt to reach the person.
#[utoipa::path(post, path = "/v1/waitlists/{service_id}/entries/{id}/contact-attempts", tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path), ("id" = String, Path)), request_body = ContactAttemptBody,
    responses((status = 200, body = Entry), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/v1/waitlists/{service_id}/entries/{id}/contact-attempts")]
pub async fn contact_attempt(
    caller: Caller,
    path: EntryPath,
    body: web::Json<ContactAttemptBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let text = note(body.note)?;
    let (service_id, id) = path.into_inner();
    let (s, i) = (service_id.clone(), id.clone());
    change_entry(state, caller, service_id, id, move |conn, _, caller| {
        Ok(store::add_contact_attempt(
            conn,
            &s,
            &i,
            body.outcome,
            text.as_deref(),
            &caller.partner_id,
        )?)
    })
    .await
}

/// Record an interim service made available to the person while waiting, with its `kinds`.
/// The first in 48 hours of the request keeps the interim-services clock (for a pregnant
/// person: the first of kind `prenatal_care_referral`); a late one is recorded, and the
/// clock stays missed.
#[utoipa::path(post, path = "/v1/waitlists/{service_id}/entries/{id}/interim-services", tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path), ("id" = String, Path)), request_body = InterimServiceBody,
    responses((status = 200, body = Entry), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/v1/waitlists/{service_id}/entries/{id}/interim-services")]
pub async fn interim_service(
    caller: Caller,
    path: EntryPath,
    body: web::Json<InterimServiceBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let mut request = body.into_inner().validate(Utc::now())?;
    let (service_id, id) = path.into_inner();
    let (s, i) = (service_id.clone(), id.clone());
    change_entry(state, caller, service_id, id, move |conn, _, caller| {
        let what = bridge::interim_description(
            conn,
            request.what.take(),
            request.service_at_location_id.as_deref(),
        )?;
        let service = request.with_what(what);
        Ok(store::add_interim_service(
            conn,
            &s,
            &i,
            &service,
            &caller.partner_id,
        )?)
    })
    .await
}

/// Admit the person into the program, as the admission rule says: a fresh capacity report
/// with a free unit gives one (taken off its counts); a fresh report without room is a 409
/// naming the program and its report, unless `confirmed_by_program`; a program that never
/// reported, or whose report is stale, admits and the answer's `admission` says capacity
/// was unknown.
#[utoipa::path(post, path = "/v1/waitlists/{service_id}/entries/{id}/admit", tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path), ("id" = String, Path)), request_body = AdmitBody,
    responses((status = 200, body = Entry, description = "Admitted; `admission` says how it stood against capacity"), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, description = "Not waiting, or the program's fresh report shows no room (`no-free-unit`: `program`, `capacity_status`, `open_units`, `reported_at`, `unit`)", body = Problem, content_type = "application/problem+json")))]
#[post("/v1/waitlists/{service_id}/entries/{id}/admit")]
pub async fn admit(
    caller: Caller,
    path: EntryPath,
    query: web::Query<Vec<(String, String)>>,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    Params::parse(&query, &[])?;
    let request = optional_json::<AdmitBody>(&body)?;
    let stale_after = state.capacity_stale_after;
    let (service_id, id) = path.into_inner();
    let (s, i) = (service_id.clone(), id.clone());
    change_entry(
        state,
        caller,
        service_id,
        id,
        move |conn, organization, caller| {
            let by = ChangedBy::from(caller);
            store::admit(conn, &s, organization, &i, &request, &by, stale_after)?;
            Ok(())
        },
    )
    .await
}

/// A JSON body that may be left out (then the defaults); a body that is sent must parse,
/// so a misspelt field is a 400 and never silently dropped.
fn optional_json<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| ApiError::invalid("body", e.to_string()))
}

/// Take the person off the waitlist, with a reason.
#[utoipa::path(post, path = "/v1/waitlists/{service_id}/entries/{id}/remove", tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path), ("id" = String, Path)), request_body = crate::waitlists::model::RemoveBody,
    responses((status = 200, body = Entry), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/v1/waitlists/{service_id}/entries/{id}/remove")]
pub async fn remove(
    caller: Caller,
    path: EntryPath,
    body: web::Json<crate::waitlists::model::RemoveBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let text = note(body.note)?;
    let (service_id, id) = path.into_inner();
    let (s, i) = (service_id.clone(), id.clone());
    change_entry(state, caller, service_id, id, move |conn, _, _| {
        Ok(store::remove(conn, &s, &i, body.reason, text.as_deref())?)
    })
    .await
}

/// Waiting entries with a clock that ran out unkept (interim services, including those that
/// came late, or admission): every program for coordinators and admins, a provider's own
/// programs for a provider. It takes no query parameters.
#[utoipa::path(get, path = "/v1/waitlists/overdue", tag = "waitlists", security(("api_key" = [])),
    responses((status = 200, body = Vec<Entry>),
        (status = 400, description = "A query parameter was given; `parameter` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
#[get("/v1/waitlists/overdue")]
pub async fn overdue(
    caller: Caller,
    params: QueryPairs,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Coordinator, Role::Provider, Role::Admin])?;
    no_query(&params)?;
    let entries = db::write(&state, move |conn| -> Result<Vec<Entry>, ApiError> {
        let only = match caller.role {
            Role::Provider => Some(crate::capacity::store::services_of(
                conn,
                &caller.organization_ids,
            )?),
            _ => None,
        };
        let now = Utc::now();
        let entries = store::overdue(conn, only.as_deref(), now)?;
        access::show(conn, &caller, entries, now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(entries))
}
