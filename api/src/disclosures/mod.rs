//! The disclosure ledger (42 CFR Part 2): each time client details reach a partner other
//! than the one that holds them, who got what and when. Kept three years.

pub mod accounting;
pub mod actions;

use chrono::{Duration, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::disclosures;
use waypoint_indexer::with_conn;

use crate::clock;
use crate::consent::elements::{self, Elements};

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
    #[schema(schema_with = crate::keywords::disclosure_channel)]
    pub channel: String,
    /// The elements disclosed, e.g. `name, phone, reason` (never values).
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

/// Client details that may be shown to one partner. Made only here: by [`release`],
/// which records the disclosure in the ledger on the same connection (call it in the
/// transaction that answers), or by [`release_on_delivery`], which hands back the record
/// to write once a webhook receiver has the details. So an answer cannot carry a client's
/// details to another partner without the ledger saying so, and carries only the elements
/// the consent covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Released<T>(T);

impl<T> Released<T> {
    pub fn get(&self) -> &T {
        &self.0
    }

    /// The details, for an answer that keeps them in fields of its own (waitlist entries).
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: Serialize> Serialize for Released<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// A client's details, element by element.
pub trait ClientDetails: Sized {
    /// The details with every element outside `covered` left out.
    fn only(self, covered: &Elements) -> Self;
    /// The elements that hold a value (what showing them discloses).
    fn present(&self) -> Elements;
}

/// Whose details go to whom, under what.
pub struct Showing<'a> {
    /// The partner whose client it is (the referrer, or who added the waitlist entry).
    pub holder: &'a str,
    pub recipient: &'a str,
    /// What the consent covers; `None` where the service needs no consent (every element).
    pub covered: Option<&'a Elements>,
    pub client_reference: &'a str,
    pub referral_id: Option<&'a str>,
    pub waitlist_entry_id: Option<&'a str>,
    pub consent_id: Option<&'a str>,
}

/// The details as `showing.recipient` may have them, and what that discloses (nothing to
/// the holder itself, or when no element is left).
fn narrow<T: ClientDetails>(
    details: T,
    showing: &Showing,
    channel: &'static str,
) -> (Released<T>, Option<NewDisclosure>) {
    if showing.recipient == showing.holder {
        return (Released(details), None);
    }
    let details = match showing.covered {
        Some(covered) => details.only(covered),
        None => details,
    };
    let disclosure = shown(showing, &details.present(), channel);
    (Released(details), disclosure)
}

/// What showing `elements` discloses: nothing to the holder, or when there are none. For
/// free-text parts shown beside released details (notes), whose ledger entry is this.
pub fn shown(
    showing: &Showing,
    elements: &Elements,
    channel: &'static str,
) -> Option<NewDisclosure> {
    (showing.recipient != showing.holder && !elements.is_empty()).then(|| NewDisclosure {
        discloser_id: showing.holder.to_string(),
        recipient_id: showing.recipient.to_string(),
        client_reference: showing.client_reference.to_string(),
        referral_id: showing.referral_id.map(str::to_string),
        waitlist_entry_id: showing.waitlist_entry_id.map(str::to_string),
        consent_id: showing.consent_id.map(str::to_string),
        channel,
        information: elements::describe(elements),
    })
}

impl NewDisclosure {
    /// Adds what another showing to the same recipient discloses, as one entry.
    pub fn merge(&mut self, other: NewDisclosure) {
        let mut all = elements::read_described(&self.information);
        all.extend(elements::read_described(&other.information));
        self.information = elements::describe(&all);
    }
}

/// Releases the details for an API answer, recording the disclosure now.
pub fn release<T: ClientDetails>(
    conn: &mut DbConnection,
    details: T,
    showing: &Showing,
) -> QueryResult<Released<T>> {
    let (released, disclosure) = narrow(details, showing, "api");
    if let Some(d) = disclosure {
        record(conn, &d)?;
    }
    Ok(released)
}

/// Releases the details for a webhook body; the record comes back to be written when the
/// receiver has answered (a sending that never arrived disclosed nothing).
pub fn release_on_delivery<T: ClientDetails>(
    details: T,
    showing: &Showing,
) -> (Released<T>, Option<NewDisclosure>) {
    narrow(details, showing, "webhook")
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
