//! `GET /v1/audit`: the audit log, for admins.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::actions::{self as action, AuditPage, AuditQuery};
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::routes::query::Query;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list);
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    /// Only this partner's actions (its id).
    actor: Option<String>,
    /// Only this kind of action.
    #[param(value_type = Option<crate::audit::AuditAction>)]
    action: Option<String>,
    /// Only actions on this record (a partner, key, webhook endpoint or service id).
    target_id: Option<String>,
    /// Only actions at or after this time (RFC 3339).
    #[param(format = DateTime)]
    since: Option<String>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Entries per page (default 50, at most 200).
    #[param(default = 50, minimum = 1, maximum = 200)]
    limit: Option<i64>,
}

/// The audit log, newest first: partners created and disabled, keys issued, rotated and
/// revoked, webhook endpoints registered, deleted and given new secrets, and capacity
/// reported on a program's behalf; who did each, when, and to what. Admins only.
#[utoipa::path(operation_id = "list_audit_events", params(AuditParams), tag = "partners", security(("api_key" = [])),
    responses(
        (status = 200, body = AuditPage),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")
    ))]
#[get("/v1/audit")]
pub async fn list(
    caller: Caller,
    state: web::Data<AppState>,
    params: Query<AuditParams>,
) -> Result<HttpResponse, ApiError> {
    let p = params.into_inner();
    let query = AuditQuery {
        actor: p.actor,
        action: p.action,
        target_id: p.target_id,
        since: p.since,
        cursor: p.cursor,
        limit: p.limit,
    };
    let page = state
        .db
        .read(move |c| action::list(c, &caller, query))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
