//! Webhook endpoints, deliveries and attempts as the API shows them, and the rules for a
//! new endpoint (known event types, an allowed URL).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::url_policy;
use crate::error::ApiError;
use crate::events;

/// Every event type an endpoint can subscribe to.
pub const EVENT_TYPES: [&str; 7] = [
    events::REFERRAL_CREATED,
    events::REFERRAL_STATUS_CHANGED,
    events::REFERRAL_NOTE_ADDED,
    events::REFERRAL_REMINDER,
    events::CONSENT_REVOKED,
    "capacity.threshold",
    "waitlist.overdue",
];

/// An event type an endpoint can subscribe to, as the document lists them.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // Only documents `EVENT_TYPES`; requests carry them as text.
enum EventType {
    #[schema(rename = "referral.created")]
    ReferralCreated,
    #[schema(rename = "referral.status_changed")]
    ReferralStatusChanged,
    #[schema(rename = "referral.note_added")]
    ReferralNoteAdded,
    #[schema(rename = "referral.reminder")]
    ReferralReminder,
    #[schema(rename = "consent.revoked")]
    ConsentRevoked,
    #[schema(rename = "capacity.threshold")]
    CapacityThreshold,
    #[schema(rename = "waitlist.overdue")]
    WaitlistOverdue,
}

/// A partner's endpoint as listed: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Endpoint {
    pub id: String,
    pub url: String,
    pub event_types: Vec<String>,
    /// Asked for detailed payloads: referral and waitlist events then carry the referral
    /// (`data.referral`) or entry (`data.waitlist_entry`) as this partner may see it when
    /// each attempt is sent, with client details, the §2.32 notice and the consent id
    /// only under a consent in force then. Other payloads stay thin (ids, type, status).
    pub detail: bool,
    pub created_at: String,
    /// Set when the receiver answered 410 Gone; nothing is sent to it any more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled_reason: Option<String>,
}

/// An endpoint just created or whose secret was just rotated: the only time the secret
/// is shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreatedEndpoint {
    pub id: String,
    /// `whsec_` + base64 of 32 random bytes; the HMAC key is the decoded bytes.
    pub secret: String,
    /// After a rotation, the old secret also signs until then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_secret_expires_at: Option<String>,
    pub endpoint: Endpoint,
}

/// `POST /v1/webhooks`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEndpointRequest {
    /// Where to POST events: http(s), on a public address.
    pub url: String,
    /// Event types wanted, e.g. `referral.created`, `referral.status_changed`.
    #[schema(min_items = 1, inline, value_type = Vec<EventType>)]
    pub event_types: Vec<String>,
    /// Ask for detailed payloads: the referral or waitlist entry with client details where
    /// consent allows at the time of sending (each such sending is in the disclosure
    /// ledger). Off by default: payloads are thin (ids, type, status).
    #[serde(default)]
    pub detail: bool,
}

/// A valid new endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEndpoint {
    pub url: String,
    pub event_types: Vec<String>,
    pub detail: bool,
}

impl NewEndpoint {
    /// Checks the URL's form and event types; with a `resolver` also where the host points
    /// (blocking DNS, unless the resolver is a fixed table), which unit tests skip.
    pub fn parse(
        req: NewEndpointRequest,
        allow_private: bool,
        resolver: Option<&url_policy::HostResolver>,
    ) -> Result<NewEndpoint, ApiError> {
        let url = url_policy::parse(&req.url).map_err(|e| ApiError::invalid("url", e))?;
        let event_types = parse_event_types(&req.event_types)?;
        // Last, as the only slow check.
        if let Some(resolver) = resolver {
            url_policy::check_resolved(&url, allow_private, resolver)
                .map_err(|e| ApiError::invalid("url", e))?;
        }
        Ok(NewEndpoint {
            url: url.to_string(),
            event_types,
            detail: req.detail,
        })
    }
}

/// Known, deduplicated, sorted event types; at least one.
pub fn parse_event_types(wanted: &[String]) -> Result<Vec<String>, ApiError> {
    if wanted.is_empty() {
        return Err(ApiError::invalid(
            "event_types",
            format!("name at least one event type: {}", EVENT_TYPES.join(", ")),
        ));
    }
    let mut types = Vec::new();
    for t in wanted {
        if !EVENT_TYPES.contains(&t.as_str()) {
            return Err(ApiError::invalid(
                "event_types",
                format!(
                    "unknown event type {t:?}: expected {}",
                    EVENT_TYPES.join(", ")
                ),
            ));
        }
        types.push(t.clone());
    }
    types.sort();
    types.dedup();
    Ok(types)
}

/// Where a delivery stands.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum DeliveryStatus {
    /// Waiting for its next attempt.
    Pending,
    /// The receiver answered 2xx.
    Succeeded,
    /// Given up: the last try failed, or the receiver answered 410.
    Failed,
}

/// One event sent (or to be sent) to one endpoint, with every attempt.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Delivery {
    pub id: String,
    /// The outbox event's id: `webhook-id` on every attempt.
    pub event_id: String,
    pub event_type: String,
    pub status: DeliveryStatus,
    pub attempt_count: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<String>,
    pub created_at: String,
    pub attempts: Vec<Attempt>,
}

/// One POST to the receiver.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Attempt {
    pub attempted_at: String,
    /// The HTTP status answered; absent when no answer came.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_code: Option<i32>,
    /// Why the attempt failed, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub duration_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use waypoint_indexer::model::Keyword;

    fn request(url: &str, types: &[&str]) -> NewEndpointRequest {
        NewEndpointRequest {
            url: url.into(),
            event_types: types.iter().map(|s| s.to_string()).collect(),
            detail: false,
        }
    }

    fn field_of(err: ApiError) -> String {
        match err {
            ApiError::InvalidParameter { parameter, .. } => parameter,
            other => panic!("not an invalid parameter: {other:?}"),
        }
    }

    #[test]
    fn a_valid_endpoint_keeps_known_types_once_in_order() {
        let new = NewEndpoint::parse(
            request(
                "https://hooks.example.org/wp",
                &[
                    "referral.status_changed",
                    "referral.created",
                    "referral.created",
                ],
            ),
            false,
            None,
        )
        .unwrap();
        assert_eq!(new.url, "https://hooks.example.org/wp");
        assert_eq!(
            new.event_types,
            vec!["referral.created", "referral.status_changed"]
        );
    }

    #[test]
    fn problems_name_the_field() {
        let bad_url =
            NewEndpoint::parse(request("ftp://x.org", &["referral.created"]), false, None);
        assert_eq!(field_of(bad_url.unwrap_err()), "url");
        let unknown =
            NewEndpoint::parse(request("https://x.org", &["referral.deleted"]), false, None);
        assert_eq!(field_of(unknown.unwrap_err()), "event_types");
        let none = NewEndpoint::parse(request("https://x.org", &[]), false, None);
        assert_eq!(field_of(none.unwrap_err()), "event_types");
        let private = NewEndpoint::parse(
            request("http://10.0.0.7/hook", &["referral.created"]),
            false,
            Some(&url_policy::HostResolver::System),
        );
        assert_eq!(field_of(private.unwrap_err()), "url");
    }

    #[test]
    fn delivery_statuses_read_back() {
        for s in [
            DeliveryStatus::Pending,
            DeliveryStatus::Succeeded,
            DeliveryStatus::Failed,
        ] {
            assert_eq!(DeliveryStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(DeliveryStatus::parse("sent"), None);
    }
}
