//! Turning a page of rows into HSDS records: the related rows of every record on the page
//! are read with one query per table (in chunks), then grouped by owner.

use std::collections::HashMap;

use diesel::prelude::*;

use super::related::Related;
use super::rows::*;
use super::types::*;
use super::values::{address_type, email_address, web_address};
use super::{CHUNK, Depth};
use crate::error::Result;
use crate::store::DbConnection;
use crate::store::schema::*;
use crate::with_conn;

/// Loads `$row` records whose `$column` is one of `$ids`, grouped by that column, in id
/// order within each group.
macro_rules! grouped {
    ($conn:expr, $table:ident, $column:ident, $ids:expr, $row:ty, $key:expr) => {{
        let mut out: HashMap<String, Vec<$row>> = HashMap::new();
        for chunk in $ids.chunks(CHUNK) {
            let rows: Vec<$row> = with_conn!(&mut *$conn, |c| $table::table
                .filter($table::$column.eq_any(chunk))
                .select(<$row>::as_select())
                .order($table::id)
                .load(c))?;
            for row in rows {
                let key: Option<String> = $key(&row);
                if let Some(key) = key {
                    out.entry(key).or_default().push(row);
                }
            }
        }
        out
    }};
}

pub(super) use grouped;

pub(super) fn take<R, T: From<R>>(map: &mut HashMap<String, Vec<R>>, key: &str) -> Vec<T> {
    map.remove(key)
        .unwrap_or_default()
        .into_iter()
        .map(T::from)
        .collect()
}

/// Organizations by id (list shape).
pub(super) fn organizations_by_id(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, Organization>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<OrganizationRow> = with_conn!(&mut *conn, |c| organizations::table
            .filter(organizations::id.eq_any(chunk))
            .select(OrganizationRow::as_select())
            .load(c))?;
        out.extend(
            rows.into_iter()
                .map(|o| (o.id.clone(), Organization::from(o))),
        );
    }
    Ok(out)
}

/// Locations by id, always with their addresses; with phones, schedules and languages
/// when `Full`.
pub(super) fn locations_by_id(
    conn: &mut DbConnection,
    ids: &[String],
    depth: Depth,
) -> Result<HashMap<String, Location>> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    let mut rows: Vec<LocationRow> = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let mut part: Vec<LocationRow> = with_conn!(&mut *conn, |c| locations::table
            .filter(locations::id.eq_any(chunk))
            .select(LocationRow::as_select())
            .load(c))?;
        rows.append(&mut part);
    }
    let mut addrs = grouped!(
        conn,
        addresses,
        location_id,
        ids,
        AddressRow,
        |r: &AddressRow| { Some(r.location_id.clone()) }
    );
    let full = depth == Depth::Full;
    let (mut phones_by, mut schedules_by, mut languages_by) = if full {
        (
            grouped!(conn, phones, location_id, ids, PhoneRow, |r: &PhoneRow| r
                .location_id
                .clone()),
            grouped!(
                conn,
                schedules,
                location_id,
                ids,
                ScheduleRow,
                |r: &ScheduleRow| r.location_id.clone()
            ),
            grouped!(
                conn,
                languages,
                location_id,
                ids,
                LanguageRow,
                |r: &LanguageRow| r.location_id.clone()
            ),
        )
    } else {
        Default::default()
    };
    Ok(rows
        .into_iter()
        .map(|l| {
            let addresses = addrs
                .remove(&l.id)
                .unwrap_or_default()
                .into_iter()
                .map(|a| Address {
                    address_type: address_type(&a.address_type),
                    id: a.id,
                    location_id: a.location_id,
                    attention: a.attention,
                    address_1: a.address_1,
                    address_2: a.address_2,
                    city: a.city,
                    region: a.region,
                    state_province: a.state_province,
                    postal_code: a.postal_code,
                    country: a.country,
                })
                .collect();
            let location = Location {
                phones: full.then(|| take(&mut phones_by, &l.id)),
                schedules: full.then(|| take(&mut schedules_by, &l.id)),
                languages: full.then(|| take(&mut languages_by, &l.id)),
                addresses,
                id: l.id.clone(),
                location_type: l.location_type,
                url: web_address(l.url),
                organization_id: l.organization_id,
                name: l.name,
                alternate_name: l.alternate_name,
                description: l.description,
                transportation: l.transportation,
                latitude: l.latitude,
                longitude: l.longitude,
            };
            (l.id, location)
        })
        .collect())
}

/// Services as HSDS records, in the order given: with their organization always, and
/// compiled with every related record when `Full` (their service-at-locations then carry
/// the location but not the service again).
pub(super) fn services(
    conn: &mut DbConnection,
    rows: Vec<ServiceRow>,
    depth: Depth,
) -> Result<Vec<Service>> {
    let mut org_ids: Vec<String> = rows.iter().map(|r| r.organization_id.clone()).collect();
    org_ids.sort();
    org_ids.dedup();
    let orgs = organizations_by_id(conn, &org_ids)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut related = if depth == Depth::Full {
        Some(Related::load(conn, &ids)?)
    } else {
        None
    };
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut s = service_of(r, &orgs);
            if let Some(rel) = related.as_mut() {
                rel.attach(&mut s);
            }
            s
        })
        .collect())
}

/// The one-to-one fields of a service, with its organization when known.
pub(super) fn service_of(r: ServiceRow, orgs: &HashMap<String, Organization>) -> Service {
    Service {
        organization: orgs.get(&r.organization_id).cloned().map(Box::new),
        id: r.id,
        organization_id: r.organization_id,
        name: r.name,
        alternate_name: r.alternate_name,
        description: r.description,
        url: web_address(r.url),
        email: email_address(r.email),
        status: r.status,
        interpretation_services: r.interpretation_services,
        application_process: r.application_process,
        fees_description: r.fees_description,
        eligibility_description: r.eligibility_description,
        minimum_age: r.minimum_age,
        maximum_age: r.maximum_age,
        alert: r.alert,
        last_modified: r.updated_at,
        phones: None,
        schedules: None,
        service_areas: None,
        service_at_locations: None,
        languages: None,
        cost_options: None,
        capacities: None,
        attributes: None,
    }
}
