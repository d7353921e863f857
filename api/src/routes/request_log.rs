//! One log line per request, with a request id the answer echoes as `X-Request-Id`, so an
//! operator can find a caller's request in the log; and the request counted in
//! `/metrics`. The line and the count name the route and the status, never the path, the
//! query string or the body (they can carry a client's details).

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of a request: the caller's own `X-Request-Id` when it is a plain token (1 to 64
/// letters, digits, `-`, `_`, `.`), so a partner can follow its request through our log;
/// else a new UUID.
pub fn request_id(given: Option<&str>) -> String {
    match given {
        Some(id)
            if (1..=64).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')) =>
        {
            id.to_string()
        }
        _ => uuid::Uuid::new_v4().to_string(),
    }
}

/// A request's id, for handlers and errors that want to name it.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

pub async fn log_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let given = req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok());
    let id = request_id(given);
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().to_string();
    // The route's pattern (`/v1/referrals/{id}`), never the path itself: a path no route
    // matched could hold anything a caller typed.
    let pattern = req.match_pattern();
    let metrics = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .map(|state| state.metrics.clone());
    let mut res = next.call(req).await?;
    let status = res.status().as_u16();
    if let Some(metrics) = metrics {
        metrics.observe_request(&method, pattern.as_deref(), status, started.elapsed());
    }
    let route = pattern.unwrap_or_else(|| "-".to_string());
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    tracing::info!(
        target: "waypoint::request",
        request_id = %id,
        method = %method,
        route = %route,
        status,
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_token_is_kept_and_anything_else_replaced() {
        assert_eq!(request_id(Some("partner-42.abc_1")), "partner-42.abc_1");
        for bad in ["", "has space", "new\nline", &"x".repeat(65), "emoji-🙂"] {
            let id = request_id(Some(bad));
            assert_ne!(id, bad);
            assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
        }
        assert!(uuid::Uuid::parse_str(&request_id(None)).is_ok());
    }
}
