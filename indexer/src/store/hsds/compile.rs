//! Turning a page of rows into HSDS records: the related rows of every record on the page
//! are read with one query per table (in chunks), then grouped by owner.

use std::collections::HashMap;

use diesel::prelude::*;

use super::types::*;
use super::{CHUNK, Depth};
use crate::error::Result;
use crate::store::DbConnection;
use crate::store::schema::*;
use crate::with_conn;

/// The services columns the HSDS records use.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = services)]
pub(super) struct ServiceRow {
    pub id: String,
    pub organization_id: String,
    pub name: String,
    pub alternate_name: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
    pub email: Option<String>,
    pub status: String,
    pub interpretation_services: Option<String>,
    pub application_process: Option<String>,
    pub fees_description: Option<String>,
    pub eligibility_description: Option<String>,
    pub minimum_age: Option<f64>,
    pub maximum_age: Option<f64>,
    pub alert: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organizations)]
pub(super) struct OrganizationRow {
    pub id: String,
    pub name: String,
    pub alternate_name: Option<String>,
    pub description: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

impl From<OrganizationRow> for Organization {
    fn from(o: OrganizationRow) -> Organization {
        Organization {
            id: o.id,
            name: o.name,
            alternate_name: o.alternate_name,
            description: o.description.unwrap_or_default(),
            email: o.email,
            website: o.website,
            services: None,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = service_at_locations)]
pub(super) struct SalRow {
    pub id: String,
    pub service_id: String,
    pub location_id: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = locations)]
struct LocationRow {
    id: String,
    organization_id: Option<String>,
    location_type: String,
    name: Option<String>,
    alternate_name: Option<String>,
    description: Option<String>,
    transportation: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    url: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = addresses)]
struct AddressRow {
    id: String,
    location_id: String,
    attention: Option<String>,
    address_1: String,
    address_2: Option<String>,
    city: String,
    region: Option<String>,
    state_province: String,
    postal_code: String,
    country: String,
    address_type: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = phones)]
struct PhoneRow {
    id: String,
    service_id: Option<String>,
    location_id: Option<String>,
    number: String,
    extension: Option<String>,
    phone_type: Option<String>,
    description: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = schedules)]
struct ScheduleRow {
    id: String,
    service_id: Option<String>,
    location_id: Option<String>,
    valid_from: Option<String>,
    valid_to: Option<String>,
    dtstart: Option<String>,
    until: Option<String>,
    freq: Option<String>,
    interval: Option<i32>,
    byday: Option<String>,
    bymonthday: Option<String>,
    opens_at: Option<String>,
    closes_at: Option<String>,
    description: Option<String>,
    attending_type: Option<String>,
    notes: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = languages)]
struct LanguageRow {
    id: String,
    service_id: Option<String>,
    location_id: Option<String>,
    name: Option<String>,
    code: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = taxonomy_terms)]
pub(super) struct TermRow {
    pub id: String,
    pub code: Option<String>,
    pub name: String,
    pub description: String,
    pub parent_id: Option<String>,
    pub taxonomy: Option<String>,
    pub taxonomy_id: Option<String>,
    pub language: Option<String>,
    pub term_uri: Option<String>,
}

impl From<TermRow> for TaxonomyTerm {
    fn from(t: TermRow) -> TaxonomyTerm {
        TaxonomyTerm {
            id: t.id,
            code: t.code,
            name: t.name,
            description: t.description,
            parent_id: t.parent_id,
            taxonomy: t.taxonomy,
            taxonomy_id: t.taxonomy_id,
            language: t.language,
            term_uri: t.term_uri,
            taxonomy_detail: None,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = taxonomies)]
pub(super) struct TaxonomyRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub uri: Option<String>,
    pub version: Option<String>,
}

impl From<TaxonomyRow> for Taxonomy {
    fn from(t: TaxonomyRow) -> Taxonomy {
        Taxonomy {
            id: t.id,
            name: t.name,
            description: t.description,
            uri: t.uri,
            version: t.version,
        }
    }
}

/// HSDS types a phone extension as a number: digits become one, and anything else (or
/// digits with a leading zero, which a number would lose) is kept in the description.
pub fn phone_extension(
    extension: Option<&str>,
    description: Option<String>,
) -> (Option<f64>, Option<String>) {
    let Some(ext) = extension.map(str::trim).filter(|e| !e.is_empty()) else {
        return (None, description);
    };
    let digits = ext.chars().all(|c| c.is_ascii_digit());
    if digits && (ext.len() == 1 || !ext.starts_with('0')) && ext.len() <= 15 {
        if let Ok(n) = ext.parse::<f64>() {
            return (Some(n), description);
        }
    }
    let told = format!("extension {ext}");
    let description = match description {
        Some(d) if !d.is_empty() => format!("{d} ({told})"),
        _ => told,
    };
    (None, Some(description))
}

/// HSDS knows only WEEKLY and MONTHLY recurrences; another value is left out rather than
/// sent invalid (the description and hours still say when).
pub fn schedule_freq(freq: Option<String>) -> Option<String> {
    freq.map(|f| f.trim().to_ascii_uppercase())
        .filter(|f| f == "WEEKLY" || f == "MONTHLY")
}

/// HSDS address types are physical, postal or virtual; "mailing" means postal and anything
/// unknown is taken as physical, as the importers do.
pub fn address_type(value: &str) -> String {
    match value.trim().to_ascii_lowercase().as_str() {
        "postal" | "mailing" | "mail" => "postal",
        "virtual" => "virtual",
        _ => "physical",
    }
    .to_string()
}

impl From<PhoneRow> for Phone {
    fn from(p: PhoneRow) -> Phone {
        let (extension, description) = phone_extension(p.extension.as_deref(), p.description);
        Phone {
            id: p.id,
            service_id: p.service_id,
            location_id: p.location_id,
            number: p.number,
            extension,
            phone_type: p.phone_type,
            description,
        }
    }
}

impl From<ScheduleRow> for Schedule {
    fn from(s: ScheduleRow) -> Schedule {
        Schedule {
            id: s.id,
            service_id: s.service_id,
            location_id: s.location_id,
            valid_from: s.valid_from,
            valid_to: s.valid_to,
            dtstart: s.dtstart,
            until: s.until,
            freq: schedule_freq(s.freq),
            interval: s.interval,
            byday: s.byday,
            bymonthday: s.bymonthday,
            opens_at: s.opens_at,
            closes_at: s.closes_at,
            description: s.description,
            attending_type: s.attending_type,
            notes: s.notes,
        }
    }
}

impl From<LanguageRow> for Language {
    fn from(l: LanguageRow) -> Language {
        Language {
            id: l.id,
            service_id: l.service_id,
            location_id: l.location_id,
            name: l.name,
            code: l.code,
            note: l.note,
        }
    }
}

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
        out.extend(rows.into_iter().map(|o| (o.id.clone(), Organization::from(o))));
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
    let mut addrs = grouped!(conn, addresses, location_id, ids, AddressRow, |r: &AddressRow| {
        Some(r.location_id.clone())
    });
    let full = depth == Depth::Full;
    let (mut phones_by, mut schedules_by, mut languages_by) = if full {
        (
            grouped!(conn, phones, location_id, ids, PhoneRow, |r: &PhoneRow| r
                .location_id
                .clone()),
            grouped!(conn, schedules, location_id, ids, ScheduleRow, |r: &ScheduleRow| r
                .location_id
                .clone()),
            grouped!(conn, languages, location_id, ids, LanguageRow, |r: &LanguageRow| r
                .location_id
                .clone()),
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
                url: l.url,
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
        url: r.url,
        email: r.email,
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

type CapacityRow = (
    String,
    String,
    String,
    f64,
    Option<f64>,
    Option<String>,
    String,
    (String, String, Option<String>, Option<String>, Option<String>),
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
        let schedules = grouped!(conn, schedules, service_id, ids, ScheduleRow, |r: &ScheduleRow| r
            .service_id
            .clone());
        let languages = grouped!(conn, languages, service_id, ids, LanguageRow, |r: &LanguageRow| r
            .service_id
            .clone());
        let mut areas: HashMap<String, Vec<ServiceArea>> = HashMap::new();
        let mut costs: HashMap<String, Vec<CostOption>> = HashMap::new();
        let mut capacities: HashMap<String, Vec<ServiceCapacity>> = HashMap::new();
        let mut attributes_by: HashMap<String, Vec<Attribute>> = HashMap::new();
        let mut sal_rows: Vec<SalRow> = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            let rows: Vec<(
                String,
                String,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
            )> = with_conn!(&mut *conn, |c| service_areas::table
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
                areas.entry(service_id.clone()).or_default().push(ServiceArea {
                    id,
                    service_id,
                    name,
                    description,
                    extent,
                    extent_type,
                    uri,
                });
            }
            let rows: Vec<(
                String,
                String,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<f64>,
                Option<String>,
            )> = with_conn!(&mut *conn, |c| cost_options::table
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
            for (id, service_id, valid_from, valid_to, option, currency, amount, amount_description) in
                rows
            {
                costs.entry(service_id.clone()).or_default().push(CostOption {
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
                            uri,
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
                attributes_by.entry(service_id).or_default().push(Attribute {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_numbers_or_told_in_the_description() {
        assert_eq!(phone_extension(Some("123"), None), (Some(123.0), None));
        assert_eq!(
            phone_extension(Some("0123"), Some("Front desk".into())),
            (None, Some("Front desk (extension 0123)".into()))
        );
        assert_eq!(
            phone_extension(Some("ext. 4"), None),
            (None, Some("extension ext. 4".into()))
        );
        assert_eq!(phone_extension(Some("  "), None), (None, None));
    }

    #[test]
    fn only_hsds_recurrences_and_address_types_are_sent() {
        assert_eq!(schedule_freq(Some("weekly".into())), Some("WEEKLY".into()));
        assert_eq!(schedule_freq(Some("DAILY".into())), None);
        assert_eq!(address_type("Mailing"), "postal");
        assert_eq!(address_type("virtual"), "virtual");
        assert_eq!(address_type("street"), "physical");
    }
}
