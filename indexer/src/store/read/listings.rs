//! Listings: one service at one place, as the search index holds it. A listing is built
//! from a record the same way whether the record was just parsed (during a load) or read
//! back from the store (rebuild, catch-up): its phones, weekly schedules, cost options,
//! attribute values and how to join it online are put together here, once. A service is
//! listed once per place: its virtual locations are listed only when it has no other
//! place, and otherwise lend their link to its places' listings.

use super::records::records;
use crate::error::Result;
use crate::model::filters::{CostRef, FilterInputs, FilterMap, FilterValues, TermRef};
use crate::model::join::{self, Join};
use crate::model::{
    ListingPhone, Location, Phone, Schedule, ServiceArea, ServiceRecord, phones as phone_rules,
};
use crate::store::DbConnection;

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

/// Listings of the given services (all listings when `None`), ordered by id.
pub fn listings(conn: &mut DbConnection, service_ids: Option<&[String]>) -> Result<Vec<Listing>> {
    let mut out: Vec<Listing> = records(conn, service_ids)?
        .iter()
        .flat_map(|stored| listings_of(&stored.record, &stored.source))
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// "SU@19:30" for each weekday that a weekly schedule opens on, sorted and without
/// repeats: what meeting-time filters search on.
fn weekly_starts(schedules: &[Schedule]) -> Vec<String> {
    let mut out: Vec<String> = schedules
        .iter()
        .filter(|s| {
            s.freq
                .as_deref()
                .is_none_or(|f| f.eq_ignore_ascii_case("WEEKLY"))
        })
        .filter_map(|s| Some((s.byday.as_deref()?, s.opens_at.as_deref()?)))
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

/// A virtual location's (url, description).
type VirtualPlace = (Option<String>, Option<String>);

/// Everything a listing's filters and display are derived from.
struct Parts<'a> {
    location_type: &'a str,
    minimum_age: Option<f64>,
    maximum_age: Option<f64>,
    schedules: Vec<Schedule>,
    phones: Vec<Phone>,
    cost_options: Vec<CostRef<'a>>,
    terms: Vec<TermRef<'a>>,
    fees_description: Option<&'a str>,
    /// (url, description) of each of the service's virtual locations.
    virtual_places: Vec<VirtualPlace>,
}

/// What a listing gets from its parts: phones (see `model::phones`; dial-ins apart) and
/// schedules in a stable order, its filter values and how to join it online.
struct Derived {
    phones: Vec<ListingPhone>,
    schedules: Vec<Schedule>,
    filters: FilterValues,
    join: Option<Join>,
}

/// How to join a service online: its dial-in, and its virtual location's link when it
/// is an event people attend (its schedules say how). `None` when it has neither.
fn join_of(
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

fn derive(mut parts: Parts) -> Derived {
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

/// The listings of one record, just parsed or read back from the store (`listings`).
pub fn listings_of(record: &ServiceRecord, source: &str) -> Vec<Listing> {
    let s = &record.service;
    let mut categories: Vec<String> = s.categories.iter().map(|c| c.slug().to_string()).collect();
    categories.sort();
    let mut languages: Vec<String> = s.languages.iter().filter_map(|l| l.code.clone()).collect();
    languages.sort();
    languages.dedup();
    let nonempty = |v: &str| (!v.is_empty()).then(|| v.to_string());
    let is_virtual = |l: &Location| l.location_type.eq_ignore_ascii_case("virtual");
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
            // The address with the lowest id: the same one whatever order they come in.
            let place = l.addresses.iter().min_by(|a, b| a.id.cmp(&b.id));
            let mut areas: Vec<&ServiceArea> = s.service_areas.iter().collect();
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
                weekly_starts: weekly_starts(&derived.schedules),
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
