//! `GET /v1/waitlists/{service_id}/entries/{id}/bridge`: help a person on a waitlist can
//! use now, each suggestion with the one request that records it as an interim service.

use actix_web::{HttpResponse, get, web};
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::state::AppState;
use crate::waitlists::actions::bridge::{
    self, Bridge, BridgeGroup, BridgeSuggestion, entry_facts, parse_query,
};
use crate::waitlists::bridge::RecordStep;

/// This area's part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(bridge_resources),
    components(schemas(Bridge, BridgeGroup, BridgeSuggestion, RecordStep))
)]
pub struct BridgeApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(bridge_resources);
}

/// The parameters the bridge takes (documentation; parsing is `parse_query`).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct BridgeParams {
    /// Where the person is: a US ZIP code or "City, ST". Without a place, around the program.
    near: Option<String>,
    /// Latitude of where the person is (with `lon`).
    lat: Option<f64>,
    /// Longitude of where the person is (with `lat`).
    lon: Option<f64>,
    /// How far to look, in km (default 25, at most 500).
    radius_km: Option<f64>,
    /// ISO 639-1 code; listings in it come first. When omitted, the client's preferred
    /// language if the caller may see the client's details.
    language: Option<String>,
    /// Meetings starting within this many days (default 3, at most 14).
    days: Option<i64>,
    /// Suggestions per kind (default 3, at most 10).
    per_kind: Option<usize>,
    /// The person's gender (`female`, `male`, `transgender`, `non_binary`): leaves out help
    /// for other genders only.
    gender: Option<String>,
    /// The person's age in years (else from the client's date of birth, when the caller
    /// may see it): leaves out help for other ages.
    age: Option<u32>,
    /// Whether the person is a veteran: help for veterans only when `true`.
    veteran: Option<bool>,
}

/// Help a person waiting for a program can use now, near them and in their language.
#[utoipa::path(get, path = "/v1/waitlists/{service_id}/entries/{id}/bridge", tag = "waitlists",
    security(("api_key" = [])),
    params(("service_id" = String, Path), ("id" = String, Path), BridgeParams),
    responses((status = 200, body = Bridge),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/v1/waitlists/{service_id}/entries/{id}/bridge")]
pub async fn bridge_resources(
    caller: Caller,
    path: web::Path<(String, String)>,
    params: web::Query<Vec<(String, String)>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let query = parse_query(&params)?;
    let (service_id, entry_id) = path.into_inner();
    // The client's language is a detail: used only when this caller may see the details,
    // and then recorded in the ledger like any other showing (so a write).
    let (s, e, asked) = (service_id.clone(), entry_id.clone(), query.person.clone());
    let facts = state
        .db
        .write(move |c| entry_facts(c, &caller, &s, &e, asked))
        .await?;
    let (index, stale_after) = (state.index.clone(), state.capacity_stale_after);
    let answer = state
        .db
        .read(move |c| bridge::suggest(c, &index, service_id, entry_id, &query, facts, stale_after))
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
