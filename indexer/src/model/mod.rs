//! The listing model: HSDS 3.1 shaped records that every importer produces and the store
//! and search index consume. One `ServiceRecord` is one compiled HSDS service.

pub mod category;
pub mod clean;
pub mod crisis;
pub mod fellowship;
pub mod filters;
pub mod fingerprint;
pub mod fold;
pub mod from_text;
pub mod geography;
pub mod hours;
pub mod ids;
pub mod join;
pub mod keyword;
pub mod meeting_types;
pub mod national;
pub mod phones;
pub mod program;

use serde::Serialize;

pub use category::{Category, CategoryMap};
pub use keyword::Keyword;

/// One compiled service with everything hanging off it, normalised and validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceRecord {
    /// The key the source itself uses for this record (its id or slug), kept for reports.
    pub source_key: String,
    /// Fingerprint of everything below, set once the record is complete; not part of the
    /// fingerprint itself.
    #[serde(skip)]
    pub fingerprint: String,
    pub service: Service,
    pub organization: Organization,
    pub service_at_locations: Vec<ServiceAtLocation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub alternate_name: Option<String>,
    pub description: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub alternate_name: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
    pub email: Option<String>,
    /// HSDS status: active, inactive, defunct or temporarily closed.
    pub status: String,
    pub interpretation_services: Option<String>,
    pub application_process: Option<String>,
    pub fees_description: Option<String>,
    pub eligibility_description: Option<String>,
    pub minimum_age: Option<f64>,
    pub maximum_age: Option<f64>,
    pub alert: Option<String>,
    /// Waypoint's top-level categories, derived from the taxonomy terms.
    pub categories: Vec<Category>,
    pub phones: Vec<Phone>,
    pub schedules: Vec<Schedule>,
    pub service_areas: Vec<ServiceArea>,
    pub languages: Vec<Language>,
    pub cost_options: Vec<CostOption>,
    pub capacities: Vec<ServiceCapacity>,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceAtLocation {
    pub id: String,
    pub description: Option<String>,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    pub id: String,
    pub organization_id: Option<String>,
    /// physical, postal or virtual.
    pub location_type: String,
    pub name: Option<String>,
    pub alternate_name: Option<String>,
    pub description: Option<String>,
    pub transportation: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub url: Option<String>,
    /// IANA time zone the location's hours are given in (a Waypoint addition to HSDS).
    pub time_zone: Option<String>,
    pub addresses: Vec<Address>,
    pub phones: Vec<Phone>,
    pub schedules: Vec<Schedule>,
    pub languages: Vec<Language>,
}

impl Location {
    /// The location's point, when it has one.
    pub fn point(&self) -> Option<geography::Point> {
        Some(geography::Point::lat_lon(self.latitude?, self.longitude?))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Address {
    pub id: String,
    pub attention: Option<String>,
    pub address_1: String,
    pub address_2: Option<String>,
    pub city: String,
    pub region: Option<String>,
    pub state_province: String,
    pub postal_code: String,
    pub country: String,
    pub address_type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Phone {
    pub id: String,
    pub number: String,
    pub extension: Option<String>,
    #[serde(rename = "type")]
    pub phone_type: Option<String>,
    pub description: Option<String>,
}

/// A phone as search results show it (and the index keeps it): the listing's own phones
/// first, then its organization's, without the record ids.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = PhoneRef)]
pub struct ListingPhone {
    pub number: String,
    /// HSDS phone type: `voice`, `text`, `fax`…
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub phone_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Schedule {
    pub id: String,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub dtstart: Option<String>,
    pub until: Option<String>,
    pub freq: Option<String>,
    pub interval: Option<i32>,
    pub byday: Option<String>,
    pub bymonthday: Option<String>,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub time_zone: Option<String>,
    pub description: Option<String>,
    pub attending_type: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceArea {
    pub id: String,
    pub name: Option<String>,
    pub description: Option<String>,
    /// GeoJSON geometry, as text.
    pub extent: Option<String>,
    pub extent_type: Option<String>,
    pub uri: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Language {
    pub id: String,
    pub name: Option<String>,
    /// ISO 639-1 where known.
    pub code: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostOption {
    pub id: String,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub option: Option<String>,
    pub currency: Option<String>,
    pub amount: Option<f64>,
    pub amount_description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub scheme: Option<String>,
    pub identifier: Option<String>,
    pub uri: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceCapacity {
    pub id: String,
    pub unit: Unit,
    pub available: f64,
    pub maximum: Option<f64>,
    pub description: Option<String>,
    pub updated: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaxonomyTerm {
    pub id: String,
    pub code: Option<String>,
    pub name: String,
    pub description: String,
    pub parent_id: Option<String>,
    /// The taxonomy's name, e.g. "Open Eligibility", "Meeting Guide", "SAMHSA".
    pub taxonomy: Option<String>,
    pub language: Option<String>,
    pub term_uri: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribute {
    pub id: String,
    pub link_type: Option<String>,
    pub taxonomy_term: TaxonomyTerm,
    pub value: Option<String>,
    pub label: Option<String>,
}

impl ServiceRecord {
    /// Every taxonomy term the record uses, for category derivation and the terms table.
    pub fn terms(&self) -> impl Iterator<Item = &TaxonomyTerm> {
        self.service.attributes.iter().map(|a| &a.taxonomy_term)
    }
}
