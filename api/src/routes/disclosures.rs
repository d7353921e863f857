//! `GET /v1/disclosures`: the Part 2 disclosure ledger for one client.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::{Caller, Role};
use crate::db;
use crate::disclosures::{self, Disclosure};
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list);
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DisclosureParams {
    /// The discloser's own reference for the client.
    client_ref: String,
}

/// Every disclosure of a client's details to a partner (recipient, time, what), oldest
/// first, for the last three years. Each partner sees the disclosures of its own clients
/// (referrals it made, waitlist entries it added); admins see all.
#[utoipa::path(get, path = "/v1/disclosures", tag = "referrals", security(("api_key" = [])),
    params(DisclosureParams),
    responses(
        (status = 200, body = Vec<Disclosure>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")
    ))]
#[get("/v1/disclosures")]
pub async fn list(
    caller: Caller,
    state: web::Data<AppState>,
    params: web::Query<DisclosureParams>,
) -> Result<HttpResponse, ApiError> {
    let client = params.into_inner().client_ref;
    if client.trim().is_empty() {
        return Err(ApiError::invalid("client_ref", "`client_ref` is required"));
    }
    let found = db::run(&state.pool, move |c| {
        let discloser = (caller.role != Role::Admin).then_some(caller.partner_id.as_str());
        Ok(disclosures::for_client(c, client.trim(), discloser)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(found))
}
