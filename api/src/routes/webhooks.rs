//! `/v1/webhooks…`: a partner's webhook endpoints (secrets shown once), their deliveries
//! with every attempt, and manual retries. Another partner's endpoint is a 404.

use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, delete, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::routes::body::Body;
use crate::routes::query::Query;
use crate::state::AppState;
use crate::webhooks::actions::{self, endpoints};
use crate::webhooks::model::NewEndpointRequest;
use crate::webhooks::{CreatedEndpoint, Delivery, Endpoint, NewEndpoint, WebhookSettings};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(get_one)
        .service(remove)
        .service(rotate_secret)
        .service(deliveries)
        .service(retry);
}

/// Subscribes an endpoint to this partner's events. The secret is shown only here.
#[utoipa::path(
    operation_id = "create_webhook",
    tag = "webhooks", security(("api_key" = [])),
    request_body = NewEndpointRequest,
    responses(
        (status = 201, body = CreatedEndpoint),
        (status = 400, description = "Bad URL, non-public address or unknown event type; `parameter` names the field", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The partner already has the most endpoints allowed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/webhooks")]
pub async fn create(
    caller: Caller,
    state: web::Data<AppState>,
    settings: web::Data<WebhookSettings>,
    body: Body<NewEndpointRequest>,
) -> Result<HttpResponse, ApiError> {
    let (body, allow_private) = (body.into_inner(), settings.allow_private);
    let resolver = settings.resolver.clone();
    // Parsing resolves the host (blocking DNS): on the blocking pool, never in a write.
    let new =
        web::block(move || NewEndpoint::parse(body, allow_private, Some(&resolver))).await??;
    let created = state
        .db
        .write(move |c| endpoints::create(c, &caller, &new))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, format!("/v1/webhooks/{}", created.id)))
        .json(created))
}

/// This partner's endpoints (never their secrets).
#[utoipa::path(
    operation_id = "list_webhooks",
    tag = "webhooks", security(("api_key" = [])),
    responses(
        (status = 200, body = Vec<Endpoint>),
        (status = 401, body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/webhooks")]
pub async fn list(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let found = state.db.read(move |c| endpoints::list(c, &caller)).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// One of this partner's endpoints.
#[utoipa::path(
    operation_id = "get_webhook",
    tag = "webhooks", security(("api_key" = [])),
    params(("id" = String, Path, description = "Endpoint id")),
    responses(
        (status = 200, body = Endpoint),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/webhooks/{id}")]
pub async fn get_one(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let endpoint = state
        .db
        .read(move |c| endpoints::get(c, &caller, &id))
        .await?;
    Ok(HttpResponse::Ok().json(endpoint))
}

/// Unsubscribes: the endpoint, its deliveries and their attempts are deleted.
#[utoipa::path(
    operation_id = "delete_webhook",
    tag = "webhooks", security(("api_key" = [])),
    params(("id" = String, Path, description = "Endpoint id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    )
)]
#[delete("/v1/webhooks/{id}")]
pub async fn remove(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state
        .db
        .write(move |c| endpoints::remove(c, &caller, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A new secret, shown once. For 24 hours events are signed with both the new and the old
/// secret (two signatures in `webhook-signature`).
#[utoipa::path(
    operation_id = "rotate_webhook_secret",
    tag = "webhooks", security(("api_key" = [])),
    params(("id" = String, Path, description = "Endpoint id")),
    responses(
        (status = 200, body = CreatedEndpoint),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/webhooks/{id}/rotate-secret")]
pub async fn rotate_secret(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let rotated = state
        .db
        .write(move |c| endpoints::rotate_secret(c, &caller, &id))
        .await?;
    Ok(HttpResponse::Ok().json(rotated))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DeliveriesQuery {
    /// How many deliveries, newest first (1–200, default 50).
    #[param(default = 50, minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

/// The endpoint's deliveries, newest first, each with every attempt.
#[utoipa::path(
    operation_id = "list_webhook_deliveries",
    tag = "webhooks", security(("api_key" = [])),
    params(("id" = String, Path, description = "Endpoint id"), DeliveriesQuery),
    responses(
        (status = 200, body = Vec<Delivery>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/webhooks/{id}/deliveries")]
pub async fn deliveries(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: Query<DeliveriesQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = actions::deliveries::limit(query.limit)?;
    let id = id.into_inner();
    let found = state
        .db
        .read(move |c| actions::deliveries::list(c, &caller, &id, limit))
        .await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Sends a delivery again as soon as possible (same event id), whatever its status.
#[utoipa::path(
    operation_id = "retry_webhook_delivery",
    tag = "webhooks", security(("api_key" = [])),
    params(("id" = String, Path, description = "Endpoint id"), ("delivery_id" = String, Path, description = "Delivery id")),
    responses(
        (status = 202, description = "Due now; the deliverer sends it within seconds", body = Delivery),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The endpoint is disabled, or the delivery is being sent right now", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/webhooks/{id}/deliveries/{delivery_id}/retry")]
pub async fn retry(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery_id) = path.into_inner();
    let delivery = state
        .db
        .write(move |c| actions::deliveries::retry(c, &caller, &id, &delivery_id))
        .await?;
    Ok(HttpResponse::Accepted().json(delivery))
}
