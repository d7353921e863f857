//! HTTP routes, one module per area, each with its own `configure`.

pub mod bridge;
pub mod capacity;
pub mod consents;
pub mod coordination;
pub mod disclosures;
pub mod docs;
pub mod health;
pub mod hsds;
pub mod known_parameters;
pub mod pages;
pub mod partners;
pub mod referrals;
pub mod search;
pub mod waitlists;
pub mod webhooks;

use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::ApiError;
use crate::openapi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.configure(health::configure)
        .configure(search::configure)
        .configure(hsds::configure)
        .configure(docs::configure)
        .configure(partners::configure)
        .configure(consents::configure)
        .configure(referrals::configure)
        .configure(disclosures::configure)
        .configure(webhooks::configure)
        .configure(capacity::configure)
        .configure(waitlists::configure)
        .configure(bridge::configure)
        .configure(coordination::configure)
        .configure(openapi::configure)
        .configure(pages::configure);
}

/// Headers on every answer: `nosniff`, so a browser never reads a JSON answer as a page
/// or a script; `no-store` unless a route chose its own caching, so no answer that can
/// carry a client's details (referrals, waitlist entries, notes, disclosures, bridge
/// suggestions, and every error about them) is kept by a browser or a proxy; and
/// `no-referrer`, so a link followed from a page of ours never tells the next site which
/// referral or entry was open.
pub fn safety_headers() -> actix_web::middleware::DefaultHeaders {
    use actix_web::http::header;
    actix_web::middleware::DefaultHeaders::new()
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::CACHE_CONTROL, "no-store"))
        .add((header::REFERRER_POLICY, "no-referrer"))
}

/// Problem details for bad query strings, bodies and paths, instead of actix's plain text.
pub fn configure_extractors(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::QueryConfig::default()
            .error_handler(|e, _| ApiError::invalid("query", e.to_string()).into()),
    )
    .app_data(
        web::JsonConfig::default()
            .error_handler(|e, _| ApiError::invalid("body", e.to_string()).into()),
    )
    .app_data(
        web::PathConfig::default()
            .error_handler(|e, _| ApiError::invalid("path", e.to_string()).into()),
    );
}

/// Any request no route serves: a 405 naming the methods the path takes when it exists
/// with other methods (from the OpenAPI document), else a 404.
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let allow = known_parameters::methods_at(req.path());
    if allow.is_empty() {
        return Err(ApiError::NotFound(format!("no resource at {}", req.path())));
    }
    Err(ApiError::MethodNotAllowed {
        detail: format!(
            "{} does not take {}; it takes {}",
            req.path(),
            req.method(),
            allow.join(", ")
        ),
        allow,
    })
}
