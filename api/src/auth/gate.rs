//! The operator's switch `WAYPOINT_REQUIRE_API_KEY`: when on, listing reads (search,
//! `/hsds`, a program's current capacity) need a valid key like every partner endpoint;
//! when off (the default) they stay public.
//!
//! The gate is a middleware that the listing routes are registered behind (their scopes,
//! or the route itself), so what it covers is what routing matched, never a reading of
//! the raw path: `/%68sds/services` reaches the gate exactly when it reaches the handler.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError, web};

use super::Caller;
use crate::state::AppState;

pub async fn require_key_for_listings(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let required = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.require_api_key);
    if required && let Err(e) = Caller::from_request_head(req.request()).await {
        return Ok(req.into_response(e.error_response()));
    }
    next.call(req).await.map(|r| r.map_into_boxed_body())
}
