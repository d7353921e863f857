//! The limits at the HTTP edge, as middleware: rate limits per API key and per client
//! address (429), a deadline on reading a request's body (408), a check of the request
//! target (414, or 400 naming a badly encoded parameter), and a problem for any error the
//! framework answers on its own, so no error leaves as plain text.

use std::cell::Cell;
use std::net::{IpAddr, Ipv4Addr};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header::{AUTHORIZATION, CONTENT_LENGTH, TRANSFER_ENCODING};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use actix_web::{Error, HttpMessage, ResponseError};
use futures_util::Stream;

use crate::auth::keys;
use crate::error::ApiError;
use crate::traffic::client::ClientAddress;
use crate::traffic::target::check_target;
use crate::traffic::{RateLimiter, TrafficSettings, target_problem, timed_out};

/// Probes a load balancer sends every few seconds, answered from memory: never limited.
const PROBES: [&str; 2] = ["/health", "/ready"];

/// Counts the request against its verified API key, or else its client address, and
/// answers 429 when that is over its limit (or the address made too many failed key
/// attempts). Notes the client address for the key check (`auth::Caller`).
pub async fn limit_rates(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(limiter) = req.app_data::<web::Data<RateLimiter>>().cloned() else {
        return next.call(req).await.map(|r| r.map_into_boxed_body());
    };
    let peer = req
        .peer_addr()
        .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |a| a.ip());
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect();
    let forwarded = (!forwarded.is_empty()).then(|| forwarded.join(","));
    let client = limiter.client_address(peer, forwarded.as_deref());
    req.extensions_mut().insert(ClientAddress(client));
    if !PROBES.contains(&req.path()) {
        let key_hash = req
            .headers()
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(keys::from_authorization)
            .map(keys::hash);
        if let Err(e) = limiter.admit(client, key_hash.as_deref(), Instant::now()) {
            return Ok(req.into_response(e.error_response()));
        }
    }
    next.call(req).await.map(|r| r.map_into_boxed_body())
}

/// Refuses a target over `MAX_URI_BYTES` (414) or with bad percent-encoding (400), on
/// every request of a connection (the first one is also checked before it is parsed, see
/// `connection`).
pub async fn refuse_bad_targets(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let target = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .as_bytes();
    if let Err(fault) = check_target(target) {
        return Ok(req.into_response(target_problem(fault).error_response()));
    }
    next.call(req).await.map(|r| r.map_into_boxed_body())
}

/// Gives a request's body `WAYPOINT_BODY_TIMEOUT_SECONDS` to arrive from when its headers
/// did: a body still coming then is a 408 problem and the connection is closed, so a
/// client sending a byte a second holds nothing for long. The handler never runs, so
/// nothing is written.
pub async fn limit_body_time(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let has_body = req.headers().contains_key(TRANSFER_ENCODING)
        || req
            .headers()
            .get(CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0");
    let timeout = req
        .app_data::<web::Data<TrafficSettings>>()
        .map(|s| s.body_timeout());
    let (Some(timeout), true) = (timeout, has_body) else {
        return next.call(req).await.map(|r| r.map_into_boxed_body());
    };
    let expired = Rc::new(Cell::new(false));
    let body = BodyDeadline {
        body: req.take_payload(),
        deadline: Box::pin(actix_web::rt::time::sleep(timeout)),
        expired: expired.clone(),
    };
    req.set_payload(Payload::Stream {
        payload: Box::pin(body),
    });
    let res = next.call(req).await?;
    if !expired.get() {
        return Ok(res.map_into_boxed_body());
    }
    tracing::info!(
        seconds = timeout.as_secs(),
        "request body did not arrive in time"
    );
    let (req, _) = res.into_parts();
    let mut answer = timed_out("body", timeout).error_response();
    answer
        .head_mut()
        .set_connection_type(actix_web::http::ConnectionType::Close);
    Ok(ServiceResponse::new(req, answer))
}

/// A request body that fails once its deadline has passed.
struct BodyDeadline {
    body: Payload,
    deadline: Pin<Box<actix_web::rt::time::Sleep>>,
    expired: Rc<Cell<bool>>,
}

impl Stream for BodyDeadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.expired.get() || this.deadline.as_mut().poll(cx).is_ready() {
            this.expired.set(true);
            let late = std::io::Error::new(std::io::ErrorKind::TimedOut, "request body timed out");
            return Poll::Ready(Some(Err(PayloadError::Io(late))));
        }
        Pin::new(&mut this.body).poll_next(cx)
    }
}

/// An error the framework answered itself (a body it could not read, a missing piece of
/// state) becomes the problem of its status, instead of actix's plain text.
pub async fn framework_errors_as_problems(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let res = next.call(req).await?;
    let foreign = res
        .response()
        .error()
        .filter(|e| e.as_error::<ApiError>().is_none())
        .map(|e| e.to_string());
    let Some(cause) = foreign else {
        return Ok(res.map_into_boxed_body());
    };
    let problem = match res.status().as_u16() {
        413 => super::body_too_large(),
        404 => ApiError::NotFound(cause),
        400..=499 => ApiError::invalid("body", cause),
        _ => ApiError::Internal(cause),
    };
    let (req, _) = res.into_parts();
    Ok(ServiceResponse::new(req, problem.error_response()))
}
