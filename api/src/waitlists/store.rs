//! Waitlist entries in the store. Each change is one transaction; the queue order and the
//! clocks are computed by `rules` when entries are read, so they are never out of date.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use waypoint_indexer::model::Keyword;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::{
    waitlist_admissions as admissions, waitlist_contact_attempts as contacts, waitlist_entries,
    waitlist_interim_services as interim,
};
use waypoint_indexer::with_conn;

use super::admission::{self, Admission, AdmissionBasis, Refusal};
use super::model::{
    AdmitBody, ContactAttempt, Entry, EntryPatch, InterimService, NewEntry, NewInterimService,
    StatusFilter, WaitlistClient,
};
use super::report::EntryDates;
use super::rules::{self, ClockFacts, ContactOutcome, InterimKind, PriorityClass, RemovalReason};
use crate::auth::Role;
use crate::capacity::{self, Availability, ChangedBy, StatusNow, UnknownReason};
use crate::clock;
use crate::events::{self, payloads};

pub const WAITING: &str = "waiting";
pub const ADMITTED: &str = "admitted";
pub const REMOVED: &str = "removed";

/// The event sent once per entry and clock when it runs out.
pub const OVERDUE_EVENT: &str = "waitlist.overdue";

#[derive(Debug, Clone, Queryable)]
struct EntryRow {
    id: String,
    service_id: String,
    client_reference: String,
    client: String,
    pregnant: bool,
    injects_drugs: bool,
    referral_id: Option<String>,
    consent_id: Option<String>,
    requested_at: String,
    created_by: String,
    status: String,
    interim_started_at: Option<String>,
    admitted_at: Option<String>,
    _admitted_unit: Option<String>,
    removed_at: Option<String>,
    removal_reason: Option<String>,
    _removal_note: Option<String>,
    interim_overdue_sent: bool,
    admission_overdue_sent: bool,
    _updated_at: String,
    prenatal_referral_at: Option<String>,
}

impl EntryRow {
    fn facts(&self) -> ClockFacts {
        let time = |t: &Option<String>| t.as_deref().and_then(clock::parse);
        ClockFacts {
            requested_at: clock::parse(&self.requested_at).unwrap_or_else(Utc::now),
            pregnant: self.pregnant,
            injects_drugs: self.injects_drugs,
            interim_started_at: time(&self.interim_started_at),
            prenatal_referral_at: time(&self.prenatal_referral_at),
            admitted_at: time(&self.admitted_at),
            removed_at: time(&self.removed_at),
        }
    }

    fn priority(&self) -> PriorityClass {
        PriorityClass::of(self.pregnant, self.injects_drugs)
    }
}

/// Why a waitlist change was refused, for the HTTP edge to map.
#[derive(Debug)]
pub enum WaitlistError {
    NotFound,
    /// The entry is no longer waiting.
    NotWaiting {
        status: String,
    },
    /// `unit` names no unit of the program's last capacity report (`reported`: its
    /// units, none when it never reported).
    UnknownUnit {
        unit: String,
        reported: Vec<String>,
    },
    /// The program's fresh capacity report shows no room (for `unit`, when one was
    /// named), and the caller did not say the program confirmed a place.
    NoRoom {
        service_id: String,
        program: String,
        capacity: Availability,
        unit: Option<String>,
    },
    Database(diesel::result::Error),
}

impl From<diesel::result::Error> for WaitlistError {
    fn from(e: diesel::result::Error) -> WaitlistError {
        WaitlistError::Database(e)
    }
}

type Result<T, E = WaitlistError> = std::result::Result<T, E>;

fn rows_of(conn: &mut DbConnection, service_id: &str, status: &str) -> QueryResult<Vec<EntryRow>> {
    with_conn!(conn, |c| waitlist_entries::table
        .filter(waitlist_entries::service_id.eq(service_id))
        .filter(waitlist_entries::status.eq(status))
        .load(c))
}

fn row(conn: &mut DbConnection, service_id: &str, id: &str) -> Result<EntryRow> {
    let found: Option<EntryRow> = with_conn!(conn, |c| waitlist_entries::table
        .find(id)
        .filter(waitlist_entries::service_id.eq(service_id))
        .first(c)
        .optional())?;
    found.ok_or(WaitlistError::NotFound)
}

/// One entry's row, locked until the transaction ends on PostgreSQL (on SQLite the one
/// writer already keeps writes apart), so two admissions of one entry never both pass.
fn row_locked(conn: &mut DbConnection, service_id: &str, id: &str) -> Result<EntryRow> {
    let query = waitlist_entries::table
        .find(id)
        .filter(waitlist_entries::service_id.eq(service_id));
    let found: Option<EntryRow> = match conn {
        DbConnection::Postgres(c) => query.for_update().first(c).optional()?,
        DbConnection::Sqlite(c) => query.first(c).optional()?,
    };
    found.ok_or(WaitlistError::NotFound)
}

type AdmissionRow = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    bool,
);

/// The recorded admissions of these entries, by entry id; a row that cannot be read is
/// left out rather than failing the entry.
fn admissions_of(
    conn: &mut DbConnection,
    ids: &[String],
) -> QueryResult<HashMap<String, Admission>> {
    let rows: Vec<AdmissionRow> = with_conn!(&mut *conn, |c| admissions::table
        .filter(admissions::entry_id.eq_any(ids))
        .select((
            admissions::entry_id,
            admissions::admitted_by,
            admissions::admitted_by_role,
            admissions::basis,
            admissions::capacity_status,
            admissions::unknown_reason,
            admissions::open_units,
            admissions::reported_at,
            admissions::unit,
            admissions::confirmed_by_program,
        ))
        .load(c))?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(entry, by, role, basis, status, reason, open, reported, unit, confirmed)| {
                let admission = Admission {
                    basis: AdmissionBasis::parse(&basis)?,
                    capacity: Availability {
                        capacity_status: StatusNow::parse(&status)?,
                        unknown_reason: reason.as_deref().and_then(UnknownReason::parse),
                        open_units: open,
                        reported_at: reported,
                    },
                    unit,
                    confirmed_by_program: confirmed,
                    admitted_by: ChangedBy {
                        partner_id: by,
                        role: Role::parse(&role),
                    },
                };
                Some((entry, admission))
            },
        )
        .collect())
}

/// Builds answers for rows, with their contact attempts and interim services.
fn entries(
    conn: &mut DbConnection,
    rows: Vec<EntryRow>,
    positions: &HashMap<String, usize>,
    now: DateTime<Utc>,
) -> QueryResult<Vec<Entry>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut attempts: HashMap<String, Vec<ContactAttempt>> = HashMap::new();
    let mut services: HashMap<String, Vec<InterimService>> = HashMap::new();
    let mut admitted: HashMap<String, Admission> = HashMap::new();
    let admitted_ids: Vec<String> = rows
        .iter()
        .filter(|r| r.status == ADMITTED)
        .map(|r| r.id.clone())
        .collect();
    for chunk in admitted_ids.chunks(500) {
        admitted.extend(admissions_of(conn, chunk)?);
    }
    for chunk in ids.chunks(500) {
        let found: Vec<(String, String, Option<String>, String)> =
            with_conn!(&mut *conn, |c| contacts::table
                .filter(contacts::entry_id.eq_any(chunk))
                .select((
                    contacts::entry_id,
                    contacts::outcome,
                    contacts::note,
                    contacts::attempted_at
                ))
                .order((contacts::attempted_at, contacts::id))
                .load(c))?;
        for (entry, outcome, note, attempted_at) in found {
            if let Ok(outcome) = serde_json::from_value::<ContactOutcome>(outcome.into()) {
                attempts.entry(entry).or_default().push(ContactAttempt {
                    outcome,
                    note,
                    attempted_at,
                });
            }
        }
        type Row = (
            String,
            String,
            Option<String>,
            String,
            String,
            Option<String>,
        );
        let found: Vec<Row> = with_conn!(&mut *conn, |c| interim::table
            .filter(interim::entry_id.eq_any(chunk))
            .select((
                interim::entry_id,
                interim::what,
                interim::service_at_location_id,
                interim::started_at,
                interim::kinds,
                interim::recorded_at
            ))
            .order((interim::started_at, interim::id))
            .load(c))?;
        for (entry, what, service_at_location_id, started_at, kinds, recorded_at) in found {
            services.entry(entry).or_default().push(InterimService {
                what,
                service_at_location_id,
                started_at,
                kinds: kinds_of(&kinds),
                recorded_at,
            });
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let facts = r.facts();
            let clocks = rules::clocks(&facts, now);
            let waiting = r.status == WAITING;
            let until = r
                .admitted_at
                .as_deref()
                .or(r.removed_at.as_deref())
                .and_then(clock::parse)
                .unwrap_or(now);
            Entry {
                priority_class: r.priority(),
                client: serde_json::from_str::<WaitlistClient>(&r.client).ok(),
                client_details_withheld: false,
                notice: None,
                position: positions.get(&r.id).copied(),
                days_waiting: rules::days_waiting(facts.requested_at, until),
                overdue: waiting && clocks.overdue(),
                clocks,
                interim_services: services.remove(&r.id).unwrap_or_default(),
                contact_attempts: attempts.remove(&r.id).unwrap_or_default(),
                admission: admitted.remove(&r.id),
                removal_reason: r
                    .removal_reason
                    .as_deref()
                    .and_then(|x| serde_json::from_value(x.into()).ok()),
                id: r.id,
                service_id: r.service_id,
                created_by: r.created_by,
                pregnant: r.pregnant,
                injects_drugs: r.injects_drugs,
                referral_id: r.referral_id,
                consent_id: r.consent_id,
                requested_at: r.requested_at,
                status: r.status,
                admitted_at: r.admitted_at,
                removed_at: r.removed_at,
            }
        })
        .collect())
}

/// Kinds as stored: a JSON array of their names. A name this version does not know is
/// left out rather than failing the read.
fn kinds_of(stored: &str) -> Vec<InterimKind> {
    serde_json::from_str::<Vec<String>>(stored)
        .unwrap_or_default()
        .iter()
        .filter_map(|k| InterimKind::parse(k))
        .collect()
}

fn stored_kinds(kinds: &[InterimKind]) -> String {
    serde_json::to_string(&kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>())
        .expect("kinds serialise")
}

/// The people waiting for a program, in queue order with their positions.
pub fn waiting(
    conn: &mut DbConnection,
    service_id: &str,
    now: DateTime<Utc>,
) -> QueryResult<Vec<Entry>> {
    list(conn, service_id, StatusFilter::Waiting, now)
}

/// A program's entries by status: the people waiting in queue order with their positions,
/// then (for `All`) the people admitted or removed, in order of request.
pub fn list(
    conn: &mut DbConnection,
    service_id: &str,
    filter: StatusFilter,
    now: DateTime<Utc>,
) -> QueryResult<Vec<Entry>> {
    let mut queue = match filter {
        StatusFilter::Waiting | StatusFilter::All => rows_of(conn, service_id, WAITING)?,
        StatusFilter::Admitted | StatusFilter::Removed => Vec::new(),
    };
    rules::queue_order(&mut queue, |r| {
        (r.priority(), r.facts().requested_at, r.id.as_str())
    });
    let positions = queue
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i + 1))
        .collect();
    let mut finished = Vec::new();
    for (wanted, status) in [
        (StatusFilter::Admitted, ADMITTED),
        (StatusFilter::Removed, REMOVED),
    ] {
        if filter == wanted || filter == StatusFilter::All {
            finished.extend(rows_of(conn, service_id, status)?);
        }
    }
    finished.sort_by(|a, b| (&a.requested_at, &a.id).cmp(&(&b.requested_at, &b.id)));
    queue.extend(finished);
    entries(conn, queue, &positions, now)
}

/// One entry of a program, with its position while it waits.
pub fn get(
    conn: &mut DbConnection,
    service_id: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Entry> {
    let r = row(conn, service_id, id)?;
    if r.status == WAITING {
        return waiting(conn, service_id, now)?
            .into_iter()
            .find(|e| e.id == id)
            .ok_or(WaitlistError::NotFound);
    }
    Ok(entries(conn, vec![r], &HashMap::new(), now)?
        .pop()
        .expect("one row gives one entry"))
}

/// The entry a referral was handed to (the latest, if several), as it stands now.
pub fn for_referral(
    conn: &mut DbConnection,
    referral_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<Entry>> {
    let found: Option<(String, String)> = with_conn!(conn, |c| waitlist_entries::table
        .filter(waitlist_entries::referral_id.eq(referral_id))
        .select((waitlist_entries::service_id, waitlist_entries::id))
        .order((waitlist_entries::updated_at.desc(), waitlist_entries::id))
        .first(c)
        .optional())?;
    match found {
        Some((service_id, id)) => get(conn, &service_id, &id, now).map(Some),
        None => Ok(None),
    }
}

/// Who added an entry and their reference for its client.
pub fn owner(conn: &mut DbConnection, service_id: &str, id: &str) -> Result<(String, String)> {
    let r = row(conn, service_id, id)?;
    Ok((r.created_by, r.client_reference))
}

/// Puts a person on a program's waitlist; returns the new entry's id.
pub fn create(
    conn: &mut DbConnection,
    service_id: &str,
    new: &NewEntry,
    created_by: &str,
) -> QueryResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    let now = clock::now();
    let client = serde_json::to_string(&new.client).expect("client serialises");
    with_conn!(conn, |c| diesel::insert_into(waitlist_entries::table)
        .values((
            waitlist_entries::id.eq(&id),
            waitlist_entries::service_id.eq(service_id),
            waitlist_entries::client_reference.eq(&new.client.reference),
            waitlist_entries::client.eq(&client),
            waitlist_entries::pregnant.eq(new.pregnant),
            waitlist_entries::injects_drugs.eq(new.injects_drugs),
            waitlist_entries::referral_id.eq(&new.referral_id),
            waitlist_entries::consent_id.eq(&new.consent_id),
            waitlist_entries::requested_at.eq(clock::format(new.requested_at)),
            waitlist_entries::created_by.eq(created_by),
            waitlist_entries::status.eq(WAITING),
            waitlist_entries::interim_overdue_sent.eq(false),
            waitlist_entries::admission_overdue_sent.eq(false),
            waitlist_entries::updated_at.eq(&now),
        ))
        .execute(c))?;
    Ok(id)
}

fn waiting_row(conn: &mut DbConnection, service_id: &str, id: &str) -> Result<EntryRow> {
    let r = row(conn, service_id, id)?;
    if r.status != WAITING {
        return Err(WaitlistError::NotWaiting { status: r.status });
    }
    Ok(r)
}

/// Changes what may change while a person waits.
pub fn patch(
    conn: &mut DbConnection,
    service_id: &str,
    id: &str,
    patch: &EntryPatch,
) -> Result<()> {
    conn.in_transaction(|conn| {
        let r = waiting_row(conn, service_id, id)?;
        let mut client: WaitlistClient = serde_json::from_str(&r.client)
            .map_err(|e| diesel::result::Error::DeserializationError(e.to_string().into()))?;
        if patch.phone.is_some() {
            client.phone = patch.phone.clone();
        }
        if patch.preferred_language.is_some() {
            client.preferred_language = patch.preferred_language.clone();
        }
        let client = serde_json::to_string(&client).expect("client serialises");
        with_conn!(&mut *conn, |c| diesel::update(
            waitlist_entries::table.find(id)
        )
        .set((
            waitlist_entries::pregnant.eq(patch.pregnant.unwrap_or(r.pregnant)),
            waitlist_entries::injects_drugs.eq(patch.injects_drugs.unwrap_or(r.injects_drugs)),
            waitlist_entries::client.eq(&client),
            waitlist_entries::consent_id.eq(patch.consent_id.clone().or(r.consent_id.clone())),
            waitlist_entries::updated_at.eq(clock::now()),
        ))
        .execute(c))?;
        Ok(())
    })
}

/// Records an attempt to reach the person.
pub fn add_contact_attempt(
    conn: &mut DbConnection,
    service_id: &str,
    id: &str,
    outcome: ContactOutcome,
    note: Option<&str>,
    recorded_by: &str,
) -> Result<()> {
    conn.in_transaction(|conn| {
        waiting_row(conn, service_id, id)?;
        let outcome = serde_json::to_value(outcome).expect("outcome serialises");
        with_conn!(&mut *conn, |c| diesel::insert_into(contacts::table)
            .values((
                contacts::id.eq(uuid::Uuid::new_v4().to_string()),
                contacts::entry_id.eq(id),
                contacts::outcome.eq(outcome.as_str().unwrap_or_default()),
                contacts::note.eq(note),
                contacts::attempted_at.eq(clock::now()),
                contacts::recorded_by.eq(recorded_by),
            ))
            .execute(c))?;
        Ok(())
    })
}

/// The earlier of a stored time and a new one (stored times sort as text in time order).
fn earliest(stored: Option<String>, new: &str) -> String {
    match stored {
        Some(earlier) if earlier.as_str() <= new => earlier,
        _ => new.to_string(),
    }
}

/// Records an interim service. The earliest start of any service, and of a referral for
/// prenatal care, are kept on the entry for its clocks; a later record never moves them
/// later, and a late one never keeps a clock (see `rules`).
pub fn add_interim_service(
    conn: &mut DbConnection,
    service_id: &str,
    id: &str,
    service: &NewInterimService,
    recorded_by: &str,
) -> Result<()> {
    conn.in_transaction(|conn| {
        let r = waiting_row(conn, service_id, id)?;
        let started = clock::format(service.started_at);
        with_conn!(&mut *conn, |c| diesel::insert_into(interim::table)
            .values((
                interim::id.eq(uuid::Uuid::new_v4().to_string()),
                interim::entry_id.eq(id),
                interim::what.eq(&service.what),
                interim::service_at_location_id.eq(&service.service_at_location_id),
                interim::started_at.eq(&started),
                interim::recorded_by.eq(recorded_by),
                interim::kinds.eq(stored_kinds(&service.kinds)),
                interim::recorded_at.eq(clock::now()),
            ))
            .execute(c))?;
        let first = earliest(r.interim_started_at, &started);
        let prenatal = match service.kinds.contains(&InterimKind::PrenatalCareReferral) {
            true => Some(earliest(r.prenatal_referral_at, &started)),
            false => r.prenatal_referral_at,
        };
        with_conn!(&mut *conn, |c| diesel::update(
            waitlist_entries::table.find(id)
        )
        .set((
            waitlist_entries::interim_started_at.eq(first),
            waitlist_entries::prenatal_referral_at.eq(prenatal),
            waitlist_entries::updated_at.eq(clock::now()),
        ))
        .execute(c))?;
        Ok(())
    })
}

/// Admits the person as the admission rule (`admission::decide`) says, against the
/// program's capacity read and locked in the same transaction: takes a unit off a fresh
/// report's counts when it has one free, and records how the admission stood against
/// capacity and who admitted.
pub fn admit(
    conn: &mut DbConnection,
    service_id: &str,
    organization_id: &str,
    id: &str,
    request: &AdmitBody,
    by: &ChangedBy,
    stale_after: Duration,
) -> Result<Admission> {
    conn.in_transaction(|conn| {
        let r = row_locked(conn, service_id, id)?;
        if r.status != WAITING {
            return Err(WaitlistError::NotWaiting { status: r.status });
        }
        let current = capacity::store::current_locked(conn, service_id)?;
        let decision = admission::decide(
            current.as_ref().map(|c| c.last_report()),
            Utc::now(),
            stale_after,
            request.unit.as_deref(),
            request.confirmed_by_program,
        );
        let decision = match decision {
            Ok(decision) => decision,
            Err(Refusal::UnknownUnit { unit, reported }) => {
                return Err(WaitlistError::UnknownUnit { unit, reported });
            }
            Err(Refusal::NoRoom { capacity, unit }) => {
                let program = capacity::store::service_name(conn, service_id)?
                    .unwrap_or_else(|| service_id.to_string());
                return Err(WaitlistError::NoRoom {
                    service_id: service_id.to_string(),
                    program,
                    capacity,
                    unit,
                });
            }
        };
        if let (Some(index), Some(current)) = (decision.take, &current) {
            capacity::store::take_unit(conn, organization_id, current, index, by)?;
        }
        let admitted = Admission {
            basis: decision.basis,
            capacity: decision.capacity,
            unit: decision.unit,
            confirmed_by_program: request.confirmed_by_program,
            admitted_by: by.clone(),
        };
        let now = clock::now();
        with_conn!(&mut *conn, |c| diesel::update(
            waitlist_entries::table.find(id)
        )
        .set((
            waitlist_entries::status.eq(ADMITTED),
            waitlist_entries::admitted_at.eq(&now),
            waitlist_entries::admitted_unit.eq(&admitted.unit),
            waitlist_entries::updated_at.eq(&now),
        ))
        .execute(c))?;
        with_conn!(&mut *conn, |c| diesel::insert_into(admissions::table)
            .values((
                admissions::entry_id.eq(id),
                admissions::service_id.eq(service_id),
                admissions::admitted_at.eq(&now),
                admissions::admitted_by.eq(&by.partner_id),
                admissions::admitted_by_role.eq(by.role.map(Role::as_str).unwrap_or_default()),
                admissions::basis.eq(admitted.basis.as_str()),
                admissions::capacity_status.eq(admitted.capacity.capacity_status.as_str()),
                admissions::unknown_reason
                    .eq(admitted.capacity.unknown_reason.map(UnknownReason::as_str)),
                admissions::open_units.eq(admitted.capacity.open_units),
                admissions::reported_at.eq(&admitted.capacity.reported_at),
                admissions::unit.eq(&admitted.unit),
                admissions::confirmed_by_program.eq(admitted.confirmed_by_program),
            ))
            .execute(c))?;
        Ok(admitted)
    })
}

/// Takes the person off the waitlist for a reason other than admission here.
pub fn remove(
    conn: &mut DbConnection,
    service_id: &str,
    id: &str,
    reason: RemovalReason,
    note: Option<&str>,
) -> Result<()> {
    conn.in_transaction(|conn| {
        waiting_row(conn, service_id, id)?;
        let now = clock::now();
        let reason = serde_json::to_value(reason).expect("reason serialises");
        with_conn!(&mut *conn, |c| diesel::update(
            waitlist_entries::table.find(id)
        )
        .set((
            waitlist_entries::status.eq(REMOVED),
            waitlist_entries::removed_at.eq(&now),
            waitlist_entries::removal_reason.eq(reason.as_str().unwrap_or_default()),
            waitlist_entries::removal_note.eq(note),
            waitlist_entries::updated_at.eq(&now),
        ))
        .execute(c))?;
        Ok(())
    })
}

/// Entries overdue on a clock at `now`, across programs (or only `service_ids`), most
/// overdue first.
pub fn overdue(
    conn: &mut DbConnection,
    service_ids: Option<&[String]>,
    now: DateTime<Utc>,
) -> QueryResult<Vec<Entry>> {
    let rows: Vec<EntryRow> = match service_ids {
        Some(ids) => with_conn!(&mut *conn, |c| waitlist_entries::table
            .filter(waitlist_entries::status.eq(WAITING))
            .filter(waitlist_entries::service_id.eq_any(ids))
            .load(c))?,
        None => with_conn!(&mut *conn, |c| waitlist_entries::table
            .filter(waitlist_entries::status.eq(WAITING))
            .load(c))?,
    };
    let rows: Vec<EntryRow> = rows
        .into_iter()
        .filter(|r| rules::clocks(&r.facts(), now).overdue())
        .collect();
    let mut found = entries(conn, rows, &HashMap::new(), now)?;
    found.sort_by_key(|e| (e.requested_at.clone(), e.id.clone()));
    Ok(found)
}

/// Sends `waitlist.overdue` once per entry and clock that has run out by `now`, to the
/// program's providers and every coordinator: the interim-services clock (people who inject
/// drugs and pregnant people, 48 hours) and the admission clock. A clock that ran out is
/// announced even when a late service came before this check: `state` says `missed` then.
/// Returns how many events were sent.
pub fn send_overdue_events(conn: &mut DbConnection, now: DateTime<Utc>) -> QueryResult<usize> {
    conn.in_transaction(|conn| {
        let rows: Vec<EntryRow> = with_conn!(&mut *conn, |c| waitlist_entries::table
            .filter(waitlist_entries::status.eq(WAITING))
            .filter(
                waitlist_entries::interim_overdue_sent
                    .eq(false)
                    .or(waitlist_entries::admission_overdue_sent.eq(false)),
            )
            .load(c))?;
        let mut sent = 0;
        for r in rows {
            let clocks = rules::clocks(&r.facts(), now);
            let due = [
                (
                    "interim_services",
                    clocks.interim_services_overdue && !r.interim_overdue_sent,
                    clocks.interim_services_clock,
                ),
                (
                    "admission",
                    clocks.admission_overdue && !r.admission_overdue_sent,
                    Some(clocks.admission_clock),
                ),
            ];
            for (which, is_due, state) in due {
                if !is_due {
                    continue;
                }
                let payload = payloads::WaitlistOverdue {
                    entry_id: r.id.clone(),
                    service_id: r.service_id.clone(),
                    clock: which.to_string(),
                    state,
                    due_at: match which {
                        "admission" => clock::format(clocks.admission_due_at),
                        _ => clocks
                            .interim_services_due_at
                            .map(clock::format)
                            .unwrap_or_default(),
                    },
                };
                for partner in recipients(conn, &r.service_id)? {
                    events::enqueue(conn, &partner, OVERDUE_EVENT, Some(&r.id), &payload)?;
                    sent += 1;
                }
                with_conn!(&mut *conn, |c| match which {
                    "admission" => diesel::update(waitlist_entries::table.find(&r.id))
                        .set(waitlist_entries::admission_overdue_sent.eq(true))
                        .execute(c),
                    _ => diesel::update(waitlist_entries::table.find(&r.id))
                        .set(waitlist_entries::interim_overdue_sent.eq(true))
                        .execute(c),
                })?;
            }
        }
        Ok(sent)
    })
}

/// The program's providers and every coordinator.
fn recipients(conn: &mut DbConnection, service_id: &str) -> QueryResult<Vec<String>> {
    let organization = capacity::store::service_organization(conn, service_id)?;
    capacity::store::program_watchers(conn, organization.as_deref())
}

/// The clock facts of every entry of these programs (all programs for `None`) requested
/// before `before`, by program, for reports and median waits.
pub fn dates(
    conn: &mut DbConnection,
    service_ids: Option<&[String]>,
    before: DateTime<Utc>,
) -> QueryResult<HashMap<String, Vec<EntryDates>>> {
    let before = clock::format(before);
    let rows: Vec<EntryRow> = match service_ids {
        Some(ids) => {
            let mut all = Vec::new();
            for chunk in ids.chunks(500) {
                let found: Vec<EntryRow> = with_conn!(&mut *conn, |c| waitlist_entries::table
                    .filter(waitlist_entries::service_id.eq_any(chunk))
                    .filter(waitlist_entries::requested_at.lt(&before))
                    .load(c))?;
                all.extend(found);
            }
            all
        }
        None => with_conn!(&mut *conn, |c| waitlist_entries::table
            .filter(waitlist_entries::requested_at.lt(&before))
            .load(c))?,
    };
    let mut by_service: HashMap<String, Vec<EntryDates>> = HashMap::new();
    for r in rows {
        by_service
            .entry(r.service_id.clone())
            .or_default()
            .push(EntryDates {
                facts: r.facts(),
                id: r.id,
                removal_reason: r.removal_reason,
            });
    }
    Ok(by_service)
}

/// The kinds of each interim service of these entries that started in `[from, to)`.
pub fn interim_kinds_between(
    conn: &mut DbConnection,
    entry_ids: &[String],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> QueryResult<Vec<Vec<InterimKind>>> {
    let (from, to) = (clock::format(from), clock::format(to));
    let mut all = Vec::new();
    for chunk in entry_ids.chunks(500) {
        let found: Vec<String> = with_conn!(&mut *conn, |c| interim::table
            .filter(interim::entry_id.eq_any(chunk))
            .filter(interim::started_at.ge(&from))
            .filter(interim::started_at.lt(&to))
            .select(interim::kinds)
            .load(c))?;
        all.extend(found.iter().map(|k| kinds_of(k)));
    }
    Ok(all)
}
