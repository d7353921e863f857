//! `GET /v1/disclosures`: the Part 2 disclosure ledger for one client; and
//! `GET /v1/disclosures/accounting`: the accounting of disclosures to hand to the client.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::disclosures::Disclosure;
use crate::disclosures::accounting::{Accounting, as_text};
use crate::disclosures::actions::{self, client_ref};
use crate::error::{ApiError, Problem};
use crate::routes::query::Query;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(accounting).service(list);
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DisclosureParams {
    /// The discloser's own reference for the client.
    #[param(pattern = r"\S")]
    client_ref: String,
}

/// Every disclosure of a client's details to a partner (recipient, time, what), oldest
/// first, for the last three years. Each partner sees the disclosures of its own clients
/// (referrals it made, waitlist entries it added); admins see all.
#[utoipa::path(operation_id = "list_disclosures", params(DisclosureParams), tag = "referrals", security(("api_key" = [])),
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
    params: Query<DisclosureParams>,
) -> Result<HttpResponse, ApiError> {
    let client = client_ref(&params.client_ref)?;
    let found = state
        .db
        .read(move |c| actions::list(c, &caller, &client))
        .await?;
    Ok(HttpResponse::Ok().json(found))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AccountingParams {
    /// The discloser's own reference for the client.
    #[param(pattern = r"\S")]
    client_ref: String,
    /// Start of the period: a date (`2026-11-01`, from its first instant, UTC) or an
    /// RFC 3339 time; default and earliest: three years before now.
    #[serde(default, deserialize_with = "waypoint_indexer::params::text")]
    from: Option<String>,
    /// End of the period: a date (the whole day included) or an RFC 3339 time; default now.
    #[serde(default, deserialize_with = "waypoint_indexer::params::text")]
    to: Option<String>,
    /// `json` (default) or `text`: a printable plain-text accounting to hand to the client.
    #[param(schema_with = crate::keywords::accounting_format)]
    format: Option<String>,
}

/// The accounting of disclosures of one client's records over a period (42 CFR 2.24 and
/// 2.25): for each disclosure its date, the recipient's name, the elements disclosed and
/// the purpose (from the consent), and a summary by recipient; as JSON, or with
/// `format=text` as printable text for the client. Each partner accounts for its own
/// clients; admins for anyone's.
#[utoipa::path(operation_id = "disclosure_accounting", params(AccountingParams), tag = "referrals", security(("api_key" = [])),
    responses(
        (status = 200, description = "The accounting (JSON), or as `text/plain` with `format=text`",
            content((Accounting = "application/json"), (String = "text/plain"))),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")
    ))]
#[get("/v1/disclosures/accounting")]
pub async fn accounting(
    caller: Caller,
    state: web::Data<AppState>,
    params: Query<AccountingParams>,
) -> Result<HttpResponse, ApiError> {
    let p = params.into_inner();
    let client = client_ref(&p.client_ref)?;
    let text = match p.format.as_deref() {
        None | Some("json") => false,
        Some("text") => true,
        Some(other) => {
            return Err(ApiError::invalid(
                "format",
                format!("unknown format {other:?}: json or text"),
            ));
        }
    };
    let now = chrono::Utc::now();
    let period = actions::period(p.from.as_deref(), p.to.as_deref(), now)?;
    let found = state
        .db
        .read(move |c| actions::account(c, &caller, &client, period, now))
        .await?;
    Ok(if text {
        HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body(as_text(&found))
    } else {
        HttpResponse::Ok().json(found)
    })
}
