//! `/v1/partners…` for admins: create, list, read and disable partners; issue, rotate and
//! revoke keys.

use actix_web::{HttpResponse, delete, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::partners::admin::{self, CreatePartner, CreatedPartner, PartnerDetail};
use crate::partners::{IssuedKey, Partner};
use crate::routes::body::Body;
use crate::routes::query::Query;
use crate::state::AppState;

/// Create a partner; its first API key is in the answer, shown once.
#[utoipa::path(tag = "partners", security(("api_key" = [])),
    request_body = CreatePartner,
    responses(
        (status = 201, body = CreatedPartner),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")
    ))]
#[post("/v1/partners")]
pub async fn create_partner(
    caller: Caller,
    state: web::Data<AppState>,
    body: Body<CreatePartner>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let created = state
        .db
        .write(move |c| admin::create(c, &caller, body))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/v1/partners/{}", created.partner_id)))
        .json(created))
}

/// Every partner.
#[utoipa::path(tag = "partners", security(("api_key" = [])),
    responses(
        (status = 200, body = Vec<Partner>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")
    ))]
#[get("/v1/partners")]
pub async fn list_partners(
    caller: Caller,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let partners = state.db.read(move |c| admin::list(c, &caller)).await?;
    Ok(HttpResponse::Ok().json(partners))
}

/// One partner and its keys (ids and dates only).
#[utoipa::path(tag = "partners", security(("api_key" = [])),
    params(("id" = String, Path, description = "Partner id")),
    responses(
        (status = 200, body = PartnerDetail),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    ))]
#[get("/v1/partners/{id}")]
pub async fn read_partner(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let detail = state
        .db
        .read(move |c| admin::detail(c, &caller, &id))
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Disable a partner: none of its keys work any more.
#[utoipa::path(tag = "partners", security(("api_key" = [])),
    params(("id" = String, Path, description = "Partner id")),
    responses(
        (status = 200, body = Partner),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    ))]
#[delete("/v1/partners/{id}")]
pub async fn disable_partner(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let partner = state
        .db
        .write(move |c| admin::disable(c, &caller, &id))
        .await?;
    Ok(HttpResponse::Ok().json(partner))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KeyParams {
    /// `true` revokes the partner's current keys (rotation); by default they keep working
    /// until revoked, so a client can switch without downtime.
    #[serde(default)]
    #[param(default = false)]
    rotate: bool,
}

/// Issue a new API key (shown once).
#[utoipa::path(tag = "partners", security(("api_key" = [])),
    params(("id" = String, Path, description = "Partner id"), KeyParams),
    responses(
        (status = 201, body = IssuedKey),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    ))]
#[post("/v1/partners/{id}/keys")]
pub async fn issue_key(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    params: Query<KeyParams>,
) -> Result<HttpResponse, ApiError> {
    let (id, rotate) = (id.into_inner(), params.rotate);
    let key = state
        .db
        .write(move |c| admin::issue_key(c, &caller, &id, rotate))
        .await?;
    Ok(HttpResponse::Created().json(key))
}

/// Revoke one key.
#[utoipa::path(tag = "partners", security(("api_key" = [])),
    params(("id" = String, Path, description = "Partner id"), ("key_id" = String, Path, description = "Key id")),
    responses(
        (status = 200, body = PartnerDetail),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    ))]
#[delete("/v1/partners/{id}/keys/{key_id}")]
pub async fn revoke_key(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, key_id) = path.into_inner();
    let detail = state
        .db
        .write(move |c| admin::revoke_key(c, &caller, &id, &key_id))
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}
