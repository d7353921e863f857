//! `/v1/webhooks…`: a partner's webhook endpoints (secrets shown once), their deliveries
//! with every attempt, and manual retries. Another partner's endpoint is a 404.

use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::Utc;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::clock;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::problems::ProblemType;
use crate::state::AppState;
use crate::webhooks::model::NewEndpointRequest;
use crate::webhooks::store::{self, RetryRefused};
use crate::webhooks::{CreatedEndpoint, Delivery, Endpoint, NewEndpoint, WebhookSettings, signing};

/// Endpoints one partner may have: enough for every system it runs, few enough that one
/// event cannot fan out into a flood.
const MAX_ENDPOINTS_PER_PARTNER: usize = 20;

/// After a rotation the old secret keeps signing this long, so receivers can switch.
const ROTATION_GRACE: chrono::Duration = chrono::Duration::hours(24);

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(get_one)
        .service(remove)
        .service(rotate_secret)
        .service(deliveries)
        .service(retry);
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("no webhook endpoint {id} for this partner"))
}

/// Runs `f` with a pooled connection off the async threads.
async fn with_db<T: Send + 'static>(
    state: web::Data<AppState>,
    f: impl FnOnce(&mut db::PooledDb) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    web::block(move || f(&mut db::checkout(&state.pool)?)).await?
}

/// Subscribes an endpoint to this partner's events. The secret is shown only here.
#[utoipa::path(
    post, path = "/v1/webhooks", tag = "webhooks", security(("api_key" = [])),
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
    body: web::Json<NewEndpointRequest>,
) -> Result<HttpResponse, ApiError> {
    let allow_private = settings.allow_private;
    let created = with_db(state, move |conn| {
        let new = NewEndpoint::parse(body.into_inner(), allow_private, true)?;
        if store::list(conn, &caller.partner_id)?.len() >= MAX_ENDPOINTS_PER_PARTNER {
            return Err(ApiError::rule(
                ProblemType::WebhookEndpointLimit,
                format!("a partner can have at most {MAX_ENDPOINTS_PER_PARTNER} webhook endpoints; delete one first"),
            ));
        }
        let secret = signing::generate_secret().map_err(ApiError::Internal)?;
        let endpoint = store::create(conn, &caller.partner_id, &new, &secret)?;
        Ok(CreatedEndpoint {
            id: endpoint.id.clone(),
            secret,
            previous_secret_expires_at: None,
            endpoint,
        })
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, format!("/v1/webhooks/{}", created.id)))
        .json(created))
}

/// This partner's endpoints (never their secrets).
#[utoipa::path(
    get, path = "/v1/webhooks", tag = "webhooks", security(("api_key" = [])),
    responses(
        (status = 200, body = Vec<Endpoint>),
        (status = 401, body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/webhooks")]
pub async fn list(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let endpoints = with_db(state, move |conn| {
        Ok(store::list(conn, &caller.partner_id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(endpoints))
}

/// One of this partner's endpoints.
#[utoipa::path(
    get, path = "/v1/webhooks/{id}", tag = "webhooks", security(("api_key" = [])),
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
    let endpoint = with_db(state, move |conn| {
        store::get(conn, &caller.partner_id, &id)?.ok_or_else(|| not_found(&id))
    })
    .await?;
    Ok(HttpResponse::Ok().json(endpoint))
}

/// Unsubscribes: the endpoint, its deliveries and their attempts are deleted.
#[utoipa::path(
    delete, path = "/v1/webhooks/{id}", tag = "webhooks", security(("api_key" = [])),
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
    with_db(state, move |conn| {
        match store::delete(conn, &caller.partner_id, &id)? {
            true => Ok(()),
            false => Err(not_found(&id)),
        }
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A new secret, shown once. For 24 hours events are signed with both the new and the old
/// secret (two signatures in `webhook-signature`).
#[utoipa::path(
    post, path = "/v1/webhooks/{id}/rotate-secret", tag = "webhooks", security(("api_key" = [])),
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
    let rotated = with_db(state, move |conn| {
        let secret = signing::generate_secret().map_err(ApiError::Internal)?;
        let grace_until = clock::format(Utc::now() + ROTATION_GRACE);
        let endpoint = store::rotate_secret(conn, &caller.partner_id, &id, &secret, &grace_until)?
            .ok_or_else(|| not_found(&id))?;
        Ok(CreatedEndpoint {
            id: endpoint.id.clone(),
            secret,
            previous_secret_expires_at: Some(grace_until),
            endpoint,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(rotated))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DeliveriesQuery {
    /// How many deliveries, newest first (1–200, default 50).
    pub limit: Option<i64>,
}

/// The endpoint's deliveries, newest first, each with every attempt.
#[utoipa::path(
    get, path = "/v1/webhooks/{id}/deliveries", tag = "webhooks", security(("api_key" = [])),
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
    query: web::Query<DeliveriesQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::invalid(
            "limit",
            "limit must be between 1 and 200",
        ));
    }
    let id = id.into_inner();
    let found = with_db(state, move |conn| {
        store::get(conn, &caller.partner_id, &id)?.ok_or_else(|| not_found(&id))?;
        Ok(store::deliveries(conn, &id, None, limit)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Sends a delivery again as soon as possible (same event id), whatever its status.
#[utoipa::path(
    post, path = "/v1/webhooks/{id}/deliveries/{delivery_id}/retry", tag = "webhooks", security(("api_key" = [])),
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
    let delivery = with_db(state, move |conn| {
        match store::retry_now(conn, &caller.partner_id, &id, &delivery_id)? {
            Ok(delivery) => Ok(delivery),
            Err(RetryRefused::NotFound) => Err(ApiError::NotFound(format!(
                "no delivery {delivery_id} of webhook endpoint {id} for this partner"
            ))),
            Err(RetryRefused::EndpointDisabled) => Err(ApiError::rule(
                ProblemType::WebhookEndpointDisabled,
                "the endpoint was disabled (its receiver answered 410 Gone); subscribe again to receive events",
            )),
            Err(RetryRefused::InFlight) => Err(ApiError::rule(
                ProblemType::WebhookDeliveryInFlight,
                "the delivery is being sent right now; look at its attempts in a few seconds",
            )),
        }
    })
    .await?;
    Ok(HttpResponse::Accepted().json(delivery))
}
