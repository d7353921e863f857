//! One search result as answered: the listing, its place, how to take part, its hours,
//! why it matched, and its program's capacity.

use serde::Serialize;
use utoipa::ToSchema;
use waypoint_indexer::index::ScheduleEntry;
use waypoint_indexer::model::ListingPhone;
use waypoint_indexer::model::join::Join;
use waypoint_indexer::search::Hit;

use crate::capacity::Capacity;

#[derive(Serialize, ToSchema)]
pub struct SearchItem {
    /// The service-at-location id.
    pub id: String,
    pub name: String,
    pub service: ServiceRef,
    /// Every service this result stands for: listings with the same name at the same
    /// place (a meeting listed once per day it meets) are one result; this one's first.
    pub service_ids: Vec<String>,
    pub organization: Named,
    pub location: LocationRef,
    pub categories: Vec<String>,
    /// ISO 639-1 codes of the languages the service is offered in.
    pub languages: Vec<String>,
    /// Distance from the searched point, in km; absent for online-only listings, which
    /// have no place to go to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// How people take part: any of `in_person`, `online`, `hybrid` (a hybrid listing
    /// lists all three).
    pub attendance: Vec<String>,
    /// How to join online or by phone: the meeting's own link and dial-in, as its feed
    /// gives them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join: Option<Join>,
    /// A meeting's fellowship (`aa`, `al-anon`, `na`…), as the `fellowship` filter takes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fellowship: Option<String>,
    /// A meeting's types, as the `meeting_type` filter takes them (`open`, `women`…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub meeting_types: Vec<String>,
    /// Medications for opioid use disorder offered, as `moud` takes them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub medications: Vec<String>,
    /// Ways to pay accepted, as `accepts` takes them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub payment: Vec<String>,
    /// Why it matched: `service_area` (its area holds the point, wherever its office is),
    /// `online` (an online-only meeting whose group is near the point: it has no distance),
    /// `text`, `location` or `filter`.
    #[serde(rename = "match")]
    #[schema(schema_with = crate::keywords::match_reason)]
    pub match_reason: &'static str,
    pub phones: Vec<ListingPhone>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Weekly hours as the source gives them (times are local to `time_zone`).
    pub schedule: Vec<ScheduleEntry>,
    /// The IANA time zone of the hours, when hours are known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Whether it is open now (or at `open_at`); absent when its hours are unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_now: Option<bool>,
    /// When it next opens after now (or `open_at`), in its own zone; absent when hours are
    /// unknown or it is always open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_opening: Option<String>,
    /// The program's last capacity report (beds, slots), when it has reported one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Capacity>,
}

#[derive(Serialize, ToSchema)]
pub struct ServiceRef {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub status: String,
}

#[derive(Serialize, ToSchema)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct LocationRef {
    pub id: String,
    /// The place's name ("St. Luke's Church Hall").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub address: AddressRef,
}

#[derive(Serialize, ToSchema)]
pub struct AddressRef {
    /// Street address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_2: Option<String>,
    pub city: Option<String>,
    pub state_province: Option<String>,
    pub postal_code: Option<String>,
}

/// The answer for one hit; `has_text`: the search had words, so a hit found neither by
/// place nor by area matched by them.
pub fn item(h: Hit, has_text: bool, capacity: Option<Capacity>) -> SearchItem {
    let match_reason = if h.by_service_area {
        "service_area"
    } else if h.online_only && h.latitude.is_some() {
        "online"
    } else if has_text {
        "text"
    } else if h.distance_km.is_some() {
        "location"
    } else {
        "filter"
    };
    let d = h.details;
    SearchItem {
        id: h.id,
        name: h.name.clone(),
        service_ids: h.service_ids,
        service: ServiceRef {
            id: h.service_id,
            name: h.name,
            description: h.description,
            status: h.status,
        },
        organization: Named {
            id: h.organization_id,
            name: h.organization_name,
        },
        location: LocationRef {
            id: h.location_id,
            name: d.location_name,
            latitude: h.latitude,
            longitude: h.longitude,
            address: AddressRef {
                address_1: d.address_1,
                address_2: d.address_2,
                city: h.city,
                state_province: h.state,
                postal_code: h.postal_code,
            },
        },
        categories: h.categories,
        languages: h.languages,
        distance_km: h.distance_km,
        attendance: d.attendance,
        join: d.join,
        fellowship: d.fellowship,
        meeting_types: d.meeting_types,
        medications: d.medications,
        payment: d.payment,
        match_reason,
        phones: d.phones,
        url: d.url,
        schedule: d.schedule,
        time_zone: h.time_zone,
        open_now: h.open_now,
        next_opening: h.next_opening,
        capacity,
    }
}
