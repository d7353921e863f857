//! Referrals, their receivers, history and notes in the store.

use std::collections::HashMap;

use diesel::prelude::*;
use waypoint_indexer::model::Keyword;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::{
    partner_organizations, partners, referral_receivers, referrals, service_at_locations,
    service_categories, services,
};
use waypoint_indexer::with_conn;

use super::transitions::Status;
use crate::auth::Role;

/// A referral row as stored.
#[derive(Debug, Clone, Queryable)]
pub struct ReferralRow {
    pub id: String,
    pub referrer_id: String,
    pub service_id: String,
    pub service_at_location_id: Option<String>,
    pub organization_id: String,
    pub consent_id: Option<String>,
    pub consent_required: bool,
    pub client_reference: String,
    pub client: String,
    pub reason: String,
    pub priority: String,
    pub appointment: Option<String>,
    pub status: String,
    pub business_status: Option<String>,
    pub status_reason_code: Option<String>,
    pub status_reason: Option<String>,
    pub outcome: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub received_at: Option<String>,
    pub closed_loop_at: Option<String>,
    pub reminders_sent: i32,
}

impl ReferralRow {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Requested)
    }
}

/// The service a referral goes to, with what decides consent and routing.
#[derive(Debug, Clone)]
pub struct ServiceTarget {
    pub service_id: String,
    pub service_at_location_id: Option<String>,
    pub organization_id: String,
    pub categories: Vec<String>,
}

/// Finds the service by service-at-location id or service id.
pub fn service_target(
    conn: &mut DbConnection,
    service_at_location_id: Option<&str>,
    service_id: Option<&str>,
) -> QueryResult<Option<ServiceTarget>> {
    let service_id = match service_at_location_id {
        Some(sal) => {
            let found: Option<String> = with_conn!(&mut *conn, |c| service_at_locations::table
                .find(sal)
                .select(service_at_locations::service_id)
                .first(c)
                .optional())?;
            match found {
                Some(s) if service_id.is_none_or(|given| given == s) => s,
                _ => return Ok(None),
            }
        }
        None => match service_id {
            Some(s) => s.to_string(),
            None => return Ok(None),
        },
    };
    let org: Option<String> = with_conn!(&mut *conn, |c| services::table
        .find(&service_id)
        .select(services::organization_id)
        .first(c)
        .optional())?;
    let Some(organization_id) = org else {
        return Ok(None);
    };
    let categories = with_conn!(&mut *conn, |c| service_categories::table
        .inner_join(services::table.on(services::key.eq(service_categories::service_key)))
        .filter(services::id.eq(&service_id))
        .select(service_categories::category)
        .load(c))?;
    Ok(Some(ServiceTarget {
        service_id,
        service_at_location_id: service_at_location_id.map(str::to_string),
        organization_id,
        categories,
    }))
}

/// The enabled provider partners linked to an organization.
pub fn providers_for(conn: &mut DbConnection, organization_id: &str) -> QueryResult<Vec<String>> {
    with_conn!(conn, |c| partner_organizations::table
        .inner_join(partners::table)
        .filter(partner_organizations::organization_id.eq(organization_id))
        .filter(partners::role.eq(Role::Provider.as_str()))
        .filter(partners::disabled_at.is_null())
        .select(partners::id)
        .order(partners::id)
        .load(c))
}

pub fn insert(conn: &mut DbConnection, row: &ReferralRow, receivers: &[String]) -> QueryResult<()> {
    with_conn!(&mut *conn, |c| diesel::insert_into(referrals::table)
        .values((
            referrals::id.eq(&row.id),
            referrals::referrer_id.eq(&row.referrer_id),
            referrals::service_id.eq(&row.service_id),
            referrals::service_at_location_id.eq(&row.service_at_location_id),
            referrals::organization_id.eq(&row.organization_id),
            referrals::consent_id.eq(&row.consent_id),
            referrals::consent_required.eq(row.consent_required),
            referrals::client_reference.eq(&row.client_reference),
            referrals::client.eq(&row.client),
            referrals::reason.eq(&row.reason),
            referrals::priority.eq(&row.priority),
            referrals::appointment.eq(&row.appointment),
            referrals::status.eq(&row.status),
            referrals::created_at.eq(&row.created_at),
            referrals::updated_at.eq(&row.updated_at),
            referrals::reminders_sent.eq(0),
        ))
        .execute(c))?;
    for partner in receivers {
        with_conn!(&mut *conn, |c| diesel::insert_into(
            referral_receivers::table
        )
        .values((
            referral_receivers::referral_id.eq(&row.id),
            referral_receivers::partner_id.eq(partner),
        ))
        .execute(c))?;
    }
    Ok(())
}

pub fn get(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ReferralRow>> {
    with_conn!(conn, |c| referrals::table.find(id).first(c).optional())
}

pub fn receivers(conn: &mut DbConnection, referral_id: &str) -> QueryResult<Vec<String>> {
    with_conn!(conn, |c| referral_receivers::table
        .filter(referral_receivers::referral_id.eq(referral_id))
        .select(referral_receivers::partner_id)
        .order(referral_receivers::partner_id)
        .load(c))
}

/// The names a page of referral summaries shows: services, organizations and partners by
/// id (a listing removed since keeps its id only).
#[derive(Debug, Default)]
pub struct Names {
    pub services: HashMap<String, String>,
    pub organizations: HashMap<String, String>,
    pub partners: HashMap<String, String>,
    /// Each referral's receiving partners.
    pub receivers: HashMap<String, Vec<String>>,
}

pub fn names_for(conn: &mut DbConnection, rows: &[ReferralRow]) -> QueryResult<Names> {
    use waypoint_indexer::store::schema::organizations;
    let ids = |f: fn(&ReferralRow) -> &String| -> Vec<String> {
        let mut v: Vec<String> = rows.iter().map(|r| f(r).clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    let referral_ids = ids(|r| &r.id);
    with_conn!(conn, |c| {
        let receivers: Vec<(String, String)> = referral_receivers::table
            .filter(referral_receivers::referral_id.eq_any(&referral_ids))
            .select((
                referral_receivers::referral_id,
                referral_receivers::partner_id,
            ))
            .order((
                referral_receivers::referral_id,
                referral_receivers::partner_id,
            ))
            .load(c)?;
        let mut partner_ids = ids(|r| &r.referrer_id);
        partner_ids.extend(receivers.iter().map(|(_, p)| p.clone()));
        let mut names = Names {
            services: services::table
                .filter(services::id.eq_any(ids(|r| &r.service_id)))
                .select((services::id, services::name))
                .load::<(String, String)>(c)?
                .into_iter()
                .collect(),
            organizations: organizations::table
                .filter(organizations::id.eq_any(ids(|r| &r.organization_id)))
                .select((organizations::id, organizations::name))
                .load::<(String, String)>(c)?
                .into_iter()
                .collect(),
            partners: partners::table
                .filter(partners::id.eq_any(&partner_ids))
                .select((partners::id, partners::name))
                .load::<(String, String)>(c)?
                .into_iter()
                .collect(),
            receivers: HashMap::new(),
        };
        for (referral, partner) in receivers {
            names.receivers.entry(referral).or_default().push(partner);
        }
        Ok(names)
    })
}

/// What a status change writes.
pub struct StatusUpdate<'a> {
    pub status: Status,
    pub business_status: Option<&'a str>,
    pub reason_code: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub outcome: Option<String>,
    pub closed_loop_at: Option<&'a str>,
    pub received_at: Option<&'a str>,
    pub at: &'a str,
}

/// Writes a status change, only if the status is still `from` (a concurrent change wins
/// and this one reports 0 rows).
pub fn update_status(
    conn: &mut DbConnection,
    id: &str,
    from: Status,
    u: &StatusUpdate,
) -> QueryResult<usize> {
    with_conn!(conn, |c| diesel::update(
        referrals::table
            .find(id)
            .filter(referrals::status.eq(from.as_str()))
    )
    .set((
        referrals::status.eq(u.status.as_str()),
        referrals::business_status.eq(u.business_status),
        referrals::status_reason_code.eq(u.reason_code),
        referrals::status_reason.eq(u.reason),
        referrals::updated_at.eq(u.at),
    ))
    .execute(c)
    .and_then(|n| {
        if let Some(outcome) = &u.outcome {
            diesel::update(referrals::table.find(id))
                .set(referrals::outcome.eq(outcome))
                .execute(c)?;
        }
        if let Some(closed) = u.closed_loop_at {
            diesel::update(referrals::table.find(id))
                .set(referrals::closed_loop_at.eq(closed))
                .execute(c)?;
        }
        if let Some(received) = u.received_at {
            diesel::update(
                referrals::table
                    .find(id)
                    .filter(referrals::received_at.is_null()),
            )
            .set(referrals::received_at.eq(received))
            .execute(c)?;
        }
        Ok(n)
    }))
}

/// The advisory lock every referral change takes on PostgreSQL ("wayp" "refs").
const CHANGE_LOCK: i64 = 0x7761_7970_7265_6673;

/// Makes referral changes commit in the order of their timestamps: call it in the change's
/// transaction before reading the clock. On PostgreSQL concurrent changes then wait for
/// each other (the lock is held until commit), so a reader paging by `created_at` or
/// polling `updated_since` never sees a change while an earlier-stamped one is still to
/// come. SQLite needs nothing: its changes run one at a time in the group-commit writer.
pub fn serialize_changes(conn: &mut DbConnection) -> QueryResult<()> {
    if let DbConnection::Postgres(c) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(CHANGE_LOCK)
            .execute(c)?;
    }
    Ok(())
}

/// Sets `received_at` once; true when this was the first read.
pub fn mark_received(conn: &mut DbConnection, id: &str, at: &str) -> QueryResult<bool> {
    let n = with_conn!(conn, |c| diesel::update(
        referrals::table
            .find(id)
            .filter(referrals::received_at.is_null())
    )
    .set(referrals::received_at.eq(at))
    .execute(c))?;
    Ok(n > 0)
}

pub fn touch(conn: &mut DbConnection, id: &str, at: &str) -> QueryResult<()> {
    with_conn!(conn, |c| diesel::update(referrals::table.find(id))
        .set(referrals::updated_at.eq(at))
        .execute(c))?;
    Ok(())
}

/// Counts one more reminder, only if none was counted since `sent` was read (so two
/// instances never send the same reminder); true when this call counted it.
pub fn count_reminder(conn: &mut DbConnection, id: &str, sent: i32) -> QueryResult<bool> {
    let n = with_conn!(conn, |c| diesel::update(
        referrals::table
            .find(id)
            .filter(referrals::reminders_sent.eq(sent))
    )
    .set(referrals::reminders_sent.eq(sent + 1))
    .execute(c))?;
    Ok(n == 1)
}

/// Which referrals a list asks for.
pub struct ListFilter<'a> {
    /// The caller: referrals it sent (referrer) or receives (provider).
    pub partner_id: &'a str,
    pub as_receiver: bool,
    pub status: Option<Status>,
    /// The referrer's own reference for the client (referrers only: see `actions::list`).
    pub client_reference: Option<&'a str>,
    pub service_id: Option<&'a str>,
    pub updated_since: Option<&'a str>,
    /// Strictly after this `(created_at, id)`.
    pub after: Option<(&'a str, &'a str)>,
    pub limit: i64,
}

/// One page in `(created_at, id)` order: a new referral lands at the end, and an update
/// moves nothing, so paging while writes go on neither skips nor repeats.
pub fn list(conn: &mut DbConnection, f: &ListFilter) -> QueryResult<Vec<ReferralRow>> {
    with_conn!(conn, |c| {
        let mut q = referrals::table.into_boxed();
        if f.as_receiver {
            q = q.filter(
                referrals::id.eq_any(
                    referral_receivers::table
                        .filter(referral_receivers::partner_id.eq(f.partner_id))
                        .select(referral_receivers::referral_id),
                ),
            );
        } else {
            q = q.filter(referrals::referrer_id.eq(f.partner_id));
        }
        if let Some(s) = f.status {
            q = q.filter(referrals::status.eq(s.as_str()));
        }
        if let Some(client) = f.client_reference {
            q = q.filter(referrals::client_reference.eq(client));
        }
        if let Some(service) = f.service_id {
            q = q.filter(referrals::service_id.eq(service));
        }
        if let Some(since) = f.updated_since {
            q = q.filter(referrals::updated_at.ge(since));
        }
        if let Some((created, id)) = f.after {
            q = q.filter(
                referrals::created_at
                    .gt(created)
                    .or(referrals::created_at.eq(created).and(referrals::id.gt(id))),
            );
        }
        q.order((referrals::created_at, referrals::id))
            .limit(f.limit)
            .load(c)
    })
}

/// Referrals still waiting for the receiver, created before `created_before`, for reminders
/// and expiry; with `fewer_reminders_than`, only those with reminders still to send.
pub fn awaiting_receiver(
    conn: &mut DbConnection,
    created_before: &str,
    fewer_reminders_than: Option<i32>,
    limit: i64,
) -> QueryResult<Vec<ReferralRow>> {
    with_conn!(conn, |c| {
        let mut q = referrals::table
            .filter(referrals::status.eq(Status::Requested.as_str()))
            .filter(referrals::created_at.le(created_before))
            .into_boxed();
        if let Some(n) = fewer_reminders_than {
            q = q.filter(referrals::reminders_sent.lt(n));
        }
        q.order(referrals::created_at).limit(limit).load(c)
    })
}
