//! `GET /v1/referrals/{id}/events`.

use actix_web::{HttpResponse, get, web};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::referrals::actions::read;
use crate::referrals::model::ReferralEvent;
use crate::state::AppState;

/// A referral's status history: who, when, from, to, why.
#[utoipa::path(operation_id = "referral_events", tag = "referrals", security(("api_key" = [])),
    params(("id" = String, Path, description = "Referral id")),
    responses(
        (status = 200, body = Vec<ReferralEvent>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    ))]
#[get("/v1/referrals/{id}/events")]
pub async fn events(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let events = state
        .db
        .read(move |c| read::events(c, &caller, &id))
        .await?;
    Ok(HttpResponse::Ok().json(events))
}
