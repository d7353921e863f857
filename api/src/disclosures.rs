//! The disclosure ledger (42 CFR Part 2): each time client details reach a partner other
//! than the one that holds them, who got what and when. Kept three years.

use chrono::{Duration, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::with_conn;

use crate::clock;
use crate::schema::disclosures;

/// How long entries are kept.
pub const RETENTION: Duration = Duration::days(3 * 365 + 1);

/// One entry, as reported.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Disclosure {
    pub id: String,
    /// The partner whose client it is (the referrer, or who put them on a waitlist).
    pub discloser_id: String,
    /// The partner that received the details.
    pub recipient_id: String,
    pub client_reference: String,
    pub referral_id: Option<String>,
    /// The waitlist entry whose details were disclosed.
    pub waitlist_entry_id: Option<String>,
    pub consent_id: Option<String>,
    /// `api` (a read) or `webhook`.
    pub channel: String,
    /// What was disclosed (field names, never values).
    pub information: String,
    pub disclosed_at: String,
}

/// What a disclosure needs to be recorded. Owned, so a webhook body can carry it from
/// the moment it is built to the attempt's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDisclosure {
    pub discloser_id: String,
    pub recipient_id: String,
    pub client_reference: String,
    pub referral_id: Option<String>,
    pub waitlist_entry_id: Option<String>,
    pub consent_id: Option<String>,
    /// `api` (a read) or `webhook`.
    pub channel: &'static str,
    pub information: String,
}

/// Records a disclosure; call it in the transaction that discloses.
pub fn record(conn: &mut DbConnection, d: &NewDisclosure) -> QueryResult<()> {
    with_conn!(conn, |c| diesel::insert_into(disclosures::table)
        .values((
            disclosures::id.eq(uuid::Uuid::new_v4().to_string()),
            disclosures::discloser_id.eq(&d.discloser_id),
            disclosures::recipient_id.eq(&d.recipient_id),
            disclosures::client_reference.eq(&d.client_reference),
            disclosures::referral_id.eq(&d.referral_id),
            disclosures::waitlist_entry_id.eq(&d.waitlist_entry_id),
            disclosures::consent_id.eq(&d.consent_id),
            disclosures::channel.eq(d.channel),
            disclosures::information.eq(&d.information),
            disclosures::disclosed_at.eq(clock::now()),
        ))
        .execute(c))?;
    Ok(())
}

type Row = (
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
);

/// The disclosures of one client's details, oldest first; `discloser` limits them to one
/// discloser's records (admins see everyone's).
pub fn for_client(
    conn: &mut DbConnection,
    client_reference: &str,
    discloser: Option<&str>,
) -> QueryResult<Vec<Disclosure>> {
    let rows: Vec<Row> = with_conn!(conn, |c| {
        let mut q = disclosures::table
            .filter(disclosures::client_reference.eq(client_reference))
            .into_boxed();
        if let Some(d) = discloser {
            q = q.filter(disclosures::discloser_id.eq(d));
        }
        q.select((
            disclosures::id,
            disclosures::discloser_id,
            disclosures::recipient_id,
            disclosures::client_reference,
            disclosures::referral_id,
            disclosures::consent_id,
            disclosures::channel,
            disclosures::information,
            disclosures::disclosed_at,
            disclosures::waitlist_entry_id,
        ))
        .order((disclosures::disclosed_at, disclosures::id))
        .limit(10_000)
        .load(c)
    })?;
    Ok(rows
        .into_iter()
        .map(|r| Disclosure {
            id: r.0,
            discloser_id: r.1,
            recipient_id: r.2,
            client_reference: r.3,
            referral_id: r.4,
            waitlist_entry_id: r.9,
            consent_id: r.5,
            channel: r.6,
            information: r.7,
            disclosed_at: r.8,
        })
        .collect())
}

/// Deletes entries past the retention period; returns how many.
pub fn purge_expired(conn: &mut DbConnection) -> QueryResult<usize> {
    let cutoff = clock::format(Utc::now() - RETENTION);
    with_conn!(conn, |c| diesel::delete(
        disclosures::table.filter(disclosures::disclosed_at.lt(cutoff))
    )
    .execute(c))
}
