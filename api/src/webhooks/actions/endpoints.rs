//! A partner's webhook endpoints: subscribing (at most 20 each, counted in the insert's
//! transaction), reading, unsubscribing, and rotating the secret with a grace period.
//! Each change is entered in the audit log in its transaction: an endpoint is where client
//! details can go, so admins can see who pointed them where, and when.

use chrono::{DateTime, Utc};
use waypoint_indexer::store::DbConnection;

use super::no_endpoint;
use crate::audit::{self, Actor, AuditAction, Target};
use crate::auth::Caller;
use crate::clock;
use crate::error::ApiError;
use crate::problems::ProblemType;
use crate::webhooks::{CreatedEndpoint, Endpoint, NewEndpoint, signing, store};

/// Endpoints one partner may have: enough for every system it runs, few enough that one
/// event cannot fan out into a flood.
pub const MAX_ENDPOINTS_PER_PARTNER: usize = 20;

/// After a rotation the old secret keeps signing this long, so receivers can switch.
const ROTATION_GRACE: chrono::Duration = chrono::Duration::hours(24);

/// Refuses a new endpoint when the partner has `existing` already and that is the most.
pub fn check_room(existing: usize) -> Result<(), ApiError> {
    if existing >= MAX_ENDPOINTS_PER_PARTNER {
        return Err(ApiError::rule(
            ProblemType::WebhookEndpointLimit,
            format!(
                "a partner can have at most {MAX_ENDPOINTS_PER_PARTNER} webhook endpoints; delete one first"
            ),
        ));
    }
    Ok(())
}

/// Subscribes the endpoint, with a new secret (shown only in this answer). The count and
/// the insert are one transaction, after the partner's endpoints are locked, so two
/// concurrent creates are counted one after the other and never pass the limit together.
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    new: &NewEndpoint,
) -> Result<CreatedEndpoint, ApiError> {
    let partner = &caller.partner_id;
    let secret = signing::generate_secret().map_err(ApiError::Internal)?;
    let endpoint = conn.in_transaction(|conn| {
        store::lock_endpoints_of(conn, partner)?;
        check_room(store::count(conn, partner)?)?;
        let endpoint = store::create(conn, partner, new, &secret)?;
        audit::store::record(
            conn,
            &Actor::from(caller),
            AuditAction::WebhookRegistered,
            &Target::webhook_endpoint(&endpoint.id),
            serde_json::json!({
                "url": url_for_audit(&new.url),
                "event_types": new.event_types,
                "detail": new.detail,
            }),
        )?;
        Ok::<_, ApiError>(endpoint)
    })?;
    Ok(CreatedEndpoint {
        id: endpoint.id.clone(),
        secret,
        previous_secret_expires_at: None,
        endpoint,
    })
}

/// This partner's endpoints, oldest first (never their secrets).
pub fn list(conn: &mut DbConnection, caller: &Caller) -> Result<Vec<Endpoint>, ApiError> {
    Ok(store::list(conn, &caller.partner_id)?)
}

pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Endpoint, ApiError> {
    store::get(conn, &caller.partner_id, id)?.ok_or_else(|| no_endpoint(id))
}

/// Unsubscribes: the endpoint, its deliveries and their attempts are deleted.
pub fn remove(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<(), ApiError> {
    conn.in_transaction(|conn| match store::delete(conn, &caller.partner_id, id)? {
        true => audit_change(conn, caller, AuditAction::WebhookDeleted, id),
        false => Err(no_endpoint(id)),
    })
}

/// An audit entry naming only the endpoint.
fn audit_change(
    conn: &mut DbConnection,
    caller: &Caller,
    action: AuditAction,
    id: &str,
) -> Result<(), ApiError> {
    let target = Target::webhook_endpoint(id);
    let detail = serde_json::json!({});
    Ok(audit::store::record(
        conn,
        &Actor::from(caller),
        action,
        &target,
        detail,
    )?)
}

/// An endpoint's URL as the audit log keeps it: scheme, host, port and path, without the
/// user, password, query or fragment, where a receiver may have put a token.
pub fn url_for_audit(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut url) => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.set_query(None);
            url.set_fragment(None);
            url.to_string()
        }
        Err(_) => "(not a URL)".into(),
    }
}

/// When the old secret stops signing after a rotation at `now`.
pub fn grace_until(now: DateTime<Utc>) -> DateTime<Utc> {
    now + ROTATION_GRACE
}

/// A new secret, shown only in this answer; the old one keeps signing for a grace period.
pub fn rotate_secret(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
) -> Result<CreatedEndpoint, ApiError> {
    let secret = signing::generate_secret().map_err(ApiError::Internal)?;
    let grace_until = clock::format(grace_until(Utc::now()));
    let endpoint = conn.in_transaction(|conn| {
        let endpoint = store::rotate_secret(conn, &caller.partner_id, id, &secret, &grace_until)?
            .ok_or_else(|| no_endpoint(id))?;
        audit_change(conn, caller, AuditAction::WebhookSecretRotated, id)?;
        Ok::<_, ApiError>(endpoint)
    })?;
    Ok(CreatedEndpoint {
        id: endpoint.id.clone(),
        secret,
        previous_secret_expires_at: Some(grace_until),
        endpoint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_log_keeps_no_token_of_an_endpoint_url() {
        assert_eq!(
            url_for_audit("https://user:pw@hooks.example.org:8443/in/waypoint?token=abc#x"),
            "https://hooks.example.org:8443/in/waypoint"
        );
        assert_eq!(url_for_audit("nonsense"), "(not a URL)");
    }

    #[test]
    fn the_twenty_first_endpoint_is_refused_as_the_limit() {
        assert!(check_room(0).is_ok());
        assert!(check_room(MAX_ENDPOINTS_PER_PARTNER - 1).is_ok());
        for existing in [MAX_ENDPOINTS_PER_PARTNER, MAX_ENDPOINTS_PER_PARTNER + 3] {
            let problem = check_room(existing).unwrap_err().problem();
            assert_eq!(problem.status, 409);
            assert!(problem.problem_type.ends_with("/webhook-endpoint-limit"));
        }
    }

    #[test]
    fn an_old_secret_signs_for_a_day_after_a_rotation() {
        let now: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        assert_eq!(
            grace_until(now),
            "2026-11-24T10:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }
}
