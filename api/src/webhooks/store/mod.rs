//! Webhook endpoints, deliveries and attempts in the store. Deliveries are created in the
//! transaction that enqueues their event; a deliverer claims due ones with a lease (and
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL), so two instances never send the same one at
//! once, and one that stops mid-way leaves them to be claimed again when the lease ends.

mod claims;
mod deliveries;

pub use claims::{After, AttemptRecord, Claimed, claim_due, queue, record_attempt, renew_lease};
pub use deliveries::{RetryRefused, deliveries, fan_out, retry_now};

use diesel::prelude::*;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::{
    webhook_attempts as wa, webhook_deliveries as wd, webhook_endpoints as we,
};
use waypoint_indexer::with_conn;

use super::model::{Endpoint, NewEndpoint};
use crate::clock;
use waypoint_indexer::store::schema::partners;

type EndpointRow = (
    String,
    String,
    String,
    bool,
    String,
    Option<String>,
    Option<String>,
);
type EndpointColumns = (
    we::id,
    we::url,
    we::event_types,
    we::detail,
    we::created_at,
    we::disabled_at,
    we::disabled_reason,
);
const ENDPOINT: EndpointColumns = (
    we::id,
    we::url,
    we::event_types,
    we::detail,
    we::created_at,
    we::disabled_at,
    we::disabled_reason,
);

fn endpoint_from(row: EndpointRow) -> Endpoint {
    let (id, url, event_types, detail, created_at, disabled_at, disabled_reason) = row;
    Endpoint {
        id,
        url,
        event_types: event_types.split_whitespace().map(String::from).collect(),
        detail,
        created_at,
        disabled_at,
        disabled_reason,
    }
}

pub fn create(
    conn: &mut DbConnection,
    partner_id: &str,
    new: &NewEndpoint,
    secret: &str,
) -> QueryResult<Endpoint> {
    let id = uuid::Uuid::new_v4().to_string();
    with_conn!(&mut *conn, |c| diesel::insert_into(we::table)
        .values((
            we::id.eq(&id),
            we::partner_id.eq(partner_id),
            we::url.eq(&new.url),
            we::event_types.eq(new.event_types.join(" ")),
            we::detail.eq(new.detail),
            we::secret.eq(secret),
            we::created_at.eq(clock::now()),
        ))
        .execute(c))?;
    get(conn, partner_id, &id)?.ok_or(diesel::result::Error::NotFound)
}

/// Holds the partner's endpoints still until the transaction ends, so a count taken now
/// stays true for an insert in the same transaction: on PostgreSQL the partner's row is
/// locked (`FOR UPDATE`), so a second transaction adding one waits for the first to end;
/// SQLite serialises every write already.
pub fn lock_endpoints_of(conn: &mut DbConnection, partner_id: &str) -> QueryResult<()> {
    if let DbConnection::Postgres(c) = conn {
        partners::table
            .find(partner_id)
            .select(partners::id)
            .for_update()
            .first::<String>(c)
            .optional()?;
    }
    Ok(())
}

/// How many endpoints the partner has.
pub fn count(conn: &mut DbConnection, partner_id: &str) -> QueryResult<usize> {
    let n: i64 = with_conn!(conn, |c| we::table
        .filter(we::partner_id.eq(partner_id))
        .count()
        .get_result(c))?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// The partner's endpoint: another partner's is as good as absent.
pub fn get(conn: &mut DbConnection, partner_id: &str, id: &str) -> QueryResult<Option<Endpoint>> {
    let row: Option<EndpointRow> = with_conn!(conn, |c| we::table
        .filter(we::id.eq(id))
        .filter(we::partner_id.eq(partner_id))
        .select(ENDPOINT)
        .first(c)
        .optional())?;
    Ok(row.map(endpoint_from))
}

pub fn list(conn: &mut DbConnection, partner_id: &str) -> QueryResult<Vec<Endpoint>> {
    let rows: Vec<EndpointRow> = with_conn!(conn, |c| we::table
        .filter(we::partner_id.eq(partner_id))
        .order((we::created_at, we::id))
        .select(ENDPOINT)
        .load(c))?;
    Ok(rows.into_iter().map(endpoint_from).collect())
}

/// Deletes the endpoint with its deliveries and their attempts; false when it is not the
/// partner's.
pub fn delete(conn: &mut DbConnection, partner_id: &str, id: &str) -> QueryResult<bool> {
    conn.in_transaction(|conn| {
        if get(conn, partner_id, id)?.is_none() {
            return Ok(false);
        }
        with_conn!(conn, |c| {
            let deliveries = wd::table.filter(wd::endpoint_id.eq(id)).select(wd::id);
            diesel::delete(wa::table.filter(wa::delivery_id.eq_any(deliveries))).execute(c)?;
            diesel::delete(wd::table.filter(wd::endpoint_id.eq(id))).execute(c)?;
            diesel::delete(we::table.filter(we::id.eq(id))).execute(c)
        })?;
        Ok(true)
    })
}

/// Replaces the secret; the old one keeps signing until `grace_until`.
pub fn rotate_secret(
    conn: &mut DbConnection,
    partner_id: &str,
    id: &str,
    new_secret: &str,
    grace_until: &str,
) -> QueryResult<Option<Endpoint>> {
    conn.in_transaction(|conn| {
        let old: Option<String> = with_conn!(&mut *conn, |c| we::table
            .filter(we::id.eq(id))
            .filter(we::partner_id.eq(partner_id))
            .select(we::secret)
            .first(c)
            .optional())?;
        let Some(old) = old else { return Ok(None) };
        with_conn!(&mut *conn, |c| diesel::update(we::table.find(id))
            .set((
                we::secret.eq(new_secret),
                we::previous_secret.eq(Some(old)),
                we::previous_secret_expires_at.eq(Some(grace_until)),
            ))
            .execute(c))?;
        get(conn, partner_id, id)
    })
}
