//! The HSDS 3.1 compiled records the generator writes, as structs: their fields are
//! written in this order whatever serde_json's features, so the same records are the same
//! bytes with any build. Absent fields are left out.

use serde::Serialize;

#[derive(Serialize)]
pub struct Service {
    pub id: String,
    pub organization_id: String,
    pub name: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interpretation_services: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_process: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fees_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_age: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_age: Option<u32>,
    pub organization: Organization,
    pub phones: Vec<Phone>,
    pub schedules: Vec<Schedule>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub service_areas: Vec<ServiceArea>,
    pub languages: Vec<Language>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cost_options: Vec<CostOption>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub capacities: Vec<Capacity>,
    pub attributes: Vec<Attribute>,
    pub service_at_locations: Vec<ServiceAtLocation>,
}

#[derive(Serialize, Clone)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct Phone {
    pub id: String,
    pub number: String,
    #[serde(rename = "type")]
    pub phone_type: &'static str,
    pub description: String,
}

#[derive(Serialize, Clone)]
pub struct Schedule {
    pub id: String,
    pub freq: &'static str,
    pub interval: u32,
    pub byday: String,
    pub opens_at: String,
    pub closes_at: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attending_type: Option<&'static str>,
}

#[derive(Serialize, Clone)]
pub struct ServiceArea {
    pub id: String,
    pub name: String,
    pub description: String,
    /// A GeoJSON Polygon, as a string (HSDS 3.1's `extent` is a string).
    pub extent: String,
    pub extent_type: &'static str,
}

#[derive(Serialize, Clone)]
pub struct Language {
    pub id: String,
    pub name: &'static str,
    /// ISO 639-1.
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct CostOption {
    pub id: String,
    pub option: String,
    pub currency: &'static str,
    pub amount: u32,
    pub amount_description: String,
}

#[derive(Serialize, Clone)]
pub struct Capacity {
    pub id: String,
    pub unit: Unit,
    pub available: u32,
    pub maximum: u32,
    pub description: String,
    pub updated: String,
}

#[derive(Serialize, Clone)]
pub struct Unit {
    pub id: String,
    pub name: &'static str,
}

#[derive(Serialize, Clone)]
pub struct Attribute {
    pub id: String,
    pub link_id: String,
    pub link_type: &'static str,
    pub link_entity: &'static str,
    pub taxonomy_term_id: String,
    pub taxonomy_term: TaxonomyTerm,
}

#[derive(Serialize, Clone)]
pub struct TaxonomyTerm {
    pub id: String,
    pub code: String,
    pub name: String,
    pub description: String,
    pub taxonomy: &'static str,
}

#[derive(Serialize, Clone)]
pub struct ServiceAtLocation {
    pub id: String,
    pub service_id: String,
    pub location_id: String,
    pub location: Location,
}

#[derive(Serialize, Clone)]
pub struct Location {
    pub id: String,
    pub location_type: &'static str,
    pub organization_id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
}

#[derive(Serialize, Clone)]
pub struct Address {
    pub id: String,
    pub location_id: String,
    pub address_1: String,
    pub city: String,
    pub state_province: String,
    pub postal_code: String,
    pub country: &'static str,
    pub address_type: &'static str,
}
