//! Webhook endpoints, deliveries and attempts in the store. Deliveries are created in the
//! transaction that enqueues their event; a deliverer claims due ones with a lease (and
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL), so two instances never send the same one at
//! once, and one that stops mid-way leaves them to be claimed again when the lease ends.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::with_conn;

use super::model::{Attempt, Delivery, DeliveryStatus, Endpoint, NewEndpoint};
use super::schema::{webhook_attempts as wa, webhook_deliveries as wd, webhook_endpoints as we};
use crate::clock;
use crate::schema::outbox_events as oe;
use crate::schema::partners;

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

/// One pending delivery per enabled endpoint of the partner subscribed to the event's
/// type. Runs inside the enqueueing transaction, so endpoints created later never see it.
pub fn fan_out(
    conn: &mut DbConnection,
    event_id: &str,
    partner_id: &str,
    event_type: &str,
) -> QueryResult<usize> {
    let endpoints: Vec<(String, String)> = with_conn!(&mut *conn, |c| we::table
        .filter(we::partner_id.eq(partner_id))
        .filter(we::disabled_at.is_null())
        .select((we::id, we::event_types))
        .load(c))?;
    let now = clock::now();
    let mut created = 0;
    for (endpoint_id, types) in endpoints {
        if !types.split_whitespace().any(|t| t == event_type) {
            continue;
        }
        created += with_conn!(&mut *conn, |c| diesel::insert_into(wd::table)
            .values((
                wd::id.eq(uuid::Uuid::new_v4().to_string()),
                wd::endpoint_id.eq(&endpoint_id),
                wd::event_id.eq(event_id),
                wd::status.eq(DeliveryStatus::Pending.as_str()),
                wd::attempts.eq(0),
                wd::next_attempt_at.eq(Some(&now)),
                wd::created_at.eq(&now),
                wd::updated_at.eq(&now),
            ))
            .execute(c))?;
    }
    Ok(created)
}

type DeliveryRow = (String, String, String, String, i32, Option<String>, String);

/// The endpoint's deliveries, newest first, each with its attempts in order.
pub fn deliveries(
    conn: &mut DbConnection,
    endpoint_id: &str,
    only: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<Delivery>> {
    let rows: Vec<DeliveryRow> = with_conn!(&mut *conn, |c| {
        let mut query = wd::table
            .inner_join(oe::table.on(oe::id.eq(wd::event_id)))
            .filter(wd::endpoint_id.eq(endpoint_id))
            .into_boxed();
        if let Some(id) = only {
            query = query.filter(wd::id.eq(id));
        }
        query
            .order((wd::created_at.desc(), wd::id.desc()))
            .limit(limit)
            .select((
                wd::id,
                wd::event_id,
                oe::event_type,
                wd::status,
                wd::attempts,
                wd::next_attempt_at,
                wd::created_at,
            ))
            .load(c)
    })?;
    let ids: Vec<&String> = rows.iter().map(|r| &r.0).collect();
    type AttemptRow = (String, String, Option<i32>, Option<String>, i64);
    let attempts: Vec<AttemptRow> = with_conn!(&mut *conn, |c| wa::table
        .filter(wa::delivery_id.eq_any(&ids))
        .order((wa::attempted_at, wa::id))
        .select((
            wa::delivery_id,
            wa::attempted_at,
            wa::status_code,
            wa::error,
            wa::duration_ms,
        ))
        .load(c))?;
    rows.into_iter()
        .map(
            |(id, event_id, event_type, status, count, next, created_at)| {
                let status = DeliveryStatus::parse(&status).ok_or_else(|| {
                    diesel::result::Error::DeserializationError(
                        format!("unknown delivery status {status:?}").into(),
                    )
                })?;
                Ok(Delivery {
                    attempts: attempts
                        .iter()
                        .filter(|a| a.0 == id)
                        .map(|a| Attempt {
                            attempted_at: a.1.clone(),
                            status_code: a.2,
                            error: a.3.clone(),
                            duration_ms: a.4,
                        })
                        .collect(),
                    next_attempt_at: next.filter(|_| status == DeliveryStatus::Pending),
                    id,
                    event_id,
                    event_type,
                    status,
                    attempt_count: count,
                    created_at,
                })
            },
        )
        .collect()
}

/// Why a manual retry was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryRefused {
    NotFound,
    EndpointDisabled,
    /// A deliverer is sending it right now.
    InFlight,
}

/// Makes the delivery due now (again, if it succeeded or failed): one more attempt, same
/// event id.
pub fn retry_now(
    conn: &mut DbConnection,
    partner_id: &str,
    endpoint_id: &str,
    delivery_id: &str,
) -> QueryResult<Result<Delivery, RetryRefused>> {
    conn.in_transaction(|conn| {
        let Some(endpoint) = get(conn, partner_id, endpoint_id)? else {
            return Ok(Err(RetryRefused::NotFound));
        };
        if endpoint.disabled_at.is_some() {
            return Ok(Err(RetryRefused::EndpointDisabled));
        }
        let now = clock::now();
        let updated = with_conn!(&mut *conn, |c| diesel::update(
            wd::table
                .filter(wd::id.eq(delivery_id))
                .filter(wd::endpoint_id.eq(endpoint_id))
                .filter(wd::leased_until.is_null().or(wd::leased_until.lt(&now)))
        )
        .set((
            wd::status.eq(DeliveryStatus::Pending.as_str()),
            wd::next_attempt_at.eq(Some(&now)),
            wd::updated_at.eq(&now),
        ))
        .execute(c))?;
        let found = deliveries(conn, endpoint_id, Some(delivery_id), 1)?.pop();
        Ok(match (updated, found) {
            (_, None) => Err(RetryRefused::NotFound),
            (0, Some(_)) => Err(RetryRefused::InFlight),
            (_, Some(delivery)) => Ok(delivery),
        })
    })
}

/// A delivery a deliverer now holds, with what it needs to send it.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub delivery_id: String,
    pub lease_token: String,
    /// Attempts made before this one.
    pub attempts_made: i32,
    pub endpoint_id: String,
    pub url: String,
    /// The current secret, then the previous one while its grace period lasts.
    pub secrets: Vec<String>,
    pub event_id: String,
    pub event_type: String,
    pub event_created_at: String,
    pub payload: String,
}

/// Claims up to `limit` due deliveries of enabled endpoints of enabled partners for
/// `lease`.
pub fn claim_due(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    lease: Duration,
    limit: i64,
) -> QueryResult<Vec<Claimed>> {
    let now_text = clock::format(now);
    let until = clock::format(now + chrono::Duration::from_std(lease).unwrap_or_default());
    let token = uuid::Uuid::new_v4().to_string();
    // The same conditions select and guard the update, so a row claimed by someone else
    // in between is left alone (SQLite has no SKIP LOCKED; its writes are serialised).
    macro_rules! due {
        () => {
            wd::table
                .filter(wd::status.eq(DeliveryStatus::Pending.as_str()))
                .filter(wd::next_attempt_at.le(&now_text))
                .filter(
                    wd::leased_until
                        .is_null()
                        .or(wd::leased_until.lt(&now_text)),
                )
                .filter(
                    wd::endpoint_id.eq_any(
                        we::table
                            .filter(we::disabled_at.is_null())
                            .filter(
                                we::partner_id.eq_any(
                                    partners::table
                                        .filter(partners::disabled_at.is_null())
                                        .select(partners::id),
                                ),
                            )
                            .select(we::id),
                    ),
                )
        };
    }
    macro_rules! lease {
        ($c:expr, $ids:expr) => {
            diesel::update(due!().filter(wd::id.eq_any($ids)))
                .set((
                    wd::lease_token.eq(Some(&token)),
                    wd::leased_until.eq(Some(&until)),
                ))
                .execute($c)
        };
    }
    // An idle poll writes nothing (on SQLite a write would take the database lock).
    let leased = match conn {
        DbConnection::Postgres(c) => c.transaction(|c| {
            let ids: Vec<String> = due!()
                .order(wd::next_attempt_at)
                .select(wd::id)
                .limit(limit)
                .for_update()
                .skip_locked()
                .load(c)?;
            if ids.is_empty() {
                Ok(0)
            } else {
                lease!(c, &ids)
            }
        })?,
        DbConnection::Sqlite(c) => {
            let ids: Vec<String> = due!()
                .order(wd::next_attempt_at)
                .select(wd::id)
                .limit(limit)
                .load(c)?;
            if ids.is_empty() { 0 } else { lease!(c, &ids)? }
        }
    };
    if leased == 0 {
        return Ok(Vec::new());
    }
    type ClaimRow = (
        String,
        i32,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        String,
        String,
        String,
    );
    let rows: Vec<ClaimRow> = with_conn!(conn, |c| wd::table
        .inner_join(we::table)
        .inner_join(oe::table.on(oe::id.eq(wd::event_id)))
        .filter(wd::lease_token.eq(&token))
        .select((
            wd::id,
            wd::attempts,
            we::id,
            we::url,
            we::secret,
            we::previous_secret,
            we::previous_secret_expires_at,
            oe::id,
            oe::event_type,
            oe::created_at,
            oe::payload,
        ))
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut secrets = vec![r.4];
            if let (Some(previous), Some(expires)) = (r.5, r.6)
                && expires > now_text
            {
                secrets.push(previous);
            }
            Claimed {
                delivery_id: r.0,
                lease_token: token.clone(),
                attempts_made: r.1,
                endpoint_id: r.2,
                url: r.3,
                secrets,
                event_id: r.7,
                event_type: r.8,
                event_created_at: r.9,
                payload: r.10,
            }
        })
        .collect())
}

/// One attempt, as recorded.
#[derive(Debug, Clone)]
pub struct AttemptRecord {
    pub attempted_at: String,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// What becomes of the delivery after an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    Succeeded,
    RetryAt(String),
    Failed,
    /// Failed, and the endpoint is disabled (the receiver answered 410).
    Gone,
}

/// Records an attempt and its consequence and releases the lease. False (nothing written)
/// when the lease was lost (expired and claimed again) or the endpoint was deleted.
pub fn record_attempt(
    conn: &mut DbConnection,
    claimed: &Claimed,
    attempt: &AttemptRecord,
    after: &After,
) -> QueryResult<bool> {
    conn.in_transaction(|conn| {
        let now = clock::now();
        let (status, next) = match after {
            After::Succeeded => (DeliveryStatus::Succeeded, None),
            After::RetryAt(at) => (DeliveryStatus::Pending, Some(at.clone())),
            After::Failed | After::Gone => (DeliveryStatus::Failed, None),
        };
        let updated = with_conn!(&mut *conn, |c| diesel::update(
            wd::table
                .filter(wd::id.eq(&claimed.delivery_id))
                .filter(wd::lease_token.eq(&claimed.lease_token))
        )
        .set((
            wd::status.eq(status.as_str()),
            wd::attempts.eq(wd::attempts + 1),
            wd::next_attempt_at.eq(next),
            wd::lease_token.eq(None::<String>),
            wd::leased_until.eq(None::<String>),
            wd::updated_at.eq(&now),
        ))
        .execute(c))?;
        if updated == 0 {
            return Ok(false);
        }
        with_conn!(&mut *conn, |c| diesel::insert_into(wa::table)
            .values((
                wa::id.eq(uuid::Uuid::new_v4().to_string()),
                wa::delivery_id.eq(&claimed.delivery_id),
                wa::attempted_at.eq(&attempt.attempted_at),
                wa::status_code.eq(attempt.status_code),
                wa::error.eq(&attempt.error),
                wa::duration_ms.eq(attempt.duration_ms),
            ))
            .execute(c))?;
        if *after == After::Gone {
            with_conn!(&mut *conn, |c| diesel::update(
                we::table
                    .find(&claimed.endpoint_id)
                    .filter(we::disabled_at.is_null())
            )
            .set((
                we::disabled_at.eq(Some(&now)),
                we::disabled_reason.eq(Some("the receiver answered 410 Gone")),
            ))
            .execute(c))?;
        }
        Ok(true)
    })
}
