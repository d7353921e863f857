//! Writing one parsed source in one transaction: new records inserted, changed ones
//! rewritten, unchanged ones left alone, and (with prune) vanished ones removed. Every
//! service written or removed is appended to the change sequence in the same transaction.

use std::collections::{BTreeSet, HashMap, HashSet};

use diesel::prelude::*;
use serde::Serialize;

use super::rows::*;
use super::schema::*;
use super::{CHUNK, DbConnection};
use crate::error::{IndexerError, Result};
use crate::import::{ParsedSource, RecordIssue, Severity};
use crate::model::{self, Service, ServiceRecord, fingerprint};
use crate::with_conn;

/// Inserts rows: on SQLite one at a time, with one prepared statement kept for each
/// table; on PostgreSQL in chunks with one multi-row INSERT each (a round trip per chunk).
/// A multi-row INSERT on SQLite is prepared again for every chunk, and copies each page it
/// changes into a statement journal so that a failing row could undo the rows before it,
/// which the source's transaction does anyway.
macro_rules! insert_all {
    ($conn:expr, $table:expr, $rows:expr) => {{
        match &mut *$conn {
            DbConnection::Sqlite(c) => {
                for row in $rows.iter() {
                    diesel::insert_into($table).values(row).execute(c)?;
                }
            }
            DbConnection::Postgres(c) => {
                for chunk in $rows.chunks(CHUNK) {
                    diesel::insert_into($table).values(chunk).execute(c)?;
                }
            }
        }
    }};
}

/// Deletes rows whose key column is in `keys`, in chunks.
macro_rules! delete_where_in {
    ($conn:expr, $table:expr, $column:expr, $keys:expr) => {{
        for chunk in $keys.chunks(CHUNK) {
            with_conn!(&mut *$conn, |c| diesel::delete(
                $table.filter($column.eq_any(chunk))
            )
            .execute(c))?;
        }
    }};
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SourceSummary {
    pub source: String,
    pub format: String,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub pruned: usize,
    /// Services loaded with no Waypoint category (kept and searchable by text).
    pub uncategorized: usize,
    pub warnings: usize,
    /// The files were those of the source's last load, read by the same build with the
    /// same options: not read again, and nothing written.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub files_unchanged: bool,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    pub prune: bool,
    pub strict: bool,
}

/// What a source write changes, told before the writing starts so that the search index
/// can prepare the same change meanwhile (on another thread: the records are borrowed from
/// the parsed source, not from the write).
pub struct PlannedChanges<'p> {
    /// Records new to the store.
    pub inserted: Vec<&'p ServiceRecord>,
    /// Changed records: their documents are replaced.
    pub updated: Vec<&'p ServiceRecord>,
    /// Services removed by `--prune`.
    pub removed: Vec<String>,
}

/// Writes a parsed source in one transaction; on any error nothing is changed.
/// `on_plan` hears what will change once that is known. Returns the summary and the
/// issues found while writing (ids owned by another source).
pub fn write_source<'p>(
    conn: &mut DbConnection,
    parsed: &'p ParsedSource,
    options: WriteOptions,
    now: &str,
    on_plan: &mut dyn FnMut(PlannedChanges<'p>) -> Result<()>,
) -> Result<(SourceSummary, Vec<RecordIssue>)> {
    conn.in_transaction(|conn| write_changes(conn, parsed, options, now, on_plan))
}

/// What `write_source` does inside its transaction, for a caller that holds the
/// transaction itself (to do more before it commits).
pub fn write_changes<'p>(
    conn: &mut DbConnection,
    parsed: &'p ParsedSource,
    options: WriteOptions,
    now: &str,
    on_plan: &mut dyn FnMut(PlannedChanges<'p>) -> Result<()>,
) -> Result<(SourceSummary, Vec<RecordIssue>)> {
    let source = parsed.name.as_str();
    let mut issues = Vec::new();

    // Records whose service id another source already owns are not taken over.
    let ids: Vec<&str> = parsed
        .records
        .iter()
        .map(|r| r.service.id.as_str())
        .collect();
    let mut foreign: HashMap<String, String> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<(String, String)> = with_conn!(&mut *conn, |c| services::table
            .select((services::id, services::source))
            .filter(services::id.eq_any(chunk))
            .filter(services::source.ne(source))
            .load(c))?;
        foreign.extend(rows);
    }
    let records: Vec<&'p ServiceRecord> = parsed
        .records
        .iter()
        .filter(|r| match foreign.get(&r.service.id) {
            None => true,
            Some(owner) => {
                issues.push(RecordIssue {
                    file: parsed
                        .paths
                        .first()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    index: None,
                    key: Some(r.source_key.clone()),
                    field: "id".into(),
                    reason: format!(
                        "service id {} already belongs to source {owner:?}",
                        r.service.id
                    ),
                    severity: Severity::Skipped,
                });
                false
            }
        })
        .collect();
    let skipped = parsed.skipped() + issues.len();
    if options.strict && skipped > 0 {
        return Err(IndexerError::Strict {
            source_name: source.to_string(),
            skipped,
        });
    }

    // Each of the source's services: (fingerprint, key).
    let existing: HashMap<String, (String, i64)> = with_conn!(&mut *conn, |c| services::table
        .select((services::id, services::content_hash, services::key))
        .filter(services::source.eq(source))
        .load::<(String, String, i64)>(c))?
    .into_iter()
    .map(|(id, hash, key)| (id, (hash, key)))
    .collect();

    let mut summary = SourceSummary {
        source: source.to_string(),
        format: parsed.format.to_string(),
        skipped,
        warnings: parsed
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
            .count(),
        ..Default::default()
    };
    let mut to_insert = Vec::new();
    let mut to_update = Vec::new();
    for r in &records {
        let h = r.fingerprint.clone();
        match existing.get(&r.service.id) {
            None => to_insert.push((*r, h)),
            Some((old, key)) if *old != h => to_update.push((*r, h, *key)),
            Some(_) => summary.unchanged += 1,
        }
        if r.service.categories.is_empty() {
            summary.uncategorized += 1;
        }
    }
    summary.new = to_insert.len();
    summary.updated = to_update.len();
    let inserted: Vec<&'p ServiceRecord> = to_insert.iter().map(|(r, _)| *r).collect();
    let updated: Vec<&'p ServiceRecord> = to_update.iter().map(|(r, _, _)| *r).collect();
    let gone: Vec<String> = if options.prune {
        let present: HashSet<&str> = parsed
            .records
            .iter()
            .map(|r| r.service.id.as_str())
            .collect();
        existing
            .keys()
            .filter(|id| !present.contains(id.as_str()))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    on_plan(PlannedChanges {
        inserted,
        updated,
        removed: gone.clone(),
    })?;
    // The rows are written in id order: the index of service ids is then walked from one
    // end to the other, so a large store's pages are read once per source, not fetched again
    // and again. New services' keys follow that order; their children's rows go to the end
    // of every index keyed by service.
    to_insert.sort_unstable_by(|(a, _), (b, _)| a.service.id.cmp(&b.service.id));
    to_update.sort_unstable_by(|(a, _, _), (b, _, _)| a.service.id.cmp(&b.service.id));
    let new_keys = new_keys(conn, Keyed::Services, to_insert.len())?;
    let written: Vec<(&ServiceRecord, i64)> = to_insert
        .iter()
        .zip(new_keys)
        .map(|((r, _), key)| (*r, key))
        .chain(to_update.iter().map(|(r, _, key)| (*r, *key)))
        .collect();

    let updated_keys: Vec<i64> = to_update.iter().map(|(_, _, key)| *key).collect();
    delete_service_children(conn, &updated_keys)?;

    let records_written: Vec<&ServiceRecord> = written.iter().map(|(r, _)| *r).collect();
    write_organizations(conn, source, &records_written)?;
    let location_keys = write_locations(conn, source, &records_written)?;
    write_terms(conn, &records_written)?;

    let new_rows: Vec<ServiceRow> = to_insert
        .iter()
        .zip(&written)
        .map(|((r, h), (_, key))| ServiceRow::new(r, *key, source, h, now))
        .collect();
    insert_all!(conn, services::table, new_rows);
    for (r, h, key) in &to_update {
        let row = ServiceRow::new(r, *key, source, h, now);
        with_conn!(&mut *conn, |c| diesel::update(
            services::table.find(&r.service.id)
        )
        .set(&row)
        .execute(c))?;
    }
    insert_service_children(conn, &written, &location_keys)?;

    let mut changes: Vec<ListingChangeRow> = written
        .iter()
        .map(|(r, _)| ListingChangeRow {
            service_id: r.service.id.clone(),
            change: "upsert",
            changed_at: now.to_string(),
        })
        .collect();
    if !gone.is_empty() {
        delete_where_in!(conn, services::table, services::id, gone);
        prune_orphans(conn, source)?;
        changes.extend(gone.iter().map(|id| ListingChangeRow {
            service_id: id.clone(),
            change: "delete",
            changed_at: now.to_string(),
        }));
    }
    summary.pruned = gone.len();
    insert_all!(conn, listing_changes::table, changes);

    let row = SourceRow {
        name: source.to_string(),
        format: parsed.format.to_string(),
        paths: parsed
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        loaded_at: now.to_string(),
        records_loaded: records.len() as i32,
        records_skipped: skipped as i32,
        content_hash: parsed.content_hash.clone(),
    };
    with_conn!(&mut *conn, |c| diesel::delete(sources::table.find(source))
        .execute(c))?;
    with_conn!(&mut *conn, |c| diesel::insert_into(sources::table)
        .values(&row)
        .execute(c))?;
    Ok((summary, issues))
}

/// Records that a source's unchanged files were loaded again at `now`.
pub fn touch_source(conn: &mut DbConnection, source: &str, now: &str) -> Result<()> {
    with_conn!(&mut *conn, |c| diesel::update(sources::table.find(source))
        .set(sources::loaded_at.eq(now))
        .execute(c))?;
    Ok(())
}

/// The tables whose rows get keys as they are written.
#[derive(Debug, Clone, Copy)]
enum Keyed {
    Services,
    Locations,
}

/// Keys for `n` new rows of a keyed table, in increasing order. On SQLite, one past the
/// largest key: the load's transaction holds the only write lock (`BEGIN IMMEDIATE`). On
/// PostgreSQL, from the key column's own sequence, which concurrent writers share.
fn new_keys(conn: &mut DbConnection, table: Keyed, n: usize) -> Result<Vec<i64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    match conn {
        DbConnection::Sqlite(c) => {
            let largest: Option<i64> = match table {
                Keyed::Services => services::table
                    .select(diesel::dsl::max(services::key))
                    .first(c)?,
                Keyed::Locations => locations::table
                    .select(diesel::dsl::max(locations::key))
                    .first(c)?,
            };
            let first = largest.unwrap_or(0) + 1;
            Ok((first..first + n as i64).collect())
        }
        DbConnection::Postgres(c) => {
            #[derive(QueryableByName)]
            struct Key {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                key: i64,
            }
            let sequence = match table {
                Keyed::Services => "services_key_seq",
                Keyed::Locations => "locations_key_seq",
            };
            let keys: Vec<Key> = diesel::sql_query(format!(
                "SELECT nextval('{sequence}') AS key FROM generate_series(1, $1)"
            ))
            .bind::<diesel::sql_types::BigInt, _>(n as i64)
            .load(c)?;
            let mut keys: Vec<i64> = keys.into_iter().map(|k| k.key).collect();
            keys.sort_unstable();
            Ok(keys)
        }
    }
}

/// Removes what hangs off services that are about to be rewritten.
fn delete_service_children(conn: &mut DbConnection, keys: &[i64]) -> Result<()> {
    if keys.is_empty() {
        return Ok(());
    }
    delete_where_in!(
        conn,
        service_categories::table,
        service_categories::service_key,
        keys
    );
    delete_where_in!(conn, phones::table, phones::service_key, keys);
    delete_where_in!(conn, schedules::table, schedules::service_key, keys);
    delete_where_in!(conn, service_areas::table, service_areas::service_key, keys);
    delete_where_in!(conn, languages::table, languages::service_key, keys);
    delete_where_in!(conn, attributes::table, attributes::service_key, keys);
    delete_where_in!(conn, cost_options::table, cost_options::service_key, keys);
    delete_where_in!(
        conn,
        service_capacities::table,
        service_capacities::service_key,
        keys
    );
    delete_where_in!(
        conn,
        service_at_locations::table,
        service_at_locations::service_key,
        keys
    );
    Ok(())
}

/// The rows of one table among `ids`, read in chunks: id → the given columns.
macro_rules! existing_by_id {
    ($conn:expr, $table:ident, $ids:expr, ($($column:ident),+) as $values:ty) => {{
        let mut found: HashMap<String, $values> = HashMap::new();
        for chunk in $ids.chunks(CHUNK) {
            let rows: Vec<(String, $values)> = with_conn!(&mut *$conn, |c| $table::table
                .select(($table::id, ($($table::$column),+)))
                .filter($table::id.eq_any(chunk))
                .load(c))?;
            found.extend(rows);
        }
        found
    }};
}

fn write_organizations(
    conn: &mut DbConnection,
    source: &str,
    records: &[&ServiceRecord],
) -> Result<()> {
    let mut seen = HashSet::new();
    let mut orgs: Vec<_> = records
        .iter()
        .map(|r| &r.organization)
        .filter(|o| seen.insert(o.id.as_str()))
        .collect();
    // In id order, as the services are (`write_changes`).
    orgs.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    let ids: Vec<&str> = orgs.iter().map(|o| o.id.as_str()).collect();
    let existing = existing_by_id!(
        conn,
        organizations,
        ids,
        (content_hash, source) as (String, String)
    );
    let prints = fingerprint::parallel_map(&orgs, |o| fingerprint::of(*o));
    let mut new_rows = Vec::new();
    for (o, h) in orgs.into_iter().zip(prints) {
        match existing.get(&o.id) {
            None => new_rows.push(OrganizationRow::new(o, source, h)),
            // Another source's organization is referenced, never rewritten.
            Some((old, owner)) if *old != h && owner == source => {
                let row = OrganizationRow::new(o, source, h);
                with_conn!(&mut *conn, |c| diesel::update(
                    organizations::table.find(&o.id)
                )
                .set(&row)
                .execute(c))?;
            }
            Some(_) => {}
        }
    }
    insert_all!(conn, organizations::table, new_rows);
    Ok(())
}

/// Writes the records' new and changed locations (another source's are referenced, never
/// rewritten), and answers the key of every location the records name.
fn write_locations(
    conn: &mut DbConnection,
    source: &str,
    records: &[&ServiceRecord],
) -> Result<HashMap<String, i64>> {
    let mut seen = HashSet::new();
    let mut locations: Vec<_> = records
        .iter()
        .flat_map(|r| r.service_at_locations.iter().map(|s| &s.location))
        .filter(|l| seen.insert(l.id.as_str()))
        .collect();
    // In id order, as the services are (`write_changes`).
    locations.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    let ids: Vec<&str> = locations.iter().map(|l| l.id.as_str()).collect();
    let existing = existing_by_id!(
        conn,
        locations,
        ids,
        (content_hash, source, key) as (String, String, i64)
    );
    let prints = fingerprint::parallel_map(&locations, |l| fingerprint::of(*l));
    let fresh_count = locations
        .iter()
        .filter(|l| !existing.contains_key(&l.id))
        .count();
    let mut fresh_keys = new_keys(conn, Keyed::Locations, fresh_count)?.into_iter();
    let mut keys = HashMap::with_capacity(locations.len());
    let mut new_rows = Vec::new();
    let mut fresh = Vec::new();
    let mut rewritten = Vec::new();
    for (l, h) in locations.into_iter().zip(prints) {
        match existing.get(&l.id) {
            None => {
                let key = fresh_keys.next().expect("a key for each new location");
                new_rows.push(LocationRow::new(l, key, source, h));
                fresh.push((l, key));
                keys.insert(l.id.clone(), key);
            }
            Some((old, owner, key)) => {
                if *old != h && owner == source {
                    let row = LocationRow::new(l, *key, source, h);
                    with_conn!(&mut *conn, |c| diesel::update(locations::table.find(&l.id))
                        .set(&row)
                        .execute(c))?;
                    rewritten.push((l, *key));
                }
                keys.insert(l.id.clone(), *key);
            }
        }
    }
    insert_all!(conn, locations::table, new_rows);
    let rewritten_keys: Vec<i64> = rewritten.iter().map(|(_, key)| *key).collect();
    delete_where_in!(
        conn,
        addresses::table,
        addresses::location_key,
        rewritten_keys
    );
    delete_where_in!(conn, phones::table, phones::location_key, rewritten_keys);
    delete_where_in!(
        conn,
        schedules::table,
        schedules::location_key,
        rewritten_keys
    );
    delete_where_in!(
        conn,
        languages::table,
        languages::location_key,
        rewritten_keys
    );
    delete_where_in!(
        conn,
        location_points::table,
        location_points::location_key,
        rewritten_keys
    );

    let written: Vec<_> = fresh.into_iter().chain(rewritten).collect();
    fn owner(l: &model::Location, key: i64) -> Owner<'_> {
        Owner {
            id: l.id.as_str(),
            key,
        }
    }
    let points: Vec<LocationPointRow> = written
        .iter()
        .filter_map(|(l, key)| LocationPointRow::of(l, *key))
        .collect();
    insert_all!(conn, location_points::table, points);
    let addresses: Vec<AddressRow> = written
        .iter()
        .flat_map(|(l, key)| {
            l.addresses
                .iter()
                .map(move |a| AddressRow::new(a, owner(l, *key)))
        })
        .collect();
    insert_all!(conn, addresses::table, addresses);
    let phones: Vec<PhoneRow> = written
        .iter()
        .flat_map(|(l, key)| {
            l.phones
                .iter()
                .map(move |p| PhoneRow::new(p, None, Some(owner(l, *key))))
        })
        .collect();
    insert_all!(conn, phones::table, phones);
    let schedules: Vec<ScheduleRow> = written
        .iter()
        .flat_map(|(l, key)| {
            l.schedules
                .iter()
                .map(move |s| ScheduleRow::new(s, None, Some(owner(l, *key))))
        })
        .collect();
    insert_all!(conn, schedules::table, schedules);
    let languages: Vec<LanguageRow> = written
        .iter()
        .flat_map(|(l, key)| {
            l.languages
                .iter()
                .map(move |x| LanguageRow::new(x, None, Some(owner(l, *key))))
        })
        .collect();
    insert_all!(conn, languages::table, languages);
    Ok(keys)
}

/// Taxonomies, terms and units are shared by every source: inserted once, never removed.
fn write_terms(conn: &mut DbConnection, records: &[&ServiceRecord]) -> Result<()> {
    let mut seen = HashSet::new();
    let terms: Vec<_> = records
        .iter()
        .flat_map(|r| r.terms())
        .filter(|t| seen.insert(t.id.as_str()))
        .collect();
    let taxonomy_names: BTreeSet<&str> =
        terms.iter().filter_map(|t| t.taxonomy.as_deref()).collect();
    let taxonomy_rows: Vec<TaxonomyRow> =
        taxonomy_names.into_iter().map(TaxonomyRow::named).collect();
    let new_taxonomies = missing(conn, taxonomy_rows, |r| r.id.clone(), Table::Taxonomies)?;
    insert_all!(conn, taxonomies::table, new_taxonomies);

    let term_rows: Vec<TaxonomyTermRow> = terms.into_iter().map(TaxonomyTermRow::from).collect();
    let new_terms = missing(conn, term_rows, |r| r.id.clone(), Table::TaxonomyTerms)?;
    insert_all!(conn, taxonomy_terms::table, new_terms);

    let mut seen = HashSet::new();
    let unit_rows: Vec<UnitRow> = records
        .iter()
        .flat_map(|r| r.service.capacities.iter().map(|c| &c.unit))
        .filter(|u| seen.insert(u.id.as_str()))
        .map(UnitRow::from)
        .collect();
    let new_units = missing(conn, unit_rows, |r| r.id.clone(), Table::Units)?;
    insert_all!(conn, units::table, new_units);
    Ok(())
}

enum Table {
    Taxonomies,
    TaxonomyTerms,
    Units,
}

/// The rows whose id is not in the table yet.
fn missing<R>(
    conn: &mut DbConnection,
    rows: Vec<R>,
    id: impl Fn(&R) -> String,
    table: Table,
) -> Result<Vec<R>> {
    let ids: Vec<String> = rows.iter().map(&id).collect();
    let mut present = HashSet::new();
    for chunk in ids.chunks(CHUNK) {
        let found: Vec<String> = match table {
            Table::Taxonomies => with_conn!(&mut *conn, |c| taxonomies::table
                .select(taxonomies::id)
                .filter(taxonomies::id.eq_any(chunk))
                .load(c))?,
            Table::TaxonomyTerms => with_conn!(&mut *conn, |c| taxonomy_terms::table
                .select(taxonomy_terms::id)
                .filter(taxonomy_terms::id.eq_any(chunk))
                .load(c))?,
            Table::Units => with_conn!(&mut *conn, |c| units::table
                .select(units::id)
                .filter(units::id.eq_any(chunk))
                .load(c))?,
        };
        present.extend(found);
    }
    Ok(rows
        .into_iter()
        .filter(|r| !present.contains(&id(r)))
        .collect())
}

/// One row for each child of each record's service, built with the service as owner.
fn service_rows<'a, C: 'a, R>(
    records: &[(&'a ServiceRecord, i64)],
    children: impl Fn(&'a Service) -> &'a [C],
    row: impl Fn(&'a C, Owner<'a>) -> R,
) -> Vec<R> {
    records
        .iter()
        .flat_map(|(r, key)| {
            let owner = Owner {
                id: r.service.id.as_str(),
                key: *key,
            };
            let row = &row;
            children(&r.service).iter().map(move |c| row(c, owner))
        })
        .collect()
}

fn insert_service_children(
    conn: &mut DbConnection,
    records: &[(&ServiceRecord, i64)],
    location_keys: &HashMap<String, i64>,
) -> Result<()> {
    let categories = service_rows(
        records,
        |s| &s.categories,
        |c, service| ServiceCategoryRow::new(service, *c),
    );
    insert_all!(conn, service_categories::table, categories);
    let mut sals = Vec::new();
    for (r, key) in records {
        let service = Owner {
            id: r.service.id.as_str(),
            key: *key,
        };
        for sal in &r.service_at_locations {
            let location_key = *location_keys.get(&sal.location.id).ok_or_else(|| {
                IndexerError::Config(format!("location {} has no key", sal.location.id))
            })?;
            sals.push(ServiceAtLocationRow::new(sal, service, location_key));
        }
    }
    insert_all!(conn, service_at_locations::table, sals);
    let phones = service_rows(
        records,
        |s| &s.phones,
        |p, service| PhoneRow::new(p, Some(service), None),
    );
    insert_all!(conn, phones::table, phones);
    let schedules = service_rows(
        records,
        |s| &s.schedules,
        |x, service| ScheduleRow::new(x, Some(service), None),
    );
    insert_all!(conn, schedules::table, schedules);
    let languages = service_rows(
        records,
        |s| &s.languages,
        |l, service| LanguageRow::new(l, Some(service), None),
    );
    insert_all!(conn, languages::table, languages);
    let areas = service_rows(records, |s| &s.service_areas, ServiceAreaRow::new);
    insert_all!(conn, service_areas::table, areas);
    let attributes = service_rows(records, |s| &s.attributes, AttributeRow::new);
    insert_all!(conn, attributes::table, attributes);
    let costs = service_rows(records, |s| &s.cost_options, CostOptionRow::new);
    insert_all!(conn, cost_options::table, costs);
    let capacities = service_rows(records, |s| &s.capacities, ServiceCapacityRow::new);
    insert_all!(conn, service_capacities::table, capacities);
    Ok(())
}

/// After pruning services: this source's locations and organizations nothing uses.
fn prune_orphans(conn: &mut DbConnection, source: &str) -> Result<()> {
    let used_locations = service_at_locations::table.select(service_at_locations::location_key);
    with_conn!(&mut *conn, |c| diesel::delete(
        locations::table
            .filter(locations::source.eq(source))
            .filter(locations::key.ne_all(used_locations))
    )
    .execute(c))?;
    let used_by_services = services::table.select(services::organization_id);
    let used_by_locations = locations::table
        .select(locations::organization_id.assume_not_null())
        .filter(locations::organization_id.is_not_null());
    with_conn!(&mut *conn, |c| diesel::delete(
        organizations::table
            .filter(organizations::source.eq(source))
            .filter(organizations::id.ne_all(used_by_services))
            .filter(organizations::id.ne_all(used_by_locations))
    )
    .execute(c))?;
    Ok(())
}
