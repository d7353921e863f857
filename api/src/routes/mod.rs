//! HTTP routes, one module per area, each with its own `configure`.

pub mod audit;
pub mod body;
pub mod bridge;
pub mod capacity;
pub mod consents;
pub mod contract_check;
pub mod coordination;
pub mod cors;
pub mod disclosures;
pub mod docs;
pub mod health;
pub mod hsds;
pub mod known_parameters;
pub mod metrics;
pub mod pages;
pub mod pages_programs;
pub mod pages_referrals;
pub mod pages_session;
pub mod partners;
pub mod query;
pub mod referrals;
pub mod request_log;
pub mod search;
pub mod traffic;
pub mod waitlists;
pub mod webhooks;

use actix_web::{HttpRequest, HttpResponse, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;
use crate::openapi;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(health::configure)
        .configure(metrics::configure)
        .configure(search::configure)
        .configure(hsds::configure)
        .configure(docs::configure)
        .configure(partners::configure)
        .configure(audit::configure)
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

/// The Content-Security-Policy of Swagger UI at `/docs/`: its own scripts and styles
/// (it sets inline styles), its inline SVG icons, and this server's `/openapi.json`.
pub const DOCS_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The policy of every other answer a route did not give its own: JSON and problems are
/// never pages, so a browser that opens one runs and loads nothing, and no site frames it.
pub const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// Sets a Content-Security-Policy on each answer that has none: the docs' own under
/// `/docs`, else `API_POLICY`. (The web page's handlers set theirs.)
pub async fn content_security_policy(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::http::header::{CONTENT_SECURITY_POLICY, HeaderValue};
    let policy = if req.path() == "/docs" || req.path().starts_with("/docs/") {
        DOCS_POLICY
    } else {
        API_POLICY
    };
    let mut res = next.call(req).await?;
    if !res.headers().contains_key(CONTENT_SECURITY_POLICY) {
        res.headers_mut()
            .insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
    }
    Ok(res)
}

/// The longest request body any endpoint takes: the largest real one (a referral with its
/// notes, a consent) is a few kilobytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The problem for a body over `MAX_BODY_BYTES`.
pub fn body_too_large() -> ApiError {
    ApiError::rule(
        crate::problems::ProblemType::PayloadTooLarge,
        format!("the request body is longer than {MAX_BODY_BYTES} bytes"),
    )
    .with("max_bytes", MAX_BODY_BYTES)
}

/// Refuses a body whose `Content-Length` is over the limit before anything reads it.
pub async fn refuse_large_bodies(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    use actix_web::ResponseError;
    let length = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if length.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        let res = body_too_large().error_response();
        return Ok(req.into_response(res));
    }
    next.call(req).await.map(|r| r.map_into_boxed_body())
}

/// Problem details for bad query strings, bodies and paths, instead of actix's plain text.
/// A body sent in chunks, without a length, is cut at the same limit.
pub fn configure_extractors(cfg: &mut web::ServiceConfig) {
    use actix_web::error::JsonPayloadError;
    cfg.app_data(
        web::QueryConfig::default()
            .error_handler(|e, _| ApiError::invalid("query", e.to_string()).into()),
    )
    .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
    .app_data(
        web::JsonConfig::default()
            .limit(MAX_BODY_BYTES)
            .error_handler(|e, _| match e {
                JsonPayloadError::Overflow { .. }
                | JsonPayloadError::OverflowKnownLength { .. } => body_too_large().into(),
                e => ApiError::invalid("body", e.to_string()).into(),
            }),
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
    Err(method_not_allowed(&req, allow))
}

/// The 405 for a method the path does not take, naming the ones it does (`Allow`).
pub fn method_not_allowed(req: &HttpRequest, allow: Vec<String>) -> ApiError {
    ApiError::MethodNotAllowed {
        detail: format!(
            "{} does not take {}; it takes {}",
            req.path(),
            req.method(),
            allow.join(", ")
        ),
        allow,
    }
}
