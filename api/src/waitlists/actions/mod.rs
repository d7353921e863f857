//! The waitlist actions the HTTP handlers call, one file per kind of action. Each runs as
//! one write, even a read: showing a client's details to a partner may be a disclosure,
//! recorded in the same transaction.

pub mod bridge;
pub mod change;
pub mod create;
pub mod read;

use chrono::Utc;
use waypoint_indexer::store::DbConnection;

use super::model::Entry;
use super::{access, may_manage, store};
use crate::auth::{Caller, Role};
use crate::capacity::store::service_organization;
use crate::error::ApiError;

/// The roles that keep waitlists (a provider only its own programs').
pub const KEEPERS: &[Role] = &[Role::Coordinator, Role::Provider, Role::Admin];

/// The caller may keep this program's waitlist: the service exists (404) and the caller is
/// a coordinator, an admin or its provider (403). Returns the program's organization.
pub fn authorize(
    conn: &mut DbConnection,
    caller: &Caller,
    service_id: &str,
) -> Result<String, ApiError> {
    caller.require(KEEPERS)?;
    let organization = service_organization(conn, service_id)?
        .ok_or_else(|| ApiError::NotFound(format!("no service with id {service_id}")))?;
    if !may_manage(caller, &organization) {
        return Err(ApiError::Forbidden(format!(
            "only coordinators, admins and the provider of service {service_id} keep its waitlist"
        )));
    }
    Ok(organization)
}

/// Runs `change` (given the program's organization) on an entry the caller may manage,
/// then answers the entry as it now is and as the caller may see it.
fn change_entry(
    conn: &mut DbConnection,
    caller: &Caller,
    service_id: &str,
    entry_id: &str,
    change: impl FnOnce(&mut DbConnection, &str) -> Result<(), ApiError>,
) -> Result<Entry, ApiError> {
    let organization = authorize(conn, caller, service_id)?;
    change(conn, &organization)?;
    let now = Utc::now();
    let entry = store::get(conn, service_id, entry_id, now)?;
    access::show_one(conn, caller, entry, now)
}
