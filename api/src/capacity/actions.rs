//! The capacity actions the HTTP handlers call: a program's report (by its provider, or a
//! coordinator or admin on its behalf, which the audit log records), its current capacity,
//! and its history.

use waypoint_indexer::store::DbConnection;

use super::store::{self, StoredCapacity, StoredChange};
use super::{ChangedBy, ValidReport, may_report};
use crate::audit::{self, Actor, AuditAction, Target};
use crate::auth::{Caller, Role};
use crate::error::ApiError;

/// The roles that report capacity and read its history (a provider only its own
/// programs').
pub const REPORTERS: &[Role] = &[Role::Provider, Role::Coordinator, Role::Admin];

fn no_service(id: &str) -> ApiError {
    ApiError::NotFound(format!("no service with id {id}"))
}

/// The organization that runs the service, or 404.
fn organization_of(conn: &mut DbConnection, service_id: &str) -> Result<String, ApiError> {
    store::service_organization(conn, service_id)?.ok_or_else(|| no_service(service_id))
}

/// Stores a report of the program's capacity; the history names who made it.
pub fn report(
    conn: &mut DbConnection,
    caller: &Caller,
    service_id: &str,
    report: &ValidReport,
) -> Result<StoredCapacity, ApiError> {
    caller.require(REPORTERS)?;
    let organization = organization_of(conn, service_id)?;
    if !may_report(caller, &organization) {
        return Err(ApiError::Forbidden(format!(
            "only a provider of the organization that runs service {service_id}, a coordinator or an admin may report its capacity"
        )));
    }
    let by = ChangedBy::from(caller);
    conn.in_transaction(|conn| {
        let stored = store::report(conn, service_id, &organization, report, &by)?;
        if audit::reports_on_behalf(caller) {
            audit::store::record(
                conn,
                &Actor::from(caller),
                AuditAction::CapacityReported,
                &Target::service(service_id),
                serde_json::json!({
                    "organization_id": organization,
                    "status": report.status,
                    "capacities": report.capacities,
                }),
            )?;
        }
        Ok(stored)
    })
}

/// The program's last report; 404 when there is no such service or it never reported.
pub fn current(conn: &mut DbConnection, service_id: &str) -> Result<StoredCapacity, ApiError> {
    organization_of(conn, service_id)?;
    store::current(conn, service_id)?.ok_or_else(|| {
        ApiError::NotFound(format!("service {service_id} has not reported capacity"))
    })
}

/// The program's last `limit` changes, newest first.
pub fn history(
    conn: &mut DbConnection,
    caller: &Caller,
    service_id: &str,
    limit: i64,
) -> Result<Vec<StoredChange>, ApiError> {
    caller.require(REPORTERS)?;
    let organization = organization_of(conn, service_id)?;
    if caller.is(Role::Provider) && !may_report(caller, &organization) {
        return Err(ApiError::Forbidden(format!(
            "only the provider of service {service_id}, a coordinator or an admin may read its capacity history"
        )));
    }
    Ok(store::history(conn, service_id, limit)?)
}
