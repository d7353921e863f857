//! Recording, reading and revoking consents. A consent belongs to the partner that
//! recorded it (a referrer for its referrals, anyone keeping a waitlist for its entries);
//! any other partner gets a 404.

use chrono::Utc;
use waypoint_indexer::store::DbConnection;

use super::model::{Consent, ConsentRequest, Recipient};
use super::store;
use crate::auth::{Caller, Role};
use crate::error::ApiError;
use crate::partners::store as partners;

/// Who records consents: referrers for referrals; coordinators, providers and admins for
/// the waitlist entries they add.
const RECORDERS: &[Role] = &[
    Role::Referrer,
    Role::Coordinator,
    Role::Provider,
    Role::Admin,
];

pub fn record(
    conn: &mut DbConnection,
    caller: &Caller,
    request: ConsentRequest,
) -> Result<Consent, ApiError> {
    caller.require(RECORDERS)?;
    let valid = request
        .validate(Utc::now())
        .map_err(|(field, detail)| ApiError::invalid(field, detail))?;
    conn.in_transaction(|conn| {
        for recipient in &valid.request.recipients {
            if let Recipient::Partner { partner_id } = recipient
                && partners::get(conn, partner_id)?
                    .is_none_or(|p| !matches!(p.role, Role::Provider | Role::Coordinator))
            {
                return Err(ApiError::invalid(
                    "recipients",
                    format!("recipient {partner_id} is not a provider or coordinator partner"),
                ));
            }
        }
        Ok(store::insert(conn, &caller.partner_id, valid)?)
    })
}

/// The caller's own consent, or 404.
pub fn get(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Consent, ApiError> {
    caller.require(RECORDERS)?;
    store::get(conn, id)?
        .filter(|c| c.partner_id == caller.partner_id)
        .ok_or_else(|| ApiError::NotFound(format!("no consent {id}")))
}

/// The caller's most recent consents still in force, newest first.
pub fn in_force(
    conn: &mut DbConnection,
    caller: &Caller,
    limit: i64,
) -> Result<Vec<Consent>, ApiError> {
    caller.require(RECORDERS)?;
    let now = Utc::now();
    Ok(store::of_partner(conn, &caller.partner_id, limit)?
        .into_iter()
        .filter(|c| c.in_force(now).is_ok())
        .collect())
}

pub fn revoke(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Consent, ApiError> {
    let consent = get(conn, caller, id)?;
    Ok(store::revoke(conn, &consent)?)
}
