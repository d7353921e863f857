//! Reading waitlist entries: one, a program's by status, and the overdue ones across
//! programs, each as the caller may see it.

use chrono::Utc;
use waypoint_indexer::store::DbConnection;

use super::{KEEPERS, authorize, change_entry};
use crate::auth::{Caller, Role};
use crate::capacity;
use crate::error::ApiError;
use crate::waitlists::model::{Entry, StatusFilter};
use crate::waitlists::{access, store};

/// One entry of a program the caller may manage.
pub fn get(
    conn: &mut DbConnection,
    caller: &Caller,
    service_id: &str,
    id: &str,
) -> Result<Entry, ApiError> {
    change_entry(conn, caller, service_id, id, |_, _| Ok(()))
}

/// A program's entries with this status (the waiting ones in priority order).
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    service_id: &str,
    filter: StatusFilter,
) -> Result<Vec<Entry>, ApiError> {
    authorize(conn, caller, service_id)?;
    let now = Utc::now();
    let entries = store::list(conn, service_id, filter, now)?;
    access::show(conn, caller, entries, now)
}

/// Waiting entries with a clock that ran out unkept: every program for coordinators and
/// admins, a provider's own programs for a provider.
pub fn overdue(conn: &mut DbConnection, caller: &Caller) -> Result<Vec<Entry>, ApiError> {
    caller.require(KEEPERS)?;
    let only = match caller.role {
        Role::Provider => Some(capacity::store::services_of(
            conn,
            &caller.organization_ids,
        )?),
        _ => None,
    };
    let now = Utc::now();
    let entries = store::overdue(conn, only.as_deref(), now)?;
    access::show(conn, caller, entries, now)
}
