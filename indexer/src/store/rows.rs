//! Row shapes for inserts and updates, built from the model.

use diesel::prelude::*;

use super::schema::*;
use crate::model;
use crate::model::fold::{fold, fold_opt};

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = organizations, treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct OrganizationRow<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub name: &'a str,
    pub alternate_name: Option<&'a str>,
    pub description: Option<&'a str>,
    pub email: Option<&'a str>,
    pub website: Option<&'a str>,
    pub content_hash: String,
    /// `name` and `description` folded for `/hsds` `search=` (see `model::fold`).
    pub name_folded: String,
    pub description_folded: Option<String>,
}

impl<'a> OrganizationRow<'a> {
    pub fn new(o: &'a model::Organization, source: &'a str, content_hash: String) -> Self {
        OrganizationRow {
            id: &o.id,
            source,
            name: &o.name,
            alternate_name: o.alternate_name.as_deref(),
            description: o.description.as_deref(),
            email: o.email.as_deref(),
            website: o.website.as_deref(),
            content_hash,
            name_folded: fold(&o.name),
            description_folded: fold_opt(o.description.as_deref()),
        }
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = services, treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct ServiceRow<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub source_key: &'a str,
    pub organization_id: &'a str,
    pub name: &'a str,
    pub alternate_name: Option<&'a str>,
    pub description: Option<&'a str>,
    pub url: Option<&'a str>,
    pub email: Option<&'a str>,
    pub status: &'a str,
    pub interpretation_services: Option<&'a str>,
    pub application_process: Option<&'a str>,
    pub fees_description: Option<&'a str>,
    pub eligibility_description: Option<&'a str>,
    pub minimum_age: Option<f64>,
    pub maximum_age: Option<f64>,
    pub alert: Option<&'a str>,
    pub content_hash: &'a str,
    pub updated_at: &'a str,
    /// `name` and `description` folded for `/hsds` `search=` (see `model::fold`).
    pub name_folded: String,
    pub description_folded: Option<String>,
}

impl<'a> ServiceRow<'a> {
    pub fn new(
        r: &'a model::ServiceRecord,
        source: &'a str,
        content_hash: &'a str,
        updated_at: &'a str,
    ) -> Self {
        let s = &r.service;
        ServiceRow {
            id: &s.id,
            source,
            source_key: &r.source_key,
            organization_id: &r.organization.id,
            name: &s.name,
            alternate_name: s.alternate_name.as_deref(),
            description: s.description.as_deref(),
            url: s.url.as_deref(),
            email: s.email.as_deref(),
            status: &s.status,
            interpretation_services: s.interpretation_services.as_deref(),
            application_process: s.application_process.as_deref(),
            fees_description: s.fees_description.as_deref(),
            eligibility_description: s.eligibility_description.as_deref(),
            minimum_age: s.minimum_age,
            maximum_age: s.maximum_age,
            alert: s.alert.as_deref(),
            content_hash,
            updated_at,
            name_folded: fold(&s.name),
            description_folded: fold_opt(s.description.as_deref()),
        }
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = locations, treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct LocationRow<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub organization_id: Option<&'a str>,
    pub location_type: &'a str,
    pub name: Option<&'a str>,
    pub alternate_name: Option<&'a str>,
    pub description: Option<&'a str>,
    pub transportation: Option<&'a str>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub url: Option<&'a str>,
    pub time_zone: Option<&'a str>,
    pub content_hash: String,
}

impl<'a> LocationRow<'a> {
    pub fn new(l: &'a model::Location, source: &'a str, content_hash: String) -> Self {
        LocationRow {
            id: &l.id,
            source,
            organization_id: l.organization_id.as_deref(),
            location_type: &l.location_type,
            name: l.name.as_deref(),
            alternate_name: l.alternate_name.as_deref(),
            description: l.description.as_deref(),
            transportation: l.transportation.as_deref(),
            latitude: l.latitude,
            longitude: l.longitude,
            url: l.url.as_deref(),
            time_zone: l.time_zone.as_deref(),
            content_hash,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = location_points)]
pub struct LocationPointRow<'a> {
    pub location_id: &'a str,
    pub latitude: f64,
    pub longitude: f64,
    pub cell_key: i64,
}

#[derive(Insertable)]
#[diesel(table_name = addresses, treat_none_as_default_value = false)]
pub struct AddressRow<'a> {
    pub id: &'a str,
    pub location_id: &'a str,
    pub attention: Option<&'a str>,
    pub address_1: &'a str,
    pub address_2: Option<&'a str>,
    pub city: &'a str,
    pub region: Option<&'a str>,
    pub state_province: &'a str,
    pub postal_code: &'a str,
    pub country: &'a str,
    pub address_type: &'a str,
}

impl<'a> AddressRow<'a> {
    pub fn new(a: &'a model::Address, location_id: &'a str) -> Self {
        AddressRow {
            id: &a.id,
            location_id,
            attention: a.attention.as_deref(),
            address_1: &a.address_1,
            address_2: a.address_2.as_deref(),
            city: &a.city,
            region: a.region.as_deref(),
            state_province: &a.state_province,
            postal_code: &a.postal_code,
            country: &a.country,
            address_type: &a.address_type,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = service_at_locations, treat_none_as_default_value = false)]
pub struct ServiceAtLocationRow<'a> {
    pub id: &'a str,
    pub service_id: &'a str,
    pub location_id: &'a str,
    pub description: Option<&'a str>,
}

#[derive(Insertable)]
#[diesel(table_name = service_categories)]
pub struct ServiceCategoryRow<'a> {
    pub service_id: &'a str,
    pub category: &'static str,
}

#[derive(Insertable)]
#[diesel(table_name = phones, treat_none_as_default_value = false)]
pub struct PhoneRow<'a> {
    pub id: &'a str,
    pub service_id: Option<&'a str>,
    pub location_id: Option<&'a str>,
    pub number: &'a str,
    pub extension: Option<&'a str>,
    pub phone_type: Option<&'a str>,
    pub description: Option<&'a str>,
}

impl<'a> PhoneRow<'a> {
    pub fn new(
        p: &'a model::Phone,
        service_id: Option<&'a str>,
        location_id: Option<&'a str>,
    ) -> Self {
        PhoneRow {
            id: &p.id,
            service_id,
            location_id,
            number: &p.number,
            extension: p.extension.as_deref(),
            phone_type: p.phone_type.as_deref(),
            description: p.description.as_deref(),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = schedules, treat_none_as_default_value = false)]
pub struct ScheduleRow<'a> {
    pub id: &'a str,
    pub service_id: Option<&'a str>,
    pub location_id: Option<&'a str>,
    pub valid_from: Option<&'a str>,
    pub valid_to: Option<&'a str>,
    pub dtstart: Option<&'a str>,
    pub until: Option<&'a str>,
    pub freq: Option<&'a str>,
    pub interval: Option<i32>,
    pub byday: Option<&'a str>,
    pub bymonthday: Option<&'a str>,
    pub opens_at: Option<&'a str>,
    pub closes_at: Option<&'a str>,
    pub time_zone: Option<&'a str>,
    pub description: Option<&'a str>,
    pub attending_type: Option<&'a str>,
    pub notes: Option<&'a str>,
}

impl<'a> ScheduleRow<'a> {
    pub fn new(
        s: &'a model::Schedule,
        service_id: Option<&'a str>,
        location_id: Option<&'a str>,
    ) -> Self {
        ScheduleRow {
            id: &s.id,
            service_id,
            location_id,
            valid_from: s.valid_from.as_deref(),
            valid_to: s.valid_to.as_deref(),
            dtstart: s.dtstart.as_deref(),
            until: s.until.as_deref(),
            freq: s.freq.as_deref(),
            interval: s.interval,
            byday: s.byday.as_deref(),
            bymonthday: s.bymonthday.as_deref(),
            opens_at: s.opens_at.as_deref(),
            closes_at: s.closes_at.as_deref(),
            time_zone: s.time_zone.as_deref(),
            description: s.description.as_deref(),
            attending_type: s.attending_type.as_deref(),
            notes: s.notes.as_deref(),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = service_areas, treat_none_as_default_value = false)]
pub struct ServiceAreaRow<'a> {
    pub id: &'a str,
    pub service_id: &'a str,
    pub name: Option<&'a str>,
    pub description: Option<&'a str>,
    pub extent: Option<&'a str>,
    pub extent_type: Option<&'a str>,
    pub uri: Option<&'a str>,
    /// The extent's box (`store::geo::area_bounds`).
    pub min_latitude: Option<f64>,
    pub min_longitude: Option<f64>,
    pub max_latitude: Option<f64>,
    pub max_longitude: Option<f64>,
}

#[derive(Insertable)]
#[diesel(table_name = languages, treat_none_as_default_value = false)]
pub struct LanguageRow<'a> {
    pub id: &'a str,
    pub service_id: Option<&'a str>,
    pub location_id: Option<&'a str>,
    pub name: Option<&'a str>,
    pub code: Option<&'a str>,
    pub note: Option<&'a str>,
}

impl<'a> LanguageRow<'a> {
    pub fn new(
        l: &'a model::Language,
        service_id: Option<&'a str>,
        location_id: Option<&'a str>,
    ) -> Self {
        LanguageRow {
            id: &l.id,
            service_id,
            location_id,
            name: l.name.as_deref(),
            code: l.code.as_deref(),
            note: l.note.as_deref(),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = taxonomies, treat_none_as_default_value = false)]
pub struct TaxonomyRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub uri: Option<String>,
    pub version: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = taxonomy_terms, treat_none_as_default_value = false)]
pub struct TaxonomyTermRow<'a> {
    pub id: &'a str,
    pub code: Option<&'a str>,
    pub name: &'a str,
    pub description: &'a str,
    pub parent_id: Option<&'a str>,
    pub taxonomy: Option<&'a str>,
    pub taxonomy_id: Option<String>,
    pub language: Option<&'a str>,
    pub term_uri: Option<&'a str>,
}

#[derive(Insertable)]
#[diesel(table_name = attributes, treat_none_as_default_value = false)]
pub struct AttributeRow<'a> {
    pub id: &'a str,
    pub service_id: &'a str,
    pub link_id: &'a str,
    pub link_type: Option<&'a str>,
    pub link_entity: &'static str,
    pub taxonomy_term_id: &'a str,
    pub value: Option<&'a str>,
    pub label: Option<&'a str>,
}

#[derive(Insertable)]
#[diesel(table_name = cost_options, treat_none_as_default_value = false)]
pub struct CostOptionRow<'a> {
    pub id: &'a str,
    pub service_id: &'a str,
    pub valid_from: Option<&'a str>,
    pub valid_to: Option<&'a str>,
    pub option: Option<&'a str>,
    pub currency: Option<&'a str>,
    pub amount: Option<f64>,
    pub amount_description: Option<&'a str>,
}

#[derive(Insertable)]
#[diesel(table_name = units, treat_none_as_default_value = false)]
pub struct UnitRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub scheme: Option<&'a str>,
    pub identifier: Option<&'a str>,
    pub uri: Option<&'a str>,
}

#[derive(Insertable)]
#[diesel(table_name = service_capacities, treat_none_as_default_value = false)]
pub struct ServiceCapacityRow<'a> {
    pub id: &'a str,
    pub service_id: &'a str,
    pub unit_id: &'a str,
    pub available: f64,
    pub maximum: Option<f64>,
    pub description: Option<&'a str>,
    pub updated: &'a str,
}

#[derive(Insertable)]
#[diesel(table_name = listing_changes)]
pub struct ListingChangeRow<'a> {
    pub service_id: &'a str,
    pub change: &'static str,
    pub changed_at: &'a str,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = sources)]
pub struct SourceRow<'a> {
    pub name: &'a str,
    pub format: &'a str,
    pub paths: String,
    pub loaded_at: &'a str,
    pub records_loaded: i32,
    pub records_skipped: i32,
}
