//! Every kind of problem the API answers with (RFC 9457 `type`), in one table: each has a
//! stable slug, title and status, and the table is listed in the OpenAPI document
//! (`x-problem-types`) and the README, so integrators can branch on `type`.

use actix_web::http::StatusCode;

/// Where the problem types are described; a problem's `type` is this and its slug.
pub const TYPE_BASE: &str = "https://waypoint.example.org/problems/";

/// One kind of problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemType {
    InvalidParameter,
    NotFound,
    MethodNotAllowed,
    Unauthorized,
    Forbidden,
    Unavailable,
    Internal,
    UnknownService,
    NoReceivingPartner,
    ConsentRequired,
    ConsentInvalid,
    IllegalTransition,
    IdempotencyKeyReused,
    IdempotencyKeyInFlight,
    WebhookEndpointLimit,
    WebhookEndpointDisabled,
    WebhookDeliveryInFlight,
    EntryNotWaiting,
    NoFreeUnit,
    PayloadTooLarge,
    RequestTimeout,
    UriTooLong,
    HeadersTooLarge,
    RateLimited,
}

/// A row of the table: the kind, its slug, title, status, when it is answered, which
/// operations can answer it, and an example of its `detail`.
pub struct Row {
    pub kind: ProblemType,
    pub slug: &'static str,
    pub title: &'static str,
    pub status: u16,
    pub when: &'static str,
    pub scope: Scope,
    pub example: &'static str,
}

/// Which operations of the document can answer a kind of problem; the document lists
/// the kind among each such operation's responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every operation: bad parameters, the transport's limits, failures.
    Every,
    /// Every operation but the probes (`/health`, `/ready`) and the document itself.
    Limited,
    /// Operations that read or write the store.
    Stored,
    /// Operations that take an API key, required or optional.
    Keyed,
    /// Operations whose path names a resource (`/v1/referrals/{id}`).
    Named,
    /// Operations that take a request body.
    WithBody,
    /// Operations whose own annotation lists the status (which roles may call an
    /// operation is the handler's to say).
    Declared,
    /// These operations only, as `METHOD /path/{template}`.
    Only(&'static [&'static str]),
    /// No documented operation: a method the path does not take.
    Undocumented,
}

const fn row(
    kind: ProblemType,
    slug: &'static str,
    title: &'static str,
    status: u16,
    when: &'static str,
    scope: Scope,
    example: &'static str,
) -> Row {
    Row {
        kind,
        slug,
        title,
        status,
        when,
        scope,
        example,
    }
}

use ProblemType as P;

/// The table. Slugs never change once published.
pub const TABLE: [Row; 24] = [
    row(
        P::InvalidParameter,
        "invalid-parameter",
        "Invalid parameter",
        400,
        "a query, path or body parameter cannot be used as given (`parameter` names it)",
        Scope::Every,
        "`near`: no place called \"Springfeild, IL\" is known; give a ZIP code or \"City, ST\"",
    ),
    row(
        P::NotFound,
        "not-found",
        "Not found",
        404,
        "no such resource, or none the caller may see",
        Scope::Named,
        "no such referral",
    ),
    row(
        P::MethodNotAllowed,
        "method-not-allowed",
        "Method not allowed",
        405,
        "the path exists but not with this method",
        Scope::Undocumented,
        "PUT is not allowed on /v1/referrals; it takes GET, POST",
    ),
    row(
        P::Unauthorized,
        "unauthorized",
        "Unauthorized",
        401,
        "no API key, or one that is unknown or revoked",
        Scope::Keyed,
        "this endpoint needs an API key: send `Authorization: Bearer wp_…`",
    ),
    row(
        P::Forbidden,
        "forbidden",
        "Forbidden",
        403,
        "the caller's role may not do this",
        Scope::Declared,
        "a provider may not make referrals",
    ),
    row(
        P::Unavailable,
        "unavailable",
        "Service unavailable",
        503,
        "the store or the index cannot answer right now (`Retry-After`)",
        Scope::Stored,
        "the database cannot be reached right now; try again shortly",
    ),
    row(
        P::Internal,
        "internal",
        "Internal error",
        500,
        "something failed that the caller cannot fix",
        Scope::Every,
        "the server could not complete the request",
    ),
    row(
        P::UnknownService,
        "unknown-service",
        "Unknown service",
        422,
        "a referral names a service that is not listed",
        Scope::Only(&["POST /v1/referrals"]),
        "no listed service has the id svc-unknown",
    ),
    row(
        P::NoReceivingPartner,
        "no-receiving-partner",
        "No partner receives referrals for this service",
        422,
        "the service's organization takes no referrals through Waypoint",
        Scope::Only(&["POST /v1/referrals"]),
        "no partner receives referrals for Fictional Recovery Center's services",
    ),
    row(
        P::ConsentRequired,
        "consent-required",
        "Consent required",
        422,
        "a 42 CFR Part 2 consent is needed and none was given",
        Scope::Only(&[
            "POST /v1/referrals",
            "POST /v1/waitlists/{service_id}/entries",
        ]),
        "referrals to, and waitlist entries of, substance-use treatment or mental-health services need a consent under 42 CFR part 2: record one with POST /v1/consents and send its id as `consent_id`",
    ),
    row(
        P::ConsentInvalid,
        "consent-invalid",
        "Consent not usable",
        422,
        "the consent is unknown, for another client, revoked, expired or does not name the recipients",
        Scope::Only(&[
            "POST /v1/referrals",
            "POST /v1/waitlists/{service_id}/entries",
            "PATCH /v1/waitlists/{service_id}/entries/{id}",
        ]),
        "the consent has been revoked: record a new one",
    ),
    row(
        P::IllegalTransition,
        "illegal-transition",
        "Illegal status change",
        409,
        "a referral cannot move to that status from its current one, or not by this caller",
        Scope::Only(&["POST /v1/referrals/{id}/status"]),
        "the referral is completed; it cannot move to accepted (allowed: none)",
    ),
    row(
        P::IdempotencyKeyReused,
        "idempotency-key-reused",
        "Idempotency-Key reused",
        422,
        "the key was used with a different request body",
        Scope::Only(&[
            "POST /v1/referrals",
            "POST /v1/waitlists/{service_id}/entries",
        ]),
        "this Idempotency-Key was used with a different request body",
    ),
    row(
        P::IdempotencyKeyInFlight,
        "idempotency-key-in-flight",
        "Request in progress",
        409,
        "a request with this key is still being processed",
        Scope::Only(&[
            "POST /v1/referrals",
            "POST /v1/waitlists/{service_id}/entries",
        ]),
        "a request with this Idempotency-Key is still being processed; try again shortly",
    ),
    row(
        P::WebhookEndpointLimit,
        "webhook-endpoint-limit",
        "Too many webhook endpoints",
        409,
        "the partner has as many endpoints as it may",
        Scope::Only(&["POST /v1/webhooks"]),
        "a partner may have at most 20 webhook endpoints",
    ),
    row(
        P::WebhookEndpointDisabled,
        "webhook-endpoint-disabled",
        "Webhook endpoint disabled",
        409,
        "the endpoint's receiver answered 410 Gone",
        Scope::Only(&["POST /v1/webhooks/{id}/deliveries/{delivery_id}/retry"]),
        "the endpoint was disabled after its receiver answered 410 Gone",
    ),
    row(
        P::WebhookDeliveryInFlight,
        "webhook-delivery-in-flight",
        "Delivery in flight",
        409,
        "the delivery is being sent right now",
        Scope::Only(&["POST /v1/webhooks/{id}/deliveries/{delivery_id}/retry"]),
        "the delivery is being sent right now",
    ),
    row(
        P::EntryNotWaiting,
        "entry-not-waiting",
        "Entry is not waiting",
        409,
        "only waiting waitlist entries change",
        Scope::Only(&[
            "PATCH /v1/waitlists/{service_id}/entries/{id}",
            "POST /v1/waitlists/{service_id}/entries/{id}/admit",
            "POST /v1/waitlists/{service_id}/entries/{id}/contact-attempts",
            "POST /v1/waitlists/{service_id}/entries/{id}/interim-services",
            "POST /v1/waitlists/{service_id}/entries/{id}/remove",
        ]),
        "the entry is admitted: only waiting entries change",
    ),
    row(
        P::NoFreeUnit,
        "no-free-unit",
        "No free unit",
        409,
        "the program has no free bed or slot to admit into",
        Scope::Only(&["POST /v1/waitlists/{service_id}/entries/{id}/admit"]),
        "Fictional Recovery Center's capacity report of 2026-11-29T14:00:00Z shows no free bed (status full)",
    ),
    row(
        P::PayloadTooLarge,
        "payload-too-large",
        "Request body too large",
        413,
        "the request body is longer than the API takes (`max_bytes` says how long it may be)",
        Scope::WithBody,
        "the request body is longer than 65536 bytes",
    ),
    row(
        P::RequestTimeout,
        "request-timeout",
        "Request timed out",
        408,
        "the request line and headers, or the body, did not arrive in time (`timeout_seconds`); nothing was done",
        Scope::Every,
        "the request body did not arrive within 10 seconds",
    ),
    row(
        P::UriTooLong,
        "uri-too-long",
        "URI too long",
        414,
        "the path and query string are longer than the API takes (`max_bytes` says how long they may be)",
        Scope::Every,
        "the path and query string are longer than 8192 bytes",
    ),
    row(
        P::HeadersTooLarge,
        "headers-too-large",
        "Request headers too large",
        431,
        "the request line and headers are longer than the API takes (`max_bytes` says how long they may be)",
        Scope::Every,
        "the request line and headers are longer than 131072 bytes",
    ),
    row(
        P::RateLimited,
        "rate-limited",
        "Too many requests",
        429,
        "an API key or address made more requests than its limit, or an address too many failed API-key attempts (`Retry-After`, `retry_after`)",
        Scope::Limited,
        "this API key made more than 1200 requests in a minute; try again in 3 seconds",
    ),
];

impl ProblemType {
    /// This kind's row of the table.
    pub fn row(self) -> &'static Row {
        TABLE
            .iter()
            .find(|r| r.kind == self)
            .expect("every problem type has a row")
    }

    pub fn slug(self) -> &'static str {
        self.row().slug
    }

    pub fn title(self) -> &'static str {
        self.row().title
    }

    pub fn status(self) -> StatusCode {
        StatusCode::from_u16(self.row().status).expect("the table's statuses are valid")
    }
}

/// The table as the OpenAPI document lists it (`x-problem-types`).
pub fn as_json() -> serde_json::Value {
    serde_json::Value::Array(
        TABLE
            .iter()
            .map(|r| {
                serde_json::json!({
                    "type": format!("{TYPE_BASE}{}", r.slug),
                    "title": r.title,
                    "status": r.status,
                    "when": r.when,
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_one_row_and_slugs_are_unique() {
        let mut slugs: Vec<&str> = TABLE.iter().map(|r| r.slug).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), TABLE.len());
        for r in &TABLE {
            assert_eq!(
                TABLE.iter().filter(|x| x.kind == r.kind).count(),
                1,
                "{}",
                r.slug
            );
            assert!(r.kind.status().is_client_error() || r.kind.status().is_server_error());
        }
    }

    #[test]
    fn the_readme_lists_every_problem_type() {
        let readme = include_str!("../../README.md");
        for r in &TABLE {
            let line = format!("| `{}` | {} | {} |", r.slug, r.status, r.title);
            assert!(readme.contains(&line), "README lacks: {line}");
        }
    }
}
