//! Cross-origin requests from browsers: off unless origins are configured
//! (`WAYPOINT_CORS_ORIGINS`). For a configured origin, answers carry
//! `Access-Control-Allow-Origin` and a preflight is answered at once; for any other origin
//! nothing is added, so the browser keeps the page from reading the answer. Written here
//! rather than with `actix-cors`, whose refusals are plain text, not problem details.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, web};

/// The origins allowed, as configured.
#[derive(Debug, Clone, Default)]
pub struct AllowedOrigins(pub Vec<String>);

const METHODS: &str = "GET, POST, PUT, PATCH, DELETE";
const HEADERS: &str = "Authorization, Content-Type, Idempotency-Key, X-Request-Id";
/// How long a browser may keep a preflight's answer, in seconds.
const MAX_AGE: &str = "3600";

/// Reads `https://a.example.org,https://b.example.org`: each an origin (scheme, host and
/// an optional port; no path), or why one is not.
pub fn parse_origins(text: &str) -> Result<AllowedOrigins, String> {
    let mut origins = Vec::new();
    for origin in text.split(',').map(str::trim).filter(|o| !o.is_empty()) {
        let rest = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"))
            .ok_or_else(|| {
                format!("CORS origin {origin:?} does not start with https:// or http://")
            })?;
        let host_ok = !rest.is_empty()
            && rest.bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']')
            });
        if !host_ok {
            return Err(format!(
                "CORS origin {origin:?} is not an origin: scheme and host (and port) only, no path"
            ));
        }
        origins.push(origin.to_ascii_lowercase());
    }
    Ok(AllowedOrigins(origins))
}

pub async fn cors(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let allowed = req
        .app_data::<web::Data<AllowedOrigins>>()
        .map(|a| a.0.clone())
        .unwrap_or_default();
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(str::to_ascii_lowercase)
        .filter(|o| allowed.contains(o));
    let Some(origin) = origin else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let origin = HeaderValue::from_str(&origin).map_err(actix_web::error::ErrorBadRequest)?;
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        let res = HttpResponse::build(StatusCode::NO_CONTENT)
            .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, origin))
            .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, METHODS))
            .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, HEADERS))
            .insert_header((header::ACCESS_CONTROL_MAX_AGE, MAX_AGE))
            .insert_header((header::VARY, "Origin"))
            .finish();
        return Ok(req.into_response(res).map_into_right_body());
    }
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("X-Request-Id, Location, Retry-After"),
    );
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    Ok(res.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_and_host_only() {
        let o = parse_origins(" https://Clinic.example.org , http://localhost:3000,").unwrap();
        assert_eq!(o.0, ["https://clinic.example.org", "http://localhost:3000"]);
        assert!(parse_origins("").unwrap().0.is_empty());
        for bad in [
            "clinic.example.org",
            "https://a.org/path",
            "ftp://a.org",
            "https://",
        ] {
            assert!(parse_origins(bad).is_err(), "{bad}");
        }
    }
}
