//! `POST` and `GET /v1/referrals/{id}/notes`.

use actix_web::{HttpResponse, get, post, web};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::referrals::actions::notes;
use crate::referrals::model::{NewNote, Note};
use crate::routes::body::Body;
use crate::state::AppState;

/// Add a note for the other side of the referral.
#[utoipa::path(operation_id = "add_referral_note", tag = "referrals", security(("api_key" = [])),
    params(("id" = String, Path, description = "Referral id")),
    request_body = NewNote,
    responses(
        (status = 201, body = Note),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    ))]
#[post("/v1/referrals/{id}/notes")]
pub async fn add_note(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Body<NewNote>,
) -> Result<HttpResponse, ApiError> {
    let (id, body) = (id.into_inner(), body.into_inner());
    let note = state
        .db
        .write(move |c| notes::add(c, &caller, &id, body))
        .await?;
    Ok(HttpResponse::Created().json(note))
}

/// A referral's notes; a receiver that may no longer see client details gets the other
/// side's notes without text.
#[utoipa::path(operation_id = "list_referral_notes", tag = "referrals", security(("api_key" = [])),
    params(("id" = String, Path, description = "Referral id")),
    responses(
        (status = 200, body = Vec<Note>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    ))]
#[get("/v1/referrals/{id}/notes")]
pub async fn list_notes(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let notes = state
        .db
        .write(move |c| notes::list(c, &caller, &id))
        .await?;
    Ok(HttpResponse::Ok().json(notes))
}
