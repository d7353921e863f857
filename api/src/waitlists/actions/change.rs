//! Changing a waiting entry: its facts, contact attempts, interim services, admission and
//! removal. Each answers the entry as it now is and as the caller may see it.

use chrono::Duration;
use waypoint_indexer::store::DbConnection;

use super::change_entry;
use crate::auth::Caller;
use crate::capacity::ChangedBy;
use crate::error::ApiError;
use crate::waitlists::model::{AdmitBody, Entry, EntryPatch, InterimRequest};
use crate::waitlists::rules::{ContactOutcome, RemovalReason};
use crate::waitlists::{bridge, consent, store};

/// Changes what may change while a person waits; a new consent must be usable.
pub fn patch(
    conn: &mut DbConnection,
    caller: &Caller,
    service_id: &str,
    id: &str,
    changes: EntryPatch,
) -> Result<Entry, ApiError> {
    change_entry(conn, caller, service_id, id, |conn, _| {
        consent::check_patch(conn, service_id, id, &changes)?;
        Ok(store::patch(conn, service_id, id, &changes)?)
    })
}

/// Records an attempt to reach the person.
pub fn contact_attempt(
    conn: &mut DbConnection,
    caller: &Caller,
    service_id: &str,
    id: &str,
    outcome: ContactOutcome,
    note: Option<String>,
) -> Result<Entry, ApiError> {
    change_entry(conn, caller, service_id, id, |conn, _| {
        Ok(store::add_contact_attempt(
            conn,
            service_id,
            id,
            outcome,
            note.as_deref(),
            &caller.partner_id,
        )?)
    })
}

/// Records an interim service; without `what`, the listing it names describes it.
pub fn interim_service(
    conn: &mut DbConnection,
    caller: &Caller,
    service_id: &str,
    id: &str,
    mut request: InterimRequest,
) -> Result<Entry, ApiError> {
    change_entry(conn, caller, service_id, id, |conn, _| {
        let what = bridge::interim_description(
            conn,
            request.what.take(),
            request.service_at_location_id.as_deref(),
        )?;
        let service = request.with_what(what);
        Ok(store::add_interim_service(
            conn,
            service_id,
            id,
            &service,
            &caller.partner_id,
        )?)
    })
}

/// Admits the person as the admission rule says (`store::admit`).
pub fn admit(
    conn: &mut DbConnection,
    caller: &Caller,
    service_id: &str,
    id: &str,
    request: AdmitBody,
    stale_after: Duration,
) -> Result<Entry, ApiError> {
    change_entry(conn, caller, service_id, id, |conn, organization| {
        let by = ChangedBy::from(caller);
        store::admit(
            conn,
            service_id,
            organization,
            id,
            &request,
            &by,
            stale_after,
        )?;
        Ok(())
    })
}

/// Takes the person off the waitlist, with a reason.
pub fn remove(
    conn: &mut DbConnection,
    caller: &Caller,
    service_id: &str,
    id: &str,
    reason: RemovalReason,
    note: Option<String>,
) -> Result<Entry, ApiError> {
    change_entry(conn, caller, service_id, id, |conn, _| {
        Ok(store::remove(
            conn,
            service_id,
            id,
            reason,
            note.as_deref(),
        )?)
    })
}
