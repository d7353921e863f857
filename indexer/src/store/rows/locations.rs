//! Locations, their placed points (for the grid-cell search) and their addresses.

use diesel::prelude::*;

use super::{OrganizationRow, Owner};
use crate::model;
use crate::model::geography::cell_key;
use crate::store::schema::*;

#[derive(
    Debug,
    Clone,
    PartialEq,
    Queryable,
    Selectable,
    Identifiable,
    Associations,
    Insertable,
    AsChangeset,
)]
#[diesel(table_name = locations, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(primary_key(key), belongs_to(OrganizationRow, foreign_key = organization_id))]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct LocationRow {
    pub id: String,
    /// As `ServiceRow::key`.
    pub key: i64,
    pub source: String,
    pub organization_id: Option<String>,
    pub location_type: String,
    pub name: Option<String>,
    pub alternate_name: Option<String>,
    pub description: Option<String>,
    pub transportation: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub url: Option<String>,
    pub time_zone: Option<String>,
    pub content_hash: String,
}

impl LocationRow {
    pub fn new(l: &model::Location, key: i64, source: &str, content_hash: String) -> Self {
        LocationRow {
            id: l.id.clone(),
            key,
            source: source.to_string(),
            organization_id: l.organization_id.clone(),
            location_type: l.location_type.clone(),
            name: l.name.clone(),
            alternate_name: l.alternate_name.clone(),
            description: l.description.clone(),
            transportation: l.transportation.clone(),
            latitude: l.latitude,
            longitude: l.longitude,
            url: l.url.clone(),
            time_zone: l.time_zone.clone(),
            content_hash,
        }
    }
}

/// A placed location's point and grid cell; written with the location, read only by the
/// geographic queries.
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = location_points)]
pub struct LocationPointRow {
    pub location_id: String,
    pub location_key: i64,
    pub latitude: f64,
    pub longitude: f64,
    pub cell_key: i64,
}

impl LocationPointRow {
    /// The location's point, when it has one.
    pub fn of(l: &model::Location, key: i64) -> Option<Self> {
        let point = l.point()?;
        Some(LocationPointRow {
            location_id: l.id.clone(),
            location_key: key,
            latitude: point.lat(),
            longitude: point.lon(),
            cell_key: cell_key(point),
        })
    }
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = addresses, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(LocationRow, foreign_key = location_key))]
#[diesel(treat_none_as_default_value = false)]
pub struct AddressRow {
    pub id: String,
    pub location_id: String,
    pub location_key: i64,
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

impl AddressRow {
    pub fn new(a: &model::Address, location: Owner) -> Self {
        AddressRow {
            id: a.id.clone(),
            location_id: location.id.to_string(),
            location_key: location.key,
            attention: a.attention.clone(),
            address_1: a.address_1.clone(),
            address_2: a.address_2.clone(),
            city: a.city.clone(),
            region: a.region.clone(),
            state_province: a.state_province.clone(),
            postal_code: a.postal_code.clone(),
            country: a.country.clone(),
            address_type: a.address_type.clone(),
        }
    }
}

impl From<AddressRow> for model::Address {
    fn from(a: AddressRow) -> Self {
        model::Address {
            id: a.id,
            attention: a.attention,
            address_1: a.address_1,
            address_2: a.address_2,
            city: a.city,
            region: a.region,
            state_province: a.state_province,
            postal_code: a.postal_code,
            country: a.country,
            address_type: a.address_type,
        }
    }
}
