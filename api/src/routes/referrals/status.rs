//! `POST /v1/referrals/{id}/status`.

use actix_web::{HttpResponse, post, web};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::referrals::actions::status;
use crate::referrals::model::{Referral, StatusChange};
use crate::routes::body::Body;
use crate::state::AppState;

/// Move a referral to a new status. The referrer sets draft, requested, cancelled and
/// entered-in-error; the receiver accepted, rejected, in-progress, on-hold, completed and
/// failed. Rejected, cancelled, on-hold and failed need a `reason_code`.
#[utoipa::path(operation_id = "change_referral_status", tag = "referrals", security(("api_key" = [])),
    params(("id" = String, Path, description = "Referral id")),
    request_body = StatusChange,
    responses(
        (status = 200, body = Referral),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json", description = "The other side sets this status"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "Illegal move: `current_status` and `allowed_statuses` say what is possible")
    ))]
#[post("/v1/referrals/{id}/status")]
pub async fn change_status(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Body<StatusChange>,
) -> Result<HttpResponse, ApiError> {
    let (id, body) = (id.into_inner(), body.into_inner());
    let referral = state
        .db
        .write(move |c| status::change(c, &caller, &id, body))
        .await?;
    Ok(HttpResponse::Ok().json(referral))
}
