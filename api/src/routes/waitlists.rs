//! `/v1/waitlists`: coordinators and a program's provider keep its waitlist in priority
//! order, record contact attempts and interim services, admit and remove; overdue entries
//! across programs. Client details are shown as `waitlists::access` decides.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::Utc;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::idempotency;
use crate::routes::body::{Body, OptionalBody};
use crate::routes::query::Query;
use crate::state::AppState;
use crate::waitlists::actions::{KEEPERS, change, create, read};
use crate::waitlists::model::{
    AdmitBody, ContactAttemptBody, Entry, EntryPatch, InterimServiceBody, ListParams, NewEntryBody,
    RemoveBody, note,
};

pub fn configure(cfg: &mut ServiceConfig) {
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

type EntryPath = web::Path<(String, String)>;

/// Put a person on a program's waitlist. Needs an `Idempotency-Key`: a repeat with the
/// same body gets the first answer again (`Idempotency-Replayed: true`). Programs in a
/// Part 2 category need a `consent_id`, as referrals do.
#[utoipa::path(tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path, description = "The program (service) id"),
        ("Idempotency-Key" = String, Header, description = "A unique value per new entry, e.g. a UUID", pattern = r"\S", max_length = 255)),
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
    body: Body<NewEntryBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency::key_of(&req)?;
    let service_id = path.into_inner();
    let fingerprint = idempotency::fingerprint(
        &format!("POST /v1/waitlists/{service_id}/entries"),
        &body.json,
    );
    let new = body.into_inner().validate(Utc::now())?;
    let answer = state
        .db
        .write(move |c| create::create(c, &caller, &service_id, &key, &fingerprint, new))
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
#[utoipa::path(tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path, description = "The program (service) id"), ListParams),
    responses((status = 200, body = Vec<Entry>),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/v1/waitlists/{service_id}/entries")]
pub async fn list_entries(
    caller: Caller,
    path: web::Path<String>,
    Query(params): Query<ListParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let filter = params.filter();
    let service_id = path.into_inner();
    // A write: showing details to a partner other than the entry's creator is recorded.
    let entries = state
        .db
        .write(move |c| read::list(c, &caller, &service_id, filter))
        .await?;
    Ok(HttpResponse::Ok().json(entries))
}

/// One waitlist entry. It takes no query parameters.
#[utoipa::path(tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path), ("id" = String, Path)),
    responses((status = 200, body = Entry),
        (status = 400, description = "A query parameter was given; `parameter` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/v1/waitlists/{service_id}/entries/{id}")]
pub async fn get_entry(
    caller: Caller,
    path: EntryPath,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (service_id, id) = path.into_inner();
    let entry = state
        .db
        .write(move |c| read::get(c, &caller, &service_id, &id))
        .await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Change what may change while a person waits (priority facts, phone, language, consent).
#[utoipa::path(tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path), ("id" = String, Path)), request_body = EntryPatch,
    responses((status = 200, body = Entry), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "The new consent is unusable")))]
#[patch("/v1/waitlists/{service_id}/entries/{id}")]
pub async fn patch_entry(
    caller: Caller,
    path: EntryPath,
    body: Body<EntryPatch>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let changes = body.into_inner().validate()?;
    let (service_id, id) = path.into_inner();
    let entry = state
        .db
        .write(move |c| change::patch(c, &caller, &service_id, &id, changes))
        .await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Record an attempt to reach the person.
#[utoipa::path(tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path), ("id" = String, Path)), request_body = ContactAttemptBody,
    responses((status = 200, body = Entry), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/v1/waitlists/{service_id}/entries/{id}/contact-attempts")]
pub async fn contact_attempt(
    caller: Caller,
    path: EntryPath,
    body: Body<ContactAttemptBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let (outcome, text) = (body.outcome, note(body.note));
    let (service_id, id) = path.into_inner();
    let entry = state
        .db
        .write(move |c| change::contact_attempt(c, &caller, &service_id, &id, outcome, text))
        .await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Record an interim service made available to the person while waiting, with its `kinds`.
/// The first in 48 hours of the request keeps the interim-services clock (for a pregnant
/// person: the first of kind `prenatal_care_referral`); a late one is recorded, and the
/// clock stays missed.
#[utoipa::path(tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path), ("id" = String, Path)), request_body = InterimServiceBody,
    responses((status = 200, body = Entry), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/v1/waitlists/{service_id}/entries/{id}/interim-services")]
pub async fn interim_service(
    caller: Caller,
    path: EntryPath,
    body: Body<InterimServiceBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let request = body.into_inner().validate(Utc::now())?;
    let (service_id, id) = path.into_inner();
    let entry = state
        .db
        .write(move |c| change::interim_service(c, &caller, &service_id, &id, request))
        .await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Admit the person into the program, as the admission rule says: a fresh capacity report
/// with a free unit gives one (taken off its counts); a fresh report without room is a 409
/// naming the program and its report, unless `confirmed_by_program`; a program that never
/// reported, or whose report is stale, admits and the answer's `admission` says capacity
/// was unknown.
#[utoipa::path(tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path), ("id" = String, Path)), request_body = Option<AdmitBody>,
    responses((status = 200, body = Entry, description = "Admitted; `admission` says how it stood against capacity"), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, description = "Not waiting, or the program's fresh report shows no room (`no-free-unit`: `program`, `capacity_status`, `open_units`, `reported_at`, `unit`)", body = Problem, content_type = "application/problem+json")))]
#[post("/v1/waitlists/{service_id}/entries/{id}/admit")]
pub async fn admit(
    caller: Caller,
    path: EntryPath,
    OptionalBody(request): OptionalBody<AdmitBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let stale_after = state.capacity_stale_after;
    let (service_id, id) = path.into_inner();
    let entry = state
        .db
        .write(move |c| change::admit(c, &caller, &service_id, &id, request, stale_after))
        .await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Take the person off the waitlist, with a reason.
#[utoipa::path(operation_id = "remove_entry", tag = "waitlists", security(("api_key" = [])),
    params(("service_id" = String, Path), ("id" = String, Path)), request_body = RemoveBody,
    responses((status = 200, body = Entry), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/v1/waitlists/{service_id}/entries/{id}/remove")]
pub async fn remove(
    caller: Caller,
    path: EntryPath,
    body: Body<RemoveBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let (reason, text) = (body.reason, note(body.note));
    let (service_id, id) = path.into_inner();
    let entry = state
        .db
        .write(move |c| change::remove(c, &caller, &service_id, &id, reason, text))
        .await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Waiting entries with a clock that ran out unkept (interim services, including those that
/// came late, or admission): every program for coordinators and admins, a provider's own
/// programs for a provider. It takes no query parameters.
#[utoipa::path(tag = "waitlists", security(("api_key" = [])),
    responses((status = 200, body = Vec<Entry>),
        (status = 400, description = "A query parameter was given; `parameter` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
#[get("/v1/waitlists/overdue")]
pub async fn overdue(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    // The role first: a partner that may not see waitlists is told so before anything else.
    caller.require(KEEPERS)?;
    let entries = state.db.write(move |c| read::overdue(c, &caller)).await?;
    Ok(HttpResponse::Ok().json(entries))
}
