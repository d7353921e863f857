//! Capacity in the store: the current report per service and the history of every change
//! (reports, and admissions taking a unit) with who made it; a change and its threshold
//! event are written in one transaction.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use waypoint_indexer::model::Keyword;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::{
    capacity_current, capacity_history, partner_organizations, partners, services,
};
use waypoint_indexer::with_conn;

use super::{
    Capacity, CapacityChange, CapacityStatus, CapacityUnit, ChangeKind, ChangedBy, LastReport,
    ValidReport,
};
use crate::auth::Role;
use crate::clock;
use crate::events::{self, payloads};

/// A service's current capacity as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCapacity {
    pub service_id: String,
    pub status: CapacityStatus,
    pub capacities: Vec<CapacityUnit>,
    pub notes: Option<String>,
    pub updated_at: String,
    pub updated_by: String,
    pub near_full: bool,
}

impl StoredCapacity {
    /// The capacity as answered at `now`, with reports older than `stale_after` marked.
    pub fn view(&self, now: DateTime<Utc>, stale_after: Duration) -> Capacity {
        let stale = clock::parse(&self.updated_at)
            .is_none_or(|updated| super::is_stale(updated, now, stale_after));
        Capacity {
            service_id: self.service_id.clone(),
            status: self.status,
            capacities: self.capacities.clone(),
            notes: self.notes.clone(),
            updated: self.updated_at.clone(),
            stale,
            has_capacity: super::has_capacity(self.status, &self.capacities, stale),
        }
    }

    /// The report as the rules read it.
    pub fn last_report(&self) -> LastReport<'_> {
        LastReport {
            status: self.status,
            units: &self.capacities,
            reported_at: &self.updated_at,
        }
    }
}

/// One row of a service's capacity history.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredChange {
    /// The capacity after the change; `updated_at` is when the change was made.
    pub capacity: StoredCapacity,
    pub kind: ChangeKind,
    pub changed_by: ChangedBy,
}

impl StoredChange {
    /// The row as answered at `now`.
    pub fn view(&self, now: DateTime<Utc>, stale_after: Duration) -> CapacityChange {
        CapacityChange {
            capacity: self.capacity.view(now, stale_after),
            kind: self.kind,
            changed_by: self.changed_by.clone(),
        }
    }
}

type Row = (String, String, String, Option<String>, String, String, bool);

fn from_row(row: Row) -> QueryResult<StoredCapacity> {
    let (service_id, status, capacities, notes, updated_at, updated_by, near_full) = row;
    let corrupt = |what: String| diesel::result::Error::DeserializationError(what.into());
    Ok(StoredCapacity {
        status: CapacityStatus::parse(&status)
            .ok_or_else(|| corrupt(format!("unknown capacity status {status:?}")))?,
        capacities: serde_json::from_str(&capacities)
            .map_err(|e| corrupt(format!("capacities of {service_id}: {e}")))?,
        service_id,
        notes,
        updated_at,
        updated_by,
        near_full,
    })
}

/// The organization that runs a listed service, or `None` when no such service is listed.
pub fn service_organization(
    conn: &mut DbConnection,
    service_id: &str,
) -> QueryResult<Option<String>> {
    with_conn!(conn, |c| services::table
        .find(service_id)
        .select(services::organization_id)
        .first(c)
        .optional())
}

/// A listed service's name, or `None` when no such service is listed.
pub fn service_name(conn: &mut DbConnection, service_id: &str) -> QueryResult<Option<String>> {
    with_conn!(conn, |c| services::table
        .find(service_id)
        .select(services::name)
        .first(c)
        .optional())
}

/// The services run by these organizations.
pub fn services_of(
    conn: &mut DbConnection,
    organization_ids: &[String],
) -> QueryResult<Vec<String>> {
    with_conn!(conn, |c| services::table
        .filter(services::organization_id.eq_any(organization_ids))
        .select(services::id)
        .load(c))
}

/// The current capacity of one service.
pub fn current(conn: &mut DbConnection, service_id: &str) -> QueryResult<Option<StoredCapacity>> {
    let row: Option<Row> = with_conn!(conn, |c| capacity_current::table
        .find(service_id)
        .first(c)
        .optional())?;
    row.map(from_row).transpose()
}

/// The current capacity of one service, its row locked until the transaction ends on
/// PostgreSQL (on SQLite the one writer already keeps writes apart), so two admissions
/// never both take the last unit. Call it inside a transaction.
pub fn current_locked(
    conn: &mut DbConnection,
    service_id: &str,
) -> QueryResult<Option<StoredCapacity>> {
    let row: Option<Row> = match conn {
        DbConnection::Postgres(c) => capacity_current::table
            .find(service_id)
            .for_update()
            .first(c)
            .optional()?,
        DbConnection::Sqlite(c) => capacity_current::table
            .find(service_id)
            .first(c)
            .optional()?,
    };
    row.map(from_row).transpose()
}

/// The current capacity of several services (search results, HSDS pages), by service id.
pub fn current_of(
    conn: &mut DbConnection,
    service_ids: &[String],
) -> QueryResult<HashMap<String, StoredCapacity>> {
    let mut found = HashMap::new();
    for chunk in service_ids.chunks(500) {
        let rows: Vec<Row> = with_conn!(&mut *conn, |c| capacity_current::table
            .filter(capacity_current::service_id.eq_any(chunk))
            .load(c))?;
        for row in rows {
            let stored = from_row(row)?;
            found.insert(stored.service_id.clone(), stored);
        }
    }
    Ok(found)
}

/// The services whose fresh report has room now (the `has_capacity` search filter).
pub fn with_room(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    stale_after: Duration,
) -> QueryResult<Vec<String>> {
    let fresh_since = clock::format(now - stale_after);
    let rows: Vec<Row> = with_conn!(conn, |c| capacity_current::table
        .filter(capacity_current::updated_at.ge(fresh_since))
        .filter(capacity_current::status.ne(CapacityStatus::NoCapacity.as_str()))
        .load(c))?;
    let mut ids = Vec::new();
    for row in rows {
        let stored = from_row(row)?;
        if stored.view(now, stale_after).has_capacity {
            ids.push(stored.service_id);
        }
    }
    Ok(ids)
}

/// Every change of a service's capacity, newest first, at most `limit`.
pub fn history(
    conn: &mut DbConnection,
    service_id: &str,
    limit: i64,
) -> QueryResult<Vec<StoredChange>> {
    type HistoryRow = (
        String,
        String,
        String,
        Option<String>,
        String,
        String,
        Option<String>,
        String,
    );
    let rows: Vec<HistoryRow> = with_conn!(conn, |c| capacity_history::table
        .filter(capacity_history::service_id.eq(service_id))
        .select((
            capacity_history::service_id,
            capacity_history::status,
            capacity_history::capacities,
            capacity_history::notes,
            capacity_history::updated_at,
            capacity_history::updated_by,
            capacity_history::updated_by_role,
            capacity_history::kind,
        ))
        .order((
            capacity_history::updated_at.desc(),
            capacity_history::id.desc()
        ))
        .limit(limit)
        .load(c))?;
    rows.into_iter()
        .map(|(a, b, c, d, e, f, role, kind)| {
            let mut capacity = from_row((a, b, c, d, e, f, false))?;
            capacity.near_full = super::near_full(&capacity.capacities);
            let corrupt = |what: String| diesel::result::Error::DeserializationError(what.into());
            Ok(StoredChange {
                kind: ChangeKind::parse(&kind)
                    .ok_or_else(|| corrupt(format!("unknown capacity change {kind:?}")))?,
                changed_by: ChangedBy {
                    partner_id: capacity.updated_by.clone(),
                    role: role.as_deref().and_then(Role::parse),
                },
                capacity,
            })
        })
        .collect()
}

/// Stores a report as the service's current capacity and in its history, naming who
/// reported (a provider of the program, a coordinator on its behalf, or an admin), and
/// sends `capacity.threshold` when it crosses into 90 % full. One transaction.
pub fn report(
    conn: &mut DbConnection,
    service_id: &str,
    organization_id: &str,
    report: &ValidReport,
    by: &ChangedBy,
) -> QueryResult<StoredCapacity> {
    conn.in_transaction(|conn| {
        let was_near_full = current_locked(conn, service_id)?.is_some_and(|c| c.near_full);
        let stored = StoredCapacity {
            service_id: service_id.to_string(),
            status: report.status,
            capacities: report.capacities.clone(),
            notes: report.notes.clone(),
            updated_at: clock::now(),
            updated_by: by.partner_id.clone(),
            near_full: super::near_full(&report.capacities),
        };
        let at = stored.updated_at.clone();
        save(
            conn,
            organization_id,
            was_near_full,
            &stored,
            ChangeKind::Report,
            by,
            &at,
        )?;
        Ok(stored)
    })
}

/// Takes one unit (`units[index]`, which must have one free) off the current capacity for
/// an admission. The counts change; the report's time and reporter do not: an admission
/// says nothing of the other units, so it never makes a report look fresher than it is.
/// The history records an `admission` change by whoever admitted. Call it in the
/// admission's transaction, with `current` read by [`current_locked`].
pub fn take_unit(
    conn: &mut DbConnection,
    organization_id: &str,
    current: &StoredCapacity,
    index: usize,
    by: &ChangedBy,
) -> QueryResult<StoredCapacity> {
    let mut stored = current.clone();
    stored.capacities[index].available -= 1;
    stored.near_full = super::near_full(&stored.capacities);
    save(
        conn,
        organization_id,
        current.near_full,
        &stored,
        ChangeKind::Admission,
        by,
        &clock::now(),
    )?;
    Ok(stored)
}

/// Writes `stored` as the current capacity and a history row of `kind` by `by` at `at`,
/// and sends `capacity.threshold` to the program's providers and every coordinator when
/// the change crosses into 90 % full.
fn save(
    conn: &mut DbConnection,
    organization_id: &str,
    was_near_full: bool,
    stored: &StoredCapacity,
    kind: ChangeKind,
    by: &ChangedBy,
    at: &str,
) -> QueryResult<()> {
    let service_id = stored.service_id.as_str();
    let units = serde_json::to_string(&stored.capacities).expect("units serialise");
    with_conn!(&mut *conn, |c| diesel::insert_into(capacity_current::table)
        .values((
            capacity_current::service_id.eq(service_id),
            capacity_current::status.eq(stored.status.as_str()),
            capacity_current::capacities.eq(&units),
            capacity_current::notes.eq(&stored.notes),
            capacity_current::updated_at.eq(&stored.updated_at),
            capacity_current::updated_by.eq(&stored.updated_by),
            capacity_current::near_full.eq(stored.near_full),
        ))
        .on_conflict(capacity_current::service_id)
        .do_update()
        .set((
            capacity_current::status.eq(stored.status.as_str()),
            capacity_current::capacities.eq(&units),
            capacity_current::notes.eq(&stored.notes),
            capacity_current::updated_at.eq(&stored.updated_at),
            capacity_current::updated_by.eq(&stored.updated_by),
            capacity_current::near_full.eq(stored.near_full),
        ))
        .execute(c))?;
    with_conn!(&mut *conn, |c| diesel::insert_into(capacity_history::table)
        .values((
            capacity_history::id.eq(uuid::Uuid::new_v4().to_string()),
            capacity_history::service_id.eq(service_id),
            capacity_history::status.eq(stored.status.as_str()),
            capacity_history::capacities.eq(&units),
            capacity_history::notes.eq(&stored.notes),
            capacity_history::updated_at.eq(at),
            capacity_history::updated_by.eq(&by.partner_id),
            capacity_history::updated_by_role.eq(by.role.map(Role::as_str)),
            capacity_history::kind.eq(kind.as_str()),
        ))
        .execute(c))?;
    if super::crosses_threshold(was_near_full, stored.near_full) {
        let (available, maximum) = super::bounded_totals(&stored.capacities);
        let payload = payloads::CapacityThreshold {
            service_id: service_id.to_string(),
            status: stored.status,
            available,
            maximum,
            updated: stored.updated_at.clone(),
        };
        for partner in program_watchers(conn, Some(organization_id))? {
            events::enqueue(
                conn,
                &partner,
                super::THRESHOLD_EVENT,
                Some(service_id),
                &payload,
            )?;
        }
    }
    Ok(())
}

/// Who hears about a program (nearly full, a waitlist clock run out): the providers of
/// the organization that runs it and every coordinator.
pub fn program_watchers(
    conn: &mut DbConnection,
    organization_id: Option<&str>,
) -> QueryResult<Vec<String>> {
    let providers: Vec<String> = match organization_id {
        Some(org) => with_conn!(&mut *conn, |c| partner_organizations::table
            .inner_join(partners::table)
            .filter(partner_organizations::organization_id.eq(org))
            .filter(partners::role.eq("provider"))
            .filter(partners::disabled_at.is_null())
            .select(partners::id)
            .load(c))?,
        None => Vec::new(),
    };
    let coordinators: Vec<String> = with_conn!(&mut *conn, |c| partners::table
        .filter(partners::role.eq("coordinator"))
        .filter(partners::disabled_at.is_null())
        .select(partners::id)
        .load(c))?;
    let mut all: Vec<String> = providers.into_iter().chain(coordinators).collect();
    all.sort();
    all.dedup();
    Ok(all)
}
