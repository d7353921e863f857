//! Reading listings back: flat listings for the search index, the change sequence, and
//! counts for `stats`.

use std::collections::{BTreeMap, HashMap};

use diesel::prelude::*;
use serde::Serialize;

use super::DbConnection;
use super::schema::*;
use crate::error::Result;
use crate::with_conn;

use super::listing_parts::{self as parts, CHUNK};
pub use super::listing_parts::{ListingPhone, listings_of};
use crate::model::Schedule;
use crate::model::filters::{FilterValues, TermRef};
use crate::model::join::Join;

/// One service at one location, with what the search index needs of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub id: String,
    pub service_id: String,
    pub organization_id: String,
    pub location_id: String,
    pub source: String,
    pub name: String,
    pub organization_name: String,
    pub description: Option<String>,
    pub status: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub categories: Vec<String>,
    pub terms: Vec<String>,
    pub term_codes: Vec<String>,
    pub term_ids: Vec<String>,
    pub languages: Vec<String>,
    /// "SU@19:30" for each weekday a weekly schedule opens on (see `weekly_starts`).
    pub weekly_starts: Vec<String>,
    /// GeoJSON extents of the service's areas (a county, a state, the country).
    pub service_areas: Vec<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    /// The street address (first and second line).
    pub address_1: Option<String>,
    pub address_2: Option<String>,
    /// The location's name ("St. Luke's Church Hall").
    pub location_name: Option<String>,
    /// How to join it online or by phone (a meeting's own link and dial-in).
    pub join: Option<Join>,
    /// The service's web address, else the location's.
    pub url: Option<String>,
    /// The service's phones, then the location's, by id.
    pub phones: Vec<ListingPhone>,
    /// Schedules of the service and of the location, by id.
    pub schedules: Vec<Schedule>,
    /// The location's IANA time zone.
    pub time_zone: Option<String>,
    /// Filter values derived from terms, cost options, schedules and ages.
    pub filters: FilterValues,
}

type ListingRow = (
    (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        String,
        Option<f64>,
        Option<f64>,
    ),
    (
        Option<String>,
        Option<f64>,
        Option<f64>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    ),
    (Option<String>, Option<String>),
);

/// An address as listings show it: ZIP, city, state, street lines.
type Place = (String, String, String, String, Option<String>);

/// Listings of the given services (all listings when `None`), ordered by id.
pub fn listings(conn: &mut DbConnection, service_ids: Option<&[String]>) -> Result<Vec<Listing>> {
    let mut rows: Vec<ListingRow> = Vec::new();
    let base = || {
        service_at_locations::table
            .inner_join(services::table.inner_join(organizations::table))
            .inner_join(locations::table)
            .select((
                (
                    service_at_locations::id,
                    services::id,
                    organizations::id,
                    locations::id,
                    services::source,
                    services::name,
                    organizations::name,
                    services::description,
                    services::status,
                    locations::latitude,
                    locations::longitude,
                ),
                (
                    services::url,
                    services::minimum_age,
                    services::maximum_age,
                    locations::location_type,
                    locations::time_zone,
                    locations::url,
                    services::fees_description,
                ),
                (locations::name, locations::description),
            ))
    };
    match service_ids {
        None => rows = with_conn!(&mut *conn, |c| base().load(c))?,
        Some(ids) => {
            for chunk in ids.chunks(CHUNK) {
                let mut part: Vec<ListingRow> = with_conn!(&mut *conn, |c| base()
                    .filter(services::id.eq_any(chunk))
                    .load(c))?;
                rows.append(&mut part);
            }
        }
    }
    let service_ids: Vec<String> = rows.iter().map(|r| r.0.1.clone()).collect();
    let location_ids: Vec<String> = rows.iter().map(|r| r.0.3.clone()).collect();
    let mut categories: HashMap<String, Vec<String>> = HashMap::new();
    let mut langs: HashMap<String, Vec<String>> = HashMap::new();
    let mut places: HashMap<String, Place> = HashMap::new();
    for chunk in service_ids.chunks(CHUNK) {
        let cats: Vec<(String, String)> = with_conn!(&mut *conn, |c| service_categories::table
            .select((service_categories::service_id, service_categories::category))
            .filter(service_categories::service_id.eq_any(chunk))
            .load(c))?;
        for (s, cat) in cats {
            categories.entry(s).or_default().push(cat);
        }
        let ls: Vec<(Option<String>, Option<String>)> =
            with_conn!(&mut *conn, |c| languages::table
                .select((languages::service_id, languages::code))
                .filter(languages::service_id.eq_any(chunk))
                .load(c))?;
        for (s, code) in ls {
            if let (Some(s), Some(code)) = (s, code) {
                langs.entry(s).or_default().push(code);
            }
        }
    }
    let terms = parts::terms(conn, &service_ids)?;
    let costs = parts::cost_options(conn, &service_ids)?;
    let service_schedules = parts::service_schedules(conn, &service_ids)?;
    let location_schedules = parts::location_schedules(conn, &location_ids)?;
    let service_phones = parts::service_phones(conn, &service_ids)?;
    let location_phones = parts::location_phones(conn, &location_ids)?;
    let mut areas: HashMap<String, Vec<String>> = HashMap::new();
    for chunk in service_ids.chunks(CHUNK) {
        let rows: Vec<(String, Option<String>)> = with_conn!(&mut *conn, |c| service_areas::table
            .select((service_areas::service_id, service_areas::extent))
            .filter(service_areas::service_id.eq_any(chunk))
            .order(service_areas::id)
            .load(c))?;
        for (service, extent) in rows {
            areas.entry(service).or_default().extend(extent);
        }
    }
    for chunk in location_ids.chunks(CHUNK) {
        let addrs: Vec<(String, String, String, String, String, Option<String>)> =
            with_conn!(&mut *conn, |c| addresses::table
                .select((
                    addresses::location_id,
                    addresses::postal_code,
                    addresses::city,
                    addresses::state_province,
                    addresses::address_1,
                    addresses::address_2
                ))
                .filter(addresses::location_id.eq_any(chunk))
                .order(addresses::id)
                .load(c))?;
        for (l, zip, city, state, line1, line2) in addrs {
            places.entry(l).or_insert((zip, city, state, line1, line2));
        }
    }
    // Each service's virtual locations (their links), and whether it has another place.
    let mut virtual_places: HashMap<String, Vec<parts::VirtualPlace>> = HashMap::new();
    let mut has_place: std::collections::HashSet<String> = Default::default();
    for ((_, service_id, ..), (_, _, _, location_type, _, url, _), (_, description)) in &rows {
        if location_type.eq_ignore_ascii_case("virtual") {
            virtual_places
                .entry(service_id.clone())
                .or_default()
                .push((url.clone(), description.clone()));
        } else {
            has_place.insert(service_id.clone());
        }
    }
    let none = Vec::new();
    let mut out: Vec<Listing> = rows
        .into_iter()
        .filter(|(a, b, _)| parts::is_listed(&b.3, has_place.contains(&a.1)))
        .map(
            |(
                (
                    id,
                    service_id,
                    organization_id,
                    location_id,
                    source,
                    name,
                    organization_name,
                    description,
                    status,
                    latitude,
                    longitude,
                ),
                (
                    service_url,
                    minimum_age,
                    maximum_age,
                    location_type,
                    time_zone,
                    location_url,
                    fees_description,
                ),
                (location_name, _),
            )| {
                let mut cats = categories.get(&service_id).cloned().unwrap_or_default();
                cats.sort();
                let t = terms.get(&service_id).unwrap_or(&none);
                let mut languages = langs.get(&service_id).cloned().unwrap_or_default();
                languages.sort();
                languages.dedup();
                let place = places.get(&location_id).cloned();
                let nonempty = |s: String| (!s.is_empty()).then_some(s);
                let mut schedules = own(&service_schedules, &service_id);
                schedules.extend(own(&location_schedules, &location_id));
                let mut phones = own(&service_phones, &service_id);
                phones.extend(own(&location_phones, &location_id));
                let cost_rows = costs.get(&service_id).map(Vec::as_slice).unwrap_or(&[]);
                let derived = parts::derive(parts::Parts {
                    fees_description: fees_description.as_deref(),
                    location_type: &location_type,
                    minimum_age,
                    maximum_age,
                    schedules,
                    phones,
                    cost_options: cost_rows
                        .iter()
                        .map(|(o, a, d)| (o.as_deref(), *a, d.as_deref()))
                        .collect(),
                    terms: t
                        .iter()
                        .map(|(_, _, code, taxonomy, value)| TermRef {
                            taxonomy: taxonomy.as_deref(),
                            code: code.as_deref(),
                            value: value.as_deref(),
                        })
                        .collect(),
                    virtual_places: virtual_places.get(&service_id).cloned().unwrap_or_default(),
                });
                Listing {
                    id,
                    organization_id,
                    location_id,
                    source,
                    name,
                    organization_name,
                    description,
                    status,
                    latitude,
                    longitude,
                    categories: cats,
                    terms: t.iter().map(|r| r.1.clone()).collect(),
                    term_codes: t.iter().filter_map(|r| r.2.clone()).collect(),
                    term_ids: t.iter().map(|r| r.0.clone()).collect(),
                    languages,
                    weekly_starts: weekly_starts(
                        derived.schedules.iter().map(|x| {
                            (x.freq.as_deref(), x.byday.as_deref(), x.opens_at.as_deref())
                        }),
                    ),
                    service_areas: areas.get(&service_id).cloned().unwrap_or_default(),
                    postal_code: place.as_ref().and_then(|p| nonempty(p.0.clone())),
                    city: place.as_ref().and_then(|p| nonempty(p.1.clone())),
                    state: place.as_ref().and_then(|p| nonempty(p.2.clone())),
                    address_1: place.as_ref().and_then(|p| nonempty(p.3.clone())),
                    address_2: place.and_then(|p| p.4.and_then(nonempty)),
                    location_name,
                    join: derived.join,
                    service_id,
                    url: service_url.or(location_url),
                    phones: derived.phones,
                    schedules: derived.schedules,
                    time_zone,
                    filters: derived.filters,
                }
            },
        )
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// "SU@19:30" for each weekday that a weekly schedule (freq, byday, opens_at) opens on,
/// sorted and without repeats: what meeting-time filters search on.
pub fn weekly_starts<'a>(
    schedules: impl Iterator<Item = (Option<&'a str>, Option<&'a str>, Option<&'a str>)>,
) -> Vec<String> {
    let mut out: Vec<String> = schedules
        .filter(|(freq, _, _)| freq.is_none_or(|f| f.eq_ignore_ascii_case("WEEKLY")))
        .filter_map(|(_, byday, opens)| Some((byday?, opens?)))
        .flat_map(|(byday, opens)| {
            byday
                .split(',')
                .map(str::trim)
                .filter(|d| d.len() == 2)
                .map(move |d| format!("{}@{opens}", d.to_ascii_uppercase()))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The newest change sequence number (0 for an empty store).
pub fn last_change(conn: &mut DbConnection) -> Result<i64> {
    let seq: Option<i64> = with_conn!(&mut *conn, |c| listing_changes::table
        .select(diesel::dsl::max(listing_changes::seq))
        .first(c))?;
    Ok(seq.unwrap_or(0))
}

/// Services changed after `seq`, and the newest seq seen.
pub fn changes_since(conn: &mut DbConnection, seq: i64) -> Result<(Vec<String>, i64)> {
    let rows: Vec<(i64, String)> = with_conn!(&mut *conn, |c| listing_changes::table
        .select((listing_changes::seq, listing_changes::service_id))
        .filter(listing_changes::seq.gt(seq))
        .order(listing_changes::seq)
        .load(c))?;
    let last = rows.last().map(|r| r.0).unwrap_or(seq);
    let mut ids: Vec<String> = rows.into_iter().map(|r| r.1).collect();
    ids.sort();
    ids.dedup();
    Ok((ids, last))
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SourceCounts {
    pub format: String,
    pub loaded_at: String,
    pub services: i64,
    pub service_at_locations: i64,
    pub organizations: i64,
    pub locations: i64,
    pub skipped_last_load: i64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct StoreCounts {
    pub tables: BTreeMap<String, i64>,
    pub sources: BTreeMap<String, SourceCounts>,
    pub categories: BTreeMap<String, i64>,
}

macro_rules! count {
    ($conn:expr, $table:ident) => {
        with_conn!(&mut *$conn, |c| $table::table.count().get_result::<i64>(c))?
    };
}

/// Row counts per table, per source and per category.
pub fn counts(conn: &mut DbConnection) -> Result<StoreCounts> {
    let mut tables = BTreeMap::new();
    tables.insert("organizations".into(), count!(conn, organizations));
    tables.insert("services".into(), count!(conn, services));
    tables.insert(
        "service_categories".into(),
        count!(conn, service_categories),
    );
    tables.insert("locations".into(), count!(conn, locations));
    tables.insert("location_points".into(), count!(conn, location_points));
    tables.insert("addresses".into(), count!(conn, addresses));
    tables.insert(
        "service_at_locations".into(),
        count!(conn, service_at_locations),
    );
    tables.insert("phones".into(), count!(conn, phones));
    tables.insert("schedules".into(), count!(conn, schedules));
    tables.insert("service_areas".into(), count!(conn, service_areas));
    tables.insert("languages".into(), count!(conn, languages));
    tables.insert("taxonomies".into(), count!(conn, taxonomies));
    tables.insert("taxonomy_terms".into(), count!(conn, taxonomy_terms));
    tables.insert("attributes".into(), count!(conn, attributes));
    tables.insert("cost_options".into(), count!(conn, cost_options));
    tables.insert("units".into(), count!(conn, units));
    tables.insert(
        "service_capacities".into(),
        count!(conn, service_capacities),
    );

    let source_rows: Vec<(String, String, String, i32)> =
        with_conn!(&mut *conn, |c| sources::table
            .select((
                sources::name,
                sources::format,
                sources::loaded_at,
                sources::records_skipped
            ))
            .load(c))?;
    let mut sources_out = BTreeMap::new();
    for (name, format, loaded_at, skipped) in source_rows {
        let services_n = with_conn!(&mut *conn, |c| services::table
            .filter(services::source.eq(&name))
            .count()
            .get_result::<i64>(c))?;
        let sal_n = with_conn!(&mut *conn, |c| service_at_locations::table
            .inner_join(services::table)
            .filter(services::source.eq(&name))
            .count()
            .get_result::<i64>(c))?;
        let orgs_n = with_conn!(&mut *conn, |c| organizations::table
            .filter(organizations::source.eq(&name))
            .count()
            .get_result::<i64>(c))?;
        let locs_n = with_conn!(&mut *conn, |c| locations::table
            .filter(locations::source.eq(&name))
            .count()
            .get_result::<i64>(c))?;
        sources_out.insert(
            name,
            SourceCounts {
                format,
                loaded_at,
                services: services_n,
                service_at_locations: sal_n,
                organizations: orgs_n,
                locations: locs_n,
                skipped_last_load: skipped as i64,
            },
        );
    }
    let cats: Vec<(String, i64)> = with_conn!(&mut *conn, |c| service_categories::table
        .group_by(service_categories::category)
        .select((service_categories::category, diesel::dsl::count_star()))
        .load(c))?;
    Ok(StoreCounts {
        tables,
        sources: sources_out,
        categories: cats.into_iter().collect(),
    })
}

/// Services at locations in the store as the search index holds them: a virtual location
/// of a service that also has another place is not listed (see `listing_parts::is_listed`).
pub fn listing_count(conn: &mut DbConnection) -> Result<i64> {
    let rows: Vec<(String, String)> = with_conn!(&mut *conn, |c| service_at_locations::table
        .inner_join(locations::table)
        .select((service_at_locations::service_id, locations::location_type))
        .load(c))?;
    let placed: std::collections::HashSet<&str> = rows
        .iter()
        .filter(|(_, t)| !t.eq_ignore_ascii_case("virtual"))
        .map(|(s, _)| s.as_str())
        .collect();
    Ok(rows
        .iter()
        .filter(|(s, t)| parts::is_listed(t, placed.contains(s.as_str())))
        .count() as i64)
}

/// The rows attached to a key, or none.
fn own<T: Clone>(map: &HashMap<String, Vec<T>>, key: &str) -> Vec<T> {
    map.get(key).cloned().unwrap_or_default()
}
