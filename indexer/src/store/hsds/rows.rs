//! Row shapes the HSDS reads select, and how each becomes an HSDS object.

use diesel::prelude::*;

use super::types::*;
use super::values::{email_address, phone_extension, schedule_freq, web_address};
use crate::store::schema::*;

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
            email: email_address(o.email),
            website: web_address(o.website),
            services: None,
            locations: None,
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
pub(super) struct LocationRow {
    pub id: String,
    pub organization_id: Option<String>,
    pub location_type: String,
    pub name: Option<String>,
    pub alternate_name: Option<String>,
    pub description: Option<String>,
    pub transportation: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = addresses)]
pub(super) struct AddressRow {
    pub id: String,
    pub location_id: String,
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

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = phones)]
pub(super) struct PhoneRow {
    pub id: String,
    pub service_id: Option<String>,
    pub location_id: Option<String>,
    pub number: String,
    pub extension: Option<String>,
    pub phone_type: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = schedules)]
pub(super) struct ScheduleRow {
    pub id: String,
    pub service_id: Option<String>,
    pub location_id: Option<String>,
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
    pub description: Option<String>,
    pub attending_type: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = languages)]
pub(super) struct LanguageRow {
    pub id: String,
    pub service_id: Option<String>,
    pub location_id: Option<String>,
    pub name: Option<String>,
    pub code: Option<String>,
    pub note: Option<String>,
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
            term_uri: web_address(t.term_uri),
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
            uri: web_address(t.uri),
            version: t.version,
        }
    }
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
