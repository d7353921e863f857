//! `GET /v1/referrals`.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::referrals::actions::list as action;
use crate::referrals::actions::list::{ListQuery, ReferralPage};
use crate::routes::query::Query;
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Only referrals in this status.
    #[param(value_type = Option<crate::referrals::transitions::Status>)]
    status: Option<String>,
    /// Only referrals of this client (the referrer's own reference; referrers only).
    client_ref: Option<String>,
    /// Only referrals to this service.
    service_id: Option<String>,
    /// Only referrals changed at or after this time (RFC 3339).
    #[param(format = DateTime)]
    updated_since: Option<String>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Items per page (default 50, at most 200).
    #[param(default = 50, minimum = 1, maximum = 200)]
    limit: Option<i64>,
}

/// The referrals this partner sent (referrer) or receives (provider), oldest first, as
/// summaries without client details. Paging stays correct while referrals are added.
#[utoipa::path(operation_id = "list_referrals", params(ListParams), tag = "referrals", security(("api_key" = [])),
    responses(
        (status = 200, body = ReferralPage),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")
    ))]
#[get("/v1/referrals")]
pub async fn list(
    caller: Caller,
    state: web::Data<AppState>,
    params: Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let p = params.into_inner();
    let query = ListQuery {
        status: p.status,
        client_ref: p.client_ref,
        service_id: p.service_id,
        updated_since: p.updated_since,
        cursor: p.cursor,
        limit: p.limit,
    };
    let page = state
        .db
        .read(move |c| action::list(c, &caller, query))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
