//! `/v1/consents`: record, read and revoke 42 CFR Part 2 consents (referrers).

use actix_web::{HttpResponse, get, post, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::consent::{self, Consent, ConsentRequest, actions};
use crate::error::{ApiError, Problem};
use crate::routes::body::Body;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create).service(read).service(revoke);
}

/// A consent as answered, with its state now.
#[derive(Serialize, ToSchema)]
pub struct ConsentView {
    #[serde(flatten)]
    pub consent: Consent,
    /// `active`, `expired` or `revoked`.
    #[schema(schema_with = crate::keywords::consent_state)]
    pub state: &'static str,
}

fn view(consent: Consent) -> ConsentView {
    let state = match consent.in_force(chrono::Utc::now()) {
        Ok(()) => "active",
        Err(consent::ConsentFault::Revoked) => "revoked",
        Err(_) => "expired",
    };
    ConsentView { consent, state }
}

/// Record a client's consent (42 CFR 2.31 elements).
#[utoipa::path(operation_id = "create_consent", tag = "referrals", security(("api_key" = [])),
    request_body = ConsentRequest,
    responses(
        (status = 201, body = ConsentView),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")
    ))]
#[post("/v1/consents")]
pub async fn create(
    caller: Caller,
    state: web::Data<AppState>,
    body: Body<ConsentRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let consent = state
        .db
        .write(move |c| actions::record(c, &caller, body))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/v1/consents/{}", consent.id)))
        .json(view(consent)))
}

/// A consent the caller recorded.
#[utoipa::path(operation_id = "read_consent", tag = "referrals", security(("api_key" = [])),
    params(("id" = String, Path, description = "Consent id")),
    responses(
        (status = 200, body = ConsentView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    ))]
#[get("/v1/consents/{id}")]
pub async fn read(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let consent = state
        .db
        .read(move |c| actions::get(c, &caller, &id))
        .await?;
    Ok(HttpResponse::Ok().json(view(consent)))
}

/// Revoke a consent: receivers stop seeing the client's details; `consent.revoked` goes
/// to every partner that relied on it.
#[utoipa::path(operation_id = "revoke_consent", tag = "referrals", security(("api_key" = [])),
    params(("id" = String, Path, description = "Consent id")),
    responses(
        (status = 200, body = ConsentView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    ))]
#[post("/v1/consents/{id}/revoke")]
pub async fn revoke(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let consent = state
        .db
        .write(move |c| actions::revoke(c, &caller, &id))
        .await?;
    Ok(HttpResponse::Ok().json(view(consent)))
}
