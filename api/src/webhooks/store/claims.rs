//! The deliverer's side: claiming due deliveries with a lease, and recording each attempt
//! and what follows from it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use waypoint_indexer::model::Keyword;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::{
    outbox_events as oe, partners, webhook_attempts as wa, webhook_deliveries as wd,
    webhook_endpoints as we,
};
use waypoint_indexer::with_conn;

use crate::clock;
use crate::disclosures::{self, NewDisclosure};
use crate::metrics::scrape::WebhookQueue;
use crate::webhooks::model::DeliveryStatus;

/// A delivery a deliverer now holds, with what it needs to send it.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub delivery_id: String,
    pub lease_token: String,
    /// Attempts made before this one.
    pub attempts_made: i32,
    pub endpoint_id: String,
    /// The partner that owns the endpoint: the event's recipient.
    pub partner_id: String,
    /// The endpoint asked for client details where consent allows.
    pub detail: bool,
    pub url: String,
    /// The current secret, then the previous one while its grace period lasts.
    pub secrets: Vec<String>,
    pub event_id: String,
    pub event_type: String,
    pub event_created_at: String,
    /// What the event is about (a referral, a waitlist entry, …).
    pub subject_id: Option<String>,
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
    // in between is left alone (SQLite has no SKIP LOCKED; the API's writes go through its
    // one writer, and another instance's wait on the database lock).
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
    // An idle poll changes nothing, so its commit writes nothing to disk.
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
        (String, i32),
        (String, String, bool, String),
        (String, Option<String>, Option<String>),
        (String, String, String, Option<String>, String),
    );
    let rows: Vec<ClaimRow> = with_conn!(conn, |c| wd::table
        .inner_join(we::table)
        .inner_join(oe::table.on(oe::id.eq(wd::event_id)))
        .filter(wd::lease_token.eq(&token))
        .select((
            (wd::id, wd::attempts),
            (we::id, we::partner_id, we::detail, we::url),
            (
                we::secret,
                we::previous_secret,
                we::previous_secret_expires_at
            ),
            (
                oe::id,
                oe::event_type,
                oe::created_at,
                oe::subject_id,
                oe::payload,
            ),
        ))
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|(delivery, endpoint, keys, event)| {
            let (secret, previous, previous_expires) = keys;
            let mut secrets = vec![secret];
            if let (Some(previous), Some(expires)) = (previous, previous_expires)
                && expires > now_text
            {
                secrets.push(previous);
            }
            Claimed {
                delivery_id: delivery.0,
                lease_token: token.clone(),
                attempts_made: delivery.1,
                endpoint_id: endpoint.0,
                partner_id: endpoint.1,
                detail: endpoint.2,
                url: endpoint.3,
                secrets,
                event_id: event.0,
                event_type: event.1,
                event_created_at: event.2,
                subject_id: event.3,
                payload: event.4,
            }
        })
        .collect())
}

/// Extends the lease of the deliveries claimed under `token` that are still being sent
/// (a recorded attempt has released its lease). Returns how many were extended.
pub fn renew_lease(
    conn: &mut DbConnection,
    token: &str,
    now: DateTime<Utc>,
    lease: Duration,
) -> QueryResult<usize> {
    let until = clock::format(now + chrono::Duration::from_std(lease).unwrap_or_default());
    with_conn!(conn, |c| diesel::update(
        wd::table
            .filter(wd::lease_token.eq(token))
            .filter(wd::status.eq(DeliveryStatus::Pending.as_str()))
    )
    .set(wd::leased_until.eq(Some(&until)))
    .execute(c))
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

/// Records any disclosure the attempt's body made, then the attempt and its consequence,
/// and releases the lease. False (no attempt written) when the lease was lost (expired and
/// claimed again) or the endpoint was deleted.
pub fn record_attempt(
    conn: &mut DbConnection,
    claimed: &Claimed,
    attempt: &AttemptRecord,
    after: &After,
    disclosure: Option<&NewDisclosure>,
) -> QueryResult<bool> {
    conn.in_transaction(|conn| {
        // What was sent was disclosed, even if the lease was lost meanwhile.
        if let Some(d) = disclosure {
            disclosures::record(conn, d)?;
        }
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

/// The deliveries still to send, for operators, read with the due-delivery index.
pub fn queue(conn: &mut DbConnection, now: DateTime<Utc>) -> QueryResult<WebhookQueue> {
    let now = clock::format(now);
    let pending = DeliveryStatus::Pending.as_str();
    with_conn!(&mut *conn, |c| {
        let total: i64 = wd::table
            .filter(wd::status.eq(pending))
            .count()
            .get_result(c)?;
        let due = wd::table
            .filter(wd::status.eq(pending))
            .filter(wd::next_attempt_at.le(&now));
        let due_count: i64 = due.count().get_result(c)?;
        let oldest_due: Option<String> =
            due.select(diesel::dsl::min(wd::next_attempt_at)).first(c)?;
        Ok(WebhookQueue {
            pending: total,
            due: due_count,
            oldest_due,
        })
    })
}
