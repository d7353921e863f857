//! The parts of a listing that search results show and filters need — phones, weekly
//! schedules, cost options, attribute values — read from the store in bulk, and put
//! together the same way whether they come from the store or from a record in memory.

use std::collections::HashMap;

use diesel::prelude::*;

use super::DbConnection;
use super::read::{Listing, weekly_starts};
use super::schema::*;
use crate::error::Result;
use crate::model::filters::{CostRef, FilterInputs, FilterMap, FilterValues, TermRef};
use crate::model::{Phone, Schedule};
use crate::with_conn;

pub const CHUNK: usize = 500;

/// A phone as results show it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListingPhone {
    pub number: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub phone_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Everything a listing's filters and display are derived from.
pub struct Parts<'a> {
    pub location_type: &'a str,
    pub minimum_age: Option<f64>,
    pub maximum_age: Option<f64>,
    pub schedules: Vec<Schedule>,
    pub phones: Vec<Phone>,
    pub cost_options: Vec<CostRef<'a>>,
    pub terms: Vec<TermRef<'a>>,
    pub fees_description: Option<&'a str>,
}

/// What a listing gets from its parts: phones and schedules in a stable order (by id),
/// and its filter values.
pub struct Derived {
    pub phones: Vec<ListingPhone>,
    pub schedules: Vec<Schedule>,
    pub filters: FilterValues,
}

pub fn derive(mut parts: Parts) -> Derived {
    parts.schedules.sort_by(|a, b| a.id.cmp(&b.id));
    parts.phones.sort_by(|a, b| a.id.cmp(&b.id));
    let filters = FilterMap::shipped().derive(&FilterInputs {
        terms: parts.terms,
        cost_options: parts.cost_options,
        attending_types: parts
            .schedules
            .iter()
            .filter_map(|s| s.attending_type.as_deref())
            .collect(),
        location_type: parts.location_type,
        minimum_age: parts.minimum_age,
        maximum_age: parts.maximum_age,
        fees_description: parts.fees_description,
    });
    Derived {
        phones: parts
            .phones
            .into_iter()
            .map(|p| ListingPhone {
                number: p.number,
                phone_type: p.phone_type,
                extension: p.extension,
                description: p.description,
            })
            .collect(),
        schedules: parts.schedules,
        filters,
    }
}

type ScheduleTuple = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i32>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Schedules attached to each id through one column (`service_id` or `location_id`).
macro_rules! schedules_by {
    ($conn:expr, $column:ident, $ids:expr) => {{
        let mut by_owner: HashMap<String, Vec<Schedule>> = HashMap::new();
        for chunk in $ids.chunks(CHUNK) {
            let rows: Vec<ScheduleTuple> = with_conn!(&mut *$conn, |c| schedules::table
                .select((
                    schedules::id,
                    schedules::$column,
                    schedules::valid_from,
                    schedules::valid_to,
                    schedules::dtstart,
                    schedules::until,
                    schedules::freq,
                    schedules::interval,
                    schedules::byday,
                    schedules::bymonthday,
                    schedules::opens_at,
                    schedules::closes_at,
                    schedules::time_zone,
                    schedules::description,
                    schedules::attending_type,
                    schedules::notes,
                ))
                .filter(schedules::$column.eq_any(chunk))
                .load(c))?;
            for r in rows {
                by_owner
                    .entry(r.1.unwrap_or_default())
                    .or_default()
                    .push(Schedule {
                        id: r.0,
                        valid_from: r.2,
                        valid_to: r.3,
                        dtstart: r.4,
                        until: r.5,
                        freq: r.6,
                        interval: r.7,
                        byday: r.8,
                        bymonthday: r.9,
                        opens_at: r.10,
                        closes_at: r.11,
                        time_zone: r.12,
                        description: r.13,
                        attending_type: r.14,
                        notes: r.15,
                    });
            }
        }
        by_owner
    }};
}

type PhoneTuple = (
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

macro_rules! phones_by {
    ($conn:expr, $column:ident, $ids:expr) => {{
        let mut by_owner: HashMap<String, Vec<Phone>> = HashMap::new();
        for chunk in $ids.chunks(CHUNK) {
            let rows: Vec<PhoneTuple> = with_conn!(&mut *$conn, |c| phones::table
                .select((
                    phones::id,
                    phones::$column,
                    phones::number,
                    phones::extension,
                    phones::phone_type,
                    phones::description,
                ))
                .filter(phones::$column.eq_any(chunk))
                .load(c))?;
            for (id, owner, number, extension, phone_type, description) in rows {
                by_owner
                    .entry(owner.unwrap_or_default())
                    .or_default()
                    .push(Phone {
                        id,
                        number,
                        extension,
                        phone_type,
                        description,
                    });
            }
        }
        by_owner
    }};
}

pub fn service_schedules(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, Vec<Schedule>>> {
    Ok(schedules_by!(conn, service_id, ids))
}

pub fn location_schedules(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, Vec<Schedule>>> {
    Ok(schedules_by!(conn, location_id, ids))
}

pub fn service_phones(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, Vec<Phone>>> {
    Ok(phones_by!(conn, service_id, ids))
}

pub fn location_phones(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, Vec<Phone>>> {
    Ok(phones_by!(conn, location_id, ids))
}

/// (option, amount, amount description) of each service's cost options.
pub type CostRow = (Option<String>, Option<f64>, Option<String>);

pub fn cost_options(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, Vec<CostRow>>> {
    let mut out: HashMap<String, Vec<CostRow>> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        type Row = (String, Option<String>, Option<f64>, Option<String>);
        let rows: Vec<Row> = with_conn!(&mut *conn, |c| cost_options::table
            .select((
                cost_options::service_id,
                cost_options::option,
                cost_options::amount,
                cost_options::amount_description
            ))
            .filter(cost_options::service_id.eq_any(chunk))
            .load(c))?;
        for (s, option, amount, description) in rows {
            out.entry(s)
                .or_default()
                .push((option, amount, description));
        }
    }
    Ok(out)
}

/// A service's terms: (term id, name, code, taxonomy, attribute value).
pub type TermRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub fn terms(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, Vec<TermRow>>> {
    let mut out: HashMap<String, Vec<TermRow>> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        type Row = (
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = with_conn!(&mut *conn, |c| attributes::table
            .inner_join(taxonomy_terms::table)
            .select((
                attributes::service_id,
                taxonomy_terms::id,
                taxonomy_terms::name,
                taxonomy_terms::code,
                taxonomy_terms::taxonomy,
                attributes::value
            ))
            .filter(attributes::service_id.eq_any(chunk))
            .load(c))?;
        for (s, id, name, code, taxonomy, value) in rows {
            out.entry(s)
                .or_default()
                .push((id, name, code, taxonomy, value));
        }
    }
    Ok(out)
}

/// The listings a record will have once written: the same as `listings` reads back.
pub fn listings_of(record: &crate::model::ServiceRecord, source: &str) -> Vec<Listing> {
    let s = &record.service;
    let mut categories: Vec<String> = s.categories.iter().map(|c| c.slug().to_string()).collect();
    categories.sort();
    let mut languages: Vec<String> = s.languages.iter().filter_map(|l| l.code.clone()).collect();
    languages.sort();
    languages.dedup();
    let nonempty = |v: &str| (!v.is_empty()).then(|| v.to_string());
    record
        .service_at_locations
        .iter()
        .map(|sal| {
            let l = &sal.location;
            // The address with the lowest id, as the store's read picks it.
            let place = l.addresses.iter().min_by(|a, b| a.id.cmp(&b.id));
            let mut areas: Vec<&crate::model::ServiceArea> = s.service_areas.iter().collect();
            areas.sort_by(|a, b| a.id.cmp(&b.id));
            let derived = derive(Parts {
                fees_description: s.fees_description.as_deref(),
                location_type: &l.location_type,
                minimum_age: s.minimum_age,
                maximum_age: s.maximum_age,
                schedules: s.schedules.iter().chain(&l.schedules).cloned().collect(),
                phones: s.phones.iter().chain(&l.phones).cloned().collect(),
                cost_options: s
                    .cost_options
                    .iter()
                    .map(|c| {
                        (
                            c.option.as_deref(),
                            c.amount,
                            c.amount_description.as_deref(),
                        )
                    })
                    .collect(),
                terms: s
                    .attributes
                    .iter()
                    .map(|a| TermRef {
                        taxonomy: a.taxonomy_term.taxonomy.as_deref(),
                        code: a.taxonomy_term.code.as_deref(),
                        value: a.value.as_deref(),
                    })
                    .collect(),
            });
            Listing {
                service_areas: areas.iter().filter_map(|a| a.extent.clone()).collect(),
                weekly_starts: weekly_starts(
                    derived
                        .schedules
                        .iter()
                        .map(|x| (x.freq.as_deref(), x.byday.as_deref(), x.opens_at.as_deref())),
                ),
                url: s.url.clone().or_else(|| l.url.clone()),
                phones: derived.phones,
                schedules: derived.schedules,
                time_zone: l.time_zone.clone(),
                filters: derived.filters,
                term_ids: s
                    .attributes
                    .iter()
                    .map(|a| a.taxonomy_term.id.clone())
                    .collect(),
                id: sal.id.clone(),
                service_id: s.id.clone(),
                organization_id: record.organization.id.clone(),
                location_id: l.id.clone(),
                source: source.to_string(),
                name: s.name.clone(),
                organization_name: record.organization.name.clone(),
                description: s.description.clone(),
                status: s.status.clone(),
                latitude: l.latitude,
                longitude: l.longitude,
                categories: categories.clone(),
                terms: s
                    .attributes
                    .iter()
                    .map(|a| a.taxonomy_term.name.clone())
                    .collect(),
                term_codes: s
                    .attributes
                    .iter()
                    .filter_map(|a| a.taxonomy_term.code.clone())
                    .collect(),
                languages: languages.clone(),
                postal_code: place.and_then(|a| nonempty(&a.postal_code)),
                city: place.and_then(|a| nonempty(&a.city)),
                state: place.and_then(|a| nonempty(&a.state_province)),
            }
        })
        .collect()
}
