//! What one attempt sends: the thin event, and for an endpoint that asked for detail, the
//! referral or waitlist entry as its partner may see it at that moment. Consent is read
//! at every attempt, so a retry after a revocation carries no client details; the
//! disclosure a detailed body makes is recorded once the attempt has reached the receiver.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use waypoint_indexer::store::DbConnection;

use super::store::Claimed;
use crate::auth::Caller;
use crate::consent::Element;
use crate::disclosures;
use crate::disclosures::NewDisclosure;
use crate::error::ApiError;
use crate::events;
use crate::partners::store as partners;
use crate::referrals::{self, history};
use crate::waitlists::access::{self, Visibility};
use crate::waitlists::store::{self as waitlist_store, OVERDUE_EVENT, WaitlistError};

/// The body of one attempt and the disclosure it makes, if any.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub body: String,
    /// On the `webhook` channel.
    pub disclosure: Option<NewDisclosure>,
}

/// The thin body: the event's type and time, and its payload (ids, type, status) as `data`.
pub fn thin(claimed: &Claimed) -> Outgoing {
    Outgoing {
        body: body(claimed, data_of(claimed)),
        disclosure: None,
    }
}

/// The body for `claimed`: detailed when its endpoint asked and the event is about a
/// referral or waitlist entry its partner may still see; thin otherwise.
pub fn outgoing(
    conn: &mut DbConnection,
    claimed: &Claimed,
    now: DateTime<Utc>,
) -> Result<Outgoing, ApiError> {
    let (Some(subject), true) = (claimed.subject_id.as_deref(), claimed.detail) else {
        return Ok(thin(claimed));
    };
    let Some(partner) = partners::get(conn, &claimed.partner_id)? else {
        return Ok(thin(claimed));
    };
    let caller = Caller::from(partner);
    let mut data = data_of(claimed);
    let detail = match claimed.event_type.as_str() {
        events::REFERRAL_CREATED
        | events::REFERRAL_STATUS_CHANGED
        | events::REFERRAL_NOTE_ADDED
        | events::REFERRAL_REMINDER => referral(conn, &data, &caller, subject, now)?,
        OVERDUE_EVENT => waitlist_entry(conn, &data, &caller, subject, now)?,
        _ => None,
    };
    let disclosure = detail.and_then(|(extra, disclosure)| {
        data.extend(extra);
        disclosure
    });
    Ok(Outgoing {
        body: body(claimed, data),
        disclosure,
    })
}

type Detail = (Map<String, Value>, Option<NewDisclosure>);

/// `referral`: the referral as GET shows it to this partner; `note` too for a new note
/// (its payload names it).
fn referral(
    conn: &mut DbConnection,
    data: &Map<String, Value>,
    caller: &Caller,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<Detail>, ApiError> {
    let loaded = match referrals::load(conn, caller, id) {
        Ok(loaded) => loaded,
        // No longer a party (or no longer a role with referrals): thin.
        Err(ApiError::NotFound(_) | ApiError::Forbidden(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let visible = loaded.details_visible(&caller.partner_id, now);
    let mut extra = Map::new();
    let (referral, mut disclosure) = loaded.show_on_delivery(&caller.partner_id, now);
    if let Some(note_id) = text_field(data, "note_id")
        && let Some(mut note) = history::notes(conn, id)?
            .into_iter()
            .find(|n| n.id == note_id)
    {
        if note.gate(&caller.partner_id, visible && loaded.covers(Element::Notes))
            && let Some(notes) = disclosures::shown(
                &loaded.showing(&caller.partner_id),
                &[Element::Notes].into(),
                "webhook",
            )
        {
            match &mut disclosure {
                Some(d) => d.merge(notes),
                None => disclosure = Some(notes),
            }
        }
        extra.insert("note".into(), to_value(&note)?);
    }
    extra.insert("referral".into(), to_value(&referral)?);
    Ok(Some((extra, disclosure)))
}

/// `waitlist_entry`: the entry as the waitlist endpoints show it to this partner.
fn waitlist_entry(
    conn: &mut DbConnection,
    data: &Map<String, Value>,
    caller: &Caller,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<Detail>, ApiError> {
    let Some(service_id) = text_field(data, "service_id") else {
        return Ok(None);
    };
    let mut entry = match waitlist_store::get(conn, &service_id, id, now) {
        Ok(entry) => entry,
        Err(WaitlistError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut visibility = Visibility::default();
    let visible = visibility.of(conn, &entry, caller, now)?;
    let consent_id = entry.consent_id.clone();
    let covered = visibility.covered(consent_id.as_deref());
    let disclosure = access::show_on_delivery(&mut entry, &caller.partner_id, visible, covered);
    let mut extra = Map::new();
    extra.insert("waitlist_entry".into(), to_value(&entry)?);
    Ok(Some((extra, disclosure)))
}

/// The event's thin payload, as the object `data` starts from.
fn data_of(claimed: &Claimed) -> Map<String, Value> {
    match serde_json::from_str(&claimed.payload) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

fn text_field(data: &Map<String, Value>, name: &str) -> Option<String> {
    data.get(name)?.as_str().map(str::to_string)
}

fn to_value(value: &impl serde::Serialize) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|e| ApiError::Internal(e.to_string()))
}

/// `{type, timestamp, data}`.
fn body(claimed: &Claimed, data: Map<String, Value>) -> String {
    serde_json::json!({
        "type": claimed.event_type,
        "timestamp": claimed.event_created_at,
        "data": data,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claimed(event_type: &str, payload: &str, detail: bool) -> Claimed {
        Claimed {
            delivery_id: "d-1".into(),
            lease_token: "t".into(),
            attempts_made: 0,
            endpoint_id: "e-1".into(),
            partner_id: "p-1".into(),
            detail,
            url: "https://hooks.example.org/".into(),
            secrets: vec![],
            event_id: "evt_1".into(),
            event_type: event_type.into(),
            event_created_at: "2026-11-23T00:00:00.000000Z".into(),
            subject_id: Some("ref-1".into()),
            payload: payload.into(),
        }
    }

    #[test]
    fn a_thin_body_carries_the_payload_as_data() {
        let c = claimed(
            events::REFERRAL_CREATED,
            r#"{"referral_id":"ref-1","status":"requested"}"#,
            false,
        );
        let out = thin(&c);
        let body: Value = serde_json::from_str(&out.body).unwrap();
        assert_eq!(body["type"], "referral.created");
        assert_eq!(body["timestamp"], "2026-11-23T00:00:00.000000Z");
        assert_eq!(body["data"]["referral_id"], "ref-1");
        assert_eq!(body["data"]["status"], "requested");
        assert!(out.disclosure.is_none());
    }

    #[test]
    fn a_payload_that_is_no_object_gives_empty_data() {
        let c = claimed(events::REFERRAL_CREATED, "[1, 2]", true);
        let body: Value = serde_json::from_str(&thin(&c).body).unwrap();
        assert_eq!(body["data"], serde_json::json!({}));
    }

    #[test]
    fn payload_fields_are_read_as_text_only() {
        let c = claimed(
            OVERDUE_EVENT,
            r#"{"service_id":"svc-1","clock":"admission","n":3}"#,
            true,
        );
        let data = data_of(&c);
        assert_eq!(text_field(&data, "service_id").as_deref(), Some("svc-1"));
        assert_eq!(text_field(&data, "n"), None);
        assert_eq!(text_field(&data, "missing"), None);
    }
}
