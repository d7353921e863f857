//! Putting a person on a program's waitlist: who may, the consent check, the entry, the
//! answer, all once per Idempotency-Key.

use chrono::Utc;
use waypoint_indexer::store::DbConnection;

use super::authorize;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::idempotency::{self, Answer};
use crate::waitlists::model::NewEntry;
use crate::waitlists::{access, consent, store};

/// Adds the entry once per Idempotency-Key, when the caller may keep the program's
/// waitlist.
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    service_id: &str,
    key: &str,
    fingerprint: &str,
    new: NewEntry,
) -> Result<Answer, ApiError> {
    authorize(conn, caller, service_id)?;
    idempotency::once(conn, &caller.partner_id, key, fingerprint, |conn| {
        consent::check(
            conn,
            service_id,
            &caller.partner_id,
            new.consent_id.as_deref(),
            &new.client.reference,
        )?;
        let id = store::create(conn, service_id, &new, &caller.partner_id)?;
        let now = Utc::now();
        let entry = store::get(conn, service_id, &id, now)?;
        let entry = access::show_one(conn, caller, entry, now)?;
        let body = serde_json::to_string(&entry).map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok((201, body))
    })
}
