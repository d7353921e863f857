//! The outbox: events for partners (webhooks, polling) written in the same transaction as
//! the change that causes them, so none is lost and none exists for a rolled-back change.

use diesel::prelude::*;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::outbox_events;
use waypoint_indexer::with_conn;

use crate::clock;

pub mod payloads;

pub const REFERRAL_CREATED: &str = "referral.created";
pub const REFERRAL_STATUS_CHANGED: &str = "referral.status_changed";
pub const REFERRAL_NOTE_ADDED: &str = "referral.note_added";
pub const REFERRAL_REMINDER: &str = "referral.reminder";
pub const CONSENT_REVOKED: &str = "consent.revoked";

/// Every event type Waypoint emits.
pub const EVENT_TYPES: [&str; 5] = [
    REFERRAL_CREATED,
    REFERRAL_STATUS_CHANGED,
    REFERRAL_NOTE_ADDED,
    REFERRAL_REMINDER,
    CONSENT_REVOKED,
];

/// Records one event for one partner; returns its id (stable across delivery attempts).
/// `payload` is the thin `data` object (one of [`payloads`]). Call it inside the causing
/// change's transaction: the event's webhook deliveries are created with it.
pub fn enqueue(
    conn: &mut DbConnection,
    partner_id: &str,
    event_type: &str,
    subject_id: Option<&str>,
    payload: &impl serde::Serialize,
) -> Result<String, diesel::result::Error> {
    let payload = serde_json::to_string(payload)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let id = format!("evt_{}", uuid::Uuid::new_v4().simple());
    with_conn!(conn, |c| diesel::insert_into(outbox_events::table)
        .values((
            outbox_events::id.eq(&id),
            outbox_events::partner_id.eq(partner_id),
            outbox_events::event_type.eq(event_type),
            outbox_events::subject_id.eq(subject_id),
            outbox_events::payload.eq(&payload),
            outbox_events::created_at.eq(clock::now()),
        ))
        .execute(c))?;
    crate::webhooks::store::fan_out(conn, &id, partner_id, event_type)?;
    Ok(id)
}
