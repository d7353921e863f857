//! The parts of a listing that search results show and filters need — phones, weekly
//! schedules, cost options, attribute values, how to join online — read from the store in
//! bulk, and put together the same way whether they come from the store or from a record
//! in memory. A service is listed once per place: its virtual locations are listed only
//! when it has no other place, and otherwise lend their link to its places' listings.

use std::collections::HashMap;

use diesel::prelude::*;

use super::DbConnection;
use super::read::{Listing, weekly_starts};
use super::schema::*;
use crate::error::Result;
use crate::model::filters::{CostRef, FilterInputs, FilterMap, FilterValues, TermRef};
use crate::model::join::{self, Join};
use crate::model::{Phone, Schedule, phones as phone_rules};
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

/// A virtual location's (url, description).
pub type VirtualPlace = (Option<String>, Option<String>);

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
    /// (url, description) of each of the service's virtual locations.
    pub virtual_places: Vec<VirtualPlace>,
}

/// What a listing gets from its parts: phones (see `model::phones`; dial-ins apart) and
/// schedules in a stable order, its filter values and how to join it online.
pub struct Derived {
    pub phones: Vec<ListingPhone>,
    pub schedules: Vec<Schedule>,
    pub filters: FilterValues,
    pub join: Option<Join>,
}

/// How to join a service online: its dial-in, and its virtual location's link when it
/// is an event people attend (its schedules say how). `None` when it has neither.
pub fn join_of(
    dial_ins: &[Phone],
    virtual_places: &[VirtualPlace],
    schedules: &[Schedule],
) -> Option<Join> {
    let place = virtual_places.iter().find(|(url, _)| url.is_some());
    let event = schedules.iter().any(|s| s.attending_type.is_some());
    let dial = dial_ins.first();
    if dial.is_none() && !(event && place.is_some()) {
        return None;
    }
    let (meeting_id, passcode, phone_notes) = dial
        .and_then(|d| d.description.as_deref())
        .map(join::read_description)
        .unwrap_or_default();
    Some(Join {
        url: place.and_then(|p| p.0.clone()),
        phone: dial.map(|d| d.number.clone()),
        meeting_id,
        passcode,
        notes: place.and_then(|p| p.1.clone()).or(phone_notes),
    })
}

/// Whether a service-at-location is listed: a virtual one only when the service has no
/// other place.
pub fn is_listed(location_type: &str, service_has_place: bool) -> bool {
    !(location_type.eq_ignore_ascii_case("virtual") && service_has_place)
}

pub fn derive(mut parts: Parts) -> Derived {
    parts.schedules.sort_by(|a, b| a.id.cmp(&b.id));
    parts.phones.sort_by(|a, b| a.id.cmp(&b.id));
    let (dial_ins, others): (Vec<Phone>, Vec<Phone>) = parts
        .phones
        .into_iter()
        .partition(|p| join::is_dial_in(p.description.as_deref()));
    let join = join_of(&dial_ins, &parts.virtual_places, &parts.schedules);
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
        phones: phone_rules::for_listing(others)
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
        join,
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
    let is_virtual = |l: &crate::model::Location| l.location_type.eq_ignore_ascii_case("virtual");
    let has_place = record
        .service_at_locations
        .iter()
        .any(|sal| !is_virtual(&sal.location));
    let virtual_places: Vec<VirtualPlace> = record
        .service_at_locations
        .iter()
        .filter(|sal| is_virtual(&sal.location))
        .map(|sal| (sal.location.url.clone(), sal.location.description.clone()))
        .collect();
    record
        .service_at_locations
        .iter()
        .filter(|sal| is_listed(&sal.location.location_type, has_place))
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
                virtual_places: virtual_places.clone(),
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
                address_1: place.and_then(|a| nonempty(&a.address_1)),
                address_2: place.and_then(|a| a.address_2.as_deref().and_then(nonempty)),
                location_name: l.name.clone(),
                join: derived.join,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dial_in(description: &str) -> Phone {
        Phone {
            id: "p".into(),
            number: "+16465588656".into(),
            extension: None,
            phone_type: Some("voice".into()),
            description: Some(description.into()),
        }
    }

    fn weekly(attending: Option<&str>) -> Schedule {
        Schedule {
            attending_type: attending.map(str::to_string),
            ..Default::default()
        }
    }

    #[test]
    fn an_event_s_virtual_link_and_dial_in_make_its_join() {
        let places = vec![(Some("https://zoom.example.org/j/1".to_string()), None)];
        let join = join_of(
            &[dial_in("Join by phone, meeting ID 850, passcode 12")],
            &places,
            &[weekly(Some("hybrid"))],
        )
        .unwrap();
        assert_eq!(join.url.as_deref(), Some("https://zoom.example.org/j/1"));
        assert_eq!(join.phone.as_deref(), Some("+16465588656"));
        assert_eq!(
            (join.meeting_id.as_deref(), join.passcode.as_deref()),
            (Some("850"), Some("12"))
        );
        // A helpline's virtual location is its website, not something to join.
        assert_eq!(join_of(&[], &places, &[weekly(None)]), None);
        assert_eq!(join_of(&[], &[], &[weekly(Some("online"))]), None);
    }

    #[test]
    fn a_virtual_place_is_listed_only_when_there_is_no_other() {
        assert!(is_listed("physical", true));
        assert!(is_listed("virtual", false));
        assert!(!is_listed("virtual", true));
    }

    #[test]
    fn dial_ins_leave_the_phones_for_the_join_and_fax_goes_last() {
        let mut fax = dial_in("Fax");
        fax.number = "410-555-0199".into();
        fax.id = "a".into();
        let d = derive(Parts {
            fees_description: None,
            location_type: "physical",
            minimum_age: None,
            maximum_age: None,
            schedules: vec![weekly(Some("online"))],
            phones: vec![fax, dial_in("Join by phone")],
            cost_options: Vec::new(),
            terms: Vec::new(),
            virtual_places: Vec::new(),
        });
        assert_eq!(d.phones.len(), 1);
        assert_eq!(d.phones[0].phone_type.as_deref(), Some("fax"));
        assert_eq!(d.join.unwrap().phone.as_deref(), Some("+16465588656"));
    }
}
