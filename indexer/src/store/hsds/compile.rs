//! Turning a page of rows into HSDS records: the related rows of every record on the page
//! are read with one query per table (in chunks), then grouped by owner.

use std::collections::HashMap;

use diesel::prelude::*;

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

fn take<R, T: From<R>>(map: &mut HashMap<String, Vec<R>>, key: &str) -> Vec<T> {
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

/// Everything that hangs off a set of services, grouped by service id.
struct Related {
    phones: HashMap<String, Vec<PhoneRow>>,
    schedules: HashMap<String, Vec<ScheduleRow>>,
    languages: HashMap<String, Vec<LanguageRow>>,
    areas: HashMap<String, Vec<ServiceArea>>,
    costs: HashMap<String, Vec<CostOption>>,
    capacities: HashMap<String, Vec<ServiceCapacity>>,
    attributes: HashMap<String, Vec<Attribute>>,
    sals: HashMap<String, Vec<ServiceAtLocation>>,
}

type AreaRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

type CostRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<f64>,
    Option<String>,
);

type CapacityRow = (
    String,
    String,
    String,
    f64,
    Option<f64>,
    Option<String>,
    String,
    (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    ),
);

type AttributeRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    TermRow,
);

impl Related {
    fn load(conn: &mut DbConnection, ids: &[String]) -> Result<Related> {
        let phones = grouped!(conn, phones, service_id, ids, PhoneRow, |r: &PhoneRow| r
            .service_id
            .clone());
        let schedules = grouped!(
            conn,
            schedules,
            service_id,
            ids,
            ScheduleRow,
            |r: &ScheduleRow| r.service_id.clone()
        );
        let languages = grouped!(
            conn,
            languages,
            service_id,
            ids,
            LanguageRow,
            |r: &LanguageRow| r.service_id.clone()
        );
        let mut areas: HashMap<String, Vec<ServiceArea>> = HashMap::new();
        let mut costs: HashMap<String, Vec<CostOption>> = HashMap::new();
        let mut capacities: HashMap<String, Vec<ServiceCapacity>> = HashMap::new();
        let mut attributes_by: HashMap<String, Vec<Attribute>> = HashMap::new();
        let mut sal_rows: Vec<SalRow> = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            let rows: Vec<AreaRow> = with_conn!(&mut *conn, |c| service_areas::table
                .filter(service_areas::service_id.eq_any(chunk))
                .select((
                    service_areas::id,
                    service_areas::service_id,
                    service_areas::name,
                    service_areas::description,
                    service_areas::extent,
                    service_areas::extent_type,
                    service_areas::uri,
                ))
                .order(service_areas::id)
                .load(c))?;
            for (id, service_id, name, description, extent, extent_type, uri) in rows {
                areas
                    .entry(service_id.clone())
                    .or_default()
                    .push(ServiceArea {
                        id,
                        service_id,
                        name,
                        description,
                        extent,
                        extent_type,
                        uri: web_address(uri),
                    });
            }
            let rows: Vec<CostRow> = with_conn!(&mut *conn, |c| cost_options::table
                .filter(cost_options::service_id.eq_any(chunk))
                .select((
                    cost_options::id,
                    cost_options::service_id,
                    cost_options::valid_from,
                    cost_options::valid_to,
                    cost_options::option,
                    cost_options::currency,
                    cost_options::amount,
                    cost_options::amount_description,
                ))
                .order(cost_options::id)
                .load(c))?;
            for (
                id,
                service_id,
                valid_from,
                valid_to,
                option,
                currency,
                amount,
                amount_description,
            ) in rows
            {
                costs
                    .entry(service_id.clone())
                    .or_default()
                    .push(CostOption {
                        id,
                        service_id,
                        valid_from,
                        valid_to,
                        option,
                        currency,
                        amount,
                        amount_description,
                    });
            }
            let rows: Vec<CapacityRow> = with_conn!(&mut *conn, |c| service_capacities::table
                .inner_join(units::table)
                .filter(service_capacities::service_id.eq_any(chunk))
                .select((
                    service_capacities::id,
                    service_capacities::service_id,
                    service_capacities::unit_id,
                    service_capacities::available,
                    service_capacities::maximum,
                    service_capacities::description,
                    service_capacities::updated,
                    (
                        units::id,
                        units::name,
                        units::scheme,
                        units::identifier,
                        units::uri,
                    ),
                ))
                .order(service_capacities::id)
                .load(c))?;
            for (id, service_id, unit_id, available, maximum, description, updated, unit) in rows {
                let (uid, name, scheme, identifier, uri) = unit;
                capacities
                    .entry(service_id.clone())
                    .or_default()
                    .push(ServiceCapacity {
                        id,
                        service_id,
                        unit_id,
                        unit: Unit {
                            id: uid,
                            name,
                            scheme,
                            identifier,
                            uri: web_address(uri),
                        },
                        available,
                        maximum,
                        description,
                        updated,
                    });
            }
            let rows: Vec<AttributeRow> = with_conn!(&mut *conn, |c| attributes::table
                .inner_join(taxonomy_terms::table)
                .filter(attributes::service_id.eq_any(chunk))
                .select((
                    attributes::id,
                    attributes::service_id,
                    attributes::link_id,
                    attributes::link_entity,
                    attributes::link_type,
                    attributes::taxonomy_term_id,
                    attributes::value,
                    attributes::label,
                    TermRow::as_select(),
                ))
                .order(attributes::id)
                .load(c))?;
            for (id, service_id, link_id, link_entity, link_type, term_id, value, label, term) in
                rows
            {
                attributes_by
                    .entry(service_id)
                    .or_default()
                    .push(Attribute {
                        id,
                        link_id,
                        link_entity,
                        link_type,
                        taxonomy_term_id: term_id,
                        taxonomy_term: term.into(),
                        value,
                        label,
                    });
            }
            let mut part: Vec<SalRow> = with_conn!(&mut *conn, |c| service_at_locations::table
                .filter(service_at_locations::service_id.eq_any(chunk))
                .select(SalRow::as_select())
                .order(service_at_locations::id)
                .load(c))?;
            sal_rows.append(&mut part);
        }
        let location_ids: Vec<String> = sal_rows.iter().map(|s| s.location_id.clone()).collect();
        let places = locations_by_id(conn, &location_ids, Depth::Full)?;
        let mut sals: HashMap<String, Vec<ServiceAtLocation>> = HashMap::new();
        for s in sal_rows {
            sals.entry(s.service_id.clone())
                .or_default()
                .push(ServiceAtLocation {
                    location: places.get(&s.location_id).cloned(),
                    id: s.id,
                    service_id: s.service_id,
                    location_id: s.location_id,
                    description: s.description,
                    service: None,
                });
        }
        Ok(Related {
            phones,
            schedules,
            languages,
            areas,
            costs,
            capacities,
            attributes: attributes_by,
            sals,
        })
    }

    fn attach(&mut self, s: &mut Service) {
        let id = s.id.clone();
        s.phones = Some(take(&mut self.phones, &id));
        s.schedules = Some(take(&mut self.schedules, &id));
        s.languages = Some(take(&mut self.languages, &id));
        s.service_areas = Some(self.areas.remove(&id).unwrap_or_default());
        s.cost_options = Some(self.costs.remove(&id).unwrap_or_default());
        s.capacities = Some(self.capacities.remove(&id).unwrap_or_default());
        s.attributes = Some(self.attributes.remove(&id).unwrap_or_default());
        s.service_at_locations = Some(self.sals.remove(&id).unwrap_or_default());
    }
}
