//! Deliveries as partners see them: one per (event, endpoint), created with the event;
//! listed with every attempt, and made due again on request.

use diesel::prelude::*;
use waypoint_indexer::model::Keyword;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::{
    outbox_events as oe, webhook_attempts as wa, webhook_deliveries as wd, webhook_endpoints as we,
};
use waypoint_indexer::with_conn;

use super::get;
use crate::clock;
use crate::webhooks::model::{Attempt, Delivery, DeliveryStatus};

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
