//! Consents in the store, and the one domain action on them that has side effects:
//! revocation, which tells every partner that relied on the consent.

use diesel::prelude::*;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::{consents, referral_receivers, referrals};
use waypoint_indexer::with_conn;

use super::elements::{self, Elements};
use super::model::{Consent, ValidConsent};
use crate::clock;
use crate::events::{self, payloads};

/// Every column of `consents`, in the table's order (read with `consents::all_columns`).
type Row = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

fn from_row(row: Row) -> QueryResult<Consent> {
    let given: Option<Elements> = row
        .13
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| {
            diesel::result::Error::DeserializationError(format!("consent elements: {e}").into())
        })?;
    let recipients = serde_json::from_str(&row.4).map_err(|e| {
        diesel::result::Error::DeserializationError(format!("consent recipients: {e}").into())
    })?;
    Ok(Consent {
        id: row.0,
        partner_id: row.1,
        client_reference: row.2,
        disclosing_party: row.3,
        recipients,
        elements_read_from_text: given.is_none(),
        elements: given.unwrap_or_else(|| elements::read_from_text(&row.5)),
        information: row.5,
        purpose: row.6,
        expires_at: row.7,
        expiry_event: row.8,
        signed_at: row.9,
        revocation: row.10,
        created_at: row.11,
        revoked_at: row.12,
    })
}

pub fn insert(
    conn: &mut DbConnection,
    partner_id: &str,
    valid: ValidConsent,
) -> QueryResult<Consent> {
    let id = uuid::Uuid::new_v4().to_string();
    let r = &valid.request;
    let recipients = serde_json::to_string(&r.recipients).unwrap_or_else(|_| "[]".into());
    with_conn!(&mut *conn, |c| diesel::insert_into(consents::table)
        .values((
            consents::id.eq(&id),
            consents::partner_id.eq(partner_id),
            consents::client_reference.eq(r.client_reference.trim()),
            consents::disclosing_party.eq(r.disclosing_party.trim()),
            consents::recipients.eq(&recipients),
            consents::information.eq(&r.information),
            consents::elements.eq(r.elements.as_ref().map(|e| serde_json::to_string(
                &e.iter().copied().collect::<Elements>()
            )
            .unwrap_or_default())),
            consents::purpose.eq(&r.purpose),
            consents::expires_at.eq(valid.expires_at.map(clock::format)),
            consents::expiry_event.eq(r.expiry_event.as_deref().filter(|e| !e.trim().is_empty())),
            consents::signed_at.eq(clock::format(valid.signed_at)),
            consents::revocation.eq(&r.revocation),
            consents::created_at.eq(clock::now()),
        ))
        .execute(c))?;
    get(conn, &id)?.ok_or(diesel::result::Error::NotFound)
}

pub fn get(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Consent>> {
    let row: Option<Row> = with_conn!(conn, |c| consents::table
        .find(id)
        .select(consents::all_columns)
        .first(c)
        .optional())?;
    row.map(from_row).transpose()
}

/// A partner's most recent consents, newest first (the page's referral form offers them).
pub fn of_partner(
    conn: &mut DbConnection,
    partner_id: &str,
    limit: i64,
) -> QueryResult<Vec<Consent>> {
    let rows: Vec<Row> = with_conn!(conn, |c| consents::table
        .filter(consents::partner_id.eq(partner_id))
        .order((consents::created_at.desc(), consents::id.desc()))
        .limit(limit)
        .select(consents::all_columns)
        .load(c))?;
    rows.into_iter().map(from_row).collect()
}

/// Revokes a consent (once; revoking again changes nothing) and, in the same transaction,
/// enqueues `consent.revoked` for its owner and every provider that received a referral
/// under it.
pub fn revoke(conn: &mut DbConnection, consent: &Consent) -> QueryResult<Consent> {
    conn.in_transaction(|conn| {
        let now = clock::now();
        let changed = with_conn!(&mut *conn, |c| diesel::update(
            consents::table
                .find(&consent.id)
                .filter(consents::revoked_at.is_null())
        )
        .set(consents::revoked_at.eq(&now))
        .execute(c))?;
        if changed > 0 {
            let mut told: Vec<String> = with_conn!(&mut *conn, |c| referral_receivers::table
                .inner_join(referrals::table)
                .filter(referrals::consent_id.eq(&consent.id))
                .select(referral_receivers::partner_id)
                .distinct()
                .load(c))?;
            told.push(consent.partner_id.clone());
            told.sort();
            told.dedup();
            let payload = payloads::ConsentRevoked {
                consent_id: consent.id.clone(),
                revoked_at: now.clone(),
            };
            for partner in told {
                events::enqueue(
                    conn,
                    &partner,
                    events::CONSENT_REVOKED,
                    Some(&consent.id),
                    &payload,
                )?;
            }
        }
        get(conn, &consent.id)?.ok_or(diesel::result::Error::NotFound)
    })
}
