//! `GET /v1/referrals/{id}`.

use actix_web::{HttpResponse, get, web};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::referrals::actions::read as action;
use crate::referrals::model::Referral;
use crate::state::AppState;

/// One referral. The receiver's first read sets `received_at`; client details come with
/// the §2.32 notice, and are withheld from a receiver once the consent is revoked or expired.
#[utoipa::path(operation_id = "read_referral", tag = "referrals", security(("api_key" = [])),
    params(("id" = String, Path, description = "Referral id")),
    responses(
        (status = 200, body = Referral),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    ))]
#[get("/v1/referrals/{id}")]
pub async fn read(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let referral = state
        .db
        .write(move |c| action::get(c, &caller, &id))
        .await?;
    Ok(HttpResponse::Ok().json(referral))
}
