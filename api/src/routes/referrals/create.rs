//! `POST /v1/referrals`.

use actix_web::{HttpRequest, HttpResponse, post, web};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::idempotency;
use crate::referrals::actions::create as action;
use crate::referrals::model::{CreateReferral, Referral};
use crate::routes::body::Body;
use crate::state::AppState;

/// Refer a client to a service. Needs an `Idempotency-Key`: a repeat with the same body
/// gets the first answer again (`Idempotency-Replayed: true`).
#[utoipa::path(operation_id = "create_referral", tag = "referrals", security(("api_key" = [])),
    request_body = CreateReferral,
    params(("Idempotency-Key" = String, Header, description = "A unique value per new referral, e.g. a UUID", pattern = r"\S", max_length = 255)),
    responses(
        (status = 201, body = Referral, description = "Created (or the replayed first answer)"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "The same key is still being processed"),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "Consent missing or unusable, unknown service, no receiving partner, or the key was used with another body")
    ))]
#[post("/v1/referrals")]
pub async fn create(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    body: Body<CreateReferral>,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency::key_of(&req)?;
    let fingerprint = idempotency::fingerprint("POST /v1/referrals", &body.json);
    let request = body.into_inner();
    let answer = state
        .db
        .write(move |c| action::create(c, &caller, &key, &fingerprint, request))
        .await?;
    Ok(idempotency::response(answer, |body| {
        body["id"].as_str().map(|id| format!("/v1/referrals/{id}"))
    }))
}
