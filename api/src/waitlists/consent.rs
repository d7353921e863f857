//! The Part 2 consent a waitlist entry needs, checked when it is given (create, PATCH):
//! the same rules as a referral's, with the program's other providers as the receivers.

use chrono::Utc;
use diesel::QueryResult;
use waypoint_indexer::store::DbConnection;

use super::model::EntryPatch;
use super::store;
use crate::consent::{self, ConsentFault, rules};
use crate::error::ApiError;
use crate::referrals::CONSENT_CATEGORIES;
use crate::referrals::store::{providers_for, service_target};

/// Whether a program's entries need a consent: it is in a Part 2 category. Read from the
/// listing each time, so a program that becomes one is gated at once.
pub fn required(conn: &mut DbConnection, service_id: &str) -> QueryResult<bool> {
    Ok(
        service_target(conn, None, Some(service_id))?.is_some_and(|t| {
            t.categories
                .iter()
                .any(|c| CONSENT_CATEGORIES.contains(&c.as_str()))
        }),
    )
}

/// Checks the consent for an entry of `service_id` added by `owner`: needed for Part 2
/// programs; when given it must be `owner`'s, for this client, in force, and name every
/// provider of the program other than `owner`.
pub fn check(
    conn: &mut DbConnection,
    service_id: &str,
    owner: &str,
    consent_id: Option<&str>,
    client_reference: &str,
) -> Result<(), ApiError> {
    let Some(target) = service_target(conn, None, Some(service_id))? else {
        return Err(ApiError::NotFound(format!(
            "no service with id {service_id}"
        )));
    };
    let needed = target
        .categories
        .iter()
        .any(|c| CONSENT_CATEGORIES.contains(&c.as_str()));
    let consent = match consent_id {
        Some(id) => Some(
            consent::store::get(conn, id)?
                .filter(|c| c.partner_id == owner)
                .ok_or(ConsentFault::Unknown)?,
        ),
        None => None,
    };
    let others: Vec<String> = providers_for(conn, &target.organization_id)?
        .into_iter()
        .filter(|p| p != owner)
        .collect();
    rules::check_for_referral(
        consent.as_ref(),
        needed,
        client_reference,
        &others,
        Utc::now(),
    )?;
    Ok(())
}

/// Checks a PATCH's new `consent_id` against the entry: it must be a consent its creator
/// recorded, under the same rules as on create.
pub fn check_patch(
    conn: &mut DbConnection,
    service_id: &str,
    id: &str,
    patch: &EntryPatch,
) -> Result<(), ApiError> {
    let Some(consent_id) = patch.consent_id.as_deref() else {
        return Ok(());
    };
    let (owner, client_reference) = store::owner(conn, service_id, id)?;
    check(
        conn,
        service_id,
        &owner,
        Some(consent_id),
        &client_reference,
    )
}
